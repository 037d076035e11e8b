/**
 * Export → XLSX bytes → import gives back the identical definition: for the published
 * Profilingbogen (versions 1 and 2, every code list in 14 languages) and, property-based, for
 * generated forms with every field type, repeat groups, conditions, constraints of every kind,
 * partial dates, code lists with keywords and extras, purposes and recipients, review states.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cefrLevels,
  cefrSkills,
  parseFormDefinition,
  type Choice,
  type CodeList,
  type ConditionAst,
  type Constraint,
  type Field,
  type FormDefinition,
  type Item,
  type LocalizedText,
  type RepeatGroup,
  type Section,
} from '../../../core/form/index';
import { exportXlsForm } from './export';
import { importXlsForm } from './import';
import { printLotse } from './expressions';
import { readWorkbook, writeWorkbook } from './workbook';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');

async function roundTrip(def: FormDefinition): Promise<FormDefinition> {
  const result = importXlsForm(await readWorkbook(writeWorkbook(exportXlsForm(def))));
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.sheet}!${p.row}:${p.column} ${p.message.en}`).join('\n'));
  return result.definition;
}

describe('export → import of the published Profilingbogen', () => {
  for (const version of [1, 2]) {
    it(`gives back profilingbogen@${version} identically`, async () => {
      const def = JSON.parse(readFileSync(path.join(repoRoot, 'content/forms', `profilingbogen@${version}.json`), 'utf8')) as FormDefinition;
      const back = await roundTrip(def);
      expect(back).toStrictEqual(JSON.parse(JSON.stringify(def)));
      // Not vacuous: the form really has conditions, constraints, repeats and code lists.
      const items = back.sections.flatMap((s) => s.items);
      expect(items.filter((i) => 'kind' in i).length).toBeGreaterThanOrEqual(5);
      expect(Object.keys(back.codeLists).length).toBeGreaterThanOrEqual(12);
    }, 60_000);
  }

  it('writes the ODK layout: survey/choices/settings sheets and label::Language (code) headers', () => {
    const def = JSON.parse(readFileSync(path.join(repoRoot, 'content/forms/profilingbogen@2.json'), 'utf8')) as FormDefinition;
    const sheets = exportXlsForm(def);
    expect(sheets.map((s) => s.name)).toEqual(['survey', 'choices', 'codelists', 'settings']);
    const header = sheets[0]!.rows[0]!;
    expect(header.slice(0, 4)).toEqual(['type', 'name', 'label::German (de)', 'label::English (en)']);
    expect(header).toContain('label::Arabic (ar)');
    expect(header).toContain('label::Tigrinya (ti)');
    const survey = sheets[0]!.rows;
    expect(survey.find((row) => row[1] === 'interpreterOther')?.[header.indexOf('relevant')]).toBe("${interpreter} = 'other'");
    expect(survey.find((row) => row[1] === 'integrationCourseModule')?.[header.indexOf('relevant')]).toBe(
      "${skillLanguage} = 'deu' and (${integrationCourse} = 'attending' or ${integrationCourse} = 'interrupted')",
    );
    expect(survey.find((row) => row[1] === 'birthDate')?.slice(header.indexOf('constraint'), header.indexOf('constraint') + 1)).toEqual(['. <= today()']);
  });
});

// ------------------------------------------------------------------ generated forms

const alphabet = [...'abcXYZ äöüß ÄÖÜ éç 0123456789 .,;:!?-/()\'"\n', 'ا', 'ب', 'ت', 'ی', 'ک', 'ሀ', 'ለ', 'ሐ', 'я', 'ж', 'ğ', 'ş', '😀'];
const text = fc
  .array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 12 })
  .map((chars) => chars.join(''))
  .filter((s) => s.trim() !== '');
const langsArb = fc.subarray(['en', 'ar', 'fa', 'ti', 'prs', 'ckb'], { minLength: 0, maxLength: 4 }).map((rest) => ['de', ...rest]);

const localized = (langs: readonly string[]) =>
  fc.tuple(text, fc.array(fc.tuple(fc.constantFrom(...langs), text), { maxLength: langs.length })).map(([de, rest]) => {
    const out: Record<string, string> = { de };
    for (const [lang, value] of rest) if (lang !== 'de') out[lang] = value;
    return out as LocalizedText;
  });

const triState = fc.constantFrom<boolean | undefined>(true, false, undefined);
const optional = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A field shape before ids and conditions are attached. */
type Draft = Field;

