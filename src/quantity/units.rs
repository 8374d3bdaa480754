//! Units and dimensions.
//!
//! A [`Unit`] is a product of base dimensions with integer exponents and an exact
//! factor relative to the base units (day for time, W for power, one unit of
//! each currency and count). Each currency and each declared count unit is its
//! own dimension, so USD never mixes with CNY without an explicit rate.
//!
//! Time has two families: day-like units (second to week, fixed ratios) and
//! year-like units (month, quarter, year). Converting between the families
//! needs the year-length convention, so adding or comparing `USD/day` with
//! `USD/year` is an error; multiplying a daily rate by `1 year` is an explicit
//! conversion that uses the convention and says so in the diagnostic.

use crate::base::exact::{Exact, int, pow10};
use std::collections::BTreeSet;
use std::fmt;

/// A base dimension.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BaseDim {
    /// A currency, by ISO code.
    Currency(String),
    /// A count unit declared by the corpus, by singular name.
    Count(String),
    /// Power (base unit W). Energy is power times time.
    Power,
    /// Time (base unit day).
    Time,
}

/// Which family the time part of a unit was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeFamily {
    /// Second, minute, hour, day, week.
    Day,
    /// Month, quarter, year.
    Year,
    /// Both families occur in a surviving time exponent.
    Mixed,
}

/// The singular name of a time unit spelling (`d`, `days` → `day`;
/// `yr` → `year`), or `None` when `name` is not one.
pub fn time_unit(name: &str) -> Option<&'static str> {
    Some(match name {
        "s" | "sec" | "second" | "seconds" => "second",
        "min" | "minute" | "minutes" => "minute",
        "h" | "hr" | "hour" | "hours" => "hour",
        "d" | "day" | "days" => "day",
        "wk" | "week" | "weeks" => "week",
        "mo" | "month" | "months" => "month",
        "quarter" | "quarters" => "quarter",
        "yr" | "year" | "years" => "year",
        _ => return None,
    })
}

/// The largest exponent of a dimension in any unit (`USD^24`): far beyond
/// any real figure, and far inside the range of the `i8` that holds it.
pub const MAX_UNIT_EXPONENT: u8 = 24;

/// A unit: dimensions with exponents, and a factor to the base units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Sorted by dimension, no zero exponents.
    pub dims: Vec<(BaseDim, i8)>,
    /// Value of one of this unit in base units.
    pub factor: Exact,
    /// The family of the time exponent, when it is non-zero.
    pub time_family: Option<TimeFamily>,
}

/// Why two units cannot be combined by `+`, `-` or a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Incompatibility {
    /// Different dimensions.
    Dimensions,
    /// Same dimensions, but one is per day-like unit and the other per year-like unit.
    TimeFamilies,
}

impl Unit {
    /// The dimensionless unit with factor 1.
    pub fn one() -> Unit {
        Unit {
            dims: Vec::new(),
            factor: int(1),
            time_family: None,
        }
    }

    fn base(dim: BaseDim, factor: Exact, family: Option<TimeFamily>) -> Unit {
        Unit {
            dims: vec![(dim, 1)],
            factor,
            time_family: family,
        }
    }

    /// Whether the unit has no dimensions.
    pub fn is_dimensionless(&self) -> bool {
        self.dims.is_empty()
    }

    fn time_exponent(&self) -> i8 {
        self.dims
            .iter()
            .find(|(d, _)| *d == BaseDim::Time)
            .map_or(0, |(_, e)| *e)
    }

    /// `self * other`, and whether the product converted between the two time
    /// families (which uses the year-length convention). `None` when an
    /// exponent would pass [`MAX_UNIT_EXPONENT`].
    pub fn mul(&self, other: &Unit) -> Option<(Unit, bool)> {
        self.combine(other, 1)
    }

    /// `self / other`, and whether it used the year-length convention
    /// (`None` as for [`Unit::mul`]).
    pub fn div(&self, other: &Unit) -> Option<(Unit, bool)> {
        self.combine(other, -1)
    }

