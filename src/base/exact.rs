//! Exact numbers: decimal literals as written, and rationals for arithmetic.
//!
//! A literal keeps its mantissa and decimal exponent exactly as the author wrote
//! them, so `5.40` and `5.4` stay different (the last written digit fixes the
//! precision). Interval endpoints are [`Exact`] rationals, so `+ - * /` never
//! round and a tie at a boundary decides the same way every time.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// An exact rational number.
pub type Exact = BigRational;

/// A decimal literal as written: `mantissa * 10^exponent`, with the exponent
/// fixed by the last written digit (`13.50` is mantissa 1350, exponent -2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    /// The digits as an integer.
    pub mantissa: u128,
    /// Power of ten of the last written digit.
    pub exponent: i32,
}

/// The most digits a literal may have: the mantissa must fit in a `u128`.
pub const MAX_DIGITS: usize = 38;

impl Decimal {
    /// Parses `digits[.digits]` (ASCII only). Returns `None` when there are more
    /// than [`MAX_DIGITS`] digits or the text is not a decimal.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (int, frac) = match text.split_once('.') {
            Some((int, frac)) => (int, frac),
            None => (text, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let digits = int.len() + frac.len();
        if digits > MAX_DIGITS {
            return None;
        }
        let mut mantissa: u128 = 0;
        for byte in int.bytes().chain(frac.bytes()) {
            if !byte.is_ascii_digit() {
                return None;
            }
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(u128::from(byte - b'0'))?;
        }
        Some(Decimal {
            mantissa,
            exponent: -(frac.len() as i32),
        })
    }

    /// The same digits scaled by `10^scale` (a scale word such as "billion").
    pub fn scaled(self, scale: i32) -> Decimal {
        Decimal {
            mantissa: self.mantissa,
            exponent: self.exponent + scale,
        }
    }

    /// The exact value.
    pub fn value(self) -> Exact {
        decimal_ratio(BigInt::from(self.mantissa), self.exponent)
    }

    /// One unit in the last written place: `10^exponent`.
    pub fn ulp(self) -> Exact {
        pow10(self.exponent)
    }
}

/// `10^k` as an integer, from a table for the exponents literals use.
fn pow10_int(k: u32) -> BigInt {
    static TABLE: std::sync::OnceLock<Vec<BigInt>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut powers = vec![BigInt::one()];
        for _ in 0..80 {
            let next = powers.last().map_or_else(BigInt::one, |p| p * 10u32);
            powers.push(next);
        }
        powers
    });
    match table.get(k as usize) {
        Some(p) => p.clone(),
        None => BigInt::from(10u32).pow(k),
    }
}

/// `10^exp` exactly.
pub fn pow10(exp: i32) -> Exact {
    let magnitude = pow10_int(exp.unsigned_abs());
    if exp >= 0 {
        Exact::from_integer(magnitude)
    } else {
        Exact::new_raw(BigInt::one(), magnitude)
    }
}

/// `n * 10^exp` in lowest terms, without a general gcd: a power of ten has
/// only the prime factors 2 and 5, so those are the only ones to cancel.
pub fn decimal_ratio(mut n: BigInt, exp: i32) -> Exact {
    if let Some(small) = n.to_i128()
        && let Some(exact) = decimal_ratio_small(small, exp)
    {
        return exact;
    }
    if exp >= 0 {
        return Exact::from_integer(n * pow10_int(exp as u32));
    }
    let k = exp.unsigned_abs();
    let (mut twos, mut fives) = (k, k);
    if n.is_zero() {
        return Exact::zero();
    }
    while twos > 0 && (&n % 2u32).is_zero() {
        n /= 2u32;
        twos -= 1;
    }
    while fives > 0 && (&n % 5u32).is_zero() {
        n /= 5u32;
        fives -= 1;
    }
    let denominator = BigInt::from(2u32).pow(twos) * BigInt::from(5u32).pow(fives);
    Exact::new_raw(n, denominator)
}

// Fast paths. Most endpoints are small: a claim in base units is usually an
// integer or a fraction with a small denominator. `BigRational` reduces every
// result with a general gcd on heap digits, which dominated a large run. The
// functions below compute with machine integers when both operands' numerator
// fits in an `i64` and denominator in a `u64`: every intermediate then fits in
// 128 bits, the result is reduced with a machine gcd, and it is built in the
// same lowest terms (positive denominator) `BigRational` would give, so the
// value and its `numer()`/`denom()` are identical. Anything larger falls back
// to `BigRational`'s own arithmetic. `tests/exact_fast.rs` checks both agree.

/// The value as `(numerator, denominator)` when both fit in machine words.
fn small(x: &Exact) -> Option<(i64, u64)> {
    Some((x.numer().to_i64()?, x.denom().to_u64()?))
}

