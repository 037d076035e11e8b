/**
 * The new texts of Profilingbogen version 2, German authoritative, every other language a draft
 * (no qualified translator has reviewed them). Order of the arguments of `L`: the form languages.
 */
import { type AllLanguages, same } from './languages';

/** de, en, ar, fa, prs, ps, ckb, kmr, ti, so, tr, sq, fr, ru */
function L(de: string, en: string, ar: string, fa: string, prs: string, ps: string, ckb: string, kmr: string, ti: string, so: string, tr: string, sq: string, fr: string, ru: string): AllLanguages {
  return { de, en, ar, fa, prs, ps, ckb, kmr, ti, so, tr, sq, fr, ru };
}

export { same };

/** Appended to (or set as) the hint of every free-text field. */
export const noSensitiveNotes = L(
  'Bitte nichts über Gesundheit, Religion oder die Fluchtgeschichte notieren.',
  'Do not note anything about health, religion or the story of the flight.',
  'يرجى عدم تدوين أي شيء عن الصحة أو الدين أو قصة اللجوء.',
  'لطفاً چیزی درباره سلامت، دین یا داستان فرار یادداشت نکنید.',
  'لطفاً چیزی در بارهٔ صحت، دین یا داستان فرار یادداشت نکنید.',
  'مهرباني وکړئ د روغتیا، دین یا د تېښتې د کیسې په اړه څه مه لیکئ.',
  'تکایە هیچ شتێک دەربارەی تەندروستی، ئایین یان چیرۆکی هەڵاتن مەنووسە.',
  'Ji kerema xwe tiştekî li ser tenduristî, ol an çîroka revê nenivîsin.',
  'በጃኹም ብዛዕባ ጥዕና፡ ሃይማኖት ወይ ታሪኽ ስደት ዝኾነ ነገር ኣይትጸሓፉ።',
  'Fadlan waxba ha ku qorin caafimaadka, diinta ama sheekada qaxootinimada.',
  'Lütfen sağlık, din veya kaçış hikâyesi hakkında hiçbir şey not etmeyin.',
  'Ju lutemi mos shënoni asgjë për shëndetin, fenë ose historinë e arratisjes.',
  'Ne notez rien sur la santé, la religion ou le parcours d’exil.',
  'Не записывайте ничего о здоровье, религии или истории бегства.',
);

export const germanCertificateLevel = L(
  'Stufe des Zertifikats (die höchste nachgewiesene)',
  'Level of the certificate (the highest one proven)',
  'مستوى الشهادة (أعلى مستوى مثبت)',
  'سطح گواهی (بالاترین سطح اثبات‌شده)',
  'سطح سرتفیکت (بلندترین سطح ثابت‌شده)',
  'د سند کچه (تر ټولو لوړه ثابته شوې کچه)',
  'ئاستی بڕوانامە (بەرزترین ئاستی سەلمێنراو)',
  'Asta sertîfîkayê (asta herî bilind a îspatkirî)',
  'ደረጃ ምስክር ወረቐት (እቲ ዝለዓለ ዝተረጋገጸ)',
  'Heerka shahaadada (kan ugu sarreeya ee la caddeeyay)',
  'Sertifika seviyesi (kanıtlanan en yüksek seviye)',
  'Niveli i certifikatës (më i larti i dëshmuar)',
  'Niveau du certificat (le plus élevé attesté)',
  'Уровень сертификата (самый высокий подтверждённый)',
);

