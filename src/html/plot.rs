//! The forest plot of a rule: an inline SVG with one panel per unit its
//! comparisons are shown in, each on one shared axis, with a row per claim
//! written in that unit and a row per side of each comparison. Ends are
//! drawn closed (a filled dot) or open (a hollow one), unbounded ends as
//! arrows, and the gap between the sides of a comparison that holds for no
//! values as a band with the distance the full report gives.
//!
//! Every number written in the plot is an analysis's: the intervals' `shown`
//! strings, the distance of `report::miss_text`, and axis ticks, which are
//! exact round numbers written as `report::format_interval` writes a point
//! (a tick that format would round is drawn without a label). Floats only
//! place things on the axis.

use super::esc;
use crate::analysis::data::{Comparison, IntervalValue, RuleDetail};
use crate::base::exact::{Exact, pow10};
use crate::base::text::shortened;
use crate::quantity::interval::{Bound, Interval};
use crate::report::{format_interval, miss_text};
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::fmt::Write as _;

/// The drawing's width in user units; it scales to the page (`width: 100%`).
const WIDTH: f64 = 440.0;
const LEFT: f64 = 14.0;
const RIGHT: f64 = WIDTH - 14.0;
const ROW: f64 = 38.0;
/// Room for the axis, its labels and the unit under the rows.
const AXIS: f64 = 46.0;
/// A panel's title line, when there are several panels.
const PANEL_TITLE: f64 = 22.0;
/// Average width of a 14-unit character, to keep labels inside the drawing.
const CHAR: f64 = 7.4;

const CLAIM: &str = "#5b6778";
const LEFT_SIDE: &str = "#1f5fae";
const RIGHT_SIDE: &str = "#b3530b";
const GAP: &str = "#c62828";

/// What a row shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Claim,
    Lhs,
    Rhs,
    Widened,
    /// The gap between the sides of a failing comparison; the band spans
    /// from the comparison's first row to this one.
    Gap,
}

struct Row<'a> {
    kind: Kind,
    label: String,
    /// The interval drawn (none for a gap row).
    interval: Option<&'a IntervalValue>,
    /// Where the row links to (a claim's citations).
    href: Option<String>,
    /// For a gap row: the band's ends and the row it starts at.
    gap: Option<(Exact, Exact, usize)>,
    /// For a gap row: what the distance is.
    text: String,
}

struct Panel<'a> {
    unit: &'a str,
    rows: Vec<Row<'a>>,
}

/// The forest plot of `rule`: one `<svg>` element. `claim_href` gives the
/// link of a claim's entry (by its index among the rule's claims).
pub(super) fn forest_plot(
    rule: &RuleDetail,
    title: &str,
    id: &str,
    claim_href: &dyn Fn(usize) -> String,
) -> String {
    let claims = super::rule_claims(rule);
    // Each comparison with its number: the assertion's, and the
    // comparison's within it when the assertion has several (`2.1`), as the
    // assertions' tables number them.
    let comparisons: Vec<(String, &Comparison)> = rule
        .assertions
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            let several = a.comparisons.len() > 1;
            a.comparisons.iter().enumerate().map(move |(j, c)| {
                let n = if several {
                    format!("{}.{}", i + 1, j + 1)
                } else {
                    format!("{}", i + 1)
                };
                (n, c)
            })
        })
        .collect();
    // The units of the comparisons, in order of first use; a rule that
    // compared nothing shows its claims by their units.
    let mut units: Vec<&str> = Vec::new();
    let unit_sources: Vec<&str> = if comparisons.is_empty() {
        claims.iter().map(|c| c.interval.unit.as_str()).collect()
    } else {
        comparisons
            .iter()
            .map(|(_, c)| c.lhs.interval.unit.as_str())
            .collect()
    };
    for unit in unit_sources {
        if !units.contains(&unit) {
            units.push(unit);
        }
    }
    let numbered = comparisons.len() > 1;
    let mut panels: Vec<Panel<'_>> = Vec::new();
    for unit in units {
        let mut rows: Vec<Row<'_>> = Vec::new();
        for (i, claim) in claims.iter().enumerate() {
            if claim.interval.unit == unit {
                rows.push(Row {
                    kind: Kind::Claim,
                    label: claim.id.clone(),
                    interval: Some(&claim.interval),
                    href: Some(claim_href(i)),
                    gap: None,
                    text: String::new(),
                });
            }
        }
        for (n, c) in &comparisons {
            if c.lhs.interval.unit != unit {
                continue;
            }
            let prefix = if numbered {
                format!("{n} ")
            } else {
                String::new()
            };
            let first = rows.len();
            let (lhs_role, rhs_role) = match c.operator.as_str() {
                "whole" | "in" => ("value", "range"),
                _ => ("left", "right"),
            };
            rows.push(side_row(
                Kind::Lhs,
                format!("{prefix}{lhs_role}: {}", c.lhs.expression),
                &c.lhs.interval,
            ));
            if let Some(rhs) = &c.rhs {
                rows.push(side_row(
                    Kind::Rhs,
                    format!("{prefix}{rhs_role}: {}", rhs.expression),
                    &rhs.interval,
                ));
            }
            if let Some(widened) = &c.widened {
                rows.push(side_row(
                    Kind::Widened,
                    format!("{prefix}{rhs_role}, widened by the tolerance"),
                    widened,
                ));
            }
            if let Some(gap) = gap_row(c, unit, first) {
                rows.push(gap);
            }
        }
        panels.push(Panel { unit, rows });
    }
    render(&panels, title, id)
}

