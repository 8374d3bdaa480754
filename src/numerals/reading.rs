//! One reading of text for every check: what the numeral reader, the
//! `sources` check, the drafts check and `extract` see of a text.
//!
//! A person reading a quote sees digits, not code points. So before anything
//! reads a number:
//! - digits in every script Unicode gives a decimal value (mathematical bold
//!   `𝟭𝟱`, Devanagari `१५`, ...) and the compatibility digits NFKC folds
//!   (circled `⑮`, superscripts standing alone) are read as ASCII digits;
//! - a superscript or subscript digit right after a digit or a letter is an
//!   exponent or a footnote mark, never more digits of the number (`10²` is
//!   not 102): it is read as [`MARK`], and a number that touches one is not
//!   read; so is a number touching a vulgar fraction (`2½`);
//! - the minus forms (`−` U+2212, the small and full-width hyphen-minus) are
//!   read as `-`;
//! - invisible characters are taken out. Those that change nothing on screen
//!   (zero-width space and joiners, word joiner, soft hyphen, BOM, variation
//!   selectors...) are read through: `1\u{200B}35` is the 135 a person sees.
//!   Those that can change the order characters are shown in (the
//!   directional marks and the embeddings, overrides and isolates) are
//!   recorded as [`Hidden`]: a number with one inside is shown as different
//!   numbers depending on the paragraph's direction, so it is reported
//!   (`factlint::quote::hidden_character`), never read.
//!
//! Nothing is lost: [`Reading::original`] maps every byte range of the
//! reading back to the text as written, so spans still point at what the
//! user wrote.

use std::borrow::Cow;
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// What a superscript digit after a digit or letter, or a vulgar fraction,
/// reads as: a character that is no part of any number.
pub const MARK: char = '\u{FFFC}';

/// An invisible character taken out of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hidden {
    /// Its byte offset in the text as written.
    pub at: usize,
    /// The character.
    pub ch: char,
}

impl Hidden {
    /// Its Unicode name, for messages.
    pub fn name(&self) -> &'static str {
        invisible_name(self.ch).unwrap_or("INVISIBLE CHARACTER")
    }
}

/// How an invisible character affects what a person sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invisible {
    /// Not at all: read through it.
    Nothing,
    /// It can change the order characters are shown in.
    Order,
}

/// Whether `c` is invisible, and how it acts.
pub fn invisible(c: char) -> Option<Invisible> {
    match c {
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Some(Invisible::Order),
        '\u{00AD}'
        | '\u{034F}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{E0001}'
        | '\u{E0020}'..='\u{E007F}' => Some(Invisible::Nothing),
        _ => None,
    }
}

/// The Unicode name of an invisible character.
pub fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{034F}' => "COMBINING GRAPHEME JOINER",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{180B}'..='\u{180D}' | '\u{180F}' => "MONGOLIAN FREE VARIATION SELECTOR",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2061}' => "FUNCTION APPLICATION",
        '\u{2062}' => "INVISIBLE TIMES",
        '\u{2063}' => "INVISIBLE SEPARATOR",
        '\u{2064}' => "INVISIBLE PLUS",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FE00}'..='\u{FE0F}' => "VARIATION SELECTOR",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        '\u{E0001}' | '\u{E0020}'..='\u{E007F}' => "TAG",
        _ => return None,
    })
}

