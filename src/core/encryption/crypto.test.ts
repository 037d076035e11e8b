import { describe, expect, it } from 'vitest';
import {
  CryptoError,
  createDataKeyMaterial,
  createRecoveryKeyPair,
  DEFAULT_ARGON2ID,
  envelopeKeyId,
  formatRecoveryPrivateKey,
  fromBase64Url,
  importDataKey,
  open,
  parseRecoveryPrivateKey,
  seal,
  secretProblem,
  toBase64Url,
  unwrapWithRecovery,
  unwrapWithSecret,
  wrapForRecovery,
  wrapWithSecret,
  type CryptoErrorCode,
  type EnvelopeContext,
} from './index';

/** Light parameters for the many wraps of this file; the defaults are tested once. */
const FAST = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };

const record = { displayName: 'Abebe Ghebremariam', answers: { freeText: 'arbeitete als Schweißer in Asmara' }, signature: [[1, 2], [3, 4]] };
const here: EnvelopeContext = { store: 'records', recordId: 'rec-1', revision: 2 };

async function rejection(promise: Promise<unknown>): Promise<CryptoError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return error as CryptoError;
  }
  throw new Error('expected a CryptoError, but it resolved');
}

async function expectCode(promise: Promise<unknown>, code: CryptoErrorCode): Promise<void> {
  expect((await rejection(promise)).code).toBe(code);
}

describe('base64url', () => {
  it('round-trips every length and refuses what no encoding produces', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      expect(fromBase64Url(toBase64Url(bytes), 'x')).toEqual(bytes);
    }
    expect(toBase64Url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
    expect(() => fromBase64Url('ab+c', 'x')).toThrow(CryptoError);
    expect(() => fromBase64Url('abcde', 'x')).toThrow(CryptoError);
    // "AB" and "AA" differ only in bits that carry nothing: only the canonical one is accepted.
    expect(() => fromBase64Url('AB', 'x')).toThrow(/canonical/);
  });
});

