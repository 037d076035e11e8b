/**
 * The short code lists of the Profilingbogen, translated into every form
 * language: CEFR skills and levels, ISCED 2011, driving-licence classes,
 * residence status, municipalities, interpreting, employment permission,
 * benefits branch, yes/no and referral partners.
 */
import { type AllLanguages, type FormLanguage, formLanguages, same } from './languages';

interface ShortItem {
  code: string;
  label: AllLanguages;
  extra?: Record<string, string>;
}

export interface ShortList {
  id: string;
  label: AllLanguages;
  source: string;
  items: ShortItem[];
}

/** Builds a label per language from a function of the language. */
function perLanguage(build: (lang: FormLanguage) => string): AllLanguages {
  return Object.fromEntries(formLanguages.map((lang) => [lang, build(lang)])) as AllLanguages;
}

export const cefrSkillsList: ShortList = {
  id: 'cefrSkills',
  source: 'CEFR (Council of Europe), self-assessment grid',
  label: {
    de: 'Sprachliche Fertigkeiten',
    en: 'Language skills',
    ar: 'المهارات اللغوية',
    fa: 'مهارت‌های زبانی',
    prs: 'مهارت‌های زبانی',
    ps: 'ژبني مهارتونه',
    ckb: 'لێهاتووییە زمانییەکان',
    kmr: 'Jêhatiyên zimanî',
    ti: 'ቋንቋዊ ክእለታት',
    so: 'Xirfadaha luqadda',
    tr: 'Dil becerileri',
    sq: 'Aftësitë gjuhësore',
    fr: 'Compétences langagières',
    ru: 'Языковые навыки',
  },
  items: [
    { code: 'listening', label: { de: 'Hören', en: 'Listening', ar: 'الاستماع', fa: 'شنیدن', prs: 'شنیدن', ps: 'اورېدل', ckb: 'گوێگرتن', kmr: 'Guhdarî', ti: 'ምስማዕ', so: 'Dhageysiga', tr: 'Dinleme', sq: 'Dëgjimi', fr: 'Écouter', ru: 'Аудирование' } },
    { code: 'reading', label: { de: 'Lesen', en: 'Reading', ar: 'القراءة', fa: 'خواندن', prs: 'خواندن', ps: 'لوستل', ckb: 'خوێندنەوە', kmr: 'Xwendin', ti: 'ምንባብ', so: 'Akhriska', tr: 'Okuma', sq: 'Leximi', fr: 'Lire', ru: 'Чтение' } },
    { code: 'spokenInteraction', label: { de: 'An Gesprächen teilnehmen', en: 'Spoken interaction', ar: 'المشاركة في المحادثة', fa: 'شرکت در گفتگو', prs: 'اشتراک در گفتگو', ps: 'په خبرو کې ګډون', ckb: 'بەشداری لە گفتوگۆ', kmr: 'Beşdarbûna axaftinê', ti: 'ኣብ ዝርርብ ምስታፍ', so: 'Ka qaybgalka wada-hadalka', tr: 'Karşılıklı konuşma', sq: 'Bashkëbisedimi', fr: 'Prendre part à une conversation', ru: 'Диалогическая речь' } },
    { code: 'spokenProduction', label: { de: 'Zusammenhängendes Sprechen', en: 'Spoken production', ar: 'التحدث المتواصل', fa: 'صحبت پیوسته', prs: 'صحبت پیوسته', ps: 'پرله‌پسې خبرې کول', ckb: 'قسەکردنی بەردەوام', kmr: 'Axaftina domdar', ti: 'ተኸታታሊ ዘረባ', so: 'Hadalka isku xiran', tr: 'Sözlü anlatım', sq: 'Të folurit e vazhdueshëm', fr: "S'exprimer oralement en continu", ru: 'Монологическая речь' } },
    { code: 'writing', label: { de: 'Schreiben', en: 'Writing', ar: 'الكتابة', fa: 'نوشتن', prs: 'نوشتن', ps: 'لیکل', ckb: 'نووسین', kmr: 'Nivîsandin', ti: 'ምጽሓፍ', so: 'Qoraalka', tr: 'Yazma', sq: 'Të shkruarit', fr: 'Écrire', ru: 'Письмо' } },
  ],
};

const basicUser: AllLanguages = { de: 'elementare Sprachverwendung', en: 'basic user', ar: 'مستخدم مبتدئ', fa: 'کاربر مقدماتی', prs: 'کاربر ابتدایی', ps: 'لومړنی کاروونکی', ckb: 'بەکارهێنەری سەرەتایی', kmr: 'bikarhênerê destpêkê', ti: 'መባእታዊ ተጠቃሚ', so: 'isticmaale bilow ah', tr: 'temel kullanıcı', sq: 'përdorues bazë', fr: 'utilisateur élémentaire', ru: 'элементарное владение' };
const independentUser: AllLanguages = { de: 'selbstständige Sprachverwendung', en: 'independent user', ar: 'مستخدم مستقل', fa: 'کاربر مستقل', prs: 'کاربر مستقل', ps: 'خپلواک کاروونکی', ckb: 'بەکارهێنەری سەربەخۆ', kmr: 'bikarhênerê serbixwe', ti: 'ናጻ ተጠቃሚ', so: 'isticmaale madax-bannaan', tr: 'bağımsız kullanıcı', sq: 'përdorues i pavarur', fr: 'utilisateur indépendant', ru: 'самостоятельное владение' };
const proficientUser: AllLanguages = { de: 'kompetente Sprachverwendung', en: 'proficient user', ar: 'مستخدم متمكن', fa: 'کاربر ماهر', prs: 'کاربر ماهر', ps: 'ماهر کاروونکی', ckb: 'بەکارهێنەری شارەزا', kmr: 'bikarhênerê pispor', ti: 'ክኢላ ተጠቃሚ', so: 'isticmaale xirfad leh', tr: 'yetkin kullanıcı', sq: 'përdorues i aftë', fr: 'utilisateur expérimenté', ru: 'свободное владение' };

const levelLabel = (level: string, band: AllLanguages): AllLanguages => perLanguage((lang) => `${level} – ${band[lang]}`);

