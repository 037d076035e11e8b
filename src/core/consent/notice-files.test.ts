/**
 * The published notice texts in content/notices/notice@<version>/: what an applicant and an
 * auditor would check by reading them, in every language.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noticeBlocks, translationProblems, verifyNoticeHash, type NoticeArtifact } from './notice';
import { noticeArtifactSchema } from './notice-schema';
import { filledNotice, noticePlaceholders, settingKeys, type DeploymentSettings } from './settings';

const noticeDir = new URL('../../../content/notices/notice@1/', import.meta.url);
const noticeDirV2 = new URL('../../../content/notices/notice@2/', import.meta.url);
const LANGUAGES = ['de', 'en', 'ar', 'fa', 'prs', 'ps', 'ckb', 'kmr', 'ti', 'so', 'tr', 'sq', 'fr', 'ru'] as const;
const RTL_LANGUAGES = ['ar', 'fa', 'prs', 'ps', 'ckb'];

/** Each recipient's German name, which every translation keeps (in parentheses) so staff can check it. */
const RECIPIENT_GERMAN_NAMES = {
  auslaenderbehoerde: 'Ausländerbehörde',
  'fachdienst-soziales': 'Fachdienst Soziales',
  jobcenter: 'Jobcenter',
  'agentur-fuer-arbeit': 'Agentur für Arbeit',
  massnahmetraeger: 'Maßnahmeträger',
  kvhs: 'Kreisvolkshochschule',
  caritas: 'Caritas',
  'ihk-hwk': 'IHK / Handwerkskammer',
  gemeinde: 'Wohngemeinde',
} as const;

/** Contact details the applicant must be able to copy as they are, whatever the language. */
const VERBATIM_CONTACTS = [
  'Landkreis Peine, Referat Migration und Teilhabe',
  'Burgstraße 1, 31224 Peine',
  'datenschutz@landkreis-peine.de',
  'Die Landesbeauftragte für den Datenschutz Niedersachsen, Prinzenstraße 5, 30159 Hannover',
];

function readNotice(lang: string, dir = noticeDir): NoticeArtifact {
  return noticeArtifactSchema.parse(JSON.parse(fs.readFileSync(new URL(`${lang}.json`, dir), 'utf8')));
}

const notices = new Map(LANGUAGES.map((lang) => [lang, readNotice(lang)]));
const german = notices.get('de')!;

/** The shape of a text: its headings, paragraphs and the length of each list. */
const outline = (notice: NoticeArtifact) =>
  noticeBlocks(notice.text).map((block) => (block.kind === 'list' ? `list(${block.items.length})` : block.kind));

describe('notice@1 files', () => {
  it('exist for exactly the fourteen languages', () => {
    const files = fs.readdirSync(noticeDir).filter((name) => name.endsWith('.json'));
    expect(files.sort()).toEqual(LANGUAGES.map((lang) => `${lang}.json`).sort());
  });

  describe.each(LANGUAGES)('%s', (lang) => {
    const notice = notices.get(lang)!;

    it('is notice@1 in its own language, and its stored hash is the hash of its text', () => {
      expect(notice).toMatchObject({ id: 'notice', version: 1, lang });
      expect(verifyNoticeHash(notice)).toBe(true);
    });

    it('names the same purposes and recipients as German, in the same order', () => {
      expect(translationProblems(notice, german)).toEqual([]);
      expect(notice.purposes.map((p) => p.id)).toEqual(['profiling', 'counselling', 'referral']);
      expect(notice.recipients.map((r) => r.id)).toEqual(Object.keys(RECIPIENT_GERMAN_NAMES));
    });

    it('names every recipient in the text and in its label, with the German name', () => {
      for (const recipient of notice.recipients) {
        const germanName = RECIPIENT_GERMAN_NAMES[recipient.id as keyof typeof RECIPIENT_GERMAN_NAMES];
        expect(notice.text, recipient.id).toContain(germanName);
        expect(recipient.label, recipient.id).toContain(germanName);
      }
      expect(notice.text).toContain('Edemissen');
    });

    it('gives the contact details and the supervisory authority verbatim', () => {
      for (const contact of VERBATIM_CONTACTS) expect(notice.text).toContain(contact);
    });

    it('has the same headings, paragraphs and list lengths as German', () => {
      expect(outline(notice)).toEqual(outline(german));
    });

    it('is honest about review: only German is reviewed', () => {
      if (lang === 'de') {
        expect(notice).toMatchObject({ reviewState: 'reviewed', reviewedBy: 'Referat Migration und Teilhabe' });
      } else {
        expect(notice.reviewState).toBe('draft');
        expect(notice.reviewedBy).toBeUndefined();
      }
    });

    it('is written in the direction of its script', () => {
      expect(notice.dir).toBe(RTL_LANGUAGES.includes(lang) ? 'rtl' : 'ltr');
    });
  });

  it('writes Kurmanji in Latin script and Tigrinya in Ethiopic, both left to right', () => {
    const kurmanji = notices.get('kmr')!;
    const tigrinya = notices.get('ti')!;
    expect(kurmanji).toMatchObject({ dir: 'ltr', script: 'Latn', languageName: 'Kurmancî' });
    expect(kurmanji.text).toMatch(/[çêîşû]/);
    expect(kurmanji.text).not.toMatch(/[\u0600-\u06ff]/);
    expect(tigrinya).toMatchObject({ dir: 'ltr', script: 'Ethi', languageName: 'ትግርኛ' });
    expect(tigrinya.text).toMatch(/[\u1200-\u137f]/);
    // Apart from names, addresses and legal references the text is Ethiopic, not transliterated.
    const letters = [...tigrinya.text].filter((char) => /\p{L}/u.test(char));
    const ethiopic = letters.filter((char) => /[\u1200-\u137f]/.test(char));
    expect(ethiopic.length / letters.length).toBeGreaterThan(0.8);
  });

  it('uses the Pashto letters in Pashto', () => {
    const pashtoLetters = new Set([...notices.get('ps')!.text].filter((char) => 'ټډړږښګڼ'.includes(char)));
    expect(pashtoLetters.size).toBeGreaterThanOrEqual(5);
  });

  it('uses Persian and Sorani letters, not their Arabic look-alikes', () => {
    for (const lang of ['fa', 'prs', 'ckb'] as const) {
      const { text } = notices.get(lang)!;
      expect(text, lang).toMatch(/[یک]/);
      expect(text, lang).not.toMatch(/[يك]/);
    }
    expect(notices.get('ckb')!.text).toMatch(/[ەێۆڕڵ]/);
  });

  it('writes each RTL language in Arabic script and Russian in Cyrillic', () => {
    for (const lang of RTL_LANGUAGES) expect(notices.get(lang as (typeof LANGUAGES)[number])!.script).toBe('Arab');
    expect(notices.get('ru')!.script).toBe('Cyrl');
  });

  it('states in German everything the privacy notice must say', () => {
    for (const fact of [
      'Datenschutzbeauftragte des Landkreises Peine',
      '3 Jahre nach dem Ende der Beratung',
      'löschen wir Ihre Daten sofort',
      'Ihre Leistungen bleiben gleich',
      'Ihr Asylverfahren wird dadurch nicht beeinflusst',
      'jederzeit widerrufen',
      'so einfach wie die Einwilligung',
      'Der Widerruf gilt für die Zukunft',
      'Auskunft',
      'Berichtigung',
      'Löschung',
      'Einschränkung',
      'Widerspruch',
      'Datenübertragbarkeit',
      'Beschwerde',
      'Artikel 6 Absatz 1 Buchstabe a',
      'Artikel 9 Absatz 2 Buchstabe a',
      'Niedersachsen',
      'Freiwillig sind',
      'Nichts ist vorausgewählt',
    ]) {
      expect(german.text).toContain(fact);
    }
  });
});

