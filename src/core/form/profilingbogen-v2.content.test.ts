import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Answers,
  type Field,
  type FormDefinition,
  type LocalizedText,
  isRepeatGroup,
  missingForCompletion,
  parseFormDefinition,
  publishingProblems,
  receivableFieldPaths,
  recipientShareText,
  validateAnswers,
} from './index';
import { profilingbogenV2Complete } from './__fixtures__/profilingbogen-answers';

const formLanguages = ['de', 'en', 'ar', 'fa', 'prs', 'ps', 'ckb', 'kmr', 'ti', 'so', 'tr', 'sq', 'fr', 'ru'];

function load(path: string): FormDefinition {
  const json: unknown = JSON.parse(readFileSync(new URL(`../../../content/${path}`, import.meta.url), 'utf8'));
  const result = parseFormDefinition(json);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return result.definition;
}

const v1 = load('forms/profilingbogen@1.json');
const v2 = load('forms/profilingbogen@2.json');

function allFields(def: FormDefinition): Field[] {
  return def.sections.flatMap((section) => section.items.flatMap((item) => (isRepeatGroup(item) ? [...item.items] : [item])));
}

function field(id: string): Field {
  const found = allFields(v2).find((f) => f.id === id);
  if (found === undefined) throw new Error(`no field ${id}`);
  return found;
}

function choiceValues(id: string): string[] {
  const f = field(id);
  return f.type === 'single' || f.type === 'multi' ? f.choices.map((c) => c.value) : [];
}

/** The notice files of one version, German first. */
function notice(version: number): { purposes: { id: string }[]; recipients: { id: string }[] } {
  return JSON.parse(readFileSync(new URL(`../../../content/notices/notice@${version}/de.json`, import.meta.url), 'utf8')) as { purposes: { id: string }[]; recipients: { id: string }[] };
}

const today = '2026-11-15';

const complete = profilingbogenV2Complete;

describe('Profilingbogen @2: the file', () => {
  it('is version 2 of the same form in the same 14 languages, every translation a draft, and publishable', () => {
    expect(v2.id).toBe('profilingbogen');
    expect(v2.version).toBe(2);
    expect(v2.languages).toEqual(formLanguages);
    expect(v2.translations.de?.reviewState).toBe('reviewed');
    for (const lang of formLanguages.slice(1)) expect(v2.translations[lang]?.reviewState).toBe('draft');
    expect(publishingProblems(v2)).toEqual([]);
  });

  it('is published beside version 1 in content/forms (the server publishes and the app ships both; new interviews start on the newest)', () => {
    expect(readdirSync(new URL('../../../content/forms/', import.meta.url)).sort()).toEqual(['profilingbogen@1.json', 'profilingbogen@2.json', 'profilingbogen@3.json']);
  });

  it('keeps every question of version 1 under the same id and type (the evaluation reads both by id), except the one recognition status', () => {
    const v2Types = new Map(allFields(v2).map((f) => [f.id, f.type]));
    const changed = allFields(v1).filter((f) => v2Types.get(f.id) !== f.type).map((f) => f.id);
    expect(changed).toEqual(['recognitionStatus']);
  });

  it('has every new or changed questionnaire text in all 14 languages', () => {
    const texts: [string, LocalizedText][] = [];
    for (const f of allFields(v2)) {
      texts.push([`${f.id}.label`, f.label]);
      if (f.hint) texts.push([`${f.id}.hint`, f.hint]);
      f.constraints?.forEach((c, i) => texts.push([`${f.id}.constraints[${i}]`, c.message]));
      if (f.type === 'single' || f.type === 'multi') f.choices.forEach((c) => texts.push([`${f.id}.${c.value}`, c.label]));
    }
    for (const list of ['residenceStatuses', 'licenceClasses']) for (const item of v2.codeLists[list]!.items) texts.push([`${list}.${item.code}`, item.label]);
    const missing = texts.flatMap(([path, text]) => formLanguages.filter((lang) => (text[lang] ?? '').trim() === '').map((lang) => `${path} (${lang})`));
    expect(missing).toEqual([]);
  });
});