export const cefrLevelsList: ShortList = {
  id: 'cefrLevels',
  source: 'CEFR (Council of Europe), common reference levels',
  label: {
    de: 'Sprachniveaus (GER)',
    en: 'Language levels (CEFR)',
    ar: 'المستويات اللغوية (الإطار الأوروبي)',
    fa: 'سطوح زبانی (CEFR)',
    prs: 'سطوح زبانی (CEFR)',
    ps: 'ژبنۍ کچې (CEFR)',
    ckb: 'ئاستەکانی زمان (CEFR)',
    kmr: 'Astên ziman (CEFR)',
    ti: 'ደረጃታት ቋንቋ (CEFR)',
    so: 'Heerarka luqadda (CEFR)',
    tr: 'Dil seviyeleri (AOÖÇ)',
    sq: 'Nivelet gjuhësore (KPERG)',
    fr: 'Niveaux de langue (CECRL)',
    ru: 'Уровни владения языком (CEFR)',
  },
  items: [
    { code: 'none', label: { de: 'keine Kenntnisse', en: 'no knowledge', ar: 'لا توجد معرفة', fa: 'بدون دانش', prs: 'بدون دانش', ps: 'هېڅ پوهه نشته', ckb: 'هیچ زانیارییەک نییە', kmr: 'tu zanîn tune', ti: 'ፍልጠት የለን', so: 'aqoon ma leh', tr: 'bilgi yok', sq: 'pa njohuri', fr: 'aucune connaissance', ru: 'нет знаний' } },
    { code: 'A1', label: levelLabel('A1', basicUser) },
    { code: 'A2', label: levelLabel('A2', basicUser) },
    { code: 'B1', label: levelLabel('B1', independentUser) },
    { code: 'B2', label: levelLabel('B2', independentUser) },
    { code: 'C1', label: levelLabel('C1', proficientUser) },
    { code: 'C2', label: levelLabel('C2', proficientUser) },
    { code: 'notAssessed', label: { de: 'nicht eingeschätzt', en: 'not assessed', ar: 'لم يُقيَّم', fa: 'ارزیابی نشده', prs: 'ارزیابی نشده', ps: 'نه دی ارزول شوی', ckb: 'هەڵنەسەنگێنراوە', kmr: 'nehatiye nirxandin', ti: 'ኣይተገምገመን', so: 'lama qiimeyn', tr: 'değerlendirilmedi', sq: 'i pavlerësuar', fr: 'non évalué', ru: 'не оценивалось' } },
  ],
};

