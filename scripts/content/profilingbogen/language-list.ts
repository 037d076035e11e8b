/**
 * Languages relevant to refugees and migrants in Germany, by ISO 639-3 code,
 * each with its BCP 47 tag, German and English names, and the autonym (the
 * language's name for itself). Names in the other form languages come from
 * Unicode CLDR at build time where CLDR knows the language.
 */

export interface LanguageRow {
  /** ISO 639-3 code (individual language or macrolanguage). */
  readonly code: string;
  /** BCP 47 tag; also used to look the language up in CLDR unless `cldr` is given. */
  readonly bcp47: string;
  readonly cldr?: string;
  readonly de: string;
  readonly en: string;
  readonly autonym: string;
  readonly keywordsDe?: readonly string[];
  readonly keywordsEn?: readonly string[];
  /** Names written by hand where CLDR has none or only a less precise one. */
  readonly names?: Readonly<Record<string, string>>;
}

export const languageRows: readonly LanguageRow[] = [
  { code: 'arb', bcp47: 'ar', de: 'Arabisch (Hocharabisch)', en: 'Arabic (Standard)', autonym: 'العربية', keywordsDe: ['Hocharabisch', 'Fusha'], keywordsEn: ['Modern Standard Arabic', 'Fusha'] },
  { code: 'apc', bcp47: 'apc', de: 'Levantinisches Arabisch', en: 'Levantine Arabic', autonym: 'شامي', keywordsDe: ['Syrisch-Arabisch', 'Libanesisch', 'Palästinensisch', 'Jordanisch'], keywordsEn: ['Syrian Arabic', 'Lebanese', 'Palestinian Arabic', 'Jordanian'] },
  { code: 'acm', bcp47: 'acm', de: 'Irakisches Arabisch', en: 'Iraqi Arabic', autonym: 'عراقي', keywordsDe: ['Mesopotamisches Arabisch'], keywordsEn: ['Mesopotamian Arabic'] },
  { code: 'arz', bcp47: 'arz', de: 'Ägyptisches Arabisch', en: 'Egyptian Arabic', autonym: 'مصري' },
  { code: 'apd', bcp47: 'apd', de: 'Sudanesisches Arabisch', en: 'Sudanese Arabic', autonym: 'عربي سوداني' },
  { code: 'ayl', bcp47: 'ayl', de: 'Libysches Arabisch', en: 'Libyan Arabic', autonym: 'ليبي' },
  { code: 'aeb', bcp47: 'aeb', de: 'Tunesisches Arabisch', en: 'Tunisian Arabic', autonym: 'تونسي' },
  { code: 'arq', bcp47: 'arq', de: 'Algerisches Arabisch', en: 'Algerian Arabic', autonym: 'دزيري' },
  { code: 'ary', bcp47: 'ary', de: 'Marokkanisches Arabisch', en: 'Moroccan Arabic', autonym: 'الدارجة', keywordsDe: ['Darija'], keywordsEn: ['Darija'] },
  { code: 'afb', bcp47: 'afb', de: 'Golf-Arabisch', en: 'Gulf Arabic', autonym: 'خليجي' },
  { code: 'pes', bcp47: 'fa', de: 'Persisch (Farsi)', en: 'Persian (Farsi)', autonym: 'فارسی', keywordsDe: ['Farsi', 'Iranisch'], keywordsEn: ['Farsi', 'Iranian Persian'] },
  { code: 'prs', bcp47: 'prs', cldr: 'fa-AF', de: 'Dari', en: 'Dari', autonym: 'دری', keywordsDe: ['Afghanisches Persisch'], keywordsEn: ['Afghan Persian'] },
  { code: 'haz', bcp47: 'haz', de: 'Hazaragi', en: 'Hazaragi', autonym: 'هزارگی', keywordsDe: ['Hazara'], keywordsEn: ['Hazara'] },
  { code: 'tgk', bcp47: 'tg', de: 'Tadschikisch', en: 'Tajik', autonym: 'тоҷикӣ' },
  { code: 'pus', bcp47: 'ps', de: 'Paschtu', en: 'Pashto', autonym: 'پښتو', keywordsDe: ['Paschto', 'Paschtunisch'], keywordsEn: ['Pashtu', 'Pushto'] },
  { code: 'bal', bcp47: 'bal', de: 'Belutschi', en: 'Balochi', autonym: 'بلوچی', keywordsEn: ['Baluchi'] },
  { code: 'kmr', bcp47: 'kmr', cldr: 'ku', de: 'Kurdisch (Kurmandschi)', en: 'Kurdish (Kurmanji)', autonym: 'Kurmancî', keywordsDe: ['Kurmanci', 'Nordkurdisch'], keywordsEn: ['Kurmanci', 'Northern Kurdish'],
    names: { ar: 'الكردية (الكرمانجية)', fa: 'کردی (کرمانجی)', prs: 'کردی (کرمانجی)', ps: 'کوردي (کرمانجي)', ckb: 'کوردیی کورمانجی', kmr: 'kurdî (kurmancî)', ti: 'ኩርዲሽ (ኩርማንጂ)', so: 'Kurdishka (Kurmanji)', tr: 'Kürtçe (Kurmanci)', sq: 'kurdisht (kurmanxhi)', fr: 'kurde (kurmandji)', ru: 'курдский (курманджи)' } },
  { code: 'ckb', bcp47: 'ckb', de: 'Kurdisch (Sorani)', en: 'Kurdish (Sorani)', autonym: 'کوردیی ناوەندی', keywordsDe: ['Sorani', 'Zentralkurdisch'], keywordsEn: ['Sorani', 'Central Kurdish'] },
  { code: 'sdh', bcp47: 'sdh', de: 'Südkurdisch', en: 'Southern Kurdish', autonym: 'کوردی خوارین', keywordsDe: ['Feyli', 'Kalhori'], keywordsEn: ['Feyli', 'Kalhori'] },
  { code: 'zza', bcp47: 'zza', de: 'Zazaki', en: 'Zazaki', autonym: 'Zazakî', keywordsDe: ['Zaza', 'Kirmanckî'], keywordsEn: ['Zaza', 'Dimli'] },
  { code: 'aii', bcp47: 'aii', de: 'Assyrisch-Neuaramäisch', en: 'Assyrian Neo-Aramaic', autonym: 'ܣܘܪܝܬ', keywordsDe: ['Aramäisch', 'Assyrisch', 'Suret'], keywordsEn: ['Aramaic', 'Assyrian', 'Sureth'] },
  { code: 'tur', bcp47: 'tr', de: 'Türkisch', en: 'Turkish', autonym: 'Türkçe' },
  { code: 'aze', bcp47: 'az', de: 'Aserbaidschanisch', en: 'Azerbaijani', autonym: 'Azərbaycan dili', keywordsDe: ['Azeri'], keywordsEn: ['Azeri'] },
  { code: 'uzb', bcp47: 'uz', de: 'Usbekisch', en: 'Uzbek', autonym: 'Oʻzbekcha' },
  { code: 'tuk', bcp47: 'tk', de: 'Turkmenisch', en: 'Turkmen', autonym: 'Türkmençe' },
  { code: 'tir', bcp47: 'ti', de: 'Tigrinya', en: 'Tigrinya', autonym: 'ትግርኛ', keywordsDe: ['Tigrinisch'], keywordsEn: ['Tigrigna'] },
  { code: 'tig', bcp47: 'tig', de: 'Tigre', en: 'Tigre', autonym: 'ትግረ' },
  { code: 'amh', bcp47: 'am', de: 'Amharisch', en: 'Amharic', autonym: 'አማርኛ' },
  { code: 'orm', bcp47: 'om', de: 'Oromo', en: 'Oromo', autonym: 'Afaan Oromoo' },
  { code: 'som', bcp47: 'so', de: 'Somali', en: 'Somali', autonym: 'Soomaali' },
  { code: 'bej', bcp47: 'bej', de: 'Bedscha', en: 'Beja', autonym: 'Bidhaawyeet', keywordsEn: ['Bedawi'] },
  { code: 'din', bcp47: 'din', de: 'Dinka', en: 'Dinka', autonym: 'Thuɔŋjäŋ' },
  { code: 'swa', bcp47: 'sw', de: 'Swahili', en: 'Swahili', autonym: 'Kiswahili', keywordsDe: ['Suaheli'] },
  { code: 'kin', bcp47: 'rw', de: 'Kinyarwanda', en: 'Kinyarwanda', autonym: 'Ikinyarwanda' },
  { code: 'lin', bcp47: 'ln', de: 'Lingala', en: 'Lingala', autonym: 'Lingála' },
  { code: 'hau', bcp47: 'ha', de: 'Hausa', en: 'Hausa', autonym: 'Hausa' },
  { code: 'yor', bcp47: 'yo', de: 'Yoruba', en: 'Yoruba', autonym: 'Èdè Yorùbá' },
  { code: 'ibo', bcp47: 'ig', de: 'Igbo', en: 'Igbo', autonym: 'Asụsụ Igbo' },
  { code: 'aka', bcp47: 'ak', de: 'Akan (Twi)', en: 'Akan (Twi)', autonym: 'Akan', keywordsDe: ['Twi', 'Fante'], keywordsEn: ['Twi', 'Fante'] },
  { code: 'wol', bcp47: 'wo', de: 'Wolof', en: 'Wolof', autonym: 'Wolof' },
  { code: 'ful', bcp47: 'ff', de: 'Fulfulde (Ful)', en: 'Fula', autonym: 'Fulfulde / Pulaar', keywordsDe: ['Fula', 'Pulaar', 'Peul'], keywordsEn: ['Fulani', 'Fulfulde', 'Pulaar', 'Peul'] },
  { code: 'mnk', bcp47: 'mnk', de: 'Mandinka', en: 'Mandinka', autonym: 'Mandinka kango' },
  { code: 'bam', bcp47: 'bm', de: 'Bambara', en: 'Bambara', autonym: 'Bamanankan' },
  { code: 'kri', bcp47: 'kri', de: 'Krio', en: 'Krio', autonym: 'Krio' },
  { code: 'fra', bcp47: 'fr', de: 'Französisch', en: 'French', autonym: 'Français' },
  { code: 'eng', bcp47: 'en', de: 'Englisch', en: 'English', autonym: 'English' },
  { code: 'spa', bcp47: 'es', de: 'Spanisch', en: 'Spanish', autonym: 'Español' },
  { code: 'por', bcp47: 'pt', de: 'Portugiesisch', en: 'Portuguese', autonym: 'Português' },
  { code: 'ita', bcp47: 'it', de: 'Italienisch', en: 'Italian', autonym: 'Italiano' },
  { code: 'deu', bcp47: 'de', de: 'Deutsch', en: 'German', autonym: 'Deutsch' },
  { code: 'gsg', bcp47: 'gsg', de: 'Deutsche Gebärdensprache', en: 'German Sign Language', autonym: 'Deutsche Gebärdensprache (DGS)', keywordsDe: ['DGS', 'Gebärdensprache'], keywordsEn: ['DGS', 'sign language'] },
  { code: 'rus', bcp47: 'ru', de: 'Russisch', en: 'Russian', autonym: 'Русский' },
  { code: 'ukr', bcp47: 'uk', de: 'Ukrainisch', en: 'Ukrainian', autonym: 'Українська' },
  { code: 'che', bcp47: 'ce', de: 'Tschetschenisch', en: 'Chechen', autonym: 'Нохчийн' },
  { code: 'kat', bcp47: 'ka', de: 'Georgisch', en: 'Georgian', autonym: 'ქართული' },
  { code: 'hye', bcp47: 'hy', de: 'Armenisch', en: 'Armenian', autonym: 'Հայերեն' },
  { code: 'sqi', bcp47: 'sq', de: 'Albanisch', en: 'Albanian', autonym: 'Shqip' },
  { code: 'srp', bcp47: 'sr', de: 'Serbisch', en: 'Serbian', autonym: 'Српски / Srpski' },
  { code: 'bos', bcp47: 'bs', de: 'Bosnisch', en: 'Bosnian', autonym: 'Bosanski' },
  { code: 'hrv', bcp47: 'hr', de: 'Kroatisch', en: 'Croatian', autonym: 'Hrvatski' },
  { code: 'mkd', bcp47: 'mk', de: 'Mazedonisch', en: 'Macedonian', autonym: 'Македонски' },
  { code: 'rom', bcp47: 'rom', de: 'Romanes', en: 'Romani', autonym: 'Romani čhib', keywordsDe: ['Romani', 'Romanes'], keywordsEn: ['Romanes'] },
  { code: 'ron', bcp47: 'ro', de: 'Rumänisch', en: 'Romanian', autonym: 'Română' },
  { code: 'bul', bcp47: 'bg', de: 'Bulgarisch', en: 'Bulgarian', autonym: 'Български' },
  { code: 'pol', bcp47: 'pl', de: 'Polnisch', en: 'Polish', autonym: 'Polski' },
  { code: 'ell', bcp47: 'el', de: 'Griechisch', en: 'Greek', autonym: 'Ελληνικά' },
  { code: 'urd', bcp47: 'ur', de: 'Urdu', en: 'Urdu', autonym: 'اردو' },
  { code: 'pan', bcp47: 'pa', de: 'Panjabi', en: 'Punjabi', autonym: 'ਪੰਜਾਬੀ / پنجابی', keywordsDe: ['Pandschabi', 'Punjabi'], keywordsEn: ['Panjabi'] },
  { code: 'hin', bcp47: 'hi', de: 'Hindi', en: 'Hindi', autonym: 'हिन्दी' },
  { code: 'ben', bcp47: 'bn', de: 'Bengalisch', en: 'Bengali', autonym: 'বাংলা', keywordsDe: ['Bangla'], keywordsEn: ['Bangla'] },
  { code: 'tam', bcp47: 'ta', de: 'Tamil', en: 'Tamil', autonym: 'தமிழ்' },
  { code: 'vie', bcp47: 'vi', de: 'Vietnamesisch', en: 'Vietnamese', autonym: 'Tiếng Việt' },
  { code: 'cmn', bcp47: 'zh', de: 'Chinesisch (Mandarin)', en: 'Chinese (Mandarin)', autonym: '中文（普通话）', keywordsDe: ['Mandarin'], keywordsEn: ['Mandarin'] },
];
