/**
 * A synthetic campaign that looks like the district's first one (695 people, mostly from Syria,
 * Afghanistan, Iraq and Eritrea): names in the applicants' scripts beside their Latin spelling,
 * schooling from none to a doctorate, studies (some interrupted), vocational training, work
 * experience with KldB 2010 occupational groups, CEFR levels, goals and measures; consent mostly
 * given, partly refused per recipient, some refusals and some later withdrawals.
 *
 * Pure and deterministic: the same content, options and seed give the same records, ids and times.
 * Every record is built with core's consent capture and must pass core's record validation — the
 * demo goes through the same gate as a tablet's push (see demo-data.ts).
 */
import { appendWithdrawal, createConsentRecord, recipientsBlocked, type ConsentRecord, type NoticeArtifact } from '../../core/consent/index';
import type { Answers, DateAnswer, FormDefinition, RepeatInstance } from '../../core/form/index';
import { formForConsent, type InterviewRecord } from '../../core/record/index';
import { between, pick, seededRandom, seededUuid, some, weighted, type Random } from './random';
import { drawnSignature, type DrawnSignature } from './signature';

export interface DemoCampaignOptions {
  /** How many people were interviewed. */
  count: number;
  seed: number;
  /** First day of the campaign (UTC). */
  start: Date;
  /** How many weeks it ran. */
  weeks: number;
  /** How many tablets took part. */
  devices: number;
}

/** The published content a campaign is captured against: every version, newest last. */
export interface DemoContent {
  forms: readonly FormDefinition[];
  /** Notice texts by version, then by language; each version has its German text. */
  notices: ReadonlyMap<number, ReadonlyMap<string, NoticeArtifact>>;
}

/** One interview as a tablet would push it: its revisions in order (a withdrawal is a later one). */
export interface DemoInterview {
  recordId: string;
  /** Index of the tablet that captured it (0-based). */
  device: number;
  formRef: string | null;
  notice: NoticeArtifact;
  revisions: InterviewRecord[];
}

interface Person {
  lang: string;
  nationality: string | null;
  nationalityStatus: 'known' | 'stateless' | 'unresolved';
  motherTongue: string;
  interviewLanguage: string;
  surname: string;
  givenNames: string;
  surnameOriginal?: string;
  givenNamesOriginal?: string;
  sex: 'female' | 'male' | 'diverse';
}

type NamePair = readonly [latin: string, original?: string];

interface Origin {
  weight: number;
  lang: string;
  nationality: string | null;
  nationalityStatus?: 'stateless' | 'unresolved';
  motherTongues: readonly string[];
  interviewLanguage: string;
  surnames: readonly NamePair[];
  female: readonly NamePair[];
  male: readonly NamePair[];
}

