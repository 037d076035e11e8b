/**
 * Lotse form definition → XLSForm workbook, in exactly the layout `importXlsForm` reads, so that
 * export → import gives back the same definition.
 *
 * A choice list of a single/multi question is written under the question's own name (made unique
 * against the code lists); each Lotse constraint gets its own column pair (`constraint`,
 * `constraint_2` …, each with its `constraint_message…::<language>` columns).
 */
import {
  isRepeatGroup,
  parseCondition,
  type Constraint,
  type Disclosure,
  type Field,
  type FormDefinition,
  type LocalizedText,
} from '../../../core/form/index';
import { printXls } from './expressions';
import { languageHeader } from './columns';
import type { Sheet } from './workbook';

function constraintText(constraint: Constraint, field: Field): string {
  const multiple = field.type === 'multi' || (field.type === 'codelist' && field.multiple === true);
  const quoted = (text: string) => (text.includes("'") ? `"${text}"` : `'${text}'`);
  switch (constraint.kind) {
    case 'min':
      return multiple ? `count-selected(.) >= ${String(constraint.value)}` : `. >= ${String(constraint.value)}`;
    case 'max':
      return multiple ? `count-selected(.) <= ${String(constraint.value)}` : `. <= ${String(constraint.value)}`;
    case 'minLength':
      return `string-length(.) >= ${String(constraint.value)}`;
    case 'maxLength':
      return `string-length(.) <= ${String(constraint.value)}`;
    case 'pattern':
      return `regex(., ${quoted(String(constraint.value))})`;
    case 'notFuture':
      return '. <= today()';
    case 'notBefore': {
      const value = String(constraint.value);
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `. >= date('${value}')` : `. >= \${${value}}`;
    }
    case 'expr':
      return printXls(parseCondition(constraint.expr ?? ''));
  }
}

const flag = (value: boolean | undefined) => (value === undefined ? '' : value ? 'yes' : 'no');