/** New residence statuses: the German legal term, then a gloss in the language. */
export const residenceStatuses: readonly { code: string; label: AllLanguages }[] = [
  { code: 'ausbildungsduldung', term: 'Ausbildungsduldung § 60c AufenthG', gloss: L('Duldung für eine Ausbildung', 'toleration for vocational training', 'تسامح من أجل التدريب المهني', 'تحمل برای آموزش حرفه‌ای', 'تحمل برای آموزش مسلکی', 'د مسلکي زده کړې لپاره زغم', 'مانەوەی کاتی بۆ ڕاهێنانی پیشەیی', 'tolerans ji bo perwerdeya pîşeyî', 'ንሞያዊ ስልጠና ዝተፈቕደ ምጽናሕ', 'u-dulqaadasho tababar xirfadeed', 'mesleki eğitim için hoşgörü', 'tolerim për arsim profesional', 'tolérance pour une formation professionnelle', 'допуск на время профобучения') },
  { code: 'beschaeftigungsduldung', term: 'Beschäftigungsduldung § 60d AufenthG', gloss: L('Duldung für eine Beschäftigung', 'toleration for employment', 'تسامح من أجل العمل', 'تحمل برای اشتغال', 'تحمل برای کار', 'د دندې لپاره زغم', 'مانەوەی کاتی بۆ کارکردن', 'tolerans ji bo kar', 'ንስራሕ ዝተፈቕደ ምጽናሕ', 'u-dulqaadasho shaqo', 'istihdam için hoşgörü', 'tolerim për punësim', 'tolérance pour un emploi', 'допуск на время работы') },
  { code: 'ae22', term: 'Aufenthaltserlaubnis § 22 AufenthG', gloss: L('Aufnahme aus dem Ausland', 'admission from abroad', 'إقامة، استقبال من الخارج', 'اجازه اقامت، پذیرش از خارج', 'اجازه اقامت، پذیرش از خارج', 'د استوګنې اجازه، له بهر څخه منل', 'مۆڵەتی مانەوە، وەرگرتن لە دەرەوە', 'destûra rûniştinê, wergirtin ji derve', 'ፍቓድ መንበሪ፡ ካብ ወጻኢ ምቕባል', 'sharciga deganaanshaha, laga soo qaaday dibadda', 'oturma izni, yurt dışından kabul', 'leje qëndrimi, pranim nga jashtë', 'titre de séjour, admission depuis l’étranger', 'вид на жительство, приём из-за границы') },
  { code: 'ae23', term: 'Aufenthaltserlaubnis § 23 AufenthG', gloss: L('Aufnahmeprogramm', 'admission programme', 'إقامة، برنامج استقبال', 'اجازه اقامت، برنامه پذیرش', 'اجازه اقامت، برنامه پذیرش', 'د استوګنې اجازه، د منلو پروګرام', 'مۆڵەتی مانەوە، بەرنامەی وەرگرتن', 'destûra rûniştinê, bernameya wergirtinê', 'ፍቓድ መንበሪ፡ መደብ ምቕባል', 'sharciga deganaanshaha, barnaamij soo dhaweyn', 'oturma izni, kabul programı', 'leje qëndrimi, program pranimi', 'titre de séjour, programme d’accueil', 'вид на жительство, программа приёма') },
  { code: 'ae24', term: 'Aufenthaltserlaubnis § 24 AufenthG', gloss: L('vorübergehender Schutz', 'temporary protection', 'إقامة، حماية مؤقتة', 'اجازه اقامت، حمایت موقت', 'اجازه اقامت، حمایت موقت', 'د استوګنې اجازه، لنډمهاله ساتنه', 'مۆڵەتی مانەوە، پاراستنی کاتی', 'destûra rûniştinê, parastina demkî', 'ፍቓድ መንበሪ፡ ግዝያዊ ሓለዋ', 'sharciga deganaanshaha, ilaalin ku meel gaar ah', 'oturma izni, geçici koruma', 'leje qëndrimi, mbrojtje e përkohshme', 'titre de séjour, protection temporaire', 'вид на жительство, временная защита') },
  { code: 'ae25_4', term: 'Aufenthaltserlaubnis § 25 Abs. 4 AufenthG', gloss: L('vorübergehender Aufenthalt aus dringenden Gründen', 'temporary stay for urgent reasons', 'إقامة مؤقتة لأسباب ملحة', 'اقامت موقت به دلایل فوری', 'اقامت موقت به دلایل عاجل', 'د بیړنیو دلیلونو له امله لنډمهاله استوګنه', 'مانەوەی کاتی بەهۆی هۆکاری بەپەلە', 'rûniştina demkî ji ber sedemên lezgîn', 'ብህጹጽ ምኽንያታት ግዝያዊ ምጽናሕ', 'deganaansho ku meel gaar ah sababo degdeg ah', 'acil nedenlerle geçici kalış', 'qëndrim i përkohshëm për arsye urgjente', 'séjour temporaire pour raisons urgentes', 'временное пребывание по неотложным причинам') },
  { code: 'ae25_5', term: 'Aufenthaltserlaubnis § 25 Abs. 5 AufenthG', gloss: L('Ausreise auf Dauer unmöglich', 'departure impossible for a long time', 'إقامة، المغادرة مستحيلة لفترة طويلة', 'اجازه اقامت، خروج برای مدت طولانی ناممکن', 'اجازه اقامت، خروج برای مدت طولانی ناممکن', 'د استوګنې اجازه، وتل د اوږدې مودې لپاره ناشوني', 'مۆڵەتی مانەوە، ڕۆیشتن بۆ ماوەیەکی درێژ مەحاڵە', 'destûra rûniştinê, derketin ji bo demeke dirêj ne gengaz e', 'ፍቓድ መንበሪ፡ ንነዊሕ እዋን ምውጻእ ዘይከኣል', 'sharciga deganaanshaha, ka bixitaanku muddo dheer suurtagal ma aha', 'oturma izni, uzun süre çıkış imkânsız', 'leje qëndrimi, largimi i pamundur për kohë të gjatë', 'titre de séjour, départ durablement impossible', 'вид на жительство, выезд надолго невозможен') },
  { code: 'ae25a', term: 'Aufenthaltserlaubnis § 25a AufenthG', gloss: L('gut integrierte junge Menschen', 'well-integrated young people', 'إقامة، شباب مندمجون جيدًا', 'اجازه اقامت، جوانان به‌خوبی ادغام‌شده', 'اجازه اقامت، جوانان به‌خوبی مدغم‌شده', 'د استوګنې اجازه، ښه مدغم شوي ځوانان', 'مۆڵەتی مانەوە، گەنجانی باش تێکەڵبوو', 'destûra rûniştinê, ciwanên baş entegrekirî', 'ፍቓድ መንበሪ፡ ጽቡቕ ዝተወሃሃዱ መንእሰያት', 'sharciga deganaanshaha, dhallinyaro si fiican u dhex galay', 'oturma izni, iyi uyum sağlamış gençler', 'leje qëndrimi, të rinj të integruar mirë', 'titre de séjour, jeunes bien intégrés', 'вид на жительство, хорошо интегрированная молодёжь') },
  { code: 'ae25b', term: 'Aufenthaltserlaubnis § 25b AufenthG', gloss: L('nachhaltige Integration', 'sustained integration', 'إقامة، اندماج مستدام', 'اجازه اقامت، ادغام پایدار', 'اجازه اقامت، ادغام پایدار', 'د استوګنې اجازه، دوامداره ادغام', 'مۆڵەتی مانەوە، تێکەڵبوونی بەردەوام', 'destûra rûniştinê, entegrasyona domdar', 'ፍቓድ መንበሪ፡ ቀጻሊ ምውህሃድ', 'sharciga deganaanshaha, isdhexgal joogto ah', 'oturma izni, kalıcı uyum', 'leje qëndrimi, integrim i qëndrueshëm', 'titre de séjour, intégration durable', 'вид на жительство, устойчивая интеграция') },
  { code: 'fiktionsbescheinigung', term: 'Fiktionsbescheinigung § 81 AufenthG', gloss: L('Antrag läuft, der Aufenthalt gilt als erlaubt', 'application pending, the stay counts as permitted', 'الطلب قيد المعالجة، والإقامة تعد مسموحة', 'درخواست در جریان است، اقامت مجاز شمرده می‌شود', 'درخواست در جریان است، اقامت مجاز شمرده می‌شود', 'غوښتنه روانه ده، استوګنه اجازه لرونکې ګڼل کېږي', 'داواکاری بەردەوامە، مانەوە بە ڕێگەپێدراو دادەنرێت', 'serlêdan didome, rûniştin wek destûrdayî tê hesibandin', 'ሕቶ ኣብ መስርሕ ኣሎ፡ ምጽናሕ ከም ዝተፈቕደ ይቑጸር', 'codsigu wuu socdaa, deganaanshuhu waa la oggol yahay', 'başvuru sürüyor, kalış izinli sayılır', 'aplikimi në shqyrtim, qëndrimi konsiderohet i lejuar', 'demande en cours, le séjour est réputé autorisé', 'заявление рассматривается, пребывание считается разрешённым') },
].map(({ code, term, gloss }) => ({
  code,
  label: Object.fromEntries(Object.entries(gloss).map(([lang, text]) => [lang, lang === 'de' ? `${term} (${text})` : `${term} – ${text}`])) as AllLanguages,
}));

