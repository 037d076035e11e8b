import { readFileSync } from 'node:fs';
import { profilingbogenV1Complete } from './__fixtures__/profilingbogen-answers';
import { describe, expect, it } from 'vitest';
import {
  type Answers,
  type Field,
  type FormDefinition,
  type LocalizedText,
  isRepeatGroup,
  isVisible,
  parseFormDefinition,
  searchCodeList,
  translationState,
  validateAnswers,
} from './index';

const formLanguages = ['de', 'en', 'ar', 'fa', 'prs', 'ps', 'ckb', 'kmr', 'ti', 'so', 'tr', 'sq', 'fr', 'ru'];

function loadDefinition(): FormDefinition {
  const json: unknown = JSON.parse(readFileSync(new URL('../../../content/forms/profilingbogen@1.json', import.meta.url), 'utf8'));
  const result = parseFormDefinition(json);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return result.definition;
}

const form = loadDefinition();

function allFields(def: FormDefinition): Field[] {
  return def.sections.flatMap((section) => section.items.flatMap((item) => (isRepeatGroup(item) ? [...item.items] : [item])));
}

function fieldById(id: string): Field {
  const field = allFields(form).find((f) => f.id === id);
  if (field === undefined) throw new Error(`no field ${id}`);
  return field;
}

/** Every questionnaire text with its path: labels, hints, reasons, choices, constraint messages. */
function questionnaireTexts(def: FormDefinition): [string, LocalizedText][] {
  const texts: [string, LocalizedText][] = [['title', def.title]];
  def.sections.forEach((section, s) => {
    texts.push([`sections[${s}].label`, section.label]);
    if (section.hint) texts.push([`sections[${s}].hint`, section.hint]);
    section.items.forEach((item, i) => {
      const base = `sections[${s}].items[${i}]`;
      texts.push([`${base}.label`, item.label]);
      if (item.hint) texts.push([`${base}.hint`, item.hint]);
      const fields = isRepeatGroup(item) ? item.items.map((f, j) => [f, `${base}.items[${j}]`] as const) : [[item, base] as const];
      for (const [field, path] of fields) {
        if (isRepeatGroup(item)) {
          texts.push([`${path}.label`, field.label]);
          if (field.hint) texts.push([`${path}.hint`, field.hint]);
        }
        if (field.reason) texts.push([`${path}.reason`, field.reason]);
        field.constraints?.forEach((c, k) => texts.push([`${path}.constraints[${k}].message`, c.message]));
        if (field.type === 'single' || field.type === 'multi') {
          field.choices.forEach((c, k) => texts.push([`${path}.choices[${k}].label`, c.label]));
        }
      }
    });
  });
  return texts;
}