    fn combine(&self, other: &Unit, sign: i8) -> Option<(Unit, bool)> {
        let mut dims = self.dims.clone();
        for (dim, exp) in &other.dims {
            let add = sign * exp;
            match dims.iter_mut().find(|(d, _)| d == dim) {
                Some(entry) => entry.1 = entry.1.checked_add(add)?,
                None => dims.push((dim.clone(), add)),
            }
        }
        if dims
            .iter()
            .any(|(_, e)| e.unsigned_abs() > MAX_UNIT_EXPONENT)
        {
            return None;
        }
        dims.retain(|(_, e)| *e != 0);
        dims.sort();
        let factor = if sign > 0 {
            &self.factor * &other.factor
        } else {
            &self.factor / &other.factor
        };
        let crossed = matches!(
            (self.time_family, other.time_family),
            (Some(a), Some(b)) if a != b
        ) || self.time_family == Some(TimeFamily::Mixed)
            || other.time_family == Some(TimeFamily::Mixed);
        let mut unit = Unit {
            dims,
            factor,
            time_family: None,
        };
        if unit.time_exponent() != 0 {
            unit.time_family = match (self.time_family, other.time_family) {
                (Some(a), Some(b)) if a == b => Some(a),
                (Some(a), None) | (None, Some(a)) => Some(a),
                _ => Some(TimeFamily::Mixed),
            };
        }
        Some((unit, crossed))
    }

    /// `self ^ n` (`None` as for [`Unit::mul`]).
    pub fn powi(&self, n: i32) -> Option<Unit> {
        let mut unit = Unit::one();
        for _ in 0..n.unsigned_abs() {
            unit = if n >= 0 {
                unit.mul(self)?.0
            } else {
                unit.div(self)?.0
            };
        }
        Some(unit)
    }

    /// Whether values in `self` and `other` can be added or compared. Rates
    /// per day and per year (a negative time exponent in different families)
    /// need an explicit conversion; durations and energies convert with the
    /// year-length convention (see [`Unit::mixes_time_families`]).
    pub fn compatible(&self, other: &Unit) -> Result<(), Incompatibility> {
        if self.dims != other.dims {
            return Err(Incompatibility::Dimensions);
        }
        if self.time_exponent() < 0 && self.time_family != other.time_family {
            return Err(Incompatibility::TimeFamilies);
        }
        Ok(())
    }

    /// Whether combining `self` with compatible `other` converts between the
    /// day and year families (and so uses the year-length convention).
    pub fn mixes_time_families(&self, other: &Unit) -> bool {
        self.time_exponent() != 0 && self.time_family != other.time_family
    }

    /// The canonical unit to display values of these dimensions in, as a name
    /// and the factor of one such unit in base units. `USD/day` shows as
    /// `USD/day`, a per-year rate as `USD/year`, power times time as `Wh`.
    pub fn canonical(&self, year_length_days: &Exact) -> (String, Exact) {
        if self.dims.is_empty() {
            return (String::new(), int(1));
        }
        let mut factor = int(1);
        let mut numerator = Vec::new();
        let mut denominator = Vec::new();
        let energy =
            self.dims.contains(&(BaseDim::Power, 1)) && self.dims.contains(&(BaseDim::Time, 1));
        for (dim, exp) in &self.dims {
            let (name, base) = match dim {
                BaseDim::Currency(code) => (code.clone(), int(1)),
                BaseDim::Count(name) => (name.clone(), int(1)),
                BaseDim::Power if energy => ("Wh".to_owned(), int(1) / int(24)),
                BaseDim::Power => ("W".to_owned(), int(1)),
                BaseDim::Time if energy => continue,
                BaseDim::Time => match self.time_family {
                    Some(TimeFamily::Year) => ("year".to_owned(), year_length_days.clone()),
                    _ => ("day".to_owned(), int(1)),
                },
            };
            let n = exp.unsigned_abs();
            for _ in 0..n {
                if *exp > 0 {
                    factor *= &base;
                } else {
                    factor /= &base;
                }
            }
            let written = if n > 1 { format!("{name}^{n}") } else { name };
            if *exp > 0 {
                numerator.push(written);
            } else {
                denominator.push(written);
            }
        }
        let mut name = if numerator.is_empty() {
            "1".to_owned()
        } else {
            numerator.join("·")
        };
        if !denominator.is_empty() {
            name.push('/');
            if denominator.len() > 1 {
                name.push('(');
                name.push_str(&denominator.join("·"));
                name.push(')');
            } else {
                name.push_str(&denominator[0]);
            }
        }
        (name, factor)
    }

    /// A short description of the dimensions for error messages, e.g.
    /// `currency USD per time (day)`.
    pub fn describe(&self, year_length_days: &Exact) -> String {
        if self.dims.is_empty() {
            return "a plain number".to_owned();
        }
        self.canonical(year_length_days).0
    }
}

impl fmt::Display for BaseDim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BaseDim::Currency(code) => write!(f, "{code}"),
            BaseDim::Count(name) => write!(f, "{name}"),
            BaseDim::Power => write!(f, "power"),
            BaseDim::Time => write!(f, "time"),
        }
    }
}

