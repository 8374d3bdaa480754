//! Character classes and phrase matching over the original text.
//!
//! Nothing here normalises the text it is given: matching folds width forms,
//! Arabic letter variants, diacritics and ASCII case on the fly, so every byte
//! offset it returns points into the text as written.

/// The value of a decimal digit in any script the reader knows: ASCII,
/// Arabic-Indic (`٠`-`٩`), Extended Arabic-Indic (`۰`-`۹`), full-width (`０`-`９`).
pub fn digit_value(c: char) -> Option<u8> {
    let base = match c {
        '0'..='9' => '0',
        '\u{0660}'..='\u{0669}' => '\u{0660}',
        '\u{06F0}'..='\u{06F9}' => '\u{06F0}',
        '\u{FF10}'..='\u{FF19}' => '\u{FF10}',
        _ => return None,
    };
    Some((c as u32 - base as u32) as u8)
}

/// A decimal separator: `.`, Arabic `٫`, full-width `．`.
pub fn is_decimal_point(c: char) -> bool {
    matches!(c, '.' | '\u{066B}' | '\u{FF0E}')
}

/// A thousands separator: `,` and Arabic `٬` (not the Chinese comma `，`,
/// which separates items).
pub fn is_grouping(c: char) -> bool {
    matches!(c, ',' | '\u{066C}')
}

/// A percent sign: `%`, Arabic `٪`, full-width `％`.
pub fn is_percent_sign(c: char) -> bool {
    matches!(c, '%' | '\u{066A}' | '\u{FF05}')
}

/// An Arabic letter (not a mark).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{066F}' | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06FA}'..='\u{06FC}')
}

/// An Arabic mark that does not change a word for matching: harakat,
/// tanween, superscript alef, tatweel, Quranic marks.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}')
}

/// A CJK ideograph (including `〇`).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{3007}')
}

/// A Latin letter, ASCII or full-width.
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
}

/// Whitespace, including the no-break and ideographic spaces.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00A0}' | '\u{202F}' | '\u{3000}' | '\u{200F}' | '\u{200E}'
        )
}

/// Invisible characters skipped inside phrases (bidi marks, ZWNJ, ZWJ).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The form of `c` used to compare words: marks vanish (`None`), Arabic alef
/// variants become `ا`, `ى` becomes `ي`, `ة` stays; full-width ASCII becomes
/// ASCII; ASCII letters are lower-cased.
pub fn fold(c: char) -> Option<char> {
    if is_arabic_mark(c) || is_invisible(c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        '\u{FF01}'..='\u{FF5E}' => {
            char::from_u32(c as u32 - 0xFF01 + 0x21).map_or(c, |a| a.to_ascii_lowercase())
        }
        _ => c.to_ascii_lowercase(),
    })
}

/// The char at byte `pos`, if any.
pub fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|rest| rest.chars().next())
}

/// The char before byte `pos`, if any.
pub fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos).and_then(|head| head.chars().next_back())
}

/// `pos` moved past any whitespace.
pub fn skip_spaces(text: &str, mut pos: usize) -> usize {
    while let Some(c) = char_at(text, pos) {
        if !is_space(c) {
            break;
        }
        pos += c.len_utf8();
    }
    pos
}

/// `pos` moved back over any whitespace.
pub fn skip_spaces_back(text: &str, mut pos: usize) -> usize {
    while let Some(c) = char_before(text, pos) {
        if !is_space(c) {
            break;
        }
        pos -= c.len_utf8();
    }
    pos
}

/// One Arabic word starting at `pos`: its end and its folded letters.
pub fn arabic_word(text: &str, pos: usize) -> Option<(usize, String)> {
    let mut end = pos;
    let mut folded = String::new();
    for c in text.get(pos..)?.chars() {
        if is_arabic_letter(c) {
            folded.extend(fold(c));
        } else if !is_arabic_mark(c) {
            break;
        }
        end += c.len_utf8();
    }
    (!folded.is_empty()).then_some((end, folded))
}