describe('Profilingbogen @1: structure', () => {
  it('is version 1 of the form "profilingbogen" in the 14 form languages', () => {
    expect(form.id).toBe('profilingbogen');
    expect(form.version).toBe(1);
    expect(form.languages).toEqual(formLanguages);
  });

  it('has sections A to I in order', () => {
    expect(form.sections.map((s) => s.id)).toEqual([
      'interview',
      'person',
      'residence',
      'education',
      'languages',
      'work',
      'skills',
      'goals',
      'nextSteps',
    ]);
    expect(form.sections.map((s) => s.label.de?.slice(0, 2))).toEqual(['A ', 'B ', 'C ', 'D ', 'E ', 'F ', 'G ', 'H ', 'I ']);
  });

  it('holds the fields of the domain description', () => {
    const ids = (sectionId: string): string[] =>
      form.sections.find((s) => s.id === sectionId)?.items.flatMap((item) => [item.id, ...(isRepeatGroup(item) ? item.items.map((f) => f.id) : [])]) ?? [];
    expect(ids('interview')).toEqual(['interviewId', 'interviewDate', 'interviewTime', 'interviewer', 'site', 'interviewLanguage', 'applicantLanguage', 'interpreter', 'interpreterOther']);
    expect(ids('person')).toEqual(['surname', 'givenNames', 'surnameOriginal', 'givenNamesOriginal', 'birthDate', 'sex', 'nationalityStatus', 'nationality', 'motherTongues', 'phone', 'municipality', 'entryDate', 'assignmentDate']);
    expect(ids('residence')).toEqual(['residenceStatus', 'residenceStatusOther', 'residenceValidUntil', 'employmentPermission', 'benefitsBranch']);
    expect(ids('education')).toEqual(['schoolYears', 'iscedLevel', 'schoolCountry', 'certificates', 'literateOwnScript', 'literateLatin', 'vocationalTraining', 'vtOccupation', 'vtOccupationCode', 'vtCountry', 'vtDurationMonths', 'vtCompleted', 'studies', 'studySubject', 'studyDegree', 'studyCountry', 'studyCompleted', 'recognitionStatus']);
    expect(ids('languages')).toEqual(['languageSkills', 'skillLanguage', 'skillLevels', 'germanEvidence', 'integrationCourse', 'integrationCourseModule']);
    expect(ids('work')).toEqual(['workExperience', 'jobTitle', 'occupationCode', 'workCountry', 'workFrom', 'workTo', 'employmentType', 'tasks', 'desiredOccupations', 'desiredJobTitle', 'desiredOccupationCode']);
    expect(ids('skills')).toEqual(['digitalSkills', 'hasDrivingLicence', 'drivingLicenceClasses', 'licenceCountry', 'licenceDocumentHeld', 'strengths', 'strengthsNotes']);
    expect(ids('goals')).toEqual(['goals', 'commutingRadiusKm', 'ownVehicle', 'hoursPerWeek', 'voluntaryNote', 'workRestrictions', 'childcareNeeded']);
    expect(ids('nextSteps')).toEqual(['interviewerAssessment', 'recommendedMeasures', 'recommendedMeasuresOther', 'referrals', 'referralPartner', 'referralPurpose', 'referralDate']);
  });

  it('requires the core answers', () => {
    for (const id of ['surname', 'givenNames', 'birthDate', 'sex', 'nationalityStatus', 'nationality', 'motherTongues', 'municipality', 'residenceStatus', 'employmentPermission', 'schoolYears', 'iscedLevel', 'goals']) {
      expect(fieldById(id).required, id).toBe(true);
    }
    expect(fieldById('birthDate')).toMatchObject({ type: 'date', allowUnknownDay: true, allowUnknownMonth: true });
  });
});

describe('Profilingbogen @1: data minimisation', () => {
  it('asks nothing about religion, ethnicity, politics, flight, sex life, biometrics or criminal record', () => {
    const forbidden = /religi|konfession|ethni|volksgruppe|stamm|politi|flucht|flight|sexual|biometr|fingerab|straf|criminal|vorstraf|diagnos|krankheit|behinder|disab/i;
    for (const field of allFields(form)) {
      expect(field.id, field.id).not.toMatch(forbidden);
      if (field.type === 'note' || field.id === 'workRestrictions') continue;
      expect(field.label.de, field.id).not.toMatch(forbidden);
      expect(field.label.en, field.id).not.toMatch(forbidden);
    }
  });

  it('asks about health only as an optional yes/no, and family matters only optionally', () => {
    expect(fieldById('workRestrictions')).toMatchObject({ type: 'yesno' });
    expect(fieldById('workRestrictions').required).toBeUndefined();
    expect(fieldById('childcareNeeded')).toMatchObject({ type: 'yesno' });
    expect(fieldById('childcareNeeded').required).toBeUndefined();
  });

  it('says why the mother tongue is asked, in every language', () => {
    const reason = fieldById('motherTongues').reason;
    expect(reason?.de).toContain('Sprache');
    expect(Object.keys(reason ?? {}).sort()).toEqual([...formLanguages].sort());
  });
});

