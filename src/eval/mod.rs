//! Interval evaluation of resolved rules and the three outcomes.
//!
//! **The evaluator does no I/O and looks no name up**: it walks [`Node`] trees
//! over the claims' precomputed intervals. A condition evaluates to a
//! [`Truth`]; an assertion's truth maps to pass, fail or unproven as DESIGN.md
//! defines them. When an assertion is undecided and a claim occurs in it more
//! than once, the evaluator splits that claim's interval into parts and
//! evaluates each, which removes the widening plain interval arithmetic causes.

use crate::base::exact::{Exact, int, pow10};
use crate::base::span::Span;
use crate::corpus::{ClaimId, Corpus};
use crate::quantity::interval::{Bound, Compare, Interval};
use crate::resolve::{Assertion, AtomTest, Node, ResolvedRule, ResolvedTolerance};
use crate::syntax::ast::CmpOp;
use num_traits::{Signed, Zero};

/// What an assertion's condition is known to do over the claims' intervals.
/// Ordered from weakest to strongest: `and` takes the minimum, `or` the maximum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Truth {
    /// Holds for no values.
    Never,
    /// An ordering that holds for some values and not for others.
    Sometimes,
    /// An equality that holds for some values: the figures agree.
    Agrees,
    /// Holds for every value.
    Always,
}

impl Truth {
    fn not(self) -> Truth {
        match self {
            Truth::Never => Truth::Always,
            Truth::Always => Truth::Never,
            Truth::Sometimes | Truth::Agrees => Truth::Sometimes,
        }
    }

    /// The truth over a union of parts, given each part's truth.
    fn union(parts: &[Truth]) -> Truth {
        let first = parts[0];
        if parts.iter().all(|t| *t == first) {
            first
        } else if parts.contains(&Truth::Agrees) {
            Truth::Agrees
        } else {
            Truth::Sometimes
        }
    }

    /// The outcome this truth gives an assertion.
    pub fn outcome(self) -> Outcome {
        match self {
            Truth::Never => Outcome::Fail,
            Truth::Sometimes => Outcome::Unproven,
            Truth::Agrees | Truth::Always => Outcome::Pass,
        }
    }
}

/// The outcome of an assertion or a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// Holds (for every value, or for an equality, for some).
    Pass,
    /// Depends on digits the sources rounded away.
    Unproven,
    /// The figures cannot all be true as written.
    Fail,
    /// The rule could not be evaluated.
    Error,
}

impl Outcome {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Unproven => "unproven",
            Outcome::Fail => "fail",
            Outcome::Error => "error",
        }
    }
}

/// A failure to evaluate (the rule's outcome becomes [`Outcome::Error`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvalError {
    /// Division by an interval that contains zero; the span is the divisor's.
    DivisionByZero(Box<DivisionByZero>),
    /// An intermediate value's exact numerator and denominator grew past
    /// [`MAX_BITS`] (`x ^ 16` nested through `let`s, say): the bound on the
    /// work one assertion may take. Carries the size reached.
    TooLarge(u64),
}

/// The largest exact value an evaluation may hold, in bits of numerator plus
/// denominator (about 4,900 decimal digits). Real figures stay far below it: a
/// product of a hundred 38-digit claims is about 12,600 bits. Each operation's
/// inputs are under the bound, so no single step (at most `^ 16`) can take long.
pub const MAX_BITS: u64 = 16_384;

/// The details of a division by an interval that contains zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DivisionByZero {
    /// The divisor's span.
    pub span: Span,
    /// Its interval.
    pub divisor: Interval,
    /// The unit to show it in.
    pub unit: (String, Exact),
}

/// One comparison's evaluation, for the diagnostic.
#[derive(Clone, Debug)]
pub struct AtomResult {
    /// Index into the assertion's atoms.
    pub atom: usize,
    /// Left side's interval, in base units.
    pub lhs: Interval,
    /// Right side's interval (for `in`, the range), in base units.
    pub rhs: Interval,
    /// For `~=`: the right side widened by the tolerance.
    pub widened: Option<Interval>,
    /// Its truth.
    pub truth: Truth,
}