fn side_row<'a>(kind: Kind, label: String, interval: &'a IntervalValue) -> Row<'a> {
    Row {
        kind,
        label,
        interval: Some(interval),
        href: None,
        gap: None,
        text: String::new(),
    }
}

/// The gap row of a comparison that holds for no values, when its sides can
/// be apart (not for `!=`, whose sides are one point, or `whole`).
fn gap_row<'a>(c: &Comparison, unit: &str, first: usize) -> Option<Row<'a>> {
    if c.truth != "never" || matches!(c.operator.as_str(), "!=" | "whole") {
        return None;
    }
    let target_value = c.widened.as_ref().or(c.rhs.as_ref().map(|s| &s.interval))?;
    let lhs = interval_of(&c.lhs.interval)?;
    let target = interval_of(target_value)?;
    let unit_pair = (unit.to_owned(), Exact::one());
    // As the full report labels the operator.
    let text = if c.operator != "in" && lhs.meets(&target) {
        "holds for no values".to_owned()
    } else {
        miss_text(&lhs, &target, &unit_pair)
    };
    let (a, b) = match (
        lhs.lo.value(),
        lhs.hi.value(),
        target.lo.value(),
        target.hi.value(),
    ) {
        (Some(lo), _, _, Some(hi)) if lo >= hi => (hi.clone(), lo.clone()),
        (_, Some(hi), Some(lo), _) if hi <= lo => (hi.clone(), lo.clone()),
        _ => return None,
    };
    Some(Row {
        kind: Kind::Gap,
        label: "gap".to_owned(),
        interval: None,
        href: None,
        gap: Some((a, b, first)),
        text,
    })
}

/// An interval from its exact ends.
fn interval_of(value: &IntervalValue) -> Option<Interval> {
    let bound = |end: &Option<crate::analysis::data::End>| -> Option<Bound> {
        Some(match end {
            None => Bound::Unbounded,
            Some(e) => {
                let v: Exact = e.value.parse().ok()?;
                if e.closed {
                    Bound::closed(v)
                } else {
                    Bound::open(v)
                }
            }
        })
    };
    Some(Interval {
        lo: bound(&value.low)?,
        hi: bound(&value.high)?,
    })
}

/// An end's exact value, when finite and readable.
fn end_value(end: &Option<crate::analysis::data::End>) -> Option<Exact> {
    end.as_ref().and_then(|e| e.value.parse().ok())
}

/// The axis of a panel: its ends (in the unit) and how to place a value.
struct Axis {
    lo: f64,
    hi: f64,
}

