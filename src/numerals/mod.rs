//! Numeral reading: every number mention in free text, with its byte span,
//! value as written and precision, in Arabic, Chinese and English.
//!
//! The reader walks the text once. At each position it tries, in order: a
//! vague quantity (`مئات الملايين`, `数百亿`, `hundreds of millions`), digits
//! in any script with their scale (`5.4 مليارات`, `130 億`, `$15M`), a
//! Chinese numeral (`一百二十亿`, `百分之五`), an Arabic word (`مليار`,
//! `ملياري`, `ثلاثة`) and English words (`three billion`). A number found is
//! then extended into a range (`3-5`, `三到五倍`, `بين 3 و5 مليارات`), and
//! the words around it are read: percent, times, currency, and qualifiers
//! before (`تتجاوز`, `超過`, `more than`) or after (`左右`, `تقريبًا`).
//!
//! Values keep their written precision: the exponent of the last digit
//! written, after the scale (`130 億` is 130e8, `5.4 مليارات` is 54e8). No
//! float is involved; digits that overflow 38 places are not read.
//!
//! The text is never normalised as a whole: width forms, Arabic letter
//! variants and marks are folded character by character while matching (see
//! `text.rs`), so spans are byte ranges of the text as given.

mod chinese;
pub mod reading;
mod text;
mod words;

use crate::base::exact::{Decimal, MAX_DIGITS};
use crate::syntax::ast::Qualifier;
use std::ops::Range;
use text::{
    any_backward, any_forward, arabic_word, char_at, char_before, digit_value, is_arabic_letter,
    is_cjk, is_decimal_point, is_grouping, is_latin_letter, is_percent_sign, latin_word,
    match_backward, skip_spaces, skip_spaces_back,
};
use words::*;

/// The value of a mention, keeping the written precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionValue {
    /// One number: `13 مليار` is mantissa 13, exponent 9; `130 億` is 130, 8.
    Single(Decimal),
    /// A range: `3-5`, `three to five times`, `مئات الملايين` (100M..1000M).
    Range(Decimal, Decimal),
}

/// One number found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte range in the text as given (not normalised), covering the number,
    /// its scale words and its percent sign, but not a qualifier or currency.
    pub span: Range<usize>,
    /// The value with scale applied, digits as written.
    pub value: MentionValue,
    /// A qualifier written just before the number ("more than", "تتجاوز", "超過"...).
    pub qualifier: Option<Qualifier>,
    /// Byte range of the qualifier, when there is one.
    pub qualifier_span: Option<Range<usize>>,
    /// Whether the number is a percentage (`%`, `٪`, `百分之`, `percent`, `في المئة`).
    pub percent: bool,
    /// Whether the number counts times ("three times", "3倍", "أضعاف").
    pub times: bool,
    /// A currency named next to the number, as an ISO code (`USD` for `$`,
    /// `دولار`, `美元`; `CNY` for `元`, `人民币`, `يوان`).
    pub currency: Option<&'static str>,
    /// Whether a minus is written before it (`-4`, `−3.5%`, `负3%`,
    /// `سالب 4`): the value is the negative of [`Mention::value`].
    pub negative: bool,
    /// The period its clause states (`يوميًا`, `a year`, `每天…`), if any.
    pub period: Option<Period>,
    /// An invisible character inside the number that can change the order
    /// it is shown in (see [`reading`]): such a number is not read as any value.
    pub hidden: Option<reading::Hidden>,
}

/// A period a text states for a figure: per day, per year...
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    /// Per hour.
    Hour,
    /// Per day.
    Day,
    /// Per week.
    Week,
    /// Per month.
    Month,
    /// Per quarter.
    Quarter,
    /// Per year.
    Year,
}

