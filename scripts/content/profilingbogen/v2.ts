/**
 * Profilingbogen version 2 = version 1 plus the changes of issue 14 ("Profilingbogen version 2"),
 * issue 15 defect 11 and the recipient mapping of issue 11 item 1. Version 1 is built unchanged;
 * this function derives version 2 from it, so every text version 2 keeps is version 1's text.
 *
 * Field ids of version 1 keep their meaning (the evaluation reads both versions by id); new
 * questions get new ids; `recognitionStatus` (one status for all qualifications) is replaced by a
 * status per qualification.
 */
import * as t from './v2-texts';

/* The build works on the plain JSON of the definition; parseFormDefinition checks the result. */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const purposes = ['profiling', 'counselling', 'referral'] as const;

/** Recipient ids of the consent notice (notice@1 and notice@2). */
const R = {
  abh: 'auslaenderbehoerde',
  soziales: 'fachdienst-soziales',
  jc: 'jobcenter',
  aa: 'agentur-fuer-arbeit',
  traeger: 'massnahmetraeger',
  kvhs: 'kvhs',
  caritas: 'caritas',
  kammern: 'ihk-hwk',
  gemeinde: 'gemeinde',
} as const;
const recipients = Object.values(R);

/**
 * Handed over for the purpose "referral" (the notice: "an die Stellen, denen Sie zustimmen") to the
 * recipients named. Each recipient gets no more than its description in the notice names (the
 * Ausländerbehörde: name, date of birth, residence status, plans; the Gemeinde: name, phone,
 * goals, childcare; …); Jobcenter and Agentur für Arbeit get "the profile and the next steps".
 */
const to = (...ids: string[]) => ({ purposes: ['referral'], recipients: ids });
/** Used by the district itself; handed to nobody. */
const internal = { purposes: ['profiling', 'counselling'], recipients: [] };
const profile = [R.jc, R.aa];

/** Section defaults, then field overrides (nearest wins, see src/core/form README). */
const sectionDisclosure: Record<string, Json> = {
  interview: internal,
  person: to(...profile),
  residence: to(R.abh, ...profile, R.caritas),
  education: to(...profile, R.traeger, R.kammern),
  languages: to(...profile, R.traeger, R.kvhs),
  work: to(...profile, R.kammern),
  skills: to(...profile),
  goals: to(...profile),
  nextSteps: to(...profile, R.soziales),
};

const fieldDisclosure: Record<string, Json> = {
  applicantLanguage: to(...profile),
  interpreter: to(...profile),
  interpreterOther: to(...profile),
  surname: to(...recipients),
  givenNames: to(...recipients),
  birthDate: to(R.abh, R.soziales, ...profile),
  motherTongues: to(...profile, R.traeger, R.kvhs),
  motherTonguesOther: to(...profile, R.traeger, R.kvhs),
  phone: to(...profile, R.traeger, R.kvhs, R.caritas, R.gemeinde),
  benefitsBranch: to(...profile),
  integrationCourse: to(...profile, R.traeger, R.kvhs, R.soziales),
  integrationCourseModule: to(...profile, R.traeger, R.kvhs, R.soziales),
  integrationCourseBasis: to(...profile, R.kvhs, R.soziales),
  integrationCourseType: to(...profile, R.traeger, R.kvhs, R.soziales),
  integrationModulesDone: to(...profile, R.traeger, R.kvhs, R.soziales),
  dtzLevel: to(...profile, R.traeger, R.kvhs),
  jobLanguageCourse: to(...profile, R.traeger, R.kvhs, R.soziales),
  desiredOccupations: to(R.abh, ...profile, R.traeger, R.caritas, R.kammern, R.gemeinde),
  goals: to(R.abh, ...profile, R.traeger, R.caritas, R.gemeinde),
  // Health (Art. 9 GDPR): nobody receives it until the explicit consent item of issue 14 decides.
  workRestrictions: internal,
  childcareNeeded: to(...profile, R.gemeinde),
  interviewerAssessment: to(...profile),
};

function lists(def: Json): Json[][] {
  return def.sections.flatMap((section: Json) => [section.items, ...section.items.filter((item: Json) => item.kind === 'group').map((group: Json) => group.items)]);
}

function find(def: Json, id: string): Json {
  for (const items of lists(def)) {
    const item = items.find((candidate: Json) => candidate.id === id);
    if (item !== undefined) return item;
  }
  throw new Error(`version 1 has no item '${id}'`);
}

function insertAfter(def: Json, id: string, ...added: Json[]): void {
  for (const items of lists(def)) {
    const at = items.findIndex((candidate: Json) => candidate.id === id);
    if (at >= 0) {
      items.splice(at + 1, 0, ...added);
      return;
    }
  }
  throw new Error(`version 1 has no item '${id}'`);
}

