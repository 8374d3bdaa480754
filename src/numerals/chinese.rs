//! Chinese numerals in both scripts: digits `〇零一二两兩三…九`, places
//! `十百千`, large units `万/萬` and `亿/億` (stacking: `万亿` is 10^12), and
//! `点/點` as the decimal point. The written precision is the lowest place
//! written: `三千` is 3e3, `一百二十` is 12e1, `三千零五` is 3005e0.

use crate::base::exact::Decimal;

/// The digit a character stands for.
pub fn digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '零' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '兩' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// The power of ten of a place character (`十百千`).
pub fn place(c: char) -> Option<i32> {
    Some(match c {
        '十' | '拾' => 1,
        '百' | '佰' => 2,
        '千' | '仟' => 3,
        _ => return None,
    })
}

/// The power of ten of a large unit (`万/萬`, `亿/億`).
pub fn large(c: char) -> Option<i32> {
    Some(match c {
        '万' | '萬' => 4,
        '亿' | '億' => 8,
        _ => return None,
    })
}

/// Whether `c` can be part of a Chinese numeral.
pub fn is_numeral_char(c: char) -> bool {
    digit(c).is_some() || place(c).is_some() || large(c).is_some()
}

/// The decimal point.
pub fn is_point(c: char) -> bool {
    matches!(c, '点' | '點')
}

/// A scale written after Arabic digits (`5000 億`, `2 萬億`, `3千亿`, `1.5万亿`):
/// an optional place then large units. Returns its power of ten and its length
/// in bytes. A bare place is not taken before a unit it would prefix (`千克`
/// is kilogram, `千瓦` kilowatt).
pub fn scale_after_digits(rest: &str) -> Option<(i32, usize)> {
    let mut exp = 0;
    let mut len = 0;
    let mut chars = rest.chars().peekable();
    if let Some(&c) = chars.peek()
        && let Some(p) = place(c)
    {
        exp += p;
        len += c.len_utf8();
        chars.next();
    }
    let mut larges = 0;
    while let Some(&c) = chars.peek() {
        let Some(l) = large(c) else { break };
        // `亿万` is not a scale; only `万亿` and `亿亿` stack, two at most.
        if larges > 0 && l <= 4 || larges == 2 {
            break;
        }
        exp += l;
        len += c.len_utf8();
        larges += 1;
        chars.next();
    }
    if len == 0 {
        return None;
    }
    if larges == 0
        && chars
            .peek()
            .is_some_and(|&c| "克米瓦卡兆字位赫焦".contains(c))
    {
        return None;
    }
    Some((exp, len))
}

/// A parsed Chinese numeral.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Numeral {
    /// Its value, digits as written.
    pub value: Decimal,
    /// The power of ten that trailing large units added (`五亿`: 8), for
    /// carrying a scale across a range (`三到五亿`).
    pub trailing_scale: Option<i32>,
}

/// The largest power of ten a numeral may reach; beyond it (`亿亿亿亿…`) the
/// characters are not read as a number, so no reading costs more than a
/// news figure would.
const MAX_EXPONENT: i32 = 24;

/// Reads the numeral that fills `run` (numeral characters and at most one
/// decimal point). `None` when the characters do not form a number.
pub fn parse(run: &str) -> Option<Numeral> {
    let numeral = parse_unbounded(run)?;
    (numeral.value.exponent <= MAX_EXPONENT).then_some(numeral)
}

fn parse_unbounded(run: &str) -> Option<Numeral> {
    let (int_part, frac_part) = match run.char_indices().find(|&(_, c)| is_point(c)) {
        Some((i, c)) => (&run[..i], Some(&run[i + c.len_utf8()..])),
        None => (run, None),
    };
    if let Some(frac) = frac_part {
        // `三点五亿`: integer digits, point, fraction digits, then large units.
        let int = parse_integer(int_part)?;
        let digits_end = frac
            .char_indices()
            .find(|&(_, c)| digit(c).is_none())
            .map_or(frac.len(), |(i, _)| i);
        let (digits, units) = frac.split_at(digits_end);
        if digits.is_empty() {
            return None;
        }
        let mut mantissa = int.value;
        for c in digits.chars() {
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(u128::from(digit(c)?))?;
        }
        let count = digits.chars().count() as i32;
        let scale = large_units(units)?;
        return Some(Numeral {
            value: Decimal {
                mantissa,
                exponent: scale - count,
            },
            trailing_scale: (scale > 0).then_some(scale),
        });
    }
    let int = parse_integer(run)?;
    let exponent = int.lowest;
    let mantissa = int.value / 10u128.checked_pow(exponent as u32)?;
    let trailing = trailing_large(run);
    Some(Numeral {
        value: Decimal { mantissa, exponent },
        trailing_scale: (trailing > 0).then_some(trailing),
    })
}

/// The power of ten of a run made only of large units (`亿`, `万亿`, or nothing).
fn large_units(units: &str) -> Option<i32> {
    units
        .chars()
        .try_fold(0i32, |acc, c| acc.checked_add(large(c)?))
}

/// The power of ten the large units at the end of `run` add.
fn trailing_large(run: &str) -> i32 {
    run.chars()
        .rev()
        .map_while(large)
        .fold(0i32, i32::saturating_add)
}

struct Integer {
    value: u128,
    /// Power of ten of the lowest place written.
    lowest: i32,
}