const arabicSurnames: NamePair[] = [['Haddad', 'حداد'], ['Al-Hassan', 'الحسن'], ['Ibrahim', 'إبراهيم'], ['Mahmoud', 'محمود'], ['Osman', 'عثمان'], ['Khalil', 'خليل'], ['Al-Ahmad', 'الأحمد'], ['Darwish', 'درويش'], ['Nasser', 'ناصر'], ['Saleh', 'صالح']];
const arabicFemale: NamePair[] = [['Rania', 'رانيا'], ['Fatima', 'فاطمة'], ['Aisha', 'عائشة'], ['Layla', 'ليلى'], ['Noor', 'نور'], ['Huda', 'هدى'], ['Amal', 'أمل']];
const arabicMale: NamePair[] = [['Omar', 'عمر'], ['Ahmad', 'أحمد'], ['Mustafa', 'مصطفى'], ['Yusuf', 'يوسف'], ['Khaled', 'خالد'], ['Mohammad', 'محمد'], ['Bilal', 'بلال']];
const persianSurnames: NamePair[] = [['Rahimi', 'رحیمی'], ['Hosseini', 'حسینی'], ['Mohammadi', 'محمدی'], ['Karimi', 'کریمی'], ['Qasemi', 'قاسمی'], ['Noori', 'نوری'], ['Sultani', 'سلطانی'], ['Azizi', 'عزیزی']];
const persianFemale: NamePair[] = [['Zahra', 'زهرا'], ['Maryam', 'مریم'], ['Leila', 'لیلا'], ['Nasrin', 'نسرین'], ['Mahbooba', 'محبوبه'], ['Shabnam', 'شبنم']];
const persianMale: NamePair[] = [['Hamid', 'حمید'], ['Ali', 'علی'], ['Farid', 'فرید'], ['Reza', 'رضا'], ['Jawad', 'جواد'], ['Mahdi', 'مهدی']];
const pashtoSurnames: NamePair[] = [['Ahmadzai', 'احمدزی'], ['Popal', 'پوپل'], ['Safi', 'صافي'], ['Wardak', 'وردګ'], ['Stanikzai', 'ستانکزی']];
const pashtoFemale: NamePair[] = [['Malalai', 'ملالۍ'], ['Palwasha', 'پلوشه'], ['Zarghuna', 'زرغونه']];
const pashtoMale: NamePair[] = [['Gul', 'ګل'], ['Naqibullah', 'نقیب الله'], ['Ajmal', 'اجمل'], ['Rahmatullah', 'رحمت الله']];
const tigrinyaSurnames: NamePair[] = [['Tesfay', 'ተስፋይ'], ['Berhane', 'በርሃነ'], ['Ghebremariam', 'ገብረማርያም'], ['Haile', 'ሃይለ'], ['Kidane', 'ኪዳነ'], ['Woldu', 'ወልዱ'], ['Tekle', 'ተኽለ']];
const tigrinyaFemale: NamePair[] = [['Senait', 'ሰናይት'], ['Selam', 'ሰላም'], ['Helen', 'ሄለን'], ['Luwam', 'ሉዋም'], ['Yordanos', 'ዮርዳኖስ']];
const tigrinyaMale: NamePair[] = [['Yonas', 'ዮናስ'], ['Filmon', 'ፊልሞን'], ['Awet', 'ኣወት'], ['Dawit', 'ዳዊት'], ['Merhawi', 'መርሃዊ']];
const soraniSurnames: NamePair[] = [['Karim', 'کەریم'], ['Aziz', 'عەزیز'], ['Rasul', 'ڕەسوڵ'], ['Qadir', 'قادر']];
const soraniFemale: NamePair[] = [['Shilan', 'شیلان'], ['Dilan', 'دیلان'], ['Nazdar', 'نازدار']];
const soraniMale: NamePair[] = [['Rebwar', 'ڕێبوار'], ['Karwan', 'کاروان'], ['Hemin', 'هێمن']];
const ukrainianSurnames: NamePair[] = [['Shevchenko', 'Шевченко'], ['Kovalenko', 'Коваленко'], ['Bondarenko', 'Бондаренко'], ['Melnyk', 'Мельник']];
const ukrainianFemale: NamePair[] = [['Olena', 'Олена'], ['Iryna', 'Ірина'], ['Oksana', 'Оксана']];
const ukrainianMale: NamePair[] = [['Dmytro', 'Дмитро'], ['Andrii', 'Андрій'], ['Serhii', 'Сергій']];
const latin = (...names: string[]): NamePair[] => names.map((name) => [name] as const);