impl Period {
    /// The time unit's name as units write it (`day`, `year`).
    pub fn unit(self) -> &'static str {
        match self {
            Period::Hour => "hour",
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

/// Finds every number mention in `text`, in order of position, reading it
/// as every check does (see [`reading`]): spans are byte ranges of `text`.
pub fn find_numbers(text: &str) -> Vec<Mention> {
    let read = reading::Reading::of(text);
    let mut mentions = find_in_reading(&read.text);
    let mut kept = Vec::with_capacity(mentions.len());
    let ends: Vec<(usize, usize)> = mentions
        .iter()
        .map(|m| (m.span.start, m.span.end))
        .collect();
    for (i, mut mention) in mentions.drain(..).enumerate() {
        if touches_mark(&read.text, &mention.span) {
            continue;
        }
        if let Some(start) = sign_before(&read.text, mention.span.start) {
            if matches!(mention.value, MentionValue::Range(..)) {
                // `-3-5`: which end the minus belongs to is not written.
                continue;
            }
            mention.negative = true;
            mention.span.start = start;
        }
        let previous_end = i.checked_sub(1).map_or(0, |p| ends[p].1);
        let next_start = ends.get(i + 1).map_or(read.text.len(), |n| n.0);
        mention.period = period_around(&read.text, previous_end, &mention.span, next_start);
        mention.span = read.original(mention.span);
        mention.qualifier_span = mention.qualifier_span.map(|s| read.original(s));
        mention.hidden = read.hidden_inside(text, mention.span.clone());
        kept.push(mention);
    }
    kept
}

/// Whether a number at `span` of a reading touches a [`reading::MARK`] that
/// stands for a superscript or a fraction written against its digits.
fn touches_mark(text: &str, span: &Range<usize>) -> bool {
    let mark_after = char_at(text, span.end) == Some(reading::MARK)
        && char_before(text, span.end).is_some_and(|c| digit_value(c).is_some());
    let mark_before = char_before(text, span.start) == Some(reading::MARK);
    mark_after || mark_before
}

/// Where a minus written before the number at `start` begins: `-4`, `−4`
/// (read as `-`), `负4`/`負4`, `سالب 4`. A `-` after a digit or a letter
/// (`3-5`, `COVID-19`) is a dash, not a sign; so is one after a number and
/// spaces (`3 -5`).
fn sign_before(text: &str, start: usize) -> Option<usize> {
    // A currency symbol may stand between the sign and the digits (`-$4`).
    let mut at = start;
    if let Some(c) = char_before(text, at)
        && matches!(c, '$' | '€' | '£' | '¥' | '￥')
    {
        at -= c.len_utf8();
    }
    match char_before(text, at) {
        Some('-') => {
            let sign = at - 1;
            let before = char_before(text, sign);
            if before.is_some_and(|b| b.is_alphanumeric() || matches!(b, '-' | '.' | ',')) {
                return None;
            }
            let back = skip_spaces_back(text, sign);
            if char_before(text, back).is_some_and(|b| digit_value(b).is_some()) {
                return None;
            }
            Some(sign)
        }
        Some(c @ ('负' | '負')) => Some(at - c.len_utf8()),
        _ => {
            let back = skip_spaces_back(text, at);
            let found = match_backward(text, back, "سالب")?;
            char_before(text, found)
                .is_none_or(|b| !is_arabic_letter(b))
                .then_some(found)
        }
    }
}

/// The period the clause of the number at `span` states: after it, up to
/// the next number (`15 مليون دولار يوميًا`, `$15M a day`), or, in
/// Chinese, before it, from the previous one (`每天…1500万美元`).
fn period_around(
    text: &str,
    previous_end: usize,
    span: &Range<usize>,
    next_start: usize,
) -> Option<Period> {
    let after = clause(&text[span.end..next_start.max(span.end)], false);
    let before = clause(&text[previous_end.min(span.start)..span.start], true);
    // The table is written folded; the clause is folded only when folding
    // changes it (a mark, an alef variant, a capital), which most do not.
    let after: std::borrow::Cow<'_, str> = if after.chars().any(|c| text::fold(c) != Some(c)) {
        after
            .chars()
            .filter_map(text::fold)
            .collect::<String>()
            .into()
    } else {
        after.into()
    };
    let mut found = None;
    for &(word, period) in PERIODS_AFTER {
        if after.contains(word) {
            if found.is_some_and(|f| f != period) {
                return None;
            }
            found = Some(period);
        }
    }
    if found.is_none() {
        for &(word, period) in PERIODS_BEFORE {
            if before.contains(word) {
                if found.is_some_and(|f| f != period) {
                    return None;
                }
                found = Some(period);
            }
        }
    }
    found
}

/// The part of `text` in the clause of a number that `text` follows
/// (`backward`: precedes), cut at the first clause end and at 400 characters.
fn clause(text: &str, backward: bool) -> &str {
    const MAX: usize = 400;
    let ends = |c: char| {
        matches!(
            c,
            ',' | '،'
                | '.'
                | '。'
                | '，'
                | '、'
                | '\n'
                | '\r'
                | '؛'
                | ';'
                | '!'
                | '?'
                | '؟'
                | '！'
                | '？'
        )
    };
    if backward {
        let mut start = text.len();
        for (n, (i, c)) in text.char_indices().rev().enumerate() {
            if n >= MAX || ends(c) {
                break;
            }
            start = i;
        }
        &text[start..]
    } else {
        let mut end = 0;
        for (n, (i, c)) in text.char_indices().enumerate() {
            if n >= MAX || ends(c) {
                break;
            }
            end = i + c.len_utf8();
        }
        &text[..end]
    }
}

/// Every mention in a text already read (see [`reading`]).
fn find_in_reading(text: &str) -> Vec<Mention> {
    let mut mentions = Vec::new();
    let mut pos = 0;
    while let Some(c) = char_at(text, pos) {
        if let Some((mention, end)) = mention_at(text, pos) {
            mentions.push(mention);
            pos = end.max(pos + c.len_utf8());
            continue;
        }
        pos += c.len_utf8();
    }
    mentions
}

/// How a number was written, for the rules that join ranges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Digits,
    Chinese,
    Words,
}

/// A number read at a position, before the words around it.
#[derive(Clone, Copy, Debug)]
struct Number {
    start: usize,
    end: usize,
    /// Where reading may go on (past a `多` before the scale, a percent sign...).
    value: MentionValue,
    /// The power of ten a scale word added, if one was written.
    scale: Option<i32>,
    percent: bool,
    /// `100多亿`: a `多`/`余` that makes the number a lower bound.
    more: Option<(usize, usize)>,
    kind: Kind,
}

/// A mention starting at `pos`, and where scanning goes on.
fn mention_at(text: &str, pos: usize) -> Option<(Mention, usize)> {
    // The number first: most positions start none, and a look back for a
    // currency from each of them would read a run of spaces or marks once
    // per character of it. A currency before changes only how digits read
    // `m` (`$15m`), never whether there is a number.
    let mut first = number_at(text, pos, false)?;
    let currency_before = currency_before(text, pos);
    if currency_before.is_some() && first.kind == Kind::Digits {
        first = number_at(text, pos, true)?;
    }
    let mut number = first;
    if let Some(range) = range_after(text, &first) {
        number = range;
    }
    let mut end = number.end;
    let mut percent = number.percent;
    if !percent && let Some((e, ())) = any_forward(text, skip_spaces(text, end), PERCENT_AFTER) {
        // `في المئة` after the number (and its span).
        percent = true;
        end = e;
    }
    let span = number.start..end;
    let mut after = end;
    let mut times = false;
    let word_start = skip_spaces(text, after);
    if let Some((e, ())) = any_forward(text, word_start, TIMES_AFTER) {
        times = true;
        after = e;
    } else if let Some((e, word)) = arabic_word(text, word_start)
        && strip_proclitics(&word).any(|w| ARABIC_TIMES.contains(&w))
    {
        times = true;
        after = e;
    }
    let mut currency = currency_before.map(|(_, code)| code);
    if currency.is_none()
        && let Some((e, code)) = currency_after(text, after)
    {
        currency = Some(code);
        after = e;
    }
    // Qualifiers: `多`/`余` inside the number, then before it, then after it.
    let mut qualifier = number.more.map(|(s, e)| (Qualifier::MoreThan, s..e));
    if qualifier.is_none() {
        let before = currency_before.map_or(number.start, |(start, _)| start);
        let before = skip_pinyin_back(text, skip_spaces_back(text, before));
        qualifier =
            any_backward(text, before, QUALIFIERS_BEFORE).map(|(start, q)| (q, start..before));
    }
    if qualifier.is_none()
        && let Some((e, q)) = any_forward(text, skip_spaces(text, after), QUALIFIERS_AFTER)
    {
        let s = skip_spaces(text, after);
        qualifier = Some((q, s..e));
    }
    let (qualifier, qualifier_span) = match qualifier {
        Some((q, s)) => (Some(q), Some(s)),
        None => (None, None),
    };
    let mention = Mention {
        span,
        value: number.value,
        qualifier,
        qualifier_span,
        percent,
        times,
        currency,
        negative: false,
        period: None,
        hidden: None,
    };
    Some((mention, end))
}

