import { describe, expect, it } from 'vitest';
import { answerRecoveryRequest, createDataKeyMaterial, createRecoveryKeyPair, createRecoveryRequest, CryptoError, redeemRecoveryCode, wrapForRecovery } from './index';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return (error as CryptoError).code;
  }
  throw new Error('expected a CryptoError');
}

describe('the recovery code exchange', async () => {
  const organisation = await createRecoveryKeyPair();
  const material = createDataKeyMaterial();
  const raw = Uint8Array.from(material.raw);
  const wrap = await wrapForRecovery(material, organisation.publicKey);

  it('gives the tablet its data key back through a 55-character code; the request alone does not', async () => {
    const request = await createRecoveryRequest(wrap);
    const code = await answerRecoveryRequest(request.text, organisation.privateKeyText, organisation.publicKey);
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){10}[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(await redeemRecoveryCode(code, request, organisation.publicKey)).toEqual(raw);
    // Typed in lower case, with spaces instead of dashes, O for 0: the same key.
    expect(await redeemRecoveryCode(code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o'), request, organisation.publicKey)).toEqual(raw);
    expect(request.text).not.toContain(Buffer.from(raw).toString('base64url'));
  });

  it('a code is bound to the request it answers: another tablet request (or a reload) gets no key from it', async () => {
    const first = await createRecoveryRequest(wrap);
    const second = await createRecoveryRequest(wrap);
    const code = await answerRecoveryRequest(first.text, organisation.privateKeyText, organisation.publicKey);
    expect(await redeemRecoveryCode(code, second, organisation.publicKey)).not.toEqual(raw);
  });

  it('refuses a wrong recovery private key, a typo in the code and a cut request with a clear error', async () => {
    const request = await createRecoveryRequest(wrap);
    const other = await createRecoveryKeyPair();
    expect(await codeOf(answerRecoveryRequest(request.text, other.privateKeyText, organisation.publicKey))).toBe('wrong_recovery_key');
    expect(await codeOf(answerRecoveryRequest(request.text.slice(0, 60), organisation.privateKeyText, organisation.publicKey))).toBe('malformed');
    const code = await answerRecoveryRequest(request.text, organisation.privateKeyText, organisation.publicKey);
    const typo = `${code.slice(0, 3)}${code[3] === 'A' ? 'B' : 'A'}${code.slice(4)}`;
    expect(await codeOf(redeemRecoveryCode(typo, request, organisation.publicKey))).toBe('malformed');
    expect(await codeOf(redeemRecoveryCode(code.slice(0, 20), request, organisation.publicKey))).toBe('malformed');
  });
});
