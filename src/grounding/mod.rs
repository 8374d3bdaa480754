//! The built-in checks every claim gets, beside the rules: its quotes state a
//! number consistent with it (grounding), its citations agree with each other
//! (agreement), and each quote occurs in its source's file when the file is at
//! hand (source check).
//!
//! A quote grounds a claim when some number in it, read as an interval from
//! its own written precision and qualifier (`130 億` is [12.95B, 13.05B];
//! `تتجاوز 14 مليار` is (14B, 15B]), meets the claim's interval as written.
//! Percentages only ground percentages, and a currency named next to the
//! number must be the claim's.
//!
//! [`sources`] finds a source's `file` safely among the allowed roots and
//! searches it for the quotes (the closest passage when one is missing).

pub mod sources;

use crate::base::exact::Exact;
use crate::base::fs::InputError;
use crate::base::span::{SourceMap, Span};
use crate::config::Defaults;
use crate::corpus::{Claim, ClaimId, Corpus, form_interval};
use crate::numerals::{self, Mention, MentionValue, Period};
use crate::quantity::interval::Interval;
use crate::quantity::units::BaseDim;
use crate::syntax::ast::{Magnitude, StrLit, ValueForm};
use rayon::prelude::*;
use sources::Resolved;
use std::collections::HashMap;
use std::path::PathBuf;

/// The built-in checks' names (what `-k` matches and reports show).
pub const QUOTES: &str = "quotes";
/// See [`QUOTES`].
pub const CITATIONS: &str = "citations";
/// See [`QUOTES`].
pub const SOURCES: &str = "sources";
/// See [`QUOTES`].
pub const DRAFTS: &str = "drafts";

/// What a built-in check found.
#[derive(Clone, Debug)]
pub enum FindingKind {
    /// The quote contains no number at all.
    NoNumber,
    /// No number in the quote is consistent with the claim; the closest one
    /// (span in the corpus file, and its interval) when there is a number.
    Ungrounded {
        /// The claim's interval as written (before unit conversion).
        claim: Box<Interval>,
        /// The closest number in the quote.
        closest: Option<Box<(Span, Interval)>>,
    },
    /// A claim with no citation (DESIGN: every claim has one or more).
    Uncited,
    /// Citations whose numbers do not overlap.
    Disagree {
        /// Each grounded citation: its index, the number's span and interval.
        readings: Vec<(usize, Span, Interval)>,
    },
    /// The quote is not in its source's file.
    QuoteNotFound {
        /// The file as the source names it.
        file: String,
        /// The most similar passage of the file, or `None` when it was not
        /// searched because the work limit for searching the file was
        /// reached ([`sources::PASSAGE_SEARCH_BUDGET`]).
        closest: Option<ClosestPassage>,
    },
    /// The source's file exists but cannot be read as text.
    FileUnreadable {
        /// The name.
        file: String,
        /// Why (the I/O or UTF-8 error, or the size limit).
        why: String,
        /// What to do about it.
        help: &'static str,
    },
    /// A draft cites a claim the corpus does not have.
    DraftUnknownClaim {
        /// The id as written.
        id: String,
        /// The closest known id.
        suggestion: Option<String>,
    },
    /// A draft's cited text states no number.
    DraftNoNumber,
    /// A draft's number is not consistent with the claim it cites.
    DraftMismatch {
        /// The claim's interval as written.
        claim: Box<Interval>,
        /// The closest number in the cited text.
        closest: Option<Box<(Span, Interval)>>,
    },
    /// A number of the quote (or draft) has the claim's value but another
    /// sign, period or currency: `-4` for 4 EUR, per day for a yearly figure.
    Differs {
        /// What differs, both sides named.
        aspect: Aspect,
        /// The claim's interval as written.
        claim: Box<Interval>,
        /// The number: its span and interval as read (sign included).
        quote: Box<(Span, Interval)>,
        /// Whether the text is a draft's, not a quote.
        in_draft: bool,
    },
    /// An invisible character that can change the order characters are
    /// shown in stands inside a number of the quote (or draft): the number
    /// a person sees depends on the paragraph's direction, so it is read as
    /// no value.
    HiddenCharacter {
        /// The character.
        ch: char,
        /// Its Unicode name.
        name: &'static str,
        /// Whether the text is a draft's, not a quote.
        in_draft: bool,
    },
    /// The source's file name is not allowed.
    FileRefused {
        /// The name.
        file: String,
        /// Why.
        why: &'static str,
    },
    /// A claim written with more digits than its declared precision keeps
    /// (XBRL Calculations 1.1's "excess digits": `58123 USD precision 1k`).
    ExcessDigits {
        /// The value rounded to the declared precision.
        rounded: Magnitude,
    },
}