export const iscedList: ShortList = {
  id: 'isced',
  source: 'ISCED 2011 (UNESCO Institute for Statistics), levels of education',
  label: {
    de: 'Bildungsstufen (ISCED 2011)',
    en: 'Levels of education (ISCED 2011)',
    ar: 'المستويات التعليمية (ISCED 2011)',
    fa: 'سطوح تحصیلی (ISCED 2011)',
    prs: 'سطوح تحصیلی (ISCED 2011)',
    ps: 'د زده کړې کچې (ISCED 2011)',
    ckb: 'ئاستەکانی خوێندن (ISCED 2011)',
    kmr: 'Astên perwerdeyê (ISCED 2011)',
    ti: 'ደረጃታት ትምህርቲ (ISCED 2011)',
    so: 'Heerarka waxbarashada (ISCED 2011)',
    tr: 'Eğitim düzeyleri (ISCED 2011)',
    sq: 'Nivelet e arsimit (ISCED 2011)',
    fr: "Niveaux d'éducation (CITE 2011)",
    ru: 'Уровни образования (МСКО 2011)',
  },
  items: [
    { code: '0', extra: { attainmentEn: 'Less than primary education' }, label: { de: '0 – Elementarbereich (keine abgeschlossene Grundschule)', en: '0 – Early childhood education (primary not completed)', ar: '0 – التعليم في مرحلة الطفولة المبكرة (لم تكتمل الابتدائية)', fa: '۰ – آموزش پیش از دبستان (دبستان تمام نشده)', prs: '۰ – آموزش پیش از مکتب (مکتب ابتدایی تکمیل نشده)', ps: '۰ – د ماشومتوب لومړنۍ زده کړه (لومړنی ښوونځی نه دی بشپړ شوی)', ckb: '٠ – پەروەردەی منداڵیی سەرەتایی (قوتابخانەی سەرەتایی تەواو نەکراوە)', kmr: '0 – Perwerdeya zarokatiya pêşîn (dibistana seretayî temam nebûye)', ti: '0 – ትምህርቲ ንኡስ ህጻንነት (መባእታ ኣይተዛዘመን)', so: '0 – Waxbarashada carruurnimada hore (dugsiga hoose lama dhammeyn)', tr: '0 – Okul öncesi eğitim (ilkokul tamamlanmadı)', sq: '0 – Arsimi parashkollor (fillorja e papërfunduar)', fr: '0 – Éducation de la petite enfance (primaire non achevé)', ru: '0 – Дошкольное образование (начальная школа не окончена)' } },
    { code: '1', label: { de: '1 – Primarbereich', en: '1 – Primary education', ar: '1 – التعليم الابتدائي', fa: '۱ – آموزش ابتدایی', prs: '۱ – تعلیمات ابتدایی', ps: '۱ – لومړنۍ زده کړه', ckb: '١ – خوێندنی سەرەتایی', kmr: '1 – Perwerdeya seretayî', ti: '1 – መባእታ ትምህርቲ', so: '1 – Waxbarashada hoose', tr: '1 – İlköğretim', sq: '1 – Arsimi fillor', fr: '1 – Enseignement primaire', ru: '1 – Начальное образование' } },
    { code: '2', label: { de: '2 – Sekundarbereich I', en: '2 – Lower secondary education', ar: '2 – التعليم الثانوي الأدنى (الإعدادي)', fa: '۲ – متوسطه اول', prs: '۲ – تعلیمات متوسطه', ps: '۲ – منځنۍ زده کړه', ckb: '٢ – خوێندنی ناوەندی', kmr: '2 – Perwerdeya navîn a yekem', ti: '2 – ታሕተዋይ ካልኣይ ደረጃ', so: '2 – Waxbarashada dhexe', tr: '2 – Ortaokul', sq: '2 – Arsimi i mesëm i ulët', fr: '2 – Premier cycle du secondaire', ru: '2 – Основное общее образование' } },
    { code: '3', label: { de: '3 – Sekundarbereich II', en: '3 – Upper secondary education', ar: '3 – التعليم الثانوي الأعلى', fa: '۳ – متوسطه دوم', prs: '۳ – تعلیمات ثانوی (لیسه)', ps: '۳ – لېسه (لوړه منځنۍ زده کړه)', ckb: '٣ – خوێندنی ئامادەیی', kmr: '3 – Perwerdeya navîn a duyem (lîse)', ti: '3 – ላዕለዋይ ካልኣይ ደረጃ', so: '3 – Waxbarashada sare ee dugsiga (sare)', tr: '3 – Lise', sq: '3 – Arsimi i mesëm i lartë', fr: '3 – Deuxième cycle du secondaire', ru: '3 – Среднее общее образование' } },
    { code: '4', label: { de: '4 – Postsekundarer nicht tertiärer Bereich', en: '4 – Post-secondary non-tertiary education', ar: '4 – التعليم ما بعد الثانوي غير الجامعي', fa: '۴ – آموزش پس از متوسطه غیردانشگاهی', prs: '۴ – آموزش پس از لیسه غیر پوهنتونی', ps: '۴ – له لېسې وروسته غیر پوهنتوني زده کړه', ckb: '٤ – خوێندنی دوای ئامادەیی نازانکۆیی', kmr: '4 – Perwerdeya piştî navînê ya ne-zanîngehî', ti: '4 – ድሕሪ ካልኣይ ደረጃ ዘይኮነ ላዕለዋይ', so: '4 – Waxbarasho ka dambeysa dugsiga sare oo aan jaamacad ahayn', tr: '4 – Lise sonrası yükseköğretim dışı eğitim', sq: '4 – Arsimi pas të mesmit jouniversitar', fr: '4 – Post-secondaire non supérieur', ru: '4 – Послесреднее нетретичное образование' } },
    { code: '5', label: { de: '5 – Kurzes tertiäres Bildungsprogramm', en: '5 – Short-cycle tertiary education', ar: '5 – التعليم العالي قصير المدى', fa: '۵ – آموزش عالی کوتاه‌مدت', prs: '۵ – تحصیلات عالی کوتاه‌مدت', ps: '۵ – لنډمهاله لوړې زده کړې', ckb: '٥ – خوێندنی باڵای کورتخایەن', kmr: '5 – Perwerdeya bilind a kurt', ti: '5 – ሓጺር ላዕለዋይ ትምህርቲ', so: '5 – Waxbarasho sare oo gaaban', tr: '5 – Kısa döngülü yükseköğretim (ön lisans)', sq: '5 – Arsimi i lartë me cikël të shkurtër', fr: '5 – Enseignement supérieur de cycle court', ru: '5 – Краткосрочное высшее образование' } },
    { code: '6', label: { de: '6 – Bachelor oder gleichwertig', en: "6 – Bachelor's or equivalent level", ar: '6 – البكالوريوس أو ما يعادله', fa: '۶ – کارشناسی یا معادل آن', prs: '۶ – لیسانس یا معادل آن', ps: '۶ – لیسانس یا معادل', ckb: '٦ – بەکالۆریۆس یان هاوتا', kmr: '6 – Lîsans an asta wekhev', ti: '6 – ባችለር ወይ ማዕረ', so: '6 – Bachelor ama heer u dhigma', tr: '6 – Lisans veya dengi', sq: '6 – Bachelor ose i barasvlershëm', fr: '6 – Licence (bachelor) ou équivalent', ru: '6 – Бакалавриат или эквивалент' } },
    { code: '7', label: { de: '7 – Master oder gleichwertig', en: "7 – Master's or equivalent level", ar: '7 – الماجستير أو ما يعادله', fa: '۷ – کارشناسی ارشد یا معادل آن', prs: '۷ – ماستری یا معادل آن', ps: '۷ – ماسټري یا معادل', ckb: '٧ – ماستەر یان هاوتا', kmr: '7 – Master an asta wekhev', ti: '7 – ማስተርስ ወይ ማዕረ', so: '7 – Master ama heer u dhigma', tr: '7 – Yüksek lisans veya dengi', sq: '7 – Master ose i barasvlershëm', fr: '7 – Master ou équivalent', ru: '7 – Магистратура или эквивалент' } },
    { code: '8', label: { de: '8 – Promotion oder gleichwertig', en: '8 – Doctoral or equivalent level', ar: '8 – الدكتوراه أو ما يعادلها', fa: '۸ – دکترا یا معادل آن', prs: '۸ – دوکتورا یا معادل آن', ps: '۸ – دوکتورا یا معادل', ckb: '٨ – دکتۆرا یان هاوتا', kmr: '8 – Doktora an asta wekhev', ti: '8 – ዶክትሬት ወይ ማዕረ', so: '8 – Dhakhtarnimo ama heer u dhigma', tr: '8 – Doktora veya dengi', sq: '8 – Doktoraturë ose e barasvlershme', fr: '8 – Doctorat ou équivalent', ru: '8 – Докторантура или эквивалент' } },
  ],
};

