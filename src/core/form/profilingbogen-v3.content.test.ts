/**
 * Profilingbogen version 3 (content/forms/profilingbogen@3.json, built from its spreadsheet): the
 * questionnaire of version 2 — every section, field, condition, constraint and German text — with
 * IHK and Handwerkskammer as two referral partners where version 2 had one, in every language, and
 * the corrected translations (checked against the term lists in src/core/text/terms.content.test.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFormDefinition, publishingProblems, validateAnswers, type FormDefinition } from './index';
import { profilingbogenV2Complete } from './__fixtures__/profilingbogen-answers';

function load(version: number): FormDefinition {
  const result = parseFormDefinition(JSON.parse(readFileSync(new URL(`../../../content/forms/profilingbogen@${version}.json`, import.meta.url), 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  return result.definition;
}
const v2 = load(2);
const v3 = load(3);

/** The form with every localized text reduced to its German: what changes only in translations drops out. */
function german(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(german);
  if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.de === 'string' && Object.values(record).every((value) => typeof value === 'string')) return record.de;
    return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, german(value)]));
  }
  return node;
}

describe('Profilingbogen version 3', () => {
  it('is the same form as version 2 in German but for the version and the split referral partner', () => {
    expect(v3.id).toBe(v2.id);
    expect(v3.version).toBe(3);
    const expected = structuredClone(german(v2)) as { version: number; codeLists: { referralPartners: { items: { code: string; label: string }[] } } };
    expected.version = 3;
    expected.codeLists.referralPartners.items = expected.codeLists.referralPartners.items.flatMap((item) =>
      item.code === 'ihk-hwk' ? [{ code: 'ihk', label: 'Industrie- und Handelskammer (IHK)' }, { code: 'hwk', label: 'Handwerkskammer' }] : [item],
    );
    expect(german(v3)).toEqual(expected);
  });

  it('names IHK and Handwerkskammer in every language of the form, with the German name in parentheses', () => {
    const items = v3.codeLists.referralPartners!.items;
    const ihk = items.find((item) => item.code === 'ihk')!.label as Record<string, string>;
    const hwk = items.find((item) => item.code === 'hwk')!.label as Record<string, string>;
    expect(Object.keys(ihk).sort()).toEqual([...v3.languages].sort());
    expect(Object.keys(hwk).sort()).toEqual([...v3.languages].sort());
    for (const lang of v3.languages.filter((l) => l !== 'de')) {
      expect(ihk[lang], lang).toMatch(/\(Industrie- und Handelskammer, IHK\)$/);
      expect(hwk[lang], lang).toMatch(/\(Handwerkskammer\)$/);
    }
    expect(ihk.ar).toBe('غرفة الصناعة والتجارة (Industrie- und Handelskammer, IHK)');
    expect(hwk.ar).toBe('غرفة الحرف اليدوية (Handwerkskammer)');
  });

  it('can be published, every translation a draft, and takes version 2\'s complete answers once the referral names a chamber of its own', () => {
    expect(publishingProblems(v3)).toEqual([]);
    for (const lang of v3.languages) expect(v3.translations?.[lang]?.reviewState, lang).toBe(lang === 'de' ? 'reviewed' : 'draft');
    const today = '2026-12-01';
    expect(validateAnswers(v3, profilingbogenV2Complete, { today })).toEqual(validateAnswers(v2, profilingbogenV2Complete, { today }));
    const joint = { ...profilingbogenV2Complete, referrals: [{ referralPartner: 'ihk-hwk', referralPurpose: 'Anerkennung', referralDate: { year: 2026, month: 11, day: 15 } }] };
    expect(validateAnswers(v2, joint, { today })).toEqual([]);
    expect(validateAnswers(v3, joint, { today }).map((issue) => `${issue.path}: ${issue.code}`)).toEqual(['referrals[0].referralPartner: unknownCode']);
  });
});