/// The greatest common divisor (binary gcd); `gcd(0, b)` is `b`.
fn gcd_u128(mut a: u128, mut b: u128) -> u128 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// `±magnitude / denominator`, already in lowest terms with `denominator > 0`.
fn from_reduced(negative: bool, magnitude: u128, denominator: u128) -> Exact {
    let numer = BigInt::from(magnitude);
    Exact::new_raw(
        if negative { -numer } else { numer },
        BigInt::from(denominator),
    )
}

/// `numerator / denominator` in lowest terms (`denominator > 0`).
fn reduce_small(numerator: i128, denominator: u128) -> Exact {
    if numerator == 0 {
        return Exact::zero();
    }
    let magnitude = numerator.unsigned_abs();
    if denominator == 1 {
        return from_reduced(numerator < 0, magnitude, 1);
    }
    let g = gcd_u128(magnitude, denominator);
    from_reduced(numerator < 0, magnitude / g, denominator / g)
}

/// `a + b` exactly (a machine-integer fast path for small values).
pub fn add(a: &Exact, b: &Exact) -> Exact {
    add_signed(a, b, false)
}

/// `a - b` exactly (a machine-integer fast path for small values).
pub fn sub(a: &Exact, b: &Exact) -> Exact {
    add_signed(a, b, true)
}

fn add_signed(a: &Exact, b: &Exact, subtract: bool) -> Exact {
    if let (Some((an, ad)), Some((bn, bd))) = (small(a), small(b)) {
        let combine = |x: i128, y: i128| {
            if subtract {
                x.checked_sub(y)
            } else {
                x.checked_add(y)
            }
        };
        if ad == bd {
            // The same denominator (integers, most often): (an ± bn) / d.
            if let Some(n) = combine(i128::from(an), i128::from(bn)) {
                return reduce_small(n, u128::from(ad));
            }
        } else {
            // |an| <= 2^63 and bd < 2^64, so each cross product is below
            // 2^127; only their sum can overflow.
            let left = i128::from(an) * i128::from(bd);
            let right = i128::from(bn) * i128::from(ad);
            if let Some(n) = combine(left, right) {
                return reduce_small(n, u128::from(ad) * u128::from(bd));
            }
        }
    }
    if subtract { a - b } else { a + b }
}

/// `a * b` exactly (a machine-integer fast path for small values).
pub fn mul(a: &Exact, b: &Exact) -> Exact {
    if let (Some((an, ad)), Some((bn, bd))) = (small(a), small(b)) {
        if an == 0 || bn == 0 {
            return Exact::zero();
        }
        // Both operands are in lowest terms, so cancelling across them
        // leaves the product in lowest terms.
        let (am, bm) = (u128::from(an.unsigned_abs()), u128::from(bn.unsigned_abs()));
        let (ad, bd) = (u128::from(ad), u128::from(bd));
        let g1 = gcd_u128(am, bd);
        let g2 = gcd_u128(bm, ad);
        let magnitude = (am / g1) * (bm / g2);
        let denominator = (ad / g2) * (bd / g1);
        return from_reduced((an < 0) != (bn < 0), magnitude, denominator);
    }
    a * b
}

/// How `a` compares with `b` (a machine-integer fast path for small values).
pub fn cmp(a: &Exact, b: &Exact) -> std::cmp::Ordering {
    match (small(a), small(b)) {
        (Some((an, ad)), Some((bn, bd))) if ad == bd => an.cmp(&bn),
        (Some((an, ad)), Some((bn, bd))) => {
            (i128::from(an) * i128::from(bd)).cmp(&(i128::from(bn) * i128::from(ad)))
        }
        _ => a.cmp(b),
    }
}

/// [`decimal_ratio`] in machine integers: `None` when `10^|exp|` or the
/// product does not fit in 128 bits.
fn decimal_ratio_small(n: i128, exp: i32) -> Option<Exact> {
    if n == 0 {
        return Some(Exact::zero());
    }
    let k = exp.unsigned_abs();
    let power = 10u128.checked_pow(k)?;
    if exp >= 0 {
        let magnitude = n.unsigned_abs().checked_mul(power)?;
        return Some(from_reduced(n < 0, magnitude, 1));
    }
    // Cancel the 2s and 5s the numerator shares with 10^k.
    let mut magnitude = n.unsigned_abs();
    let twos = magnitude.trailing_zeros().min(k);
    magnitude >>= twos;
    let mut fives = 0;
    while fives < k && magnitude.is_multiple_of(5) {
        magnitude /= 5;
        fives += 1;
    }
    let denominator = (1u128 << (k - twos)) * 5u128.pow(k - fives);
    Some(from_reduced(n < 0, magnitude, denominator))
}

/// An exact integer.
pub fn int(value: i64) -> Exact {
    Exact::from_integer(BigInt::from(value))
}

/// Approximates `x` as an `f64` (for display and tests only, never for decisions).
pub fn to_f64(x: &Exact) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

