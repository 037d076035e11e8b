/** The XLIFF 2.0 reader/writer of the translation workflow: round trip, states, problems with their line. */
import { describe, expect, it } from 'vitest';
import { readXliff, writeXliff, type XliffUnitOut } from './xliff2';

const units: XliffUnitOut[] = [
  { id: 'title', source: 'Datenschutz & Einwilligung', target: 'حماية البيانات & الموافقة', state: 'reviewed', reviewer: 'Rana <Prüferin>', reviewedAt: '2026-12-01T10:00:00.000Z' },
  { id: 'ui.accept', source: 'Ich stimme zu', target: 'أوافق', state: 'translated', stale: true },
  { id: 'ui.refuse', source: 'Ich lehne ab', target: undefined, state: 'draft' },
];
const doc = writeXliff({ fileId: 'notice@3', original: 'lotse:notice/notice@3', trgLang: 'ar', units });

describe('XLIFF 2.0 writer and reader', () => {
  it('writes the German source, the target, the XLIFF state and the reviewer, and reads them back', () => {
    expect(doc).toContain('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="ar">');
    expect(doc).toMatch(/<unit id="title">\s*<notes>\s*<note category="lotse:reviewer">Rana &lt;Prüferin&gt;<\/note>\s*<note category="lotse:reviewed-at">2026-12-01T10:00:00.000Z<\/note>/);
    expect(doc).toMatch(/<unit id="ui\.accept">[\s\S]*lotse:stale[\s\S]*<segment state="translated">/);
    expect(doc).toMatch(/<unit id="ui\.refuse">\s*<segment state="initial">\s*<source>Ich lehne ab<\/source>\s*<\/segment>/);
    const read = readXliff(doc);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.trgLang).toBe('ar');
    expect(read.original).toBe('lotse:notice/notice@3');
    expect(read.units.map(({ id, state, source, target }) => ({ id, state, source, target }))).toEqual([
      { id: 'title', state: 'reviewed', source: 'Datenschutz & Einwilligung', target: 'حماية البيانات & الموافقة' },
      { id: 'ui.accept', state: 'translated', source: 'Ich stimme zu', target: 'أوافق' },
      { id: 'ui.refuse', state: 'draft', source: 'Ich lehne ab', target: undefined },
    ]);
  });

  it("reads a tool's `final` as reviewed and a target with attributes", () => {
    const edited = doc.replace('<segment state="translated">', '<segment state="final">').replace('<target>أوافق</target>', '<target xml:lang="ar">نعم، أوافق</target>');
    const read = readXliff(edited);
    expect(read.ok && read.units[1]).toMatchObject({ id: 'ui.accept', state: 'reviewed', target: 'نعم، أوافق' });
  });

  it('refuses another XLIFF version, a source other than German, a missing trgLang, naming the line', () => {
    const v12 = readXliff(doc.replace('version="2.0"', 'version="1.2"'));
    expect(v12).toEqual({ ok: false, problems: [{ line: 2, message: 'not XLIFF 2.0: version="1.2" (expected version="2.0")' }] });
    const en = readXliff(doc.replace('srcLang="de"', 'srcLang="en"'));
    expect(!en.ok && en.problems[0]!.message).toBe('the source language must be German (srcLang="de"), not "en"');
    const noLang = readXliff(doc.replace(' trgLang="ar"', ''));
    expect(!noLang.ok && noLang.problems.map((p) => p.message)).toEqual(['the document names no target language (trgLang)']);
    expect(readXliff('hello').ok).toBe(false);
  });

  it('refuses a malformed unit with its line and id: unclosed, unknown state, reviewed without a target, markup', () => {
    const lines = doc.split('\n');
    const acceptLine = lines.findIndex((l) => l.includes('<unit id="ui.accept">')) + 1;
    const unclosed = readXliff(doc.replace(/(<unit id="ui\.accept">[\s\S]*?)<\/unit>/, '$1'));
    expect(!unclosed.ok && unclosed.problems).toEqual([{ line: acceptLine, unit: 'ui.accept', message: 'unit ui.accept is not closed (</unit> missing)' }]);
    const badState = readXliff(doc.replace('<segment state="translated">', '<segment state="approved">'));
    expect(!badState.ok && badState.problems).toEqual([{ line: acceptLine, unit: 'ui.accept', message: 'unit ui.accept: unknown segment state "approved" (initial, translated, reviewed or final)' }]);
    const reviewedEmpty = readXliff(doc.replace('<segment state="initial">', '<segment state="reviewed">'));
    expect(!reviewedEmpty.ok && reviewedEmpty.problems[0]!.message).toBe('unit ui.refuse is marked reviewed but has no target text');
    const markup = readXliff(doc.replace('<target>أوافق</target>', '<target><pc id="1">أوافق</pc></target>'));
    expect(!markup.ok && markup.problems[0]).toMatchObject({ unit: 'ui.accept', message: 'unit ui.accept: inline markup is not supported; plain text only' });
    const cut = readXliff(doc.slice(0, doc.indexOf('</file>')));
    expect(!cut.ok && cut.problems.map((p) => p.message)).toContain('the document ends before </xliff>: the file is cut off or not well-formed');
  });
});