impl FindingKind {
    /// The stable diagnostic code.
    pub fn code(&self) -> &'static str {
        match self {
            FindingKind::NoNumber => "factlint::quote::no_number",
            FindingKind::Ungrounded { .. } => "factlint::quote::ungrounded",
            FindingKind::Uncited => "factlint::claim::uncited",
            FindingKind::Disagree { .. } => "factlint::claim::citations_disagree",
            FindingKind::QuoteNotFound { .. } => "factlint::source::quote_not_found",
            FindingKind::FileRefused { .. } => "factlint::source::path_refused",
            FindingKind::FileUnreadable { .. } => "factlint::source::unreadable",
            FindingKind::DraftUnknownClaim { .. } => "factlint::draft::unknown_claim",
            FindingKind::DraftNoNumber => "factlint::draft::no_number",
            FindingKind::DraftMismatch { .. } => "factlint::draft::mismatch",
            FindingKind::Differs { in_draft: true, .. } => "factlint::draft::mismatch",
            FindingKind::Differs { aspect, .. } => match aspect {
                Aspect::Sign { .. } => "factlint::quote::sign",
                Aspect::Period { .. } => "factlint::quote::period",
                Aspect::Currency { .. } => "factlint::quote::currency",
            },
            FindingKind::HiddenCharacter { in_draft: true, .. } => {
                "factlint::draft::hidden_character"
            }
            FindingKind::HiddenCharacter { .. } => "factlint::quote::hidden_character",
            FindingKind::ExcessDigits { .. } => "factlint::claim::excess_digits",
        }
    }
}

impl FindingKind {
    /// Whether the finding gates by default: all do but a claim without a
    /// citation, which is a warning (a corpus being built may hold figures
    /// not yet sourced; `[severity]` or `--deny warnings` makes it gate).
    pub fn is_warning(&self) -> bool {
        matches!(self, FindingKind::Uncited)
    }
}

/// What differs between a quote's number and its claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Aspect {
    /// The sign: the quote's number is negative and the claim's is not, or
    /// the other way round.
    Sign {
        /// Whether the quote's number is the negative one.
        quote_negative: bool,
    },
    /// The period the quote states is not the one of the claim's unit.
    Period {
        /// What the quote states.
        quote: Period,
        /// What the claim's unit says.
        claim: Period,
    },
    /// The currency named in the quote is not the claim's.
    Currency {
        /// What the quote names.
        quote: &'static str,
        /// The claim's.
        claim: String,
    },
}

/// The passage of a source's file most like a quote not found in it.
#[derive(Clone, Debug)]
pub struct ClosestPassage {
    /// The passage, normalised.
    pub passage: String,
    /// A word diff from the passage to the quote.
    pub diff: String,
}

/// One finding of a built-in check.
#[derive(Clone, Debug)]
pub struct Finding {
    /// What.
    pub kind: FindingKind,
    /// The claim, when the finding is about one.
    pub claim: Option<ClaimId>,
    /// The citation's index in the claim, when about one.
    pub citation: Option<usize>,
    /// Where the primary label goes.
    pub span: Span,
}

/// A built-in check's result.
#[derive(Clone, Debug)]
pub struct BuiltinCheck {
    /// `quotes`, `citations` or `sources`.
    pub name: &'static str,
    /// What was checked, for the report line ("58 quotes").
    pub checked: String,
    /// What it found.
    pub findings: Vec<Finding>,
    /// Why some of it could not run, if so (missing source files).
    pub skipped: Option<String>,
    /// Whether it checked anything (false when every source file was missing).
    pub ran: bool,
}

/// How one citation's quote relates to its claim.
#[derive(Clone, Debug)]
enum Grounding {
    NoNumber,
    Grounded(Span, Interval),
    Ungrounded(Option<(Span, Interval)>),
    /// The closest number has the claim's value but `Aspect` differs.
    Differs(Aspect, Span, Interval),
    /// A number holds an invisible character that can reorder it (its span).
    Hidden(Span, numerals::reading::Hidden),
}

/// The span in the corpus file of bytes `range` of a quote's value. Exact when
/// the literal has no escapes; the whole literal otherwise.
pub fn quote_span(sources: &SourceMap, quote: &StrLit, range: std::ops::Range<usize>) -> Span {
    let raw = sources.slice(quote.span);
    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
    if inner == quote.value {
        let start = quote.span.start as usize + 1;
        Span::new(quote.span.file, start + range.start, start + range.end)
    } else {
        quote.span
    }
}