/// One assertion's evaluation.
#[derive(Clone, Debug)]
pub struct AssertionResult {
    /// Its truth.
    pub truth: Truth,
    /// Its outcome.
    pub outcome: Outcome,
    /// Each comparison's values (over the claims' whole intervals).
    pub atoms: Vec<AtomResult>,
    /// Claims whose intervals were split to decide it, and into how many parts.
    pub split: Option<(Vec<ClaimId>, usize)>,
    /// The truth before splitting.
    pub unsplit_truth: Truth,
    /// The evaluation error, if any.
    pub error: Option<EvalError>,
}

impl AssertionResult {
    /// The outcome the comparisons' own truths give, before any splitting.
    pub fn atoms_truth_outcome(&self) -> Outcome {
        self.unsplit_truth.outcome()
    }
}

/// A rule's evaluation.
#[derive(Clone, Debug)]
pub struct RuleResult {
    /// The rule's outcome: the worst of its assertions', or error.
    pub outcome: Outcome,
    /// Each assertion's result.
    pub assertions: Vec<AssertionResult>,
}

/// How many parts a repeated claim's interval is split into.
pub const SPLIT_PARTS: usize = 16;
/// At most this many repeated claims are split together.
pub const MAX_SPLIT_CLAIMS: usize = 2;
/// Splitting evaluates an assertion once per combination of parts (up to
/// 16² = 256 times): it is done only when that many evaluations take at most
/// this many numeric steps in all (an assertion of some 400 operations with
/// two repeated claims; a `sum` over a thousand keyed claims is not split)...
pub const SPLIT_BUDGET: usize = 100_000;
/// ...and when no value is larger than this many bits (exact arithmetic on
/// large values costs more than the steps count).
pub const MAX_SPLIT_BITS: u64 = 2_048;

/// Evaluates one resolved rule.
pub fn evaluate_rule(rule: &ResolvedRule, corpus: &Corpus) -> RuleResult {
    if !rule.errors.is_empty() {
        return RuleResult {
            outcome: Outcome::Error,
            assertions: Vec::new(),
        };
    }
    let assertions: Vec<AssertionResult> = rule
        .assertions
        .iter()
        .map(|assertion| evaluate_assertion(rule, assertion, corpus))
        .collect();
    let outcome = assertions
        .iter()
        .map(|a| a.outcome)
        .max()
        .unwrap_or(Outcome::Pass);
    RuleResult {
        outcome,
        assertions,
    }
}

/// Evaluates one assertion, splitting repeated claims when undecided.
pub fn evaluate_assertion(
    rule: &ResolvedRule,
    assertion: &Assertion,
    corpus: &Corpus,
) -> AssertionResult {
    evaluate_assertion_with(rule, assertion, corpus, &[])
}

/// Evaluates one assertion as [`evaluate_assertion`] does, with some claims'
/// intervals replaced: what the rule would give were they written otherwise
/// (`factlint explain`'s "what would make it pass").
pub fn evaluate_assertion_with(
    rule: &ResolvedRule,
    assertion: &Assertion,
    corpus: &Corpus,
    replaced: &[(ClaimId, Interval)],
) -> AssertionResult {
    let mut ctx = Context::new(rule, corpus, replaced.to_vec());
    let mut atoms = Vec::new();
    let truth = match ctx.condition(&assertion.condition, assertion, Some(&mut atoms)) {
        Ok(t) => t,
        Err(error) => {
            return AssertionResult {
                truth: Truth::Sometimes,
                outcome: Outcome::Error,
                atoms,
                split: None,
                unsplit_truth: Truth::Sometimes,
                error: Some(error),
            };
        }
    };
    atoms.sort_by_key(|a| a.atom);
    let mut result = AssertionResult {
        truth,
        outcome: truth.outcome(),
        atoms,
        split: None,
        unsplit_truth: truth,
        error: None,
    };
    let claims: Vec<ClaimId> = assertion
        .repeated
        .iter()
        .copied()
        .take(MAX_SPLIT_CLAIMS)
        .collect();
    let evaluations = SPLIT_PARTS.pow(claims.len() as u32);
    let affordable =
        ctx.steps.saturating_mul(evaluations) <= SPLIT_BUDGET && ctx.max_bits <= MAX_SPLIT_BITS;
    if matches!(truth, Truth::Sometimes | Truth::Agrees)
        && !claims.is_empty()
        && affordable
        && let Some(split_truth) = split_evaluate(rule, assertion, corpus, &claims, replaced)
    {
        if split_truth != truth {
            result.truth = split_truth;
            result.outcome = split_truth.outcome();
        }
        result.split = Some((claims, SPLIT_PARTS));
    }
    result
}

