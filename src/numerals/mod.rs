//! Numeral reading: every number mention in free text, with its byte span,
//! value as written and precision, in Arabic, Chinese and English.
//!
//! (Interface fixed; the reader is being written.)

use crate::exact::Decimal;
use crate::syntax::ast::Qualifier;
use std::ops::Range;

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
}

/// Finds every number mention in `text`, in order of position.
pub fn find_numbers(text: &str) -> Vec<Mention> {
    let _ = text;
    Vec::new()
}