/// `pos` moved back over a parenthesised pinyin annotation such as the
/// `(dá)` in `高達(dá) 40%`, which some Chinese pages carry after characters.
fn skip_pinyin_back(text: &str, pos: usize) -> usize {
    if char_before(text, pos) != Some(')') {
        return pos;
    }
    let inner_end = pos - 1;
    let mut at = inner_end;
    while let Some(c) = char_before(text, at) {
        if c == '(' {
            let letters = &text[at..inner_end];
            if !letters.is_empty() && letters.chars().count() <= 8 {
                return at - 1;
            }
            return pos;
        }
        if !c.is_alphabetic() || is_cjk(c) || inner_end - at > 24 {
            return pos;
        }
        at -= c.len_utf8();
    }
    pos
}

/// A currency symbol or code just before `pos` (spaces allowed between):
/// its start and ISO code.
fn currency_before(text: &str, pos: usize) -> Option<(usize, &'static str)> {
    let end = skip_spaces_back(text, pos);
    any_backward(text, end, CURRENCIES_BEFORE)
}

/// A currency named just after `pos`: the end of its word and its ISO code.
fn currency_after(text: &str, pos: usize) -> Option<(usize, &'static str)> {
    let mut start = skip_spaces(text, pos);
    // `مئات الملايين من الدولارات`, `millions of dollars`.
    if let Some((e, ())) = any_forward(text, start, &[("من", ()), ("of", ()), ("de", ())]) {
        start = skip_spaces(text, e);
    }
    // Chinese names stand right after the scale (`億美元`); `元` alone is yuan.
    if let Some(found) = any_forward(text, start, CURRENCIES_AFTER) {
        return Some(found);
    }
    let (end, word) = arabic_word(text, start)?;
    strip_proclitics(&word).find_map(|w| {
        ARABIC_CURRENCIES
            .iter()
            .find(|(stem, _)| w.starts_with(stem))
            .map(|&(_, code)| (end, code))
    })
}

/// A folded Arabic word and the forms left after taking off one or two
/// proclitics and the article: `وبالمليارات` gives itself, `بالمليارات`,
/// `المليارات`, `مليارات`...
fn strip_proclitics(word: &str) -> impl Iterator<Item = &str> {
    let mut forms = vec![word];
    let mut i = 0;
    while i < forms.len() && forms.len() < 8 {
        let w = forms[i];
        if let Some(c) = w.chars().next()
            && "وفبلك".contains(c)
            && w.chars().count() > 3
        {
            forms.push(&w[c.len_utf8()..]);
        }
        if let Some(rest) = w.strip_prefix("ال")
            && rest.chars().count() >= 2
        {
            forms.push(rest);
        }
        i += 1;
    }
    forms.into_iter()
}

/// The number starting at `pos`, in whichever way it is written, with a
/// fraction of its scale joined to it (`3 مليارات ونصف`, `مليون وربع`).
fn number_at(text: &str, pos: usize, after_currency: bool) -> Option<Number> {
    let mut number = number_at_written(text, pos, after_currency)?;
    if let (MentionValue::Single(d), Some(exp)) = (number.value, number.scale)
        && let Some((end, fraction)) = fraction_after(text, number.end, exp)
        && let Some(sum) = add_decimals(d, fraction)
    {
        number.value = MentionValue::Single(sum);
        number.end = end;
    }
    Some(number)
}

/// `a + b`, written to the finer of their precisions; `None` on overflow.
fn add_decimals(a: Decimal, b: Decimal) -> Option<Decimal> {
    let exponent = a.exponent.min(b.exponent);
    let widen = |d: Decimal| {
        10u128
            .checked_pow(u32::try_from(d.exponent - exponent).ok()?)
            .and_then(|k| d.mantissa.checked_mul(k))
    };
    let mantissa = widen(a)?.checked_add(widen(b)?)?;
    (mantissa.checked_ilog10().unwrap_or(0) < MAX_DIGITS as u32)
        .then_some(Decimal { mantissa, exponent })
}

/// `ونصف` or `وربع` after a number with scale `exp` (and the scale again,
/// with the article: `مليون ونصف المليون`): the fraction of the scale, and
/// where it ends.
fn fraction_after(text: &str, end: usize, exp: i32) -> Option<(usize, Decimal)> {
    let (e, word) = arabic_word(text, skip_spaces(text, end))?;
    let fraction = match word.as_str() {
        "ونصف" => Decimal {
            mantissa: 5,
            exponent: exp - 1,
        },
        "وربع" => Decimal {
            mantissa: 25,
            exponent: exp - 2,
        },
        _ => return None,
    };
    let mut end = e;
    if let Some((e2, again)) = arabic_word(text, skip_spaces(text, end))
        && let Some(scale) = again.strip_prefix("ال")
        && ARABIC_SCALES.iter().any(|&(w, x)| w == scale && x == exp)
    {
        end = e2;
    }
    Some((end, fraction))
}

/// One piece of an Arabic number written in words, and its order: hundreds,
/// a teen (or ten), a unit, or tens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    Hundreds,
    Teen,
    Unit,
    Tens,
}

/// The piece of an Arabic number starting with the word `forms` (its folded
/// forms, proclitics off) that ends at `end`: `ثلاثمائة`, `ثلاث مئة`,
/// `خمسة عشر`, `خمسة`, `عشرون`. Its value, lowest place, order and end.
fn arabic_piece(text: &str, forms: &[&str], end: usize) -> Option<(u128, i32, Order, usize)> {
    let next = arabic_word(text, skip_spaces(text, end));
    if let Some(&(_, value)) = forms
        .iter()
        .find_map(|f| ARABIC_HUNDREDS.iter().find(|(w, _)| w == f))
    {
        return Some((value, 2, Order::Hundreds, end));
    }
    let unit = forms.iter().find_map(|f| {
        ARABIC_NUMBERS
            .iter()
            .find(|(w, v, _)| w == f && *v < 10)
            .map(|&(_, v, _)| v)
            .or_else(|| {
                ARABIC_TEEN_UNITS
                    .iter()
                    .find(|(w, _)| w == f)
                    .map(|&(_, v)| v)
            })
    });
    if let Some(unit) = unit
        && let Some((e, word)) = &next
    {
        if matches!(word.as_str(), "عشر" | "عشرة") {
            return Some((10 + unit, 0, Order::Teen, *e));
        }
        if unit >= 3 && matches!(word.as_str(), "مئة" | "مائة") {
            return Some((unit * 100, 2, Order::Hundreds, *e));
        }
    }
    let &(_, value, lowest) = forms
        .iter()
        .find_map(|f| ARABIC_NUMBERS.iter().find(|(w, _, _)| w == f))?;
    let order = match value {
        0..10 => Order::Unit,
        10 => Order::Teen,
        11..100 => Order::Tens,
        _ => Order::Hundreds,
    };
    Some((value, lowest, order, end))
}

