//! Word tables: scale words, number words, qualifiers, currencies and the
//! words that make a number a percentage or a multiple, in Arabic, Chinese
//! and English. Arabic and English entries are written folded (see
//! [`super::text::fold`]): alef variants as `ا`, `ى` as `ي`, lower case.

use crate::syntax::ast::Qualifier;

/// Arabic scale words after a number (`14 مليار`, `5.4 مليارات`, `11 مليارًا`).
pub const ARABIC_SCALES: &[(&str, i32)] = &[
    ("الف", 3),
    ("الاف", 3),
    ("الفا", 3),
    ("مليون", 6),
    ("ملايين", 6),
    ("مليونا", 6),
    ("مليار", 9),
    ("مليارات", 9),
    ("مليارا", 9),
    ("بليون", 9),
    ("بلايين", 9),
    ("بليونا", 9),
    ("تريليون", 12),
    ("تريليونات", 12),
    ("تريليونا", 12),
    ("ترليون", 12),
    ("ترليونات", 12),
];

/// Arabic scale words standing alone for one of them (`مليار دولار`).
pub const ARABIC_BARE_SCALES: &[(&str, i32)] = &[
    ("الف", 3),
    ("مليون", 6),
    ("مليار", 9),
    ("بليون", 9),
    ("تريليون", 12),
    ("ترليون", 12),
];

/// Arabic dual scale words: two of them (`مليارين`, `ملياري دولار`).
pub const ARABIC_DUALS: &[(&str, i32)] = &[
    ("الفان", 3),
    ("الفين", 3),
    ("الفي", 3),
    ("مليونان", 6),
    ("مليونين", 6),
    ("مليوني", 6),
    ("ملياران", 9),
    ("مليارين", 9),
    ("ملياري", 9),
    ("بليونان", 9),
    ("بليونين", 9),
    ("بليوني", 9),
    ("تريليونان", 12),
    ("تريليونين", 12),
    ("تريليوني", 12),
];

/// Arabic vague quantities (`مئات الملايين`): the power of ten of the low end.
pub const ARABIC_VAGUE: &[(&str, i32)] = &[("عشرات", 1), ("مئات", 2), ("الاف", 3)];

/// The plural scale that follows an Arabic vague quantity.
pub const ARABIC_VAGUE_SCALES: &[(&str, i32)] = &[
    ("الالاف", 3),
    ("الملايين", 6),
    ("المليارات", 9),
    ("البلايين", 9),
    ("التريليونات", 12),
];

/// Arabic plural scale words standing alone (`مليارات الدولارات`, "billions
/// of dollars"): from one of them to a thousand.
pub const ARABIC_BARE_PLURALS: &[(&str, i32)] = &[
    ("ملايين", 6),
    ("مليارات", 9),
    ("بلايين", 9),
    ("تريليونات", 12),
    ("ترليونات", 12),
];

/// Arabic number words: value and the power of ten of their lowest place.
pub const ARABIC_NUMBERS: &[(&str, u128, i32)] = &[
    ("واحد", 1, 0),
    ("واحدة", 1, 0),
    ("اثنان", 2, 0),
    ("اثنين", 2, 0),
    ("اثنتان", 2, 0),
    ("اثنتين", 2, 0),
    ("ثلاثة", 3, 0),
    ("ثلاث", 3, 0),
    ("اربعة", 4, 0),
    ("اربع", 4, 0),
    ("خمسة", 5, 0),
    ("خمس", 5, 0),
    ("ستة", 6, 0),
    ("ست", 6, 0),
    ("سبعة", 7, 0),
    ("سبع", 7, 0),
    ("ثمانية", 8, 0),
    ("ثماني", 8, 0),
    ("ثمان", 8, 0),
    ("تسعة", 9, 0),
    ("تسع", 9, 0),
    ("عشرة", 10, 1),
    ("عشر", 10, 1),
    ("عشرون", 20, 1),
    ("عشرين", 20, 1),
    ("ثلاثون", 30, 1),
    ("ثلاثين", 30, 1),
    ("اربعون", 40, 1),
    ("اربعين", 40, 1),
    ("خمسون", 50, 1),
    ("خمسين", 50, 1),
    ("ستون", 60, 1),
    ("ستين", 60, 1),
    ("سبعون", 70, 1),
    ("سبعين", 70, 1),
    ("ثمانون", 80, 1),
    ("ثمانين", 80, 1),
    ("تسعون", 90, 1),
    ("تسعين", 90, 1),
    ("مئة", 100, 2),
    ("مائة", 100, 2),
    ("مئتان", 200, 2),
    ("مئتين", 200, 2),
    ("مائتان", 200, 2),
    ("مائتين", 200, 2),
];