function fieldArb(langs: readonly string[], codeListIds: readonly string[]): fc.Arbitrary<Draft> {
  const message = localized(langs);
  const base = fc.record({
    label: localized(langs),
    hint: optional(localized(langs)),
    reason: optional(localized(langs)),
    required: triState,
    allowNotStated: triState,
  });
  const constraint = (kinds: fc.Arbitrary<Omit<Constraint, 'message'>>) => fc.array(fc.tuple(kinds, message).map(([c, m]) => ({ ...c, message: m })), { maxLength: 3 });
  const bound = fc.integer({ min: -50, max: 500 });
  return fc.oneof(
    fc.tuple(base, fc.constantFrom<'text' | 'longtext'>('text', 'longtext'), constraint(fc.oneof(
      fc.record({ kind: fc.constant('minLength' as const), value: fc.nat(20) }),
      fc.record({ kind: fc.constant('maxLength' as const), value: fc.nat(500) }),
      fc.record({ kind: fc.constant('pattern' as const), value: fc.constantFrom('[0-9]+', '[A-Z]{2}[0-9]{3}', "[a-z' ]*x", '\\+?[0-9 ]{6,20}') }),
    ))).map(([b, type, constraints]) => ({ ...b, type, constraints }) as unknown as Draft),
    fc.tuple(base, fc.constantFrom(true, undefined), constraint(fc.oneof(
      fc.record({ kind: fc.constant('min' as const), value: bound }),
      fc.record({ kind: fc.constant('max' as const), value: bound }),
    ))).map(([b, integer, constraints]) => ({ ...b, type: 'number', integer, constraints }) as unknown as Draft),
    fc.tuple(base, triState, triState, constraint(fc.oneof(
      fc.record({ kind: fc.constant('notFuture' as const) }),
      fc.record({ kind: fc.constant('notBefore' as const), value: fc.constantFrom('1900-01-01', '2015-06-30') }),
    ))).map(([b, allowUnknownDay, allowUnknownMonth, constraints]) => ({ ...b, type: 'date', allowUnknownDay, allowUnknownMonth, constraints }) as unknown as Draft),
    fc.tuple(
      base,
      fc.constantFrom<'single' | 'multi'>('single', 'multi'),
      fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c', 'other', 'x_1', '5'), localized(langs), triState), { minLength: 1, maxLength: 4, selector: ([v]) => v }),
      constraint(fc.oneof(fc.record({ kind: fc.constant('min' as const), value: fc.nat(3) }), fc.record({ kind: fc.constant('max' as const), value: fc.nat(3) }))),
    ).map(([b, type, choices, constraints]) => ({
      ...b,
      type,
      choices: choices.map(([value, label, exclusive]): Choice => ({ value, label, ...(type === 'multi' ? { exclusive } : {}) })),
      constraints: type === 'multi' ? constraints : [],
    }) as unknown as Draft),
    fc.tuple(base, fc.constantFrom(...codeListIds), fc.constantFrom(true, undefined)).map(([b, codeList, multiple]) => ({ ...b, type: 'codelist', codeList, multiple }) as unknown as Draft),
    base.map((b) => ({ ...b, type: 'cefr', skillsCodeList: 'cefrSkills', levelsCodeList: 'cefrLevels' }) as unknown as Draft),
    base.map((b) => ({ ...b, type: 'yesno' }) as unknown as Draft),
    base.map((b) => ({ label: b.label, hint: b.hint, type: 'note' }) as unknown as Draft),
  );
}

/** Removes `undefined` properties and empty constraint lists: how a definition is stored. */
function clean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'constraints' && Array.isArray(v) && v.length === 0 ? undefined : v))) as T;
}

/**
 * The import reads a parenthesised `or` of equalities on one field as an in-list (that is how the
 * export writes `f in [...]`), so under `and`/`or` such a chain has one spelling: the in-list.
 */
