/**
 * When the app locks (issue #12 item 4): the newest `device-policy` pulled from the server, or the
 * defaults (5 minutes without a touch, 1 minute in the background) before an admin set one.
 */
import { DEFAULT_DEVICE_POLICY, DEVICE_POLICY_ARTIFACT_ID, type DevicePolicyArtifact, type DevicePolicyValues } from '../core/encryption';
import type { LotseDatabase } from './db';
import { artifactRows } from './artifact-rows';

export async function devicePolicy(db: LotseDatabase): Promise<DevicePolicyValues> {
  const rows = await artifactRows(db, 'device-policy', DEVICE_POLICY_ARTIFACT_ID);
  const newest = rows.filter((row) => !row.retired && row.check === 'valid').sort((a, b) => b.version - a.version)[0];
  if (!newest) return DEFAULT_DEVICE_POLICY;
  const body = newest.body as unknown as DevicePolicyArtifact;
  return { inactivityMinutes: body.inactivityMinutes, hiddenMinutes: body.hiddenMinutes };
}
