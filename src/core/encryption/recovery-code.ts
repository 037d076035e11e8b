/**
 * The recovery procedure without the server learning the key (issue #12 item 4).
 *
 * 1. The locked tablet (`createRecoveryRequest`) makes a fresh ephemeral ECDH P-256 key pair T and
 *    shows a request: its recovery-wrapped data key and T's public point (text, copied to the
 *    admin). T's private half stays in the tablet's memory while the recovery screen is open.
 * 2. The admin (`npm run lotse -- recovery-key unlock`, with the printed recovery private key R)
 *    unwraps the data key K from the request (`unwrapWithRecovery`) and answers with a one-time
 *    code (`answerRecoveryRequest`): K XOR HKDF-SHA-256(ECDH(R, T), salt = T ‖ R_pub,
 *    info = "lotse recovery code v1"), plus a 2-byte checksum against typos — 34 bytes, 55
 *    characters of Crockford base32 in groups of five, read out or typed.
 * 3. The tablet (`redeemRecoveryCode`) derives the same pad with ECDH(T, R_pub) and gets K back;
 *    the keyring checks K against its key-check envelope before trusting it (a wrong code changes
 *    nothing), and the interviewer sets a new secret.
 *
 * Who sees what: the server stores only the recovery *public* key and never sees the request's
 * private half or R; the code alone (overheard on the phone) is K masked by a pad only R's or T's
 * holder can make, and it is useless once the tablet's recovery screen is closed (T is gone).
 */
import { concatBytes, equalBytes, fromBase64Url, fromUtf8, toBase64Url, utf8 } from './bytes';
import { DATA_KEY_BYTES } from './data-key';
import { CryptoError } from './errors';
import { fromBase32, parseRecoveryPrivateKey, parseRecoveryPublicKey, parseRecoveryWrappedKey, toBase32, unwrapWithRecovery, type RecoveryWrappedKey } from './recovery';

const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;
const INFO = utf8('lotse recovery code v1');
const CHECK_BYTES = 2;
const REQUEST_PREFIX = 'LOTSE-RECOVERY-1:';

export interface RecoveryRequest {
  /** What the tablet shows: `LOTSE-RECOVERY-1:` and base64url of JSON `{wrap, t}`. */
  text: string;
  /** Kept in memory by the tablet until the code arrives. */
  ephemeral: CryptoKeyPair;
  wrap: RecoveryWrappedKey;
}

export async function createRecoveryRequest(wrap: unknown): Promise<RecoveryRequest> {
  const parsed = parseRecoveryWrappedKey(wrap);
  const ephemeral = (await crypto.subtle.generateKey(CURVE, false, ['deriveBits'])) as CryptoKeyPair;
  const point = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const text = REQUEST_PREFIX + toBase64Url(utf8(JSON.stringify({ wrap: parsed, t: toBase64Url(point) })));
  return { text, ephemeral, wrap: parsed };
}

export function parseRecoveryRequest(text: string): { wrap: RecoveryWrappedKey; t: Uint8Array<ArrayBuffer> } {
  const compact = String(text).replace(/\s+/g, '');
  if (!compact.startsWith(REQUEST_PREFIX)) throw new CryptoError('malformed', `a recovery request starts with ${REQUEST_PREFIX}`);
  let body: { wrap?: unknown; t?: unknown };
  try {
    body = JSON.parse(fromUtf8(fromBase64Url(compact.slice(REQUEST_PREFIX.length), 'the recovery request'))) as typeof body;
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    throw new CryptoError('malformed', 'the recovery request is cut or altered');
  }
  const t = fromBase64Url(String(body.t), 'the tablet key');
  if (t.length !== 65) throw new CryptoError('malformed', 'the tablet key in the request has the wrong length');
  return { wrap: parseRecoveryWrappedKey(body.wrap), t };
}

async function pad(shared: ArrayBuffer, t: Uint8Array<ArrayBuffer>, recoveryPoint: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const base = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: concatBytes(t, recoveryPoint), info: INFO }, base, DATA_KEY_BYTES * 8));
}

async function checksum(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)).subarray(0, CHECK_BYTES);
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(a, (byte, i) => byte ^ b[i]!);
}

/** The admin's side: the one-time code for a request, with the printed private key and the published recovery key. */
export async function answerRecoveryRequest(requestText: string, privateKeyText: string, recoveryKey: unknown): Promise<string> {
  const { wrap, t } = parseRecoveryRequest(requestText);
  const material = await unwrapWithRecovery(wrap, privateKeyText, recoveryKey);
  const { point } = await parseRecoveryPublicKey(recoveryKey);
  const scalar = await parseRecoveryPrivateKey(privateKeyText);
  try {
    const privateKey = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', d: toBase64Url(scalar), x: toBase64Url(point.subarray(1, 33)), y: toBase64Url(point.subarray(33, 65)), ext: false }, CURVE, false, ['deriveBits']);
    const tablet = await crypto.subtle.importKey('raw', t, CURVE, false, []).catch(() => {
      throw new CryptoError('malformed', 'the tablet key in the request is not a point on P-256');
    });
    const masked = xor(material.raw, await pad(await crypto.subtle.deriveBits({ name: 'ECDH', public: tablet }, privateKey, 256), t, point));
    const code = toBase32(concatBytes(masked, await checksum(masked)));
    return code.match(/.{1,5}/g)!.join('-');
  } finally {
    scalar.fill(0);
    material.raw.fill(0);
  }
}

/** The tablet's side: the data key's raw bytes from the code. `malformed` for a typo (checksum); a wrong code gives a key the keyring's check refuses. */
export async function redeemRecoveryCode(code: string, request: Pick<RecoveryRequest, 'ephemeral' | 'text'>, recoveryKey: unknown): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = fromBase32(String(code).replace(/[\s-]/g, ''), 'the recovery code');
  if (bytes.length !== DATA_KEY_BYTES + CHECK_BYTES) throw new CryptoError('malformed', `the recovery code has ${bytes.length} bytes, not ${DATA_KEY_BYTES + CHECK_BYTES}: a character missing or extra?`);
  const masked = bytes.slice(0, DATA_KEY_BYTES);
  if (!equalBytes(await checksum(masked), bytes.subarray(DATA_KEY_BYTES))) throw new CryptoError('malformed', 'the recovery code has a typo (its checksum does not match)');
  const { t } = parseRecoveryRequest(request.text);
  const { key, point } = await parseRecoveryPublicKey(recoveryKey);
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: key }, request.ephemeral.privateKey, 256);
  return xor(masked, await pad(shared, t, point));
}