// Roughly who came to a Lower Saxony district in 2016, by nationality; the weights are shares.
const origins: readonly Origin[] = [
  { weight: 30, lang: 'ar', nationality: 'SY', motherTongues: ['apc', 'arb'], interviewLanguage: 'arb', surnames: arabicSurnames, female: arabicFemale, male: arabicMale },
  { weight: 5, lang: 'kmr', nationality: 'SY', motherTongues: ['kmr'], interviewLanguage: 'kmr', surnames: latin('Xelil', 'Ehmed', 'Mistefa', 'Osê'), female: latin('Rojda', 'Berivan', 'Nesrîn'), male: latin('Azad', 'Şêrko', 'Dilşad') },
  { weight: 14, lang: 'prs', nationality: 'AF', motherTongues: ['prs'], interviewLanguage: 'prs', surnames: persianSurnames, female: persianFemale, male: persianMale },
  { weight: 5, lang: 'ps', nationality: 'AF', motherTongues: ['pus'], interviewLanguage: 'pus', surnames: pashtoSurnames, female: pashtoFemale, male: pashtoMale },
  { weight: 9, lang: 'ar', nationality: 'IQ', motherTongues: ['acm', 'arb'], interviewLanguage: 'arb', surnames: arabicSurnames, female: arabicFemale, male: arabicMale },
  { weight: 4, lang: 'ckb', nationality: 'IQ', motherTongues: ['ckb'], interviewLanguage: 'ckb', surnames: soraniSurnames, female: soraniFemale, male: soraniMale },
  { weight: 11, lang: 'ti', nationality: 'ER', motherTongues: ['tir'], interviewLanguage: 'tir', surnames: tigrinyaSurnames, female: tigrinyaFemale, male: tigrinyaMale },
  { weight: 5, lang: 'fa', nationality: 'IR', motherTongues: ['pes'], interviewLanguage: 'pes', surnames: persianSurnames, female: persianFemale, male: persianMale },
  { weight: 5, lang: 'so', nationality: 'SO', motherTongues: ['som'], interviewLanguage: 'som', surnames: latin('Abdi', 'Warsame', 'Farah', 'Hassan', 'Mohamed'), female: latin('Amina', 'Hodan', 'Ayaan', 'Fadumo'), male: latin('Abdullahi', 'Mahad', 'Abdirahman', 'Liban') },
  { weight: 3, lang: 'tr', nationality: 'TR', motherTongues: ['tur'], interviewLanguage: 'tur', surnames: latin('Yılmaz', 'Kaya', 'Demir', 'Şahin'), female: latin('Elif', 'Zeynep', 'Ayşe'), male: latin('Mehmet', 'Emre', 'Mustafa') },
  { weight: 4, lang: 'ru', nationality: 'UA', motherTongues: ['ukr', 'rus'], interviewLanguage: 'rus', surnames: ukrainianSurnames, female: ukrainianFemale, male: ukrainianMale },
  { weight: 2, lang: 'sq', nationality: 'AL', motherTongues: ['sqi'], interviewLanguage: 'sqi', surnames: latin('Hoxha', 'Krasniqi', 'Berisha'), female: latin('Blerta', 'Arta'), male: latin('Arben', 'Ilir') },
  { weight: 2, lang: 'ar', nationality: null, nationalityStatus: 'stateless', motherTongues: ['apc', 'arb'], interviewLanguage: 'arb', surnames: arabicSurnames, female: arabicFemale, male: arabicMale },
  { weight: 1, lang: 'en', nationality: null, nationalityStatus: 'unresolved', motherTongues: ['eng'], interviewLanguage: 'eng', surnames: latin('Johnson', 'Okafor'), female: latin('Grace'), male: latin('Samuel') },
];

// What people had done before, with the KldB 2010 occupational group and a job title as said.
const jobs: readonly (readonly [code: string, title: string, weight: number])[] = [
  ['293', 'Koch', 8], ['633', 'Kellner', 4], ['521', 'Fahrer', 8], ['513', 'Lagerarbeiter', 6], ['244', 'Schweißer', 5],
  ['321', 'Maurer', 6], ['332', 'Maler', 4], ['342', 'Installateur', 3], ['263', 'Elektriker', 4], ['252', 'Kfz-Mechaniker', 5],
  ['223', 'Tischler', 3], ['282', 'Schneider', 4], ['823', 'Friseur', 4], ['612', 'Händler', 6], ['621', 'Verkäufer', 5],
  ['111', 'Landwirt', 5], ['121', 'Gärtner', 2], ['292', 'Bäcker', 3], ['541', 'Reinigungskraft', 3], ['813', 'Krankenpfleger', 3],
  ['821', 'Altenpfleger', 1], ['814', 'Ärztin', 1], ['818', 'Apotheker', 1], ['841', 'Lehrer', 3], ['434', 'Programmierer', 2],
  ['722', 'Buchhalter', 2], ['714', 'Bürokraft', 2], ['311', 'Bauingenieur', 1], ['831', 'Erzieherin', 2], ['531', 'Wachmann', 1],
];
const trainings: readonly (readonly [code: string, title: string])[] = [
  ['252', 'Kfz-Mechaniker'], ['263', 'Elektriker'], ['282', 'Schneiderin'], ['823', 'Friseurin'], ['813', 'Krankenpflegehelfer'],
  ['223', 'Tischler'], ['244', 'Schweißer'], ['342', 'Installateur'], ['714', 'Bürokauffrau'], ['292', 'Bäcker'],
];
const studySubjects = ['Pharmazie', 'Bauingenieurwesen', 'Informatik', 'Lehramt Arabisch', 'Betriebswirtschaft', 'Medizin', 'Jura', 'Englische Literatur', 'Maschinenbau', 'Agrarwissenschaft'];
const municipalities: readonly (readonly [string, number])[] = [['peine', 40], ['vechelde', 12], ['ilsede', 11], ['edemissen', 10], ['lengede', 9], ['wendeburg', 9], ['hohenhameln', 9]];
const sites = ['Gemeinschaftsunterkunft Peine', 'Unterkunft Vechelde', 'Unterkunft Ilsede', 'Rathaus Edemissen', 'Unterkunft Lengede'];
const interviewers = [
  { id: 'iv-demo-1', name: 'Ines Interviewerin' },
  { id: 'iv-demo-2', name: 'Jonas Berater' },
  { id: 'iv-demo-3', name: 'Aylin Demir' },
  { id: 'iv-demo-4', name: 'Karsten Lüders' },
  { id: 'iv-demo-5', name: 'Samira Haddad' },
];
const cefr = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (time: Date): DateAnswer => ({ year: time.getUTCFullYear(), month: time.getUTCMonth() + 1, day: time.getUTCDate() });