/// An Arabic number in words from `pos`: pieces joined with `و` (hundreds,
/// then units before tens: `ثلاثمائة وخمسة وعشرون` is 325), an optional
/// scale, and further groups of lower scales joined with `و`
/// (`ثلاثة مليارات وخمسمائة مليون`). Or a fraction of a scale: `نصف مليار`,
/// `ربع مليون`, `ثلاثة أرباع المليار`. The precision is the lowest place
/// written.
fn arabic_words_at(text: &str, pos: usize, forms: &[&str], end: usize) -> Option<Number> {
    let next = |from: usize| arabic_word(text, skip_spaces(text, from));
    let scale_of = |word: &str| {
        ARABIC_SCALES
            .iter()
            .find(|(w, _)| *w == word)
            .map(|&(_, e)| e)
    };
    let number = |end, decimal: Decimal, scale| Number {
        start: pos,
        end,
        value: MentionValue::Single(decimal),
        scale,
        percent: false,
        more: None,
        kind: Kind::Words,
    };
    // A fraction of a scale.
    let fraction = |f: &str| match f {
        "نصف" => Some((5u128, 1)),
        "ربع" => Some((25, 2)),
        _ => None,
    };
    if let Some((mantissa, places)) = forms.iter().find_map(|f| fraction(f))
        && let Some((e, word)) = next(end)
        && let Some(exp) = scale_of(word.strip_prefix("ال").unwrap_or(&word))
    {
        return Some(number(
            e,
            Decimal {
                mantissa,
                exponent: exp - places,
            },
            Some(exp),
        ));
    }
    let mut total: Option<Decimal> = None;
    let mut last_scale: Option<i32> = None;
    let mut group_forms: Vec<String> = forms.iter().map(|f| (*f).to_owned()).collect();
    let mut word_end = end;
    let mut number_end = end;
    loop {
        // One group: pieces joined with و, then its scale.
        let refs: Vec<&str> = group_forms.iter().map(String::as_str).collect();
        let Some((mut value, mut lowest, mut order, mut group_end)) =
            arabic_piece(text, &refs, word_end)
        else {
            break;
        };
        // `ثلاثة أرباع المليار`: three quarters of a scale.
        if total.is_none()
            && order == Order::Unit
            && (3..10).contains(&value)
            && let Some((e, word)) = next(group_end)
            && word == "ارباع"
            && let Some((e2, scale_word)) = next(e)
            && let Some(exp) = scale_of(scale_word.strip_prefix("ال").unwrap_or(&scale_word))
        {
            let quarters = Decimal {
                mantissa: value * 25,
                exponent: exp - 2,
            };
            return Some(number(e2, quarters, Some(exp)));
        }
        while let Some((e, word)) = next(group_end)
            && let Some(rest) = word.strip_prefix('و')
            && let Some((v, l, o, e2)) = arabic_piece(text, &[rest], e)
            && matches!(
                (order, o),
                (Order::Hundreds, Order::Unit | Order::Teen | Order::Tens)
                    | (Order::Unit, Order::Tens)
            )
        {
            value += v;
            lowest = lowest.min(l);
            order = o;
            group_end = e2;
        }
        let mut group = Decimal {
            mantissa: value / 10u128.pow(lowest as u32),
            exponent: lowest,
        };
        let scale = next(group_end)
            .and_then(|(e, word)| scale_of(&word).map(|exp| (e, exp)))
            .filter(|&(_, exp)| last_scale.is_none_or(|last| exp < last));
        match scale {
            Some((e, exp)) => {
                group = group.scaled(exp);
                group_end = e;
            }
            // A group after a scale has a lower scale of its own.
            None if last_scale.is_some() => break,
            None => {}
        }
        total = Some(match total {
            Some(t) => add_decimals(t, group)?,
            None => group,
        });
        number_end = group_end;
        let Some((_, exp)) = scale else { break };
        last_scale = Some(exp);
        // `وخمسمائة مليون` after `ثلاثة مليارات`.
        match next(number_end) {
            Some((e, word)) if word.chars().count() > 2 && word.starts_with('و') => {
                group_forms = vec![word['و'.len_utf8()..].to_owned()];
                word_end = e;
            }
            _ => break,
        }
    }
    Some(number(number_end, total?, last_scale))
}

/// The number starting at `pos` as its first words or digits give it.
fn number_at_written(text: &str, pos: usize, after_currency: bool) -> Option<Number> {
    let c = char_at(text, pos)?;
    // An ordinal (`第3`, `第三`) is not an amount.
    if char_before(text, pos) == Some('第') {
        return None;
    }
    if digit_value(c).is_some() {
        return digits_at(text, pos, after_currency);
    }
    if text[pos..].starts_with("百分之") {
        let inner = pos + "百分之".len();
        let mut number = match char_at(text, inner) {
            Some(d) if digit_value(d).is_some() => digits_at(text, inner, false)?,
            _ => chinese_at(text, inner, true)?,
        };
        number.start = pos;
        number.percent = true;
        return Some(number);
    }
    if matches!(c, '数' | '數') {
        return chinese_vague_at(text, pos);
    }
    if chinese::digit(c).is_some() || chinese::place(c) == Some(1) {
        return chinese_at(text, pos, false);
    }
    if chinese::place(c).is_some() || chinese::large(c).is_some() {
        return bare_chinese_scale_at(text, pos);
    }
    if is_arabic_letter(c) {
        return arabic_at(text, pos);
    }
    if is_latin_letter(c) {
        return english_at(text, pos);
    }
    None
}