function remove(def: Json, id: string): Json {
  for (const items of lists(def)) {
    const at = items.findIndex((candidate: Json) => candidate.id === id);
    if (at >= 0) return items.splice(at, 1)[0] as Json;
  }
  throw new Error(`version 1 has no item '${id}'`);
}

/** Appends the "no health, religion, flight" note to a free-text field's hint (or makes it the hint). */
function warnAgainstSensitiveNotes(field: Json): void {
  if (field.hint === undefined) {
    field.hint = { ...t.noSensitiveNotes };
    return;
  }
  field.hint = Object.fromEntries(Object.entries(field.hint).map(([lang, text]) => [lang, `${String(text)} ${t.noSensitiveNotes[lang as keyof typeof t.noSensitiveNotes]}`]));
}

/** Replaces digits in every text of a message (the range of years of schooling, 0–25, becomes 0–15). */
function retext(message: Json, replacements: readonly [string, string][]): Json {
  return Object.fromEntries(Object.entries(message).map(([lang, text]) => [lang, replacements.reduce((out, [from, into]) => out.split(from).join(into), String(text))]));
}

export interface LanguageListItem {
  code: string;
  label: Record<string, string>;
  keywords?: Record<string, string[]>;
  extra?: Record<string, string>;
}

/**
 * Version 2 from a freshly built version 1 (which it does not change). `extraLanguages` are the
 * built entries of the Eritrean languages (names from CLDR, like every other language).
 */