/// English number words below a hundred.
pub const ENGLISH_SMALL: &[(&str, u128)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// English scale words.
pub const ENGLISH_SCALES: &[(&str, i32)] = &[
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("trillion", 12),
    // After digits, as French and some translations write them (`15 millions`).
    ("thousands", 3),
    ("millions", 6),
    ("billions", 9),
    ("trillions", 12),
];

/// English vague quantities (`hundreds of millions`).
pub const ENGLISH_VAGUE: &[(&str, i32)] = &[("tens", 1), ("hundreds", 2), ("thousands", 3)];

/// The plural scale after an English vague quantity.
pub const ENGLISH_VAGUE_SCALES: &[(&str, i32)] = &[
    ("thousands", 3),
    ("millions", 6),
    ("billions", 9),
    ("trillions", 12),
];

/// English plural scale words standing alone (`billions of dollars`).
pub const ENGLISH_BARE_PLURALS: &[(&str, i32)] =
    &[("millions", 6), ("billions", 9), ("trillions", 12)];

/// Suffixes written right after digits (`40k`, `$15M`, `2.5bn`). `m` is only
/// taken after a currency symbol (`$15m`), where it cannot be metres.
pub const SUFFIXES: &[(&str, i32)] = &[
    ("trn", 12),
    ("bn", 9),
    ("mn", 6),
    ("tn", 12),
    ("k", 3),
    ("m", 6),
    ("b", 9),
    ("t", 12),
];

/// Qualifiers written before a number, longest first within each language.
pub const QUALIFIERS_BEFORE: &[(&str, Qualifier)] = &[
    // English
    ("in excess of", Qualifier::MoreThan),
    ("more than", Qualifier::MoreThan),
    ("upwards of", Qualifier::MoreThan),
    ("exceeding", Qualifier::MoreThan),
    ("over", Qualifier::MoreThan),
    ("above", Qualifier::MoreThan),
    ("no less than", Qualifier::AtLeast),
    ("not less than", Qualifier::AtLeast),
    ("at least", Qualifier::AtLeast),
    ("approximately", Qualifier::About),
    ("roughly", Qualifier::About),
    ("around", Qualifier::About),
    ("about", Qualifier::About),
    ("circa", Qualifier::About),
    ("some", Qualifier::About),
    ("close to", Qualifier::Nearly),
    ("nearly", Qualifier::Nearly),
    ("almost", Qualifier::Nearly),
    ("fewer than", Qualifier::LessThan),
    ("less than", Qualifier::LessThan),
    ("under", Qualifier::LessThan),
    ("below", Qualifier::LessThan),
    ("no more than", Qualifier::AtMost),
    ("as much as", Qualifier::AtMost),
    ("as many as", Qualifier::AtMost),
    ("at most", Qualifier::AtMost),
    ("up to", Qualifier::AtMost),
    ("exactly", Qualifier::Exactly),
    // Arabic
    ("ما يزيد علي", Qualifier::MoreThan),
    ("ما يزيد عن", Qualifier::MoreThan),
    ("يزيد علي", Qualifier::MoreThan),
    ("يزيد عن", Qualifier::MoreThan),
    ("تزيد علي", Qualifier::MoreThan),
    ("تزيد عن", Qualifier::MoreThan),
    ("اكثر من", Qualifier::MoreThan),
    ("تجاوزت", Qualifier::MoreThan),
    ("تتجاوز", Qualifier::MoreThan),
    ("يتجاوز", Qualifier::MoreThan),
    ("تجاوز", Qualifier::MoreThan),
    ("تتخطي", Qualifier::MoreThan),
    ("يتخطي", Qualifier::MoreThan),
    ("تخطت", Qualifier::MoreThan),
    ("يفوق", Qualifier::MoreThan),
    ("تفوق", Qualifier::MoreThan),
    ("ازيد من", Qualifier::MoreThan),
    ("ما لا يقل عن", Qualifier::AtLeast),
    ("لا يقل عن", Qualifier::AtLeast),
    ("ما يقرب من", Qualifier::About),
    ("يقرب من", Qualifier::About),
    ("ما يقارب", Qualifier::About),
    ("يقارب", Qualifier::About),
    ("تقارب", Qualifier::About),
    ("في حدود", Qualifier::About),
    ("بحدود", Qualifier::About),
    ("حوالي", Qualifier::About),
    ("قرابة", Qualifier::About),
    ("نحو", Qualifier::About),
    ("ما يقل عن", Qualifier::LessThan),
    ("اقل من", Qualifier::LessThan),
    ("ما يصل الي", Qualifier::AtMost),
    ("تصل الي", Qualifier::AtMost),
    ("يصل الي", Qualifier::AtMost),
    // Chinese
    ("不少于", Qualifier::AtLeast),
    ("不少於", Qualifier::AtLeast),
    ("不低于", Qualifier::AtLeast),
    ("不低於", Qualifier::AtLeast),
    ("至少", Qualifier::AtLeast),
    ("超过", Qualifier::MoreThan),
    ("超過", Qualifier::MoreThan),
    ("多于", Qualifier::MoreThan),
    ("多於", Qualifier::MoreThan),
    ("超出", Qualifier::MoreThan),
    ("逾", Qualifier::MoreThan),
    ("超", Qualifier::MoreThan),
    ("大约为", Qualifier::About),
    ("大約為", Qualifier::About),
    ("约为", Qualifier::About),
    ("約為", Qualifier::About),
    ("大约", Qualifier::About),
    ("大約", Qualifier::About),
    ("约", Qualifier::About),
    ("約", Qualifier::About),
    ("将近", Qualifier::Nearly),
    ("將近", Qualifier::Nearly),
    ("接近", Qualifier::Nearly),
    ("近乎", Qualifier::Nearly),
    ("近", Qualifier::Nearly),
    ("不到", Qualifier::LessThan),
    ("少于", Qualifier::LessThan),
    ("少於", Qualifier::LessThan),
    ("低于", Qualifier::LessThan),
    ("低於", Qualifier::LessThan),
    ("不足", Qualifier::LessThan),
    ("最多", Qualifier::AtMost),
    ("多达", Qualifier::AtMost),
    ("多達", Qualifier::AtMost),
    ("高达", Qualifier::AtMost),
    ("高達", Qualifier::AtMost),
    // Symbols
    ("≥", Qualifier::AtLeast),
    (">=", Qualifier::AtLeast),
    ("≤", Qualifier::AtMost),
    ("<=", Qualifier::AtMost),
    (">", Qualifier::MoreThan),
    ("<", Qualifier::LessThan),
    ("~", Qualifier::About),
    ("≈", Qualifier::About),
    ("～", Qualifier::About),
];

/// Qualifiers written after a number (and its unit).
pub const QUALIFIERS_AFTER: &[(&str, Qualifier)] = &[
    ("左右", Qualifier::About),
    ("上下", Qualifier::About),
    ("تقريبا", Qualifier::About),
    ("or so", Qualifier::About),
    ("at least", Qualifier::AtLeast),
    ("علي الاقل", Qualifier::AtLeast),
];

/// Currencies written before a number, longest first.
pub const CURRENCIES_BEFORE: &[(&str, &str)] = &[
    ("us$", "USD"),
    ("hk$", "HKD"),
    ("人民币", "CNY"),
    ("人民幣", "CNY"),
    ("usd", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("cny", "CNY"),
    ("rmb", "CNY"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
];

/// Currencies written after a number, longest first.
pub const CURRENCIES_AFTER: &[(&str, &str)] = &[
    ("美元", "USD"),
    ("美金", "USD"),
    ("港元", "HKD"),
    ("港币", "HKD"),
    ("港幣", "HKD"),
    ("欧元", "EUR"),
    ("歐元", "EUR"),
    ("日元", "JPY"),
    ("英镑", "GBP"),
    ("英鎊", "GBP"),
    ("人民币", "CNY"),
    ("人民幣", "CNY"),
    ("元", "CNY"),
    ("us dollars", "USD"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("yuan", "CNY"),
    ("renminbi", "CNY"),
    ("usd", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("cny", "CNY"),
    ("rmb", "CNY"),
    ("hkd", "HKD"),
    ("jpy", "JPY"),
];

/// Arabic currency words (folded, after any `ال` or proclitic): their stems.
pub const ARABIC_CURRENCIES: &[(&str, &str)] = &[("دولار", "USD"), ("يوان", "CNY"), ("يورو", "EUR")];

/// Words after a number that make it a multiple.
pub const TIMES_AFTER: &[(&str, ())] = &[("times", ()), ("fold", ()), ("-fold", ()), ("倍", ())];

/// Arabic words after a number that make it a multiple (folded).
pub const ARABIC_TIMES: &[&str] = &["اضعاف", "ضعف", "ضعفا", "مرات", "مرة"];

/// Words after a number that make it a percentage.
pub const PERCENT_AFTER: &[(&str, ())] = &[
    ("per cent", ()),
    ("percent", ()),
    ("في المئة", ()),
    ("في المائة", ()),
    ("بالمئة", ()),
    ("بالمائة", ()),
];

/// Separators between the ends of a range.
pub const RANGE_SEPARATORS: &[(&str, ())] = &[
    ("-", ()),
    ("–", ()),
    ("—", ()),
    ("~", ()),
    ("～", ()),
    ("〜", ()),
    ("至", ()),
    ("到", ()),
    ("to", ()),
    ("الي", ()),
];

/// Words after a figure, in its clause, that state its period
/// (`15 مليون دولار يوميًا`, `$15M a day`, `每年`). Matched folded, so the
/// tanwin and alef variants need no entries of their own.
pub const PERIODS_AFTER: &[(&str, super::Period)] = &[
    ("يوميا", super::Period::Day),
    ("في اليوم", super::Period::Day),
    ("كل يوم", super::Period::Day),
    ("每天", super::Period::Day),
    ("每日", super::Period::Day),
    ("a day", super::Period::Day),
    ("per day", super::Period::Day),
    ("/day", super::Period::Day),
    ("daily", super::Period::Day),
    ("each day", super::Period::Day),
    ("every day", super::Period::Day),
    ("اسبوعيا", super::Period::Week),
    ("每周", super::Period::Week),
    ("a week", super::Period::Week),
    ("per week", super::Period::Week),
    ("weekly", super::Period::Week),
    ("شهريا", super::Period::Month),
    ("في الشهر", super::Period::Month),
    ("每月", super::Period::Month),
    ("a month", super::Period::Month),
    ("per month", super::Period::Month),
    ("/month", super::Period::Month),
    ("monthly", super::Period::Month),
    ("سنويا", super::Period::Year),
    ("في السنة", super::Period::Year),
    ("في العام", super::Period::Year),
    ("每年", super::Period::Year),
    ("a year", super::Period::Year),
    ("per year", super::Period::Year),
    ("/year", super::Period::Year),
    ("annually", super::Period::Year),
    ("per annum", super::Period::Year),
    ("a hour", super::Period::Hour),
    ("an hour", super::Period::Hour),
    ("per hour", super::Period::Hour),
    ("每小时", super::Period::Hour),
    ("في الساعة", super::Period::Hour),
];

/// Words before a figure, in its clause, that state its period in Chinese
/// (`每天…1500万美元`, `日均`).
pub const PERIODS_BEFORE: &[(&str, super::Period)] = &[
    ("每天", super::Period::Day),
    ("每日", super::Period::Day),
    ("一天", super::Period::Day),
    ("日均", super::Period::Day),
    ("每周", super::Period::Week),
    ("每月", super::Period::Month),
    ("月均", super::Period::Month),
    ("每年", super::Period::Year),
    ("一年", super::Period::Year),
    ("年均", super::Period::Year),
    ("每小时", super::Period::Hour),
];

/// Arabic hundreds written as one word (`ثلاثمائة`, `خمسمئة`), and the dual
/// of a hundred in construct (`مئتا مليون`, `مئتي ألف`).
pub const ARABIC_HUNDREDS: &[(&str, u128)] = &[
    ("ثلاثمائة", 300),
    ("ثلاثمئة", 300),
    ("اربعمائة", 400),
    ("اربعمئة", 400),
    ("خمسمائة", 500),
    ("خمسمئة", 500),
    ("ستمائة", 600),
    ("ستمئة", 600),
    ("سبعمائة", 700),
    ("سبعمئة", 700),
    ("ثمانمائة", 800),
    ("ثمانمئة", 800),
    ("ثمانيمائة", 800),
    ("ثمانيمئة", 800),
    ("تسعمائة", 900),
    ("تسعمئة", 900),
    ("مئتا", 200),
    ("مائتا", 200),
    ("مئتي", 200),
    ("مائتي", 200),
];

/// The forms of one and two that only stand before `عشر`/`عشرة` (`أحد عشر`,
/// `إحدى عشرة`, `اثنا عشر`, `اثنتي عشرة`).
pub const ARABIC_TEEN_UNITS: &[(&str, u128)] = &[
    ("احد", 1),
    ("احدي", 1),
    ("اثنا", 2),
    ("اثني", 2),
    ("اثنتا", 2),
    ("اثنتي", 2),
];