export const residenceObligation = L(
  'Wohnsitzauflage nach § 12a AufenthG',
  'Residence obligation under § 12a AufenthG',
  'إلزام بالسكن وفق المادة 12a من قانون الإقامة',
  'الزام محل سکونت طبق ماده ۱۲a قانون اقامت',
  'الزام محل بود و باش طبق مادهٔ ۱۲a قانون اقامت',
  'د استوګنې د ځای مکلفیت د AufenthG د ۱۲a مادې له مخې',
  'ناچاری شوێنی نیشتەجێبوون بەپێی § 12a AufenthG',
  'Mecbûriya cihê rûniştinê li gorî § 12a AufenthG',
  'ግዴታ መንበሪ ቦታ ብመሰረት § 12a AufenthG',
  'Waajibka deegaanka sida § 12a AufenthG',
  '§ 12a AufenthG uyarınca ikamet zorunluluğu',
  'Detyrimi i vendbanimit sipas § 12a AufenthG',
  'Obligation de résidence selon le § 12a AufenthG',
  'Обязанность проживания по § 12a AufenthG',
);

export const residenceObligationPlace = L(
  'Wo muss die Person wohnen?',
  'Where must the person live?',
  'أين يجب أن يسكن الشخص؟',
  'فرد باید کجا سکونت داشته باشد؟',
  'شخص باید در کجا بود و باش کند؟',
  'شخص باید چېرته اوسېږي؟',
  'کەسەکە دەبێت لە کوێ نیشتەجێ بێت؟',
  'Divê kes li ku derê bijî?',
  'እቲ ሰብ ኣበይ ክነብር ኣለዎ?',
  'Qofku xaggee buu ku noolaan karaa?',
  'Kişi nerede ikamet etmek zorunda?',
  'Ku duhet të banojë personi?',
  'Où la personne doit-elle habiter ?',
  'Где человек обязан проживать?',
);

export const studyYears = L(
  'Studienjahre',
  'Years of study',
  'سنوات الدراسة الجامعية',
  'سال‌های تحصیل دانشگاهی',
  'سال‌های تحصیل پوهنتون',
  'د پوهنتون د زده کړې کلونه',
  'ساڵانی خوێندنی زانکۆ',
  'Salên xwendina zanîngehê',
  'ዓመታት ትምህርቲ ዩኒቨርሲቲ',
  'Sannadaha jaamacadda',
  'Üniversitede okunan yıl',
  'Vitet e studimit',
  'Années d’études',
  'Годы учёбы в вузе',
);