/// Digits in any script, with grouping and a decimal point, then `多`/`余`,
/// then a scale (suffix, word or Chinese unit), then a percent sign.
fn digits_at(text: &str, pos: usize, after_currency: bool) -> Option<Number> {
    // Digits glued to Latin letters before them are a name (`A19`, `Q4`).
    if let Some(b) = char_before(text, pos)
        && (is_latin_letter(b) || digit_value(b).is_some())
    {
        return None;
    }
    let mut mantissa: u128 = 0;
    let mut digits = 0usize;
    let mut fraction = 0i32;
    let mut end = pos;
    let mut in_fraction = false;
    while let Some(c) = char_at(text, end) {
        if let Some(d) = digit_value(c) {
            digits += 1;
            match mantissa
                .checked_mul(10)
                .and_then(|m| m.checked_add(u128::from(d)))
            {
                Some(m) if digits <= MAX_DIGITS => mantissa = m,
                // Too many digits: not a number the reader reads, whatever
                // follows. Stopping here also keeps the cost of each start
                // inside a long run of digit groups (`1,000,000,…`) bounded.
                _ => return None,
            }
            if in_fraction {
                fraction += 1;
            }
            end += c.len_utf8();
            continue;
        }
        let next = end + c.len_utf8();
        if !in_fraction
            && is_decimal_point(c)
            && char_at(text, next).and_then(digit_value).is_some()
        {
            in_fraction = true;
            end = next;
            continue;
        }
        if !in_fraction && is_grouping(c) && group_of_three(text, next) {
            end = next;
            continue;
        }
        break;
    }
    let mut value = Decimal {
        mantissa,
        exponent: -fraction,
    };
    // `100多亿`, `300余`.
    let mut more = None;
    if let Some(c) = char_at(text, end)
        && matches!(c, '多' | '余' | '餘')
        && char_at(text, end + c.len_utf8()).is_some_and(is_cjk)
    {
        let after = end + c.len_utf8();
        more = Some((end, after));
        if chinese::scale_after_digits(&text[after..]).is_some() {
            end = after;
        }
    }
    let mut scale = None;
    if let Some((exp, e)) = scale_after(text, end, after_currency) {
        value = value.scaled(exp);
        scale = Some(exp);
        end = e;
    }
    if more.is_some() {
        value = lowest_nonzero_place(value);
    }
    let mut number = Number {
        start: pos,
        end,
        value: MentionValue::Single(value),
        scale,
        percent: false,
        more,
        kind: Kind::Digits,
    };
    percent_sign(text, &mut number);
    Some(number)
}

/// Whether exactly three digits follow `pos` (a thousands group).
fn group_of_three(text: &str, pos: usize) -> bool {
    let mut chars = text[pos..].chars();
    (0..3).all(|_| chars.next().and_then(digit_value).is_some())
        && chars.next().is_none_or(|c| digit_value(c).is_none())
}

/// A percent sign right after the number (one space allowed): extends it.
fn percent_sign(text: &str, number: &mut Number) {
    let at = skip_spaces(text, number.end);
    if at - number.end <= 1
        && let Some(c) = char_at(text, at)
        && is_percent_sign(c)
    {
        number.percent = true;
        number.end = at + c.len_utf8();
    }
}

/// The scale written after digits ending at `end`: its power of ten and the
/// end of the scale.
fn scale_after(text: &str, end: usize, after_currency: bool) -> Option<(i32, usize)> {
    let rest = &text[end..];
    // Chinese units, right after the digits or after a space: `130 億`.
    let at = skip_spaces(text, end);
    if let Some((exp, len)) = chinese::scale_after_digits(&text[at..]) {
        return Some((exp, at + len));
    }
    // Suffixes glued to the digits: `40k`, `$15M`, `2.5bn`; `bn` may follow a space.
    if let Some((e, word)) = latin_word(text, end) {
        let raw = &rest[..e - end];
        let taken = SUFFIXES
            .iter()
            .find(|(s, _)| *s == word)
            .and_then(|&(s, exp)| {
                let ok = match s {
                    "m" => raw == "M" || after_currency,
                    "b" => raw == "B",
                    "t" => raw == "T",
                    "k" => true,
                    _ => true,
                };
                ok.then_some(exp)
            });
        if let Some(exp) = taken {
            return Some((exp, e));
        }
    }
    if let Some((e, word)) = latin_word(text, at) {
        if let Some(&(_, exp)) = ENGLISH_SCALES.iter().find(|(w, _)| *w == word) {
            return Some((exp, e));
        }
        if at > end
            && let Some(&(_, exp)) = SUFFIXES.iter().find(|(w, _)| w.len() > 1 && *w == word)
        {
            return Some((exp, e));
        }
    }
    if let Some((e, word)) = arabic_word(text, at)
        && let Some(&(_, exp)) = ARABIC_SCALES.iter().find(|(w, _)| *w == word)
    {
        return Some((exp, e));
    }
    None
}

/// A Chinese numeral at `pos` (`三`, `一百二十亿`, `三点五`), its scale and
/// percent sign. `percent_prefix` when it follows `百分之`, where a lone `一`
/// is a number.
fn chinese_at(text: &str, pos: usize, percent_prefix: bool) -> Option<Number> {
    if let Some(b) = char_before(text, pos)
        && chinese::is_numeral_char(b)
    {
        return None;
    }
    let mut end = pos;
    let mut seen_point = false;
    while let Some(c) = char_at(text, end) {
        let next = end + c.len_utf8();
        if chinese::is_numeral_char(c) {
            end = next;
        } else if chinese::is_point(c)
            && !seen_point
            && char_at(text, next).and_then(chinese::digit).is_some()
        {
            seen_point = true;
            end = next;
        } else {
            break;
        }
    }
    let run = &text[pos..end];
    let after = char_at(text, end);
    // `两三个月`, `三四十`, `一两千万`: two neighbouring digits are a range.
    if let Some(range) = approximate_pair(run) {
        let mut number = Number {
            start: pos,
            end,
            value: range.0,
            scale: range.1,
            percent: false,
            more: None,
            kind: Kind::Chinese,
        };
        percent_sign(text, &mut number);
        return Some(number);
    }
    let parsed = chinese::parse(run)?;
    if run == "一" && !percent_prefix && after != Some('倍') {
        return None;
    }
    // `十分` is "very", not ten minutes.
    if run == "十" && after == Some('分') {
        return None;
    }
    let mut number = Number {
        start: pos,
        end,
        value: MentionValue::Single(parsed.value),
        scale: parsed.trailing_scale,
        percent: false,
        more: None,
        kind: Kind::Chinese,
    };
    // `一百多亿`, `三十多年`: more than the number, by less than its lowest
    // written digit's place.
    if let Some(c) = after
        && matches!(c, '多' | '余' | '餘')
    {
        let after_more = end + c.len_utf8();
        let (exp, len) = chinese::scale_after_digits(&text[after_more..]).unwrap_or((0, 0));
        number.more = Some((end, after_more));
        number.end = after_more + len;
        number.value = MentionValue::Single(lowest_nonzero_place(parsed.value.scaled(exp)));
        if len > 0 {
            number.scale = Some(exp);
        }
    }
    percent_sign(text, &mut number);
    Some(number)
}

