import { describe, expect, it } from 'vitest';
import { miniFormJson } from './__fixtures__/mini-form';
import { formatPath, parseFormDefinition, publishingProblems } from './schema';

// The tests break a valid definition at arbitrary depth; typing every path would only restate the schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function errorsOf(mutate: (form: Json) => void): { path: string; message: string }[] {
  const form: Json = miniFormJson();
  mutate(form);
  const result = parseFormDefinition(form);
  if (result.ok) throw new Error('expected the definition to be rejected');
  return [...result.errors];
}

describe('parseFormDefinition', () => {
  it('accepts a definition with every field type, a repeat group and conditions', () => {
    const result = parseFormDefinition(miniFormJson());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.definition.sections.map((s) => s.id)).toEqual(['person', 'languages']);
      expect(result.definition.version).toBe(1);
    }
  });

  it('parses a form with a catastrophic pattern (one published earlier must still load) but will not publish it', () => {
    const form: Json = miniFormJson();
    const safe = parseFormDefinition(form);
    if (!safe.ok) throw new Error('the mini form is valid');
    expect(publishingProblems(safe.definition)).toEqual([]);
    form.sections[0].items[2].constraints[0].value = '([a-z]+)+';
    const result = parseFormDefinition(form);
    if (!result.ok) throw new Error('expected the definition to parse');
    const errors = publishingProblems(result.definition);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('sections[0].items[2].constraints[0].value');
    expect(errors[0]!.message).toContain("field 'phone'");
    expect(errors[0]!.message).toContain('catastrophic backtracking');
    expect(errors[0]!.message).toContain("'[a-z]+'");
  });

  it('rejects a non-object with a root error', () => {
    const result = parseFormDefinition('not a form');
    expect(result).toEqual({ ok: false, errors: [{ path: '(root)', message: 'must be a object, not a string' }] });
  });

  it('names missing German text by path', () => {
    expect(errorsOf((f) => (f.sections[0].items[1].label = { en: 'Surname' }))).toEqual([
      { path: 'sections[0].items[1].label', message: "German text ('de') is required and must not be empty" },
    ]);
  });

  it('names a missing required property and its type', () => {
    expect(errorsOf((f) => delete f.version)).toEqual([{ path: 'version', message: 'is required (number)' }]);
  });

  it('rejects misspelt properties instead of ignoring them', () => {
    expect(errorsOf((f) => (f.sections[0].items[2].visibelIf = 'a = 1'))).toEqual([
      { path: 'sections[0].items[2]', message: "unknown property 'visibelIf'" },
    ]);
  });

  it('reports an unknown field type on its type property', () => {
    const errors = errorsOf((f) => (f.sections[0].items[3].type = 'colour'));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('sections[0].items[3].type');
    expect(errors[0]?.message).toContain('unknown field type "colour"');
  });

  it('reports errors inside a repeat group with the group path', () => {
    expect(errorsOf((f) => (f.sections[1].items[0].items[0].required = 'yes'))).toEqual([
      { path: 'sections[1].items[0].items[0].required', message: 'must be a boolean, not a string' },
    ]);
  });

  it('requires choices for single and multi fields', () => {
    expect(errorsOf((f) => (f.sections[0].items[6].choices = []))).toEqual([
      { path: 'sections[0].items[6].choices', message: 'a single or multi field needs at least one choice' },
    ]);
  });

  it('requires de as the first language and a translations entry per language', () => {
    const errors = errorsOf((f) => (f.languages = ['en', 'de', 'ar']));
    expect(errors).toContainEqual({ path: 'languages[0]', message: "the first language must be 'de' (German is authoritative)" });
    expect(errors).toContainEqual({ path: 'translations', message: "language 'ar' has no entry in translations" });
  });

  it('rejects malformed language tags', () => {
    expect(errorsOf((f) => (f.languages = ['de', 'en', 'fa_AF']))).toContainEqual({
      path: 'languages[2]',
      message: "'fa_AF' is not a BCP 47 language tag",
    });
  });

  it('rejects duplicate field ids, also across repeat groups', () => {
    expect(errorsOf((f) => (f.sections[1].items[0].items[2].id = 'surname'))).toEqual([
      { path: 'sections[1].items[0].items[2].id', message: "id 'surname' is already used at sections[0].items[1]" },
    ]);
  });

  it('rejects a visibleIf that does not parse, with its position', () => {
    expect(errorsOf((f) => (f.sections[0].items[10].visibleIf = 'isced >= '))).toEqual([
      {
        path: 'sections[0].items[10].visibleIf',
        message: 'syntax error: Expected a value but found end of expression (at position 9)',
      },
    ]);
  });

  it('rejects a visibleIf that reads an unknown field', () => {
    expect(errorsOf((f) => (f.sections[0].items[10].visibleIf = 'iscedLevel >= 5'))).toEqual([
      { path: 'sections[0].items[10].visibleIf', message: "refers to unknown field 'iscedLevel' (at position 0)" },
    ]);
  });

  it('does not let a top-level condition read a field inside a repeat group', () => {
    expect(errorsOf((f) => (f.sections[0].items[11].visibleIf = "lang = 'deu'"))).toEqual([
      { path: 'sections[0].items[11].visibleIf', message: "refers to unknown field 'lang' (at position 0)" },
    ]);
  });

  it('checks expr constraints and count() arguments', () => {
    expect(
      errorsOf((f) => (f.sections[1].items[1].constraints[0].expr = 'count(languageNotes) > 0')),
    ).toEqual([
      {
        path: 'sections[1].items[1].constraints[0].expr',
        message: "count() needs a repeat group, but 'languageNotes' is a field",
      },
    ]);
  });

  it('checks selected() values against the choices', () => {
    expect(errorsOf((f) => (f.sections[0].items[13].visibleIf = "selected(goals, 'holiday')"))).toEqual([
      { path: 'sections[0].items[13].visibleIf', message: "'holiday' is not a choice of 'goals'" },
    ]);
  });

  it('requires code-list fields to reference an existing code list', () => {
    expect(errorsOf((f) => (f.sections[0].items[7].codeList = 'nations'))).toEqual([
      { path: 'sections[0].items[7].codeList', message: "code list 'nations' does not exist" },
    ]);
  });

  it('requires the CEFR code lists to hold exactly the skills and levels', () => {
    expect(errorsOf((f) => f.codeLists.cefrLevels.items.pop())).toEqual([
      {
        path: 'sections[1].items[0].items[1].levelsCodeList',
        message: "code list 'cefrLevels' must exist and hold exactly the codes none, A1, A2, B1, B2, C1, C2, notAssessed",
      },
    ]);
  });

  it('checks constraint values', () => {
    const errors = errorsOf((f) => {
      f.sections[0].items[2].constraints[0].value = '([a-z';
      f.sections[0].items[8].constraints[0].value = 'zero';
      f.sections[0].items[5].constraints[0].value = 'arrivalDate';
    });
    expect(errors).toEqual([
      { path: 'sections[0].items[2].constraints[0].value', message: "'([a-z' is not a valid regular expression" },
      { path: 'sections[0].items[5].constraints[0].value', message: "'arrivalDate' is neither an ISO date (YYYY-MM-DD) nor a date field" },
      { path: 'sections[0].items[8].constraints[0].value', message: 'a min constraint needs a number value' },
    ]);
  });

  it('rejects duplicate codes and a code list stored under another key', () => {
    const errors = errorsOf((f) => {
      f.codeLists.countries.items.push({ code: 'SY', label: { de: 'Syrien' } });
      f.codeLists.isced.id = 'isced2011';
    });
    expect(errors).toEqual([
      { path: 'codeLists.countries.items[4].code', message: "code 'SY' occurs twice" },
      { path: 'codeLists.isced.id', message: "id 'isced2011' differs from its key 'isced'" },
    ]);
  });

  it('rejects a repeat group with min above max', () => {
    expect(errorsOf((f) => (f.sections[1].items[0].repeat = { min: 4, max: 3 }))).toEqual([
      { path: 'sections[1].items[0].repeat', message: 'min (4) is greater than max (3)' },
    ]);
  });
});

describe('formatPath', () => {
  it('writes indices in brackets and odd keys quoted', () => {
    expect(formatPath(['sections', 3, 'items', 2, 'visibleIf'])).toBe('sections[3].items[2].visibleIf');
    expect(formatPath(['codeLists', 'countries', 'items', 0])).toBe('codeLists.countries.items[0]');
    expect(formatPath(['translations', 'fa-AF'])).toBe('translations["fa-AF"]');
    expect(formatPath([])).toBe('(root)');
  });
});