describe('the record envelope', () => {
  it('opens what it sealed, and the blob shows nothing of the record', async () => {
    const key = await importDataKey(createDataKeyMaterial());
    const blob = await seal(key, here, record);
    expect(await open(key, here, blob)).toEqual(record);
    const asText = new TextDecoder('latin1').decode(blob);
    expect(asText).not.toContain('Ghebremariam');
    expect(asText).not.toContain('Schwei');
    expect(blob[0]).toBe(1);
    expect(envelopeKeyId(blob)).toEqual(key.id);
  });

  it('seals the same record twice to different bytes (fresh nonce)', async () => {
    const key = await importDataKey(createDataKeyMaterial());
    const [a, b] = [await seal(key, here, record), await seal(key, here, record)];
    expect(toBase64Url(a)).not.toBe(toBase64Url(b));
  });

  it('refuses another data key as wrong_key, and another key with a forged id as not_authentic', async () => {
    const key = await importDataKey(createDataKeyMaterial());
    const other = await importDataKey(createDataKeyMaterial());
    const blob = await seal(key, here, record);
    await expectCode(open(other, here, blob), 'wrong_key');
    const impostor = { id: key.id, key: other.key };
    await expectCode(open(impostor, here, blob), 'not_authentic');
  });

  it('refuses a blob moved to another record, revision or store', async () => {
    const key = await importDataKey(createDataKeyMaterial());
    const blob = await seal(key, here, record);
    await expectCode(open(key, { ...here, recordId: 'rec-2' }, blob), 'not_authentic');
    await expectCode(open(key, { ...here, revision: 1 }, blob), 'not_authentic');
    await expectCode(open(key, { ...here, store: 'outbox' }, blob), 'not_authentic');
  });

  it('refuses two records whose blobs were swapped in storage', async () => {
    const key = await importDataKey(createDataKeyMaterial());
    const a = { ...here, recordId: 'rec-a' };
    const b = { ...here, recordId: 'rec-b' };
    const blobA = await seal(key, a, { name: 'A' });
    const blobB = await seal(key, b, { name: 'B' });
    await expectCode(open(key, a, blobB), 'not_authentic');
    await expectCode(open(key, b, blobA), 'not_authentic');
  });

  it('refuses every single flipped bit, every truncation, and garbage', async () => {
    const key = await importDataKey(createDataKeyMaterial());
    const blob = await seal(key, here, { n: 'x' });
    for (let byte = 0; byte < blob.length; byte++) {
      const flipped = blob.slice();
      flipped[byte]! ^= 0x01;
      const error = await rejection(open(key, here, flipped));
      // The version byte, the key id and the sealed bytes each have their own answer, never a value.
      expect(['unsupported_version', 'wrong_key', 'not_authentic']).toContain(error.code);
    }
    for (let length = 0; length < blob.length; length++) {
      const error = await rejection(open(key, here, blob.slice(0, length)));
      expect(['malformed', 'not_authentic']).toContain(error.code);
    }
    await expectCode(open(key, here, new Uint8Array(0)), 'malformed');
    await expectCode(open(key, here, Uint8Array.of(1, 2, 3)), 'malformed');
    await expectCode(open(key, here, crypto.getRandomValues(new Uint8Array(200))), crypto.getRandomValues(new Uint8Array(1))[0] === 1 ? 'wrong_key' : 'unsupported_version');
    await expectCode(open(key, here, 'not bytes'), 'malformed');
    await expectCode(open(key, here, { blob }), 'malformed');
    const garbage = crypto.getRandomValues(new Uint8Array(200));
    garbage[0] = 1;
    garbage.set(key.id, 1);
    await expectCode(open(key, here, garbage), 'not_authentic');
  });

  it('names a newer format version as such', async () => {
    const key = await importDataKey(createDataKeyMaterial());
    const blob = await seal(key, here, record);
    blob[0] = 2;
    const error = await rejection(open(key, here, blob));
    expect(error.code).toBe('unsupported_version');
    expect(error.message).toContain('2');
  });

  it('also opens an ArrayBuffer and a view into a larger buffer (what IndexedDB may hand back)', async () => {
    const key = await importDataKey(createDataKeyMaterial());
    const blob = await seal(key, here, record);
    expect(await open(key, here, blob.buffer)).toEqual(record);
    const padded = new Uint8Array(blob.length + 10);
    padded.set(blob, 5);
    expect(await open(key, here, padded.subarray(5, 5 + blob.length))).toEqual(record);
  });
});