/// The zero of each run of ten decimal digits (general category Nd) in
/// Unicode 14, but for ASCII and the three the numeral reader knows
/// itself (Arabic-Indic, Extended Arabic-Indic, full-width).
const DIGIT_ZEROS: &[u32] = &[
    0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0,
    0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
    0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0x104A0, 0x10D30, 0x11066,
    0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0,
    0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2,
    0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The value of `c` when it is a decimal digit of a script the reader does
/// not know itself.
fn other_digit(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp < 0x7C0 {
        return None;
    }
    let i = DIGIT_ZEROS.partition_point(|&z| z <= cp);
    let zero = *DIGIT_ZEROS.get(i.checked_sub(1)?)?;
    (cp - zero < 10).then(|| (cp - zero) as u8)
}

/// The value of a superscript or subscript digit.
fn script_digit(c: char) -> Option<u8> {
    Some(match c {
        '\u{2070}' | '\u{2080}' => 0,
        '\u{00B9}' | '\u{2081}' => 1,
        '\u{00B2}' | '\u{2082}' => 2,
        '\u{00B3}' | '\u{2083}' => 3,
        '\u{2074}'..='\u{2079}' => (c as u32 - 0x2070) as u8,
        '\u{2084}'..='\u{2089}' => (c as u32 - 0x2080) as u8,
        _ => return None,
    })
}

/// Whether `c` might be a compatibility form of digits (circled, parenthesised,
/// with a full stop, a vulgar fraction...): the blocks where NFKC gives them.
fn maybe_compat_digits(c: char) -> bool {
    matches!(c, '\u{00BC}'..='\u{00BE}' | '\u{2150}'..='\u{218B}' | '\u{2460}'..='\u{24FF}' | '\u{2776}'..='\u{2793}' | '\u{3248}'..='\u{324F}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}' | '\u{1F100}'..='\u{1F10C}')
}

/// Whether the reading of `c` may differ from `c` itself.
fn needs_reading(c: char) -> bool {
    !c.is_ascii()
        && (invisible(c).is_some()
            || matches!(c, '\u{2212}' | '\u{FE63}' | '\u{FF0D}')
            || script_digit(c).is_some()
            || other_digit(c).is_some()
            || maybe_compat_digits(c))
}

/// A text as the checks read it.
#[derive(Clone, Debug)]
pub struct Reading<'a> {
    /// The text read.
    pub text: Cow<'a, str>,
    /// For each byte of `text` (when it differs from the original), the
    /// original range of the character it came from.
    origins: Vec<(u32, u32)>,
    /// The invisible characters taken out that can change the order of what
    /// is shown, in order.
    pub hidden: Vec<Hidden>,
}