function personOf(random: Random): Person {
  const origin = weighted(random, origins.map((o) => [o, o.weight] as const));
  const sex = weighted(random, [['male', 63], ['female', 36], ['diverse', 1]] as const);
  const [surname, surnameOriginal] = pick(random, origin.surnames);
  const [givenNames, givenNamesOriginal] = pick(random, sex === 'female' ? origin.female : sex === 'male' ? origin.male : [...origin.female, ...origin.male]);
  return {
    lang: origin.lang,
    nationality: origin.nationality,
    nationalityStatus: origin.nationalityStatus ?? 'known',
    motherTongue: pick(random, origin.motherTongues),
    interviewLanguage: origin.interviewLanguage,
    surname,
    givenNames,
    ...(surnameOriginal !== undefined && { surnameOriginal }),
    ...(givenNamesOriginal !== undefined && { givenNamesOriginal }),
    sex,
  };
}

/** A CEFR grid around `centre` (index into A1…C2), each skill a step up or down at most. */
function cefrGrid(random: Random, centre: number, literate = true): Record<string, string> {
  const level = () => cefr[Math.max(0, Math.min(cefr.length - 1, centre + between(random, -1, 1)))]!;
  return {
    listening: level(),
    reading: literate ? level() : 'none',
    spokenInteraction: level(),
    spokenProduction: level(),
    writing: literate ? level() : 'none',
  };
}