/** The applicant-facing strings notice@2 added to notice@1's `ui`. */
const V2_UI_KEYS = [
  'withdrawHeading', 'withdrawByPhone', 'withdrawByEmail', 'withdrawByLetter',
  'receiptApplicant', 'receiptInterviewer', 'receiptReference', 'refusalReassurance',
] as const;

const settings: DeploymentSettings = {
  id: 'deployment',
  version: 1,
  values: Object.fromEntries(settingKeys.map((key) => [key, key.endsWith('Phone') ? '05171 401-0' : key.endsWith('Email') ? `${key.toLowerCase()}@example.de` : `Wert ${key}`])) as DeploymentSettings['values'],
};

describe('notice@2 files', () => {
  const v2 = new Map(LANGUAGES.map((lang) => [lang, readNotice(lang, noticeDirV2)]));
  const germanV2 = v2.get('de')!;
  const english = v2.get('en')!;

  it('exist for exactly the fourteen languages', () => {
    const files = fs.readdirSync(noticeDirV2).filter((name) => name.endsWith('.json'));
    expect(files.sort()).toEqual(LANGUAGES.map((lang) => `${lang}.json`).sort());
  });

  describe.each(LANGUAGES)('%s', (lang) => {
    const notice = v2.get(lang)!;

    it('is notice@2, matches German, hashes its template and is reviewed only in German', () => {
      expect(notice).toMatchObject({ id: 'notice', version: 2, lang, dir: RTL_LANGUAGES.includes(lang) ? 'rtl' : 'ltr' });
      expect(verifyNoticeHash(notice)).toBe(true);
      expect(translationProblems(notice, germanV2)).toEqual([]);
      expect(outline(notice)).toEqual(outline(germanV2));
      expect(notice.reviewState).toBe(lang === 'de' ? 'reviewed' : 'draft');
    });

    it('names every contact from the deployment settings, none written into the text', () => {
      expect(noticePlaceholders(notice)).toEqual({ used: [...settingKeys], unknown: [] });
      for (const contact of VERBATIM_CONTACTS) expect(notice.text).not.toContain(contact);
      const filled = filledNotice(notice, settings)!;
      expect(filled.text).not.toMatch(/\{\{|\}\}/);
      for (const key of settingKeys) expect(filled.text, key).toContain(settings.values[key]);
    });

    it('has the receipt and refusal texts, with the phone, e-mail and address to withdraw', () => {
      for (const key of V2_UI_KEYS) expect(notice.ui[key], key).toBeTruthy();
      expect(notice.ui.withdrawByPhone).toContain('{{withdrawalPhone}}');
      expect(notice.ui.withdrawByEmail).toContain('{{withdrawalEmail}}');
      expect(notice.ui.withdrawByLetter).toContain('{{withdrawalAddress}}');
    });

    it.skipIf(lang === 'en' || lang === 'de')('is translated, not an English copy', () => {
      for (const key of ['withdrawHeading', 'receiptInterviewer', 'receiptReference', 'refusalReassurance'] as const) {
        expect(notice.ui[key], key).not.toBe(english.ui[key]);
      }
    });
  });

  it('reassures in German that a refusal has no disadvantages', () => {
    expect(germanV2.ui.refusalReassurance).toContain('keine Nachteile');
    expect(english.ui.refusalReassurance).toContain('no disadvantages');
  });
});