describe('the data key wrapped by PIN or passphrase', () => {
  it('unwraps with the same secret to a key that opens the records, with the default parameters', async () => {
    const material = createDataKeyMaterial();
    const key = await importDataKey(material);
    const blob = await seal(key, here, record);
    const wrap = await wrapWithSecret(material, 'Kranich Elbe Sonnabend', DEFAULT_ARGON2ID);
    expect(wrap.kdf).toMatchObject({ alg: 'argon2id', ...DEFAULT_ARGON2ID });
    expect(JSON.stringify(wrap)).not.toContain(toBase64Url(material.raw));
    const unwrapped = await importDataKey(await unwrapWithSecret(JSON.parse(JSON.stringify(wrap)), 'Kranich Elbe Sonnabend'));
    expect(await open(unwrapped, here, blob)).toEqual(record);
  });

  it('refuses a wrong secret as wrong_secret, and treats composed and decomposed umlauts alike', async () => {
    const material = createDataKeyMaterial();
    const wrap = await wrapWithSecret(material, 'Grüne Brücke 17', FAST);
    await expectCode(unwrapWithSecret(wrap, 'Grüne Brücke 18'), 'wrong_secret');
    await expectCode(unwrapWithSecret(wrap, 'grüne Brücke 17'), 'wrong_secret');
    const decomposed = 'Grüne Brücke 17'.normalize('NFD');
    expect(decomposed).not.toBe('Grüne Brücke 17');
    expect((await unwrapWithSecret(wrap, decomposed)).raw).toEqual(material.raw);
  });

  it('refuses an edited wrap: parameters, salt, key id, wrapped bytes', async () => {
    const material = createDataKeyMaterial();
    const wrap = await wrapWithSecret(material, '482913', FAST);
    await expectCode(unwrapWithSecret({ ...wrap, kdf: { ...wrap.kdf, iterations: 2 } }, '482913'), 'wrong_secret');
    await expectCode(unwrapWithSecret({ ...wrap, keyId: toBase64Url(createDataKeyMaterial().id) }, '482913'), 'wrong_secret');
    const wrapped = fromBase64Url(wrap.wrapped, 'x');
    wrapped[3]! ^= 0x80;
    await expectCode(unwrapWithSecret({ ...wrap, wrapped: toBase64Url(wrapped) }, '482913'), 'wrong_secret');
    // Forms that are not a wrap at all, or cut short: malformed, before any key derivation.
    await expectCode(unwrapWithSecret(null, '482913'), 'malformed');
    await expectCode(unwrapWithSecret({ ...wrap, format: 'x' }, '482913'), 'malformed');
    await expectCode(unwrapWithSecret({ ...wrap, wrapped: wrap.wrapped.slice(0, 20) }, '482913'), 'malformed');
    await expectCode(unwrapWithSecret({ ...wrap, iv: undefined }, '482913'), 'malformed');
    await expectCode(unwrapWithSecret({ ...wrap, v: 2 }, '482913'), 'unsupported_version');
  });

  it('refuses parameters that would hang the tablet, before deriving anything', async () => {
    const wrap = await wrapWithSecret(createDataKeyMaterial(), '482913', FAST);
    const start = performance.now();
    await expectCode(unwrapWithSecret({ ...wrap, kdf: { ...wrap.kdf, memoryKiB: 4 * 1024 * 1024 } }, '482913'), 'bad_parameters');
    await expectCode(unwrapWithSecret({ ...wrap, kdf: { ...wrap.kdf, iterations: 1e9 } }, '482913'), 'bad_parameters');
    await expectCode(unwrapWithSecret({ ...wrap, kdf: { ...wrap.kdf, parallelism: 0 } }, '482913'), 'bad_parameters');
    await expectCode(wrapWithSecret(createDataKeyMaterial(), '482913', { memoryKiB: 1024, iterations: 1, parallelism: 1 }), 'bad_parameters');
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('the secret policy', () => {
  it('asks for a passphrase by default and allows PINs of 6+ digits only where the policy says so', () => {
    expect(secretProblem('482913')).toBe('pin_not_allowed');
    expect(secretProblem('482913', 'pin-or-passphrase')).toBeNull();
    expect(secretProblem('48291', 'pin-or-passphrase')).toBe('pin_too_short');
    for (const trivial of ['000000', '123456', '987654', '7890123']) expect(secretProblem(trivial, 'pin-or-passphrase')).toBe('pin_trivial');
    expect(secretProblem('Kranich Elbe')).toBeNull();
    expect(secretProblem('Kranich Elb')).toBe('passphrase_too_short');
    expect(secretProblem('aaaaaabbbbbbcc')).toBe('passphrase_too_uniform');
    // Characters, not UTF-16 units: 12 Ethiopic syllables are 12 characters.
    expect(secretProblem('ሰላምለዓለምሁሉምሰውጤና')).toBeNull();
  });
});

describe('the data key wrapped for the recovery key', () => {
  it('unwraps with the printed private key and the published public key', async () => {
    const pair = await createRecoveryKeyPair(new Date('2026-12-05T12:00:00Z'));
    expect(pair.publicKey).toMatchObject({ format: 'lotse-recovery-public-key', v: 1, alg: 'ECDH-P256', createdAt: '2026-12-05T12:00:00.000Z' });
    expect(pair.privateKeyText).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){11}[0-9A-HJKMNP-TV-Z]{3}$/);
    const material = createDataKeyMaterial();
    const wrap = await wrapForRecovery(material, pair.publicKey);
    expect(wrap.recoveryKeyId).toBe(pair.publicKey.keyId);
    const back = await unwrapWithRecovery(JSON.parse(JSON.stringify(wrap)), pair.privateKeyText, pair.publicKey);
    expect(back.raw).toEqual(material.raw);
    expect(back.id).toEqual(material.id);
    // Typed back in small letters with spaces instead of dashes, over two lines, O for 0.
    const retyped = pair.privateKeyText.toLowerCase().replace(/0/g, 'o').replace(/-/g, ' ').replace(/^(.{20})/, '$1\n');
    expect((await unwrapWithRecovery(wrap, retyped, pair.publicKey)).raw).toEqual(material.raw);
  });

  it('refuses another recovery key, a typo, and an edited copy', async () => {
    const pair = await createRecoveryKeyPair();
    const other = await createRecoveryKeyPair();
    const wrap = await wrapForRecovery(createDataKeyMaterial(), pair.publicKey);
    await expectCode(unwrapWithRecovery(wrap, other.privateKeyText, other.publicKey), 'wrong_recovery_key');
    // The other private key with this public key: the import or the tag refuses it.
    await expectCode(unwrapWithRecovery(wrap, other.privateKeyText, pair.publicKey), 'wrong_recovery_key');
    const typo = pair.privateKeyText.replace(/^(.)/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(typo).not.toBe(pair.privateKeyText);
    const typoError = await rejection(unwrapWithRecovery(wrap, typo, pair.publicKey));
    expect(typoError.code).toBe('malformed');
    expect(typoError.message).toMatch(/typo/);
    await expectCode(unwrapWithRecovery(wrap, pair.privateKeyText.slice(0, -2), pair.publicKey), 'malformed');
    const wrapped = fromBase64Url(wrap.wrapped, 'x');
    wrapped[0]! ^= 1;
    await expectCode(unwrapWithRecovery({ ...wrap, wrapped: toBase64Url(wrapped) }, pair.privateKeyText, pair.publicKey), 'wrong_recovery_key');
    const epk = fromBase64Url(wrap.epk, 'x');
    epk[10]! ^= 1;
    const offCurve = await rejection(unwrapWithRecovery({ ...wrap, epk: toBase64Url(epk) }, pair.privateKeyText, pair.publicKey));
    expect(['malformed', 'wrong_recovery_key']).toContain(offCurve.code);
    await expectCode(unwrapWithRecovery({ ...wrap, keyId: toBase64Url(createDataKeyMaterial().id) }, pair.privateKeyText, pair.publicKey), 'wrong_recovery_key');
  });

  it('refuses a published key whose id or point is wrong, before wrapping', async () => {
    const pair = await createRecoveryKeyPair();
    const material = createDataKeyMaterial();
    await expectCode(wrapForRecovery(material, { ...pair.publicKey, keyId: 'AAAAAAAAAAA' }), 'malformed');
    const point = fromBase64Url(pair.publicKey.publicKey, 'x');
    point[40]! ^= 1;
    await expectCode(wrapForRecovery(material, { ...pair.publicKey, publicKey: toBase64Url(point) }), 'malformed');
    await expectCode(wrapForRecovery(material, { ...pair.publicKey, v: 2 }), 'unsupported_version');
    await expectCode(wrapForRecovery(material, 'key'), 'malformed');
  });

  it('prints a private key whose checksum finds a changed character, the last one included', async () => {
    // Several keys: the last character carries 3 bits of the last byte and 2 bits beyond it; a
    // change that kept the 3 went unnoticed (one key in eight: last 'W' typed as 'X'); now the 2 must be 0.
    for (let round = 0; round < 16; round++) {
      const scalar = crypto.getRandomValues(new Uint8Array(32));
      const text = await formatRecoveryPrivateKey(scalar);
      expect(await parseRecoveryPrivateKey(text)).toEqual(scalar);
      const compact = text.replace(/-/g, '');
      expect(compact).toHaveLength(58);
      const missed: number[] = [];
      for (let i = 0; i < compact.length; i++) {
        const changed = compact.slice(0, i) + (compact[i] === 'X' ? 'Y' : 'X') + compact.slice(i + 1);
        try {
          await parseRecoveryPrivateKey(changed);
          missed.push(i);
        } catch (error) {
          if (!(error instanceof CryptoError && error.code === 'malformed')) missed.push(i);
        }
      }
      expect(missed, text).toEqual([]);
    }
  });
});
