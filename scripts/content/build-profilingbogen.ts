/**
 * Builds content/forms/profilingbogen@1.json, the published Profilingbogen, and
 * content/forms/profilingbogen@2.json, version 2 (the current form; see content/README.md),
 * derived from version 1 by profilingbogen/v2.ts.
 *
 *   npx tsx scripts/content/build-profilingbogen.ts          write the files
 *   npx tsx scripts/content/build-profilingbogen.ts --check  fail if a file differs
 *
 * The committed JSON is the artifact; this script is how it was made. Country
 * and most language names come from Unicode CLDR through the ICU data of the
 * Node.js that runs the script, so a different Node may produce different
 * names: published versions are immutable, so never rewrite a published file;
 * make profilingbogen@2.json instead (see content/README.md).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFormDefinition, publishingProblems } from '../../src/core/form/index.ts';
import { countryKeywords, iso3166Alpha2, userAssignedCountries } from './profilingbogen/countries.ts';
import { type AllLanguages, cldrLocale, formLanguages } from './profilingbogen/languages.ts';
import { type LanguageRow, languageRows } from './profilingbogen/language-list.ts';
import { occupationRows } from './profilingbogen/occupations.ts';
import { sectionInterview, sectionPerson, sectionResidence } from './profilingbogen/sections-a-c.ts';
import { sectionEducation, sectionLanguages, sectionWork } from './profilingbogen/sections-d-f.ts';
import { sectionGoals, sectionNextSteps, sectionSkills } from './profilingbogen/sections-g-i.ts';
import { shortLists } from './profilingbogen/short-lists.ts';
import { profilingbogenV2 } from './profilingbogen/v2.ts';
import { eritreanLanguages } from './profilingbogen/v2-texts.ts';

const outputPath = fileURLToPath(new URL('../../content/forms/profilingbogen@1.json', import.meta.url));
const outputPathV2 = fileURLToPath(new URL('../../content/forms/profilingbogen@2.json', import.meta.url));

type Label = Record<string, string>;

interface CodeListItemJson {
  code: string;
  label: Label;
  keywords?: Record<string, string[]>;
  extra?: Record<string, string>;
}

/** A name from CLDR in every form language that CLDR has one for. */
function cldrNames(type: 'region' | 'language', code: string): Label {
  const names: Label = {};
  for (const lang of formLanguages) {
    const name = new Intl.DisplayNames([cldrLocale[lang]], { type, fallback: 'none' }).of(code);
    if (name !== undefined && name !== code) names[lang] = name;
  }
  return names;
}

function keywordsOf(de: readonly string[] | undefined, en: readonly string[] | undefined): Record<string, string[]> | undefined {
  const keywords: Record<string, string[]> = {};
  if (de !== undefined && de.length > 0) keywords.de = [...de];
  if (en !== undefined && en.length > 0) keywords.en = [...en];
  return Object.keys(keywords).length > 0 ? keywords : undefined;
}

function countriesList() {
  const codes = [...iso3166Alpha2, ...Object.keys(userAssignedCountries)];
  const items: CodeListItemJson[] = codes.map((code) => {
    const label = cldrNames('region', code);
    if (label.de === undefined || label.en === undefined) throw new Error(`CLDR has no German or English name for ${code}`);
    const extra = Object.hasOwn(userAssignedCountries, code) ? { note: userAssignedCountries[code] as string } : undefined;
    const keywords = keywordsOf(countryKeywords[code]?.de, countryKeywords[code]?.en);
    return { code, label, ...(keywords === undefined ? {} : { keywords }), ...(extra === undefined ? {} : { extra }) };
  });
  return {
    id: 'countries',
    label: {
      de: 'Staaten',
      en: 'Countries',
      ar: 'الدول',
      fa: 'کشورها',
      prs: 'کشورها',
      ps: 'هېوادونه',
      ckb: 'وڵاتان',
      kmr: 'Welat',
      ti: 'ሃገራት',
      so: 'Dalalka',
      tr: 'Ülkeler',
      sq: 'Shtetet',
      fr: 'Pays',
      ru: 'Страны',
    } satisfies AllLanguages,
    source: `ISO 3166-1 alpha-2 (all ${iso3166Alpha2.length} assigned codes) plus XK; names: Unicode CLDR ${process.versions.cldr ?? ''}`.trim(),
    items,
  };
}

function languageItems(rows: readonly LanguageRow[]): CodeListItemJson[] {
  return rows.map((row) => {
    const label: Label = { ...cldrNames('language', row.cldr ?? row.bcp47), ...row.names, de: row.de, en: row.en };
    const keywords = keywordsOf(row.keywordsDe, row.keywordsEn);
    return {
      code: row.code,
      label,
      ...(keywords === undefined ? {} : { keywords }),
      extra: { bcp47: row.bcp47, autonym: row.autonym },
    };
  });
}

function languagesList() {
  const items = languageItems(languageRows);
  return {
    id: 'languages',
    label: {
      de: 'Sprachen',
      en: 'Languages',
      ar: 'اللغات',
      fa: 'زبان‌ها',
      prs: 'زبان‌ها',
      ps: 'ژبې',
      ckb: 'زمانەکان',
      kmr: 'Ziman',
      ti: 'ቋንቋታት',
      so: 'Luqadaha',
      tr: 'Diller',
      sq: 'Gjuhët',
      fr: 'Langues',
      ru: 'Языки',
    } satisfies AllLanguages,
    source: `ISO 639-3 (curated selection); names: Unicode CLDR ${process.versions.cldr ?? ''} and Lotse`.trim(),
    items,
  };
}