/// One run of Latin letters starting at `pos`: its end and its lower-case form.
pub fn latin_word(text: &str, pos: usize) -> Option<(usize, String)> {
    let mut end = pos;
    let mut word = String::new();
    for c in text.get(pos..)?.chars() {
        if !is_latin_letter(c) {
            break;
        }
        word.extend(fold(c));
        end += c.len_utf8();
    }
    (!word.is_empty()).then_some((end, word))
}

/// What kind of letter a phrase starts or ends with, for word boundaries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Arabic,
    Other,
}

fn script(c: char) -> Script {
    if is_latin_letter(c) || c.is_ascii_digit() {
        Script::Latin
    } else if is_arabic_letter(c) || is_arabic_mark(c) {
        Script::Arabic
    } else {
        Script::Other
    }
}

/// Arabic one-letter proclitics that may stand before a word: and, so, with, for, as.
const PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ل', 'ك'];

/// Whether a word may end at `pos` (the char after is not a letter of the
/// same script as `last`).
fn ends_word(text: &str, pos: usize, last: char) -> bool {
    let s = script(last);
    s == Script::Other || char_at(text, pos).is_none_or(|c| script(c) != s)
}

/// Whether a word may start at `pos`: the char before is not a letter of the
/// same script, or (Arabic) it is a proclitic standing at a word start.
fn starts_word(text: &str, pos: usize, first: char) -> bool {
    let s = script(first);
    if s == Script::Other {
        return true;
    }
    match char_before(text, pos) {
        None => true,
        Some(c) if script(c) != s => true,
        Some(c) if s == Script::Arabic && PROCLITICS.contains(&c) => {
            let before = pos - c.len_utf8();
            char_before(text, before).is_none_or(|b| script(b) != Script::Arabic)
        }
        Some(_) => false,
    }
}

/// The most marks and invisible characters a phrase match skips in a row.
/// Text puts a few on a letter (a shadda and a vowel), or a kashida of some
/// tatweels; a longer run ends the match, so that matching from each
/// position of a text made only of marks looks at a bounded stretch of it.
const MAX_IGNORED: usize = 32;

/// The next character of `chars` that folds to a letter: its byte index, the
/// character and its folded form. `None` at the end of the text, or after
/// more than [`MAX_IGNORED`] marks and invisible characters in a row.
fn next_folded(chars: &mut impl Iterator<Item = (usize, char)>) -> Option<(usize, char, char)> {
    chars
        .take(MAX_IGNORED + 1)
        .find_map(|(i, c)| fold(c).map(|f| (i, c, f)))
}

/// Matches `phrase` (already folded; a space matches one or more spaces)
/// forwards from `pos`, as whole words. Returns the end.
pub fn match_forward(text: &str, pos: usize, phrase: &str) -> Option<usize> {
    let mut chars = text.get(pos..)?.char_indices().peekable();
    let mut end = pos;
    for p in phrase.chars() {
        if p == ' ' {
            let mut any = false;
            while let Some(&(i, c)) = chars.peek() {
                if !is_space(c) {
                    break;
                }
                any = true;
                end = pos + i + c.len_utf8();
                chars.next();
            }
            if !any {
                return None;
            }
            continue;
        }
        let (i, c, f) = next_folded(&mut chars)?;
        end = pos + i + c.len_utf8();
        if f != p {
            return None;
        }
    }
    // Marks after the last letter belong to the word.
    let mut marks = 0;
    while let Some(&(i, c)) = chars.peek() {
        if !is_arabic_mark(c) {
            break;
        }
        marks += 1;
        if marks > MAX_IGNORED {
            return None;
        }
        end = pos + i + c.len_utf8();
        chars.next();
    }
    let first = phrase.chars().next()?;
    let last = phrase.chars().next_back()?;
    (starts_word(text, pos, first) && ends_word(text, end, last)).then_some(end)
}

