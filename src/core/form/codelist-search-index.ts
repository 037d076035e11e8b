/**
 * Search aids kept in code beside the published code lists, because a published form artifact
 * never changes (`profilingbogen@1` has occupation labels and keywords in German and English only,
 * and no notion of how common an entry is). Keyed by code-list id and entry code, so they apply to
 * any form version that uses the same lists; a later form version may carry them as content.
 *
 * - `codeListSynonyms`: words an applicant or interpreter would say for an entry, in the
 *   applicant languages the list has no labels in. They find an entry; they are never shown as
 *   its label.
 * - `codeListPriority`: the entries most asked for in this district's interviews, most common
 *   first; among equally good matches they come before the rest ("arab" → Standard Arabic before
 *   Gulf Arabic).
 */

type Synonyms = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** KldB 2010 three-digit groups → common job titles in Arabic, Farsi/Dari, Pashto, Tigrinya and Turkish. */
const occupationSynonyms: Synonyms = {
  '111': { ar: ['مزارع', 'فلاح', 'زراعة'], fa: ['کشاورز', 'کشاورزی', 'دهقان'], prs: ['دهقان', 'کشاورز'], ps: ['بزګر'], ti: ['ሓረስታይ'], tr: ['çiftçi', 'tarım'] },
  '121': { ar: ['بستاني', 'حدائق'], fa: ['باغبان'], prs: ['باغبان'], tr: ['bahçıvan'] },
  '221': { ar: ['بلاستيك'], fa: ['پلاستیک'], tr: ['plastik'] },
  '241': { ar: ['عامل صلب', 'مسبك'], fa: ['ذوب آهن', 'ریخته‌گر'], tr: ['döküm'] },
  '244': { ar: ['لحام', 'حداد'], fa: ['جوشکار', 'آهنگر'], prs: ['جوشکار', 'آهنگر'], ps: ['ویلډر'], tr: ['kaynakçı', 'demirci'] },
  '252': { ar: ['ميكانيكي', 'ميكانيكي سيارات'], fa: ['مکانیک', 'مکانیک خودرو'], prs: ['مستری', 'مکانیک'], ps: ['مستري'], ti: ['መካኒክ'], tr: ['oto tamircisi', 'tamirci'] },
  '262': { ar: ['كهربائي'], fa: ['برقکار', 'برق‌کار'], prs: ['برقکار'], ps: ['بریښنا'], ti: ['ኤሌክትሪሻን'], tr: ['elektrikçi'] },
  '292': { ar: ['خباز', 'جزار', 'حلواني'], fa: ['نانوا', 'قصاب', 'شیرینی‌پز'], prs: ['نانوا', 'قصاب'], ps: ['نانبای', 'قصاب'], tr: ['fırıncı', 'kasap', 'pastacı'] },
  '293': { ar: ['طباخ', 'طاهي', 'شيف'], fa: ['آشپز'], prs: ['آشپز'], ps: ['آشپز'], ti: ['ኣብሳሊ'], tr: ['aşçı'] },
  '321': { ar: ['بناء', 'عامل بناء'], fa: ['بنا', 'کارگر ساختمان'], prs: ['بنا', 'گلکار'], ps: ['معمار'], tr: ['inşaat işçisi', 'duvarcı'] },
  '332': { ar: ['دهان'], fa: ['نقاش ساختمان'], prs: ['رنگمال'], tr: ['boyacı'] },
  '342': { ar: ['سباك'], fa: ['لوله‌کش', 'لوله کش'], prs: ['نلدوان'], tr: ['tesisatçı'] },
  '223': { ar: ['نجار'], fa: ['نجار'], prs: ['نجار'], ps: ['ترکاڼ'], ti: ['ናጃር'], tr: ['marangoz'] },
  '282': { ar: ['خياط'], fa: ['خیاط'], prs: ['خیاط'], ps: ['خیاط'], ti: ['ሰፋዪ'], tr: ['terzi'] },
  '513': { ar: ['عامل مستودع', 'ساعي'], fa: ['انباردار', 'پیک'], tr: ['depocu', 'kurye'] },
  '521': { ar: ['سائق', 'سائق شاحنة', 'سائق تاكسي'], fa: ['راننده', 'راننده کامیون', 'راننده تاکسی'], prs: ['دریور', 'راننده'], ps: ['ډرایور', 'موټر چلوونکی'], ti: ['መራሒ መኪና', 'ሾፌር'], tr: ['şoför', 'sürücü', 'tır şoförü'] },
  '541': { ar: ['عامل نظافة', 'منظف'], fa: ['نظافتچی', 'نظافت'], prs: ['صفاکار'], ti: ['ኣጽራዪ'], tr: ['temizlikçi'] },
  '531': { ar: ['حارس أمن', 'حارس'], fa: ['نگهبان'], prs: ['محافظ', 'نگهبان'], ps: ['ساتونکی'], tr: ['güvenlik görevlisi'] },
  '621': { ar: ['بائع'], fa: ['فروشنده'], prs: ['دکاندار', 'فروشنده'], ps: ['دوکاندار'], tr: ['satıcı'] },
  '722': { ar: ['محاسب'], fa: ['حسابدار'], prs: ['محاسب'], ps: ['محاسب'], tr: ['muhasebeci'] },
  '813': { ar: ['ممرض', 'ممرضة'], fa: ['پرستار'], prs: ['نرس'], ps: ['نرس'], ti: ['ነርስ'], tr: ['hemşire'] },
  '814': { ar: ['طبيب', 'دكتور'], fa: ['پزشک', 'دکتر'], prs: ['داکتر'], ps: ['ډاکټر'], ti: ['ሓኪም'], tr: ['doktor'] },
  '823': { ar: ['حلاق', 'مصفف شعر', 'كوافير'], fa: ['آرایشگر', 'سلمانی'], prs: ['سلمانی', 'آرایشگر'], ps: ['سلماني'], ti: ['ቀምቃሚ'], tr: ['kuaför', 'berber'] },
  '841': { ar: ['معلم', 'مدرس'], fa: ['معلم'], prs: ['معلم', 'استاد'], ps: ['ښوونکی'], ti: ['መምህር'], tr: ['öğretmen'] },
  '843': { ar: ['أستاذ جامعي'], fa: ['استاد دانشگاه'], tr: ['öğretim görevlisi'] },
  '911': { ar: ['مترجم'], fa: ['مترجم'], prs: ['ترجمان'], ps: ['ژباړونکی'], ti: ['ተርጓሚ'], tr: ['tercüman', 'çevirmen'] },
  '434': { ar: ['مبرمج'], fa: ['برنامه‌نویس'], tr: ['yazılımcı', 'programcı'] },
};

export const codeListSynonyms: Readonly<Record<string, Synonyms>> = {
  occupations: occupationSynonyms,
};

/** The entries most asked for, most common first (the languages and countries of origin in the district's interviews). */
export const codeListPriority: Readonly<Record<string, readonly string[]>> = {
  languages: ['arb', 'pes', 'prs', 'pus', 'ckb', 'kmr', 'tir', 'som', 'tur', 'rus', 'ukr', 'eng', 'fra', 'deu', 'apc', 'acm', 'arz', 'amh'],
  countries: ['SY', 'AF', 'IQ', 'TR', 'ER', 'IR', 'UA', 'SO', 'RU', 'DE'],
};