function answersOf(random: Random, recordId: string, person: Person, interviewer: { name: string }, site: string, at: Date): Answers {
  const year = at.getUTCFullYear();
  const age = weighted(random, [[between(random, 18, 24), 30], [between(random, 25, 34), 34], [between(random, 35, 44), 20], [between(random, 45, 54), 11], [between(random, 55, 64), 5]] as const);
  const birthMonth = random() < 0.9 ? between(random, 1, 12) : null;
  const birthDate: DateAnswer = { year: year - age - 1, month: birthMonth, day: birthMonth !== null && random() < 0.75 ? between(random, 1, 28) : null };
  const entry = new Date(at.getTime() - between(random, 120, 900) * DAY_MS);
  const assignment = new Date(entry.getTime() + between(random, 20, 100) * DAY_MS);

  // Schooling: a spread from no school to university; years follow the level.
  const isced = weighted(random, [['0', 7], ['1', 14], ['2', 26], ['3', 30], ['4', 3], ['6', 15], ['7', 4], ['8', 1]] as const);
  const schoolYears = isced === '0' ? between(random, 0, 2) : isced === '1' ? between(random, 3, 6) : isced === '2' ? between(random, 7, 9) : between(random, 10, 13);
  const literateLatin = isced !== '0' && random() < 0.55 + Number(isced) * 0.05;
  const literateOwnScript = isced !== '0' || random() < 0.3;
  const residenceStatus = weighted(random, [['aufenthaltsgestattung', 30], ['ae25_2_refugee', 30], ['ae25_2_subsidiary', 22], ['ae25_1', 3], ['ae25_3', 4], ['duldung', 4], ['ankunftsnachweis', 5], ['niederlassungserlaubnis', 1], ['other', 1]] as const);
  const germanCentre = weighted(random, [[0, 45], [1, 30], [2, 18], [3, 7]] as const);
  const integrationCourse = weighted(random, [['notStarted', 20], ['registered', 15], ['attending', 35], ['completed', 20], ['interrupted', 10]] as const);
  const evidence = some(random, ['selfAssessment', 'dtz', 'telc', 'goethe'], weighted(random, [[1, 80], [2, 20]] as const));

  const languageSkills: RepeatInstance[] = [
    { skillLanguage: person.motherTongue, skillLevels: cefrGrid(random, 5, literateOwnScript) },
    {
      skillLanguage: 'deu',
      skillLevels: cefrGrid(random, germanCentre),
      germanEvidence: evidence.length > 0 ? evidence : ['selfAssessment'],
      integrationCourse,
      ...((integrationCourse === 'attending' || integrationCourse === 'interrupted') && { integrationCourseModule: pick(random, ['module1', 'module2', 'module3', 'module4', 'module5', 'module6', 'orientation']) }),
    },
  ];
  if (random() < 0.35) languageSkills.push({ skillLanguage: 'eng', skillLevels: cefrGrid(random, between(random, 0, 3)) });
  if (person.lang === 'prs' || person.lang === 'ps') {
    if (random() < 0.4) languageSkills.push({ skillLanguage: person.lang === 'prs' ? 'pus' : 'prs', skillLevels: cefrGrid(random, 2) });
  }

  // Studies show from ISCED 5 on; a bachelor's level (6) or above had some, finished or not.
  const hasStudies = Number(isced) >= 6;
  const studies = hasStudies
    ? [{
        studySubject: pick(random, studySubjects),
        studyDegree: weighted(random, [['bachelor', 60], ['master', 20], ['doctorate', 5], ['other', 15]] as const),
        ...(person.nationality && { studyCountry: person.nationality }),
        // Studies broken off by the war are common.
        studyCompleted: random() < 0.55,
      }]
    : [];
  const vocationalTraining = random() < 0.22
    ? [(() => {
        const [code, title] = pick(random, trainings);
        return { vtOccupation: title, vtOccupationCode: code, ...(person.nationality && { vtCountry: person.nationality }), vtDurationMonths: between(random, 6, 36), vtCompleted: random() < 0.7 };
      })()]
    : [];

  const jobCount = weighted(random, [[0, 20], [1, 45], [2, 25], [3, 10]] as const);
  let workEnd = year - between(random, 1, 4);
  const workExperience = Array.from({ length: jobCount }, () => {
    const [code, title] = weighted(random, jobs.map(([c, t, w]) => [[c, t] as const, w] as const));
    const years = between(random, 1, 8);
    const from = Math.max(birthDate.year + 14, workEnd - years);
    const job = {
      jobTitle: title,
      occupationCode: code,
      ...(person.nationality && { workCountry: random() < 0.85 ? person.nationality : 'TR' }),
      workFrom: { year: from, month: random() < 0.5 ? between(random, 1, 12) : null, day: null },
      workTo: { year: Math.max(from, workEnd), month: null, day: null },
      employmentType: random() < 0.8 ? 'employed' : 'selfEmployed',
    };
    workEnd = from - between(random, 0, 2);
    return job;
  }).filter((job) => job.workFrom.year <= job.workTo.year);

  const hasDrivingLicence = random() < 0.38;
  const goals = some(random, ['job', 'apprenticeship', 'studies', 'languageCourse', 'internship'], weighted(random, [[1, 30], [2, 50], [3, 20]] as const));
  const measures = some(random, ['integrationCourse', 'jobLanguageCourse', 'literacyCourse', 'recognitionCounselling', 'careerOrientation', 'internship', 'apprenticeship', 'jobPlacement', 'qualification', 'studyCounselling'], between(random, 1, 3));
  const time = `${pad(between(random, 8, 16))}:${pad(between(random, 0, 59))}`;

  return {
    interviewId: recordId,
    interviewDate: dateOf(at),
    interviewTime: time,
    interviewer: interviewer.name,
    site,
    interviewLanguage: person.interviewLanguage,
    applicantLanguage: person.lang,
    interpreter: person.lang === 'de' ? 'none' : weighted(random, [['community', 70], ['relative', 15], ['none', 15]] as const),
    surname: person.surname,
    givenNames: person.givenNames,
    ...(person.surnameOriginal !== undefined && { surnameOriginal: person.surnameOriginal }),
    ...(person.givenNamesOriginal !== undefined && { givenNamesOriginal: person.givenNamesOriginal }),
    birthDate,
    sex: person.sex,
    nationalityStatus: person.nationalityStatus,
    ...(person.nationality && { nationality: [person.nationality] }),
    motherTongues: [person.motherTongue],
    ...(random() < 0.8 && { phone: `+49 15${between(random, 1, 9)} ${between(random, 1000000, 9999999)}` }),
    municipality: weighted(random, municipalities),
    entryDate: { ...dateOf(entry), day: random() < 0.6 ? entry.getUTCDate() : null },
    assignmentDate: dateOf(assignment),
    residenceStatus,
    ...(residenceStatus === 'other' && { residenceStatusOther: 'Visum zur Familienzusammenführung' }),
    ...(residenceStatus !== 'niederlassungserlaubnis' && random() < 0.7 && { residenceValidUntil: dateOf(new Date(at.getTime() + between(random, 60, 900) * DAY_MS)) }),
    employmentPermission: residenceStatus === 'aufenthaltsgestattung' || residenceStatus === 'duldung' ? 'withApproval' : residenceStatus === 'ankunftsnachweis' ? 'notPermitted' : 'permitted',
    benefitsBranch: residenceStatus === 'aufenthaltsgestattung' || residenceStatus === 'ankunftsnachweis' || residenceStatus === 'duldung' ? 'asylblg' : 'sgb2',
    schoolYears,
    iscedLevel: isced,
    ...(schoolYears > 0 && person.nationality && { schoolCountry: person.nationality }),
    ...(schoolYears > 0 && { certificates: weighted(random, [['yes', 35], ['partly', 35], ['no', 30]] as const) }),
    literateOwnScript,
    literateLatin,
    ...(vocationalTraining.length > 0 && { vocationalTraining }),
    ...(studies.length > 0 && { studies }),
    ...((vocationalTraining.length > 0 || studies.length > 0) && { recognitionStatus: weighted(random, [['notApplied', 50], ['applied', 30], ['granted', 8], ['partlyGranted', 7], ['refused', 5]] as const) }),
    languageSkills,
    ...(workExperience.length > 0 && { workExperience }),
    digitalSkills: some(random, ['smartphone', 'computer', 'officePrograms'], weighted(random, [[1, 60], [2, 30], [3, 10]] as const)),
    hasDrivingLicence,
    ...(hasDrivingLicence && {
      drivingLicenceClasses: random() < 0.15 ? ['B', 'C'] : ['B'],
      ...(person.nationality && { licenceCountry: person.nationality }),
      licenceDocumentHeld: random() < 0.5,
    }),
    strengths: some(random, ['teamwork', 'reliability', 'diligence', 'communication', 'organisation', 'manualDexterity', 'technicalUnderstanding', 'willingnessToLearn', 'caring', 'creativity'], between(random, 1, 4)),
    goals,
    commutingRadiusKm: pick(random, [5, 10, 20, 30, 50]),
    ownVehicle: hasDrivingLicence && random() < 0.2,
    hoursPerWeek: pick(random, [20, 25, 30, 35, 39, 40]),
    recommendedMeasures: measures,
    ...(random() < 0.6 && {
      referrals: [{ referralPartner: pick(random, ['jobcenter', 'agentur-fuer-arbeit', 'kvhs', 'massnahmetraeger']), referralPurpose: 'Sprachkurs und Beratung', referralDate: dateOf(at) }],
    }),
  };
}