/// A Chinese scale standing alone as a number: `萬億` (a trillion), `千億`
/// (a hundred billion), `百万` (a million). Bare `万` and `千万` are left
/// alone: they are more often words (`万一`, `千万别`).
fn bare_chinese_scale_at(text: &str, pos: usize) -> Option<Number> {
    if char_before(text, pos)
        .is_some_and(|b| chinese::is_numeral_char(b) || matches!(b, '数' | '數'))
        || digit_value(char_before(text, skip_spaces_back(text, pos)).unwrap_or(' ')).is_some()
    {
        return None;
    }
    let (exp, len) = chinese::scale_after_digits(&text[pos..])?;
    let run = &text[pos..pos + len];
    let has_yi = run.contains(['亿', '億']);
    if !(has_yi || run == "百万" || run == "百萬") {
        return None;
    }
    Some(Number {
        start: pos,
        end: pos + len,
        value: MentionValue::Single(Decimal {
            mantissa: 1,
            exponent: exp,
        }),
        scale: Some(exp),
        percent: false,
        more: None,
        kind: Kind::Chinese,
    })
}

/// `100多` is between 100 and 200, `20余万` between 200k and 300k: the
/// number's precision becomes its lowest non-zero digit, so `more than`
/// reaches up one unit of that place.
fn lowest_nonzero_place(d: Decimal) -> Decimal {
    let mut d = d;
    while d.mantissa != 0 && d.mantissa.is_multiple_of(10) {
        d.mantissa /= 10;
        d.exponent += 1;
    }
    d
}

/// `两三` (two or three), `三四十` (thirty or forty), `一两千万` (ten or twenty
/// million): a run starting with two neighbouring digits is a range, the
/// rest of the run applying to both.
fn approximate_pair(run: &str) -> Option<(MentionValue, Option<i32>)> {
    let mut chars = run.chars();
    let first = chars.next()?;
    let second = chars.next()?;
    let (a, b) = (chinese::digit(first)?, chinese::digit(second)?);
    if a == 0 || b != a + 1 {
        return None;
    }
    let rest = chars.as_str();
    let lo = chinese::parse(&format!("{first}{rest}"))?;
    let hi = chinese::parse(&format!("{second}{rest}"))?;
    // Bring both ends to one precision: the coarser.
    let exponent = lo.value.exponent.max(hi.value.exponent);
    let align = |d: Decimal| Decimal {
        mantissa: d.mantissa / 10u128.pow((exponent - d.exponent) as u32),
        exponent,
    };
    Some((
        MentionValue::Range(align(lo.value), align(hi.value)),
        hi.trailing_scale,
    ))
}

/// `数十亿`, `數百億`, `数千`: several tens, hundreds or thousands of a unit.
fn chinese_vague_at(text: &str, pos: usize) -> Option<Number> {
    let first = char_at(text, pos)?;
    let at = pos + first.len_utf8();
    let c = char_at(text, at)?;
    let low = chinese::place(c)?;
    let after = at + c.len_utf8();
    let (scale, end) = match chinese::scale_after_digits(&text[after..]) {
        Some((exp, len)) if exp >= 4 => (exp, after + len),
        _ => (0, after),
    };
    Some(vague(pos, end, low + scale))
}

/// A vague quantity from `10^low` to `10^(low+1)`.
fn vague(start: usize, end: usize, low: i32) -> Number {
    let one = |exponent| Decimal {
        mantissa: 1,
        exponent,
    };
    Number {
        start,
        end,
        value: MentionValue::Range(one(low), one(low + 1)),
        scale: None,
        percent: false,
        more: None,
        kind: Kind::Words,
    }
}

/// Plural scale words alone (`billions`): from one of them to a thousand.
fn vague_wide(start: usize, end: usize, exp: i32) -> Number {
    let mut number = vague(start, end, exp);
    number.value = MentionValue::Range(
        Decimal {
            mantissa: 1,
            exponent: exp,
        },
        Decimal {
            mantissa: 1,
            exponent: exp + 3,
        },
    );
    number
}

/// Arabic: a vague quantity (`مئات الملايين`), a number word with an optional
/// scale (`ثلاثة مليارات`), a dual scale word (`ملياري`), or a bare scale
/// word (`مليار`).
fn arabic_at(text: &str, pos: usize) -> Option<Number> {
    if char_before(text, pos).is_some_and(|b| is_arabic_letter(b) || text::is_arabic_mark(b)) {
        return None;
    }
    let (end, word) = arabic_word(text, pos)?;
    let forms: Vec<&str> = strip_proclitics(&word).collect();
    let lookup = |table: &[(&str, i32)]| {
        forms
            .iter()
            .find_map(|f| table.iter().find(|(w, _)| w == f).map(|&(_, e)| e))
    };
    let next = |from: usize| arabic_word(text, skip_spaces(text, from));
    if let Some(low) = lookup(ARABIC_VAGUE)
        && let Some((e, scale_word)) = next(end)
        && let Some(&(_, scale)) = ARABIC_VAGUE_SCALES.iter().find(|(w, _)| *w == scale_word)
    {
        return Some(vague(pos, e, low + scale));
    }
    // `عشرات الإطارات`: tens of something.
    if let Some(low) = lookup(ARABIC_VAGUE) {
        return Some(vague(pos, end, low));
    }
    if let Some(exp) = lookup(ARABIC_BARE_PLURALS) {
        return Some(vague_wide(pos, end, exp));
    }
    if let Some(mut number) = arabic_words_at(text, pos, &forms, end) {
        percent_sign(text, &mut number);
        return Some(number);
    }
    let single = |mantissa, exponent| Number {
        start: pos,
        end,
        value: MentionValue::Single(Decimal { mantissa, exponent }),
        scale: Some(exponent),
        percent: false,
        more: None,
        kind: Kind::Words,
    };
    // A dual or bare scale, and a group of a lower scale joined with و
    // (`مليونان وخمسمائة ألف`).
    let joined = |mantissa: u128, exp: i32| {
        let mut number = single(mantissa, exp);
        if let Some((e, word)) = next(end)
            && let Some(rest) = word.strip_prefix('و')
            && rest.chars().count() >= 2
            && let Some(more) = arabic_words_at(text, pos, &[rest], e)
            && more.scale.is_some_and(|s| s < exp)
            && let MentionValue::Single(d) = more.value
            && let Some(sum) = add_decimals(
                Decimal {
                    mantissa,
                    exponent: exp,
                },
                d,
            )
        {
            number.value = MentionValue::Single(sum);
            number.end = more.end;
        }
        number
    };
    if let Some(exp) = lookup(ARABIC_DUALS) {
        return Some(joined(2, exp));
    }
    if let Some(exp) = lookup(ARABIC_BARE_SCALES) {
        return Some(joined(1, exp));
    }
    None
}