const moped: AllLanguages = { de: 'Kleinkrafträder bis 45 km/h', en: 'mopeds up to 45 km/h', ar: 'دراجات نارية صغيرة حتى 45 كم/س', fa: 'موتورگازی تا ۴۵ کیلومتر در ساعت', prs: 'موتورسایکل کوچک تا ۴۵ کیلومتر فی ساعت', ps: 'کوچني موټرسایکلونه تر ۴۵ کیلومتره په ساعت کې', ckb: 'ماتۆڕی بچووک تا ٤٥ کم/ک', kmr: 'mopêd heta 45 km/s', ti: 'ንኣሽቱ ሞተራት ክሳብ 45 ኪሜ/ሰ', so: 'mooto yaryar ilaa 45 km/s', tr: '45 km/s’e kadar mopedler', sq: 'motorra të vegjël deri në 45 km/h', fr: "cyclomoteurs jusqu'à 45 km/h", ru: 'мопеды до 45 км/ч' };
const lightMotorcycle: AllLanguages = { de: 'Leichtkrafträder bis 125 cm³', en: 'light motorcycles up to 125 cc', ar: 'دراجات نارية خفيفة حتى 125 سم³', fa: 'موتورسیکلت سبک تا ۱۲۵ سی‌سی', prs: 'موتورسایکل سبک تا ۱۲۵ سی‌سی', ps: 'سپک موټرسایکلونه تر ۱۲۵ سي سي', ckb: 'ماتۆڕی سووک تا ١٢٥ سی‌سی', kmr: 'motorsîkletên sivik heta 125 cm³', ti: 'ፉኩሳት ሞተር ብሽክሌታት ክሳብ 125 cc', so: 'mooto fudud ilaa 125 cc', tr: '125 cm³’e kadar hafif motosikletler', sq: 'motoçikleta të lehta deri në 125 cm³', fr: "motocyclettes légères jusqu'à 125 cm³", ru: 'лёгкие мотоциклы до 125 см³' };
const mediumMotorcycle: AllLanguages = { de: 'Krafträder bis 35 kW', en: 'motorcycles up to 35 kW', ar: 'دراجات نارية حتى 35 كيلوواط', fa: 'موتورسیکلت تا ۳۵ کیلووات', prs: 'موتورسایکل تا ۳۵ کیلووات', ps: 'موټرسایکلونه تر ۳۵ کیلوواټه', ckb: 'ماتۆڕ تا ٣٥ کیلۆوات', kmr: 'motorsîklet heta 35 kW', ti: 'ሞተር ብሽክሌታት ክሳብ 35 kW', so: 'mooto ilaa 35 kW', tr: '35 kW’a kadar motosikletler', sq: 'motoçikleta deri në 35 kW', fr: "motocyclettes jusqu'à 35 kW", ru: 'мотоциклы до 35 кВт' };
const motorcycle: AllLanguages = { de: 'Krafträder', en: 'motorcycles', ar: 'دراجات نارية', fa: 'موتورسیکلت', prs: 'موتورسایکل', ps: 'موټرسایکلونه', ckb: 'ماتۆڕ', kmr: 'motorsîklet', ti: 'ሞተር ብሽክሌታት', so: 'mooto', tr: 'motosikletler', sq: 'motoçikleta', fr: 'motocyclettes', ru: 'мотоциклы' };
const car: AllLanguages = { de: 'Pkw bis 3,5 t', en: 'cars up to 3.5 t', ar: 'سيارات حتى 3.5 طن', fa: 'خودرو سواری تا ۳٫۵ تن', prs: 'موتر سواری تا ۳٫۵ تن', ps: 'سپرلۍ موټر تر ۳٫۵ ټنه', ckb: 'ئۆتۆمبێلی سواری تا ٣٫٥ تەن', kmr: 'otomobîl heta 3,5 t', ti: 'ናይ ውልቀ መኪናታት ክሳብ 3.5 ቶን', so: 'baabuur fudud ilaa 3.5 t', tr: '3,5 t’a kadar otomobiller', sq: 'automjete deri në 3,5 t', fr: "voitures jusqu'à 3,5 t", ru: 'легковые автомобили до 3,5 т' };
const lightTruck: AllLanguages = { de: 'Lkw bis 7,5 t', en: 'lorries up to 7.5 t', ar: 'شاحنات حتى 7.5 طن', fa: 'کامیون تا ۷٫۵ تن', prs: 'لاری تا ۷٫۵ تن', ps: 'لارۍ تر ۷٫۵ ټنه', ckb: 'بارهەڵگر تا ٧٫٥ تەن', kmr: 'kamyon heta 7,5 t', ti: 'ናይ ጽዕነት መኪናታት ክሳብ 7.5 ቶን', so: 'gaadiid xamuul ilaa 7.5 t', tr: '7,5 t’a kadar kamyonlar', sq: 'kamionë deri në 7,5 t', fr: "poids lourds jusqu'à 7,5 t", ru: 'грузовики до 7,5 т' };
const truck: AllLanguages = { de: 'Lkw über 3,5 t', en: 'lorries over 3.5 t', ar: 'شاحنات فوق 3.5 طن', fa: 'کامیون بیش از ۳٫۵ تن', prs: 'لاری بیش از ۳٫۵ تن', ps: 'لارۍ له ۳٫۵ ټنو ډېر', ckb: 'بارهەڵگری سەروو ٣٫٥ تەن', kmr: 'kamyon ji 3,5 t zêdetir', ti: 'ናይ ጽዕነት መኪናታት ልዕሊ 3.5 ቶን', so: 'gaadiid xamuul ka badan 3.5 t', tr: '3,5 t üzeri kamyonlar', sq: 'kamionë mbi 3,5 t', fr: 'poids lourds de plus de 3,5 t', ru: 'грузовики свыше 3,5 т' };
const minibus: AllLanguages = { de: 'Kleinbusse bis 16 Fahrgäste', en: 'minibuses up to 16 passengers', ar: 'حافلات صغيرة حتى 16 راكبًا', fa: 'مینی‌بوس تا ۱۶ مسافر', prs: 'مینی‌بس تا ۱۶ مسافر', ps: 'کوچنۍ بسونه تر ۱۶ سپرلیو', ckb: 'مینیبوس تا ١٦ سەرنشین', kmr: 'mînîbus heta 16 rêwiyan', ti: 'ንኣሽቱ ኣውቶቡሳት ክሳብ 16 ተጓዓዝቲ', so: 'bas yar ilaa 16 rakaab', tr: '16 yolcuya kadar minibüsler', sq: 'minibusë deri në 16 pasagjerë', fr: "minibus jusqu'à 16 passagers", ru: 'микроавтобусы до 16 пассажиров' };
const bus: AllLanguages = { de: 'Busse', en: 'buses', ar: 'حافلات', fa: 'اتوبوس', prs: 'بس', ps: 'بسونه', ckb: 'پاس', kmr: 'otobus', ti: 'ኣውቶቡሳት', so: 'basas', tr: 'otobüsler', sq: 'autobusë', fr: 'autobus', ru: 'автобусы' };
const withTrailer: AllLanguages = { de: 'mit Anhänger', en: 'with trailer', ar: 'مع مقطورة', fa: 'با یدک', prs: 'با تریلر', ps: 'له ټریلر سره', ckb: 'لەگەڵ تریلەر', kmr: 'bi pêvek', ti: 'ምስ ተሳሓቢ', so: 'oo leh tiraylar', tr: 'römorklu', sq: 'me rimorkio', fr: 'avec remorque', ru: 'с прицепом' };