/** Every field id of a form, inside repeat groups too. */
function fieldIdsOf(form: FormDefinition): Set<string> {
  return new Set(form.sections.flatMap((section) => section.items.flatMap((item) => ('items' in item ? [item.id, ...item.items.map((field) => field.id)] : [item.id]))));
}

const cefrOrder = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'];

/**
 * The answers of `answersOf` (shaped for version 1) as the form the interview was captured with
 * asks for them, without drawing another random number (so a campaign on version 1 stays the same
 * for a seed): from version 2 on, "self-assessment only" stands alone, a certificate names its
 * level (the best level of the German grid) and the recognition status is one per qualification.
 */
function fittedToForm(answers: Answers, form: FormDefinition): Answers {
  const ids = fieldIdsOf(form);
  const out: Record<string, Answers[string]> = { ...answers };
  const status = out.recognitionStatus;
  if (!ids.has('recognitionStatus') && typeof status === 'string') {
    delete out.recognitionStatus;
    const withStatus = (group: string, field: string) => {
      const entries = out[group];
      if (Array.isArray(entries) && ids.has(field)) out[group] = (entries as RepeatInstance[]).map((entry) => ({ ...entry, [field]: status }));
    };
    withStatus('vocationalTraining', 'vtRecognitionStatus');
    withStatus('studies', 'studyRecognitionStatus');
  }
  const skills = out.languageSkills;
  if (ids.has('germanCertificateLevel') && Array.isArray(skills)) {
    out.languageSkills = (skills as RepeatInstance[]).map((entry): RepeatInstance => {
      const evidence = entry.germanEvidence;
      if (!Array.isArray(evidence)) return entry;
      const certificates = (evidence as readonly string[]).filter((item) => item !== 'selfAssessment');
      if (certificates.length === 0) return entry;
      const levels = Object.values((entry.skillLevels ?? {}) as Record<string, string>).map((level) => cefrOrder.indexOf(level));
      return { ...entry, germanEvidence: certificates, germanCertificateLevel: cefrOrder[Math.max(0, ...levels)]! };
    });
  }
  return out;
}