/// A mention's interval, read like a claim value from its digits and qualifier.
pub fn mention_interval(mention: &Mention, defaults: &Defaults) -> Option<Interval> {
    // A minus before the number is its sign, read as a claim's is: `-4` is
    // [-4.5, -3.5], and a qualifier keeps its number-line meaning.
    let magnitude = |decimal| Magnitude {
        decimal,
        negative: mention.negative,
        span: Span::default(),
    };
    let form = match mention.value {
        MentionValue::Single(d) => ValueForm::Single {
            qualifier: mention.qualifier.map(|q| (q, Span::default())),
            magnitude: magnitude(d),
            open_ended: false,
        },
        MentionValue::Range(lo, hi) => ValueForm::Range(Some(magnitude(lo)), Some(magnitude(hi))),
    };
    form_interval(&form, defaults)
}

/// The period a claim's unit has, as written (`USD/day` per day); `None`
/// for a unit with none.
fn claim_period(claim: &Claim) -> Option<Period> {
    let (_, per) = claim.unit_name.rsplit_once('/')?;
    let unit = crate::quantity::units::time_unit(per.trim())?;
    [
        Period::Hour,
        Period::Day,
        Period::Week,
        Period::Month,
        Period::Quarter,
        Period::Year,
    ]
    .into_iter()
    .find(|p| p.unit() == unit)
}

fn claim_currency(claim: &Claim) -> Option<&str> {
    claim.unit.dims.iter().find_map(|(dim, exp)| match dim {
        BaseDim::Currency(code) if *exp == 1 => Some(code.as_str()),
        _ => None,
    })
}

fn ground(claim: &Claim, quote: &StrLit, defaults: &Defaults, sources: &SourceMap) -> Grounding {
    ground_text(claim, &quote.value, defaults, |range| {
        quote_span(sources, quote, range)
    })
}

/// Whether `text` states a number consistent with `claim`; `place` turns a
/// byte range of `text` into a span in its file.
///
/// A number grounds the claim when its interval meets the claim's and it is
/// of the claim's kind: a percentage for a percentage, the claim's currency
/// when it names one, the claim's sign, and the claim's period when its
/// clause states one. A number that has the claim's value but another sign,
/// period or currency is reported as such, both named, rather than as a
/// mere miss. A number with a direction mark inside is no reading at all.
fn ground_text(
    claim: &Claim,
    text: &str,
    defaults: &Defaults,
    place: impl Fn(std::ops::Range<usize>) -> Span,
) -> Grounding {
    let mentions = numerals::find_numbers(text);
    if mentions.is_empty() {
        return Grounding::NoNumber;
    }
    if let Some(hidden) = mentions.iter().find_map(|m| m.hidden) {
        let at = hidden.at..hidden.at + hidden.ch.len_utf8();
        return Grounding::Hidden(place(at), hidden);
    }
    let Some(wanted) = crate::corpus::written_interval(&claim.written, defaults) else {
        return Grounding::NoNumber;
    };
    let percent = matches!(claim.unit_name.as_str(), "%" | "percent");
    let currency = claim_currency(claim);
    let period = claim_period(claim);
    // Periods are held for amounts: a growth rate of 27% a year is written
    // `27%`, and `times` has no period.
    let holds_period = !percent && !matches!(claim.unit_name.as_str(), "times" | "x" | "");
    let mut closest: Option<(Exact, Span, Interval)> = None;
    let mut differs: Option<(Aspect, Span, Interval)> = None;
    for mention in &mentions {
        let Some(interval) = mention_interval(mention, defaults) else {
            continue;
        };
        let span = place(mention.span.clone());
        if mention.percent != percent {
            continue;
        }
        let currency_differs = match (mention.currency, currency) {
            (Some(named), Some(wanted)) if named != wanted => Some(Aspect::Currency {
                quote: named,
                claim: wanted.to_owned(),
            }),
            _ => None,
        };
        let period_differs = match mention.period {
            // A claim whose unit has no period (`annual_loss = 5.4B USD`)
            // is a total; a quote may well say "a year" of it.
            Some(stated) if holds_period && period.is_some_and(|p| p != stated) => {
                Some(Aspect::Period {
                    quote: stated,
                    claim: period.unwrap_or(stated),
                })
            }
            _ => None,
        };
        let other_currency = currency_differs.is_some();
        let meets = interval.meets(&wanted);
        let aspect = if meets {
            currency_differs.or(period_differs)
        } else if interval.neg().meets(&wanted) && !interval.contains_zero() {
            Some(Aspect::Sign {
                quote_negative: mention.negative,
            })
        } else {
            None
        };
        match aspect {
            None if meets => return Grounding::Grounded(span, interval),
            Some(aspect) => {
                if differs.is_none() {
                    differs = Some((aspect, span, interval));
                }
                continue;
            }
            None => {}
        }
        if other_currency {
            continue;
        }
        let gap = interval.gap(&wanted);
        if closest.as_ref().is_none_or(|(g, _, _)| gap < *g) {
            closest = Some((gap, span, interval));
        }
    }
    if let Some((aspect, span, interval)) = differs {
        return Grounding::Differs(aspect, span, interval);
    }
    Grounding::Ungrounded(closest.map(|(_, span, interval)| (span, interval)))
}