/// ISO 4217 codes accepted as currencies (and `RMB`, read as `CNY`).
pub const CURRENCIES: &[&str] = &[
    "AED", "AUD", "BRL", "CAD", "CHF", "CNY", "EGP", "EUR", "GBP", "HKD", "IDR", "INR", "JPY",
    "KRW", "KWD", "MAD", "MXN", "NOK", "NZD", "QAR", "RUB", "SAR", "SEK", "SGD", "TRY", "TWD",
    "USD", "ZAR",
];

/// Resolves unit names against the built-in table and the corpus's declared
/// count units.
#[derive(Clone, Debug)]
pub struct UnitTable {
    /// Length of a year in days (a stated convention, 365 by default).
    pub year_length_days: Exact,
    counts: BTreeSet<String>,
}

impl UnitTable {
    /// A table with the given year length and no count units.
    pub fn new(year_length_days: Exact) -> UnitTable {
        UnitTable {
            year_length_days,
            counts: BTreeSet::new(),
        }
    }

    /// Declares a count unit (its plural with a trailing `s` is accepted too).
    pub fn declare_count(&mut self, name: &str) {
        self.counts.insert(name.to_owned());
    }

    /// Whether `name` is a declared count unit.
    pub fn is_declared(&self, name: &str) -> bool {
        self.counts.contains(name)
    }

    /// Every name the table knows, for "did you mean".
    pub fn known_names(&self) -> Vec<String> {
        let mut names: Vec<String> = CURRENCIES.iter().map(|s| (*s).to_owned()).collect();
        for n in [
            "%", "percent", "times", "x", "s", "second", "minute", "min", "hour", "h", "day",
            "week", "month", "quarter", "year", "W", "kW", "MW", "GW", "TW", "Wh", "kWh", "MWh",
            "GWh", "TWh",
        ] {
            names.push(n.to_owned());
        }
        names.extend(self.counts.iter().cloned());
        names
    }

    /// The known unit that `name` is another spelling of: another case
    /// (`usd`, `gw`), a plural (`days`, `users`), or a common name
    /// (`dollars`, `yuan`, `gigawatts`). `None` for a name that is none.
    pub fn spelling_of(&self, name: &str) -> Option<String> {
        const COMMON: &[(&str, &str)] = &[
            ("dollar", "USD"),
            ("usdollar", "USD"),
            ("euro", "EUR"),
            ("yuan", "CNY"),
            ("renminbi", "CNY"),
            ("rmb", "CNY"),
            ("pound", "GBP"),
            ("sterling", "GBP"),
            ("yen", "JPY"),
            ("riyal", "SAR"),
            ("dirham", "AED"),
            ("rupee", "INR"),
            ("won", "KRW"),
            ("pct", "%"),
            ("per cent", "%"),
            ("sec", "s"),
            ("hr", "h"),
            ("yr", "year"),
            ("watt", "W"),
            ("kilowatt", "kW"),
            ("megawatt", "MW"),
            ("gigawatt", "GW"),
            ("terawatt", "TW"),
        ];
        let known = self.known_names();
        let lower = name.to_lowercase();
        let singular = lower
            .strip_suffix("es")
            .filter(|s| s.ends_with(['s', 'x', 'h']))
            .or_else(|| lower.strip_suffix('s'))
            .unwrap_or(&lower);
        for candidate in [lower.as_str(), singular] {
            if let Some(k) = known
                .iter()
                .find(|k| k.to_lowercase() == candidate && *k != name)
            {
                return Some(k.clone());
            }
            if let Some((_, unit)) = COMMON.iter().find(|(common, _)| *common == candidate) {
                return Some((*unit).to_owned());
            }
        }
        None
    }

    /// The unit named `name`, or `None`.
    pub fn lookup(&self, name: &str) -> Option<Unit> {
        if name == "RMB" {
            return Some(Unit::base(
                BaseDim::Currency("CNY".to_owned()),
                int(1),
                None,
            ));
        }
        if CURRENCIES.contains(&name) {
            return Some(Unit::base(BaseDim::Currency(name.to_owned()), int(1), None));
        }
        if let Some(unit) = self.time(name) {
            return Some(unit);
        }
        if let Some(unit) = power_or_energy(name) {
            return Some(unit);
        }
        match name {
            "%" | "percent" => {
                return Some(Unit {
                    dims: Vec::new(),
                    factor: pow10(-2),
                    time_family: None,
                });
            }
            "times" | "x" => return Some(Unit::one()),
            _ => {}
        }
        if self.counts.contains(name) {
            return Some(Unit::base(BaseDim::Count(name.to_owned()), int(1), None));
        }
        if let Some(singular) = name.strip_suffix('s')
            && self.counts.contains(singular)
        {
            return Some(Unit::base(
                BaseDim::Count(singular.to_owned()),
                int(1),
                None,
            ));
        }
        None
    }