type Decisions = Record<string, 'accepted' | 'refused'>;

function decisionsOf(random: Random, notice: NoticeArtifact, refuses: boolean): { purposes: Decisions; recipients: Decisions } {
  const decide = (ids: readonly string[], core: string | undefined, yesShare: number): Decisions =>
    Object.fromEntries(ids.map((id) => [id, refuses ? 'refused' : id === core || random() < yesShare ? 'accepted' : 'refused']));
  // The first purpose (the competence profile) is what the interview is for: whoever consents, accepts it.
  const purposes = decide(notice.purposes.map((p) => p.id), notice.purposes[0]?.id, 0.9);
  // From notice@3 on the recipients are asked only when the referral purpose is accepted; refusing it refuses them all.
  const recipients = decide(notice.recipients.map((r) => r.id), undefined, 0.8);
  return { purposes, recipients: recipientsBlocked(notice, purposes) ? Object.fromEntries(Object.keys(recipients).map((id) => [id, 'refused'])) : recipients };
}

const signatures = new Map<number, DrawnSignature>();
function signatureOf(index: number): DrawnSignature {
  // A handful of drawings serve all: drawing a PNG costs more than building the record.
  const key = index % 16;
  let signature = signatures.get(key);
  if (!signature) signatures.set(key, (signature = drawnSignature(key + 1000)));
  return signature;
}

function newestVersionAt<T>(versions: readonly T[], share: number): T {
  // The campaign's period is split evenly between the versions, oldest first.
  return versions[Math.min(versions.length - 1, Math.floor(share * versions.length))]!;
}

/** `answers` without what the consent does not cover (`core/record` `formForConsent`). */
function coveredAnswers(answers: Answers, form: FormDefinition, consent: ConsentRecord): Answers {
  const allowed = formForConsent(form, consent);
  const ids = new Set(allowed.sections.flatMap((section) => section.items.map((item) => item.id)));
  return Object.fromEntries(Object.entries(answers).filter(([key]) => ids.has(key)));
}