export const studiesHint = L(
  'Auch ein abgebrochenes oder noch laufendes Studium eintragen.',
  'Also enter studies that were interrupted or are still ongoing.',
  'أدخل أيضًا الدراسة التي انقطعت أو ما زالت جارية.',
  'تحصیلات نیمه‌تمام یا در حال انجام را هم وارد کنید.',
  'تحصیلات نیمه‌تمام یا جاری را هم درج کنید.',
  'هغه زده کړې هم ولیکئ چې نیمګړې پاتې شوې یا لا روانې دي.',
  'خوێندنی ناتەواو یان بەردەوامیش بنووسە.',
  'Xwendina nîvco an hê didome jî binivîse.',
  'ዝተቛረጸ ወይ ገና ዝቕጽል ትምህርቲ እውን ኣእትዉ።',
  'Sidoo kale geli waxbarasho la joojiyay ama weli socota.',
  'Yarıda kalan veya devam eden öğrenimi de girin.',
  'Shënoni edhe studimet e ndërprera ose ende në vazhdim.',
  'Indiquez aussi des études interrompues ou en cours.',
  'Укажите и прерванную или ещё не законченную учёбу.',
);

export const referenceOccupation = L(
  'Referenzberuf in Deutschland',
  'Reference occupation in Germany',
  'المهنة المرجعية في ألمانيا',
  'شغل مرجع در آلمان',
  'شغل مرجع در آلمان',
  'په آلمان کې اړونده مسلک',
  'پیشەی بەرامبەر لە ئەڵمانیا',
  'Pîşeya referansê li Almanyayê',
  'መወከሲ ሞያ ኣብ ጀርመን',
  'Xirfadda u dhiganta ee Jarmalka',
  'Almanya’daki referans meslek',
  'Profesioni referues në Gjermani',
  'Profession de référence en Allemagne',
  'Референтная профессия в Германии',
);

export const recognitionBody = L(
  'Anerkennungsstelle',
  'Recognition body',
  'جهة الاعتراف',
  'مرجع به رسمیت شناختن',
  'مرجع به رسمیت شناختن',
  'د پېژندنې اداره',
  'دەزگای ناسینەوە',
  'Saziya naskirinê',
  'ኣፍልጦ ዝህብ ኣካል',
  'Hay’adda aqoonsiga',
  'Tanıma makamı',
  'Organi i njohjes',
  'Organisme de reconnaissance',
  'Орган признания',
);

export const recognitionBodies: readonly { value: string; label: AllLanguages }[] = [
  { value: 'zab', label: same('ZAB – Zentralstelle für ausländisches Bildungswesen') },
  { value: 'ihkFosa', label: same('IHK FOSA') },
  { value: 'hwk', label: L('Handwerkskammer', 'Chamber of crafts (Handwerkskammer)', 'غرفة الحرف (Handwerkskammer)', 'اتاق اصناف (Handwerkskammer)', 'اتاق صنایع دستی (Handwerkskammer)', 'د لاسي صنایعو خونه (Handwerkskammer)', 'ژووری پیشەسازی دەستی (Handwerkskammer)', 'Odeya esnafan (Handwerkskammer)', 'ቤት ምኽሪ ኢደ-ጥበብ (Handwerkskammer)', 'Rugga farsamada gacanta (Handwerkskammer)', 'Zanaat Odası (Handwerkskammer)', 'Dhoma e zejtarisë (Handwerkskammer)', 'Chambre des métiers (Handwerkskammer)', 'Ремесленная палата (Handwerkskammer)') },
  { value: 'schoolAuthority', label: L('Schulbehörde', 'School authority', 'السلطة المدرسية', 'اداره آموزش و پرورش', 'ریاست معارف', 'د ښوونځیو اداره', 'دەزگای قوتابخانەکان', 'Desthilata dibistanan', 'ቤት ጽሕፈት ትምህርቲ', 'Maamulka dugsiyada', 'Okul makamı', 'Autoriteti shkollor', 'Autorité scolaire', 'Школьное ведомство') },
  { value: 'other', label: L('andere Stelle', 'other body', 'جهة أخرى', 'مرجع دیگر', 'مرجع دیگر', 'بله اداره', 'دەزگایەکی تر', 'saziyeke din', 'ካልእ ኣካል', 'hay’ad kale', 'başka makam', 'organ tjetër', 'autre organisme', 'другой орган') },
];

export const documentsAvailable = L(
  'Zeugnisse oder Nachweise vorhanden',
  'Certificates or proof available',
  'الشهادات أو الإثباتات متوفرة',
  'مدارک یا گواهی‌ها موجود است',
  'اسناد یا تصدیق‌ها موجود است',
  'سندونه یا ثبوتونه شته',
  'بڕوانامە یان بەڵگە هەیە',
  'Bawername an belge hene',
  'ምስክር ወረቐት ወይ መረጋገጺ ኣሎ',
  'Shahaadooyin ama caddeyn ayaa jira',
  'Belge veya kanıt mevcut',
  'Dëftesat ose dëshmitë janë në dispozicion',
  'Certificats ou justificatifs disponibles',
  'Есть свидетельства или подтверждения',
);