function occupationsList() {
  return {
    id: 'occupations',
    label: {
      de: 'Berufe (KldB 2010)',
      en: 'Occupations (KldB 2010)',
      ar: 'المهن (KldB 2010)',
      fa: 'مشاغل (KldB 2010)',
      prs: 'مسلک‌ها (KldB 2010)',
      ps: 'مسلکونه (KldB 2010)',
      ckb: 'پیشەکان (KldB 2010)',
      kmr: 'Pîşe (KldB 2010)',
      ti: 'ሞያታት (KldB 2010)',
      so: 'Xirfadaha (KldB 2010)',
      tr: 'Meslekler (KldB 2010)',
      sq: 'Profesionet (KldB 2010)',
      fr: 'Professions (KldB 2010)',
      ru: 'Профессии (KldB 2010)',
    } satisfies AllLanguages,
    source: 'KldB 2010, revised 2020 (Bundesagentur für Arbeit): occupational groups (3-digit); ISCO-08 unit groups for orientation',
    items: occupationRows.map(([code, de, en, isco08, keywordsDe, keywordsEn]): CodeListItemJson => ({
      code,
      label: { de, en },
      keywords: { de: [...keywordsDe], en: [...keywordsEn] },
      extra: { isco08 },
    })),
  };
}

/**
 * The applicant picks among the form's own languages; each choice reads
 * "name in the UI language – name in itself", with the names of the language list.
 */
function applicantLanguageChoices(languages: readonly CodeListItemJson[]) {
  return formLanguages.map((value) => {
    const entry = languages.find((item) => item.extra?.bcp47 === value);
    if (entry === undefined || entry.extra?.autonym === undefined) throw new Error(`language list lacks ${value}`);
    const autonym = entry.extra.autonym;
    const label: Label = {};
    for (const lang of formLanguages) {
      const name = entry.label[lang];
      label[lang] = lang === value ? autonym : name === undefined ? autonym : `${name} – ${autonym}`;
    }
    return { value, label };
  });
}

/** Keys in the order of the form languages, so that the JSON reads the same everywhere. */
function ordered(label: Label): Label {
  const keys = [...formLanguages.filter((lang) => Object.hasOwn(label, lang)), ...Object.keys(label).filter((key) => !(formLanguages as readonly string[]).includes(key))];
  return Object.fromEntries(keys.map((key) => [key, label[key] as string]));
}

function build() {
  const languages = languagesList();
  const interviewItems = sectionInterview.items.map((item) =>
    item.id === 'applicantLanguage' ? { ...item, choices: applicantLanguageChoices(languages.items) } : item,
  );
  const codeLists = Object.fromEntries(
    [countriesList(), languages, occupationsList(), ...shortLists].map((list) => [
      list.id,
      { ...list, items: list.items.map((item) => ({ ...item, label: ordered(item.label) })) },
    ]),
  );
  return {
    id: 'profilingbogen',
    version: 1,
    title: {
      de: 'Profilingbogen – Kompetenzen und Perspektiven',
      en: 'Profiling questionnaire – skills and prospects',
      ar: 'استبيان تحديد الملف – الكفاءات والآفاق',
      fa: 'پرسشنامه نیم‌رخ – توانایی‌ها و چشم‌اندازها',
      prs: 'پرسشنامه پروفایل – توانایی‌ها و چشم‌اندازها',
      ps: 'د پروفایل پوښتنلیک – وړتیاوې او لیدلوري',
      ckb: 'فۆڕمی پرۆفایل – توانا و ئاسۆکان',
      kmr: 'Forma profîlê – jêhatî û perspektîf',
      ti: 'ሕቶታት መግለጺ – ክእለታትን ተስፋታትን',
      so: 'Foomka astaynta – awoodaha iyo rajooyinka',
      tr: 'Profil formu – yetkinlikler ve beklentiler',
      sq: 'Formulari i profilit – aftësitë dhe perspektivat',
      fr: 'Questionnaire de profil – compétences et perspectives',
      ru: 'Анкета профиля – навыки и перспективы',
    } satisfies AllLanguages,
    languages: [...formLanguages],
    translations: Object.fromEntries(
      formLanguages.map((lang) => [lang, { reviewState: lang === 'de' ? 'reviewed' : 'draft' }]),
    ),
    sections: [
      { ...sectionInterview, items: interviewItems },
      sectionPerson,
      sectionResidence,
      sectionEducation,
      sectionLanguages,
      sectionWork,
      sectionSkills,
      sectionGoals,
      sectionNextSteps,
    ],
    codeLists,
  };
}

/** Checks a built definition, then writes it or (with --check) compares it with the committed file. */
function emit(definition: object, path: string): boolean {
  const result = parseFormDefinition(definition);
  // The server refuses to publish what publishingProblems finds; say so here, before anyone tries.
  const errors = result.ok ? publishingProblems(result.definition) : result.errors;
  if (errors.length > 0) {
    for (const error of errors) console.error(`${path}: ${error.path}: ${error.message}`);
    return false;
  }
  const json = `${JSON.stringify(definition, null, 2)}\n`;
  if (process.argv.includes('--check')) {
    const committed = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (committed !== json) {
      console.error(`${path} differs from what this script builds (different Node/ICU, or an edit without a new version).`);
      return false;
    }
    console.log(`${path} is up to date.`);
    return true;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, json);
  console.log(`wrote ${path} (${(json.length / 1024).toFixed(0)} KiB)`);
  return true;
}

function main(): void {
  const v1 = build();
  const v2 = profilingbogenV2(v1, languageItems(eritreanLanguages));
  const ok = [emit(v1, outputPath), emit(v2, outputPathV2)];
  if (ok.includes(false)) process.exit(1);
}

main();
