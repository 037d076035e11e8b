import { describe, expect, it } from 'vitest';
import { CryptoError, createServerKeyPair, importServerPrivateKey, MAX_SEALED_PLAINTEXT, openForServer, sealForServer, type ServerSealed } from '../../core/encryption/index';
import { openingKeyOf, openSealed } from './open-sealed';

const payload = JSON.stringify({ displayName: 'Abebe Ghebremariam', answers: { freeText: 'Schweißer in Asmara' } });
const here = { recordId: 'b6f3c1de-0000-4000-8000-000000000001', rev: 2 };

/** What an opener makes of a copy: its plaintext, or the code of its CryptoError. */
async function outcome(open: () => unknown): Promise<string> {
  try {
    return `opened ${String(await open())}`;
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return `refused ${(error as CryptoError).code}`;
  }
}

describe('the server opens sealed entries with node:crypto exactly as core opens them', async () => {
  const pair = await createServerKeyPair();
  const reference = await importServerPrivateKey(pair);
  const key = await openingKeyOf(pair);
  const other = await createServerKeyPair();

  it('opens what was sealed for it, to the very text core opens, in format v2 and in v1 (tablets before v2)', async () => {
    const sealed = await sealForServer(payload, here, pair.publicKey);
    expect(sealed.v).toBe(2);
    expect(openSealed(sealed, here, key)).toBe(payload);
    expect(openSealed(sealed, here, key)).toBe(await openForServer(sealed, here, reference));
    const old = await sealForServer(payload, here, pair.publicKey, { format: 1 });
    expect(openSealed(old, here, key)).toBe(payload);
  });

  it('refuses every damaged, moved or foreign copy with the same code as core, never with data', async () => {
    const sealed = await sealForServer(payload, here, pair.publicKey);
    const flip = (text: string, at = 5) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    const cases: [string, unknown, typeof here][] = [
      ['another revision', sealed, { ...here, rev: 3 }],
      ['another record', sealed, { ...here, recordId: 'b6f3c1de-0000-4000-8000-000000000002' }],
      ['sealed for another server', await sealForServer(payload, here, other.publicKey), here],
      ['another key claiming this id', { ...(await sealForServer(payload, here, other.publicKey)), keyId: pair.publicKey.keyId }, here],
      ['ciphertext edited', { ...sealed, ciphertext: flip(sealed.ciphertext) }, here],
      ['tag edited', { ...sealed, ciphertext: flip(sealed.ciphertext, sealed.ciphertext.length - 3) }, here],
      ['wrapped key edited', { ...sealed, wrappedKey: flip(sealed.wrappedKey) }, here],
      ['wrap nonce edited', { ...sealed, wrapIv: flip(sealed.wrapIv) }, here],
      ['nonce edited', { ...sealed, iv: flip(sealed.iv) }, here],
      ['ephemeral key edited (off the curve)', { ...sealed, epk: flip(sealed.epk, 20) }, here],
      ['ephemeral key of another copy', { ...sealed, epk: (await sealForServer(payload, here, pair.publicKey)).epk }, here],
      ['ciphertext cut', { ...sealed, ciphertext: sealed.ciphertext.slice(0, 40) }, here],
      ['ciphertext shorter than its tag', { ...sealed, ciphertext: 'AAA' }, here],
      ['wrapped key cut', { ...sealed, wrappedKey: sealed.wrappedKey.slice(0, 20) }, here],
      ['not base64url', { ...sealed, iv: '!!!!!!!!!!!!!!!!' }, here],
      ['an unknown version', { ...sealed, v: 3 } as unknown as ServerSealed, here],
      ['a v2 copy relabelled v1', { ...sealed, v: 1 }, here],
      ['a copy that decompresses beyond the limit', await sealForServer('0'.repeat(MAX_SEALED_PLAINTEXT + 1), here, pair.publicKey), here],
      ['nothing', null, here],
    ];
    for (const [what, copy, context] of cases) {
      const ours = await outcome(() => openSealed(copy, context, key));
      expect(ours, what).toMatch(/^refused /);
      expect(ours, what).toBe(await outcome(() => openForServer(copy, context, reference)));
    }
  });

  it('a private key that does not belong to the published point is refused when loaded', async () => {
    await expect(openingKeyOf({ publicKey: pair.publicKey, d: other.d })).rejects.toMatchObject({ code: 'wrong_key' });
  });
});
