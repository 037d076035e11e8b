/**
 * XLSForm import: workbooks laid out the way ODK and KoboToolbox users write them (sheet names,
 * `label::Language (code)` headers, `${field}` references, `begin group` / `begin_repeat`), what
 * becomes of them, and what is refused — always with sheet, row and column, in German and English.
 * The workbooks go through real XLSX bytes (written, then read back with read-excel-file).
 */
import { describe, expect, it } from 'vitest';
import type { ChoiceField, FormDefinition, RepeatGroup } from '../../../core/form/index';
import { importXlsForm, type XlsFormProblem } from './import';
import { readWorkbook, writeWorkbook, type Sheet } from './workbook';

/** A Kobo-style household form: English first (as Kobo exports it), German and Arabic beside it. */
function koboSurvey(): string[][] {
  return [
    ['type', 'name', 'label::English (en)', 'label::German (de)', 'label::Arabic (ar)', 'hint::German (de)', 'required', 'relevant', 'constraint', 'constraint_message::English (en)', 'constraint_message::German (de)', 'appearance', 'media::image'],
    ['begin group', 'person', 'Person', 'Person', 'الشخص', '', '', '', '', '', '', 'field-list', ''],
    ['text', 'surname', 'Surname', 'Familienname', 'اسم العائلة', 'wie im Ausweis', 'yes', '', 'string-length(.) <= 100', 'At most 100 characters', 'Höchstens 100 Zeichen', '', ''],
    ['integer', 'age', 'Age', 'Alter', 'العمر', '', 'true()', '', '. >= 16 and . <= 99', 'Between 16 and 99', 'Zwischen 16 und 99', '', ''],
    ['select_one yes_no', 'has_children', 'Children?', 'Kinder?', 'أطفال؟', '', 'yes', '', '', '', '', 'minimal', ''],
    ['integer', 'children', 'How many?', 'Wie viele?', 'كم؟', '', '', "${has_children} = 'yes' and ${age} > 17", '', '', '', '', ''],
    ['select_multiple langs', 'languages', 'Languages', 'Sprachen', 'اللغات', '', '', '', 'count-selected(.) <= 3', 'At most three', 'Höchstens drei', '', ''],
    ['text', 'other_language', 'Which?', 'Welche?', 'أي؟', '', 'yes', "selected(${languages}, 'other') or count-selected(${languages}) = 0", '', '', '', '', ''],
    ['decimal', 'height', 'Height (m)', 'Größe (m)', 'الطول', '', '', 'not(${age} < 18)', '', '', '', '', ''],
    ['date', 'arrival', 'Arrival', 'Einreise', 'الوصول', '', '', '', '. <= today()', 'Not in the future', 'Nicht in der Zukunft', '', ''],
    ['note', 'thanks', 'Thank you', 'Danke', 'شكرا', '', '', '', '', '', '', '', ''],
    ['text', 'remarks', 'Remarks', 'Bemerkungen', 'ملاحظات', '', '', "${children} != ''", '', '', '', 'multiline', ''],
    ['end group', '', '', '', '', '', '', '', '', '', '', '', ''],
    ['begin_group', 'work', 'Work', 'Arbeit', 'العمل', '', '', '', '', '', '', '', ''],
    ['begin_repeat', 'jobs', 'Jobs', 'Tätigkeiten', 'الوظائف', '', '', '${age} >= 16', '', '', '', '', ''],
    ['text', 'job', 'Job', 'Tätigkeit', 'الوظيفة', '', 'yes', '', '', '', '', '', ''],
    ['integer', 'years', 'Years', 'Jahre', 'سنوات', '', '', "${job} != ''", '. >= 0', 'Not negative', 'Nicht negativ', '', ''],
    ['end_repeat', '', '', '', '', '', '', '', '', '', '', '', ''],
    ['integer', 'job_count_check', 'Check', 'Prüfung', 'فحص', '', '', 'count(${jobs}) > 0', '', '', '', '', ''],
    ['end_group', '', '', '', '', '', '', '', '', '', '', '', ''],
  ];
}

function koboChoices(): string[][] {
  return [
    ['list_name', 'name', 'label::English (en)', 'label::German (de)', 'label::Arabic (ar)'],
    ['yes_no', 'yes', 'Yes', 'Ja', 'نعم'],
    ['yes_no', 'no', 'No', 'Nein', 'لا'],
    ['langs', 'ar', 'Arabic', 'Arabisch', 'العربية'],
    ['langs', 'fa', 'Farsi', 'Farsi', 'الفارسية'],
    ['langs', 'other', 'Other', 'Andere', 'أخرى'],
  ];
}

