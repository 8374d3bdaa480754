//! Intervals with exact endpoints, open or closed, possibly unbounded.
//!
//! Every claim value is an [`Interval`], and every rule expression evaluates to
//! one. The arithmetic over-approximates: the result of `a op b` contains every
//! `x op y` with `x` in `a` and `y` in `b`, which is what makes a reported
//! failure (or an ordering's pass) true. Endpoints are exact rationals, and an
//! endpoint reached only through an open endpoint stays open, so touching
//! closed endpoints meet and touching open ones do not.

use crate::base::exact::{self, Exact};
use num_traits::{One, Signed, Zero};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

/// One end of an interval: a finite value, open or closed, or unbounded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bound {
    /// A finite endpoint. `closed` says whether the value itself belongs to the interval.
    Finite {
        /// The endpoint.
        value: Exact,
        /// Whether the endpoint is included.
        closed: bool,
    },
    /// No bound on this side (always open).
    Unbounded,
}

impl Bound {
    /// A closed endpoint at `value`.
    pub fn closed(value: Exact) -> Bound {
        Bound::Finite {
            value,
            closed: true,
        }
    }

    /// An open endpoint at `value`.
    pub fn open(value: Exact) -> Bound {
        Bound::Finite {
            value,
            closed: false,
        }
    }

    /// The finite value, if any.
    pub fn value(&self) -> Option<&Exact> {
        match self {
            Bound::Finite { value, .. } => Some(value),
            Bound::Unbounded => None,
        }
    }

    /// Whether the endpoint is finite and included.
    pub fn is_closed(&self) -> bool {
        matches!(self, Bound::Finite { closed: true, .. })
    }
}

/// A non-empty set of reals `{x : lo <= x <= hi}` with each end open or closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interval {
    /// Lower end (`Unbounded` means minus infinity).
    pub lo: Bound,
    /// Upper end (`Unbounded` means plus infinity).
    pub hi: Bound,
}

/// A signed extended real used while combining endpoints. A finite value
/// borrows an operand's endpoint until an operation makes a new one, so
/// combining intervals copies no endpoint it does not keep.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Ext<'a> {
    NegInf,
    Fin(Cow<'a, Exact>),
    PosInf,
}

impl Ext<'_> {
    fn cmp(&self, other: &Ext) -> Ordering {
        match (self, other) {
            (Ext::Fin(a), Ext::Fin(b)) => exact::cmp(a, b),
            (Ext::NegInf, Ext::NegInf) | (Ext::PosInf, Ext::PosInf) => Ordering::Equal,
            (Ext::NegInf, _) | (_, Ext::PosInf) => Ordering::Less,
            (Ext::PosInf, _) | (_, Ext::NegInf) => Ordering::Greater,
        }
    }

    fn sign(&self) -> i8 {
        match self {
            Ext::NegInf => -1,
            Ext::PosInf => 1,
            Ext::Fin(v) if v.is_zero() => 0,
            Ext::Fin(v) if v.is_negative() => -1,
            Ext::Fin(_) => 1,
        }
    }

    fn mul(&self, other: &Ext) -> Ext<'static> {
        match (self, other) {
            (Ext::Fin(a), Ext::Fin(b)) => Ext::Fin(Cow::Owned(exact::mul(a, b))),
            // Infinity times zero only arises at a corner where the other factor
            // is exactly zero, and the product there is zero.
            _ => match self.sign() * other.sign() {
                0 => Ext::Fin(Cow::Owned(Exact::zero())),
                1 => Ext::PosInf,
                _ => Ext::NegInf,
            },
        }
    }
}

/// A candidate endpoint: a value and whether it is attained.
#[derive(Clone, Debug)]
struct End<'a> {
    value: Ext<'a>,
    closed: bool,
}

impl Interval {
    /// The single point `[x, x]`.
    pub fn point(x: Exact) -> Interval {
        Interval {
            lo: Bound::closed(x.clone()),
            hi: Bound::closed(x),
        }
    }

    /// The closed interval `[lo, hi]`.
    pub fn closed(lo: Exact, hi: Exact) -> Interval {
        debug_assert!(lo <= hi);
        Interval {
            lo: Bound::closed(lo),
            hi: Bound::closed(hi),
        }
    }

    /// `(-inf, +inf)`.
    pub fn everything() -> Interval {
        Interval {
            lo: Bound::Unbounded,
            hi: Bound::Unbounded,
        }
    }