export function exportXlsForm(def: FormDefinition): Sheet[] {
  const langs = def.languages;
  const fields = def.sections.flatMap((section) => section.items.flatMap((item) => (isRepeatGroup(item) ? item.items : [item])));
  const constraintSlots = Math.max(1, ...fields.map((field) => field.constraints?.length ?? 0));
  const slotName = (i: number) => (i === 0 ? 'constraint' : `constraint_${i + 1}`);
  const messageName = (i: number) => (i === 0 ? 'constraint_message' : `constraint_message_${i + 1}`);

  const texts = (base: string) => langs.map((lang) => languageHeader(base, lang));
  const surveyHeader = [
    'type',
    'name',
    ...texts('label'),
    ...texts('hint'),
    ...texts('reason'),
    'required',
    'relevant',
    ...Array.from({ length: constraintSlots }, (_, i) => [slotName(i), ...texts(messageName(i))]).flat(),
    'appearance',
    'allow_not_stated',
    'unknown_day',
    'unknown_month',
    'repeat_min',
    'repeat_max',
    'purposes',
    'recipients',
  ];
  const index = new Map(surveyHeader.map((name, i) => [name, i]));
  const blank = () => surveyHeader.map(() => '');
  const put = (row: string[], column: string, value: string) => {
    const i = index.get(column);
    if (i === undefined) throw new Error(`no column ${column}`);
    row[i] = value;
  };
  const putText = (row: string[], base: string, text: LocalizedText | undefined) => {
    if (!text) return;
    for (const lang of langs) if (text[lang] !== undefined) put(row, languageHeader(base, lang), text[lang]);
  };
  const putDisclosure = (row: string[], disclosure: Disclosure | undefined) => {
    if (!disclosure) return;
    put(row, 'purposes', disclosure.purposes.join(' '));
    put(row, 'recipients', disclosure.recipients.join(' '));
  };

  const usedLists = new Set(Object.keys(def.codeLists));
  const choiceRows: { list: string; value: string; label: LocalizedText; exclusive?: boolean | undefined }[] = [];
  const listFor = (field: Field): string => {
    let name = field.id;
    while (usedLists.has(name)) name = `${name}_`;
    usedLists.add(name);
    return name;
  };

  const surveyRows: string[][] = [];
  const fieldRow = (field: Field): string[] => {
    const row = blank();
    let type: string = field.type;
    switch (field.type) {
      case 'text':
        type = 'text';
        break;
      case 'longtext':
        type = 'text';
        put(row, 'appearance', 'multiline');
        break;
      case 'number':
        type = field.integer === true ? 'integer' : 'decimal';
        break;
      case 'date':
        put(row, 'unknown_day', flag(field.allowUnknownDay));
        put(row, 'unknown_month', flag(field.allowUnknownMonth));
        break;
      case 'single':
      case 'multi': {
        const list = listFor(field);
        type = `${field.type === 'single' ? 'select_one' : 'select_multiple'} ${list}`;
        for (const choice of field.choices) choiceRows.push({ list, value: choice.value, label: choice.label, exclusive: choice.exclusive });
        break;
      }
      case 'codelist':
        type = `${field.multiple === true ? 'select_multiple' : 'select_one'} ${field.codeList}`;
        break;
      case 'cefr':
        type = `cefr ${field.skillsCodeList} ${field.levelsCodeList}`;
        break;
      case 'yesno':
      case 'note':
        break;
    }
    put(row, 'type', type);
    put(row, 'name', field.id);
    putText(row, 'label', field.label);
    putText(row, 'hint', field.hint);
    putText(row, 'reason', field.reason);
    put(row, 'required', flag(field.required));
    put(row, 'allow_not_stated', flag(field.allowNotStated));
    if (field.visibleIf !== undefined) put(row, 'relevant', printXls(parseCondition(field.visibleIf)));
    field.constraints?.forEach((constraint, i) => {
      put(row, slotName(i), constraintText(constraint, field));
      putText(row, messageName(i), constraint.message);
    });
    putDisclosure(row, field.disclosure);
    return row;
  };

  for (const section of def.sections) {
    const begin = blank();
    put(begin, 'type', 'begin_group');
    put(begin, 'name', section.id);
    putText(begin, 'label', section.label);
    putText(begin, 'hint', section.hint);
    putDisclosure(begin, section.disclosure);
    surveyRows.push(begin);
    for (const item of section.items) {
      if (!isRepeatGroup(item)) {
        surveyRows.push(fieldRow(item));
        continue;
      }
      const open = blank();
      put(open, 'type', 'begin_repeat');
      put(open, 'name', item.id);
      putText(open, 'label', item.label);
      putText(open, 'hint', item.hint);
      if (item.repeat.min !== undefined) put(open, 'repeat_min', String(item.repeat.min));
      if (item.repeat.max !== undefined) put(open, 'repeat_max', String(item.repeat.max));
      if (item.visibleIf !== undefined) put(open, 'relevant', printXls(parseCondition(item.visibleIf)));
      putDisclosure(open, item.disclosure);
      surveyRows.push(open);
      for (const field of item.items) surveyRows.push(fieldRow(field));
      const close = blank();
      put(close, 'type', 'end_repeat');
      put(close, 'name', item.id);
      surveyRows.push(close);
    }
    const end = blank();
    put(end, 'type', 'end_group');
    put(end, 'name', section.id);
    surveyRows.push(end);
  }

  // choices: the questions' lists, then the code lists' entries.
  const keywordLangs = langs.filter((lang) => Object.values(def.codeLists).some((list) => list.items.some((item) => item.keywords?.[lang] !== undefined)));
  const extraKeys: string[] = [];
  for (const list of Object.values(def.codeLists)) for (const item of list.items) for (const key of Object.keys(item.extra ?? {})) if (!extraKeys.includes(key)) extraKeys.push(key);
  const choicesHeader = ['list_name', 'name', ...texts('label'), 'exclusive', ...keywordLangs.map((lang) => languageHeader('keywords', lang)), ...extraKeys.map((key) => `extra::${key}`)];
  const labelCells = (label: LocalizedText) => langs.map((lang) => label[lang] ?? '');
  const choicesRows: string[][] = choiceRows.map((choice) => [
    choice.list,
    choice.value,
    ...labelCells(choice.label),
    flag(choice.exclusive),
    ...keywordLangs.map(() => ''),
    ...extraKeys.map(() => ''),
  ]);
  for (const list of Object.values(def.codeLists)) {
    for (const item of list.items) {
      choicesRows.push([
        list.id,
        item.code,
        ...labelCells(item.label),
        '',
        ...keywordLangs.map((lang) => (item.keywords?.[lang] ?? []).join('; ')),
        ...extraKeys.map((key) => item.extra?.[key] ?? ''),
      ]);
    }
  }

  const codelistsRows = Object.values(def.codeLists).map((list) => [list.id, ...labelCells(list.label), list.source]);

  const settingsHeader = [
    'form_id',
    'version',
    ...texts('form_title'),
    'default_language',
    'purposes',
    'recipients',
    ...langs.flatMap((lang) => [languageHeader('review_state', lang), languageHeader('reviewed_by', lang), languageHeader('reviewed_at', lang)]),
  ];
  const settingsRow = [
    def.id,
    String(def.version),
    ...labelCells(def.title),
    languageHeader('x', 'de').slice('x::'.length),
    def.disclosure?.purposes.join(' ') ?? '',
    def.disclosure?.recipients.join(' ') ?? '',
    ...langs.flatMap((lang) => {
      const info = def.translations[lang];
      return [info?.reviewState ?? '', info?.reviewedBy ?? '', info?.reviewedAt ?? ''];
    }),
  ];

  return [
    { name: 'survey', rows: [surveyHeader, ...surveyRows] },
    { name: 'choices', rows: [choicesHeader, ...choicesRows] },
    { name: 'codelists', rows: [['list_name', ...texts('label'), 'source'], ...codelistsRows] },
    { name: 'settings', rows: [settingsHeader, settingsRow] },
  ];
}