function koboSettings(): string[][] {
  return [
    ['form_title', 'form_title::German (de)', 'form_id', 'version', 'default_language'],
    ['Household', 'Haushalt', 'household', '3', 'English (en)'],
  ];
}

function workbook(overrides: { survey?: string[][]; choices?: string[][]; settings?: string[][]; extra?: Sheet[] } = {}): Sheet[] {
  return [
    { name: 'survey', rows: overrides.survey ?? koboSurvey() },
    { name: 'choices', rows: overrides.choices ?? koboChoices() },
    { name: 'settings', rows: overrides.settings ?? koboSettings() },
    ...(overrides.extra ?? []),
  ];
}

/** Through real XLSX bytes, as an upload would arrive. */
async function importSheets(sheets: Sheet[]) {
  return importXlsForm(await readWorkbook(writeWorkbook(sheets)));
}

async function imported(sheets: Sheet[]): Promise<FormDefinition> {
  const result = await importSheets(sheets);
  if (!result.ok) throw new Error(`expected a clean import:\n${result.problems.map((p) => `${p.sheet}!${p.row}:${p.column} ${p.message.en}`).join('\n')}`);
  return result.definition;
}

async function problemsOf(sheets: Sheet[]): Promise<readonly XlsFormProblem[]> {
  const result = await importSheets(sheets);
  if (result.ok) throw new Error('expected problems');
  for (const problem of result.problems) {
    expect(problem.message.de.length, JSON.stringify(problem)).toBeGreaterThan(10);
    expect(problem.message.en.length, JSON.stringify(problem)).toBeGreaterThan(10);
    expect(problem.message.de).not.toBe(problem.message.en);
  }
  return result.problems;
}

/** Replaces the cell of `column` in the survey row whose name is `name`. */
function withCell(rows: string[][], name: string, column: string, value: string): string[][] {
  const header = rows[0]!;
  const c = header.indexOf(column);
  if (c < 0) throw new Error(`no column ${column}`);
  return rows.map((row) => (row[1] === name ? row.map((cell, i) => (i === c ? value : cell)) : row));
}