describe('Profilingbogen @1: languages', () => {
  it('has every questionnaire text in all 14 languages, without blanks', () => {
    const texts = questionnaireTexts(form);
    expect(texts).toHaveLength(221);
    const missing = texts.flatMap(([path, text]) =>
      formLanguages.filter((lang) => (text[lang] ?? '').trim() === '').map((lang) => `${path} ${lang}`),
    );
    expect(missing).toEqual([]);
    for (const lang of formLanguages) expect(translationState(form, lang).missing, lang).toEqual([]);
  });

  it('writes Kurmanji in Latin script, Sorani in Arabic script and Tigrinya in Ethiopic', () => {
    // The applicant-language choices name each language in its own script as well; they are checked apart.
    const texts = questionnaireTexts(form).filter(([path]) => !path.startsWith('sections[0].items[6].choices'));
    for (const [path, text] of texts) {
      expect(text.kmr, path).not.toMatch(/[\u0600-\u06FF]/);
      expect(text.ckb, path).toMatch(/[\u0600-\u06FF]|^[0-9 ]/);
      expect(text.ti, path).toMatch(/[\u1200-\u137F]|^[0-9A-Za-z (),.:–-]+$/);
    }
    expect(fieldById('surname').label.kmr).toBe('Paşnav');
    const choices = fieldById('applicantLanguage');
    if (choices.type !== 'single') throw new Error('applicantLanguage is a single choice');
    expect(choices.choices.map((c) => c.value)).toEqual(formLanguages);
    expect(choices.choices.find((c) => c.value === 'ti')?.label).toMatchObject({ ti: 'ትግርኛ', de: 'Tigrinya – ትግርኛ' });
    expect(choices.choices.find((c) => c.value === 'kmr')?.label).toMatchObject({ kmr: 'Kurmancî', de: 'Kurdisch (Kurmandschi) – Kurmancî' });
  });

  it('marks German reviewed and every translation as draft', () => {
    expect(form.translations.de).toEqual({ reviewState: 'reviewed' });
    for (const lang of formLanguages.slice(1)) expect(form.translations[lang], lang).toEqual({ reviewState: 'draft' });
  });

  it('translates the short code lists into every language; the big ones at least into German and English', () => {
    const short = ['cefrSkills', 'cefrLevels', 'isced', 'licenceClasses', 'residenceStatuses', 'municipalities', 'interpreterKinds', 'employmentPermissions', 'benefitsBranches', 'yesNo', 'referralPartners'];
    for (const id of short) {
      for (const item of form.codeLists[id]?.items ?? []) {
        expect(Object.keys(item.label).sort(), `${id}.${item.code}`).toEqual([...formLanguages].sort());
      }
    }
    for (const id of ['countries', 'languages', 'occupations']) {
      for (const item of form.codeLists[id]?.items ?? []) {
        expect(item.label.de, `${id}.${item.code}`).toBeTruthy();
        expect(item.label.en, `${id}.${item.code}`).toBeTruthy();
      }
    }
  });
});