/** The campaign: `count` interviews in the order they were captured. */
export function demoCampaign(content: DemoContent, options: DemoCampaignOptions): DemoInterview[] {
  if (!Number.isInteger(options.count) || options.count < 1) throw new Error('the count must be a whole number of at least 1');
  if (content.forms.length === 0) throw new Error('no form is published');
  const noticeVersions = [...content.notices.keys()].sort((a, b) => a - b);
  if (noticeVersions.length === 0) throw new Error('no notice is published');
  const random = seededRandom(options.seed * 2654435761 + 7);
  const periodMs = options.weeks * 7 * DAY_MS;
  const interviews: DemoInterview[] = [];

  for (let index = 0; index < options.count; index++) {
    const share = index / options.count;
    // Working days only, between 08:00 and 17:00, spread over the campaign in order.
    let at = new Date(options.start.getTime() + Math.floor(share * periodMs) + between(random, 8 * 60, 16 * 60) * 60_000);
    while (at.getUTCDay() === 0 || at.getUTCDay() === 6) at = new Date(at.getTime() + DAY_MS);
    const recordId = seededUuid(random);
    const person = personOf(random);
    const device = Math.floor(random() * options.devices);
    const interviewer = interviewers[device % interviewers.length]!;
    const site = sites[device % sites.length]!;
    const noticeVersion = newestVersionAt(noticeVersions, share);
    const texts = content.notices.get(noticeVersion)!;
    const german = texts.get('de')!;
    const notice = texts.get(person.lang) ?? german;
    const form = newestVersionAt(content.forms, share);

    const refuses = random() < 0.06;
    const { purposes, recipients } = decisionsOf(random, notice, refuses);
    // From notice@3 on: the health item is its own decision, the age is asked, the interpreter's kind named.
    const asksCapacity = notice.hashScheme === 2;
    const explicit = asksCapacity
      ? Object.fromEntries((notice.explicitConsents ?? []).map((item) => [item.id, !refuses && random() < 0.7 ? 'accepted' : 'refused'] as const))
      : undefined;
    const collection = notice.lang === 'de' ? 'read_by_applicant' : weighted(random, [['read_by_applicant', 50], ['read_aloud', 20], ['interpreted', 30]] as const);
    // Who else was there: an interpreter interprets, a social worker of the site witnesses a reading aloud.
    const attester = collection === 'interpreted'
      ? { party: { interpreter: { name: 'Samira Sprachmittlerin', role: 'Sprachmittlerin', ...(asksCapacity && { kind: 'professional' as const }) } }, name: 'Samira Sprachmittlerin', role: 'interpreter' as const }
      : collection === 'read_aloud'
        ? { party: { witness: { name: 'Thomas Brandt', role: 'Sozialarbeiter der Unterkunft' } }, name: 'Thomas Brandt', role: 'witness' as const }
        : null;
    const makesMark = attester !== null && random() < 0.15;
    const consent = createConsentRecord(
      {
        record_id: seededUuid(random),
        interview_id: recordId,
        pii_principal_id: `person-${recordId.slice(0, 8)}`,
        parties: { interviewer, ...attester?.party },
        collection_method: collection,
        ...(collection === 'interpreted' && { interpreted_by: attester!.name }),
        purposes,
        recipient_third_parties: recipients,
        special_categories: false,
        ...(explicit !== undefined && { explicit_consents: explicit, age_at_consent: 18 + Math.floor(random() * 40) }),
        evidence: makesMark
          ? { kind: 'mark', attestedBy: { name: attester.name, role: attester.role } }
          : { kind: 'signature', ...signatureOf(index) },
        ...(attester !== null && { reading_attestation: { name: attester.name, role: attester.role } }),
      },
      notice,
      german,
      at,
    );
    const isRefusal = consent.events[0]?.event_state === 'refused';
    const completedAt = new Date(at.getTime() + between(random, 35, 80) * 60_000);
    const first: InterviewRecord = {
      recordId,
      interview: {
        interviewerId: interviewer.id,
        interviewerName: interviewer.name,
        site,
        startedAt: at.toISOString(),
        completedAt: completedAt.toISOString(),
        applicantLang: notice.lang,
        interviewLang: 'de',
      },
      consent,
      // Only what the accepted purposes cover (notice@3 on; unchanged before).
      answers: isRefusal ? null : coveredAnswers(fittedToForm(answersOf(random, recordId, person, interviewer, site, at), form), form, consent),
    };
    const revisions = [first];
    const laterConsent = isRefusal ? null : withdrawalOf(random, consent, interviewer, completedAt, options.start.getTime() + periodMs);
    if (laterConsent) revisions.push({ ...first, consent: laterConsent });
    interviews.push({ recordId, device, formRef: isRefusal ? null : `${form.id}@${form.version}`, notice, revisions });
  }
  return interviews;
}

/** Some people withdraw later, wholly (about 3 %) or for one recipient (about 5 %). */
function withdrawalOf(random: Random, consent: ConsentRecord, interviewer: { id: string; name: string }, after: Date, campaignEnd: number): ConsentRecord | null {
  const roll = random();
  if (roll >= 0.08) return null;
  const at = new Date(Math.min(campaignEnd, after.getTime() + between(random, 2, 40) * DAY_MS));
  const accepted = Object.entries(consent.recipient_third_parties).filter(([, decision]) => decision === 'accepted').map(([id]) => id);
  const channel = pick(random, ['phone', 'letter', 'in_person'] as const);
  const actor = { role: 'interviewer' as const, id: interviewer.id, name: interviewer.name };
  if (roll < 0.03 || accepted.length === 0) return appendWithdrawal(consent, { scope: 'all', actor, channel, now: at });
  return appendWithdrawal(consent, { scope: { recipients: [pick(random, accepted)] }, actor, channel, now: at });
}
