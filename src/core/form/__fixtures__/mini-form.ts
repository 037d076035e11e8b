/** A small but complete form definition used by the unit tests: every field type, a repeat group, conditions. */
import { parseFormDefinition } from '../schema';
import type { FormDefinition } from '../types';

const t = (de: string, en: string): Record<string, string> => ({ de, en });

export function miniFormJson(): Record<string, unknown> {
  return {
    id: 'mini',
    version: 1,
    title: t('Testbogen', 'Test form'),
    languages: ['de', 'en'],
    translations: { de: { reviewState: 'reviewed' }, en: { reviewState: 'draft' } },
    sections: [
      {
        id: 'person',
        label: t('Person', 'Person'),
        items: [
          { id: 'intro', type: 'note', label: t('Bitte ausfüllen', 'Please fill in') },
          { id: 'surname', type: 'text', label: t('Familienname', 'Surname'), required: true, constraints: [{ kind: 'maxLength', value: 10, message: t('Zu lang', 'Too long') }] },
          { id: 'phone', type: 'text', label: t('Telefon', 'Phone'), constraints: [{ kind: 'pattern', value: '\\+?[0-9 ]{6,20}', message: t('Ungültige Nummer', 'Invalid number') }] },
          { id: 'bio', type: 'longtext', label: t('Notizen', 'Notes'), constraints: [{ kind: 'minLength', value: 3, message: t('Zu kurz', 'Too short') }] },
          { id: 'birthDate', type: 'date', label: t('Geburtsdatum', 'Date of birth'), required: true, allowUnknownDay: true, allowUnknownMonth: true,
            constraints: [
              { kind: 'notFuture', message: t('Nicht in der Zukunft', 'Not in the future') },
              { kind: 'notBefore', value: '1900-01-01', message: t('Zu früh', 'Too early') },
            ] },
          { id: 'entryDate', type: 'date', label: t('Einreise', 'Entry'), constraints: [{ kind: 'notBefore', value: 'birthDate', message: t('Vor der Geburt', 'Before birth') }] },
          { id: 'sex', type: 'single', label: t('Geschlecht', 'Sex'), required: true, choices: [
            { value: 'female', label: t('weiblich', 'female') }, { value: 'male', label: t('männlich', 'male') } ] },
          { id: 'nationality', type: 'codelist', codeList: 'countries', label: t('Staatsangehörigkeit', 'Nationality'), multiple: true },
          { id: 'schoolYears', type: 'number', integer: true, label: t('Schuljahre', 'Years of schooling'), constraints: [
            { kind: 'min', value: 0, message: t('Mindestens 0', 'At least 0') }, { kind: 'max', value: 25, message: t('Höchstens 25', 'At most 25') } ] },
          { id: 'isced', type: 'codelist', codeList: 'isced', label: t('ISCED', 'ISCED') },
          { id: 'studySubject', type: 'text', label: t('Studienfach', 'Subject'), required: true, visibleIf: 'isced >= 5' },
          { id: 'hasLicence', type: 'yesno', label: t('Führerschein', 'Driving licence') },
          { id: 'goals', type: 'multi', label: t('Ziele', 'Goals'), choices: [
            { value: 'job', label: t('Arbeit', 'Job') }, { value: 'course', label: t('Kurs', 'Course') }, { value: 'other', label: t('Anderes', 'Other') } ],
            constraints: [{ kind: 'max', value: 2, message: t('Höchstens zwei', 'At most two') }] },
          { id: 'goalsOther', type: 'text', label: t('Anderes Ziel', 'Other goal'), required: true, visibleIf: "selected(goals, 'other')" },
        ],
      },
      {
        id: 'languages',
        label: t('Sprachen', 'Languages'),
        items: [
          { kind: 'group', id: 'langs', label: t('Sprache', 'Language'), repeat: { min: 1, max: 3 }, items: [
            { id: 'lang', type: 'codelist', codeList: 'languages', label: t('Sprache', 'Language'), required: true },
            { id: 'levels', type: 'cefr', skillsCodeList: 'cefrSkills', levelsCodeList: 'cefrLevels', label: t('Niveau', 'Level'), required: true },
            { id: 'germanCert', type: 'yesno', label: t('Zertifikat', 'Certificate'), required: true, visibleIf: "lang = 'deu'" },
          ] },
          { id: 'languageNotes', type: 'longtext', label: t('Bemerkung', 'Remark'), visibleIf: 'count(langs) > 1',
            constraints: [{ kind: 'expr', expr: "not empty(languageNotes) and languageNotes != 'n/a'", message: t('Bitte echte Angabe', 'Please give a real remark') }] },
        ],
      },
    ],
    codeLists: {
      countries: { id: 'countries', label: t('Staaten', 'Countries'), source: 'ISO 3166-1', items: [
        { code: 'SY', label: t('Syrien', 'Syria') },
        { code: 'AF', label: t('Afghanistan', 'Afghanistan') },
        { code: 'EG', label: t('Ägypten', 'Egypt') },
        { code: 'CI', label: t('Côte d’Ivoire', 'Côte d’Ivoire'), keywords: { de: ['Elfenbeinküste'], en: ['Ivory Coast'] } },
      ] },
      isced: { id: 'isced', label: t('ISCED', 'ISCED'), source: 'ISCED 2011', items: ['0', '1', '2', '3', '4', '5', '6', '7', '8'].map((code) => ({ code, label: t(`Stufe ${code}`, `Level ${code}`) })) },
      languages: { id: 'languages', label: t('Sprachen', 'Languages'), source: 'ISO 639-3', items: [
        { code: 'deu', label: t('Deutsch', 'German') }, { code: 'arb', label: t('Arabisch', 'Arabic') } ] },
      cefrSkills: { id: 'cefrSkills', label: t('Fertigkeiten', 'Skills'), source: 'CEFR', items: ['listening', 'reading', 'spokenInteraction', 'spokenProduction', 'writing'].map((code) => ({ code, label: t(code, code) })) },
      cefrLevels: { id: 'cefrLevels', label: t('Niveaus', 'Levels'), source: 'CEFR', items: ['none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'notAssessed'].map((code) => ({ code, label: t(code, code) })) },
    },
  };
}

export function miniForm(): FormDefinition {
  const result = parseFormDefinition(miniFormJson());
  if (!result.ok) throw new Error(`mini form is invalid: ${JSON.stringify(result.errors)}`);
  return result.definition;
}