export function profilingbogenV2(v1: Json, extraLanguages: readonly LanguageListItem[]): Json {
  const def: Json = structuredClone(v1);
  def.version = 2;

  // Issue 15 defect 11: "don't know / not stated" where an honest answer can be unknown.
  for (const id of ['drivingLicenceClasses', 'schoolYears', 'iscedLevel', 'employmentPermission', 'residenceStatus']) find(def, id).allowNotStated = true;

  // German evidence: self-assessment stands alone; a certificate asks for its level.
  const evidence = find(def, 'germanEvidence');
  evidence.choices = evidence.choices.map((choice: Json) => (choice.value === 'selfAssessment' ? { ...choice, exclusive: true } : choice));
  insertAfter(def, 'germanEvidence', {
    id: 'germanCertificateLevel',
    type: 'single',
    label: t.germanCertificateLevel,
    required: true,
    visibleIf: "selected(germanEvidence, 'dtz') or selected(germanEvidence, 'telc') or selected(germanEvidence, 'goethe')",
    choices: ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'].map((level) => ({ value: level, label: t.same(level) })),
  });

  // Residence: every status of issue 14, and the residence obligation of § 12a AufenthG.
  const statuses = def.codeLists.residenceStatuses.items as Json[];
  const beforeSettlement = statuses.findIndex((item) => item.code === 'niederlassungserlaubnis');
  statuses.splice(beforeSettlement, 0, ...t.residenceStatuses.map((status) => ({ code: status.code, label: { ...status.label } })));
  insertAfter(def, 'residenceValidUntil',
    { id: 'residenceObligation', type: 'yesno', label: t.residenceObligation },
    { id: 'residenceObligationPlace', type: 'text', label: t.residenceObligationPlace, visibleIf: 'residenceObligation = true', constraints: [find(def, 'surname').constraints.find((c: Json) => c.kind === 'maxLength')] },
  );

  // Studies also when not completed (ISCED is the highest *completed* level), with years of study.
  const studies = find(def, 'studies');
  delete studies.visibleIf;
  studies.hint = { ...t.studiesHint };
  const schoolYears = find(def, 'schoolYears');
  const range15 = retext(schoolYears.constraints[0].message, [['25', '15'], ['۲۵', '۱۵'], ['٢٥', '١٥']]);
  insertAfter(def, 'studyCompleted', {
    id: 'studyYears',
    type: 'number',
    integer: true,
    label: t.studyYears,
    constraints: [{ kind: 'min', value: 0, message: range15 }, { kind: 'max', value: 15, message: range15 }],
  });

  // Recognition per qualification, replacing the one status for all of them.
  const status = remove(def, 'recognitionStatus');
  const recognition = (prefix: string): Json[] => [
    { id: `${prefix}ReferenceOccupation`, type: 'codelist', codeList: 'occupations', label: t.referenceOccupation },
    { id: `${prefix}RecognitionBody`, type: 'single', label: t.recognitionBody, choices: t.recognitionBodies.map((c) => ({ value: c.value, label: { ...c.label } })) },
    { id: `${prefix}DocumentsAvailable`, type: 'yesno', label: t.documentsAvailable },
    { id: `${prefix}DocumentsTranslated`, type: 'yesno', label: t.documentsTranslated, visibleIf: `${prefix}DocumentsAvailable = true` },
    { id: `${prefix}RecognitionStatus`, type: 'single', label: status.label, choices: status.choices },
  ];
  insertAfter(def, 'vtCompleted', ...recognition('vt'));
  insertAfter(def, 'studyYears', ...recognition('study'));

  // Integration course and vocational language course.
  const course = find(def, 'integrationCourse');
  const module = find(def, 'integrationCourseModule');
  insertAfter(def, 'integrationCourseModule',
    { id: 'integrationCourseBasis', type: 'single', label: t.integrationCourseBasis, visibleIf: "skillLanguage = 'deu'", choices: t.integrationCourseBases.map((c) => ({ value: c.value, label: { ...c.label } })) },
    { id: 'integrationCourseType', type: 'single', label: t.integrationCourseType, visibleIf: "skillLanguage = 'deu' and integrationCourse in ['registered', 'attending', 'completed', 'interrupted']", choices: t.integrationCourseTypes.map((c) => ({ value: c.value, label: { ...c.label } })) },
    { id: 'integrationModulesDone', type: 'multi', label: t.integrationModulesDone, visibleIf: "skillLanguage = 'deu' and integrationCourse in ['attending', 'completed', 'interrupted']", choices: module.choices },
    { id: 'dtzLevel', type: 'single', label: t.dtzLevel, visibleIf: "skillLanguage = 'deu' and integrationCourse = 'completed'", choices: [{ value: 'belowA2', label: t.belowA2 }, { value: 'A2', label: t.same('A2') }, { value: 'B1', label: t.same('B1') }] },
    { id: 'jobLanguageCourse', type: 'single', label: t.jobLanguageCourse, visibleIf: "skillLanguage = 'deu'", choices: course.choices },
  );

  // Past work: the requirement level, the fifth digit of a KldB 2010 code.
  insertAfter(def, 'occupationCode', {
    id: 'requirementLevel',
    type: 'single',
    label: t.requirementLevel,
    visibleIf: 'not empty(occupationCode)',
    choices: t.requirementLevels.map((c) => ({ value: c.value, label: { ...c.label } })),
  });

  // Languages: the Eritrean languages, and "other language" with its name as free text.
  const languageItems = def.codeLists.languages.items as Json[];
  languageItems.push(...extraLanguages.map((item) => structuredClone(item)), { code: 'mis', label: { ...t.otherLanguage } });
  const nameLength = find(def, 'surname').constraints.find((c: Json) => c.kind === 'maxLength');
  insertAfter(def, 'motherTongues', { id: 'motherTonguesOther', type: 'text', label: t.whichLanguage, required: true, visibleIf: "selected(motherTongues, 'mis')", constraints: [nameLength] });
  insertAfter(def, 'skillLanguage', { id: 'skillLanguageOther', type: 'text', label: t.whichLanguage, required: true, visibleIf: "skillLanguage = 'mis'", constraints: [nameLength] });

  // Skills: licence classes L and T, a converted foreign licence, volunteering.
  const classes = def.codeLists.licenceClasses.items as Json[];
  classes.splice(classes.findIndex((item) => item.code === 'B'), 0, { code: 'L', label: { ...t.licenceClassL } }, { code: 'T', label: { ...t.licenceClassT } });
  insertAfter(def, 'licenceDocumentHeld', { id: 'licenceConverted', type: 'yesno', label: t.licenceConverted, visibleIf: "hasDrivingLicence = true and not empty(licenceCountry) and licenceCountry != 'DE'" });
  insertAfter(def, 'strengthsNotes', { id: 'volunteering', type: 'longtext', label: t.volunteering });

  // Goals: catching up a school certificate, self-employment; the earliest date available.
  const goals = find(def, 'goals');
  goals.choices = [...goals.choices, { value: 'schoolCertificate', label: t.goalSchoolCertificate }, { value: 'selfEmployment', label: t.goalSelfEmployment }];
  insertAfter(def, 'goals', { id: 'availableFrom', type: 'date', label: t.availableFrom, allowUnknownDay: true });

  // Every free-text field says what not to write there.
  for (const id of ['tasks', 'strengthsNotes', 'volunteering', 'interviewerAssessment', 'referralPurpose', 'recommendedMeasuresOther', 'residenceStatusOther', 'interpreterOther']) warnAgainstSensitiveNotes(find(def, id));

  // Issue 11 item 1: what each answer serves and who may receive it.
  def.disclosure = { purposes: [...purposes], recipients };
  for (const section of def.sections) {
    const sectionRule = sectionDisclosure[section.id];
    if (sectionRule === undefined) throw new Error(`no disclosure for section '${section.id}'`);
    section.disclosure = sectionRule;
  }
  for (const [id, rule] of Object.entries(fieldDisclosure)) find(def, id).disclosure = rule;
  return def;
}