describe('Profilingbogen @2: issue 15 defect 11', () => {
  it('accepts "not stated" for the class of a licence held, and completes with it', () => {
    expect(field('drivingLicenceClasses').allowNotStated).toBe(true);
    expect(validateAnswers(v2, complete, { today })).toEqual([]);
    expect(missingForCompletion(v2, complete, today)).toEqual([]);
  });

  it('does not accept "self-assessment only" together with a certificate', () => {
    const issues = validateAnswers(v2, { ...complete, languageSkills: [{ ...(complete.languageSkills as Answers[])[1], germanEvidence: ['selfAssessment', 'telc'] }] } as Answers, { today });
    expect(issues).toEqual([expect.objectContaining({ fieldId: 'germanEvidence', code: 'type', params: expect.objectContaining({ problem: 'exclusive' }) })]);
  });

  it('asks a certificate for its level, and not a self-assessment', () => {
    const german = (complete.languageSkills as Answers[])[1]!;
    const withoutLevel = { ...complete, languageSkills: [{ ...german, germanCertificateLevel: null }] } as Answers;
    expect(missingForCompletion(v2, withoutLevel, today)).toEqual([expect.objectContaining({ fieldId: 'germanCertificateLevel', code: 'required' })]);
    const selfOnly = { ...complete, languageSkills: [{ ...german, germanEvidence: ['selfAssessment'], germanCertificateLevel: null }] } as Answers;
    expect(missingForCompletion(v2, selfOnly, today)).toEqual([]);
  });
});

describe('Profilingbogen @2: issue 14', () => {
  it('lists every residence status of the issue', () => {
    expect(v2.codeLists.residenceStatuses!.items.map((i) => i.code)).toEqual([
      'ankunftsnachweis', 'aufenthaltsgestattung', 'ae25_1', 'ae25_2_refugee', 'ae25_2_subsidiary', 'ae25_3', 'duldung',
      'ausbildungsduldung', 'beschaeftigungsduldung', 'ae22', 'ae23', 'ae24', 'ae25_4', 'ae25_5', 'ae25a', 'ae25b', 'fiktionsbescheinigung',
      'niederlassungserlaubnis', 'other',
    ]);
  });

  it('records studies that were not completed, with years, whatever the ISCED level', () => {
    expect(validateAnswers(v2, { ...complete, studies: [{ studySubject: 'Jura', studyCompleted: false, studyYears: 16 }] }, { today })).toEqual([
      expect.objectContaining({ fieldId: 'studyYears', code: 'max' }),
    ]);
  });

  it('asks recognition per qualification: reference occupation, body, documents, status', () => {
    for (const prefix of ['vt', 'study']) {
      for (const suffix of ['ReferenceOccupation', 'RecognitionBody', 'DocumentsAvailable', 'DocumentsTranslated', 'RecognitionStatus']) expect(field(`${prefix}${suffix}`)).toBeDefined();
    }
    expect(choiceValues('vtRecognitionBody')).toEqual(['zab', 'ihkFosa', 'hwk', 'schoolAuthority', 'other']);
  });

  it('has the KldB requirement level, licence classes L and T, the goals and the other language', () => {
    expect(choiceValues('requirementLevel')).toEqual(['1', '2', '3', '4']);
    expect(v2.codeLists.licenceClasses!.items.map((i) => i.code)).toEqual(expect.arrayContaining(['L', 'T']));
    expect(choiceValues('goals')).toEqual(expect.arrayContaining(['schoolCertificate', 'selfEmployment']));
    expect(v2.codeLists.languages!.items.map((i) => i.code)).toEqual(expect.arrayContaining(['ssy', 'byn', 'aar', 'kun', 'mis']));
    const missing = missingForCompletion(v2, { ...complete, motherTonguesOther: '' }, today);
    expect(missing).toEqual([expect.objectContaining({ fieldId: 'motherTonguesOther', code: 'required' })]);
  });

  it('tells the interviewer on every longer free text not to note health, religion or flight', () => {
    const longtexts = allFields(v2).filter((f) => f.type === 'longtext');
    expect(longtexts.map((f) => f.id)).toEqual(['tasks', 'strengthsNotes', 'volunteering', 'interviewerAssessment']);
    for (const f of longtexts) {
      expect(f.hint?.de).toContain('Gesundheit, Religion oder die Fluchtgeschichte');
      expect(f.hint?.ar).toContain('الصحة أو الدين');
    }
  });
});