/// Evaluates the assertion over every combination of parts of `claims`'
/// intervals. `None` when a claim is unbounded or a part fails to evaluate.
fn split_evaluate(
    rule: &ResolvedRule,
    assertion: &Assertion,
    corpus: &Corpus,
    claims: &[ClaimId],
    replaced: &[(ClaimId, Interval)],
) -> Option<Truth> {
    let value = |id: &ClaimId| {
        replaced
            .iter()
            .find(|(r, _)| r == id)
            .map_or(&corpus.get(*id).value, |(_, v)| v)
    };
    let parts: Vec<Vec<Interval>> = claims
        .iter()
        .map(|id| split(value(id), SPLIT_PARTS))
        .collect::<Option<_>>()?;
    let mut truths = Vec::new();
    let mut index = vec![0usize; claims.len()];
    loop {
        // The parts first: a claim's part takes the place of its value.
        let overrides: Vec<(ClaimId, Interval)> = claims
            .iter()
            .zip(&index)
            .zip(&parts)
            .map(|((id, i), p)| (*id, p[*i].clone()))
            .chain(replaced.iter().cloned())
            .collect();
        let mut ctx = Context::new(rule, corpus, overrides);
        truths.push(ctx.condition(&assertion.condition, assertion, None).ok()?);
        // Next combination.
        let mut k = 0;
        loop {
            if k == index.len() {
                return Some(Truth::union(&truths));
            }
            index[k] += 1;
            if index[k] < parts[k].len() {
                break;
            }
            index[k] = 0;
            k += 1;
        }
    }
}

/// The interval of one numeric node of `rule` (a sub-expression, as
/// [`crate::resolve::resolve_traced`] records them) over the claims'
/// intervals, some replaced.
pub fn evaluate_number(
    rule: &ResolvedRule,
    node: &Node,
    corpus: &Corpus,
    replaced: &[(ClaimId, Interval)],
) -> Result<Interval, EvalError> {
    Context::new(rule, corpus, replaced.to_vec()).number(node)
}

/// Splits a bounded interval into `n` parts that cover it (closed at the cuts).
fn split(interval: &Interval, n: usize) -> Option<Vec<Interval>> {
    let lo = interval.lo.value()?.clone();
    let hi = interval.hi.value()?.clone();
    if lo == hi {
        return Some(vec![interval.clone()]);
    }
    use crate::base::exact::{add, mul, sub};
    let step = mul(&sub(&hi, &lo), &(int(1) / int(n as i64)));
    Some(
        (0..n)
            .map(|i| {
                let a = add(&lo, &mul(&step, &int(i as i64)));
                let b = if i + 1 == n {
                    hi.clone()
                } else {
                    add(&lo, &mul(&step, &int(i as i64 + 1)))
                };
                Interval {
                    lo: if i == 0 {
                        interval.lo.clone()
                    } else {
                        Bound::closed(a)
                    },
                    hi: if i + 1 == n {
                        interval.hi.clone()
                    } else {
                        Bound::closed(b)
                    },
                }
            })
            .collect(),
    )
}

struct Context<'a> {
    rule: &'a ResolvedRule,
    corpus: &'a Corpus,
    overrides: Vec<(ClaimId, Interval)>,
    slots: Vec<Option<Interval>>,
    /// Numeric nodes evaluated, and the largest value's size in bits: what
    /// an evaluation cost, to decide whether splitting may repeat it.
    steps: usize,
    max_bits: u64,
}