/// Which way a shown number is rounded to its digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// To the nearest (ties away from zero).
    Nearest,
    /// Toward negative infinity: never above the exact value.
    Down,
    /// Toward positive infinity: never below the exact value.
    Up,
    /// Toward zero: never larger in magnitude than the exact value (a gap
    /// or a miss is never overstated).
    TowardZero,
}

/// Formats `x` with at most `significant` significant digits, trimming trailing
/// zeros: `12350000000` with 4 gives `12350000000`, `1/3` gives `0.3333`.
/// Display only: the digits shown are rounded to nearest.
pub fn format_significant(x: &Exact, significant: u32) -> String {
    format_rounded(x, significant, Rounding::Nearest)
}

/// Formats `x` with at most `significant` significant digits rounded as
/// `rounding` says, trailing zeros trimmed: an interval's lower end shown
/// [`Rounding::Down`] and its upper end [`Rounding::Up`] always hold it.
pub fn format_rounded(x: &Exact, significant: u32, rounding: Rounding) -> String {
    if x.is_zero() {
        return "0".to_owned();
    }
    let abs = x.abs();
    // Find e with 10^e <= abs < 10^(e+1).
    let mut e = estimate_log10(&abs);
    while pow10(e) > abs {
        e -= 1;
    }
    while pow10(e + 1) <= abs {
        e += 1;
    }
    let shift = significant as i32 - 1 - e;
    let scaled = x * pow10(shift);
    let n = match rounding {
        Rounding::Nearest => scaled.round(),
        Rounding::Down => scaled.floor(),
        Rounding::Up => scaled.ceil(),
        Rounding::TowardZero => scaled.trunc(),
    }
    .to_integer();
    let negative = n.is_negative();
    let digits = n.abs().to_string();
    // The value is digits × 10^-shift; a carry (9.9996 -> 10.00) only adds
    // a digit, which the trimming below drops.
    let point = digits.len() as i32 - shift;
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(digits.trim_end_matches('0'));
    } else if point as usize >= digits.len() {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        let (int, frac) = digits.split_at(point as usize);
        out.push_str(int);
        let frac = frac.trim_end_matches('0');
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
    }
    out
}

fn estimate_log10(abs: &Exact) -> i32 {
    let numer_digits = abs.numer().abs().to_string().len() as i32;
    let denom_digits = abs.denom().to_string().len() as i32;
    numer_digits - denom_digits
}

/// Formats an exact value in full when it is a terminating decimal with few
/// digits, otherwise with 6 significant digits.
pub fn format_exact(x: &Exact) -> String {
    format_significant(x, 6)
}

/// Whether `x` is an integer.
pub fn is_integer(x: &Exact) -> bool {
    x.is_integer()
}

/// The value `x` rounded to the nearest integer, ties away from zero.
pub fn round(x: &Exact) -> Exact {
    x.round()
}

/// Zero.
pub fn zero() -> Exact {
    Exact::zero()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_keeps_written_precision() {
        let a = Decimal::parse("5.40").unwrap_or(Decimal {
            mantissa: 0,
            exponent: 0,
        });
        let b = Decimal::parse("5.4").unwrap_or(Decimal {
            mantissa: 0,
            exponent: 0,
        });
        assert_eq!(a.value(), b.value());
        assert_eq!(a.ulp(), pow10(-2));
        assert_eq!(b.ulp(), pow10(-1));
    }

    #[test]
    fn decimal_ratios_are_in_lowest_terms() {
        for (n, exp) in [
            (135i64, -1),
            (2500, -3),
            (7, -2),
            (0, -4),
            (-40, -2),
            (3, 2),
        ] {
            let fast = decimal_ratio(BigInt::from(n), exp);
            let slow = Exact::new(BigInt::from(n), BigInt::from(1)) * pow10(exp);
            assert_eq!(fast, slow);
            assert_eq!(fast.numer(), slow.numer());
            assert_eq!(fast.denom(), slow.denom());
        }
    }

    #[test]
    fn decimal_rejects_too_many_digits() {
        assert!(Decimal::parse(&"9".repeat(39)).is_none());
        assert!(Decimal::parse(&"9".repeat(38)).is_some());
        assert!(Decimal::parse("1.2.3").is_none());
        assert!(Decimal::parse(".").is_none());
    }

    #[test]
    fn significant_formatting() {
        assert_eq!(format_significant(&int(12_350_000_000), 4), "12350000000");
        assert_eq!(format_significant(&(int(1) / int(3)), 4), "0.3333");
        assert_eq!(format_significant(&(int(99_996) / int(10_000)), 4), "10");
        assert_eq!(format_significant(&(int(-31) / int(1000)), 4), "-0.031");
        assert_eq!(format_significant(&int(0), 4), "0");
        assert_eq!(format_significant(&(int(5475) / int(1000)), 3), "5.48");
    }
}