describe('Profilingbogen @2: who receives what (issue 11 item 1)', () => {
  it('maps against the purposes and recipients of the consent notice, versions 1 and 2', () => {
    for (const version of [1, 2]) {
      expect(v2.disclosure?.purposes).toEqual(notice(version).purposes.map((p) => p.id));
      expect(v2.disclosure?.recipients).toEqual(notice(version).recipients.map((r) => r.id));
    }
  });

  it('gives the Ausländerbehörde what the notice names — name, date of birth, residence status, plans — and nothing else', () => {
    expect(receivableFieldPaths(v2, 'auslaenderbehoerde', ['referral'])).toEqual([
      'surname', 'givenNames', 'birthDate',
      'residenceStatus', 'residenceStatusOther', 'residenceValidUntil', 'residenceObligation', 'residenceObligationPlace', 'employmentPermission',
      'desiredOccupations[].desiredJobTitle', 'desiredOccupations[].desiredOccupationCode',
      'goals',
    ]);
  });

  it('gives the Gemeinde name, phone, goals and childcare, and the Caritas no date of birth', () => {
    expect(receivableFieldPaths(v2, 'gemeinde', ['referral'])).toEqual([
      'surname', 'givenNames', 'phone', 'desiredOccupations[].desiredJobTitle', 'desiredOccupations[].desiredOccupationCode', 'goals', 'childcareNeeded',
    ]);
    expect(receivableFieldPaths(v2, 'caritas', ['referral'])).not.toContain('birthDate');
  });

  it('gives the Jobcenter identity, languages, schooling, work experience and goals, but not the health answer', () => {
    const paths = receivableFieldPaths(v2, 'jobcenter', ['referral']);
    expect(paths).toEqual(expect.arrayContaining(['surname', 'languageSkills[].skillLevels', 'schoolYears', 'workExperience[].occupationCode', 'goals']));
    expect(paths).not.toContain('workRestrictions');
  });

  it('hands nothing over when the applicant did not accept the referral purpose', () => {
    expect(receivableFieldPaths(v2, 'jobcenter', ['profiling', 'counselling'])).toEqual([]);
  });

  it('gives nobody the health answer or the interview metadata', () => {
    for (const recipient of v2.disclosure!.recipients) {
      const paths = receivableFieldPaths(v2, recipient, ['profiling', 'counselling', 'referral']);
      for (const path of ['workRestrictions', 'interviewer', 'site', 'interviewId']) expect(paths).not.toContain(path);
    }
  });

  it('renders what the Kreisvolkshochschule receives, in German and Arabic', () => {
    const de = recipientShareText(v2, 'kvhs', 'de');
    expect(de.map((line) => line.slice(0, 2))).toEqual(['B ', 'E ']);
    expect(de[0]).toBe('B Person: Familienname(n), Vorname(n), Muttersprache(n), Welche Sprache?, Telefonnummer');
    expect(de[1]).toMatch(/^E Sprachen: .*Integrationskurs/);
    const ar = recipientShareText(v2, 'kvhs', 'ar');
    expect(ar).toHaveLength(de.length);
    expect(ar.join('\n')).toContain('دورة الاندماج');
  });
});
