//! The machine-integer fast paths of `exact` (`add`, `sub`, `mul`, `cmp`,
//! `decimal_ratio`) give exactly what `BigRational` gives: the same value in
//! the same lowest terms, for random operands that straddle the fast path's
//! limits (numerators around `i64::MIN`/`i64::MAX`, denominators around
//! `u64::MAX`, sums and products that overflow 128 bits) as well as small
//! ones and ones far beyond machine words, which take the slow path.

use factlint::base::exact::{self, Exact};
use num_bigint::BigInt;
use proptest::prelude::*;

/// Integers near the edges of the fast path, small ones, and big ones.
fn integer() -> impl Strategy<Value = BigInt> {
    prop_oneof![
        (-1000i64..1000).prop_map(BigInt::from),
        any::<i64>().prop_map(BigInt::from),
        (-3i64..=3).prop_map(|d| BigInt::from(i64::MAX) + d),
        (-3i64..=3).prop_map(|d| BigInt::from(i64::MIN) + d),
        (-3i64..=3).prop_map(|d| BigInt::from(u64::MAX) + d),
        (0u32..12, 0u32..40).prop_map(|(m, k)| BigInt::from(m) * BigInt::from(10u32).pow(k)),
        any::<i128>().prop_map(BigInt::from),
        (any::<i128>(), any::<u64>()).prop_map(|(a, b)| BigInt::from(a) * BigInt::from(b)),
    ]
}

/// Denominators (positive) near the edges, small ones, and big ones.
fn denominator() -> impl Strategy<Value = BigInt> {
    prop_oneof![
        Just(BigInt::from(1)),
        (1u64..1000).prop_map(BigInt::from),
        (0u32..20, 0u32..20)
            .prop_map(|(a, b)| BigInt::from(2u32).pow(a) * BigInt::from(5u32).pow(b)),
        (1u64..=u64::MAX).prop_map(BigInt::from),
        (0u64..4).prop_map(|d| BigInt::from(u64::MAX) - d),
        (0u64..4).prop_map(|d| BigInt::from(u64::MAX) + 1 + d),
        (1u128..=u128::MAX).prop_map(BigInt::from),
    ]
}

fn rational() -> impl Strategy<Value = Exact> {
    (integer(), denominator()).prop_map(|(n, d)| Exact::new(n, d))
}

fn same(fast: &Exact, slow: &Exact) -> Result<(), TestCaseError> {
    prop_assert_eq!(fast.numer(), slow.numer());
    prop_assert_eq!(fast.denom(), slow.denom());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn arithmetic_agrees_with_big_rational(a in rational(), b in rational()) {
        same(&exact::add(&a, &b), &(&a + &b))?;
        same(&exact::sub(&a, &b), &(&a - &b))?;
        same(&exact::mul(&a, &b), &(&a * &b))?;
        prop_assert_eq!(exact::cmp(&a, &b), a.cmp(&b));
        prop_assert_eq!(exact::cmp(&a, &a), std::cmp::Ordering::Equal);
        same(&exact::add(&a, &a), &(&a + &a))?;
        same(&exact::sub(&a, &a), &(&a - &a))?;
        same(&exact::mul(&a, &a), &(&a * &a))?;
    }

    #[test]
    fn decimal_ratios_agree_with_big_rational(n in integer(), exp in -45i32..45) {
        let slow = Exact::from_integer(n.clone()) * exact::pow10(exp);
        same(&exact::decimal_ratio(n, exp), &slow)?;
    }
}

#[test]
fn extreme_operands_agree_with_big_rational() {
    let edges = [
        Exact::from_integer(BigInt::from(i64::MIN)),
        Exact::from_integer(BigInt::from(i64::MAX)),
        Exact::new(BigInt::from(i64::MIN), BigInt::from(u64::MAX)),
        Exact::new(BigInt::from(i64::MAX), BigInt::from(u64::MAX)),
        Exact::new(BigInt::from(i64::MIN + 1), BigInt::from(u64::MAX - 1)),
        Exact::new(BigInt::from(1), BigInt::from(u64::MAX)),
        Exact::new(BigInt::from(-1), BigInt::from(u64::MAX - 2)),
        Exact::from_integer(BigInt::from(0)),
    ];
    for a in &edges {
        for b in &edges {
            assert_eq!(exact::add(a, b), a + b);
            assert_eq!(exact::add(a, b).denom(), (a + b).denom());
            assert_eq!(exact::sub(a, b).numer(), (a - b).numer());
            assert_eq!(exact::sub(a, b).denom(), (a - b).denom());
            assert_eq!(exact::mul(a, b).numer(), (a * b).numer());
            assert_eq!(exact::mul(a, b).denom(), (a * b).denom());
            assert_eq!(exact::cmp(a, b), a.cmp(b));
        }
    }
}