export const documentsTranslated = L(
  'Unterlagen ins Deutsche übersetzt',
  'Documents translated into German',
  'الوثائق مترجمة إلى الألمانية',
  'مدارک به آلمانی ترجمه شده',
  'اسناد به آلمانی ترجمه شده',
  'سندونه آلماني ته ژباړل شوي',
  'بەڵگەنامەکان وەرگێڕدراونەتە سەر ئەڵمانی',
  'Belge bi almanî hatine wergerandin',
  'ሰነዳት ናብ ጀርመንኛ ተተርጒሞም',
  'Dukumentiyada waxaa loo turjumay Jarmal',
  'Belgeler Almancaya çevrildi',
  'Dokumentet janë përkthyer në gjermanisht',
  'Documents traduits en allemand',
  'Документы переведены на немецкий',
);

export const integrationCourseBasis = L(
  'Grundlage der Teilnahme',
  'Basis of attendance',
  'أساس المشاركة',
  'مبنای شرکت',
  'اساس اشتراک',
  'د ګډون بنسټ',
  'بنەمای بەشداربوون',
  'Bingeha beşdariyê',
  'መሰረት ተሳትፎ',
  'Saldhigga ka qaybgalka',
  'Katılım dayanağı',
  'Baza e pjesëmarrjes',
  'Base de la participation',
  'Основание участия',
);

export const integrationCourseBases: readonly { value: string; label: AllLanguages }[] = [
  { value: 'entitlement', label: L('Anspruch', 'entitlement', 'استحقاق', 'حق شرکت', 'حق اشتراک', 'حق', 'ماف', 'maf', 'መሰል', 'xaq', 'hak', 'e drejtë', 'droit', 'право') },
  { value: 'obligation', label: L('Verpflichtung', 'obligation', 'إلزام', 'الزام', 'الزام', 'مکلفیت', 'ناچاری', 'mecbûrî', 'ግዴታ', 'waajib', 'zorunluluk', 'detyrim', 'obligation', 'обязанность') },
  { value: 'admission', label: L('Zulassung auf Antrag', 'admission on application', 'قبول بناءً على طلب', 'پذیرش با درخواست', 'پذیرش با درخواست', 'د غوښتنې له مخې منل', 'وەرگرتن بە داواکاری', 'pejirandin bi serlêdanê', 'ብሕቶ ምቕባል', 'oggolaansho codsi ku salaysan', 'başvuru ile kabul', 'pranim me kërkesë', 'admission sur demande', 'допуск по заявлению') },
];

export const integrationCourseType = L(
  'Kursart',
  'Type of course',
  'نوع الدورة',
  'نوع دوره',
  'نوع کورس',
  'د کورس ډول',
  'جۆری خول',
  'Cureyê kursê',
  'ዓይነት ኮርስ',
  'Nooca koorsada',
  'Kurs türü',
  'Lloji i kursit',
  'Type de cours',
  'Вид курса',
);

export const integrationCourseTypes: readonly { value: string; label: AllLanguages }[] = [
  { value: 'general', label: L('allgemeiner Integrationskurs', 'general integration course', 'دورة اندماج عامة', 'دوره ادغام عمومی', 'کورس ادغام عمومی', 'عمومي د ادغام کورس', 'خولی گشتی', 'kursa giştî', 'ሓፈሻዊ ኮርስ', 'koorso guud', 'genel uyum kursu', 'kurs i përgjithshëm', 'cours général', 'общий курс') },
  { value: 'literacy', label: L('Alphabetisierungskurs', 'literacy course', 'دورة محو الأمية', 'دوره سوادآموزی', 'کورس سوادآموزی', 'د سواد زده کړې کورس', 'خولی نەخوێندەواری', 'kursa xwendin û nivîsandinê', 'ኮርስ ምፍላጥ ፊደል', 'koorsada akhris-qoraalka', 'okuma yazma kursu', 'kurs alfabetizimi', 'cours d’alphabétisation', 'курс с обучением грамоте') },
  { value: 'youth', label: L('Jugendintegrationskurs', 'youth integration course', 'دورة اندماج للشباب', 'دوره ادغام جوانان', 'کورس ادغام جوانان', 'د ځوانانو د ادغام کورس', 'خولی گەنجان', 'kursa ciwanan', 'ኮርስ መንእሰያት', 'koorsada dhallinyarada', 'gençlik uyum kursu', 'kurs për të rinj', 'cours pour jeunes', 'курс для молодёжи') },
  { value: 'women', label: L('Frauenintegrationskurs', 'integration course for women', 'دورة اندماج للنساء', 'دوره ادغام زنان', 'کورس ادغام زنان', 'د ښځو د ادغام کورس', 'خولی ئافرەتان', 'kursa jinan', 'ኮርስ ደቂ ኣንስትዮ', 'koorsada haweenka', 'kadın uyum kursu', 'kurs për gra', 'cours pour femmes', 'курс для женщин') },
  { value: 'parents', label: L('Elternintegrationskurs', 'integration course for parents', 'دورة اندماج للآباء والأمهات', 'دوره ادغام والدین', 'کورس ادغام والدین', 'د مور او پلار د ادغام کورس', 'خولی دایک و باوکان', 'kursa dêûbavan', 'ኮርስ ወለዲ', 'koorsada waalidiinta', 'ebeveyn uyum kursu', 'kurs për prindër', 'cours pour parents', 'курс для родителей') },
  { value: 'intensive', label: L('Intensivkurs', 'intensive course', 'دورة مكثفة', 'دوره فشرده', 'کورس فشرده', 'چټک کورس', 'خولی چڕ', 'kursa bilez', 'ጽዑቕ ኮርስ', 'koorso xooggan', 'yoğun kurs', 'kurs intensiv', 'cours intensif', 'интенсивный курс') },
];