/// English number words: `three`, `twenty-five`, `two hundred fifty`,
/// `a billion`, `three billion`, `hundreds of millions`.
fn english_at(text: &str, pos: usize) -> Option<Number> {
    if char_before(text, pos).is_some_and(|b| is_latin_letter(b) || b.is_ascii_digit()) {
        return None;
    }
    if !may_start_english_number(text, pos) {
        return None;
    }
    let tokens = english_tokens(text, pos, 6);
    let word = |i: usize| {
        tokens
            .get(i)
            .map_or("", |t: &(usize, String, bool)| t.1.as_str())
    };
    if let Some(&(_, low)) = ENGLISH_VAGUE.iter().find(|(w, _)| *w == word(0))
        && word(1) == "of"
        && let Some(&(_, scale)) = ENGLISH_VAGUE_SCALES.iter().find(|(w, _)| *w == word(2))
    {
        return Some(vague(pos, tokens[2].0, low + scale));
    }
    // `hundreds of users`
    if let Some(&(_, low)) = ENGLISH_VAGUE.iter().find(|(w, _)| *w == word(0))
        && word(1) == "of"
    {
        return Some(vague(pos, tokens[0].0, low));
    }
    if let Some(&(_, exp)) = ENGLISH_BARE_PLURALS.iter().find(|(w, _)| *w == word(0)) {
        return Some(vague_wide(pos, tokens[0].0, exp));
    }
    let is_scale = |w: &str| {
        ENGLISH_SCALES
            .iter()
            .find(|(s, _)| *s == w)
            .map(|&(_, e)| e)
    };
    let mut terms: Vec<(u128, i32)> = Vec::new();
    let mut i;
    if matches!(word(0), "a" | "an") {
        if word(1) != "hundred" && is_scale(word(1)).is_none() {
            return None;
        }
        terms.push((1, 0));
        i = 1;
    } else {
        let (term, used) = small_at(&tokens, 0)?;
        terms.push(term);
        i = used;
    }
    if word(i) == "hundred" {
        for t in &mut terms {
            t.1 += 2;
        }
        i += 1;
        let j = if word(i) == "and" && small_at(&tokens, i + 1).is_some() {
            i + 1
        } else {
            i
        };
        if let Some((term, used)) = small_at(&tokens, j) {
            terms.push(term);
            i = j + used;
        }
    }
    let mut end = tokens[i - 1].0;
    let mut scale = None;
    if let Some(exp) = is_scale(word(i)) {
        for t in &mut terms {
            t.1 += exp;
        }
        scale = Some(exp);
        end = tokens[i].0;
    }
    let lowest = terms.iter().map(|t| t.1).min()?;
    let mut mantissa: u128 = 0;
    for (v, e) in &terms {
        let place = 10u128.checked_pow(u32::try_from(e - lowest).ok()?)?;
        mantissa = mantissa.checked_add(v.checked_mul(place)?)?;
    }
    let mut number = Number {
        start: pos,
        end,
        value: MentionValue::Single(Decimal {
            mantissa,
            exponent: lowest,
        }),
        scale,
        percent: false,
        more: None,
        kind: Kind::Words,
    };
    percent_sign(text, &mut number);
    Some(number)
}

/// Up to `max` Latin words from `pos`, separated by spaces or a hyphen: each
/// word's end, its lower-case form, and whether a hyphen joined it to the
/// word before.
/// Whether the Latin word at `pos` can start an English number (`a`, `an`,
/// a number word, `hundreds`, `billions`...): read without allocating, since
/// most words of a text start none.
fn may_start_english_number(text: &str, pos: usize) -> bool {
    let rest = &text[pos..];
    let end = rest
        .char_indices()
        .find(|&(_, c)| !is_latin_letter(c))
        .map_or(rest.len(), |(i, _)| i);
    let written = &rest[..end];
    let mut buf = [0u8; 12];
    if written.len() > buf.len() {
        return false;
    }
    if !written.is_ascii() {
        // Full-width letters: the full reading decides.
        return true;
    }
    for (slot, b) in buf.iter_mut().zip(written.bytes()) {
        *slot = b.to_ascii_lowercase();
    }
    let Ok(word) = std::str::from_utf8(&buf[..written.len()]) else {
        return true;
    };
    matches!(word, "a" | "an")
        || small_word(word).is_some()
        || ENGLISH_VAGUE.iter().any(|(w, _)| *w == word)
        || ENGLISH_BARE_PLURALS.iter().any(|(w, _)| *w == word)
}

fn english_tokens(text: &str, pos: usize, max: usize) -> Vec<(usize, String, bool)> {
    let mut tokens = Vec::new();
    let mut at = pos;
    let mut hyphen = false;
    while tokens.len() < max {
        let Some((end, word)) = latin_word(text, at) else {
            break;
        };
        tokens.push((end, word, hyphen));
        if char_at(text, end) == Some('-') && char_at(text, end + 1).is_some_and(is_latin_letter) {
            at = end + 1;
            hyphen = true;
        } else {
            at = skip_spaces(text, end);
            hyphen = false;
            if at == end {
                break;
            }
        }
    }
    tokens
}

/// A number below a hundred from the words at `i` (`seven`, `twenty`,
/// `twenty-five`): (digits, lowest place) and how many words it took.
fn small_at(tokens: &[(usize, String, bool)], i: usize) -> Option<((u128, i32), usize)> {
    let value = small_word(&tokens.get(i)?.1)?;
    if value >= 20 && value % 10 == 0 {
        if let Some((_, w, true)) = tokens.get(i + 1)
            && let Some(unit) = small_word(w)
            && unit < 10
        {
            return Some(((value + unit, 0), 2));
        }
        return Some(((value / 10, 1), 1));
    }
    if value == 10 {
        return Some(((1, 1), 1));
    }
    Some(((value, 0), 1))
}

/// The value of an English word below a hundred.
fn small_word(word: &str) -> Option<u128> {
    ENGLISH_SMALL
        .iter()
        .find(|(w, _)| *w == word)
        .map(|&(_, v)| v)
}