const licence = (code: string, vehicle: AllLanguages, trailer = false): ShortItem => ({
  code,
  label: perLanguage((lang) => `${code} – ${vehicle[lang]}${trailer ? ` ${withTrailer[lang]}` : ''}`),
});

export const licenceClassesList: ShortList = {
  id: 'licenceClasses',
  source: 'EU driving licence classes (Directive 2006/126/EC; FeV § 6)',
  label: {
    de: 'Führerscheinklassen',
    en: 'Driving licence classes',
    ar: 'فئات رخصة القيادة',
    fa: 'کلاس‌های گواهینامه',
    prs: 'درجه‌های لایسنس',
    ps: 'د جواز ټولګي',
    ckb: 'پۆلەکانی مۆڵەتی شۆفێری',
    kmr: 'Polên ehliyetê',
    ti: 'ደረጃታት መንጃ ፍቓድ',
    so: 'Noocyada shatiga',
    tr: 'Ehliyet sınıfları',
    sq: 'Kategoritë e patentës',
    fr: 'Catégories de permis',
    ru: 'Категории водительских прав',
  },
  items: [
    licence('AM', moped),
    licence('A1', lightMotorcycle),
    licence('A2', mediumMotorcycle),
    licence('A', motorcycle),
    licence('B', car),
    licence('BE', car, true),
    licence('C1', lightTruck),
    licence('C1E', lightTruck, true),
    licence('C', truck),
    licence('CE', truck, true),
    licence('D1', minibus),
    licence('D1E', minibus, true),
    licence('D', bus),
    licence('DE', bus, true),
  ],
};

/** German legal name first (it is what the document says), then a gloss in the language. */
const legal = (code: string, german: string, gloss: AllLanguages): ShortItem => ({
  code,
  label: perLanguage((lang) => (lang === 'de' ? `${german} (${gloss.de})` : `${german} – ${gloss[lang]}`)),
});