/// The quotes check's and the citations check's findings about one claim.
fn claim_findings(
    id: ClaimId,
    claim: &Claim,
    corpus: &Corpus,
    sources: &SourceMap,
) -> (Vec<Finding>, Vec<Finding>) {
    let mut quotes = Vec::new();
    let mut citations = Vec::new();
    let written = || {
        Box::new(
            crate::corpus::written_interval(&claim.written, &corpus.defaults)
                .unwrap_or_else(Interval::everything),
        )
    };
    // Only a claim with several citations compares its readings.
    let mut readings = Vec::new();
    for (index, citation) in claim.citations.iter().enumerate() {
        let quote = &citation.quote;
        match ground(claim, quote, &corpus.defaults, sources) {
            Grounding::NoNumber => quotes.push(Finding {
                kind: FindingKind::NoNumber,
                claim: Some(id),
                citation: Some(index),
                span: quote.span,
            }),
            Grounding::Ungrounded(closest) => quotes.push(Finding {
                span: closest.as_ref().map_or(quote.span, |(span, _)| *span),
                kind: FindingKind::Ungrounded {
                    claim: written(),
                    closest: closest.map(Box::new),
                },
                claim: Some(id),
                citation: Some(index),
            }),
            Grounding::Grounded(span, interval) => {
                if claim.citations.len() > 1 {
                    readings.push((index, span, interval));
                }
            }
            Grounding::Differs(aspect, span, interval) => quotes.push(Finding {
                kind: FindingKind::Differs {
                    aspect,
                    claim: written(),
                    quote: Box::new((span, interval)),
                    in_draft: false,
                },
                claim: Some(id),
                citation: Some(index),
                span,
            }),
            Grounding::Hidden(span, hidden) => quotes.push(Finding {
                kind: FindingKind::HiddenCharacter {
                    ch: hidden.ch,
                    name: hidden.name(),
                    in_draft: false,
                },
                claim: Some(id),
                citation: Some(index),
                span,
            }),
        }
    }
    if claim.citations.is_empty() {
        citations.push(Finding {
            span: claim.id_span,
            kind: FindingKind::Uncited,
            claim: Some(id),
            citation: None,
        });
    }
    let disagree = readings
        .iter()
        .enumerate()
        .any(|(i, a)| readings[i + 1..].iter().any(|b| !a.2.meets(&b.2)));
    if disagree {
        citations.push(Finding {
            span: claim.id_span,
            kind: FindingKind::Disagree { readings },
            claim: Some(id),
            citation: None,
        });
    }
    (quotes, citations)
}