function orTerms(ast: ConditionAst): ConditionAst[] {
  return ast.type === 'or' ? [...orTerms(ast.left), ...orTerms(ast.right)] : [ast];
}
function asInList(ast: ConditionAst): ConditionAst {
  if (ast.type !== 'or') return ast;
  const terms = orTerms(ast);
  const first = terms[0];
  if (first?.type !== 'compare' || first.left.type !== 'field') return ast;
  const id = first.left.id;
  const values = terms.map((t) => (t.type === 'compare' && t.op === '=' && t.left.type === 'field' && t.left.id === id && t.right.type === 'literal' && t.right.value !== null ? t.right.value : undefined));
  if (values.some((v) => v === undefined)) return ast;
  return { type: 'in', operand: first.left, values: values as (string | number | boolean)[], pos: 0 };
}

/** A condition over fields defined earlier at the top level, in the import's canonical spelling. */
function conditionArb(earlier: readonly Field[]): fc.Arbitrary<string | undefined> {
  const atoms: fc.Arbitrary<ConditionAst>[] = [];
  for (const field of earlier) {
    const ref = { type: 'field', id: field.id, pos: 0 } as const;
    atoms.push(fc.constant<ConditionAst>({ type: 'call', fn: 'empty', field: field.id, pos: 0 }));
    if (field.type === 'single') {
      const values = field.choices.map((c) => c.value);
      atoms.push(fc.constantFrom(...values).map((value): ConditionAst => ({ type: 'compare', op: '=', left: ref, right: { type: 'literal', value, pos: 0 }, pos: 0 })));
      atoms.push(fc.subarray(values, { minLength: 1 }).map((vs): ConditionAst => ({ type: 'in', operand: ref, values: vs, pos: 0 })));
    }
    if (field.type === 'multi') atoms.push(fc.constantFrom(...field.choices.map((c) => c.value)).map((value): ConditionAst => ({ type: 'call', fn: 'selected', field: field.id, value, pos: 0 })));
    if (field.type === 'number') {
      atoms.push(fc.tuple(fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const), fc.integer({ min: -5, max: 30 })).map(([op, value]): ConditionAst => ({ type: 'compare', op, left: ref, right: { type: 'literal', value, pos: 0 }, pos: 0 })));
    }
    if (field.type === 'yesno') atoms.push(fc.boolean().map((value): ConditionAst => ({ type: 'compare', op: '=', left: ref, right: { type: 'literal', value, pos: 0 }, pos: 0 })));
  }
  if (atoms.length === 0) return fc.constant(undefined);
  const atom = fc.oneof(...atoms);
  const tree: fc.Arbitrary<ConditionAst> = fc.letrec<{ node: ConditionAst }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      fc.tuple(fc.constantFrom<'and' | 'or'>('and', 'or'), tie('node'), tie('node')).map(([type, left, right]): ConditionAst => ({ type, left: asInList(left), right: asInList(right), pos: 0 })),
      tie('node').map((operand): ConditionAst => ({ type: 'not', operand, pos: 0 })),
    ),
  })).node;
  return optional(tree.map((ast) => printLotse(ast)));
}

