import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex, utf8Bytes } from './sha256';

const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const codePointIn = (min: number, max: number) => fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));
/** Text as the notices and forms have it: Latin, Arabic script, Ethiopic, emoji, line breaks. */
const mixedScriptText = fc.string({
  unit: fc.oneof(
    codePointIn(0x20, 0x7e),
    codePointIn(0xa0, 0x24f),
    codePointIn(0x600, 0x6ff),
    codePointIn(0x1200, 0x137f),
    codePointIn(0x1f300, 0x1faff),
    fc.constantFrom('\n', '\u200c', '\u200f', 'ß', 'ڼ', 'ۍ', 'ቕ'),
  ),
  maxLength: 300,
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('pads correctly at every length around the 64-byte block boundaries', () => {
    for (let length = 0; length <= 200; length++) {
      const text = 'x'.repeat(length);
      expect(sha256Hex(text), `length ${length}`).toBe(nodeSha256(text));
    }
  });

  it('agrees with node:crypto for any Unicode text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => sha256Hex(text) === nodeSha256(text)));
  });

  it('agrees with node:crypto for Arabic, Ethiopic, emoji and mixed text', () => {
    fc.assert(fc.property(mixedScriptText, (text) => sha256Hex(text) === nodeSha256(text)), { numRuns: 500 });
  });
});

describe('utf8Bytes', () => {
  it('encodes one to four bytes per code point, surrogate pairs as one code point', () => {
    expect([...utf8Bytes('aß€😀')]).toEqual([0x61, 0xc3, 0x9f, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
    expect([...utf8Bytes('ትግ')]).toEqual([...Buffer.from('ትግ', 'utf8')]);
  });

  it('turns lone surrogates into U+FFFD like every other UTF-8 encoder', () => {
    const withLoneSurrogates = fc.string({
      unit: fc.oneof(codePointIn(0x20, 0x7e), fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit))),
      maxLength: 50,
    });
    fc.assert(
      fc.property(withLoneSurrogates, (text) => Buffer.from(utf8Bytes(text)).equals(Buffer.from(text, 'utf8'))),
    );
    expect(sha256Hex('\ud83d')).toBe(nodeSha256('\ud83d'));
  });
});