    fn lo_ext(&self) -> End<'_> {
        match &self.lo {
            Bound::Finite { value, closed } => End {
                value: Ext::Fin(Cow::Borrowed(value)),
                closed: *closed,
            },
            Bound::Unbounded => End {
                value: Ext::NegInf,
                closed: false,
            },
        }
    }

    fn hi_ext(&self) -> End<'_> {
        match &self.hi {
            Bound::Finite { value, closed } => End {
                value: Ext::Fin(Cow::Borrowed(value)),
                closed: *closed,
            },
            Bound::Unbounded => End {
                value: Ext::PosInf,
                closed: false,
            },
        }
    }

    fn from_ends(lo: End, hi: End) -> Interval {
        let to_bound = |end: End| match end.value {
            Ext::Fin(value) => Bound::Finite {
                value: value.into_owned(),
                closed: end.closed,
            },
            Ext::NegInf | Ext::PosInf => Bound::Unbounded,
        };
        Interval {
            lo: to_bound(lo),
            hi: to_bound(hi),
        }
    }

    /// Whether the interval is one point.
    pub fn is_point(&self) -> bool {
        match (&self.lo, &self.hi) {
            (Bound::Finite { value: a, .. }, Bound::Finite { value: b, .. }) => {
                exact::cmp(a, b) == Ordering::Equal
            }
            _ => false,
        }
    }

    /// The size of its largest finite end, in bits of numerator plus
    /// denominator: what an operation on it costs grows with this.
    pub fn bits(&self) -> u64 {
        [&self.lo, &self.hi]
            .into_iter()
            .filter_map(Bound::value)
            .map(|v| v.numer().bits() + v.denom().bits())
            .max()
            .unwrap_or(0)
    }

    /// Whether `x` belongs to the interval.
    pub fn contains(&self, x: &Exact) -> bool {
        let above_lo = match &self.lo {
            Bound::Finite { value, closed } => match exact::cmp(value, x) {
                Ordering::Less => true,
                Ordering::Equal => *closed,
                Ordering::Greater => false,
            },
            Bound::Unbounded => true,
        };
        let below_hi = match &self.hi {
            Bound::Finite { value, closed } => match exact::cmp(x, value) {
                Ordering::Less => true,
                Ordering::Equal => *closed,
                Ordering::Greater => false,
            },
            Bound::Unbounded => true,
        };
        above_lo && below_hi
    }

    /// `self + other`.
    pub fn add(&self, other: &Interval) -> Interval {
        let add = |a: End, b: End| {
            let value = match (a.value, b.value) {
                (Ext::Fin(x), Ext::Fin(y)) => Ext::Fin(Cow::Owned(exact::add(&x, &y))),
                (Ext::NegInf, _) | (_, Ext::NegInf) => Ext::NegInf,
                _ => Ext::PosInf,
            };
            End {
                value,
                closed: a.closed && b.closed,
            }
        };
        Interval::from_ends(
            add(self.lo_ext(), other.lo_ext()),
            add(self.hi_ext(), other.hi_ext()),
        )
    }

    /// `-self`.
    pub fn neg(&self) -> Interval {
        let flip = |b: &Bound| match b {
            Bound::Finite { value, closed } => Bound::Finite {
                value: -value,
                closed: *closed,
            },
            Bound::Unbounded => Bound::Unbounded,
        };
        Interval {
            lo: flip(&self.hi),
            hi: flip(&self.lo),
        }
    }

    /// `self - other`.
    pub fn sub(&self, other: &Interval) -> Interval {
        self.add(&other.neg())
    }

    /// `self * k` for a positive constant `k` (a unit's factor): each end is
    /// multiplied, nothing else changes. Free when `k` is one.
    pub fn scale(self, k: &Exact) -> Interval {
        debug_assert!(k.is_positive());
        if k.is_one() {
            return self;
        }
        let scale = |b: Bound| match b {
            Bound::Finite { value, closed } => Bound::Finite {
                value: exact::mul(&value, k),
                closed,
            },
            Bound::Unbounded => Bound::Unbounded,
        };
        Interval {
            lo: scale(self.lo),
            hi: scale(self.hi),
        }
    }

    /// `self * other`: the extremes of a product over a box lie at its corners.
    pub fn mul(&self, other: &Interval) -> Interval {
        let corners = [
            (self.lo_ext(), other.lo_ext()),
            (self.lo_ext(), other.hi_ext()),
            (self.hi_ext(), other.lo_ext()),
            (self.hi_ext(), other.hi_ext()),
        ];
        let mut products: Vec<End> = corners
            .iter()
            .map(|(a, b)| {
                let zero_a = a.closed && a.value.sign() == 0;
                let zero_b = b.closed && b.value.sign() == 0;
                End {
                    value: a.value.mul(&b.value),
                    // A product is attained if both factors are, or if one factor
                    // is an attained zero (then every partner gives zero).
                    closed: (a.closed && b.closed) || zero_a || zero_b,
                }
            })
            .collect();
        // The extremes by index (the first of equal values), attained if any
        // corner reaching them is.
        let (mut lo_at, mut hi_at) = (0, 0);
        let (mut lo_closed, mut hi_closed) = (products[0].closed, products[0].closed);
        for (i, p) in products.iter().enumerate().skip(1) {
            match p.value.cmp(&products[lo_at].value) {
                Ordering::Less => (lo_at, lo_closed) = (i, p.closed),
                Ordering::Equal => lo_closed |= p.closed,
                Ordering::Greater => {}
            }
            match p.value.cmp(&products[hi_at].value) {
                Ordering::Greater => (hi_at, hi_closed) = (i, p.closed),
                Ordering::Equal => hi_closed |= p.closed,
                Ordering::Less => {}
            }
        }
        let hi_value = products[hi_at].value.clone();
        let lo_value = products.swap_remove(lo_at).value;
        let mut lo = End {
            value: lo_value,
            closed: lo_closed,
        };
        let mut hi = End {
            value: hi_value,
            closed: hi_closed,
        };
        // Unbounded ends are never attained.
        if !matches!(lo.value, Ext::Fin(_)) {
            lo.closed = false;
        }
        if !matches!(hi.value, Ext::Fin(_)) {
            hi.closed = false;
        }
        Interval::from_ends(lo, hi)
    }

    /// Whether `0` belongs to the interval.
    pub fn contains_zero(&self) -> bool {
        self.contains(&Exact::zero())
    }

    /// `1 / self`, or `None` when the interval contains zero.
    pub fn recip(&self) -> Option<Interval> {
        if self.contains_zero() {
            return None;
        }
        // The interval lies on one side of zero; 1/x is decreasing there.
        let inv = |end: End| -> End {
            match end.value {
                Ext::Fin(v) if v.is_zero() => End {
                    // An open end at zero maps to an unbounded end.
                    value: Ext::PosInf,
                    closed: false,
                },
                Ext::Fin(v) => End {
                    value: Ext::Fin(Cow::Owned(v.recip())),
                    closed: end.closed,
                },
                Ext::NegInf | Ext::PosInf => End {
                    value: Ext::Fin(Cow::Owned(Exact::zero())),
                    closed: false,
                },
            }
        };
        let positive = match &self.lo {
            Bound::Finite { value, .. } => !value.is_negative(),
            Bound::Unbounded => false,
        };
        let mut lo = inv(self.hi_ext());
        let mut hi = inv(self.lo_ext());
        if !positive {
            // Negative side: an open end at zero maps to minus infinity.
            if matches!(lo.value, Ext::PosInf) {
                lo.value = Ext::NegInf;
            }
            if matches!(hi.value, Ext::PosInf) {
                hi.value = Ext::NegInf;
            }
        }
        Some(Interval::from_ends(lo, hi))
    }

    /// `self / other`, or `None` when `other` contains zero.
    pub fn div(&self, other: &Interval) -> Option<Interval> {
        Some(self.mul(&other.recip()?))
    }

    /// `|self|`.
    pub fn abs(&self) -> Interval {
        if self.certainly_compares(&Interval::point(Exact::zero()), Compare::Ge) {
            return self.clone();
        }
        if self.certainly_compares(&Interval::point(Exact::zero()), Compare::Le) {
            return self.neg();
        }
        // Straddles zero: [0, max(|lo|, |hi|)].
        let neg = self.neg();
        let hi = self.max(&neg).hi;
        Interval {
            lo: Bound::closed(Exact::zero()),
            hi,
        }
    }

    /// Pointwise minimum.
    pub fn min(&self, other: &Interval) -> Interval {
        Interval {
            lo: pick_lower(&self.lo, &other.lo, true),
            hi: pick_lower(&self.hi, &other.hi, false),
        }
    }

    /// Pointwise maximum.
    pub fn max(&self, other: &Interval) -> Interval {
        self.neg().min(&other.neg()).neg()
    }

    /// `self ^ n` for an integer exponent: `x^n` is monotone on each side of
    /// zero, so odd powers map the ends and even powers map the ends of `|x|`.
    /// `None` when `n < 0` and the interval contains zero.
    pub fn powi(&self, n: i32) -> Option<Interval> {
        if n == 0 {
            return Some(Interval::point(crate::base::exact::int(1)));
        }
        if n < 0 {
            return self.powi(-n)?.recip();
        }
        let base = if n % 2 == 0 { self.abs() } else { self.clone() };
        let map = |b: &Bound| match b {
            Bound::Finite { value, closed } => Bound::Finite {
                value: num_traits::pow::Pow::pow(value, n.unsigned_abs()),
                closed: *closed,
            },
            Bound::Unbounded => Bound::Unbounded,
        };
        Some(Interval {
            lo: map(&base.lo),
            hi: map(&base.hi),
        })
    }

    /// The smallest interval containing both (their hull).
    pub fn hull(&self, other: &Interval) -> Interval {
        let neg_min = self.neg().max(&other.neg()).neg();
        let lo = neg_min.lo;
        let hi = self.max(other).hi;
        Interval { lo, hi }
    }

    /// Whether some point belongs to both intervals.
    pub fn meets(&self, other: &Interval) -> bool {
        // They meet unless one lies wholly below the other.
        !(below(&self.hi, &other.lo) || below(&other.hi, &self.lo))
    }

    /// Whether every pair `x in self`, `y in other` satisfies `x op y`.
    pub fn certainly_compares(&self, other: &Interval, op: Compare) -> bool {
        match op {
            // x < y for all: sup self < inf other, or equal with one end open.
            Compare::Lt => below(&self.hi, &other.lo),
            Compare::Le => below_or_touch(&self.hi, &other.lo),
            Compare::Gt => below(&other.hi, &self.lo),
            Compare::Ge => below_or_touch(&other.hi, &self.lo),
        }
    }

    /// Whether some pair `x in self`, `y in other` satisfies `x op y`.
    pub fn possibly_compares(&self, other: &Interval, op: Compare) -> bool {
        match op {
            Compare::Lt => !other.certainly_compares(self, Compare::Le),
            Compare::Le => !other.certainly_compares(self, Compare::Lt),
            Compare::Gt => !self.certainly_compares(other, Compare::Le),
            Compare::Ge => !self.certainly_compares(other, Compare::Lt),
        }
    }

    /// The width `hi - lo`, or `None` when unbounded.
    pub fn width(&self) -> Option<Exact> {
        Some(exact::sub(self.hi.value()?, self.lo.value()?))
    }

    /// The distance between two disjoint intervals (zero when they meet).
    pub fn gap(&self, other: &Interval) -> Exact {
        if let (Some(a), Some(b)) = (self.hi.value(), other.lo.value())
            && exact::cmp(a, b) == Ordering::Less
        {
            return exact::sub(b, a);
        }
        if let (Some(a), Some(b)) = (other.hi.value(), self.lo.value())
            && exact::cmp(a, b) == Ordering::Less
        {
            return exact::sub(b, a);
        }
        Exact::zero()
    }

    /// Whether one integer lies in the interval.
    pub fn contains_integer(&self) -> bool {
        let lo = match &self.lo {
            Bound::Finite { value, closed } => {
                let c = value.ceil();
                if !closed && &c == value {
                    c + crate::base::exact::int(1)
                } else {
                    c
                }
            }
            Bound::Unbounded => return true,
        };
        self.contains(&lo) || matches!(self.hi, Bound::Unbounded)
    }
}

