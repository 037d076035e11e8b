/**
 * XLIFF 2.0 export → edit (as a translation tool would) → import: strings and review state change;
 * a string whose German changed since the translation is stale and keeps the language a draft.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFormDefinition, type FormDefinition } from '../../core/form/index';
import { exportXliff, importXliff } from './xliff';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const v2 = JSON.parse(readFileSync(path.join(repoRoot, 'content/forms/profilingbogen@2.json'), 'utf8')) as FormDefinition;
const field = (def: FormDefinition, id: string) => def.sections.flatMap((s) => s.items).find((item) => item.id === id)!;

/** What a translation tool does: set a target and a state in one unit. */
function edit(xliff: string, unitId: string, target: string, state = 'translated'): string {
  return xliff.replace(new RegExp(`(<unit id="${unitId.replace(/\./g, '\\.')}">\\s*<segment state=")[^"]*("[\\s\\S]*?</source>)(\\s*<target>[\\s\\S]*?</target>)?`), `$1${state}$2\n        <target>${target}</target>`);
}

describe('XLIFF 2.0 for a form language', () => {
  it('exports every string of a language with the German source and its state', () => {
    const xliff = exportXliff(v2, 'ar');
    expect(xliff).toContain('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="ar">');
    expect(xliff).toContain('<file id="profilingbogen@2">');
    expect(xliff).toMatch(/<unit id="field\.phone\.label">\s*<segment state="translated">\s*<source>Telefonnummer<\/source>\s*<target>[^<]+<\/target>/);
    expect(xliff).toMatch(/<unit id="codeList\.countries\.SY">/);
    // Re-importing the untouched file changes nothing.
    const back = importXliff(v2, xliff);
    expect(back.problems).toEqual([]);
    expect(back.changed).toEqual([]);
    expect(back.definition).toEqual(v2);
  });

  it('takes edited targets and marks the language reviewed only when every unit is reviewed', () => {
    const en = exportXliff(v2, 'en');
    const edited = edit(en, 'field.phone.label', 'Mobile &amp; landline number', 'reviewed');
    const partly = importXliff(v2, edited);
    expect(partly.changed).toEqual(['field.phone.label']);
    expect(field(partly.definition, 'phone').label.en).toBe('Mobile & landline number');
    expect(partly.definition.translations.en?.reviewState).toBe('draft');
    expect(parseFormDefinition(partly.definition).ok).toBe(true);

    // English has every string: all units reviewed → the language is reviewed.
    const allReviewed = importXliff(v2, edited.replace(/state="translated"/g, 'state="reviewed"'));
    expect(allReviewed.missing).toEqual([]);
    expect(allReviewed.definition.translations.en?.reviewState).toBe('reviewed');
    // Arabic lacks names of some languages and occupations: reviewed units alone do not make it reviewed.
    const arabic = importXliff(v2, exportXliff(v2, 'ar').replace(/state="translated"/g, 'state="reviewed"'));
    expect(arabic.missing).toContain('codeList.languages.apc');
    expect(arabic.definition.translations.ar?.reviewState).toBe('draft');
  });

  it('marks a string stale when its German changed since the translation; the language stays a draft', () => {
    const ti = exportXliff(v2, 'ti').replace(/state="translated"/g, 'state="reviewed"');
    const next = structuredClone(v2) as unknown as { sections: { items: { id: string; label: Record<string, string> }[] }[] };
    const phone = next.sections.flatMap((s) => s.items).find((item) => item.id === 'phone')!;
    phone.label = { ...phone.label, de: 'Handynummer' };
    const result = importXliff(next as unknown as FormDefinition, ti);
    expect(result.stale).toEqual(['field.phone.label']);
    expect(result.definition.translations.ti?.reviewState).toBe('draft');
  });

  it('refuses what is not XLIFF 2.0, an unknown language, a unit that names no text', () => {
    expect(importXliff(v2, '<xliff version="1.2" trgLang="ar"></xliff>').problems).toContain('not an XLIFF 2.0 document (<xliff version="2.0">)');
    expect(importXliff(v2, '<xliff version="2.0" trgLang="xx"></xliff>').problems).toContain("'xx' is not a language of profilingbogen@2");
    const extra = exportXliff(v2, 'ar').replace('</file>', '<unit id="field.nope.label"><segment state="translated"><source>x</source><target>y</target></segment></unit></file>');
    expect(importXliff(v2, extra).problems).toContain('unit field.nope.label names no text of profilingbogen@2');
  });
});