    fn time(&self, name: &str) -> Option<Unit> {
        let singular = time_unit(name)?;
        let (factor, family) = match singular {
            "second" => (int(1) / int(86_400), TimeFamily::Day),
            "minute" => (int(1) / int(1_440), TimeFamily::Day),
            "hour" => (int(1) / int(24), TimeFamily::Day),
            "day" => (int(1), TimeFamily::Day),
            "week" => (int(7), TimeFamily::Day),
            "month" => (&self.year_length_days / int(12), TimeFamily::Year),
            "quarter" => (&self.year_length_days / int(4), TimeFamily::Year),
            _ => (self.year_length_days.clone(), TimeFamily::Year),
        };
        Some(Unit::base(BaseDim::Time, factor, Some(family)))
    }
}

fn power_or_energy(name: &str) -> Option<Unit> {
    let (prefix, energy) = if let Some(p) = name.strip_suffix("Wh") {
        (p, true)
    } else if let Some(p) = name.strip_suffix('W') {
        (p, false)
    } else {
        return None;
    };
    let scale = match prefix {
        "" => 0,
        "k" => 3,
        "M" => 6,
        "G" => 9,
        "T" => 12,
        _ => return None,
    };
    let power = Unit::base(BaseDim::Power, pow10(scale), None);
    if energy {
        let hour = Unit::base(BaseDim::Time, int(1) / int(24), Some(TimeFamily::Day));
        Some(power.mul(&hour)?.0)
    } else {
        Some(power)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> UnitTable {
        let mut t = UnitTable::new(int(365));
        t.declare_count("user");
        t
    }

    fn unit(name: &str) -> Unit {
        table().lookup(name).unwrap_or_else(Unit::one)
    }

    #[test]
    fn currencies_are_separate_dimensions() {
        assert_eq!(
            unit("USD").compatible(&unit("CNY")),
            Err(Incompatibility::Dimensions)
        );
        assert_eq!(unit("RMB"), unit("CNY"));
    }

    #[test]
    fn per_day_and_per_year_do_not_mix_without_conversion() {
        let per_day = unit("USD").div(&unit("day")).expect("small exponents").0;
        let per_year = unit("USD").div(&unit("year")).expect("small exponents").0;
        assert_eq!(
            per_day.compatible(&per_year),
            Err(Incompatibility::TimeFamilies)
        );
        let (annual, crossed) = per_day.mul(&unit("year")).expect("small exponents");
        assert!(crossed);
        assert_eq!(annual.compatible(&unit("USD")), Ok(()));
        assert_eq!(annual.factor, int(365));
        let (total, crossed) = per_day.mul(&unit("days")).expect("small exponents");
        assert!(!crossed);
        assert_eq!(total, unit("USD"));
    }

    #[test]
    fn durations_and_energy_convert_with_the_convention() {
        assert_eq!(unit("year").compatible(&unit("day")), Ok(()));
        assert!(unit("year").mixes_time_families(&unit("day")));
        let gw_year = unit("GW").mul(&unit("year")).expect("small exponents").0;
        assert_eq!(gw_year.compatible(&unit("TWh")), Ok(()));
        assert_eq!(gw_year.factor / unit("TWh").factor, int(8760) / int(1000));
    }

    #[test]
    fn plural_counts_and_power() {
        assert_eq!(unit("users"), unit("user"));
        assert!(table().lookup("videos").is_none());
        assert_eq!(unit("GW").factor, pow10(9));
        let (name, factor) = unit("kWh").canonical(&int(365));
        assert_eq!(name, "Wh");
        assert_eq!(unit("kWh").factor / factor, pow10(3));
    }

    #[test]
    fn canonical_names() {
        let per_year = unit("USD").div(&unit("year")).expect("small exponents").0;
        assert_eq!(per_year.canonical(&int(365)).0, "USD/year");
        let per_user = unit("USD").div(&unit("user")).expect("small exponents").0;
        assert_eq!(per_user.canonical(&int(365)).0, "USD/user");
    }

    #[test]
    fn exponents_are_bounded_not_wrapped() {
        let usd = unit("USD");
        let big = usd.powi(i32::from(MAX_UNIT_EXPONENT)).expect("USD^24");
        assert_eq!(big.dims[0].1, 24);
        assert!(big.mul(&usd).is_none());
        assert!(big.div(&usd).is_some());
        // (USD^16)^16 used to wrap to USD^0 and compare with plain numbers.
        let sixteen = usd.powi(16).expect("USD^16");
        assert!(sixteen.powi(16).is_none());
        assert!(sixteen.powi(-16).is_none());
    }
}