export const integrationModulesDone = L(
  'Abgeschlossene Module',
  'Modules completed',
  'الوحدات المنجزة',
  'بخش‌های پایان‌یافته',
  'ماژول‌های تکمیل‌شده',
  'بشپړ شوي ماډلونه',
  'مۆدیولە تەواوکراوەکان',
  'Modulên temamkirî',
  'ዝተዛዘሙ ክፍልታት',
  'Qaybaha la dhammeeyay',
  'Tamamlanan modüller',
  'Modulet e përfunduara',
  'Modules terminés',
  'Пройденные модули',
);

export const dtzLevel = L(
  'Ergebnis im Deutsch-Test für Zuwanderer (DTZ)',
  'Result of the German test for immigrants (DTZ)',
  'نتيجة اختبار اللغة الألمانية للمهاجرين (DTZ)',
  'نتیجه آزمون آلمانی برای مهاجران (DTZ)',
  'نتیجهٔ امتحان آلمانی برای مهاجران (DTZ)',
  'د کډوالو لپاره د آلماني ازموینې پایله (DTZ)',
  'ئەنجامی تاقیکردنەوەی ئەڵمانی بۆ کۆچبەران (DTZ)',
  'Encama testa almanî ji bo koçberan (DTZ)',
  'ውጽኢት ፈተና ጀርመንኛ ንስደተኛታት (DTZ)',
  'Natiijada imtixaanka Jarmalka ee soo-galootiga (DTZ)',
  'Göçmenler için Almanca sınavı sonucu (DTZ)',
  'Rezultati i testit të gjermanishtes për emigrantët (DTZ)',
  'Résultat du test d’allemand pour immigrés (DTZ)',
  'Результат теста по немецкому для иммигрантов (DTZ)',
);

export const belowA2 = L('unter A2', 'below A2', 'أقل من A2', 'زیر A2', 'پایین‌تر از A2', 'له A2 ښکته', 'خوار A2', 'di bin A2 de', 'ትሕቲ A2', 'ka hooseeya A2', 'A2’nin altında', 'nën A2', 'inférieur à A2', 'ниже A2');

export const jobLanguageCourse = L(
  'Berufssprachkurs (DeuFöV)',
  'Vocational language course (DeuFöV)',
  'دورة اللغة المهنية (DeuFöV)',
  'دوره زبان حرفه‌ای (DeuFöV)',
  'کورس زبان مسلکی (DeuFöV)',
  'مسلکي ژبې کورس (DeuFöV)',
  'خولی زمانی پیشەیی (DeuFöV)',
  'Kursa zimanê pîşeyî (DeuFöV)',
  'ሞያዊ ኮርስ ቋንቋ (DeuFöV)',
  'Koorsada luqadda xirfadda (DeuFöV)',
  'Mesleki dil kursu (DeuFöV)',
  'Kurs gjuhe profesionale (DeuFöV)',
  'Cours de langue à visée professionnelle (DeuFöV)',
  'Профессиональный языковой курс (DeuFöV)',
);

export const requirementLevel = L(
  'Anforderungsniveau (5. Stelle der KldB 2010)',
  'Requirement level (5th digit of the KldB 2010)',
  'مستوى المتطلبات (الرقم الخامس في KldB 2010)',
  'سطح الزامات (رقم پنجم KldB 2010)',
  'سطح نیازمندی (رقم پنجم KldB 2010)',
  'د اړتیاوو کچه (د KldB 2010 پنځم رقم)',
  'ئاستی داواکاری (ژمارەی پێنجەمی KldB 2010)',
  'Asta daxwazê (reqema 5an a KldB 2010)',
  'ደረጃ ጠለብ (5ይ ቁጽሪ KldB 2010)',
  'Heerka shuruudaha (lambarka 5aad ee KldB 2010)',
  'Gereklilik düzeyi (KldB 2010’un 5. hanesi)',
  'Niveli i kërkesave (shifra e 5-të e KldB 2010)',
  'Niveau d’exigence (5e chiffre de la KldB 2010)',
  'Уровень требований (5-я цифра KldB 2010)',
);