impl<'a> Reading<'a> {
    /// Reads `original`.
    pub fn of(original: &'a str) -> Reading<'a> {
        if !original.chars().any(needs_reading) {
            return Reading {
                text: Cow::Borrowed(original),
                origins: Vec::new(),
                hidden: Vec::new(),
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut origins = Vec::with_capacity(original.len());
        let mut hidden = Vec::new();
        // What the last character read was: a digit, a letter, a digit read
        // from a superscript standing alone, or a mark.
        #[derive(PartialEq)]
        enum Last {
            Digit,
            Letter,
            Script,
            Other,
        }
        let mut last = Last::Other;
        for (at, c) in original.char_indices() {
            let origin = (at as u32, (at + c.len_utf8()) as u32);
            let mut push = |text: &mut String, s: &str| {
                text.push_str(s);
                origins.extend(std::iter::repeat_n(origin, s.len()));
            };
            if let Some(how) = invisible(c) {
                if how == Invisible::Order {
                    hidden.push(Hidden { at, ch: c });
                }
                continue;
            }
            let mut buf = [0u8; 4];
            if let Some(d) = script_digit(c) {
                if matches!(last, Last::Digit | Last::Letter) || text.ends_with(MARK) {
                    push(&mut text, MARK.encode_utf8(&mut buf));
                } else {
                    push(&mut text, char::from(b'0' + d).encode_utf8(&mut buf));
                    last = Last::Script;
                }
                continue;
            }
            if let Some(d) = other_digit(c) {
                push(&mut text, char::from(b'0' + d).encode_utf8(&mut buf));
                last = Last::Digit;
                continue;
            }
            if matches!(c, '\u{2212}' | '\u{FE63}' | '\u{FF0D}') {
                push(&mut text, "-");
                last = Last::Other;
                continue;
            }
            if maybe_compat_digits(c) {
                let folded: String = std::iter::once(c).nfkc().collect();
                if folded.contains('\u{2044}') {
                    // A vulgar fraction: `2½` is not 21/2.
                    push(&mut text, MARK.encode_utf8(&mut buf));
                    last = Last::Other;
                    continue;
                }
                if folded.chars().any(|f| f.is_ascii_digit())
                    && folded
                        .chars()
                        .all(|f| f.is_ascii_digit() || "().,".contains(f))
                {
                    push(&mut text, &folded);
                    last = Last::Other;
                    continue;
                }
            }
            push(&mut text, c.encode_utf8(&mut buf));
            last = if c.is_ascii_digit() || super::text::digit_value(c).is_some() {
                Last::Digit
            } else if c.is_alphabetic() {
                Last::Letter
            } else {
                Last::Other
            };
        }
        Reading {
            text: Cow::Owned(text),
            origins,
            hidden,
        }
    }

    /// The byte range of the original text that `range` of the reading was
    /// read from.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        if self.origins.is_empty() {
            return range;
        }
        let start = match self.origins.get(range.start) {
            Some(&(s, _)) => s as usize,
            None => self.origins.last().map_or(0, |&(_, e)| e as usize),
        };
        let end = if range.end == range.start {
            start
        } else {
            self.origins
                .get(range.end - 1)
                .map_or(start, |&(_, e)| e as usize)
        };
        start..end
    }

    /// The first hidden character inside original `range` between two
    /// characters of a number (digits, a decimal point, a group separator,
    /// a minus), where it can make the number read differently on screen.
    pub fn hidden_inside(&self, original: &str, range: Range<usize>) -> Option<Hidden> {
        let numeric = |c: char| {
            c.is_ascii_digit()
                || super::text::digit_value(c).is_some()
                || other_digit(c).is_some()
                || script_digit(c).is_some()
                || super::text::is_decimal_point(c)
                || super::text::is_grouping(c)
                || matches!(c, '-' | '\u{2212}')
        };
        if let Some(open) = self.override_open_at(range.start) {
            return Some(open);
        }
        self.hidden
            .iter()
            .copied()
            .filter(|h| range.start <= h.at && h.at < range.end)
            .find(|h| {
                let before = original[..h.at]
                    .chars()
                    .rev()
                    .find(|&c| invisible(c).is_none());
                let after = original[h.at..].chars().find(|&c| invisible(c).is_none());
                before.is_some_and(numeric) && after.is_some_and(numeric)
            })
    }
}

impl Reading<'_> {
    /// The left-to-right or right-to-left override (U+202D, U+202E) still
    /// open at original byte `at`: it shows the digits after it reversed
    /// (`\u{202E}531` is shown as 135).
    fn override_open_at(&self, at: usize) -> Option<Hidden> {
        let mut open = None;
        for h in self.hidden.iter().take_while(|h| h.at < at) {
            match h.ch {
                '\u{202D}' | '\u{202E}' => open = Some(*h),
                '\u{202C}' => open = None,
                _ => {}
            }
        }
        open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> String {
        Reading::of(s).text.into_owned()
    }

    #[test]
    fn digits_of_every_script_are_ascii() {
        assert_eq!(read("𝟭𝟱 million"), "15 million");
        assert_eq!(read("१५ करोड़"), "15 करोड़");
        assert_eq!(read("⑮ and ①"), "15 and 1");
        assert_eq!(read("١٥ مليون"), "١٥ مليون");
    }

    #[test]
    fn superscripts_after_a_number_are_marks() {
        assert_eq!(read("10²"), "10\u{FFFC}");
        assert_eq!(read("million¹"), "million\u{FFFC}");
        assert_eq!(read("¹⁵ million"), "15 million");
        assert_eq!(read("2½"), "2\u{FFFC}");
    }

    #[test]
    fn invisible_characters_are_taken_out_and_mapped_back() {
        let original = "x 1\u{200F}35 y";
        let r = Reading::of(original);
        assert_eq!(r.text, "x 135 y");
        assert_eq!(r.original(2..5), 2..8);
        assert_eq!(&original[r.original(2..5)], "1\u{200F}35");
        let hidden = r.hidden_inside(original, 2..8).expect("the mark is inside");
        assert_eq!(hidden.name(), "RIGHT-TO-LEFT MARK");
        assert_eq!(hidden.at, 3);
        let zwsp = Reading::of("1\u{200B}35");
        assert_eq!(zwsp.text, "135");
        assert!(zwsp.hidden.is_empty());
        // A mark beside a number, not inside it, is how RTL text is typeset.
        let beside = "\u{200F}135\u{200F} مليار";
        assert!(
            Reading::of(beside)
                .hidden_inside(beside, 0..beside.len())
                .is_none()
        );
    }

    #[test]
    fn an_open_override_hides_the_numbers_after_it() {
        let original = "\u{202E}531\u{202C} and 7";
        let r = Reading::of(original);
        assert_eq!(r.text, "531 and 7");
        let h = r.hidden_inside(original, 3..6).expect("reversed on screen");
        assert_eq!(h.name(), "RIGHT-TO-LEFT OVERRIDE");
        let seven = original.len() - 1;
        assert!(r.hidden_inside(original, seven..seven + 1).is_none());
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            Reading::of("13 مليار دولار").text,
            Cow::Borrowed(_)
        ));
        assert_eq!(Reading::of("abc").original(1..2), 1..2);
    }
}