describe('Profilingbogen @1: code lists', () => {
  const codes = (id: string): string[] => form.codeLists[id]?.items.map((item) => item.code) ?? [];

  it('lists all ISO 3166-1 alpha-2 codes plus Kosovo, named in every form language', () => {
    const countries = codes('countries');
    expect(countries).toHaveLength(250);
    expect(countries.filter((code) => code !== 'XK')).toHaveLength(249);
    for (const code of ['SY', 'AF', 'ER', 'IQ', 'IR', 'SO', 'NG', 'DE', 'XK']) expect(countries).toContain(code);
    const syria = form.codeLists.countries?.items.find((item) => item.code === 'SY');
    expect(syria?.label).toMatchObject({ de: 'Syrien', en: 'Syria', tr: 'Suriye', fr: 'Syrie', ru: 'Сирия', ti: 'ሶርያ' });
    expect(Object.keys(syria?.label ?? {})).toHaveLength(14);
  });

  it('finds countries by everyday names in several languages', () => {
    const list = form.codeLists.countries;
    if (list === undefined) throw new Error('no countries');
    expect(searchCodeList(list, 'Syrien', ['de', 'en'])[0]?.item.code).toBe('SY');
    expect(searchCodeList(list, 'syria', ['de', 'en'])[0]?.item.code).toBe('SY');
    expect(searchCodeList(list, 'Eritrea', ['de', 'en'])[0]?.item.code).toBe('ER');
    expect(searchCodeList(list, 'Elfenbeinkuste', ['de', 'en'])[0]?.item.code).toBe('CI');
    expect(searchCodeList(list, 'افغانستان', ['prs', 'de'])[0]?.item.code).toBe('AF');
    expect(searchCodeList(list, 'surîye', ['kmr'])[0]?.item.code).toBe('SY');
    expect(searchCodeList(list, 'Türkiye', ['tr'])[0]?.item.code).toBe('TR');
  });

  it('finds occupations as interviewers and applicants name them: German, English, Arabic, ISCO-08 and KldB codes', () => {
    const list = form.codeLists.occupations;
    if (list === undefined) throw new Error('no occupations');
    // An interviewer working in German with an Arabic-speaking applicant.
    const first = (query: string) => searchCodeList(list, query, ['de', 'ar', 'en'])[0]?.item.code;
    expect(first('Koch')).toBe('293');
    expect(first('cook')).toBe('293');
    expect(first('Chef')).toBe('293');
    expect(first('driver')).toBe('521');
    expect(first('welder')).toBe('244');
    expect(first('hairdresser')).toBe('823');
    expect(first('طباخ')).toBe('293');
    expect(first('سائق')).toBe('521');
    expect(first('5120')).toBe('293');
    expect(first('293')).toBe('293');
    expect(searchCodeList(list, '5120', ['de'])[0]).toMatchObject({ kind: 'exact', matchedText: '5120', lang: 'isco08' });
    expect(searchCodeList(list, '29', ['de']).map((match) => match.item.code)).toEqual(['291', '292', '293']);
    // Case, diacritics and word order.
    expect(first('LKW fahrer')).toBe('521');
    expect(first('fahrer lkw')).toBe('521');
    expect(first('schweisser')).toBe('244');
    expect(first('FRISÖR')).toBe('823');
    // Farsi and Tigrinya synonyms, whichever applicant language is at the table.
    expect(searchCodeList(list, 'آشپز', ['de', 'fa', 'en'])[0]?.item.code).toBe('293');
    expect(searchCodeList(list, 'መራሒ መኪና', ['de', 'ti', 'en'])[0]?.item.code).toBe('521');
  });

  it('ranks the common language first: "arab" finds Standard Arabic before the dialects', () => {
    const list = form.codeLists.languages;
    if (list === undefined) throw new Error('no languages');
    expect(searchCodeList(list, 'arab', ['de', 'en'])[0]?.item.code).toBe('arb');
    expect(searchCodeList(list, 'arab', ['en', 'ar'])[0]?.item.code).toBe('arb');
    expect(searchCodeList(list, 'kurd', ['de', 'en']).slice(0, 2).map((match) => match.item.code).sort()).toEqual(['ckb', 'kmr']);
    expect(searchCodeList(list, 'pers', ['de', 'en'])[0]?.item.code).toBe('pes');
  });

  it('has the driving-licence classes exactly', () => {
    expect(codes('licenceClasses')).toEqual(['AM', 'A1', 'A2', 'A', 'B', 'BE', 'C1', 'C1E', 'C', 'CE', 'D1', 'D1E', 'D', 'DE']);
  });

  it('has the seven municipalities of the district, with their German names in every language', () => {
    expect(codes('municipalities')).toEqual(['peine', 'edemissen', 'hohenhameln', 'ilsede', 'lengede', 'vechelde', 'wendeburg']);
    const peine = form.codeLists.municipalities?.items[0];
    expect(new Set(Object.values(peine?.label ?? {}))).toEqual(new Set(['Stadt Peine']));
  });

  it('has ISCED 0–8, the CEFR grid lists and the residence statuses of the domain', () => {
    expect(codes('isced')).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    expect(codes('cefrLevels')).toEqual(['none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'notAssessed']);
    expect(codes('cefrSkills')).toEqual(['listening', 'reading', 'spokenInteraction', 'spokenProduction', 'writing']);
    expect(codes('residenceStatuses')).toEqual(['ankunftsnachweis', 'aufenthaltsgestattung', 'ae25_1', 'ae25_2_refugee', 'ae25_2_subsidiary', 'ae25_3', 'duldung', 'niederlassungserlaubnis', 'other']);
    const labels = form.codeLists.residenceStatuses?.items.map((item) => item.label.de);
    expect(labels).toContain('Ankunftsnachweis § 63a AsylG (Bescheinigung über die Meldung als Asylsuchender)');
    expect(labels).toContain('Duldung § 60a AufenthG (vorübergehende Aussetzung der Abschiebung)');
    expect(codes('benefitsBranches')).toEqual(['asylblg', 'sgb2', 'sgb3']);
    expect(codes('employmentPermissions')).toEqual(['permitted', 'withApproval', 'notPermitted']);
    expect(codes('interpreterKinds')).toEqual(['none', 'community', 'relative', 'other']);
  });

  it('refers only to partners that the consent notice names, by the notice\'s recipient ids', () => {
    const notice: unknown = JSON.parse(readFileSync(new URL('../../../content/notices/notice@1/de.json', import.meta.url), 'utf8'));
    const recipientIds: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'recipients' && Array.isArray(value)) recipientIds.push(...value.map((r: { id?: unknown }) => String(r.id)));
          else collect(value);
        }
      }
    };
    collect(notice);
    expect(recipientIds).toHaveLength(9);
    expect(codes('referralPartners')).toEqual(recipientIds);
  });

  it('lists the languages of the applicants with BCP 47 tags and autonyms', () => {
    const languages = form.codeLists.languages?.items ?? [];
    expect(languages.length).toBeGreaterThanOrEqual(60);
    for (const code of ['arb', 'apc', 'acm', 'prs', 'pes', 'pus', 'kmr', 'ckb', 'tir', 'tig', 'amh', 'som', 'orm', 'tur', 'sqi', 'fra', 'eng', 'rus', 'che', 'ukr', 'urd', 'pan', 'ben', 'tam', 'kat', 'hye', 'aze', 'srp', 'bos', 'rom', 'hau', 'yor', 'ibo', 'wol', 'ful', 'mnk', 'lin', 'swa', 'spa', 'por', 'deu']) {
      expect(languages.map((l) => l.code)).toContain(code);
    }
    for (const language of languages) {
      expect(language.code, language.code).toMatch(/^[a-z]{3}$/);
      expect(language.extra?.bcp47, language.code).toMatch(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/);
      expect(language.extra?.autonym, language.code).toBeTruthy();
    }
    expect(languages.find((l) => l.code === 'tir')?.extra).toEqual({ bcp47: 'ti', autonym: 'ትግርኛ' });
    expect(languages.find((l) => l.code === 'kmr')?.extra).toEqual({ bcp47: 'kmr', autonym: 'Kurmancî' });
  });

  it('has all 144 KldB 2010 occupational groups, each with ISCO-08 codes and keywords', () => {
    const occupations = form.codeLists.occupations?.items ?? [];
    expect(occupations).toHaveLength(144);
    expect(new Set(occupations.map((o) => o.code.charAt(0)))).toEqual(new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']));
    for (const occupation of occupations) {
      expect(occupation.code).toMatch(/^[0-9]{3}$/);
      expect(occupation.extra?.isco08, occupation.code).toMatch(/^[0-9]{4}(,[0-9]{4})*$/);
      expect(occupation.keywords?.de?.length, occupation.code).toBeGreaterThan(0);
      expect(occupation.keywords?.en?.length, occupation.code).toBeGreaterThan(0);
    }
    expect(occupations.find((o) => o.code === '244')?.label).toEqual({ de: 'Metallbau und Schweißtechnik', en: 'Metal construction and welding' });
  });

  it('finds occupations by everyday words in German and English', () => {
    const list = form.codeLists.occupations;
    if (list === undefined) throw new Error('no occupations');
    const first = (query: string): string | undefined => searchCodeList(list, query, ['de', 'en'])[0]?.item.code;
    expect(first('Schweißer')).toBe('244');
    expect(first('schweisser')).toBe('244');
    expect(first('welder')).toBe('244');
    expect(first('Pflege')).toBe('813');
    expect(searchCodeList(list, 'Pflege', ['de', 'en']).map((m) => m.item.code)).toContain('821');
    expect(first('nurse')).toBe('813');
    expect(first('Friseur')).toBe('823');
    expect(first('hairdresser')).toBe('823');
    expect(first('Fahrer')).toBe('521');
    expect(first('driver')).toBe('521');
    expect(first('Koch')).toBe('293');
    expect(first('Lagerist')).toBe('513');
  });
});

