/**
 * XLSForm workbook → Lotse form definition.
 *
 * Sheets `survey`, `choices`, `settings` as ODK/KoboToolbox write them, plus Lotse's own sheet
 * `codelists` (which lists of `choices` are searchable code lists, with their label and source) and
 * Lotse's own columns where XLSForm has none. The format is described in content/README.md
 * ("Forms as spreadsheets"). Every problem names sheet, row and column, in German and English;
 * a definition is returned only when there is none, and it has passed `parseFormDefinition` and
 * `publishingProblems`.
 */
import {
  formatPath,
  parseFormDefinition,
  publishingProblems,
  type Choice,
  type CodeList,
  type CodeListItem,
  type ConditionAst,
  type Constraint,
  type Disclosure,
  type Field,
  type FormDefinition,
  type Item,
  type RepeatGroup,
  type Section,
  type TranslationInfo,
} from '../../../core/form/index';
import { ExpressionRefusal, parseXlsExpression, printLotse, toLotse, type XNode } from './expressions';
import { languageHeader, parseHeader, type Column } from './columns';
import type { Sheet } from './workbook';

/** One problem of an uploaded workbook. `row` is the spreadsheet's row number (header = 1). */
export interface XlsFormProblem {
  readonly sheet: string;
  readonly row?: number | undefined;
  readonly column?: string | undefined;
  readonly message: { readonly de: string; readonly en: string };
}

export type XlsFormImportResult =
  | { readonly ok: true; readonly definition: FormDefinition }
  | { readonly ok: false; readonly problems: readonly XlsFormProblem[] };

interface Where {
  readonly sheet: string;
  readonly row?: number | undefined;
  readonly column?: string | undefined;
}

class Table {
  readonly columns: Column[];
  readonly byBase = new Map<string, Column[]>();
  constructor(readonly sheet: Sheet) {
    this.columns = (sheet.rows[0] ?? []).map((header, index) => parseHeader(header, index));
    for (const column of this.columns) {
      if (column.header.trim() === '') continue;
      const list = this.byBase.get(column.base) ?? [];
      list.push(column);
      this.byBase.set(column.base, list);
    }
  }
  get name(): string {
    return this.sheet.name;
  }
  /** Data rows with their spreadsheet row numbers; fully empty rows are skipped. */
  *rows(): Generator<{ row: number; cells: readonly string[] }> {
    for (let i = 1; i < this.sheet.rows.length; i++) {
      const cells = this.sheet.rows[i]!;
      if (cells.some((cell) => cell.trim() !== '')) yield { row: i + 1, cells };
    }
  }
  /** The untranslated column `base`, trimmed. */
  get(cells: readonly string[], base: string): string {
    const column = this.byBase.get(base)?.find((c) => c.lang === undefined && c.suffix === undefined);
    return column ? (cells[column.index] ?? '').trim() : '';
  }
  has(base: string): boolean {
    return this.byBase.has(base);
  }
  header(base: string, lang?: string): string {
    const column = this.byBase.get(base)?.find((c) => c.lang === lang);
    return column?.header ?? (lang === undefined ? base : languageHeader(base, lang));
  }
  /** The text of `base` in every language that has one, exactly as typed. */
  localized(cells: readonly string[], base: string, languages: readonly string[], defaultLang: string | undefined): Record<string, string> {
    const text: Record<string, string> = {};
    const columns = this.byBase.get(base) ?? [];
    for (const lang of languages) {
      const column = columns.find((c) => c.lang === lang) ?? (lang === defaultLang ? columns.find((c) => c.suffix === undefined) : undefined);
      if (!column) continue;
      const value = cells[column.index] ?? '';
      if (value.trim() !== '') text[lang] = value;
    }
    return text;
  }
}

const yes = new Set(['yes', 'true', 'true()', '1']);
const no = new Set(['no', 'false', 'false()', '0']);

/** Columns each sheet reads; any other non-empty column is a problem, never silently dropped. */
const surveyColumns = new Set([
  'type',
  'name',
  'label',
  'hint',
  'reason',
  'required',
  'required_message',
  'relevant',
  'appearance',
  'allow_not_stated',
  'unknown_day',
  'unknown_month',
  'repeat_min',
  'repeat_max',
  'purposes',
  'recipients',
]);
const isConstraintBase = (base: string) => /^constraint(_[0-9]+)?$/.test(base) || /^constraint_message(_[0-9]+)?$/.test(base);
const choicesColumns = new Set(['list_name', 'name', 'label', 'exclusive', 'keywords', 'extra']);
const codelistsColumns = new Set(['list_name', 'label', 'source']);
const settingsColumns = new Set(['form_id', 'version', 'form_title', 'default_language', 'purposes', 'recipients', 'review_state', 'reviewed_by', 'reviewed_at']);

const msg = (en: string, de: string) => ({ en, de });