impl<'a> Context<'a> {
    fn new(
        rule: &'a ResolvedRule,
        corpus: &'a Corpus,
        overrides: Vec<(ClaimId, Interval)>,
    ) -> Context<'a> {
        Context {
            rule,
            corpus,
            overrides,
            slots: vec![None; rule.slots.len()],
            steps: 0,
            max_bits: 0,
        }
    }

    fn number(&mut self, node: &Node) -> Result<Interval, EvalError> {
        let value = self.compute(node)?;
        self.account(value.bits())?;
        Ok(value)
    }

    /// Counts one numeric step whose value has `bits` bits.
    fn account(&mut self, bits: u64) -> Result<(), EvalError> {
        self.steps += 1;
        if bits > MAX_BITS {
            return Err(EvalError::TooLarge(bits));
        }
        self.max_bits = self.max_bits.max(bits);
        Ok(())
    }

    /// A claim's interval: its part while splitting, else its value.
    fn claim_value(&self, id: ClaimId) -> &Interval {
        match self.overrides.iter().find(|(o, _)| *o == id) {
            Some((_, v)) => v,
            None => &self.corpus.get(id).value,
        }
    }

    fn compute(&mut self, node: &Node) -> Result<Interval, EvalError> {
        Ok(match node {
            Node::Const(v) => (**v).clone(),
            Node::Claim(id) => self.claim_value(*id).clone(),
            Node::Slot(slot) => {
                if let Some(v) = &self.slots[*slot] {
                    return Ok(v.clone());
                }
                let v = self.number(&self.rule.slots[*slot])?;
                self.slots[*slot] = Some(v.clone());
                v
            }
            Node::Neg(x) => self.number(x)?.neg(),
            Node::Add(a, b) => self.number(a)?.add(&self.number(b)?),
            Node::Sub(a, b) => self.number(a)?.sub(&self.number(b)?),
            Node::Mul(a, b) => self.number(a)?.mul(&self.number(b)?),
            Node::Div(a, b, span, unit) => {
                let (a, b) = (self.number(a)?, self.number(b)?);
                match a.div(&b) {
                    Some(v) => v,
                    None => {
                        return Err(EvalError::DivisionByZero(Box::new(DivisionByZero {
                            span: *span,
                            divisor: b,
                            unit: (**unit).clone(),
                        })));
                    }
                }
            }
            Node::Pow(x, n, span) => {
                let x = self.number(x)?;
                match x.powi(*n) {
                    Some(v) => v,
                    None => {
                        return Err(EvalError::DivisionByZero(Box::new(DivisionByZero {
                            span: *span,
                            divisor: x,
                            unit: (String::new(), int(1)),
                        })));
                    }
                }
            }
            Node::Min(xs) | Node::Max(xs) | Node::Sum(xs) => {
                // Folded as each argument is evaluated, with a claim's
                // interval read in place (a `sum` over keyed claims, split
                // sixteen ways, would otherwise copy every claim each time).
                let mut acc: Option<Interval> = None;
                for x in xs {
                    let owned;
                    let v = if let Node::Claim(id) = x {
                        let bits = self.claim_value(*id).bits();
                        self.account(bits)?;
                        self.claim_value(*id)
                    } else {
                        owned = self.number(x)?;
                        &owned
                    };
                    acc = Some(match acc {
                        None => v.clone(),
                        Some(acc) => match node {
                            Node::Min(_) => acc.min(v),
                            Node::Max(_) => acc.max(v),
                            _ => acc.add(v),
                        },
                    });
                }
                // The resolver gives every aggregate at least one argument.
                acc.unwrap_or_else(Interval::everything)
            }
            Node::Abs(x) => self.number(x)?.abs(),
            Node::Round(x, factor, digits) => round(&self.number(x)?, factor, *digits),
            Node::Compare(_) | Node::Not(_) | Node::And(..) | Node::Or(..) => {
                Interval::everything()
            }
        })
    }

    fn condition(
        &mut self,
        node: &Node,
        assertion: &Assertion,
        mut trace: Option<&mut Vec<AtomResult>>,
    ) -> Result<Truth, EvalError> {
        Ok(match node {
            Node::Not(c) => self.condition(c, assertion, trace)?.not(),
            Node::And(a, b) => {
                let a = self.condition(a, assertion, trace.as_deref_mut())?;
                let b = self.condition(b, assertion, trace)?;
                a.min(b)
            }
            Node::Or(a, b) => {
                let a = self.condition(a, assertion, trace.as_deref_mut())?;
                let b = self.condition(b, assertion, trace)?;
                a.max(b)
            }
            Node::Compare(index) => {
                let result = self.atom(*index, assertion)?;
                let truth = result.truth;
                if let Some(trace) = trace {
                    trace.push(result);
                }
                truth
            }
            _ => Truth::Sometimes,
        })
    }

    fn atom(&mut self, index: usize, assertion: &Assertion) -> Result<AtomResult, EvalError> {
        let atom = &assertion.atoms[index];
        Ok(match &atom.test {
            AtomTest::Compare(op, lhs, rhs, tolerance) => {
                let a = self.number(lhs)?;
                let b = self.number(rhs)?;
                let mut widened = None;
                let truth = match op {
                    CmpOp::Lt => ordering(&a, &b, Compare::Lt),
                    CmpOp::Le => ordering(&a, &b, Compare::Le),
                    CmpOp::Gt => ordering(&a, &b, Compare::Gt),
                    CmpOp::Ge => ordering(&a, &b, Compare::Ge),
                    CmpOp::Eq => equality(&a, &b),
                    CmpOp::Ne => equality(&a, &b).not(),
                    CmpOp::Approx => {
                        let (wide, narrow) = match tolerance {
                            None => {
                                let t =
                                    Interval::point(self.corpus.defaults.about_tolerance.clone());
                                relative_band(&b, &t)
                            }
                            Some(ResolvedTolerance::Relative(t)) => {
                                relative_band(&b, &self.number(t)?.abs())
                            }
                            Some(ResolvedTolerance::Absolute(d)) => {
                                absolute_band(&b, &self.number(d)?.abs())
                            }
                        };
                        let truth = if !a.meets(&wide) {
                            Truth::Never
                        } else if narrow.as_ref().is_some_and(|n| contains_interval(n, &a)) {
                            Truth::Always
                        } else {
                            Truth::Agrees
                        };
                        widened = Some(wide);
                        truth
                    }
                };
                AtomResult {
                    atom: index,
                    lhs: a,
                    rhs: b,
                    widened,
                    truth,
                }
            }
            AtomTest::In(x, lo, hi) => {
                let x = self.number(x)?;
                let lo = self.number(lo)?;
                let hi = self.number(hi)?;
                let truth = ordering(&x, &lo, Compare::Ge).min(ordering(&x, &hi, Compare::Le));
                let range = Interval {
                    lo: lo.lo.clone(),
                    hi: hi.hi.clone(),
                };
                AtomResult {
                    atom: index,
                    lhs: x,
                    rhs: range,
                    widened: None,
                    truth,
                }
            }
            AtomTest::Whole(x, factor) => {
                let value = self.number(x)?;
                let in_unit = value.mul(&Interval::point(factor.recip()));
                let truth =
                    if in_unit.is_point() && in_unit.lo.value().is_some_and(Exact::is_integer) {
                        Truth::Always
                    } else if in_unit.contains_integer() {
                        Truth::Agrees
                    } else {
                        Truth::Never
                    };
                AtomResult {
                    atom: index,
                    lhs: value.clone(),
                    rhs: value,
                    widened: None,
                    truth,
                }
            }
        })
    }
}