describe('Profilingbogen @1: conditions and validation', () => {
  const today = '2016-11-15';

  const complete: Answers = profilingbogenV1Complete;

  it('accepts a complete, realistic record', () => {
    expect(validateAnswers(form, complete, { today })).toEqual([]);
  });

  it('shows studies only from ISCED 5', () => {
    const studies = form.sections[3]?.items.find((item) => item.id === 'studies');
    if (studies === undefined) throw new Error('no studies group');
    expect(studies.visibleIf).toBe('iscedLevel >= 5');
    expect(isVisible(studies, { iscedLevel: '5' })).toBe(true);
    expect(isVisible(studies, { iscedLevel: '4' })).toBe(false);
    expect(validateAnswers(form, { ...complete, iscedLevel: '3', recognitionStatus: null }, { today })).toEqual([]);
  });

  it('asks German evidence and integration course only in the German entry', () => {
    const evidence = fieldById('germanEvidence');
    expect(isVisible(evidence, {}, { skillLanguage: 'deu' })).toBe(true);
    expect(isVisible(evidence, {}, { skillLanguage: 'arb' })).toBe(false);
    const withoutEvidence: Answers = {
      ...complete,
      languageSkills: [{ skillLanguage: 'deu', skillLevels: { listening: 'A1', reading: 'A1', spokenInteraction: 'A1', spokenProduction: 'A1', writing: 'A1' } }],
    };
    expect(validateAnswers(form, withoutEvidence, { today }).map((i) => [i.path, i.code])).toEqual([
      ['languageSkills[0].germanEvidence', 'required'],
    ]);
  });

  it('does not ask "valid until" for a settlement permit', () => {
    const validUntil = fieldById('residenceValidUntil');
    expect(isVisible(validUntil, { residenceStatus: 'niederlassungserlaubnis' })).toBe(false);
    expect(isVisible(validUntil, { residenceStatus: 'duldung' })).toBe(true);
    expect(isVisible(validUntil, {})).toBe(false);
  });

  it('enforces the ranges and formats with their messages', () => {
    const issues = validateAnswers(
      form,
      { ...complete, schoolYears: 30, commutingRadiusKm: 250, phone: 'unbekannt', birthDate: { year: 2017, month: null, day: null } },
      { today },
    );
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['birthDate', 'notFuture'],
      ['phone', 'pattern'],
      ['entryDate', 'notBefore'],
      ['schoolYears', 'max'],
      ['commutingRadiusKm', 'max'],
    ]);
    expect(issues[3]?.message?.de).toBe('Bitte eine Zahl zwischen 0 und 25 angeben.');
    expect(issues[4]?.message?.ti).toContain('200');
  });

  it("checks a job's end against its own start, inside each repeat instance", () => {
    const job = { jobTitle: 'Fahrer', workFrom: { year: 2012, month: 5, day: null }, workTo: { year: 2011, month: null, day: null } };
    const issues = validateAnswers(form, { ...complete, workExperience: [{ jobTitle: 'Bäcker' }, job] }, { today });
    expect(issues).toEqual([
      {
        path: 'workExperience[1].workTo',
        fieldId: 'workTo',
        code: 'notBefore',
        params: { limit: 'workFrom' },
        message: expect.objectContaining({ de: 'Das Ende kann nicht vor dem Beginn liegen.' }),
      },
    ]);
  });

  it('needs a country of nationality only when the nationality is known', () => {
    const stateless = { ...complete, nationalityStatus: 'stateless', nationality: null };
    expect(validateAnswers(form, stateless, { today })).toEqual([]);
    expect(validateAnswers(form, { ...complete, nationality: null }, { today }).map((i) => i.path)).toEqual(['nationality']);
  });
});
