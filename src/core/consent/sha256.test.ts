import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256';
import { noticeHash, type NoticeArtifact } from './notice';

/** content/notices/notice@1/de.json as published (commit 1884afd): consent records on devices name it by this digest. */
const GERMAN_NOTICE_1_SHA256 = '0f1a4c7c0eab1bb121a3dae0c75af0d7e4a612965fa80c416517725fbd9d709c';

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

  // fast-check builds its whole-Unicode 'binary' unit on first use: ~10 s on a loaded 2-core
  // machine before the first hash (measured with a property that only returns true).
  it('agrees with node:crypto for any Unicode text', { timeout: 60_000 }, () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => sha256Hex(text) === nodeSha256(text)));
  });

  it('agrees with node:crypto for Arabic, Ethiopic, emoji and mixed text', () => {
    fc.assert(fc.property(mixedScriptText, (text) => sha256Hex(text) === nodeSha256(text)), { numRuns: 500 });
  });
});

describe('sha256Hex over UTF-8', () => {
  it('encodes one to four bytes per code point, surrogate pairs as one code point', () => {
    // 'aß€😀' is the bytes 61 c3 9f e2 82 ac f0 9f 98 80.
    expect(sha256Hex('aß€😀')).toBe(createHash('sha256').update(Buffer.from([0x61, 0xc3, 0x9f, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80])).digest('hex'));
    expect(sha256Hex('ትግ')).toBe(nodeSha256('ትግ'));
  });

  it('turns lone surrogates into U+FFFD like every other UTF-8 encoder', () => {
    const withLoneSurrogates = fc.string({
      unit: fc.oneof(codePointIn(0x20, 0x7e), fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit))),
      maxLength: 50,
    });
    fc.assert(fc.property(withLoneSurrogates, (text) => sha256Hex(text) === nodeSha256(text)));
    expect(sha256Hex('\ud83d')).toBe(nodeSha256('\ud83d'));
    expect(sha256Hex('\ud83d')).toBe(nodeSha256('\ufffd'));
  });
});

describe('the consent evidence keeps its hashes', () => {
  // Every consent record on a tablet or the server names the notice it showed by these hashes;
  // a different SHA-256 source must give exactly the digests recorded when the notices shipped.
  const noticesDir = new URL('../../../content/notices/', import.meta.url);
  const shipped = fs
    .readdirSync(noticesDir)
    .flatMap((version) => fs.readdirSync(new URL(`${version}/`, noticesDir)).map((file) => `${version}/${file}`))
    .filter((file) => file.endsWith('.json'));

  it('has the shipped notices to check', () => {
    expect(shipped).toContain('notice@1/de.json');
    expect(shipped.length).toBeGreaterThanOrEqual(14);
  });

  it.each(shipped)('%s: its recorded sha256 is the digest of what its scheme covers', (file) => {
    const notice = JSON.parse(fs.readFileSync(new URL(file, noticesDir), 'utf8')) as NoticeArtifact;
    if (notice.hashScheme === 2) {
      // Scheme 2 (notice@3 on): the JSON array of everything read before deciding, rebuilt here by
      // hand from the file so that the test does not only repeat noticeHashInput.
      const items = (list: { id: string; label: string; description: string }[] | undefined) => (list ?? []).map((i) => [i.id, i.label, i.description]);
      const input = JSON.stringify([
        'lotse-notice/2', notice.id, notice.version, notice.lang, notice.title, notice.text, notice.corePurpose ?? null,
        items(notice.purposes), items(notice.explicitConsents), items(notice.recipients),
        Object.keys(notice.ui).sort().map((key) => [key, notice.ui[key as keyof NoticeArtifact['ui']]]),
      ]);
      expect(notice.sha256).toBe(nodeSha256(input));
      expect(noticeHash(notice)).toBe(notice.sha256);
    } else {
      expect(sha256Hex(notice.text)).toBe(notice.sha256);
      expect(notice.sha256).toBe(nodeSha256(notice.text));
    }
  });

  it('the German reference of notice@1 has the digest it shipped with', () => {
    const german = JSON.parse(fs.readFileSync(new URL('notice@1/de.json', noticesDir), 'utf8')) as { text: string };
    expect(sha256Hex(german.text)).toBe(GERMAN_NOTICE_1_SHA256);
  });
});