impl Axis {
    fn of(rows: &[Row<'_>]) -> Axis {
        let mut finite: Vec<f64> = Vec::new();
        let (mut open_low, mut open_high) = (false, false);
        for row in rows {
            if let Some(v) = row.interval {
                match end_value(&v.low) {
                    Some(x) => finite.extend(x.to_f64()),
                    None => open_low = true,
                }
                match end_value(&v.high) {
                    Some(x) => finite.extend(x.to_f64()),
                    None => open_high = true,
                }
            }
        }
        let finite: Vec<f64> = finite.into_iter().filter(|x| x.is_finite()).collect();
        let (mut lo, mut hi) = match (
            finite.iter().copied().reduce(f64::min),
            finite.iter().copied().reduce(f64::max),
        ) {
            (Some(lo), Some(hi)) => (lo, hi),
            _ => (-1.0, 1.0),
        };
        if hi - lo <= f64::EPSILON * hi.abs().max(lo.abs()) {
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            lo -= pad;
            hi += pad;
        }
        let span = hi - lo;
        lo -= span * if open_low { 0.12 } else { 0.06 };
        hi += span * if open_high { 0.12 } else { 0.06 };
        Axis { lo, hi }
    }

    fn x(&self, value: f64) -> f64 {
        let t = (value - self.lo) / (self.hi - self.lo);
        LEFT + t.clamp(0.0, 1.0) * (RIGHT - LEFT)
    }

    fn x_exact(&self, value: &Exact) -> f64 {
        self.x(value.to_f64().unwrap_or(0.0))
    }

    /// Round ticks: about five, at 1, 2 or 5 times a power of ten, exact.
    fn ticks(&self) -> Vec<Exact> {
        let raw = (self.hi - self.lo) / 5.0;
        if !(raw.is_finite() && raw > 0.0) {
            return Vec::new();
        }
        let e = raw.log10().floor() as i32;
        let m = raw / 10f64.powi(e);
        let nice: i64 = if m < 1.5 {
            1
        } else if m < 3.5 {
            2
        } else if m < 7.5 {
            5
        } else {
            10
        };
        let step = Exact::from_integer(nice.into()) * pow10(e);
        let step_f = step.to_f64().unwrap_or(raw);
        let first = (self.lo / step_f).ceil() as i64;
        let last = (self.hi / step_f).floor() as i64;
        if last < first || last - first > 20 {
            return Vec::new();
        }
        (first..=last)
            .map(|k| Exact::from_integer(k.into()) * &step)
            .collect()
    }
}

/// A tick's label as the reports write a number in `unit` (`12.5B`, `40%`),
/// or none when that writing would round it.
fn tick_label(value: &Exact, unit: &str) -> Option<String> {
    if !exact_in_ten_digits(value) {
        return None;
    }
    let text = format_interval(
        &Interval::point(value.clone()),
        &(unit.to_owned(), Exact::one()),
    );
    let tail = format!(" {unit}");
    Some(match text.strip_suffix(&tail) {
        Some(number) if !unit.is_empty() => number.to_owned(),
        _ => text,
    })
}

/// Whether `x` has at most ten significant digits (what a point is written
/// with), so its label is exact.
fn exact_in_ten_digits(x: &Exact) -> bool {
    if x.is_zero() {
        return true;
    }
    let abs = x.abs();
    let mut e = abs.numer().to_string().len() as i32 - abs.denom().to_string().len() as i32;
    while pow10(e) > abs {
        e -= 1;
    }
    while pow10(e + 1) <= abs {
        e += 1;
    }
    (abs * pow10(9 - e)).is_integer()
}

fn render(panels: &[Panel<'_>], title: &str, id: &str) -> String {
    let titled = panels.len() > 1;
    let height: f64 = if panels.is_empty() {
        40.0
    } else {
        panels
            .iter()
            .map(|p| p.rows.len() as f64 * ROW + AXIS + if titled { PANEL_TITLE } else { 0.0 })
            .sum::<f64>()
            + 6.0
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"forest\" viewBox=\"0 0 {WIDTH} {height:.0}\" width=\"{WIDTH}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"{id}-plot-title\"><title id=\"{id}-plot-title\">{}</title>",
        esc(title)
    );
    if panels.is_empty() {
        out.push_str("<text x=\"14\" y=\"24\" font-size=\"12\" fill=\"#595959\">nothing was evaluated</text>");
    }
    let mut top = 4.0;
    for panel in panels {
        if titled {
            let _ = write!(
                out,
                "<text x=\"{LEFT}\" y=\"{:.1}\" font-size=\"14\" font-weight=\"700\" fill=\"#1b1b1b\">in {}</text>",
                top + 15.0,
                esc(unit_name(panel.unit))
            );
            top += PANEL_TITLE;
        }
        panel_svg(&mut out, panel, top);
        top += panel.rows.len() as f64 * ROW + AXIS;
    }
    out.push_str("</svg>");
    out
}

fn unit_name(unit: &str) -> &str {
    if unit.is_empty() {
        "plain numbers"
    } else {
        unit
    }
}

fn panel_svg(out: &mut String, panel: &Panel<'_>, top: f64) {
    let axis = Axis::of(&panel.rows);
    let bar_y = |i: usize| top + i as f64 * ROW + 28.0;
    // Gap bands first, under the bars.
    for (i, row) in panel.rows.iter().enumerate() {
        if let Some((a, b, first)) = &row.gap {
            let (xa, xb) = (axis.x_exact(a), axis.x_exact(b));
            let width = (xb - xa).abs().max(2.0);
            let y = bar_y(*first) - 6.0;
            let _ = write!(
                out,
                "<rect class=\"gap\" x=\"{:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{:.1}\" fill=\"{GAP}\" fill-opacity=\"0.14\"/>",
                xa.min(xb),
                bar_y(i) + 6.0 - y
            );
        }
    }
    for (i, row) in panel.rows.iter().enumerate() {
        let y = bar_y(i);
        let label_y = y - 13.0;
        let color = match row.kind {
            Kind::Claim => CLAIM,
            Kind::Lhs => LEFT_SIDE,
            Kind::Rhs | Kind::Widened => RIGHT_SIDE,
            Kind::Gap => GAP,
        };
        let shown = match (row.interval, row.kind) {
            (Some(v), _) => v.shown.as_str(),
            (None, _) => row.text.as_str(),
        };
        let _ = write!(
            out,
            "<g class=\"row\"><title>{}: {}</title>",
            esc(&row.label),
            esc(shown)
        );
        // The label on the left, the interval as shown on the right, both
        // kept inside the drawing.
        let shown_chars = shown.chars().count();
        let room = (((RIGHT - LEFT) / CHAR) as usize)
            .saturating_sub(shown_chars + 3)
            .max(12);
        let label = shortened(&row.label, room);
        let label_text = format!(
            "<text x=\"{LEFT}\" y=\"{label_y:.1}\" font-size=\"14\" fill=\"{}\">{}</text>",
            if row.kind == Kind::Gap {
                GAP
            } else {
                "#1b1b1b"
            },
            esc(&label)
        );
        match &row.href {
            Some(href) => {
                let _ = write!(out, "<a href=\"{}\">{label_text}</a>", esc(href));
            }
            None => out.push_str(&label_text),
        }
        let _ = write!(
            out,
            "<text x=\"{RIGHT}\" y=\"{label_y:.1}\" font-size=\"14\" text-anchor=\"end\" fill=\"{color}\">{}</text>",
            esc(shown)
        );
        if let Some(v) = row.interval {
            bar(out, &axis, v, y, color, row.kind == Kind::Widened);
        }
        if let Some((a, b, _)) = &row.gap {
            let (xa, xb) = (axis.x_exact(a), axis.x_exact(b));
            let _ = write!(
                out,
                "<path class=\"gap-mark\" d=\"M{xa:.1} {:.1}V{:.1}M{xa:.1} {y:.1}H{xb:.1}M{xb:.1} {:.1}V{:.1}\" stroke=\"{GAP}\" stroke-width=\"2.5\" fill=\"none\"/>",
                y - 6.0,
                y + 6.0,
                y - 6.0,
                y + 6.0
            );
        }
        out.push_str("</g>");
    }
    // The axis.
    let axis_y = top + panel.rows.len() as f64 * ROW + 6.0;
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{axis_y:.1}\" x2=\"{RIGHT}\" y2=\"{axis_y:.1}\" stroke=\"#8a8a8a\" stroke-width=\"1\"/>"
    );
    for tick in axis.ticks() {
        let x = axis.x_exact(&tick);
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{axis_y:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#8a8a8a\" stroke-width=\"1\"/>",
            axis_y + 4.0
        );
        if let Some(label) = tick_label(&tick, panel.unit) {
            let anchor = if x < LEFT + 20.0 {
                "start"
            } else if x > RIGHT - 20.0 {
                "end"
            } else {
                "middle"
            };
            let _ = write!(
                out,
                "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"{anchor}\" fill=\"#404040\">{}</text>",
                axis_y + 17.0,
                esc(&label)
            );
        }
    }
    let _ = write!(
        out,
        "<text x=\"{LEFT}\" y=\"{:.1}\" font-size=\"12\" fill=\"#595959\">axis in {}</text>",
        axis_y + 34.0,
        esc(unit_name(panel.unit))
    );
}

/// One interval's bar: ends closed (filled), open (hollow) or unbounded
/// (an arrow to the edge of the axis).
fn bar(out: &mut String, axis: &Axis, value: &IntervalValue, y: f64, color: &str, dashed: bool) {
    let low = end_value(&value.low).map(|v| {
        (
            axis.x_exact(&v),
            value.low.as_ref().is_some_and(|e| e.closed),
        )
    });
    let high = end_value(&value.high).map(|v| {
        (
            axis.x_exact(&v),
            value.high.as_ref().is_some_and(|e| e.closed),
        )
    });
    let x1 = low.map_or(LEFT + 8.0, |(x, _)| x);
    let x2 = high.map_or(RIGHT - 8.0, |(x, _)| x);
    let dash = if dashed {
        " stroke-dasharray=\"6 3\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<line x1=\"{x1:.1}\" y1=\"{y:.1}\" x2=\"{x2:.1}\" y2=\"{y:.1}\" stroke=\"{color}\" stroke-width=\"4\"{dash}/>"
    );
    if low.is_none() {
        let _ = write!(
            out,
            "<polygon class=\"unbounded\" points=\"{LEFT:.1},{y:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{color}\"/>",
            LEFT + 9.0,
            y - 5.5,
            LEFT + 9.0,
            y + 5.5
        );
    }
    if high.is_none() {
        let _ = write!(
            out,
            "<polygon class=\"unbounded\" points=\"{RIGHT:.1},{y:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{color}\"/>",
            RIGHT - 9.0,
            y - 5.5,
            RIGHT - 9.0,
            y + 5.5
        );
    }
    for (x, closed) in [low, high].into_iter().flatten() {
        if closed {
            let _ = write!(
                out,
                "<circle class=\"closed\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\" fill=\"{color}\"/>"
            );
        } else {
            let _ = write!(
                out,
                "<circle class=\"open\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#fff\" stroke=\"{color}\" stroke-width=\"2\"/>"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::data::End;

    #[test]
    fn ends_are_drawn_closed_open_or_unbounded() {
        let value = IntervalValue {
            shown: "(14B, ∞) USD".to_owned(),
            unit: "USD".to_owned(),
            low: Some(End {
                value: "14000000000".to_owned(),
                closed: false,
            }),
            high: None,
        };
        let axis = Axis { lo: 10e9, hi: 20e9 };
        let mut out = String::new();
        bar(&mut out, &axis, &value, 30.0, CLAIM, false);
        assert!(out.contains("class=\"open\" cx=\"178.8\""), "{out}");
        assert!(
            out.contains("<polygon class=\"unbounded\" points=\"426.0,30.0 "),
            "{out}"
        );
        assert!(!out.contains("class=\"closed\""), "{out}");
    }

    #[test]
    fn tick_labels_are_written_as_points_are_and_never_rounded() {
        let q = |n: i64, d: i64| Exact::new(n.into(), d.into());
        assert_eq!(
            tick_label(&q(12_500_000_000, 1), "USD").as_deref(),
            Some("12.5B")
        );
        assert_eq!(tick_label(&q(40, 1), "%").as_deref(), Some("40%"));
        assert_eq!(tick_label(&q(-3, 2), "").as_deref(), Some("-1.5"));
        assert_eq!(tick_label(&q(0, 1), "GW").as_deref(), Some("0"));
        // Eleven significant digits would be written rounded: no label.
        assert_eq!(tick_label(&q(100_000_000_001, 10), "USD"), None);
    }

    #[test]
    fn ticks_are_round_and_inside_the_axis() {
        let axis = Axis {
            lo: 11.2e9,
            hi: 24.6e9,
        };
        let ticks: Vec<String> = axis.ticks().iter().map(|t| t.to_string()).collect();
        assert_eq!(
            ticks,
            [
                "12000000000",
                "14000000000",
                "16000000000",
                "18000000000",
                "20000000000",
                "22000000000",
                "24000000000"
            ]
        );
    }
}