fn ordering(a: &Interval, b: &Interval, op: Compare) -> Truth {
    if a.certainly_compares(b, op) {
        Truth::Always
    } else if a.possibly_compares(b, op) {
        Truth::Sometimes
    } else {
        Truth::Never
    }
}

fn equality(a: &Interval, b: &Interval) -> Truth {
    if a.is_point() && b.is_point() && a == b {
        Truth::Always
    } else if a.meets(b) {
        Truth::Agrees
    } else {
        Truth::Never
    }
}

/// Whether `inner` lies within `outer`.
fn contains_interval(outer: &Interval, inner: &Interval) -> bool {
    let lo_ok = match (&outer.lo, &inner.lo) {
        (Bound::Unbounded, _) => true,
        (_, Bound::Unbounded) => false,
        (
            Bound::Finite {
                value: o,
                closed: oc,
            },
            Bound::Finite {
                value: i,
                closed: ic,
            },
        ) => o < i || (o == i && (*oc || !*ic)),
    };
    let hi_ok = match (&outer.hi, &inner.hi) {
        (Bound::Unbounded, _) => true,
        (_, Bound::Unbounded) => false,
        (
            Bound::Finite {
                value: o,
                closed: oc,
            },
            Bound::Finite {
                value: i,
                closed: ic,
            },
        ) => i < o || (o == i && (*oc || !*ic)),
    };
    lo_ok && hi_ok
}