export const residenceStatusesList: ShortList = {
  id: 'residenceStatuses',
  source: 'AsylG, AufenthG (German residence law)',
  label: {
    de: 'Aufenthaltsstatus',
    en: 'Residence status',
    ar: 'وضع الإقامة',
    fa: 'وضعیت اقامت',
    prs: 'وضعیت اقامت',
    ps: 'د استوګنې حالت',
    ckb: 'باری مانەوە',
    kmr: 'Rewşa mayînê',
    ti: 'ኩነታት መንበሪ ፍቓድ',
    so: 'Xaaladda deganaanshaha',
    tr: 'Oturum durumu',
    sq: 'Statusi i qëndrimit',
    fr: 'Statut de séjour',
    ru: 'Статус пребывания',
  },
  items: [
    legal('ankunftsnachweis', 'Ankunftsnachweis § 63a AsylG', { de: 'Bescheinigung über die Meldung als Asylsuchender', en: 'proof of arrival as an asylum seeker', ar: 'إثبات الوصول كطالب لجوء', fa: 'گواهی ورود به‌عنوان پناه‌جو', prs: 'تصدیق ورود به‌حیث پناه‌جو', ps: 'د پناه غوښتونکي په توګه د رارسېدو سند', ckb: 'بەڵگەی گەیشتن وەک داواکاری پەنابەری', kmr: 'belgeya hatinê wekî daxwazkarê penaberiyê', ti: 'ምስክር ምብጻሕ ከም ሓታቲ ዑቕባ', so: 'caddaynta imaanshaha magangalyo-doonka', tr: 'sığınmacı olarak geliş belgesi', sq: 'vërtetim mbërritjeje si azilkërkues', fr: "attestation d'arrivée comme demandeur d'asile", ru: 'справка о прибытии как лица, ищущего убежища' }),
    legal('aufenthaltsgestattung', 'Aufenthaltsgestattung § 55 AsylG', { de: 'während des Asylverfahrens', en: 'permission to stay during the asylum procedure', ar: 'إذن الإقامة أثناء إجراءات اللجوء', fa: 'اجازه اقامت در طول روند پناهندگی', prs: 'اجازه اقامت در جریان پروسه پناهندگی', ps: 'د پناه غوښتنې د پروسې پر مهال د اوسېدو اجازه', ckb: 'مۆڵەتی مانەوە لە ماوەی ڕێکاری پەنابەری', kmr: 'destûra mayînê di dema prosedûra penaberiyê de', ti: 'ፍቓድ ምጽናሕ ኣብ እዋን መስርሕ ዑቕባ', so: 'oggolaansho joogitaan inta lagu jiro habka magangalyada', tr: 'sığınma işlemi süresince kalış izni', sq: 'leje qëndrimi gjatë procedurës së azilit', fr: "autorisation de séjour pendant la procédure d'asile", ru: 'разрешение на пребывание на время процедуры убежища' }),
    legal('ae25_1', 'Aufenthaltserlaubnis § 25 Abs. 1 AufenthG', { de: 'Asylberechtigung', en: 'residence permit, entitled to asylum', ar: 'إقامة، حق اللجوء', fa: 'اجازه اقامت، حق پناهندگی', prs: 'اجازه اقامت، حق پناهندگی', ps: 'د استوګنې اجازه، د پناه حق', ckb: 'مۆڵەتی مانەوە، مافی پەنابەری', kmr: 'destûra rûniştinê, mafê penaberiyê', ti: 'ፍቓድ መንበሪ፡ መሰል ዑቕባ', so: 'sharciga deganaanshaha, xaq magangalyo', tr: 'oturma izni, iltica hakkı', sq: 'leje qëndrimi, e drejtë azili', fr: "titre de séjour, droit d'asile", ru: 'вид на жительство, право на убежище' }),
    legal('ae25_2_refugee', 'Aufenthaltserlaubnis § 25 Abs. 2 AufenthG', { de: 'Flüchtlingseigenschaft', en: 'residence permit, refugee protection', ar: 'إقامة، صفة اللاجئ', fa: 'اجازه اقامت، وضعیت پناهندگی', prs: 'اجازه اقامت، حمایت پناهندگی', ps: 'د استوګنې اجازه، د کډوال ساتنه', ckb: 'مۆڵەتی مانەوە، پاراستنی پەنابەر', kmr: 'destûra rûniştinê, parastina penaberiyê', ti: 'ፍቓድ መንበሪ፡ ናይ ስደተኛ ሓለዋ', so: 'sharciga deganaanshaha, ilaalinta qaxootiga', tr: 'oturma izni, mülteci statüsü', sq: 'leje qëndrimi, mbrojtje si refugjat', fr: 'titre de séjour, statut de réfugié', ru: 'вид на жительство, статус беженца' }),
    legal('ae25_2_subsidiary', 'Aufenthaltserlaubnis § 25 Abs. 2 AufenthG', { de: 'subsidiärer Schutz', en: 'residence permit, subsidiary protection', ar: 'إقامة، الحماية الثانوية', fa: 'اجازه اقامت، حمایت تکمیلی', prs: 'اجازه اقامت، حمایت فرعی', ps: 'د استوګنې اجازه، فرعي ساتنه', ckb: 'مۆڵەتی مانەوە، پاراستنی لاوەکی', kmr: 'destûra rûniştinê, parastina alîkar', ti: 'ፍቓድ መንበሪ፡ ንኡስ ሓለዋ', so: 'sharciga deganaanshaha, ilaalin dheeraad ah', tr: 'oturma izni, ikincil koruma', sq: 'leje qëndrimi, mbrojtje plotësuese', fr: 'titre de séjour, protection subsidiaire', ru: 'вид на жительство, дополнительная защита' }),
    legal('ae25_3', 'Aufenthaltserlaubnis § 25 Abs. 3 AufenthG', { de: 'Abschiebungsverbot', en: 'residence permit, ban on deportation', ar: 'إقامة، حظر الترحيل', fa: 'اجازه اقامت، ممنوعیت اخراج', prs: 'اجازه اقامت، منع اخراج', ps: 'د استوګنې اجازه، د اخراج منع', ckb: 'مۆڵەتی مانەوە، قەدەغەی دەرکردن', kmr: 'destûra rûniştinê, qedexeya dersînorkirinê', ti: 'ፍቓድ መንበሪ፡ ክልከላ ምምላስ', so: 'sharciga deganaanshaha, mamnuucid masaafurin', tr: 'oturma izni, sınır dışı etme yasağı', sq: 'leje qëndrimi, ndalim dëbimi', fr: "titre de séjour, interdiction d'expulsion", ru: 'вид на жительство, запрет депортации' }),
    legal('duldung', 'Duldung § 60a AufenthG', { de: 'vorübergehende Aussetzung der Abschiebung', en: 'temporary suspension of deportation', ar: 'تعليق مؤقت للترحيل', fa: 'تعلیق موقت اخراج', prs: 'تعلیق موقت اخراج', ps: 'د اخراج لنډمهاله ځنډول', ckb: 'ڕاگرتنی کاتیی دەرکردن', kmr: 'rawestandina demkî ya dersînorkirinê', ti: 'ግዝያዊ ምእጋድ ምምላስ', so: 'hakin ku meel gaar ah oo masaafurinta', tr: 'sınır dışı etmenin geçici askıya alınması', sq: 'pezullim i përkohshëm i dëbimit', fr: "suspension temporaire de l'expulsion", ru: 'временная приостановка депортации' }),
    legal('niederlassungserlaubnis', 'Niederlassungserlaubnis', { de: 'unbefristet', en: 'permanent settlement permit', ar: 'إقامة دائمة', fa: 'اقامت دائم', prs: 'اقامت دایمی', ps: 'دایمي استوګنه', ckb: 'مانەوەی هەمیشەیی', kmr: 'rûniştina bêdawî', ti: 'ቀዋሚ መንበሪ', so: 'deganaansho joogto ah', tr: 'süresiz yerleşim izni', sq: 'leje qëndrimi e përhershme', fr: "permis d'établissement permanent", ru: 'бессрочный вид на жительство' }),
    { code: 'other', label: { de: 'anderer Status', en: 'other status', ar: 'وضع آخر', fa: 'وضعیت دیگر', prs: 'وضعیت دیگر', ps: 'بل حالت', ckb: 'بارێکی تر', kmr: 'rewşeke din', ti: 'ካልእ ኩነታት', so: 'xaalad kale', tr: 'diğer durum', sq: 'status tjetër', fr: 'autre statut', ru: 'другой статус' } },
  ],
};

export const municipalitiesList: ShortList = {
  id: 'municipalities',
  source: 'Landkreis Peine: its seven member municipalities',
  label: {
    de: 'Gemeinden im Landkreis Peine',
    en: 'Municipalities in the district of Peine',
    ar: 'البلديات في مقاطعة باينه',
    fa: 'شهرداری‌های بخش پاینه',
    prs: 'شاروالی‌های ولسوالی پاینه',
    ps: 'د پاینې ولسوالۍ ښاروالۍ',
    ckb: 'شارەوانییەکانی قەزای پاینە',
    kmr: 'Şaredariyên navçeya Peine',
    ti: 'ምምሕዳራት ወረዳ ፓይነ',
    so: 'Degmooyinka gobolka Peine',
    tr: 'Peine ilçesindeki belediyeler',
    sq: 'Komunat në rrethin e Peine',
    fr: "Communes de l'arrondissement de Peine",
    ru: 'Муниципалитеты района Пайне',
  },
  items: [
    { code: 'peine', label: same('Stadt Peine') },
    { code: 'edemissen', label: same('Edemissen') },
    { code: 'hohenhameln', label: same('Hohenhameln') },
    { code: 'ilsede', label: same('Ilsede') },
    { code: 'lengede', label: same('Lengede') },
    { code: 'vechelde', label: same('Vechelde') },
    { code: 'wendeburg', label: same('Wendeburg') },
  ],
};