export function importXlsForm(sheets: readonly Sheet[]): XlsFormImportResult {
  const problems: XlsFormProblem[] = [];
  const report = (where: Where, message: { en: string; de: string }) => problems.push({ ...where, message });
  const find = (name: string) => sheets.find((sheet) => sheet.name.trim().toLowerCase() === name);

  const surveySheet = find('survey');
  if (!surveySheet) {
    report({ sheet: 'survey' }, msg("the workbook has no sheet named 'survey'", "die Arbeitsmappe hat kein Blatt namens 'survey'"));
    return { ok: false, problems };
  }
  const survey = new Table(surveySheet);
  const choicesSheet = find('choices');
  const choices = choicesSheet ? new Table(choicesSheet) : undefined;
  const settingsSheet = find('settings');
  const settings = settingsSheet ? new Table(settingsSheet) : undefined;
  const codelistsSheet = find('codelists');
  const codelists = codelistsSheet ? new Table(codelistsSheet) : undefined;

  // ------------------------------------------------------------ headers and languages
  const languages: string[] = [];
  const checkHeaders = (table: Table, allowed: (base: string) => boolean) => {
    const seen = new Set<string>();
    for (const column of table.columns) {
      if (column.header.trim() === '') continue;
      const where = { sheet: table.name, row: 1, column: column.header };
      if (column.langProblem) report(where, column.langProblem);
      if (column.lang && !languages.includes(column.lang)) languages.push(column.lang);
      const key = `${column.base}::${column.lang ?? column.suffix ?? ''}`;
      if (seen.has(key)) report(where, msg(`the column '${column.header}' occurs twice`, `die Spalte '${column.header}' kommt zweimal vor`));
      seen.add(key);
      if (!allowed(column.base)) {
        // Only a column with content is a problem: ODK templates carry many empty ones.
        const used = [...table.rows()].find(({ cells }) => (cells[column.index] ?? '').trim() !== '');
        if (used) {
          report(
            { sheet: table.name, row: used.row, column: column.header },
            msg(
              `Lotse does not read the column '${column.header}'; empty it or remove it (nothing is dropped silently)`,
              `Lotse liest die Spalte '${column.header}' nicht; bitte leeren oder entfernen (nichts wird stillschweigend weggelassen)`,
            ),
          );
        }
      }
    }
  };
  checkHeaders(survey, (base) => surveyColumns.has(base) || isConstraintBase(base));
  if (choices) checkHeaders(choices, (base) => choicesColumns.has(base));
  if (codelists) checkHeaders(codelists, (base) => codelistsColumns.has(base));
  if (settings) checkHeaders(settings, (base) => settingsColumns.has(base));
  if (!survey.has('type')) report({ sheet: survey.name, row: 1, column: 'type' }, msg("the survey sheet needs a column 'type'", "das Blatt survey braucht eine Spalte 'type'"));
  if (!survey.has('name')) report({ sheet: survey.name, row: 1, column: 'name' }, msg("the survey sheet needs a column 'name'", "das Blatt survey braucht eine Spalte 'name'"));

  // ------------------------------------------------------------ settings
  const settingsRow = settings ? [...settings.rows()][0] : undefined;
  const settingsCells = settingsRow?.cells ?? [];
  const settingsAt = (column: string): Where => ({ sheet: settings?.name ?? 'settings', row: settingsRow?.row ?? 2, column });
  let defaultLang: string | undefined;
  if (settings && settingsRow) {
    const raw = settings.get(settingsCells, 'default_language');
    if (raw !== '') {
      const parsed = parseHeader(`label::${raw}`, 0);
      if (parsed.langProblem) report(settingsAt('default_language'), parsed.langProblem);
      defaultLang = parsed.lang;
    }
  }
  const unlabelled = survey.byBase.get('label')?.some((c) => c.suffix === undefined) ?? false;
  if (unlabelled) {
    if (defaultLang === undefined) {
      report(
        { sheet: survey.name, row: 1, column: 'label' },
        msg(
          "a 'label' column without a language needs default_language in the settings sheet, e.g. 'German (de)'; better write label::German (de)",
          "eine Spalte 'label' ohne Sprache braucht default_language im Blatt settings, z. B. 'German (de)'; besser label::German (de) schreiben",
        ),
      );
    } else if (!languages.includes(defaultLang)) languages.push(defaultLang);
  }
  if (!languages.includes('de')) {
    report(
      { sheet: survey.name, row: 1, column: 'label::German (de)' },
      msg('German is the authoritative language: the survey sheet needs a column label::German (de)', 'Deutsch ist die maßgebliche Sprache: das Blatt survey braucht eine Spalte label::German (de)'),
    );
  }
  const langs = ['de', ...languages.filter((lang) => lang !== 'de')];

  // Locations of definition paths, to place the schema's own findings.
  const located = new Map<string, Where>();
  const locate = (path: readonly (string | number)[], where: Where) => located.set(formatPath(path), where);

  // ------------------------------------------------------------ choices and code lists
  interface ListRow {
    row: number;
    cells: readonly string[];
  }
  const lists = new Map<string, ListRow[]>();
  if (choices) {
    if (!choices.has('list_name')) report({ sheet: choices.name, row: 1, column: 'list_name' }, msg("the choices sheet needs a column 'list_name'", "das Blatt choices braucht eine Spalte 'list_name'"));
    for (const { row, cells } of choices.rows()) {
      const listName = choices.get(cells, 'list_name');
      if (listName === '') {
        report({ sheet: choices.name, row, column: 'list_name' }, msg('the choice has no list_name', 'die Auswahl hat keinen list_name'));
        continue;
      }
      const rows = lists.get(listName) ?? [];
      rows.push({ row, cells });
      lists.set(listName, rows);
    }
  }
  const yesNo = (table: Table, cells: readonly string[], base: string, where: Where): boolean | undefined => {
    const value = table.get(cells, base).toLowerCase();
    if (value === '') return undefined;
    if (yes.has(value)) return true;
    if (no.has(value)) return false;
    report(where, msg(`'${table.get(cells, base)}' is neither yes nor no`, `'${table.get(cells, base)}' ist weder yes noch no`));
    return undefined;
  };
  const requireGerman = (text: Record<string, string>, where: Where, what: { en: string; de: string }) => {
    if (text.de === undefined) report(where, msg(`${what.en} has no German text`, `${what.de} hat keinen deutschen Text`));
  };

  const codeLists: Record<string, CodeList> = {};
  const codeListNames = new Set<string>();
  if (codelists) {
    for (const { row, cells } of codelists.rows()) {
      const id = codelists.get(cells, 'list_name');
      const where = { sheet: codelists.name, row };
      if (id === '') {
        report({ ...where, column: 'list_name' }, msg('the code list has no list_name', 'die Codeliste hat keinen list_name'));
        continue;
      }
      if (codeListNames.has(id)) {
        report({ ...where, column: 'list_name' }, msg(`the code list '${id}' is declared twice`, `die Codeliste '${id}' ist zweimal angegeben`));
        continue;
      }
      codeListNames.add(id);
      const label = codelists.localized(cells, 'label', langs, defaultLang);
      requireGerman(label, { ...where, column: codelists.header('label', 'de') }, msg(`the code list '${id}'`, `die Codeliste '${id}'`));
      const source = codelists.get(cells, 'source');
      if (source === '') report({ ...where, column: 'source' }, msg(`the code list '${id}' needs a source`, `die Codeliste '${id}' braucht eine Quelle (source)`));
      locate(['codeLists', id], where);
      const items: CodeListItem[] = [];
      const rows = lists.get(id) ?? [];
      if (rows.length === 0) {
        report({ ...where, column: 'list_name' }, msg(`the code list '${id}' has no entries in the choices sheet`, `die Codeliste '${id}' hat keine Einträge im Blatt choices`));
      }
      rows.forEach(({ row: choiceRow, cells: choiceCells }, index) => {
        if (!choices) return;
        const at = { sheet: choices.name, row: choiceRow };
        locate(['codeLists', id, 'items', index], { ...at, column: 'name' });
        const code = choices.get(choiceCells, 'name');
        if (code === '') report({ ...at, column: 'name' }, msg('the entry has no name (its code)', 'der Eintrag hat keinen name (seinen Code)'));
        const itemLabel = choices.localized(choiceCells, 'label', langs, defaultLang);
        requireGerman(itemLabel, { ...at, column: choices.header('label', 'de') }, msg(`the entry '${code}'`, `der Eintrag '${code}'`));
        if (choices.get(choiceCells, 'exclusive') !== '') {
          report({ ...at, column: 'exclusive' }, msg('a code-list entry cannot be exclusive (only choices of a select_multiple can)', 'ein Codelisten-Eintrag kann nicht exklusiv sein (nur Auswahlen eines select_multiple)'));
        }
        const keywords: Record<string, string[]> = {};
        for (const column of choices.byBase.get('keywords') ?? []) {
          if (!column.lang) continue;
          const words = (choiceCells[column.index] ?? '').split(';').map((w) => w.trim()).filter((w) => w !== '');
          if (words.length > 0) keywords[column.lang] = words;
        }
        const extra: Record<string, string> = {};
        for (const column of choices.byBase.get('extra') ?? []) {
          const value = choiceCells[column.index] ?? '';
          if (column.suffix && value !== '') extra[column.suffix] = value;
        }
        items.push({
          code,
          label: itemLabel,
          ...(Object.keys(keywords).length > 0 ? { keywords } : {}),
          ...(Object.keys(extra).length > 0 ? { extra } : {}),
        });
      });
      codeLists[id] = { id, label, source, items };
    }
  }

  const choicesOf = (listName: string, where: Where): Choice[] | undefined => {
    const rows = lists.get(listName);
    if (!rows || !choices) {
      report(where, msg(`the list '${listName}' is not in the choices sheet`, `die Liste '${listName}' steht nicht im Blatt choices`));
      return undefined;
    }
    return rows.map(({ row, cells }) => {
      const at = { sheet: choices.name, row };
      const value = choices.get(cells, 'name');
      if (value === '') report({ ...at, column: 'name' }, msg('the choice has no name (its value)', 'die Auswahl hat keinen name (ihren Wert)'));
      const label = choices.localized(cells, 'label', langs, defaultLang);
      requireGerman(label, { ...at, column: choices.header('label', 'de') }, msg(`the choice '${value}'`, `die Auswahl '${value}'`));
      for (const base of ['keywords', 'extra']) {
        const column = (choices.byBase.get(base) ?? []).find((c) => (cells[c.index] ?? '').trim() !== '');
        if (column) report({ ...at, column: column.header }, msg(`${base} belong to code lists (sheet codelists), not to a choice list`, `${base} gehören zu Codelisten (Blatt codelists), nicht zu einer Auswahlliste`));
      }
      const exclusive = yesNo(choices, cells, 'exclusive', { ...at, column: 'exclusive' });
      return { value, label, ...(exclusive !== undefined ? { exclusive } : {}) };
    });
  };

  // ------------------------------------------------------------ expressions
  const condition = (source: string, where: Where, self?: string): string | undefined => {
    try {
      return printLotse(toLotse(parseXlsExpression(source), { self }));
    } catch (error) {
      if (error instanceof ExpressionRefusal) report(where, msg(`${source}: ${error.en}`, `${source}: ${error.de}`));
      else throw error;
      return undefined;
    }
  };

  const andTerms = (node: XNode): XNode[] => (node.t === 'and' ? [...andTerms(node.left), ...andTerms(node.right)] : [node]);
  const bare = (node: XNode): XNode => (node.t === 'paren' ? bare(node.inner) : node);
  const isSelf = (node: XNode) => bare(node).t === 'self';
  const isCall = (node: XNode, name: string, args: number): node is Extract<XNode, { t: 'call' }> => {
    const inner = bare(node);
    return inner.t === 'call' && inner.name === name && inner.args.length === args;
  };
  const numberOf = (node: XNode): number | undefined => {
    const inner = bare(node);
    return inner.t === 'lit' && typeof inner.value === 'number' ? inner.value : undefined;
  };

  /** A recognised constraint shape (`. >= 0`, `string-length(.) <= 100`, `regex(., '…')` …), or undefined. */
  const shape = (node: XNode, field: Field): Omit<Constraint, 'message'> | undefined => {
    const n = bare(node);
    if (n.t === 'call' && n.name === 'regex' && n.args.length === 2 && isSelf(n.args[0]!)) {
      const pattern = bare(n.args[1]!);
      if (pattern.t === 'lit' && typeof pattern.value === 'string') return { kind: 'pattern', value: pattern.value };
      return undefined;
    }
    if (n.t !== 'cmp' || (n.op !== '>=' && n.op !== '<=')) return undefined;
    const lower = n.op === '>=';
    const value = numberOf(n.right);
    if (isSelf(n.left)) {
      if (field.type === 'date') {
        if (!lower && isCall(n.right, 'today', 0)) return { kind: 'notFuture' };
        if (lower && isCall(n.right, 'date', 1)) {
          const arg = bare((bare(n.right) as Extract<XNode, { t: 'call' }>).args[0]!);
          if (arg.t === 'lit' && typeof arg.value === 'string') return { kind: 'notBefore', value: arg.value };
        }
        const right = bare(n.right);
        if (lower && right.t === 'ref') return { kind: 'notBefore', value: right.name };
        return undefined;
      }
      if (value !== undefined) return { kind: lower ? 'min' : 'max', value };
      return undefined;
    }
    if (value === undefined) return undefined;
    const left = bare(n.left);
    if (left.t === 'call' && left.args.length === 1 && isSelf(left.args[0]!)) {
      if (left.name === 'count-selected') return { kind: lower ? 'min' : 'max', value };
      if (left.name === 'string-length') return { kind: lower ? 'minLength' : 'maxLength', value };
    }
    return undefined;
  };

  const constraintsOf = (table: Table, cells: readonly string[], field: Field, row: number, path: (string | number)[]): Constraint[] => {
    const slots = [...table.byBase.keys()]
      .filter((base) => /^constraint(_[0-9]+)?$/.test(base))
      .sort((a, b) => Number(a.split('_')[1] ?? 1) - Number(b.split('_')[1] ?? 1));
    const out: Constraint[] = [];
    for (const slot of slots) {
      const suffix = slot.slice('constraint'.length);
      const messageBase = `constraint_message${suffix}`;
      const source = table.get(cells, slot);
      const message = table.localized(cells, messageBase, langs, defaultLang);
      const where = { sheet: table.name, row, column: table.header(slot) };
      if (source === '') {
        if (Object.keys(message).length > 0) {
          report({ sheet: table.name, row, column: table.header(messageBase, Object.keys(message)[0]) }, msg(`a ${messageBase} without a ${slot}`, `eine ${messageBase} ohne ${slot}`));
        }
        continue;
      }
      requireGerman(message, { sheet: table.name, row, column: table.header(messageBase, 'de') }, msg(`the message of ${slot}`, `die Meldung von ${slot}`));
      let tree: XNode;
      try {
        tree = parseXlsExpression(source);
      } catch (error) {
        if (!(error instanceof ExpressionRefusal)) throw error;
        report(where, msg(`${source}: ${error.en}`, `${source}: ${error.de}`));
        continue;
      }
      const terms = andTerms(tree);
      const shapes = terms.map((term) => shape(term, field));
      if (shapes.every((s) => s !== undefined)) {
        for (const s of shapes) {
          locate([...path, 'constraints', out.length], where);
          out.push({ ...s, message });
        }
        continue;
      }
      const expr = condition(source, where, field.id);
      if (expr !== undefined) {
        locate([...path, 'constraints', out.length], where);
        out.push({ kind: 'expr', expr, message });
      }
    }
    return out;
  };

  const disclosureOf = (cells: readonly string[], row: number): Disclosure | undefined => {
    const split = (text: string) => text.split(/[\s,]+/).filter((id) => id !== '');
    const purposes = split(survey.get(cells, 'purposes'));
    const recipients = split(survey.get(cells, 'recipients'));
    if (purposes.length === 0) {
      if (recipients.length > 0) report({ sheet: survey.name, row, column: 'purposes' }, msg('recipients without purposes: name the purposes these answers serve', 'Empfänger ohne Zwecke: bitte die Zwecke nennen, denen die Antworten dienen'));
      return undefined;
    }
    return { purposes, recipients };
  };

  // ------------------------------------------------------------ survey
  const sections: Section[] = [];
  interface OpenSection {
    section: Omit<Section, 'items'>;
    items: Item[];
    row: number;
  }
  interface OpenRepeat {
    group: Omit<RepeatGroup, 'items'>;
    items: Field[];
    row: number;
  }
  let openSection: OpenSection | undefined;
  let openRepeat: OpenRepeat | undefined;

  const metadataTypes = new Set(['start', 'end', 'today', 'deviceid', 'subscriberid', 'simserial', 'phonenumber', 'username', 'email', 'audit', 'start-geopoint', 'calculate', 'hidden']);

  for (const { row, cells } of survey.rows()) {
    const at = (column: string): Where => ({ sheet: survey.name, row, column });
    const rawType = survey.get(cells, 'type').replace(/\s+/g, ' ');
    const type = rawType.toLowerCase();
    const words = type.split(' ');
    const keyword = words[0] === 'begin' || words[0] === 'end' ? `${words[0]}_${words[1] ?? ''}` : (words[0] ?? '');
    const name = survey.get(cells, 'name');
    const label = survey.localized(cells, 'label', langs, defaultLang);
    const hint = survey.localized(cells, 'hint', langs, defaultLang);
    const reason = survey.localized(cells, 'reason', langs, defaultLang);
    const relevant = survey.get(cells, 'relevant');
    const optional = <T extends object>(value: T) => (Object.keys(value).length > 0 ? value : undefined);

    if (type === '') {
      report(at('type'), msg('the row has content but no type', 'die Zeile hat Inhalt, aber keinen Typ'));
      continue;
    }
    if (keyword === 'end_group' || keyword === 'end_repeat') {
      if (keyword === 'end_repeat') {
        if (openRepeat) {
          openSection?.items.push({ ...openRepeat.group, items: openRepeat.items });
          openRepeat = undefined;
        } else report(at('type'), msg('end_repeat without begin_repeat', 'end_repeat ohne begin_repeat'));
      } else if (openRepeat) {
        report(at('type'), msg(`end_group, but the repeat '${openRepeat.group.id}' (row ${openRepeat.row}) is still open: close it with end_repeat`, `end_group, aber die Wiederholung '${openRepeat.group.id}' (Zeile ${openRepeat.row}) ist noch offen: mit end_repeat schließen`));
      } else if (openSection) {
        sections.push({ ...openSection.section, items: openSection.items });
        openSection = undefined;
      } else report(at('type'), msg('end_group without begin_group', 'end_group ohne begin_group'));
      continue;
    }
    if (name === '') {
      report(at('name'), msg(`a ${keyword} needs a name`, `ein ${keyword} braucht einen Namen (name)`));
      continue;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      report(at('name'), msg(`'${name}' is not a valid name: letters, digits and _, not starting with a digit`, `'${name}' ist kein gültiger Name: Buchstaben, Ziffern und _, nicht mit einer Ziffer beginnend`));
    }
    if (keyword !== 'end_group' && label.de === undefined) {
      report(at(survey.header('label', 'de')), msg(`'${name}' has no German label`, `'${name}' hat keine deutsche Beschriftung (label)`));
    }
    if (survey.get(cells, 'required_message') !== '' || Object.keys(survey.localized(cells, 'required_message', langs, defaultLang)).length > 0) {
      const column = survey.byBase.get('required_message')?.find((c) => (cells[c.index] ?? '').trim() !== '');
      report(at(column?.header ?? 'required_message'), msg('Lotse words the "required" message itself in every language; leave required_message empty', 'Lotse formuliert die Meldung für Pflichtfelder selbst in jeder Sprache; required_message bitte leer lassen'));
    }
    const disclosure = disclosureOf(cells, row);

    if (keyword === 'begin_group') {
      if (openSection) {
        report(at('type'), msg(`begin_group inside the section '${openSection.section.id}' (row ${openSection.row}): Lotse's sections do not nest; use begin_repeat for a repeat group, or close the section first`, `begin_group im Abschnitt '${openSection.section.id}' (Zeile ${openSection.row}): Abschnitte verschachteln sich in Lotse nicht; begin_repeat für eine Wiederholungsgruppe verwenden oder den Abschnitt zuerst schließen`));
        continue;
      }
      if (relevant !== '') report(at('relevant'), msg('a section is always shown; put relevant on its questions or its repeat groups', 'ein Abschnitt wird immer gezeigt; relevant an seine Fragen oder Wiederholungsgruppen schreiben'));
      locate(['sections', sections.length], at('name'));
      openSection = {
        section: { id: name, label, ...(optional(hint) ? { hint } : {}), ...(disclosure ? { disclosure } : {}) },
        items: [],
        row,
      };
      continue;
    }
    if (keyword === 'begin_repeat') {
      if (!openSection) {
        report(at('type'), msg('a repeat belongs inside a section: put it between begin_group and end_group', 'eine Wiederholungsgruppe gehört in einen Abschnitt: zwischen begin_group und end_group setzen'));
        continue;
      }
      if (openRepeat) {
        report(at('type'), msg(`repeat inside the repeat '${openRepeat.group.id}' (row ${openRepeat.row}): repeat groups do not nest in Lotse`, `Wiederholung in der Wiederholung '${openRepeat.group.id}' (Zeile ${openRepeat.row}): Wiederholungsgruppen verschachteln sich in Lotse nicht`));
        continue;
      }
      const bound = (base: string): number | undefined => {
        const text = survey.get(cells, base);
        if (text === '') return undefined;
        const n = Number(text);
        if (!Number.isInteger(n) || n < 0) {
          report(at(base), msg(`'${text}' is not a whole number`, `'${text}' ist keine ganze Zahl`));
          return undefined;
        }
        return n;
      };
      const min = bound('repeat_min');
      const max = bound('repeat_max');
      const visibleIf = relevant !== '' ? condition(relevant, at('relevant')) : undefined;
      locate(['sections', sections.length, 'items', openSection.items.length], at('name'));
      openRepeat = {
        group: {
          kind: 'group',
          id: name,
          label,
          ...(optional(hint) ? { hint } : {}),
          repeat: { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) },
          ...(visibleIf !== undefined ? { visibleIf } : {}),
          ...(disclosure ? { disclosure } : {}),
        },
        items: [],
        row,
      };
      continue;
    }

    // A question or a note.
    let field: Field | undefined;
    const listName = words[1] ?? '';
    const base = { id: name, label, ...(optional(hint) ? { hint } : {}), ...(optional(reason) ? { reason } : {}) };
    switch (keyword) {
      case 'text':
        field = { ...base, type: survey.get(cells, 'appearance').split(/\s+/).includes('multiline') ? 'longtext' : 'text' };
        break;
      case 'integer':
        field = { ...base, type: 'number', integer: true };
        break;
      case 'decimal':
        field = { ...base, type: 'number' };
        break;
      case 'date': {
        const unknownDay = yesNo(survey, cells, 'unknown_day', at('unknown_day'));
        const unknownMonth = yesNo(survey, cells, 'unknown_month', at('unknown_month'));
        field = {
          ...base,
          type: 'date',
          ...(unknownDay !== undefined ? { allowUnknownDay: unknownDay } : {}),
          ...(unknownMonth !== undefined ? { allowUnknownMonth: unknownMonth } : {}),
        };
        break;
      }
      case 'note':
        field = { ...base, type: 'note' };
        break;
      case 'yesno':
        field = { ...base, type: 'yesno' };
        break;
      case 'select_one':
      case 'select_multiple': {
        if (words.length !== 2 || listName === '') {
          report(at('type'), msg(`'${rawType}' needs exactly one list name, e.g. 'select_one yes_no'`, `'${rawType}' braucht genau einen Listennamen, z. B. 'select_one yes_no'`));
          break;
        }
        const listId = rawType.split(' ')[1]!;
        if (codeListNames.has(listId)) {
          field = { ...base, type: 'codelist', codeList: listId, ...(keyword === 'select_multiple' ? { multiple: true } : {}) };
        } else {
          const options = choicesOf(listId, at('type'));
          if (options) field = { ...base, type: keyword === 'select_one' ? 'single' : 'multi', choices: options };
        }
        break;
      }
      case 'cefr': {
        const [, skills, levels] = rawType.split(' ');
        if (words.length !== 3 || !skills || !levels || !codeListNames.has(skills) || !codeListNames.has(levels)) {
          report(at('type'), msg("'cefr' needs two code lists of the codelists sheet: 'cefr <skills> <levels>'", "'cefr' braucht zwei Codelisten aus dem Blatt codelists: 'cefr <Fertigkeiten> <Niveaus>'"));
          break;
        }
        field = { ...base, type: 'cefr', skillsCodeList: skills, levelsCodeList: levels };
        break;
      }
      case 'select_one_from_file':
      case 'select_multiple_from_file':
        report(at('type'), msg(`'${keyword}' is not read: put the list into the choices sheet and declare it in the codelists sheet`, `'${keyword}' wird nicht gelesen: die Liste ins Blatt choices schreiben und im Blatt codelists angeben`));
        break;
      default:
        report(
          at('type'),
          metadataTypes.has(keyword)
            ? msg(`the type '${keyword}' is refused: Lotse records the interview's metadata itself and computes nothing in the form`, `der Typ '${keyword}' wird abgelehnt: Lotse erfasst die Metadaten des Gesprächs selbst und berechnet nichts im Formular`)
            : msg(`the type '${rawType}' has no Lotse equivalent (Lotse: text, integer, decimal, date, note, select_one, select_multiple, yesno, cefr, begin_group, begin_repeat)`, `der Typ '${rawType}' hat in Lotse keine Entsprechung (Lotse: text, integer, decimal, date, note, select_one, select_multiple, yesno, cefr, begin_group, begin_repeat)`),
        );
    }
    if (!field) continue;
    const required = yesNo(survey, cells, 'required', at('required'));
    const allowNotStated = yesNo(survey, cells, 'allow_not_stated', at('allow_not_stated'));
    if (field.type !== 'date') {
      for (const column of ['unknown_day', 'unknown_month']) {
        if (survey.get(cells, column) !== '') report(at(column), msg(`${column} belongs to date questions`, `${column} gehört zu Datumsfragen`));
      }
    }
    const path: (string | number)[] = openRepeat
      ? ['sections', sections.length, 'items', openSection?.items.length ?? 0, 'items', openRepeat.items.length]
      : ['sections', sections.length, 'items', openSection?.items.length ?? 0];
    const visibleIf = relevant !== '' ? condition(relevant, at('relevant')) : undefined;
    const constraints = constraintsOf(survey, cells, field, row, path);
    const complete: Field = {
      ...field,
      ...(required !== undefined ? { required } : {}),
      ...(allowNotStated !== undefined ? { allowNotStated } : {}),
      ...(visibleIf !== undefined ? { visibleIf } : {}),
      ...(constraints.length > 0 ? { constraints } : {}),
      ...(disclosure ? { disclosure } : {}),
    } as Field;
    if ((complete.type === 'single' || complete.type === 'multi') && lists.get(listName)) {
      lists.get(listName)?.forEach(({ row: choiceRow }, i) => locate([...path, 'choices', i], { sheet: choices?.name ?? 'choices', row: choiceRow, column: 'name' }));
    }
    if (!openSection) {
      report(at('type'), msg(`'${name}' is outside every section: every question belongs between begin_group and end_group`, `'${name}' steht außerhalb jedes Abschnitts: jede Frage gehört zwischen begin_group und end_group`));
      continue;
    }
    locate(path, at('name'));
    if (openRepeat) openRepeat.items.push(complete);
    else openSection.items.push(complete);
  }
  if (openRepeat) report({ sheet: survey.name, row: openRepeat.row, column: 'type' }, msg(`the repeat '${openRepeat.group.id}' is never closed with end_repeat`, `die Wiederholung '${openRepeat.group.id}' wird nie mit end_repeat geschlossen`));
  if (openSection) report({ sheet: survey.name, row: openSection.row, column: 'type' }, msg(`the section '${openSection.section.id}' is never closed with end_group`, `der Abschnitt '${openSection.section.id}' wird nie mit end_group geschlossen`));

  // ------------------------------------------------------------ settings → form
  if (!settings || !settingsRow) {
    report({ sheet: 'settings' }, msg('the workbook needs a settings sheet with form_id, version and form_title::German (de)', 'die Arbeitsmappe braucht ein Blatt settings mit form_id, version und form_title::German (de)'));
  }
  const formId = settings ? settings.get(settingsCells, 'form_id') : '';
  if (settings && settingsRow && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(formId)) {
    report(settingsAt('form_id'), msg(`form_id '${formId}' must be letters, digits and _, not starting with a digit`, `form_id '${formId}' muss aus Buchstaben, Ziffern und _ bestehen und darf nicht mit einer Ziffer beginnen`));
  }
  const versionText = settings ? settings.get(settingsCells, 'version') : '';
  const version = Number(versionText);
  if (settings && settingsRow && (!Number.isInteger(version) || version < 1)) {
    report(settingsAt('version'), msg(`version '${versionText}' must be a whole number from 1`, `version '${versionText}' muss eine ganze Zahl ab 1 sein`));
  }
  const title = settings ? settings.localized(settingsCells, 'form_title', langs, defaultLang ?? 'de') : {};
  if (settings && settingsRow && title.de === undefined) report(settingsAt(settings.header('form_title', 'de')), msg('the form has no German title', 'das Formular hat keinen deutschen Titel'));
  const translations: Record<string, TranslationInfo> = {};
  for (const lang of langs) {
    const state = settings ? settings.localized(settingsCells, 'review_state', [lang], undefined)[lang]?.trim() : undefined;
    const reviewedBy = settings ? settings.localized(settingsCells, 'reviewed_by', [lang], undefined)[lang] : undefined;
    const reviewedAt = settings ? settings.localized(settingsCells, 'reviewed_at', [lang], undefined)[lang] : undefined;
    const reviewState = state === undefined ? (lang === 'de' ? 'reviewed' : 'draft') : state;
    if (reviewState !== 'draft' && reviewState !== 'reviewed') {
      report(settingsAt(settings?.header('review_state', lang) ?? 'review_state'), msg(`review state '${reviewState}' must be draft or reviewed`, `Prüfstand '${reviewState}' muss draft oder reviewed sein`));
      continue;
    }
    translations[lang] = { reviewState, ...(reviewedBy !== undefined ? { reviewedBy } : {}), ...(reviewedAt !== undefined ? { reviewedAt } : {}) };
  }
  const purposes = settings ? settings.get(settingsCells, 'purposes').split(/[\s,]+/).filter((id) => id !== '') : [];
  const recipients = settings ? settings.get(settingsCells, 'recipients').split(/[\s,]+/).filter((id) => id !== '') : [];
  if (purposes.length === 0 && recipients.length > 0) report(settingsAt('purposes'), msg('recipients without purposes', 'Empfänger ohne Zwecke'));

  if (problems.length > 0) return { ok: false, problems };

  const candidate: FormDefinition = {
    id: formId,
    version,
    title,
    languages: langs,
    translations,
    sections,
    codeLists,
    ...(purposes.length > 0 ? { disclosure: { purposes, recipients } } : {}),
  };
  for (const where of ['title', 'languages', 'translations', 'disclosure', 'id', 'version']) locate([where], settingsAt(where === 'title' ? 'form_title::German (de)' : where));

  // ------------------------------------------------------------ the schema's own findings, placed
  const place = (path: string, message: string) => {
    let best: { key: string; where: Where } | undefined;
    for (const [key, where] of located) {
      if ((path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`)) && (!best || key.length > best.key.length)) best = { key, where };
    }
    const rest = best ? path.slice(best.key.length) : path;
    const property = /^[.[]?"?([A-Za-z]+)/.exec(rest)?.[1];
    const columnFor: Record<string, string> = { visibleIf: 'relevant', label: survey.header('label', 'de'), id: 'name', value: 'name', codeList: 'type', skillsCodeList: 'type', levelsCodeList: 'type', required: 'required', allowNotStated: 'allow_not_stated', repeat: 'repeat_min', choices: 'type', disclosure: 'purposes' };
    const where = best?.where ?? { sheet: survey.name };
    report(
      { ...where, column: (property && !where.column?.startsWith('constraint') ? columnFor[property] : undefined) ?? where.column },
      msg(`${message} (${path})`, `Formularprüfung: ${message} (${path})`),
    );
  };
  const parsed = parseFormDefinition(candidate);
  if (!parsed.ok) {
    for (const error of parsed.errors) place(error.path, error.message);
    return { ok: false, problems };
  }
  for (const error of publishingProblems(parsed.definition)) place(error.path, error.message);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, definition: parsed.definition };
}

/** Exported for tests: a condition as the import would store it. */
export function lotseConditionOf(source: string, self?: string): string {
  return printLotse(toLotse(parseXlsExpression(source), { self }));
}
export type { ConditionAst };