/// Grounding and agreement, over every citation of every claim.
pub fn check_quotes_and_citations(
    corpus: &Corpus,
    sources: &SourceMap,
) -> (BuiltinCheck, BuiltinCheck) {
    // Each claim's findings are made where its quotes are read, in
    // parallel; a claim with nothing to report keeps nothing (an empty
    // `Vec` allocates nothing), so a corpus that holds together costs no
    // copy of its readings.
    let per_claim: Vec<(Vec<Finding>, Vec<Finding>)> = corpus
        .claims
        .par_iter()
        .enumerate()
        .map(|(i, claim)| claim_findings(ClaimId(i as u32), claim, corpus, sources))
        .collect();
    let quote_count = corpus
        .claims
        .iter()
        .map(|c| c.citations.len())
        .sum::<usize>();
    let multi = corpus
        .claims
        .iter()
        .filter(|c| c.citations.len() > 1)
        .count();
    let uncited = corpus
        .claims
        .iter()
        .filter(|c| c.citations.is_empty())
        .count();
    let mut quotes = Vec::new();
    let mut citations = Vec::new();
    for (q, c) in per_claim {
        quotes.extend(q);
        citations.extend(c);
    }
    (
        BuiltinCheck {
            name: QUOTES,
            checked: format!("{quote_count} {}", plural(quote_count, "quote", "quotes")),
            findings: quotes,
            skipped: None,
            ran: true,
        },
        BuiltinCheck {
            name: CITATIONS,
            checked: {
                let mut checked = format!(
                    "{multi} {}",
                    plural(
                        multi,
                        "claim with several sources",
                        "claims with several sources"
                    )
                );
                if uncited > 0 {
                    checked.push_str(&format!(", {uncited} without a citation"));
                }
                checked
            },
            findings: citations,
            skipped: None,
            ran: true,
        },
    )
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// The source check: each quote must occur in its source's file, when the
/// file can be found in `roots`. A quote not found gets the file's closest
/// passage while the file's `passage_budget` lasts (see
/// [`sources::PASSAGE_SEARCH_BUDGET`]); the quotes are searched in the
/// corpus's order, so the findings do not depend on the machine.
pub fn check_sources(
    corpus: &Corpus,
    roots: &[PathBuf],
    max_file_size: u64,
    passage_budget: u64,
) -> BuiltinCheck {
    let mut findings = Vec::new();
    // Each file is read, indexed and given its search budget once, however
    // many sources name it (forty declarations of one file must not cost
    // forty copies and forty budgets).
    let mut loaded: Vec<sources::SourceText> = Vec::new();
    let mut by_path: HashMap<PathBuf, Result<usize, (String, &'static str)>> = HashMap::new();
    // Each source's file, as an index into `loaded`, or `None` when it has none.
    let mut texts: HashMap<usize, Option<usize>> = HashMap::new();
    let mut missing = Vec::new();
    let mut checked = 0;
    let mut files = 0;
    for (index, source) in corpus.sources.iter().enumerate() {
        let Some(file) = &source.decl.file else {
            continue;
        };
        match sources::resolve(&file.value, roots) {
            Resolved::Found(path) => {
                let read = by_path
                    .entry(path)
                    .or_insert_with_key(|path| {
                        match crate::base::fs::read_input(path, max_file_size) {
                            Ok(text) => {
                                files += 1;
                                loaded.push(sources::SourceText::with_budget(&text, passage_budget));
                                Ok(loaded.len() - 1)
                            }
                            Err(e) => {
                                const CONVERT: &str = "source files must be UTF-8 text; convert it (e.g. `iconv -t UTF-8`)";
                                Err(match e {
                                    InputError::InvalidUtf8 { offset } => {
                                        (format!("it is not valid UTF-8 (byte {offset})"), CONVERT)
                                    }
                                    InputError::Io(message) => (
                                        message,
                                        "fix what the message names, or correct the source's `file`",
                                    ),
                                })
                            }
                        }
                    })
                    .clone();
                match read {
                    Ok(at) => {
                        texts.insert(index, Some(at));
                    }
                    Err((why, help)) => {
                        findings.push(Finding {
                            kind: FindingKind::FileUnreadable {
                                file: file.value.clone(),
                                why,
                                help,
                            },
                            claim: None,
                            citation: None,
                            span: file.span,
                        });
                        texts.insert(index, None);
                    }
                }
            }
            Resolved::Refused(why) => {
                findings.push(Finding {
                    kind: FindingKind::FileRefused {
                        file: file.value.clone(),
                        why,
                    },
                    claim: None,
                    citation: None,
                    span: file.span,
                });
                texts.insert(index, None);
            }
            Resolved::Missing => {
                missing.push(file.value.clone());
                texts.insert(index, None);
            }
        }
    }
    for (i, claim) in corpus.claims.iter().enumerate() {
        for (c, citation) in claim.citations.iter().enumerate() {
            let Some(&Some(at)) = texts.get(&citation.source) else {
                continue;
            };
            let text = &mut loaded[at];
            checked += 1;
            if !text.contains(&citation.quote.value) {
                let closest =
                    text.closest_passage(&citation.quote.value)
                        .map(|passage| ClosestPassage {
                            diff: sources::inline_diff(&passage, &citation.quote.value),
                            passage,
                        });
                let file = corpus.sources[citation.source]
                    .decl
                    .file
                    .as_ref()
                    .map(|f| f.value.clone())
                    .unwrap_or_default();
                findings.push(Finding {
                    kind: FindingKind::QuoteNotFound { file, closest },
                    claim: Some(ClaimId(i as u32)),
                    citation: Some(c),
                    span: citation.quote.span,
                });
            }
        }
    }
    let skipped = (!missing.is_empty()).then(|| {
        format!(
            "{} source {} not found: {}",
            missing.len(),
            plural(missing.len(), "file", "files"),
            missing.join(", ")
        )
    });
    let named = corpus
        .sources
        .iter()
        .filter(|s| s.decl.file.is_some())
        .count();
    let refused = findings
        .iter()
        .filter(|f| matches!(f.kind, FindingKind::FileRefused { .. }))
        .count();
    let mut summary = if named == 0 {
        "no source names a file".to_owned()
    } else {
        format!(
            "{checked} {} in {files} {}",
            plural(checked, "quote", "quotes"),
            plural(files, "file", "files")
        )
    };
    if refused > 0 {
        summary.push_str(&format!(
            "; {refused} {} refused",
            plural(refused, "file", "files")
        ));
    }
    BuiltinCheck {
        name: SOURCES,
        checked: summary,
        ran: files > 0 || missing.is_empty(),
        findings,
        skipped,
    }
}

/// The drafts check: each `[text]{claim=ID}` span in a Markdown draft must
/// cite a claim of the corpus and state a number consistent with it, read
/// like a quote. `None` when no draft was read.
pub fn check_drafts(
    drafts: &[(
        crate::base::span::FileId,
        Vec<crate::syntax::drafts::DraftSpan>,
    )],
    corpus: &Corpus,
    sources: &SourceMap,
) -> Option<BuiltinCheck> {
    if drafts.is_empty() {
        return None;
    }
    let mut findings = Vec::new();
    let mut cited = 0;
    for (file, spans) in drafts {
        for draft in spans {
            cited += 1;
            let at = |r: std::ops::Range<usize>| Span::new(*file, r.start, r.end);
            let Some(id) = corpus.lookup(&draft.claim) else {
                let suggestion = crate::base::suggest::did_you_mean(&draft.claim, corpus.ids())
                    .map(str::to_owned);
                findings.push(Finding {
                    kind: FindingKind::DraftUnknownClaim {
                        id: draft.claim.clone(),
                        suggestion,
                    },
                    claim: None,
                    citation: None,
                    span: at(draft.claim_span.clone()),
                });
                continue;
            };
            let claim = corpus.get(id);
            let text_start = draft.text.start;
            let text = sources.slice(at(draft.text.clone()));
            let grounding = ground_text(claim, text, &corpus.defaults, |r| {
                at(text_start + r.start..text_start + r.end)
            });
            match grounding {
                Grounding::Grounded(..) => {}
                Grounding::NoNumber => findings.push(Finding {
                    kind: FindingKind::DraftNoNumber,
                    claim: Some(id),
                    citation: None,
                    span: at(draft.text.clone()),
                }),
                Grounding::Ungrounded(closest) => findings.push(Finding {
                    kind: FindingKind::DraftMismatch {
                        claim: Box::new(
                            crate::corpus::written_interval(&claim.written, &corpus.defaults)
                                .unwrap_or_else(Interval::everything),
                        ),
                        closest: closest.clone().map(Box::new),
                    },
                    claim: Some(id),
                    citation: None,
                    span: closest.map_or_else(|| at(draft.span.clone()), |(span, _)| span),
                }),
                Grounding::Differs(aspect, span, interval) => findings.push(Finding {
                    kind: FindingKind::Differs {
                        aspect,
                        claim: Box::new(
                            crate::corpus::written_interval(&claim.written, &corpus.defaults)
                                .unwrap_or_else(Interval::everything),
                        ),
                        quote: Box::new((span, interval)),
                        in_draft: true,
                    },
                    claim: Some(id),
                    citation: None,
                    span,
                }),
                Grounding::Hidden(span, hidden) => findings.push(Finding {
                    kind: FindingKind::HiddenCharacter {
                        ch: hidden.ch,
                        name: hidden.name(),
                        in_draft: true,
                    },
                    claim: Some(id),
                    citation: None,
                    span,
                }),
            }
        }
    }
    Some(BuiltinCheck {
        name: DRAFTS,
        checked: format!(
            "{cited} {} in {} {}",
            plural(cited, "citation", "citations"),
            drafts.len(),
            plural(drafts.len(), "draft", "drafts")
        ),
        findings,
        skipped: None,
        ran: true,
    })
}