export const interpreterKindsList: ShortList = {
  id: 'interpreterKinds',
  source: 'Lotse',
  label: {
    de: 'Art der Sprachmittlung',
    en: 'Kind of interpreting',
    ar: 'نوع الترجمة',
    fa: 'نوع ترجمه',
    prs: 'نوع ترجمانی',
    ps: 'د ژباړې ډول',
    ckb: 'جۆری وەرگێڕان',
    kmr: 'Cureyê wergerê',
    ti: 'ዓይነት ትርጉም',
    so: 'Nooca turjumaadda',
    tr: 'Tercüme türü',
    sq: 'Lloji i përkthimit',
    fr: "Type d'interprétariat",
    ru: 'Вид перевода',
  },
  items: [
    { code: 'none', label: { de: 'keine Sprachmittlung', en: 'no interpreter', ar: 'بدون مترجم', fa: 'بدون مترجم', prs: 'بدون ترجمان', ps: 'پرته له ژباړونکي', ckb: 'بێ وەرگێڕ', kmr: 'bê wergêr', ti: 'ብዘይ ተርጓሚ', so: 'turjumaan la’aan', tr: 'tercümansız', sq: 'pa përkthyes', fr: "sans interprète", ru: 'без переводчика' } },
    { code: 'community', label: { de: 'Sprach- und Kulturmittler/in', en: 'community interpreter', ar: 'وسيط لغوي وثقافي', fa: 'میانجی زبانی و فرهنگی', prs: 'میانجی زبانی و فرهنگی', ps: 'ژبنی او کلتوري منځګړی', ckb: 'ناوبژیکاری زمانی و کولتووری', kmr: 'navbeynkarê zimanî û çandî', ti: 'ቋንቋዊን ባህላዊን ኣሳናዩ', so: 'turjumaan bulsho', tr: 'dil ve kültür aracısı', sq: 'ndërmjetës gjuhësor dhe kulturor', fr: 'interprète communautaire', ru: 'языковой и культурный посредник' } },
    { code: 'relative', label: { de: 'Angehörige/r oder Bekannte/r', en: 'relative or acquaintance', ar: 'قريب أو معارف', fa: 'خویشاوند یا آشنا', prs: 'خویشاوند یا آشنا', ps: 'خپلوان یا پېژندګلوی', ckb: 'خزم یان ناسیاو', kmr: 'xizm an nas', ti: 'ቤተሰብ ወይ ፈላጥ', so: 'qaraabo ama aqoon-yahan', tr: 'akraba veya tanıdık', sq: 'i afërm ose i njohur', fr: 'proche ou connaissance', ru: 'родственник или знакомый' } },
    { code: 'other', label: { de: 'andere', en: 'other', ar: 'أخرى', fa: 'دیگر', prs: 'دیگر', ps: 'نور', ckb: 'تر', kmr: 'yên din', ti: 'ካልእ', so: 'kale', tr: 'diğer', sq: 'tjetër', fr: 'autre', ru: 'другое' } },
  ],
};

export const employmentPermissionsList: ShortList = {
  id: 'employmentPermissions',
  source: 'AufenthG § 4a; BeschV',
  label: {
    de: 'Erlaubnis zur Erwerbstätigkeit',
    en: 'Permission to work',
    ar: 'إذن العمل',
    fa: 'اجازه کار',
    prs: 'اجازه کار',
    ps: 'د کار اجازه',
    ckb: 'مۆڵەتی کار',
    kmr: 'Destûra kar',
    ti: 'ፍቓድ ስራሕ',
    so: 'Oggolaanshaha shaqada',
    tr: 'Çalışma izni',
    sq: 'Leja e punës',
    fr: 'Autorisation de travail',
    ru: 'Разрешение на работу',
  },
  items: [
    { code: 'permitted', label: { de: 'erlaubt', en: 'permitted', ar: 'مسموح', fa: 'مجاز', prs: 'مجاز', ps: 'اجازه شته', ckb: 'ڕێگەپێدراوە', kmr: 'destûr heye', ti: 'ይፍቀድ', so: 'waa la oggol yahay', tr: 'izin var', sq: 'e lejuar', fr: 'autorisé', ru: 'разрешено' } },
    { code: 'withApproval', label: { de: 'nur mit Erlaubnis der Ausländerbehörde', en: 'only with approval of the immigration office', ar: 'فقط بموافقة دائرة الأجانب', fa: 'فقط با اجازه اداره اتباع خارجی', prs: 'فقط با اجازه اداره امور خارجیان', ps: 'یوازې د بهرنیانو ادارې په اجازه', ckb: 'تەنها بە ڕەزامەندیی فەرمانگەی بیانییەکان', kmr: 'tenê bi destûra dezgeha biyaniyan', ti: 'ብፍቓድ ቤት ጽሕፈት ወጻእተኛታት ጥራይ', so: 'keliya oggolaanshaha xafiiska ajaanibta', tr: 'yalnızca yabancılar dairesinin izniyle', sq: 'vetëm me lejen e zyrës së të huajve', fr: "uniquement avec l'accord du service des étrangers", ru: 'только с разрешения ведомства по делам иностранцев' } },
    { code: 'notPermitted', label: { de: 'nicht erlaubt', en: 'not permitted', ar: 'غير مسموح', fa: 'غیرمجاز', prs: 'غیرمجاز', ps: 'اجازه نشته', ckb: 'ڕێگەپێنەدراوە', kmr: 'destûr tune', ti: 'ኣይፍቀድን', so: 'lama oggola', tr: 'izin yok', sq: 'e palejuar', fr: 'non autorisé', ru: 'не разрешено' } },
  ],
};