export const requirementLevels: readonly { value: string; label: AllLanguages }[] = [
  { value: '1', label: L('1 – Helfer- und Anlerntätigkeiten', '1 – helper and semi-skilled work', '1 – أعمال مساعدة وشبه ماهرة', '۱ – کارهای کمکی و نیمه‌ماهر', '۱ – کارهای کمکی و نیمه‌ماهر', '۱ – مرستندوی او نیمه‌مسلکي کارونه', '١ – کاری یارمەتیدەر و نیوە شارەزا', '1 – karên alîkarî û nîvpispor', '1 – ሓጋዚ ስራሕ', '1 – shaqo caawiye iyo mid xirfad yar', '1 – yardımcı ve yarı vasıflı işler', '1 – punë ndihmëse dhe gjysmë të kualifikuara', '1 – travail d’aide et peu qualifié', '1 – вспомогательная работа') },
  { value: '2', label: L('2 – fachlich ausgerichtete Tätigkeiten (Fachkraft)', '2 – skilled work (skilled worker)', '2 – أعمال مهنية (عامل ماهر)', '۲ – کار تخصصی (نیروی ماهر)', '۲ – کار مسلکی (کارگر ماهر)', '۲ – مسلکي کار (ماهر کارګر)', '٢ – کاری پیشەیی (کرێکاری شارەزا)', '2 – karê pîşeyî (karkerê pispor)', '2 – ሞያዊ ስራሕ (ክኢላ ሰራሕተኛ)', '2 – shaqo xirfadeed (shaqaale xirfad leh)', '2 – mesleki işler (kalifiye eleman)', '2 – punë profesionale (punëtor i kualifikuar)', '2 – travail qualifié (ouvrier/employé qualifié)', '2 – квалифицированная работа') },
  { value: '3', label: L('3 – komplexe Spezialistentätigkeiten', '3 – complex specialist work', '3 – أعمال تخصصية معقدة', '۳ – کارهای تخصصی پیچیده', '۳ – کارهای تخصصی پیچیده', '۳ – پېچلي تخصصي کارونه', '٣ – کاری پسپۆڕی ئاڵۆز', '3 – karên pisporiyê yên tevlihev', '3 – ዝተሓላለኸ ፍሉይ ስራሕ', '3 – shaqo takhasus oo adag', '3 – karmaşık uzmanlık işleri', '3 – punë komplekse specialisti', '3 – travail de spécialiste complexe', '3 – сложная работа специалиста') },
  { value: '4', label: L('4 – hoch komplexe Tätigkeiten (Experte)', '4 – highly complex work (expert)', '4 – أعمال عالية التعقيد (خبير)', '۴ – کارهای بسیار پیچیده (کارشناس)', '۴ – کارهای بسیار پیچیده (متخصص)', '۴ – ډېر پېچلي کارونه (کارپوه)', '٤ – کاری زۆر ئاڵۆز (شارەزا)', '4 – karên pir tevlihev (pispor)', '4 – ኣዝዩ ዝተሓላለኸ ስራሕ (ክኢላ)', '4 – shaqo aad u adag (khabiir)', '4 – çok karmaşık işler (uzman)', '4 – punë shumë komplekse (ekspert)', '4 – travail hautement complexe (expert)', '4 – очень сложная работа (эксперт)') },
];

export const otherLanguage = L(
  'andere Sprache (bitte nennen)',
  'other language (please name it)',
  'لغة أخرى (يرجى ذكرها)',
  'زبان دیگر (لطفاً نام ببرید)',
  'زبان دیگر (لطفاً نام بگیرید)',
  'بله ژبه (مهرباني وکړئ نوم یې ولیکئ)',
  'زمانێکی تر (تکایە ناوی بنووسە)',
  'zimanekî din (ji kerema xwe navê wî binivîse)',
  'ካልእ ቋንቋ (በጃኹም ስሙ ጥቐሱ)',
  'luqad kale (fadlan magacaw)',
  'başka bir dil (lütfen belirtin)',
  'gjuhë tjetër (ju lutemi emërtojeni)',
  'autre langue (veuillez la nommer)',
  'другой язык (укажите)',
);

export const whichLanguage = L(
  'Welche Sprache?',
  'Which language?',
  'ما هي اللغة؟',
  'کدام زبان؟',
  'کدام زبان؟',
  'کومه ژبه؟',
  'کام زمان؟',
  'Kîjan ziman?',
  'ኣየናይ ቋንቋ?',
  'Luqaddee?',
  'Hangi dil?',
  'Cila gjuhë?',
  'Quelle langue ?',
  'Какой язык?',
);

export const availableFrom = L(
  'Frühestens verfügbar für Arbeit ab',
  'Available for work from',
  'متاح للعمل ابتداءً من',
  'آماده کار از تاریخ',
  'آماده کار از تاریخ',
  'له دې نېټې د کار لپاره چمتو',
  'ئامادە بۆ کار لە',
  'Ji bo kar amade ji',
  'ንስራሕ ድሉው ካብ',
  'Diyaar u ah shaqo laga bilaabo',
  'En erken çalışmaya başlama tarihi',
  'I gatshëm për punë nga',
  'Disponible pour travailler à partir du',
  'Готов(а) к работе с',
);

