import { describe, expect, it } from 'vitest';
import { CryptoError, createServerKeyPair, importServerPrivateKey, MAX_SEALED_PLAINTEXT, openForServer, sealForServer, type ServerSealed } from './index';

const payload = JSON.stringify({ displayName: 'Abebe Ghebremariam', answers: { freeText: 'Schweißer in Asmara' } });
const here = { recordId: 'b6f3c1de-0000-4000-8000-000000000001', rev: 2 };

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return (error as CryptoError).code;
  }
  throw new Error('expected a CryptoError');
}

describe('sealing for the server', async () => {
  const pair = await createServerKeyPair();
  const server = await importServerPrivateKey(pair);

  it('opens what was sealed for it; the sealed copy shows nothing of the payload', async () => {
    const sealed = await sealForServer(payload, here, pair.publicKey);
    expect(JSON.stringify(sealed)).not.toMatch(/Abebe|Asmara/);
    expect(await openForServer(sealed, here, server)).toBe(payload);
    // A fresh content key and ephemeral key each time.
    const again = await sealForServer(payload, here, pair.publicKey);
    expect(again.ciphertext).not.toBe(sealed.ciphertext);
    expect(again.epk).not.toBe(sealed.epk);
  });

  it('a copy moved to another record or revision, sealed for another server, edited or cut: a clear error, never data', async () => {
    const sealed = await sealForServer(payload, here, pair.publicKey);
    expect(await code(openForServer(sealed, { ...here, rev: 3 }, server))).toBe('not_authentic');
    expect(await code(openForServer(sealed, { ...here, recordId: 'b6f3c1de-0000-4000-8000-000000000002' }, server))).toBe('not_authentic');
    const other = await createServerKeyPair();
    expect(await code(openForServer(await sealForServer(payload, here, other.publicKey), here, server))).toBe('wrong_key');
    // Another key pair that claims this key's id: the wrap does not open.
    const forged = { ...(await sealForServer(payload, here, other.publicKey)), keyId: pair.publicKey.keyId };
    expect(await code(openForServer(forged, here, server))).toBe('not_authentic');
    const flip = (text: string) => (text[5] === 'A' ? `${text.slice(0, 5)}B${text.slice(6)}` : `${text.slice(0, 5)}A${text.slice(6)}`);
    expect(await code(openForServer({ ...sealed, ciphertext: flip(sealed.ciphertext) }, here, server))).toBe('not_authentic');
    expect(await code(openForServer({ ...sealed, wrappedKey: flip(sealed.wrappedKey) }, here, server))).toBe('not_authentic');
    expect(await code(openForServer({ ...sealed, ciphertext: sealed.ciphertext.slice(0, 40) }, here, server))).toBe('not_authentic');
    expect(await code(openForServer({ ...sealed, ciphertext: 'AAA' }, here, server))).toBe('malformed');
    expect(await code(openForServer({ ...sealed, wrappedKey: sealed.wrappedKey.slice(0, 20) }, here, server))).toBe('malformed');
    expect(await code(openForServer({ ...sealed, v: 3 } as unknown as ServerSealed, here, server))).toBe('unsupported_version');
    // A v1 copy relabelled v2 (or back): the version is in the associated data.
    expect(await code(openForServer({ ...sealed, v: 1 }, here, server))).toBe('not_authentic');
    expect(await code(openForServer(null, here, server))).toBe('malformed');
  });

  it('format v2 compresses before it encrypts: a signed consent seals to fewer bytes than in clear; v1 copies of older tablets still open', async () => {
    const strokes = Array.from({ length: 600 }, (_, i) => ({ x: (i * 13) % 480, y: 40 + ((i * 7) % 90), t: i * 16 }));
    const signed = JSON.stringify({ consent: { evidence: { kind: 'signature', strokes: [strokes], png: `data:image/png;base64,${'iVBORw0KGgo'.repeat(400)}` } }, answers: { surname: 'Ghebremariam' } });
    const v2 = await sealForServer(signed, here, pair.publicKey);
    const v1 = await sealForServer(signed, here, pair.publicKey, { format: 1 });
    expect([v2.v, v1.v]).toEqual([2, 1]);
    expect(JSON.stringify(v2).length).toBeLessThan(0.6 * signed.length);
    expect(JSON.stringify(v1).length).toBeGreaterThan(signed.length);
    expect(await openForServer(v2, here, server)).toBe(signed);
    expect(await openForServer(v1, here, server)).toBe(signed);
  });

  it('a copy that would decompress beyond the limit is refused, not inflated', async () => {
    const bomb = await sealForServer('0'.repeat(MAX_SEALED_PLAINTEXT + 1), here, pair.publicKey);
    expect(bomb.ciphertext.length).toBeLessThan(20_000);
    expect(await code(openForServer(bomb, here, server))).toBe('malformed');
    expect(await openForServer(await sealForServer('0'.repeat(MAX_SEALED_PLAINTEXT), here, pair.publicKey), here, server)).toHaveLength(MAX_SEALED_PLAINTEXT);
  });

  it('refuses to seal for a key whose id does not name its point', async () => {
    const other = await createServerKeyPair();
    expect(await code(sealForServer(payload, here, { ...pair.publicKey, publicKey: other.publicKey.publicKey }))).toBe('malformed');
  });
});