export const benefitsBranchesList: ShortList = {
  id: 'benefitsBranches',
  source: 'AsylbLG, SGB II, SGB III',
  label: {
    de: 'Leistungsrechtskreis',
    en: 'Benefits branch',
    ar: 'نظام الإعانات',
    fa: 'نظام کمک هزینه',
    prs: 'سیستم کمک مالی',
    ps: 'د مرستو سیسټم',
    ckb: 'سیستەمی یارمەتی',
    kmr: 'Pergala alîkariyê',
    ti: 'ስርዓት ሓገዝ',
    so: 'Nidaamka gargaarka',
    tr: 'Yardım sistemi',
    sq: 'Sistemi i përfitimeve',
    fr: 'Régime de prestations',
    ru: 'Система пособий',
  },
  items: [
    legal('asylblg', 'AsylbLG', { de: 'Asylbewerberleistungsgesetz', en: 'benefits for asylum seekers', ar: 'إعانات طالبي اللجوء', fa: 'کمک هزینه پناه‌جویان', prs: 'کمک مالی پناه‌جویان', ps: 'د پناه غوښتونکو مرستې', ckb: 'یارمەتیی داواکارانی پەنابەری', kmr: 'alîkariya daxwazkarên penaberiyê', ti: 'ሓገዝ ሓተትቲ ዑቕባ', so: 'gargaarka magangalyo-doonka', tr: 'sığınmacı yardımları', sq: 'përfitimet për azilkërkuesit', fr: "prestations pour demandeurs d'asile", ru: 'пособия для лиц, ищущих убежища' }),
    legal('sgb2', 'SGB II', { de: 'Grundsicherung für Arbeitsuchende, Jobcenter', en: 'basic income support for jobseekers, Jobcenter', ar: 'الإعانة الأساسية للباحثين عن عمل، جوب سنتر', fa: 'تأمین پایه برای جویندگان کار، جاب‌سنتر', prs: 'تأمین اساسی برای کارجویان، جاب‌سنتر', ps: 'د کار لټوونکو لپاره بنسټیزه مرسته، جاب سنټر', ckb: 'دابینکردنی بنەڕەتی بۆ کارجۆیان، جۆبسێنتەر', kmr: 'ewlehiya bingehîn ji bo karxwazan, Jobcenter', ti: 'መሰረታዊ ሓገዝ ንደለይቲ ስራሕ፡ ጆብሰንተር', so: 'taageerada aasaasiga ah ee shaqo-doonka, Jobcenter', tr: 'iş arayanlar için temel güvence, Jobcenter', sq: 'sigurimi bazë për punëkërkuesit, Jobcenter', fr: "revenu de base pour demandeurs d'emploi, Jobcenter", ru: 'базовое обеспечение ищущих работу, джобцентр' }),
    legal('sgb3', 'SGB III', { de: 'Arbeitsförderung, Agentur für Arbeit', en: 'employment promotion, employment agency', ar: 'دعم التوظيف، وكالة العمل', fa: 'حمایت از اشتغال، اداره کار', prs: 'حمایت از اشتغال، اداره کار', ps: 'د استخدام ملاتړ، د کار اداره', ckb: 'پشتگیریی کار، ئاژانسی کار', kmr: 'piştgiriya karî, Ajansa Karî', ti: 'ምትብባዕ ስራሕ፡ ኤጀንሲ ስራሕ', so: 'taageerada shaqada, wakaaladda shaqada', tr: 'istihdam desteği, iş ajansı', sq: 'nxitja e punësimit, agjencia e punës', fr: "promotion de l'emploi, agence pour l'emploi", ru: 'содействие занятости, агентство по труду' }),
  ],
};

export const yesNoList: ShortList = {
  id: 'yesNo',
  source: 'Lotse (labels of yes/no answers: yes = true, no = false)',
  label: {
    de: 'Ja/Nein',
    en: 'Yes/No',
    ar: 'نعم/لا',
    fa: 'بله/خیر',
    prs: 'بلی/نخیر',
    ps: 'هو/نه',
    ckb: 'بەڵێ/نەخێر',
    kmr: 'Erê/Na',
    ti: 'እወ/ኣይፋል',
    so: 'Haa/Maya',
    tr: 'Evet/Hayır',
    sq: 'Po/Jo',
    fr: 'Oui/Non',
    ru: 'Да/Нет',
  },
  items: [
    { code: 'yes', label: { de: 'ja', en: 'yes', ar: 'نعم', fa: 'بله', prs: 'بلی', ps: 'هو', ckb: 'بەڵێ', kmr: 'erê', ti: 'እወ', so: 'haa', tr: 'evet', sq: 'po', fr: 'oui', ru: 'да' } },
    { code: 'no', label: { de: 'nein', en: 'no', ar: 'لا', fa: 'خیر', prs: 'نخیر', ps: 'نه', ckb: 'نەخێر', kmr: 'na', ti: 'ኣይፋል', so: 'maya', tr: 'hayır', sq: 'jo', fr: 'non', ru: 'нет' } },
  ],
};

/** Proper names of institutions stay German in every language; English gets a gloss. */
const partner = (code: string, german: string, english: string): ShortItem => ({
  code,
  label: { ...same(german), en: `${german} (${english})` },
});

export const referralPartnersList: ShortList = {
  id: 'referralPartners',
  source: 'Recipients named in the consent notice; codes are the notice\'s recipient ids (content/notices)',
  label: {
    de: 'Partnerstellen',
    en: 'Partner organisations',
    ar: 'الجهات الشريكة',
    fa: 'نهادهای همکار',
    prs: 'نهادهای همکار',
    ps: 'همکارې ادارې',
    ckb: 'لایەنە هاوبەشەکان',
    kmr: 'Saziyên hevkar',
    ti: 'ተሓባበርቲ ኣካላት',
    so: 'Hay’adaha la-shaqeeyayaasha',
    tr: 'Ortak kurumlar',
    sq: 'Partnerët',
    fr: 'Organismes partenaires',
    ru: 'Организации-партнёры',
  },
  items: [
    partner('auslaenderbehoerde', 'Ausländerbehörde', 'immigration office'),
    partner('fachdienst-soziales', 'Fachdienst Soziales', 'social services department'),
    partner('jobcenter', 'Jobcenter', 'job centre'),
    partner('agentur-fuer-arbeit', 'Agentur für Arbeit', 'employment agency'),
    partner('massnahmetraeger', 'Maßnahmeträger', 'course providers'),
    partner('kvhs', 'Kreisvolkshochschule', "district adult education centre"),
    partner('caritas', 'Caritas', 'Caritas welfare association'),
    partner('ihk-hwk', 'IHK / Handwerkskammer', 'chamber of commerce / chamber of crafts'),
    partner('gemeinde', 'Wohngemeinde', "the applicant's municipality"),
  ],
};

export const shortLists: ShortList[] = [
  cefrSkillsList,
  cefrLevelsList,
  iscedList,
  licenceClassesList,
  residenceStatusesList,
  municipalitiesList,
  interpreterKindsList,
  employmentPermissionsList,
  benefitsBranchesList,
  yesNoList,
  referralPartnersList,
];
