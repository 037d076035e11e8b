/**
 * The payload hash, apart from the record's schemas (record.ts): the tablet computes it when it
 * completes an interview, and that path should not build zod schemas it does not use.
 */
import { sha256Hex } from '../consent/index';
import { canonicalJson } from '../sync/index';

/** The hash the device puts in `payloadSha256`: SHA-256 of the payload's canonical JSON. */
export function payloadHash(payload: unknown): string {
  return sha256Hex(canonicalJson(payload));
}
