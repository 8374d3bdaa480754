//! The claim corpus: files found, parsed and loaded into interned claims.
//!
//! Loading turns each written value into an [`Interval`] in base units once,
//! following DESIGN.md's table (written or declared precision, qualifiers,
//! configured defaults, on the number line for any sign), and interns claim
//! ids so that later stages refer to claims by [`ClaimId`] and never look a
//! name up again.

use crate::base::exact::{self, Exact};
use crate::base::span::{FileId, Span};
use crate::config::{BoundReading, Defaults};
use crate::quantity::interval::{Bound, Interval};
use crate::quantity::units::{Unit, UnitTable};
use crate::syntax::ast::{
    ClaimDecl, ClaimsItem, Key, Magnitude, Name, Qualifier, Quantity, SourceDecl, StrLit, UnitExpr,
    ValueForm,
};
use crate::syntax::json::{JsonNode, JsonSpans};
use crate::syntax::{self, ParseError};
use num_bigint::BigInt;
use num_traits::Signed;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Index of a claim in [`Corpus::claims`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClaimId(pub u32);

/// A loaded claim.
#[derive(Clone, Debug)]
pub struct Claim {
    /// The full id, `path[key]`.
    pub id: Box<str>,
    /// The key, if the claim is keyed.
    pub key: Option<Box<str>>,
    /// The value as written.
    pub written: Quantity,
    /// The value in base units.
    pub value: Interval,
    /// The written unit, shared by every claim written in it (a corpus uses
    /// a handful of units for its many claims).
    pub unit: Arc<Unit>,
    /// The written unit's name, for display (`USD/day`).
    pub unit_name: String,
    /// Title, if given.
    pub title: Option<String>,
    /// Quotes.
    pub citations: Vec<LoadedCitation>,
    /// The id's span.
    pub id_span: Span,
    /// The whole declaration.
    pub span: Span,
}

/// A citation with its source resolved.
#[derive(Clone, Debug)]
pub struct LoadedCitation {
    /// Index into [`Corpus::sources`].
    pub source: usize,
    /// The quote.
    pub quote: StrLit,
    /// The `cite` line.
    pub span: Span,
}

/// A source of quotes.
#[derive(Clone, Debug)]
pub struct Source {
    /// Its id.
    pub id: String,
    /// The declaration.
    pub decl: SourceDecl,
}

/// A problem that makes the corpus unusable: its files must be fixed before rules run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CorpusErrorKind {
    /// A syntax error.
    Parse(syntax::ParseErrorKind),
    /// Two claims with one id.
    DuplicateClaim {
        /// The id.
        id: String,
        /// The first declaration.
        first: Span,
    },
    /// Two sources with one id.
    DuplicateSource {
        /// The id.
        id: String,
        /// The first declaration.
        first: Span,
    },
    /// A unit the table does not know.
    UnknownUnit {
        /// The name.
        name: String,
        /// The closest known name.
        suggestion: Option<String>,
    },
    /// A citation of a source nobody declared.
    UnknownSource {
        /// The name.
        name: String,
        /// The closest declared source.
        suggestion: Option<String>,
    },
    /// A range whose lower end is above its upper end.
    EmptyRange,
    /// A JSON claims file that does not match the schema.
    Json(String),
    /// A unit with an exponent beyond [`crate::quantity::units::MAX_UNIT_EXPONENT`].
    UnitTooComplex,
}

/// A corpus error and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorpusError {
    /// What is wrong.
    pub kind: CorpusErrorKind,
    /// Where.
    pub span: Span,
}

impl From<ParseError> for CorpusError {
    fn from(e: ParseError) -> CorpusError {
        CorpusError {
            kind: CorpusErrorKind::Parse(e.kind),
            span: e.span,
        }
    }
}

/// All claims and sources.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// Claims in file order, then declaration order.
    pub claims: Vec<Claim>,
    /// Sources.
    pub sources: Vec<Source>,
    /// Units known to the corpus (built-ins and declared counts).
    pub units: UnitTable,
    /// The defaults used to read values.
    pub defaults: Defaults,
    by_id: HashMap<Box<str>, ClaimId>,
    by_path: HashMap<Box<str>, Vec<ClaimId>>,
}

impl Corpus {
    /// The claim with id `id`.
    pub fn get(&self, id: ClaimId) -> &Claim {
        &self.claims[id.0 as usize]
    }

    /// Looks a full id up.
    pub fn lookup(&self, id: &str) -> Option<ClaimId> {
        self.by_id.get(id).copied()
    }

    /// Every keyed claim under `path`, in key order as declared.
    pub fn keyed(&self, path: &str) -> &[ClaimId] {
        self.by_path.get(path).map_or(&[], Vec::as_slice)
    }

    /// Every claim id, for suggestions.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.claims.iter().map(|c| &*c.id)
    }
}

/// One parsed claims file.
#[derive(Clone, Debug)]
pub struct ParsedClaims {
    /// The file.
    pub file: FileId,
    /// Its items.
    pub items: Vec<ClaimsItem>,
    /// Its syntax errors.
    pub errors: Vec<CorpusError>,
}