/// An ordering comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compare {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// Whether every point up to `hi` is below every point from `lo` (strictly).
fn below(hi: &Bound, lo: &Bound) -> bool {
    match (hi, lo) {
        (
            Bound::Finite {
                value: a,
                closed: ca,
            },
            Bound::Finite {
                value: b,
                closed: cb,
            },
        ) => match exact::cmp(a, b) {
            Ordering::Less => true,
            Ordering::Equal => !(*ca && *cb),
            Ordering::Greater => false,
        },
        _ => false,
    }
}

/// Whether every point up to `hi` is at most every point from `lo`.
fn below_or_touch(hi: &Bound, lo: &Bound) -> bool {
    match (hi, lo) {
        (Bound::Finite { value: a, .. }, Bound::Finite { value: b, .. }) => {
            exact::cmp(a, b) != Ordering::Greater
        }
        _ => false,
    }
}

/// The lower of two bounds on the same side (`lower_side` says whether they
/// are lower ends, where `Unbounded` means minus infinity).
fn pick_lower(a: &Bound, b: &Bound, lower_side: bool) -> Bound {
    match (a, b) {
        (Bound::Unbounded, other) | (other, Bound::Unbounded) => {
            if lower_side {
                Bound::Unbounded
            } else {
                other.clone()
            }
        }
        (
            Bound::Finite {
                value: x,
                closed: cx,
            },
            Bound::Finite {
                value: y,
                closed: cy,
            },
        ) => match exact::cmp(x, y) {
            Ordering::Less => a.clone(),
            Ordering::Greater => b.clone(),
            Ordering::Equal => Bound::Finite {
                value: x.clone(),
                // On lower ends the minimum reaches the shared value when either
                // operand does; on upper ends only when both do.
                closed: if lower_side { *cx || *cy } else { *cx && *cy },
            },
        },
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lo = match &self.lo {
            Bound::Finite { value, closed } => {
                format!(
                    "{}{}",
                    if *closed { "[" } else { "(" },
                    crate::base::exact::format_exact(value)
                )
            }
            Bound::Unbounded => "(-inf".to_owned(),
        };
        let hi = match &self.hi {
            Bound::Finite { value, closed } => {
                format!(
                    "{}{}",
                    crate::base::exact::format_exact(value),
                    if *closed { "]" } else { ")" }
                )
            }
            Bound::Unbounded => "inf)".to_owned(),
        };
        write!(f, "{lo}, {hi}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::exact::int;

    fn iv(lo: i64, hi: i64) -> Interval {
        Interval::closed(int(lo), int(hi))
    }

    #[test]
    fn addition_and_product() {
        assert_eq!(iv(1, 2).add(&iv(3, 4)), iv(4, 6));
        assert_eq!(iv(-1, 2).mul(&iv(3, 4)), iv(-4, 8));
        assert_eq!(iv(-2, -1).mul(&iv(-3, 4)), iv(-8, 6));
    }

    #[test]
    fn open_ends_propagate() {
        let a = Interval {
            lo: Bound::open(int(1)),
            hi: Bound::closed(int(2)),
        };
        let sum = a.add(&iv(0, 0));
        assert_eq!(sum.lo, Bound::open(int(1)));
        // An attained zero factor makes the product's zero attained.
        let z = iv(0, 1).mul(&a);
        assert_eq!(z.lo, Bound::closed(int(0)));
    }

    #[test]
    fn division_by_interval_with_zero_is_refused() {
        assert!(iv(1, 2).div(&iv(-1, 1)).is_none());
        let half_open = Interval {
            lo: Bound::open(int(0)),
            hi: Bound::closed(int(2)),
        };
        let r = iv(1, 1)
            .div(&half_open)
            .unwrap_or_else(Interval::everything);
        assert_eq!(
            r.lo,
            Bound::Finite {
                value: int(1) / int(2),
                closed: true
            }
        );
        assert_eq!(r.hi, Bound::Unbounded);
    }

    #[test]
    fn touching_closed_ends_meet_open_do_not() {
        assert!(iv(1, 2).meets(&iv(2, 3)));
        let open = Interval {
            lo: Bound::open(int(2)),
            hi: Bound::closed(int(3)),
        };
        assert!(!iv(1, 2).meets(&open));
        assert!(iv(1, 2).certainly_compares(&open, Compare::Lt));
        assert!(!iv(1, 2).certainly_compares(&iv(2, 3), Compare::Lt));
        assert!(iv(1, 2).certainly_compares(&iv(2, 3), Compare::Le));
    }

    #[test]
    fn abs_min_max_pow() {
        assert_eq!(iv(-3, 2).abs(), iv(0, 3));
        assert_eq!(iv(1, 5).min(&iv(2, 3)), iv(1, 3));
        assert_eq!(iv(1, 5).max(&iv(2, 3)), iv(2, 5));
        assert_eq!(iv(-2, 3).powi(2), Some(iv(0, 9)));
        assert_eq!(iv(-2, 3).powi(3), Some(iv(-8, 27)));
    }

    #[test]
    fn integers_inside() {
        assert!(iv(1, 1).contains_integer());
        let open = Interval {
            lo: Bound::open(int(1)),
            hi: Bound::open(int(2)),
        };
        assert!(!open.contains_integer());
        let frac = Interval::closed(int(11) / int(10), int(19) / int(10));
        assert!(!frac.contains_integer());
    }
}