const formArb: fc.Arbitrary<FormDefinition> = langsArb.chain((langs) => {
  const codeListItem = fc.record({
    code: fc.constantFrom('AA', 'BB', '011', '5', 'x-y'),
    label: localized(langs),
    keywords: optional(fc.dictionary(fc.constantFrom(...langs), fc.array(text.filter((t) => !t.includes(';') && t.trim() === t), { minLength: 1, maxLength: 3 }), { minKeys: 1 })),
    extra: optional(fc.dictionary(fc.constantFrom('isco08', 'bcp47', 'autonym'), text, { minKeys: 1 })),
  });
  const codeLists = fc.uniqueArray(fc.tuple(fc.constantFrom('countries', 'languages', 'occupations'), localized(langs), fc.constantFrom('ISO 3166-1', 'KldB 2010'), fc.uniqueArray(codeListItem, { minLength: 1, maxLength: 4, selector: (i) => i.code })), { minLength: 1, maxLength: 3, selector: ([id]) => id });
  return codeLists.chain((lists) => {
    const listIds = lists.map(([id]) => id);
    const sectionDraft = fc.record({
      label: localized(langs),
      hint: optional(localized(langs)),
      items: fc.array(fc.oneof({ weight: 4, arbitrary: fieldArb(langs, listIds).map((f) => ({ field: f })) }, { weight: 1, arbitrary: fc.record({ group: fc.record({ label: localized(langs), hint: optional(localized(langs)), min: optional(fc.nat(2)), max: optional(fc.integer({ min: 3, max: 12 })), fields: fc.array(fieldArb(langs, listIds), { minLength: 1, maxLength: 3 }) }) }) }), { minLength: 0, maxLength: 5 }),
    });
    return fc.record({
      title: localized(langs),
      sections: fc.array(sectionDraft, { minLength: 1, maxLength: 3 }),
      disclosure: fc.boolean(),
      reviewed: fc.subarray(langs),
      version: fc.integer({ min: 1, max: 40 }),
      conditionSeeds: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
    }).chain((draft) => {
      let n = 0;
      const earlier: Field[] = [];
      const conditionSlots: { target: { visibleIf?: string }; earlier: Field[] }[] = [];
      const sections: Section[] = draft.sections.map((s, si) => {
        const items: Item[] = s.items.map((entry) => {
          if ('field' in entry) {
            const field = { ...entry.field, id: `f${++n}` } as Field;
            conditionSlots.push({ target: field as { visibleIf?: string }, earlier: [...earlier] });
            earlier.push(field);
            return field;
          }
          const g = entry.group;
          const group: RepeatGroup = {
            kind: 'group',
            id: `g${++n}`,
            label: g.label,
            hint: g.hint,
            repeat: { min: g.min, max: g.max },
            items: g.fields.map((f) => ({ ...f, id: `f${++n}` }) as Field),
          };
          conditionSlots.push({ target: group as { visibleIf?: string }, earlier: [...earlier] });
          return group;
        });
        return {
          id: `s${si}`,
          label: s.label,
          hint: s.hint,
          items,
          ...(draft.disclosure ? { disclosure: { purposes: ['profiling'], recipients: si % 2 === 0 ? ['jobcenter'] : [] } } : {}),
        };
      });
      return fc.tuple(...conditionSlots.map((slot) => conditionArb(slot.earlier.filter((f) => f.type !== 'note'))), fc.constant(null)).map((conditions) => {
        conditionSlots.forEach((slot, i) => {
          if (conditions[i]) (slot.target as { visibleIf?: string }).visibleIf = conditions[i] as string;
        });
        const codeListsRecord: Record<string, CodeList> = Object.fromEntries(lists.map(([id, label, source, items]) => [id, { id, label, source, items }]));
        codeListsRecord.cefrSkills = { id: 'cefrSkills', label: { de: 'Fertigkeiten' }, source: 'CEFR', items: cefrSkills.map((code) => ({ code, label: { de: code } })) };
        codeListsRecord.cefrLevels = { id: 'cefrLevels', label: { de: 'Niveaus' }, source: 'CEFR', items: cefrLevels.map((code) => ({ code, label: { de: code } })) };
        const def: FormDefinition = {
          id: 'generated_form',
          version: draft.version,
          title: draft.title,
          languages: langs,
          translations: Object.fromEntries(langs.map((lang) => [lang, draft.reviewed.includes(lang) ? { reviewState: 'reviewed', reviewedBy: 'R. Prüfer', reviewedAt: '2026-12-01' } : { reviewState: 'draft' }])),
          sections,
          codeLists: codeListsRecord,
          ...(draft.disclosure ? { disclosure: { purposes: ['profiling', 'counselling'], recipients: ['jobcenter', 'kvhs'] } } : {}),
        };
        return clean(def);
      });
    });
  });
});

describe('export → import of generated forms', () => {
  it('gives back every generated (valid) definition identically', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(formArb, async (def) => {
        // Only definitions the schema accepts are published, hence exported.
        fc.pre(parseFormDefinition(def).ok);
        checked++;
        expect(await roundTrip(def)).toStrictEqual(def);
      }),
      { numRuns: 100 },
    );
    // The generator must mostly produce valid forms, or the property says little.
    expect(checked).toBeGreaterThan(70);
  }, 120_000);
});