/// Parses a `.claims` file.
pub fn parse_claims_file(text: &str, file: FileId) -> ParsedClaims {
    let (items, errors) = syntax::parse_claims(text, file);
    ParsedClaims {
        file,
        items,
        errors: errors.into_iter().map(CorpusError::from).collect(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFile {
    #[serde(default)]
    units: Vec<String>,
    #[serde(default)]
    sources: Vec<JsonSource>,
    #[serde(default)]
    claims: Vec<JsonClaim>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonSource {
    id: String,
    outlet: Option<String>,
    title: Option<String>,
    date: Option<String>,
    language: Option<String>,
    url: Option<String>,
    file: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonClaim {
    id: String,
    value: String,
    precision: Option<String>,
    title: Option<String>,
    #[serde(default)]
    citations: Vec<JsonCitation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonCitation {
    source: String,
    quote: String,
}

/// Parses a `.json` claims file (schema in docs/language.md). Spans point at
/// the JSON strings as written, found by their place in the document.
pub fn parse_json_file(text: &str, file: FileId) -> ParsedClaims {
    let mut parsed = ParsedClaims {
        file,
        items: Vec::new(),
        errors: Vec::new(),
    };
    let json: JsonFile = match serde_json::from_str(text) {
        Ok(json) => json,
        Err(e) => {
            let offset = byte_offset(text, e.line(), e.column());
            // serde_json appends " at line L column C"; the span says that already.
            let message = e.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_owned();
            parsed.errors.push(CorpusError {
                kind: CorpusErrorKind::Json(message),
                span: Span::new(file, offset, offset),
            });
            return parsed;
        }
    };
    // serde_json keeps no positions: each string's span is looked up by
    // where it sits in the document (key order does not matter), and points
    // at the string as written, escapes included.
    let spans = JsonSpans::new(text);
    let member = |node: Option<JsonNode>, key: &str| node.and_then(|n| spans.member(n, key));
    let elements = |node: Option<JsonNode>| node.into_iter().flat_map(|n| spans.elements(n));
    // Every string serde_json read is in the walk; the empty span at the
    // start of the file is only a fallback that valid text never needs.
    let at = |node: Option<JsonNode>| {
        let range = node.and_then(|n| spans.string(n)).unwrap_or(0..0);
        Span::new(file, range.start, range.end)
    };
    let name = |text: &str, span: Span| Name {
        text: text.into(),
        span,
    };
    let lit = |value: &str, span: Span| StrLit {
        value: value.to_owned(),
        span: Span::new(
            span.file,
            (span.start as usize).saturating_sub(1),
            span.end as usize + 1,
        ),
    };
    let root = spans.root();
    // Unit names and source ids are identifiers, as in a claims file.
    let is_ident = |text: &str| {
        text.len() <= syntax::MAX_NAME_LEN
            && text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && text.chars().all(syntax::is_ident_char)
    };
    let mut not_ident = |what: &str, text: &str, span: Span| {
        parsed.errors.push(CorpusError {
            kind: CorpusErrorKind::Json(format!(
                "{what} must be a name of letters, digits and `_` (at most {} bytes), not {}",
                syntax::MAX_NAME_LEN,
                crate::base::text::one_line(&format!("{text:?}"))
            )),
            span,
        });
    };
    if !json.units.is_empty() {
        let mut nodes = elements(member(root, "units"));
        let mut names = Vec::new();
        for u in &json.units {
            let span = at(nodes.next());
            if is_ident(u) {
                names.push(name(u, span));
            } else {
                not_ident("a unit", u, span);
            }
        }
        parsed.items.push(ClaimsItem::Units(names));
    }
    let mut source_nodes = elements(member(root, "sources"));
    for s in &json.sources {
        let node = source_nodes.next();
        let id_span = at(member(node, "id"));
        if !is_ident(&s.id) {
            not_ident("a source id", &s.id, id_span);
            continue;
        }
        let field =
            |v: &Option<String>, key: &str| v.as_ref().map(|v| lit(v, at(member(node, key))));
        let decl = SourceDecl {
            id: Some(name(&s.id, id_span)),
            outlet: field(&s.outlet, "outlet"),
            title: field(&s.title, "title"),
            date: field(&s.date, "date"),
            language: field(&s.language, "language"),
            url: field(&s.url, "url"),
            file: field(&s.file, "file"),
            span: id_span,
        };
        parsed.items.push(ClaimsItem::Source(decl));
    }
    let mut claim_nodes = elements(member(root, "claims"));
    for c in &json.claims {
        let node = claim_nodes.next();
        let id_span = at(member(node, "id"));
        // The limits of the claims syntax hold for JSON too.
        let too_long = if c.id.len() > syntax::MAX_NAME_LEN {
            Some(format!(
                "a claim id is at most {} bytes",
                syntax::MAX_NAME_LEN
            ))
        } else if c
            .title
            .iter()
            .chain(c.citations.iter().map(|q| &q.quote))
            .any(|t| t.len() > syntax::MAX_STRING_LEN)
        {
            Some(format!(
                "a title or quote is at most {} bytes",
                syntax::MAX_STRING_LEN
            ))
        } else {
            None
        };
        if let Some(message) = too_long {
            parsed.errors.push(CorpusError {
                kind: CorpusErrorKind::Json(message),
                span: id_span,
            });
            continue;
        }
        let id = match parse_claim_id(&c.id, id_span) {
            Some(id) => id,
            None => {
                parsed.errors.push(CorpusError {
                    kind: CorpusErrorKind::Json(format!(
                        "`{}` is not a claim id such as `openai.revenue[2025]`",
                        crate::base::text::one_line(&c.id)
                    )),
                    span: id_span,
                });
                continue;
            }
        };
        let value_span = at(member(node, "value"));
        let written = &text[value_span.start as usize..value_span.end as usize];
        if written.contains('\\') {
            parsed.errors.push(CorpusError {
                kind: CorpusErrorKind::Json(
                    "a claim value must be written without escapes".to_owned(),
                ),
                span: value_span,
            });
            continue;
        }
        // Without escapes, the value as written is `c.value` byte for byte.
        let mut value = match syntax::parse_quantity_at(&c.value, file, value_span.start as usize) {
            Ok(q) => q,
            Err(e) => {
                parsed.errors.push(e.into());
                continue;
            }
        };
        if let Some(precision) = &c.precision {
            let span = at(member(node, "precision"));
            let written = &text[span.start as usize..span.end as usize];
            let problem = if written.contains('\\') {
                Some("a claim's precision must be written without escapes")
            } else if value.precision.is_some() {
                Some("the precision is given twice: in `value` and in `precision`")
            } else {
                None
            };
            if let Some(problem) = problem {
                parsed.errors.push(CorpusError {
                    kind: CorpusErrorKind::Json(problem.to_owned()),
                    span,
                });
                continue;
            }
            match syntax::parse_precision_at(precision, &value.form, file, span.start as usize) {
                Ok(p) => value.precision = Some(p),
                Err(e) => {
                    parsed.errors.push(e.into());
                    continue;
                }
            }
        }
        let title = c.title.as_ref().map(|t| lit(t, at(member(node, "title"))));
        let mut cite_nodes = elements(member(node, "citations"));
        let citations = c
            .citations
            .iter()
            .map(|cite| {
                let cite_node = cite_nodes.next();
                let source_span = at(member(cite_node, "source"));
                let quote_span = at(member(cite_node, "quote"));
                crate::syntax::ast::Citation {
                    source: name(&cite.source, source_span),
                    quote: lit(&cite.quote, quote_span),
                    span: source_span.to(quote_span),
                }
            })
            .collect();
        parsed.items.push(ClaimsItem::Claim(ClaimDecl {
            span: id_span.to(value_span),
            id,
            value,
            title,
            note: None,
            citations,
        }));
    }
    parsed
}

fn parse_claim_id(text: &str, span: Span) -> Option<crate::syntax::ast::ClaimRef> {
    let (path, key) = match text.split_once('[') {
        Some((path, rest)) => (path, Some(rest.strip_suffix(']')?)),
        None => (text, None),
    };
    let ident_ok = |part: &str| {
        part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && part.chars().all(syntax::is_ident_char)
    };
    if !path.split('.').all(ident_ok) {
        return None;
    }
    if let Some(k) = key
        && (k.is_empty() || !k.chars().all(|c| syntax::is_ident_char(c) || c == '-'))
    {
        return None;
    }
    Some(crate::syntax::ast::ClaimRef {
        path: path.into(),
        key: key.map(|k| Key::Exact(k.into())),
        span,
    })
}

fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            // serde_json counts columns in bytes: the error may be reported
            // inside a character, and a span must not split one.
            let at = (offset + column.saturating_sub(1)).min(text.len());
            return crate::base::span::floor_char_boundary(text, at);
        }
        offset += l.len();
    }
    text.len()
}

/// Builds the corpus from parsed files (in file order). Returns the corpus and
/// every error; claims with errors are left out.
pub fn build(files: Vec<ParsedClaims>, defaults: &Defaults) -> (Corpus, Vec<CorpusError>) {
    let mut errors = Vec::new();
    let mut units = UnitTable::new(defaults.year_length_days.clone());
    // Units and sources first: a claim may use a unit or cite a source declared later.
    for file in &files {
        for item in &file.items {
            if let ClaimsItem::Units(names) = item {
                for name in names {
                    units.declare_count(&name.text);
                }
            }
        }
    }
    let mut sources: Vec<Source> = Vec::new();
    let mut source_index: HashMap<String, usize> = HashMap::new();
    for file in &files {
        for item in &file.items {
            if let ClaimsItem::Source(decl) = item
                && let Some(id) = &decl.id
            {
                if let Some(&first) = source_index.get(&*id.text) {
                    errors.push(CorpusError {
                        kind: CorpusErrorKind::DuplicateSource {
                            id: id.text.to_string(),
                            first: sources[first]
                                .decl
                                .id
                                .as_ref()
                                .map_or(decl.span, |n| n.span),
                        },
                        span: id.span,
                    });
                    continue;
                }
                source_index.insert(id.text.to_string(), sources.len());
                sources.push(Source {
                    id: id.text.to_string(),
                    decl: decl.clone(),
                });
            }
        }
    }
    let mut corpus = Corpus {
        claims: Vec::new(),
        sources,
        units,
        defaults: defaults.clone(),
        by_id: HashMap::new(),
        by_path: HashMap::new(),
    };
    // Each claim's unit and interval are computed in parallel; interning then
    // runs in file order, so ids and errors do not depend on thread count.
    let mut decls = Vec::new();
    for mut file in files {
        errors.append(&mut file.errors);
        decls.extend(file.items.into_iter().filter_map(|item| match item {
            ClaimsItem::Claim(decl) => Some(decl),
            _ => None,
        }));
    }
    // Units are resolved once per distinct spelling: a corpus uses a handful.
    let mut units: HashMap<String, Arc<Unit>> = HashMap::new();
    for decl in &decls {
        if let Some(expr) = &decl.value.unit {
            let name = unit_display_name(expr);
            if !units.contains_key(&name)
                && let Ok(unit) = resolve_unit(&corpus.units, expr)
            {
                units.insert(name, Arc::new(unit));
            }
        }
    }
    let loaded: Vec<Result<Claim, Vec<CorpusError>>> = decls
        .into_par_iter()
        .map(|decl| load_claim(&corpus, &source_index, &units, decl))
        .collect();
    corpus.claims.reserve(loaded.len());
    corpus.by_id.reserve(loaded.len());
    for result in loaded {
        match result {
            Ok(claim) => {
                if let Some(&first) = corpus.by_id.get(&claim.id) {
                    errors.push(CorpusError {
                        kind: CorpusErrorKind::DuplicateClaim {
                            id: claim.id.to_string(),
                            first: corpus.get(first).id_span,
                        },
                        span: claim.id_span,
                    });
                    continue;
                }
                let id = ClaimId(corpus.claims.len() as u32);
                corpus.by_id.insert(claim.id.clone(), id);
                if claim.key.is_some() {
                    let path = claim.id.split('[').next().unwrap_or_default();
                    // Look the path up before making a key of it: most
                    // paths have many keys.
                    match corpus.by_path.get_mut(path) {
                        Some(ids) => ids.push(id),
                        None => {
                            corpus.by_path.insert(path.into(), vec![id]);
                        }
                    }
                }
                corpus.claims.push(claim);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    (corpus, errors)
}

fn load_claim(
    corpus: &Corpus,
    source_index: &HashMap<String, usize>,
    units: &HashMap<String, Arc<Unit>>,
    decl: ClaimDecl,
) -> Result<Claim, Vec<CorpusError>> {
    let mut errors = Vec::new();
    let (unit, unit_name) = match &decl.value.unit {
        Some(expr) => {
            let name = unit_display_name(expr);
            match units.get(&name) {
                Some(unit) => (Arc::clone(unit), name),
                None => {
                    // Not resolvable: resolving again yields the error with this claim's span.
                    match resolve_unit(&corpus.units, expr) {
                        Ok(unit) => (Arc::new(unit), name),
                        Err(e) => {
                            errors.push(e);
                            (Arc::new(Unit::one()), String::new())
                        }
                    }
                }
            }
        }
        None => (Arc::new(Unit::one()), String::new()),
    };
    let mut citations = Vec::new();
    for cite in decl.citations {
        match source_index.get(&*cite.source.text) {
            Some(&source) => citations.push(LoadedCitation {
                source,
                quote: cite.quote,
                span: cite.span,
            }),
            None => errors.push(CorpusError {
                kind: CorpusErrorKind::UnknownSource {
                    name: cite.source.text.to_string(),
                    suggestion: crate::base::suggest::did_you_mean(
                        &cite.source.text,
                        source_index.keys().map(String::as_str),
                    )
                    .map(str::to_owned),
                },
                span: cite.source.span,
            }),
        }
    }
    let value = match written_interval(&decl.value, &corpus.defaults) {
        Some(interval) => interval.scale(&unit.factor),
        None => {
            errors.push(CorpusError {
                kind: CorpusErrorKind::EmptyRange,
                span: decl.value.span,
            });
            Interval::everything()
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Claim {
        id: decl.id.full().into(),
        key: match &decl.id.key {
            Some(Key::Exact(k)) => Some(k.clone()),
            _ => None,
        },
        written: decl.value,
        value,
        unit,
        unit_name,
        title: decl.title.map(|t| t.value),
        citations,
        id_span: decl.id.span,
        span: decl.span,
    })
}

/// Resolves a written unit against the table.
pub fn resolve_unit(table: &UnitTable, expr: &UnitExpr) -> Result<Unit, CorpusError> {
    let mut unit = Unit::one();
    for (name, exp) in &expr.atoms {
        let Some(atom) = table.lookup(&name.text) else {
            let known = table.known_names();
            return Err(CorpusError {
                kind: CorpusErrorKind::UnknownUnit {
                    name: name.text.to_string(),
                    // A spelling of a known unit first (`usd`, `dollars`),
                    // then the closest name by edit distance.
                    suggestion: table.spelling_of(&name.text).or_else(|| {
                        crate::base::suggest::did_you_mean(
                            &name.text,
                            known.iter().map(String::as_str),
                        )
                        .map(str::to_owned)
                    }),
                },
                span: name.span,
            });
        };
        let Some(next) = atom
            .powi(i32::from(*exp))
            .and_then(|power| unit.mul(&power))
        else {
            return Err(CorpusError {
                kind: CorpusErrorKind::UnitTooComplex,
                span: name.span,
            });
        };
        unit = next.0;
    }
    Ok(unit)
}

/// The unit as written, normalised: `USD/day`, `%`.
pub fn unit_display_name(expr: &UnitExpr) -> String {
    let mut out = String::new();
    for (i, (name, exp)) in expr.atoms.iter().enumerate() {
        if i > 0 {
            out.push(if *exp < 0 { '/' } else { '·' });
        } else if *exp < 0 {
            out.push_str("1/");
        }
        out.push_str(&name.text);
        if exp.abs() > 1 {
            out.push_str(&format!("^{}", exp.abs()));
        }
    }
    out
}

/// The interval a written value stands for, in the written unit, following the
/// qualifier table in docs/language.md, with its declared precision when it
/// has one. `None` for an empty range.
pub fn written_interval(q: &Quantity, defaults: &Defaults) -> Option<Interval> {
    form_interval_at(&q.form, q.precision.map(|p| p.exponent), defaults)
}

/// The interval a value form stands for, to the precision of its written
/// digits (see [`written_interval`]).
pub fn form_interval(form: &ValueForm, defaults: &Defaults) -> Option<Interval> {
    form_interval_at(form, None, defaults)
}

/// The interval a value form stands for, its rounding step *u* one unit of
/// the last written digit, or `10^precision` when a precision is declared.
/// The formulas are the same for any sign: a qualifier keeps its meaning on
/// the number line (`more than -4` is (-4, -3]).
pub fn form_interval_at(
    form: &ValueForm,
    precision: Option<i32>,
    defaults: &Defaults,
) -> Option<Interval> {
    let value = |m: &Magnitude| m.value();
    let unbounded = defaults.more_than == BoundReading::Unbounded;
    let interval = match form {
        ValueForm::Single {
            qualifier,
            magnitude,
            open_ended,
        } => {
            // Ends are built as `n * 10^e` directly, which keeps the common
            // forms free of general rational arithmetic: m ± 1/2 unit in the
            // last place is (10m ± 5) * 10^(e-1).
            let mut m = BigInt::from(magnitude.decimal.mantissa);
            if magnitude.negative {
                m = -m;
            }
            let e = magnitude.decimal.exponent;
            let at = |n: BigInt, exp: i32| crate::base::exact::decimal_ratio(n, exp);
            let v = at(m.clone(), e);
            let step = precision.unwrap_or(e);
            let ulp = exact::pow10(step);
            let half = at(BigInt::from(5), step - 1);
            let open = *open_ended || unbounded;
            match qualifier.map(|(q, _)| q) {
                None if precision.is_some() => {
                    Interval::closed(exact::sub(&v, &half), exact::add(&v, &half))
                }
                None => {
                    let m10 = &m * 10u32;
                    Interval::closed(at(&m10 - 5u32, e - 1), at(&m10 + 5u32, e - 1))
                }
                Some(Qualifier::Exactly) => Interval::point(v),
                Some(Qualifier::About) => {
                    let width = max(half, exact::mul(&v.abs(), &defaults.about_tolerance));
                    Interval::closed(exact::sub(&v, &width), exact::add(&v, &width))
                }
                Some(Qualifier::Nearly) => {
                    let width = max(half, exact::mul(&v.abs(), &defaults.about_tolerance));
                    Interval::closed(exact::sub(&v, &width), v)
                }
                Some(Qualifier::MoreThan) => Interval {
                    hi: if open {
                        Bound::Unbounded
                    } else {
                        Bound::closed(exact::add(&v, &ulp))
                    },
                    lo: Bound::open(v),
                },
                Some(Qualifier::AtLeast) => Interval {
                    hi: if open {
                        Bound::Unbounded
                    } else {
                        Bound::closed(exact::add(&v, &ulp))
                    },
                    lo: Bound::closed(v),
                },
                Some(Qualifier::LessThan) => Interval {
                    lo: if open {
                        Bound::Unbounded
                    } else {
                        Bound::closed(exact::sub(&v, &ulp))
                    },
                    hi: Bound::open(v),
                },
                Some(Qualifier::AtMost) => Interval {
                    lo: if open {
                        Bound::Unbounded
                    } else {
                        Bound::closed(exact::sub(&v, &ulp))
                    },
                    hi: Bound::closed(v),
                },
            }
        }
        ValueForm::PlusMinus(center, delta) => {
            let (c, d) = (value(center), value(delta));
            Interval::closed(exact::sub(&c, &d), exact::add(&c, &d))
        }
        ValueForm::Range(lo, hi) => {
            if let (Some(lo), Some(hi)) = (lo, hi)
                && exact::cmp(&value(lo), &value(hi)).is_gt()
            {
                return None;
            }
            Interval {
                lo: lo
                    .as_ref()
                    .map_or(Bound::Unbounded, |m| Bound::closed(value(m))),
                hi: hi
                    .as_ref()
                    .map_or(Bound::Unbounded, |m| Bound::closed(value(m))),
            }
        }
    };
    Some(interval)
}

/// A value written with more digits than its declared precision keeps
/// (`58123 USD precision 1k`: XBRL Calculations 1.1's "excess digits"): the
/// number it would be, rounded to that precision (half away from zero), as
/// a magnitude of the same sign. `None` when there is no declared precision
/// or the digits below it are zeros.
pub fn excess_digits(q: &Quantity) -> Option<Magnitude> {
    let precision = q.precision?;
    let ValueForm::Single { magnitude, .. } = &q.form else {
        return None;
    };
    let crate::base::exact::Decimal { mantissa, exponent } = magnitude.decimal;
    let places = precision.exponent.checked_sub(exponent)?;
    if places <= 0 || mantissa == 0 {
        return None;
    }
    // A mantissa has at most 38 digits, so below 10^38 places it is all
    // excess and rounds to zero.
    let rounded = match 10u128.checked_pow(places as u32) {
        Some(step) if mantissa % step == 0 => return None,
        Some(step) => mantissa / step + u128::from(mantissa % step >= step / 2),
        None => 0,
    };
    Some(Magnitude {
        decimal: crate::base::exact::Decimal {
            mantissa: rounded,
            exponent: precision.exponent,
        },
        ..*magnitude
    })
}

fn max(a: Exact, b: Exact) -> Exact {
    if exact::cmp(&a, &b).is_ge() { a } else { b }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::ClaimsItem;
    use proptest::prelude::*;
    use std::fmt::Write as _;

    /// Claim values, in the claims syntax (a value is never escaped).
    const VALUES: &[&str] = &[
        "13B USD",
        "about 15M USD/day",
        "more than 14B USD",
        "12B..14B USD",
        "5.40 ± 0.2 USD",
        "~13.5B USD",
        "$15M/day",
        "2 trillion CNY",
        "27%",
        "19k server",
        "..3 GW",
        "-4 EUR",
        "−3.5%",
        "-5..-3 USD",
        "more than -4.. EUR",
        "1.2e9 USD",
        "3E-2",
        "58000 USD precision 1k",
        "about -1.5e3 USD precision 100",
    ];

    /// Titles, quotes and source fields: several scripts, and characters
    /// that JSON and the claims syntax must escape.
    const TEXTS: &[&str] = &[
        "15 مليون دولار يوميًا",
        "2025 年營收預計僅 130 億美元",
        "café \"quoted\" \\ back/slash",
        "tab\there, line\nbreak",
        "emoji 😀 and 5",
        "",
        "plain 13 billion",
    ];

    const FIELDS: [&str; 6] = ["outlet", "title", "date", "language", "url", "file"];

    /// A JSON document to write; strings with `true` may be escaped.
    enum Json {
        Str(String, bool),
        Arr(Vec<Json>),
        Obj(Vec<(&'static str, Json)>),
    }

    /// A small deterministic generator for the writer's choices.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// Writes `s` as a JSON string, each character plainly or escaped (in
    /// short or `\uXXXX` form) as the generator says.
    fn write_string(out: &mut String, s: &str, may_escape: bool, rng: &mut Rng) {
        out.push('"');
        for c in s.chars() {
            let must = c == '"' || c == '\\' || c < ' ';
            let escape = must || (may_escape && rng.below(3) == 0);
            if !escape {
                out.push(c);
                continue;
            }
            match (c, rng.below(2)) {
                ('"', 0) => out.push_str("\\\""),
                ('\\', 0) => out.push_str("\\\\"),
                ('/', 0) => out.push_str("\\/"),
                ('\n', 0) => out.push_str("\\n"),
                ('\t', 0) => out.push_str("\\t"),
                _ => {
                    for unit in c.encode_utf16(&mut [0; 2]) {
                        let _ = write!(out, "\\u{unit:04X}");
                    }
                }
            }
        }
        out.push('"');
    }

    /// Writes `json` with every object's keys shuffled and random blanks.
    fn write_json(out: &mut String, json: Json, rng: &mut Rng) {
        let blank = |out: &mut String, rng: &mut Rng| {
            out.push_str(["", " ", "\n  ", "\t", "\r\n"][rng.below(5)]);
        };
        match json {
            Json::Str(s, may_escape) => write_string(out, &s, may_escape, rng),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    blank(out, rng);
                    write_json(out, item, rng);
                }
                out.push(']');
            }
            Json::Obj(mut members) => {
                for i in (1..members.len()).rev() {
                    members.swap(i, rng.below(i + 1));
                }
                out.push('{');
                for (i, (key, value)) in members.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    blank(out, rng);
                    write_string(out, key, true, rng);
                    blank(out, rng);
                    out.push(':');
                    write_json(out, value, rng);
                    blank(out, rng);
                }
                out.push('}');
            }
        }
    }

    fn claims_string(s: &str) -> String {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
            .replace('\t', "\\t");
        format!("\"{escaped}\"")
    }

    /// A claim to write: value, optional title and quotes (indices into
    /// [`VALUES`] and [`TEXTS`]).
    type ClaimSpec = (usize, Option<usize>, Vec<usize>);

    /// The same corpus as a JSON file (keys in random order, strings escaped
    /// at random) and as a claims file. Every string is distinct, so a span
    /// that points at the wrong one is caught.
    fn write_both(claims: &[ClaimSpec], seed: u64) -> (String, String) {
        let tagged = |text: &str, tag: String| format!("{text} {tag}");
        let mut text = "unit server\nsource s1 {\n".to_owned();
        let mut source = vec![("id", Json::Str("s1".to_owned(), true))];
        for (i, field) in FIELDS.iter().enumerate() {
            let value = tagged(TEXTS[i], format!("s{i}"));
            let _ = writeln!(text, "  {field} {}", claims_string(&value));
            source.push((field, Json::Str(value, true)));
        }
        text.push_str("}\n");
        let mut items = Vec::new();
        for (i, (value, title, quotes)) in claims.iter().enumerate() {
            let id = format!("c{i}.v[{i}]");
            let _ = writeln!(text, "claim {id} = {} {{", VALUES[*value]);
            let mut claim = vec![
                ("id", Json::Str(id, true)),
                ("value", Json::Str(VALUES[*value].to_owned(), false)),
            ];
            if let Some(t) = title {
                let title = tagged(TEXTS[*t], format!("t{i}"));
                let _ = writeln!(text, "  title {}", claims_string(&title));
                claim.push(("title", Json::Str(title, true)));
            }
            let mut citations = Vec::new();
            for (j, q) in quotes.iter().enumerate() {
                let quote = tagged(TEXTS[*q], format!("q{i}.{j}"));
                let _ = writeln!(text, "  cite s1 {}", claims_string(&quote));
                citations.push(Json::Obj(vec![
                    ("source", Json::Str("s1".to_owned(), true)),
                    ("quote", Json::Str(quote, true)),
                ]));
            }
            claim.push(("citations", Json::Arr(citations)));
            text.push_str("}\n");
            items.push(Json::Obj(claim));
        }
        let top = Json::Obj(vec![
            (
                "units",
                Json::Arr(vec![Json::Str("server".to_owned(), true)]),
            ),
            ("sources", Json::Arr(vec![Json::Obj(source)])),
            ("claims", Json::Arr(items)),
        ]);
        let mut json = String::new();
        write_json(&mut json, top, &mut Rng(seed | 1));
        (json, text)
    }

    /// The quantity with its spans made relative to its own start.
    fn relative(quantity: &Quantity) -> Quantity {
        let mut quantity = quantity.clone();
        let start = quantity.span.start;
        syntax::shift_quantity(&mut quantity, |span| {
            span.start -= start;
            span.end -= start;
        });
        quantity
    }

    /// Checks one JSON file against its claims-file twin: the same items,
    /// and every span of the JSON file on the string it belongs to.
    fn check_json_against_claims(json: &str, claims: &str) -> Result<(), TestCaseError> {
        let from_json = parse_json_file(json, FileId(0));
        let from_claims = parse_claims_file(claims, FileId(0));
        prop_assert!(
            from_json.errors.is_empty(),
            "{:?}\n{json}",
            from_json.errors
        );
        prop_assert!(
            from_claims.errors.is_empty(),
            "{:?}\n{claims}",
            from_claims.errors
        );
        prop_assert_eq!(from_json.items.len(), from_claims.items.len());
        let mut spans = Vec::new();
        let decode = |written: &str| serde_json::from_str::<String>(written).ok();
        let name = |n: &Name, spans: &mut Vec<Span>| {
            spans.push(n.span);
            let written = &json[n.span.start as usize..n.span.end as usize];
            decode(&format!("\"{written}\"")).as_deref() == Some(&*n.text)
        };
        let lit = |l: &StrLit, spans: &mut Vec<Span>| {
            spans.push(l.span);
            decode(&json[l.span.start as usize..l.span.end as usize]).as_deref() == Some(&*l.value)
        };
        for (j, c) in from_json.items.iter().zip(&from_claims.items) {
            match (j, c) {
                (ClaimsItem::Units(j), ClaimsItem::Units(c)) => {
                    prop_assert_eq!(j.len(), c.len());
                    for (j, c) in j.iter().zip(c) {
                        prop_assert_eq!(&j.text, &c.text);
                        prop_assert!(name(j, &mut spans), "unit {j:?}\n{json}");
                    }
                }
                (ClaimsItem::Source(j), ClaimsItem::Source(c)) => {
                    let (Some(jid), Some(cid)) = (&j.id, &c.id) else {
                        return Err(TestCaseError::fail("a source without id"));
                    };
                    prop_assert_eq!(&jid.text, &cid.text);
                    prop_assert!(name(jid, &mut spans), "source id\n{json}");
                    fn fields(d: &SourceDecl) -> [&Option<StrLit>; 6] {
                        [&d.outlet, &d.title, &d.date, &d.language, &d.url, &d.file]
                    }
                    for (jf, cf) in fields(j).into_iter().zip(fields(c)) {
                        let (Some(jf), Some(cf)) = (jf, cf) else {
                            return Err(TestCaseError::fail("a source field is missing"));
                        };
                        prop_assert_eq!(&jf.value, &cf.value);
                        prop_assert!(lit(jf, &mut spans), "source field {jf:?}\n{json}");
                    }
                }
                (ClaimsItem::Claim(j), ClaimsItem::Claim(c)) => {
                    prop_assert_eq!(j.id.full(), c.id.full());
                    spans.push(j.id.span);
                    let written = &json[j.id.span.start as usize..j.id.span.end as usize];
                    prop_assert_eq!(decode(&format!("\"{written}\"")), Some(j.id.full()));
                    let value = &json[j.value.span.start as usize..j.value.span.end as usize];
                    let expected = &claims[c.value.span.start as usize..c.value.span.end as usize];
                    prop_assert_eq!(value, expected);
                    spans.push(j.value.span);
                    prop_assert_eq!(relative(&j.value), relative(&c.value));
                    prop_assert_eq!(
                        j.title.as_ref().map(|t| &t.value),
                        c.title.as_ref().map(|t| &t.value)
                    );
                    if let Some(t) = &j.title {
                        prop_assert!(lit(t, &mut spans), "title {t:?}\n{json}");
                    }
                    prop_assert_eq!(j.citations.len(), c.citations.len());
                    for (jc, cc) in j.citations.iter().zip(&c.citations) {
                        prop_assert_eq!(&jc.source.text, &cc.source.text);
                        prop_assert_eq!(&jc.quote.value, &cc.quote.value);
                        prop_assert!(name(&jc.source, &mut spans), "cite source\n{json}");
                        prop_assert!(lit(&jc.quote, &mut spans), "quote {jc:?}\n{json}");
                    }
                }
                _ => return Err(TestCaseError::fail("items of different kinds")),
            }
        }
        // No two strings share a span: each points at its own.
        let count = spans.len();
        spans.sort();
        spans.dedup();
        prop_assert_eq!(spans.len(), count, "two strings share a span\n{}", json);
        Ok(())
    }

    proptest! {
        /// A JSON file loads as its claims-file twin, whatever its key order
        /// and escapes, with every span on the string as written.
        #[test]
        fn json_loads_as_its_claims_twin_with_spans_as_written(
            claims in proptest::collection::vec(
                (
                    0..VALUES.len(),
                    proptest::option::of(0..TEXTS.len()),
                    proptest::collection::vec(0..TEXTS.len(), 0..3),
                ),
                0..5,
            ),
            seed in any::<u64>(),
        ) {
            let (json, text) = write_both(&claims, seed);
            check_json_against_claims(&json, &text)?;
        }
    }

    /// The interval a claim value reads as, in its written unit, shown exactly.
    fn read(value: &str) -> String {
        let text = format!("claim a = {value}\n");
        let (items, errors) = syntax::parse_claims(&text, FileId(0));
        assert!(errors.is_empty(), "{value}: {errors:?}");
        let Some(ClaimsItem::Claim(claim)) = items.first() else {
            panic!("{value}: no claim");
        };
        let interval = written_interval(&claim.value, &Defaults::default()).expect("not empty");
        let end = |b: &Bound| match b {
            Bound::Finite { value, closed } => (value.to_string(), *closed),
            Bound::Unbounded => ("inf".to_owned(), false),
        };
        let ((lo, lo_closed), (hi, hi_closed)) = (end(&interval.lo), end(&interval.hi));
        format!(
            "{}{lo}, {hi}{}",
            if lo_closed { "[" } else { "(" },
            if hi_closed { "]" } else { ")" }
        )
    }

    #[test]
    fn negative_values_read_on_the_number_line() {
        assert_eq!(read("-4 EUR"), "[-9/2, -7/2]");
        assert_eq!(read("−3.5%"), "[-71/20, -69/20]");
        assert_eq!(read("-5..-3"), "[-5, -3]");
        assert_eq!(read("-5..3"), "[-5, 3]");
        assert_eq!(read("..-3"), "(inf, -3]");
        assert_eq!(read("more than -4"), "(-4, -3]");
        assert_eq!(read("at least -4"), "[-4, -3]");
        assert_eq!(read("less than -4"), "[-5, -4)");
        assert_eq!(read("up to -4"), "[-5, -4]");
        assert_eq!(read("more than -4.."), "(-4, inf)");
        assert_eq!(read("about -20"), "[-21, -19]");
        assert_eq!(read("nearly -20"), "[-21, -20]");
        assert_eq!(read("-5 ± 1"), "[-6, -4]");
        assert_eq!(read("-0"), "[-1/2, 1/2]");
    }

    #[test]
    fn scientific_notation_reads_to_its_mantissa() {
        assert_eq!(read("1.2e9"), "[1150000000, 1250000000]");
        assert_eq!(read("3E-2"), "[1/40, 7/200]");
        assert_eq!(read("-1.20e3"), "[-1205, -1195]");
        assert_eq!(read("more than 1e3"), "(1000, 2000]");
    }

    #[test]
    fn a_declared_precision_replaces_the_written_one() {
        assert_eq!(read("58000 USD precision 1k"), "[57500, 58500]");
        assert_eq!(read("58 precision 0.01"), "[11599/200, 11601/200]");
        assert_eq!(read("-58000 precision 1k"), "[-58500, -57500]");
        assert_eq!(read("more than 14000 precision 1k"), "(14000, 15000]");
        assert_eq!(read("up to 14000 precision 1e3"), "[13000, 14000]");
        // `about`: the tolerance, or half the declared step, whichever is wider.
        assert_eq!(read("about 1000 precision 1k"), "[500, 1500]");
        assert_eq!(read("about 58000 precision 1k"), "[55100, 60900]");
    }

    #[test]
    fn excess_digits_are_the_digits_below_a_declared_precision() {
        let excess = |value: &str| {
            let text = format!("claim a = {value}\n");
            let (items, _) = syntax::parse_claims(&text, FileId(0));
            let Some(ClaimsItem::Claim(claim)) = items.first() else {
                panic!("{value}: no claim");
            };
            excess_digits(&claim.value).map(|m| m.value().to_string())
        };
        assert_eq!(excess("58123 USD precision 1k"), Some("58000".to_owned()));
        assert_eq!(excess("58500 USD precision 1k"), Some("59000".to_owned()));
        assert_eq!(excess("-58500 USD precision 1k"), Some("-59000".to_owned()));
        assert_eq!(excess("58.1k USD precision 1k"), Some("58000".to_owned()));
        assert_eq!(excess("58000 USD precision 1k"), None);
        assert_eq!(excess("58.0k USD precision 1k"), None);
        assert_eq!(excess("58 USD precision 0.01"), None);
        assert_eq!(excess("58123 USD"), None);
        assert_eq!(excess("0.001 precision 1e99"), Some("0".to_owned()));
    }

    /// A number's digits written with an exponent, and the same digits written
    /// plainly with a scale suffix: `d.ddd` × 10^`exp` both ways, when a
    /// suffix can keep the last digit's place (`1e4` is `0.01M`; `1e14` has
    /// no plain spelling of its precision).
    fn spellings(digits: &str, point: usize, exp: i32, negative: bool) -> Option<(String, String)> {
        let sign = if negative { "-" } else { "" };
        let (int, frac) = digits.split_at(point);
        let mantissa = if frac.is_empty() {
            int.to_owned()
        } else {
            format!("{int}.{frac}")
        };
        let scientific = format!("{sign}{mantissa}e{exp}");
        // The last digit's place, and the smallest suffix at or above it.
        let last = exp - frac.len() as i32;
        let (suffix, scale) = [("", 0), ("k", 3), ("M", 6), ("B", 9), ("T", 12)]
            .into_iter()
            .find(|(_, s)| *s >= last)?;
        let places = usize::try_from(scale - last).ok()?;
        let mut plain = digits.to_owned();
        if places > 0 {
            if plain.len() <= places {
                plain = format!("{}{plain}", "0".repeat(places + 1 - plain.len()));
            }
            plain.insert(plain.len() - places, '.');
        }
        Some((scientific, format!("{sign}{plain}{suffix}")))
    }

    proptest! {
        /// A number written with an exponent reads as the same interval as
        /// its digits written plainly with a scale suffix, for every
        /// qualifier: the precision is the mantissa's (`1.2e9` is `1.2B`).
        #[test]
        fn scientific_and_plain_spellings_read_alike(
            digits in "[1-9][0-9]{0,7}",
            point in 1usize..9,
            exp in -20i32..=20,
            negative in any::<bool>(),
            qualifier in prop::sample::select(vec!["", "about ", "more than ", "at most ", "nearly "]),
        ) {
            let point = point.min(digits.len());
            let spelt = spellings(&digits, point, exp, negative);
            prop_assume!(spelt.is_some());
            let Some((scientific, plain)) = spelt else {
                return Ok(());
            };
            prop_assert_eq!(
                read(&format!("{qualifier}{scientific}")),
                read(&format!("{qualifier}{plain}")),
                "{} against {}", scientific, plain
            );
        }
    }

    #[test]
    fn a_json_precision_field_declares_the_precision_of_its_value() {
        let text = r#"{"claims": [{"id": "a", "value": "58000 USD", "precision": "1k"}]}"#;
        let parsed = parse_json_file(text, FileId(0));
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let Some(ClaimsItem::Claim(claim)) = parsed.items.first() else {
            panic!("a claim");
        };
        let precision = claim.value.precision.expect("a precision");
        assert_eq!(precision.exponent, 3);
        let span = precision.span.start as usize..precision.span.end as usize;
        assert_eq!(&text[span], "1k");
        let twin = parse_claims_file("claim a = 58000 USD precision 1k\n", FileId(0));
        let Some(ClaimsItem::Claim(twin)) = twin.items.first() else {
            panic!("a claim");
        };
        assert_eq!(
            written_interval(&claim.value, &Defaults::default()),
            written_interval(&twin.value, &Defaults::default())
        );
        for (text, problem, at) in [
            (
                r#"{"claims": [{"id": "a", "value": "58000 USD precision 1k", "precision": "1k"}]}"#,
                "the precision is given twice: in `value` and in `precision`",
                "1k",
            ),
            (
                r#"{"claims": [{"id": "a", "value": "58000 USD", "precision": "1\u006b"}]}"#,
                "a claim's precision must be written without escapes",
                "1\\u006b",
            ),
        ] {
            let parsed = parse_json_file(text, FileId(0));
            let [error] = parsed.errors.as_slice() else {
                panic!("one error expected: {:?}", parsed.errors);
            };
            assert_eq!(error.kind, CorpusErrorKind::Json(problem.to_owned()));
            assert_eq!(
                &text[error.span.start as usize..error.span.end as usize],
                at
            );
        }
        let text = r#"{"claims": [{"id": "a", "value": "57000..59000 USD", "precision": "2k"}]}"#;
        let parsed = parse_json_file(text, FileId(0));
        let [error] = parsed.errors.as_slice() else {
            panic!("one error expected: {:?}", parsed.errors);
        };
        assert!(
            matches!(
                &error.kind,
                CorpusErrorKind::Parse(syntax::ParseErrorKind::BadPrecision(_))
            ),
            "{error:?}"
        );
    }

    #[test]
    fn an_escaped_value_is_refused_where_it_is_written() {
        let text = r#"{"claims": [{"value": "5 \u0055SD", "id": "a\u002eb"}]}"#;
        let parsed = parse_json_file(text, FileId(0));
        assert!(parsed.items.is_empty());
        let [error] = parsed.errors.as_slice() else {
            panic!("one error expected: {:?}", parsed.errors);
        };
        assert_eq!(
            error.kind,
            CorpusErrorKind::Json("a claim value must be written without escapes".to_owned())
        );
        let span = error.span.start as usize..error.span.end as usize;
        assert_eq!(&text[span], "5 \\u0055SD");
    }
}