describe('XLSForm import: what a Kobo/ODK workbook becomes', () => {
  it('reads sections, a repeat group, every question type, labels per language, hints, required', async () => {
    const def = await imported(workbook());
    expect(def.id).toBe('household');
    expect(def.version).toBe(3);
    // German first (authoritative), then the order of the label columns.
    expect(def.languages).toEqual(['de', 'en', 'ar']);
    expect(def.title).toEqual({ de: 'Haushalt', en: 'Household' });
    expect(def.translations).toEqual({ de: { reviewState: 'reviewed' }, en: { reviewState: 'draft' }, ar: { reviewState: 'draft' } });
    expect(def.sections.map((s) => s.id)).toEqual(['person', 'work']);
    const person = def.sections[0]!;
    expect(person.items.map((i) => [i.id, 'type' in i ? i.type : 'group'])).toEqual([
      ['surname', 'text'],
      ['age', 'number'],
      ['has_children', 'single'],
      ['children', 'number'],
      ['languages', 'multi'],
      ['other_language', 'text'],
      ['height', 'number'],
      ['arrival', 'date'],
      ['thanks', 'note'],
      ['remarks', 'longtext'],
    ]);
    const surname = person.items[0]!;
    expect(surname).toMatchObject({ label: { de: 'Familienname', en: 'Surname', ar: 'اسم العائلة' }, hint: { de: 'wie im Ausweis' }, required: true });
    expect(person.items[1]).toMatchObject({ integer: true, required: true });
    expect(person.items[6]).not.toHaveProperty('integer');
    expect((person.items[2] as ChoiceField).choices).toEqual([
      { value: 'yes', label: { de: 'Ja', en: 'Yes', ar: 'نعم' } },
      { value: 'no', label: { de: 'Nein', en: 'No', ar: 'لا' } },
    ]);
    const jobs = def.sections[1]!.items[0] as RepeatGroup;
    expect(jobs.kind).toBe('group');
    expect(jobs.items.map((f) => f.id)).toEqual(['job', 'years']);
  });

  it('translates relevant into Lotse conditions: ${field}, selected(), count-selected() against 0, not(), count(), = \'\'', async () => {
    const def = await imported(workbook());
    const byId = new Map(def.sections.flatMap((s) => s.items.flatMap((i) => ('kind' in i ? [i, ...i.items] : [i]))).map((i) => [i.id, i]));
    expect(byId.get('children')?.visibleIf).toBe("has_children = 'yes' and age > 17");
    expect(byId.get('other_language')?.visibleIf).toBe("selected(languages, 'other') or empty(languages)");
    expect(byId.get('height')?.visibleIf).toBe('not age < 18');
    expect(byId.get('remarks')?.visibleIf).toBe('not empty(children)');
    expect(byId.get('jobs')?.visibleIf).toBe('age >= 16');
    expect(byId.get('years')?.visibleIf).toBe('not empty(job)');
    expect(byId.get('job_count_check')?.visibleIf).toBe('count(jobs) > 0');
  });

  it('turns constraint shapes into Lotse constraints, one per conjunct, each with the message', async () => {
    const def = await imported(workbook());
    const items = def.sections[0]!.items;
    const message = { de: 'Zwischen 16 und 99', en: 'Between 16 and 99' };
    expect(items[1]).toMatchObject({ constraints: [{ kind: 'min', value: 16, message }, { kind: 'max', value: 99, message }] });
    expect(items[0]).toMatchObject({ constraints: [{ kind: 'maxLength', value: 100 }] });
    expect(items[4]).toMatchObject({ constraints: [{ kind: 'max', value: 3 }] });
    expect(items[7]).toMatchObject({ constraints: [{ kind: 'notFuture', message: { de: 'Nicht in der Zukunft', en: 'Not in the future' } }] });
  });

  it('keeps any other constraint as a Lotse expression with . as the field', async () => {
    const survey = withCell(withCell(koboSurvey(), 'children', 'constraint', '. <= ${age} or ${age} = 99'), 'children', 'constraint_message::German (de)', 'Zu viele');
    const def = await imported(workbook({ survey }));
    expect(def.sections[0]!.items[3]).toMatchObject({ constraints: [{ kind: 'expr', expr: 'children <= age or age = 99', message: { de: 'Zu viele' } }] });
  });

  it('reads Lotse\'s own columns: code lists, yes/no, CEFR grid, partial dates, not stated, repeat bounds, purposes and recipients, review state', async () => {
    const survey = [
      ['type', 'name', 'label::German (de)', 'label::Tigrinya (ti)', 'reason::German (de)', 'required', 'allow_not_stated', 'unknown_day', 'unknown_month', 'repeat_min', 'repeat_max', 'purposes', 'recipients'],
      ['begin_group', 'a', 'A', 'ሀ', '', '', '', '', '', '', '', 'profiling', 'jobcenter'],
      ['select_multiple countries', 'nationality', 'Staatsangehörigkeit', 'ዜግነት', 'Für die Beratung', 'yes', 'yes', '', '', '', '', '', ''],
      ['date', 'born', 'Geburtsdatum', 'ዕለተ ልደት', '', '', '', 'yes', 'yes', '', '', 'profiling counselling', ''],
      ['yesno', 'licence', 'Führerschein?', 'መንጃ ፍቓድ?', '', '', '', '', '', '', '', '', ''],
      ['begin_repeat', 'skills', 'Sprachen', 'ቋንቋታት', '', '', '', '', '', '1', '12', '', ''],
      ['cefr cefrSkills cefrLevels', 'grid', 'Selbsteinschätzung', 'ገምጋም', '', 'yes', '', '', '', '', '', '', ''],
      ['end_repeat', '', '', '', '', '', '', '', '', '', '', '', ''],
      ['end_group', '', '', '', '', '', '', '', '', '', '', '', ''],
    ];
    const skills = ['listening', 'reading', 'spokenInteraction', 'spokenProduction', 'writing'];
    const levels = ['none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'notAssessed'];
    const choices = [
      ['list_name', 'name', 'label::German (de)', 'label::Tigrinya (ti)', 'keywords::German (de)', 'extra::iso3'],
      ['countries', 'ER', 'Eritrea', 'ኤርትራ', 'Eritrea; Asmara', 'ERI'],
      ['countries', 'SY', 'Syrien', 'ሶርያ', '', 'SYR'],
      ...skills.map((code) => ['cefrSkills', code, code, '', '', '']),
      ...levels.map((code) => ['cefrLevels', code, code, '', '', '']),
    ];
    const codelists = [
      ['list_name', 'label::German (de)', 'source'],
      ['countries', 'Staaten', 'ISO 3166-1'],
      ['cefrSkills', 'Fertigkeiten', 'CEFR'],
      ['cefrLevels', 'Niveaus', 'CEFR'],
    ];
    const settings = [
      ['form_id', 'version', 'form_title::German (de)', 'purposes', 'recipients', 'review_state::Tigrinya (ti)', 'reviewed_by::Tigrinya (ti)', 'reviewed_at::Tigrinya (ti)'],
      ['profil', '1', 'Profil', 'profiling counselling', 'jobcenter kvhs', 'reviewed', 'Almaz T.', '2026-11-30'],
    ];
    const def = await imported([
      { name: 'survey', rows: survey },
      { name: 'choices', rows: choices },
      { name: 'settings', rows: settings },
      { name: 'codelists', rows: codelists },
    ]);
    expect(def.languages).toEqual(['de', 'ti']);
    expect(def.translations.ti).toEqual({ reviewState: 'reviewed', reviewedBy: 'Almaz T.', reviewedAt: '2026-11-30' });
    expect(def.disclosure).toEqual({ purposes: ['profiling', 'counselling'], recipients: ['jobcenter', 'kvhs'] });
    const section = def.sections[0]!;
    expect(section.disclosure).toEqual({ purposes: ['profiling'], recipients: ['jobcenter'] });
    expect(section.items[0]).toMatchObject({ type: 'codelist', codeList: 'countries', multiple: true, allowNotStated: true, reason: { de: 'Für die Beratung' } });
    expect(section.items[1]).toMatchObject({ type: 'date', allowUnknownDay: true, allowUnknownMonth: true, disclosure: { purposes: ['profiling', 'counselling'], recipients: [] } });
    expect(section.items[2]).toMatchObject({ type: 'yesno' });
    expect(section.items[3]).toMatchObject({ kind: 'group', repeat: { min: 1, max: 12 }, items: [{ type: 'cefr', skillsCodeList: 'cefrSkills', levelsCodeList: 'cefrLevels' }] });
    expect(def.codeLists.countries).toEqual({
      id: 'countries',
      label: { de: 'Staaten' },
      source: 'ISO 3166-1',
      items: [
        { code: 'ER', label: { de: 'Eritrea', ti: 'ኤርትራ' }, keywords: { de: ['Eritrea', 'Asmara'] }, extra: { iso3: 'ERI' } },
        { code: 'SY', label: { de: 'Syrien', ti: 'ሶርያ' }, extra: { iso3: 'SYR' } },
      ],
    });
  });
});

describe('XLSForm import: what is refused, with sheet, row and column', () => {
  const expectProblem = (problems: readonly XlsFormProblem[], where: { sheet: string; row?: number; column?: string }, en: RegExp) => {
    const match = problems.find((p) => p.sheet === where.sheet && p.row === where.row && p.column === where.column && en.test(p.message.en));
    expect(match, `expected ${JSON.stringify(where)} ${String(en)} among\n${problems.map((p) => `${p.sheet}!${p.row}:${p.column} ${p.message.en}`).join('\n')}`).toBeDefined();
  };

  it('refuses expressions outside the condition language by name: today(), if(), arithmetic, count-selected() > 2, . in relevant', async () => {
    let survey = withCell(koboSurvey(), 'children', 'relevant', '${age} > today()');
    survey = withCell(survey, 'height', 'relevant', "if(${age} > 3, 'a', 'b') = 'a'");
    survey = withCell(survey, 'remarks', 'relevant', '${age} + 1 > 18');
    survey = withCell(survey, 'other_language', 'relevant', 'count-selected(${languages}) > 2');
    survey = withCell(survey, 'thanks', 'relevant', '. > 3');
    const problems = await problemsOf(workbook({ survey }));
    expectProblem(problems, { sheet: 'survey', row: 6, column: 'relevant' }, /today\(\) is refused/);
    expectProblem(problems, { sheet: 'survey', row: 9, column: 'relevant' }, /function if\(\) has no equivalent/);
    expectProblem(problems, { sheet: 'survey', row: 12, column: 'relevant' }, /arithmetic \('\+'\)/);
    expectProblem(problems, { sheet: 'survey', row: 8, column: 'relevant' }, /count-selected\(\) can only be compared with 0/);
    expectProblem(problems, { sheet: 'survey', row: 11, column: 'relevant' }, /'\.' \(this field\) only has a meaning in a constraint/);
    // Each expression problem quotes the expression the coordinator wrote.
    expect(problems.find((p) => p.row === 12)?.message.de).toContain('${age} + 1 > 18');
  });

  it('refuses types without a Lotse equivalent and metadata types, with the reason', async () => {
    const survey = koboSurvey();
    survey.splice(3, 0, ['geopoint', 'where', 'Where', 'Wo', 'أين', '', '', '', '', '', '', '', ''], ['start', 'started', '', '', '', '', '', '', '', '', '', '', ''], ['calculate', 'sum', '', '', '', '', '', '', '', '', '', '', '']);
    const problems = await problemsOf(workbook({ survey }));
    expectProblem(problems, { sheet: 'survey', row: 4, column: 'type' }, /'geopoint' has no Lotse equivalent/);
    expectProblem(problems, { sheet: 'survey', row: 5, column: 'type' }, /'start' is refused: Lotse records the interview's metadata itself/);
    expectProblem(problems, { sheet: 'survey', row: 6, column: 'type' }, /'calculate' is refused/);
  });

  it('refuses a column Lotse does not read once it has content, and a language without its code', async () => {
    const survey = withCell(koboSurvey(), 'age', 'media::image', 'age.png').map((row, i) => (i === 0 ? row.map((h) => (h === 'label::Arabic (ar)' ? 'label::Arabic' : h)) : row));
    const problems = await problemsOf(workbook({ survey }));
    expectProblem(problems, { sheet: 'survey', row: 4, column: 'media::image' }, /does not read the column 'media::image'/);
    expectProblem(problems, { sheet: 'survey', row: 1, column: 'label::Arabic' }, /the language 'Arabic' has no code: write it as 'Arabic \(code\)'/);
  });

  it('refuses nested sections, questions outside a section, unclosed repeats, lists not in choices', async () => {
    const survey = [
      ['type', 'name', 'label::German (de)'],
      ['text', 'loose', 'Lose'],
      ['begin_group', 'a', 'A'],
      ['begin_group', 'inner', 'Innen'],
      ['select_one missing', 'pick', 'Wahl'],
      ['begin_repeat', 'r', 'R'],
      ['text', 't', 'T'],
      ['end_group', '', ''],
    ];
    const problems = await problemsOf(workbook({ survey }));
    expectProblem(problems, { sheet: 'survey', row: 2, column: 'type' }, /'loose' is outside every section/);
    expectProblem(problems, { sheet: 'survey', row: 4, column: 'type' }, /sections do not nest/);
    expectProblem(problems, { sheet: 'survey', row: 5, column: 'type' }, /the list 'missing' is not in the choices sheet/);
    expectProblem(problems, { sheet: 'survey', row: 8, column: 'type' }, /end_group, but the repeat 'r' \(row 6\) is still open/);
    expectProblem(problems, { sheet: 'survey', row: 6, column: 'type' }, /the repeat 'r' is never closed/);
  });

  it('refuses a constraint without a German message, required_message, and a bad version', async () => {
    let survey = withCell(koboSurvey(), 'years', 'constraint_message::German (de)', '');
    survey = [...survey.map((row, i) => [...row, i === 0 ? 'required_message::German (de)' : row[1] === 'surname' ? 'Pflicht!' : ''])];
    const settings = [koboSettings()[0]!, ['Household', 'Haushalt', 'household', '2026-12-05', 'English (en)']];
    const problems = await problemsOf(workbook({ survey, settings }));
    expectProblem(problems, { sheet: 'survey', row: 17, column: 'constraint_message::German (de)' }, /the message of constraint has no German text/);
    expectProblem(problems, { sheet: 'survey', row: 3, column: 'required_message::German (de)' }, /Lotse words the "required" message itself/);
    expectProblem(problems, { sheet: 'settings', row: 2, column: 'version' }, /version '2026-12-05' must be a whole number/);
  });

  it('places the schema\'s own findings on the cell: an unknown field in relevant, a choice value twice, a missing sheet', async () => {
    const survey = withCell(koboSurvey(), 'height', 'relevant', '${agee} > 3');
    const choices = [...koboChoices(), ['langs', 'fa', 'Farsi again', 'Farsi nochmal', '']];
    const problems = await problemsOf(workbook({ survey, choices }));
    expectProblem(problems, { sheet: 'survey', row: 9, column: 'relevant' }, /unknown field 'agee'/);
    expectProblem(problems, { sheet: 'choices', row: 7, column: 'name' }, /choice value 'fa' occurs twice/);
    const noSurvey = await importSheets([{ name: 'choices', rows: koboChoices() }]);
    expect(noSurvey.ok).toBe(false);
    if (!noSurvey.ok) expect(noSurvey.problems).toEqual([{ sheet: 'survey', message: { en: "the workbook has no sheet named 'survey'", de: "die Arbeitsmappe hat kein Blatt namens 'survey'" } }]);
  });

  it('refuses a pattern that could freeze a device (publishingProblems), on the constraint cell', async () => {
    const survey = withCell(withCell(koboSurvey(), 'remarks', 'constraint', "regex(., '([a-z]+)+')"), 'remarks', 'constraint_message::German (de)', 'Nur Buchstaben');
    const problems = await problemsOf(workbook({ survey }));
    expectProblem(problems, { sheet: 'survey', row: 12, column: 'constraint' }, /backtrack|repetition/i);
  });
});