/// A range after `first`: a separator and a second number of a compatible
/// kind, with the low end below the high end. The scale of the high end
/// carries to a low end written without one (`3 to 5 billion`).
fn range_after(text: &str, first: &Number) -> Option<Number> {
    let MentionValue::Single(lo) = first.value else {
        return None;
    };
    if first.more.is_some() {
        return None;
    }
    let at = skip_spaces(text, first.end);
    let (sep_end, hi_start) = if let Some((e, ())) = any_forward(text, at, RANGE_SEPARATORS) {
        (e, skip_spaces(text, e))
    } else if between_before(text, first.start) {
        // `بين 3 و5`: the conjunction, attached or alone.
        let (e, word) = arabic_word(text, at)?;
        if word == "و" {
            (e, skip_spaces(text, e))
        } else if word.starts_with('و') {
            let w = text[at..].chars().next()?.len_utf8();
            (at + w, at + w)
        } else {
            return None;
        }
    } else {
        return None;
    };
    // Dates and times are not ranges: `2025-11-11`, `03-12 23:31`.
    let sep = &text[at..sep_end];
    if matches!(sep, "-" | "~") && hyphen_chain(text, first.start, hi_start) {
        return None;
    }
    let second = number_at(text, hi_start, false)?;
    let MentionValue::Single(mut hi) = second.value else {
        return None;
    };
    if second.kind != first.kind && !(first.kind == Kind::Digits && second.kind == Kind::Digits) {
        // Mixed scripts (`3 to five`) are read as two numbers.
        return None;
    }
    let mut lo = lo;
    match (first.scale, second.scale) {
        (None, Some(exp)) => lo = lo.scaled(exp),
        (Some(_), None) => return None,
        _ => {}
    }
    if first.percent && !second.percent {
        return None;
    }
    if lo.value() >= hi.value() {
        return None;
    }
    if second.percent || first.percent {
        hi = hi.scaled(0);
    }
    Some(Number {
        start: first.start,
        end: second.end,
        value: MentionValue::Range(lo, hi),
        scale: second.scale,
        percent: first.percent || second.percent,
        more: None,
        kind: first.kind,
    })
}

/// Whether `بين` ("between") stands right before `pos`.
fn between_before(text: &str, pos: usize) -> bool {
    let end = skip_spaces_back(text, pos);
    match_backward(text, end, "بين").is_some()
}

/// Whether the number at `start` and the one at `hi_start` are part of a
/// longer chain of hyphen- or colon-separated numbers (a date or a time).
fn hyphen_chain(text: &str, start: usize, hi_start: usize) -> bool {
    let joined = |c: Option<char>| matches!(c, Some('-' | ':' | '/' | '.'));
    // Before the low end: `2025-` or `:`.
    if joined(char_before(text, start))
        && text[..start]
            .chars()
            .rev()
            .nth(1)
            .and_then(digit_value)
            .is_some()
    {
        return true;
    }
    // After the high end's digits.
    let mut end = hi_start;
    while let Some(c) = char_at(text, end) {
        if digit_value(c).is_none() {
            break;
        }
        end += c.len_utf8();
    }
    joined(char_at(text, end)) && char_at(text, end + 1).and_then(digit_value).is_some()
}

#[cfg(test)]
mod tests {

    /// The word tables are written folded, as matching reads the text.
    #[test]
    fn word_tables_are_written_folded() {
        let words = PERIODS_AFTER
            .iter()
            .map(|(w, _)| *w)
            .chain(ARABIC_HUNDREDS.iter().map(|(w, _)| *w))
            .chain(ARABIC_TEEN_UNITS.iter().map(|(w, _)| *w));
        for word in words {
            let folded: String = word.chars().filter_map(text::fold).collect();
            assert_eq!(folded, word);
        }
    }

    use super::*;

    fn read(text: &str) -> Vec<String> {
        find_numbers(text)
            .iter()
            .map(|m| {
                let value = match m.value {
                    MentionValue::Single(d) => format!("{}e{}", d.mantissa, d.exponent),
                    MentionValue::Range(a, b) => format!(
                        "{}e{}..{}e{}",
                        a.mantissa, a.exponent, b.mantissa, b.exponent
                    ),
                };
                let mut s = String::new();
                if let Some(q) = m.qualifier {
                    s.push_str(q.as_str());
                    s.push(' ');
                }
                s.push_str(&value);
                if m.percent {
                    s.push('%');
                }
                if m.times {
                    s.push_str(" x");
                }
                if let Some(c) = m.currency {
                    s.push(' ');
                    s.push_str(c);
                }
                s
            })
            .collect()
    }

    #[test]
    fn seed_phrases() {
        assert_eq!(read("تتجاوز 14 مليار دولار"), ["more than 14e9 USD"]);
        assert_eq!(read("بنحو 5.4 مليارات دولار"), ["about 54e8 USD"]);
        assert_eq!(read("估值 5000 億美元"), ["5000e8 USD"]);
        assert_eq!(read("2 萬億美元"), ["2e12 USD"]);
        assert_eq!(read("高達 40%"), ["up to 40e0%"]);
        assert_eq!(read("三到五倍"), ["3e0..5e0 x"]);
        assert_eq!(read("three to five times"), ["3e0..5e0 x"]);
        assert_eq!(read("مئات الملايين من الدولارات"), ["1e8..1e9 USD"]);
        assert_eq!(read("2025-11-11"), ["2025e0", "11e0", "11e0"]);
        assert_eq!(read("撐起萬億野心"), ["1e12"]);
        assert_eq!(read("單筆千億級"), ["1e11"]);
        assert_eq!(read("万一"), Vec::<String>::new());
        assert_eq!(read("100多亿"), ["more than 1e10"]);
        assert_eq!(read("20余万"), ["more than 2e5"]);
        assert_eq!(read("三十多年"), ["more than 3e1"]);
        assert_eq!(read("两三个月"), ["2e0..3e0"]);
        assert_eq!(read("三四十"), ["3e1..4e1"]);
        assert_eq!(read("一两千万"), ["1e7..2e7"]);
        assert_eq!(read("缺口高達(dá) 40%"), ["up to 40e0%"]);
        assert_eq!(read("التزامات بمليارات الدولارات"), ["1e9..1e12 USD"]);
        assert_eq!(read("عشرات الإطارات"), ["1e1..1e2"]);
        assert_eq!(read("hundreds of users"), ["1e2..1e3"]);
    }
}
