import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import german from '../../../content/notices/notice@1/de.json';
import { noticeArtifactSchema } from './notice-schema';
import {
  noticeBlocks,
  noticeRef,
  noticeTextFromBlocks,
  noticeTextProblems,
  translationProblems,
  verifyNoticeHash,
  type NoticeArtifact,
  type NoticeBlock,
} from './notice';
import { sha256Hex } from './sha256';

const germanNotice = noticeArtifactSchema.parse(german);

/** A notice with `text` replaced and its hash made to match again. */
function withText(notice: NoticeArtifact, text: string): NoticeArtifact {
  return { ...notice, text, sha256: sha256Hex(text) };
}

describe('noticeBlocks', () => {
  it('reads headings, paragraphs (with inner line breaks) and lists', () => {
    const text = '## Wer?\n\nLandkreis Peine\nBurgstraße 1\n\n- eins\n- zwei\n\nEnde.';
    expect(noticeBlocks(text)).toEqual([
      { kind: 'heading', text: 'Wer?' },
      { kind: 'paragraph', text: 'Landkreis Peine\nBurgstraße 1' },
      { kind: 'list', items: ['eins', 'zwei'] },
      { kind: 'paragraph', text: 'Ende.' },
    ]);
  });

  it('gives back exactly the text it was made from', () => {
    const line = fc
      .string({ unit: fc.constantFrom('a', 'ß', 'ب', 'ት', ' ', '#', '-', ':', '😀'), minLength: 1, maxLength: 20 })
      .filter((value) => value.trim() === value && value !== '');
    const plainLine = line.filter((value) => !value.startsWith('## ') && !value.startsWith('- '));
    const block: fc.Arbitrary<NoticeBlock> = fc.oneof(
      line.map((text) => ({ kind: 'heading' as const, text })),
      fc.array(plainLine, { minLength: 1, maxLength: 3 }).map((lines) => ({ kind: 'paragraph' as const, text: lines.join('\n') })),
      fc.array(line, { minLength: 1, maxLength: 4 }).map((items) => ({ kind: 'list' as const, items })),
    );
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 8 }), (original) => {
        const text = noticeTextFromBlocks(original);
        expect(noticeBlocks(text)).toEqual(original);
        expect(noticeTextFromBlocks(noticeBlocks(text))).toBe(text);
      }),
    );
  });

  it('renders the German notice with nothing lost', () => {
    expect(noticeTextFromBlocks(noticeBlocks(germanNotice.text))).toBe(germanNotice.text);
  });
});

describe('noticeTextProblems', () => {
  it('accepts a canonical text', () => {
    expect(noticeTextProblems('## Titel\n\nText.\n\n- a\n- b')).toEqual([]);
  });

  it.each([
    ['a heading glued to its paragraph', '## Titel\nText.'],
    ['a list glued to a paragraph', 'Text.\n- a'],
    ['two blank lines', 'Eins.\n\n\nZwei.'],
    ['a leading blank line', '\nText.'],
    ['a trailing newline', 'Text.\n'],
    ['Windows line ends', 'Eins.\r\n\r\nZwei.'],
    ['a trailing space', 'Eins. \n\nZwei.'],
    ['an empty heading', '## \n\nText.'],
    ['decomposed umlauts (not NFC)', 'Mu\u0308ller'],
    ['nothing at all', ''],
  ])('refuses %s', (_name, text) => {
    expect(noticeTextProblems(text)).not.toEqual([]);
  });
});

describe('notice hash', () => {
  it('verifies the stored hash of the German notice', () => {
    expect(verifyNoticeHash(germanNotice)).toBe(true);
    expect(noticeRef(germanNotice)).toEqual({ id: 'notice', version: 1, lang: 'de', sha256: germanNotice.sha256 });
  });

  it('changes when any single character of the text changes', () => {
    const { text } = germanNotice;
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.constantFrom('x', 'ä', ' ', '\n', 'ب', 'ት'), (index, replacement) => {
        fc.pre(text[index] !== replacement);
        const changed = text.slice(0, index) + replacement + text.slice(index + 1);
        expect(sha256Hex(changed)).not.toBe(germanNotice.sha256);
        expect(verifyNoticeHash({ ...germanNotice, text: changed })).toBe(false);
      }),
    );
  });

  it('catches a changed recipient name, not only typos', () => {
    const changed = germanNotice.text.replace('Caritas:', 'Diakonie:');
    expect(changed).not.toBe(germanNotice.text);
    expect(verifyNoticeHash({ ...germanNotice, text: changed })).toBe(false);
  });
});

describe('noticeArtifactSchema', () => {
  const refuses = (notice: unknown) => expect(noticeArtifactSchema.safeParse(notice).success).toBe(false);

  it('ties the writing direction to the script', () => {
    refuses({ ...germanNotice, script: 'Arab' });
    refuses({ ...germanNotice, dir: 'rtl' });
  });

  it('requires a reviewer exactly for reviewed texts', () => {
    const { reviewedBy: _reviewer, ...unattributed } = germanNotice;
    refuses(unattributed);
    refuses({ ...germanNotice, reviewState: 'draft' });
    expect(noticeArtifactSchema.safeParse({ ...unattributed, reviewState: 'draft' }).success).toBe(true);
  });

  it('refuses duplicate recipient ids, missing UI labels and unknown fields', () => {
    refuses({ ...germanNotice, recipients: [...germanNotice.recipients, germanNotice.recipients[0]] });
    const { signHere: _signHere, ...ui } = germanNotice.ui;
    refuses({ ...germanNotice, ui });
    refuses({ ...germanNotice, preselected: ['jobcenter'] });
  });

  it('refuses a text the renderer would not show exactly', () => {
    refuses(withText(germanNotice, `${germanNotice.text}\n`));
  });
});

describe('translationProblems', () => {
  it('accepts the German text as its own reference', () => {
    expect(translationProblems(germanNotice, germanNotice)).toEqual([]);
  });

  it('names a translation that lost, reordered or renamed a recipient, or is another version', () => {
    const [first, second, ...rest] = germanNotice.recipients;
    const translation = { ...germanNotice, lang: 'en' };
    expect(translationProblems({ ...translation, recipients: [second!, first!, ...rest] }, germanNotice)).toHaveLength(1);
    expect(translationProblems({ ...translation, recipients: rest }, germanNotice)).toHaveLength(1);
    expect(translationProblems({ ...translation, version: 2 }, germanNotice)).toHaveLength(1);
    expect(translationProblems(germanNotice, translation)).toContain('the reference text must be German, not en');
  });
});