/// For `a ~= b within t` (relative to `b`): the values of `a` that agree with
/// some `b` (wide), and those that agree with every `b` (narrow, if any).
fn relative_band(b: &Interval, t: &Interval) -> (Interval, Option<Interval>) {
    let one = Interval::point(int(1));
    let up = one.add(t);
    let down = one.sub(t);
    // b * (1 ± t) for b of either sign: the hull of b*(1-t) and b*(1+t).
    let wide = b.mul(&down).hull(&b.mul(&up));
    let t_lo = t.lo.value().cloned().unwrap_or_else(Exact::zero);
    let narrow = match (b.lo.value(), b.hi.value()) {
        (Some(lo), Some(hi)) if !lo.is_negative() => {
            // The largest b * (1 - t): at b = hi while 1 - t >= 0, at b = lo past 100%.
            let shrink = crate::base::exact::sub(&int(1), &t_lo);
            let n_lo = if shrink.is_negative() {
                crate::base::exact::mul(lo, &shrink)
            } else {
                crate::base::exact::mul(hi, &shrink)
            };
            let n_hi = crate::base::exact::mul(lo, &crate::base::exact::add(&int(1), &t_lo));
            (crate::base::exact::cmp(&n_lo, &n_hi).is_le()).then(|| Interval::closed(n_lo, n_hi))
        }
        _ => None,
    };
    (wide, narrow)
}

/// For `a ~= b within d` (absolute).
fn absolute_band(b: &Interval, d: &Interval) -> (Interval, Option<Interval>) {
    let wide = b.add(&d.neg().hull(d));
    let d_lo = d.lo.value().cloned().unwrap_or_else(Exact::zero);
    let narrow = match (b.lo.value(), b.hi.value()) {
        (Some(lo), Some(hi)) => {
            let n_lo = crate::base::exact::sub(hi, &d_lo);
            let n_hi = crate::base::exact::add(lo, &d_lo);
            (crate::base::exact::cmp(&n_lo, &n_hi).is_le()).then(|| Interval::closed(n_lo, n_hi))
        }
        _ => None,
    };
    (wide, narrow)
}

/// Rounds each end to `digits` decimals in the unit of `factor`: the image of
/// an interval under a monotone step function lies between the rounded ends.
fn round(x: &Interval, factor: &Exact, digits: i32) -> Interval {
    let step = factor * pow10(-digits);
    let r = |v: &Exact| (v / &step).round() * &step;
    Interval {
        lo: match &x.lo {
            Bound::Finite { value, .. } => Bound::closed(r(value)),
            Bound::Unbounded => Bound::Unbounded,
        },
        hi: match &x.hi {
            Bound::Finite { value, .. } => Bound::closed(r(value)),
            Bound::Unbounded => Bound::Unbounded,
        },
    }
}