/// Matches `phrase` backwards so that it ends at `end` (as whole words).
/// Returns the start.
pub fn match_backward(text: &str, end: usize, phrase: &str) -> Option<usize> {
    let mut chars = text.get(..end)?.char_indices().rev().peekable();
    let mut start = end;
    // Marks after the phrase's last letter.
    let mut marks = 0;
    while let Some(&(i, c)) = chars.peek() {
        if !is_arabic_mark(c) {
            break;
        }
        marks += 1;
        if marks > MAX_IGNORED {
            return None;
        }
        start = i;
        chars.next();
    }
    for p in phrase.chars().rev() {
        if p == ' ' {
            let mut any = false;
            while let Some(&(i, c)) = chars.peek() {
                if !is_space(c) {
                    break;
                }
                any = true;
                start = i;
                chars.next();
            }
            if !any {
                return None;
            }
            continue;
        }
        let (i, _, f) = next_folded(&mut chars)?;
        start = i;
        if f != p {
            return None;
        }
    }
    let first = phrase.chars().next()?;
    let last = phrase.chars().next_back()?;
    if !(starts_word(text, start, first) && ends_word(text, end, last)) {
        return None;
    }
    // An attached proclitic belongs to the phrase: `بنحو` is matched by `نحو`.
    if script(first) == Script::Arabic
        && let Some(c) = char_before(text, start)
        && PROCLITICS.contains(&c)
    {
        return Some(start - c.len_utf8());
    }
    Some(start)
}

/// The first of `phrases` (longest listed first) that ends at `end`.
pub fn any_backward<T: Copy>(text: &str, end: usize, phrases: &[(&str, T)]) -> Option<(usize, T)> {
    // Every phrase first skips the marks before `end` and compares its last
    // letter with the folded character there: find that once, and try only
    // the phrases that end with it (or with a space, which matches otherwise).
    let mut chars = text.get(..end)?.char_indices().rev().peekable();
    let mut marks = 0;
    while chars.peek().is_some_and(|&(_, c)| is_arabic_mark(c)) {
        marks += 1;
        if marks > MAX_IGNORED {
            return None;
        }
        chars.next();
    }
    let last = next_folded(&mut chars).map(|(_, _, f)| f);
    phrases
        .iter()
        .filter(|(p, _)| match p.chars().next_back() {
            Some(' ') => true,
            Some(c) => Some(c) == last,
            None => false,
        })
        .find_map(|&(p, v)| match_backward(text, end, p).map(|start| (start, v)))
}

/// The first of `phrases` (longest listed first) that starts at `pos`.
pub fn any_forward<T: Copy>(text: &str, pos: usize, phrases: &[(&str, T)]) -> Option<(usize, T)> {
    // Every phrase first compares its first letter with the folded character
    // at `pos`: find that once (as `any_backward` does its last).
    let first = next_folded(&mut text.get(pos..)?.char_indices()).map(|(_, _, f)| f);
    phrases
        .iter()
        .filter(|(p, _)| match p.chars().next() {
            Some(' ') => true,
            Some(c) => Some(c) == first,
            None => false,
        })
        .find_map(|&(p, v)| match_forward(text, pos, p).map(|end| (end, v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_in_every_script() {
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('٣'), Some(3));
        assert_eq!(digit_value('۹'), Some(9));
        assert_eq!(digit_value('５'), Some(5));
        assert_eq!(digit_value('a'), None);
    }

    #[test]
    fn phrases_match_as_whole_words_with_marks_folded() {
        let text = "بلغت أكثرَ من 12";
        let end = text.find("12").unwrap_or(0) - 1;
        assert_eq!(match_backward(text, end, "اكثر من"), Some("بلغت ".len()));
        assert_eq!(match_backward("overt 5", 5, "over"), None);
        assert_eq!(match_forward("More than 5", 0, "more than"), Some(9));
        assert_eq!(match_forward("moreover", 0, "more"), None);
    }
}