export const licenceClassL = L('L – Zugmaschinen bis 40 km/h', 'L – tractors up to 40 km/h', 'L – جرارات حتى 40 كم/س', 'L – تراکتور تا ۴۰ کیلومتر در ساعت', 'L – تراکتور تا ۴۰ کیلومتر فی ساعت', 'L – تراکتورونه تر ۴۰ کیلومتره په ساعت کې', 'L – تراکتۆر تا ٤٠ کم/کاتژمێر', 'L – traktor heta 40 km/s', 'L – ትራክተር ክሳብ 40 ኪ.ሜ/ሰ', 'L – cagaf-jiid ilaa 40 km/s', 'L – 40 km/s’e kadar traktörler', 'L – traktorë deri në 40 km/h', 'L – tracteurs jusqu’à 40 km/h', 'L – тракторы до 40 км/ч');
export const licenceClassT = L('T – Zugmaschinen bis 60 km/h (Land- und Forstwirtschaft)', 'T – tractors up to 60 km/h (farming and forestry)', 'T – جرارات حتى 60 كم/س (الزراعة والغابات)', 'T – تراکتور تا ۶۰ کیلومتر در ساعت (کشاورزی و جنگلداری)', 'T – تراکتور تا ۶۰ کیلومتر فی ساعت (زراعت و جنگلداری)', 'T – تراکتورونه تر ۶۰ کیلومتره په ساعت کې (کرنه او ځنګلداري)', 'T – تراکتۆر تا ٦٠ کم/کاتژمێر (کشتوکاڵ و دارستان)', 'T – traktor heta 60 km/s (çandinî û daristan)', 'T – ትራክተር ክሳብ 60 ኪ.ሜ/ሰ (ሕርሻን ጫካን)', 'T – cagaf-jiid ilaa 60 km/s (beeraha iyo kaymaha)', 'T – 60 km/s’e kadar traktörler (tarım ve ormancılık)', 'T – traktorë deri në 60 km/h (bujqësi dhe pylltari)', 'T – tracteurs jusqu’à 60 km/h (agriculture et sylviculture)', 'T – тракторы до 60 км/ч (сельское и лесное хозяйство)');

export const licenceConverted = L(
  'Ausländischer Führerschein in einen deutschen umgeschrieben',
  'Foreign licence converted into a German one',
  'تم تحويل رخصة القيادة الأجنبية إلى رخصة ألمانية',
  'گواهینامه خارجی به گواهینامه آلمانی تبدیل شده',
  'جواز رانندگی خارجی به جواز آلمانی تبدیل شده',
  'بهرنۍ جواز په آلماني جواز بدل شوی',
  'مۆڵەتی شۆفێری بیانی گۆڕدراوە بۆ ئەڵمانی',
  'Ehliyeta biyanî bi ya almanî hatiye guhertin',
  'ወጻኢ መንጃ ፍቓድ ናብ ጀርመናዊ ተቐዪሩ',
  'Liisanka dibadda waxaa loo beddelay mid Jarmal',
  'Yabancı ehliyet Alman ehliyetine çevrildi',
  'Patenta e huaj është kthyer në gjermane',
  'Permis étranger échangé contre un permis allemand',
  'Иностранные права обменяны на немецкие',
);

export const volunteering = L(
  'Ehrenamt oder freiwilliges Engagement',
  'Volunteering',
  'العمل التطوعي',
  'کار داوطلبانه',
  'کار رضاکارانه',
  'رضاکارانه کار',
  'کاری خۆبەخشانە',
  'Xebata dilxwazî',
  'ወለንታዊ ስራሕ',
  'Shaqo tabarruc ah',
  'Gönüllü çalışma',
  'Punë vullnetare',
  'Bénévolat',
  'Волонтёрская деятельность',
);

export const goalSchoolCertificate = L('Schulabschluss nachholen', 'Catch up on a school-leaving certificate', 'الحصول على الشهادة المدرسية لاحقًا', 'گرفتن مدرک مدرسه', 'گرفتن سند فراغت مکتب', 'د ښوونځي سند ترلاسه کول', 'بەدەستهێنانی بڕوانامەی قوتابخانە', 'Bawernameya dibistanê bi dest xistin', 'ምስክር ወረቐት ቤት ትምህርቲ ምርካብ', 'Helitaanka shahaadada dugsiga', 'Okul diploması almak', 'Marrja e diplomës së shkollës', 'Obtenir un diplôme scolaire', 'Получить школьный аттестат');
export const goalSelfEmployment = L('Selbstständigkeit', 'Self-employment', 'العمل الحر', 'خوداشتغالی', 'کار شخصی', 'شخصي کار', 'کاری سەربەخۆ', 'Karê serbixwe', 'ናይ ርእሲ ስራሕ', 'Shaqo madax-bannaan', 'Serbest meslek', 'Vetëpunësim', 'Travail indépendant', 'Самозанятость');

/** The Eritrean languages version 2 adds to the language list (names in other languages from CLDR where it has them). */
export const eritreanLanguages = [
  { code: 'ssy', bcp47: 'ssy', de: 'Saho', en: 'Saho', autonym: 'Saho' },
  { code: 'byn', bcp47: 'byn', de: 'Blin (Bilen)', en: 'Blin (Bilen)', autonym: 'ብሊን', keywordsDe: ['Bilen', 'Bilin'], keywordsEn: ['Bilen', 'Bilin'] },
  { code: 'aar', bcp47: 'aa', de: 'Afar', en: 'Afar', autonym: 'Qafaraf' },
  { code: 'kun', bcp47: 'kun', de: 'Kunama', en: 'Kunama', autonym: 'Kunama' },
] as const;