/// One term of a numeral: a digit at a power of ten.
fn add(terms: &mut Vec<(u128, i32)>, d: u128, exp: i32) {
    terms.push((d, exp));
}

fn shift(terms: &mut [(u128, i32)], by: i32) {
    for t in terms {
        t.1 = t.1.saturating_add(by);
    }
}

/// Reads an integer numeral (no point).
fn parse_integer(run: &str) -> Option<Integer> {
    if run.is_empty() {
        return None;
    }
    // Digits only (`二〇二五`, `三`): read positionally.
    if run.chars().all(|c| digit(c).is_some()) {
        let mut value: u128 = 0;
        for c in run.chars() {
            value = value.checked_mul(10)?.checked_add(u128::from(digit(c)?))?;
        }
        return Some(Integer { value, lowest: 0 });
    }
    // The terms above `亿`, with their places less `done_shift`: `亿亿`
    // shifts all of them, and adding to one number instead of to each term
    // keeps a long run (`一亿亿一亿亿…`) linear.
    let mut done: Vec<(u128, i32)> = Vec::new();
    let mut done_shift = 0i32;
    let mut below_yi: Vec<(u128, i32)> = Vec::new();
    let mut section: Vec<(u128, i32)> = Vec::new();
    let mut pending: Option<u128> = None;
    // The place of the unit just read, for `三千五` (3500) and `一万五` (15000).
    let mut last_unit: Option<i32> = None;
    let mut zero_since_unit = false;
    for c in run.chars() {
        if let Some(d) = digit(c) {
            if d == 0 {
                zero_since_unit = true;
                if pending.is_some() {
                    return None;
                }
                continue;
            }
            if pending.is_some() {
                return None;
            }
            pending = Some(u128::from(d));
        } else if let Some(p) = place(c) {
            add(&mut section, pending.take().unwrap_or(1), p);
            last_unit = Some(p);
            zero_since_unit = false;
        } else if let Some(l) = large(c) {
            if let Some(d) = pending.take() {
                add(&mut section, d, 0);
            }
            if l == 4 {
                if section.is_empty() && below_yi.is_empty() && done.is_empty() {
                    section.push((1, 0));
                }
                shift(&mut section, 4);
                below_yi.append(&mut section);
            } else {
                below_yi.append(&mut section);
                if below_yi.is_empty() {
                    if done.is_empty() {
                        below_yi.push((1, 0));
                    } else {
                        // `亿亿`: shift what came before.
                        done_shift = done_shift.saturating_add(8);
                    }
                }
                shift(&mut below_yi, 8);
                done.extend(
                    below_yi
                        .drain(..)
                        .map(|(d, exp)| (d, exp.saturating_sub(done_shift))),
                );
            }
            last_unit = Some(l);
            zero_since_unit = false;
        } else {
            return None;
        }
    }
    if let Some(d) = pending {
        // A digit right after a unit stands one place below it.
        let exp = match last_unit {
            Some(u) if !zero_since_unit => match u {
                4 => 3,
                8 => 7,
                u => u - 1,
            },
            _ => 0,
        };
        add(&mut section, d, exp);
    }
    shift(&mut done, done_shift);
    done.append(&mut below_yi);
    done.append(&mut section);
    let lowest = done.iter().map(|t| t.1).min()?;
    let mut value: u128 = 0;
    for (d, exp) in done {
        let term = d.checked_mul(10u128.checked_pow(u32::try_from(exp).ok()?)?)?;
        value = value.checked_add(term)?;
    }
    Some(Integer { value, lowest })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(run: &str) -> Option<(u128, i32)> {
        parse(run).map(|n| (n.value.mantissa, n.value.exponent))
    }

    #[test]
    fn places_and_precision() {
        assert_eq!(read("三"), Some((3, 0)));
        assert_eq!(read("十"), Some((1, 1)));
        assert_eq!(read("十二"), Some((12, 0)));
        assert_eq!(read("一百二十"), Some((12, 1)));
        assert_eq!(read("一百二十三"), Some((123, 0)));
        assert_eq!(read("三千"), Some((3, 3)));
        assert_eq!(read("三千五百"), Some((35, 2)));
        assert_eq!(read("三千五"), Some((35, 2)));
        assert_eq!(read("三千零五"), Some((3005, 0)));
        assert_eq!(read("二〇二五"), Some((2025, 0)));
    }

    #[test]
    fn large_units_stack() {
        assert_eq!(read("三千亿"), Some((3, 11)));
        assert_eq!(read("一百二十亿"), Some((12, 9)));
        assert_eq!(read("两万亿"), Some((2, 12)));
        assert_eq!(read("兩萬億"), Some((2, 12)));
        assert_eq!(read("一亿两千万"), Some((12, 7)));
        assert_eq!(read("一万五"), Some((15, 3)));
        assert_eq!(read("三点五"), Some((35, -1)));
        assert_eq!(read("三点五亿"), Some((35, 7)));
        assert_eq!(parse("五亿").and_then(|n| n.trailing_scale), Some(8));
    }

    #[test]
    fn scales_after_digits() {
        assert_eq!(scale_after_digits("億美元"), Some((8, 3)));
        assert_eq!(scale_after_digits("萬億"), Some((12, 6)));
        assert_eq!(scale_after_digits("千亿"), Some((11, 6)));
        assert_eq!(scale_after_digits("千克"), None);
        assert_eq!(scale_after_digits("年"), None);
    }
}
