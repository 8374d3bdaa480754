//! Source files: resolving a source's `file` safely, and finding a quote in it.
//!
//! **A corpus file can never make factlint read outside the allowed roots.**
//! CI runs factlint on pull requests from strangers, and a quote's diff prints
//! part of the file it was compared with, so a `file` that is absolute, that
//! climbs with `..`, or that reaches outside through a symlink is refused
//! before anything is opened. The roots are the checked tree and the
//! directories the operator names with `--sources` (or `sources` in
//! `factlint.toml`, which must itself lie inside the tree).

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Where a source's file was looked for, and what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// The file, inside one of the roots (canonical path).
    Found(PathBuf),
    /// The name is not allowed: absolute, `..`, or a link leading outside.
    Refused(&'static str),
    /// No root holds a file of that name.
    Missing,
}

/// Resolves `name` (a source's `file`) against `roots`, in order.
pub fn resolve(name: &str, roots: &[PathBuf]) -> Resolved {
    let relative = Path::new(name);
    if name.is_empty() {
        return Resolved::Refused("the file name is empty");
    }
    for component in relative.components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return Resolved::Refused("it climbs out with `..`"),
            Component::RootDir | Component::Prefix(_) => {
                return Resolved::Refused("it is an absolute path");
            }
        }
    }
    for root in roots {
        let Ok(root) = root.canonicalize() else {
            continue;
        };
        let candidate = root.join(relative);
        if candidate.symlink_metadata().is_err() {
            continue;
        }
        // Follow links, then insist the target is still under the root.
        let Ok(real) = candidate.canonicalize() else {
            return Resolved::Refused("it is a broken or looping link");
        };
        if !real.starts_with(&root) {
            return Resolved::Refused("it is a link that leads outside the allowed directories");
        }
        if real.is_file() {
            return Resolved::Found(real);
        }
    }
    Resolved::Missing
}

/// Text normalised for comparing quotes: read as every check reads it (see
/// [`crate::numerals::reading`]: digits of every script as ASCII, invisible
/// characters taken out, a superscript against a number kept apart from it),
/// then NFKC (which also folds width forms), every run of whitespace one
/// space, trimmed. Returns the normalised text and, for each of its
/// characters, the byte offset of the original character it came from (so a
/// passage can be cut from the original).
pub fn normalize(text: &str) -> (String, Vec<usize>) {
    let reading = crate::numerals::reading::Reading::of(text);
    let read = &reading.text;
    let mut out = String::with_capacity(read.len());
    let mut origins = Vec::with_capacity(read.len());
    let mut pending_space: Option<usize> = None;
    for (offset, c) in read.char_indices() {
        let original = reading.original(offset..offset + c.len_utf8()).start;
        if c.is_whitespace() {
            if !out.is_empty() && pending_space.is_none() {
                pending_space = Some(original);
            }
            continue;
        }
        if let Some(space_at) = pending_space.take() {
            out.push(' ');
            origins.push(space_at);
        }
        for n in std::iter::once(c).nfkc() {
            out.push(n);
            origins.push(original);
        }
    }
    (out, origins)
}

/// Whether `quote` occurs in `text` after normalisation.
pub fn contains_quote(text: &str, quote: &str) -> bool {
    SourceText::new(text).contains(quote)
}

/// The passage of `text` most like `quote` (both normalised); see
/// [`SourceText::closest_passage`].
pub fn closest_passage(text: &str, quote: &str) -> Option<String> {
    SourceText::new(text).closest_passage(quote)
}

/// `passage` as shown for `quote`: whole when it has at most twice the
/// quote's characters and 200 more, else its two ends around `…`. A passage
/// is cut at word boundaries, and a source's word can be megabytes long (a
/// file of one "word"); the report would print it twice per missing quote.
fn bounded_passage(passage: &str, quote: &str) -> String {
    let limit = 2 * quote.chars().count() + 200;
    let mut ends = passage.char_indices();
    let Some((head_end, _)) = ends.nth(limit / 2) else {
        return passage.to_owned();
    };
    let Some((tail_start, _)) = passage.char_indices().rev().nth(limit / 2 - 1) else {
        return passage.to_owned();
    };
    if tail_start <= head_end {
        return passage.to_owned();
    }
    format!("{} … {}", &passage[..head_end], &passage[tail_start..])
}

/// Quotes longer than this many words are not aligned word by word: the
/// closest passage is the best window of their length, and the diff shows
/// the passage and the quote whole. (An alignment costs the product of the
/// two lengths at worst.)
pub const MAX_ALIGNED_WORDS: usize = 2_000;

/// The work the closest-passage search may do in one source file, in word
/// steps: a word of the file looked at by a slide is one step, an
/// occurrence of a quote's word sorted and swept is four. A quote whose
/// search would go past the limit gets no passage, and its finding says it
/// was not searched, so quotes written on purpose of a file's commonest
/// words cannot make a run take long: the whole budget is spent in about a
/// second.
///
/// A quote's search costs at most twice a slide over every word of the file,
/// plus, when the quote is aligned, four steps for each pair of one of its
/// words and one of the region's (about twice the quote's word count, so a
/// quote of 2,000 words costs 32 million). Ordinary quotes cost far less:
/// 2,000 missing 12-word quotes against one 1 MB file of English-like text
/// spend about a tenth of it (`bench/sources.sh`). The budget is spent in
/// the order the quotes are asked for, the corpus's order, in one thread, so
/// a corpus always gets the same findings.
pub const PASSAGE_SEARCH_BUDGET: u64 = 1 << 27;

/// What each pair of a word of the region and a word of the quote costs
/// the alignment, in the word steps of [`PASSAGE_SEARCH_BUDGET`]. It pays
/// for the alignment (which takes the product of the two lengths at worst)
/// and for the word diff of the passage shown, made over the same words and
/// the spaces between them.
const ALIGNMENT_STEPS_PER_PAIR: u64 = 4;

/// What one occurrence of a quote's word costs a sweep, in the word steps
/// of [`PASSAGE_SEARCH_BUDGET`]: the occurrences are sorted, then each enters
/// and leaves the window once.
const SWEEP_STEPS_PER_OCCURRENCE: u64 = 4;

/// A source file's text, normalised once for all the quotes checked in it.
///
/// It is deliberately not `Sync`: its search budget is spent in the order
/// quotes are asked for, which must be one fixed order for the findings to be
/// the same on every run.
pub struct SourceText {
    normalized: String,
    /// Byte ranges of its words (diff tokens other than whitespace).
    words: Vec<(usize, usize)>,
    /// Where each word occurs, built when a quote first needs it; `None` for
    /// a text of more words than a `u32` counts.
    index: OnceCell<Option<WordIndex>>,
    /// What is left of the closest-passage search's budget.
    budget: u64,
}

impl SourceText {
    /// Normalises `text` (see [`normalize`]) and splits it into words, with
    /// a search budget of [`PASSAGE_SEARCH_BUDGET`].
    pub fn new(text: &str) -> SourceText {
        SourceText::with_budget(text, PASSAGE_SEARCH_BUDGET)
    }

    /// As [`SourceText::new`], with a search budget of `budget` word steps.
    pub fn with_budget(text: &str, budget: u64) -> SourceText {
        let (normalized, _) = normalize(text);
        let words = word_ranges(&normalized);
        SourceText {
            normalized,
            words,
            index: OnceCell::new(),
            budget,
        }
    }

    fn index(&self) -> Option<&WordIndex> {
        self.index
            .get_or_init(|| WordIndex::build(&self.normalized, &self.words))
            .as_ref()
    }

    /// Whether `quote` occurs in the text after normalisation.
    ///
    /// Only the places where the quote's rarest whole word occurs are
    /// compared, when that is less work than scanning the text. A word of the
    /// quote with two characters of the quote on each side is cut from the
    /// text at the same place wherever the quote occurs (a diff token ends
    /// where the two characters on either side of its edge say), so each
    /// occurrence of the quote holds an occurrence of that word at the same
    /// offset.
    pub fn contains(&self, quote: &str) -> bool {
        let (quote, _) = normalize(quote);
        let Some(index) = self.index() else {
            return self.normalized.contains(&quote);
        };
        let after_two = quote.char_indices().nth(2).map_or(usize::MAX, |(i, _)| i);
        let before_two = quote.char_indices().nth_back(1).map_or(0, |(i, _)| i);
        let mut rarest: Option<(usize, &[u32])> = None;
        for (a, b) in word_ranges(&quote) {
            if a < after_two || b > before_two {
                continue;
            }
            let Some(id) = index.id(&quote[a..b]) else {
                // A word the text does not have: the quote cannot occur.
                return false;
            };
            let positions = index.positions(id);
            if rarest.is_none_or(|(_, fewest)| positions.len() < fewest.len()) {
                rarest = Some((a, positions));
            }
        }
        match rarest {
            Some((offset, positions))
                if positions.len().saturating_mul(quote.len()) < self.normalized.len() =>
            {
                let text = self.normalized.as_bytes();
                positions.iter().any(|&p| {
                    self.words[p as usize]
                        .0
                        .checked_sub(offset)
                        .and_then(|start| text.get(start..start + quote.len()))
                        == Some(quote.as_bytes())
                })
            }
            _ => self.normalized.contains(&quote),
        }
    }

    /// The passage most like `quote`, for showing a diff when the quote is
    /// not found, or `None` when it was not searched because the text's
    /// search budget ([`PASSAGE_SEARCH_BUDGET`]) is spent.
    ///
    /// The window of the quote's word count sharing the most words with it
    /// (the first such) is found by sweeping over the occurrences of the
    /// quote's words (see `sweep_windows`), or by sliding over every word
    /// when that is less work; it is then widened by half the quote on each
    /// side, aligned with the quote word by word, and cut from its first to
    /// its last word in common.
    pub fn closest_passage(&mut self, quote: &str) -> Option<String> {
        let (quote, _) = normalize(quote);
        let wanted: Vec<&str> = word_ranges(&quote)
            .into_iter()
            .map(|(a, b)| &quote[a..b])
            .collect();
        let (n, m) = (self.words.len(), wanted.len());
        if m == 0 || n <= m {
            // The passage is the whole text; the diff shown is made over it
            // and the quote, word by word when the quote is aligned.
            if m <= MAX_ALIGNED_WORDS {
                let diff_cost = ALIGNMENT_STEPS_PER_PAIR * (m as u64) * (n as u64);
                self.budget = self.budget.checked_sub(diff_cost)?;
            }
            return Some(bounded_passage(&self.normalized, &quote));
        }
        // The field alone is borrowed, so the budget can change below. A text
        // of more than `u32::MAX` words (8 GB or more) is not searched.
        let index = self
            .index
            .get_or_init(|| WordIndex::build(&self.normalized, &self.words))
            .as_ref()?;
        let counted = counted_ids(index, &wanted);
        let align_cost = if m <= MAX_ALIGNED_WORDS {
            // The widest region `aligned_region` gives, away from the ends.
            let widest = (m + 2 * (m / 2 + 1)).min(n);
            ALIGNMENT_STEPS_PER_PAIR * (m as u64) * (widest as u64)
        } else {
            0
        };
        // What a search that runs out has spent stays spent.
        let mut allowance = Allowance {
            left: self.budget.checked_sub(align_cost)?,
        };
        let best = best_window(index, &counted, n, m, &mut allowance);
        self.budget = allowance.left + if best.is_some() { 0 } else { align_cost };
        let best = best?;
        Some(bounded_passage(&self.passage_around(best, &wanted), &quote))
    }

    /// The passage for the best window starting at word `best`: the window
    /// widened and aligned with the quote's words `wanted` (see
    /// [`SourceText::closest_passage`]).
    fn passage_around(&self, best: usize, wanted: &[&str]) -> String {
        let words = &self.words;
        let m = wanted.len();
        let word = |i: usize| &self.normalized[words[i].0..words[i].1];
        let (mut first, mut last) = (best, best + m - 1);
        if m <= MAX_ALIGNED_WORDS {
            let region = aligned_region(best, words.len(), m);
            let from = region.start;
            let region: Vec<&str> = region.map(word).collect();
            // The region's words aligned with the quote's, in order.
            let matched: Vec<usize> =
                similar::capture_diff_slices(similar::Algorithm::Myers, &region, wanted)
                    .iter()
                    .flat_map(|op| match *op {
                        similar::DiffOp::Equal { old_index, len, .. } => old_index..old_index + len,
                        _ => 0..0,
                    })
                    .collect();
            // A word matched far out at either end (a common word such as
            // "the") would stretch the passage: keep the run of matches whose
            // similarity, matches over (passage + quote length), is highest.
            let mut top = (0.0f64, 0usize, 0usize);
            for i in 0..matched.len() {
                for j in i..matched.len() {
                    let span = matched[j] - matched[i] + 1;
                    let score = (j - i + 1) as f64 / (span + m) as f64;
                    if score > top.0 {
                        top = (score, i, j);
                    }
                }
            }
            if !matched.is_empty() {
                (first, last) = (from + matched[top.1], from + matched[top.2]);
            }
        }
        self.normalized[words[first].0..words[last].1].to_owned()
    }
}

/// The words aligned with a quote of `m` words whose best window starts at
/// word `best` of `n`: the window and half the quote on each side.
fn aligned_region(best: usize, n: usize, m: usize) -> std::ops::Range<usize> {
    best.saturating_sub(m / 2 + 1)..(best + m + m / 2 + 1).min(n)
}

/// A source file's words by value: an id for each distinct word, and the
/// positions where each id occurs.
struct WordIndex {
    /// The id of each distinct word, numbered in order of first occurrence.
    ids_by_word: HashMap<Box<str>, u32>,
    /// The id of each word of the text, in order.
    ids: Vec<u32>,
    /// The positions of id `i` are `positions[starts[i]..starts[i + 1]]`,
    /// ascending.
    starts: Vec<u32>,
    positions: Vec<u32>,
}

impl WordIndex {
    /// The index of the words at byte ranges `words` of `text`; `None` when
    /// they are too many to number with a `u32`.
    fn build(text: &str, words: &[(usize, usize)]) -> Option<WordIndex> {
        u32::try_from(words.len()).ok()?;
        let mut ids_by_word: HashMap<Box<str>, u32> = HashMap::new();
        let mut counts: Vec<u32> = Vec::new();
        let mut ids = Vec::with_capacity(words.len());
        for &(a, b) in words {
            let word = &text[a..b];
            let id = match ids_by_word.get(word) {
                Some(&id) => id,
                None => {
                    let id = counts.len() as u32;
                    ids_by_word.insert(word.into(), id);
                    counts.push(0);
                    id
                }
            };
            counts[id as usize] += 1;
            ids.push(id);
        }
        let mut starts = Vec::with_capacity(counts.len() + 1);
        starts.push(0u32);
        for count in &counts {
            starts.push(starts[starts.len() - 1] + count);
        }
        // A counting sort: positions come out ascending within each id.
        let mut next = starts[..counts.len()].to_vec();
        let mut positions = vec![0u32; words.len()];
        for (position, &id) in ids.iter().enumerate() {
            positions[next[id as usize] as usize] = position as u32;
            next[id as usize] += 1;
        }
        Some(WordIndex {
            ids_by_word,
            ids,
            starts,
            positions,
        })
    }

    fn id(&self, word: &str) -> Option<u32> {
        self.ids_by_word.get(word).copied()
    }

    fn positions(&self, id: u32) -> &[u32] {
        &self.positions[self.starts[id as usize] as usize..self.starts[id as usize + 1] as usize]
    }
}

/// The distinct words of `wanted` that the text has, as ids, each with how
/// often `wanted` has it; a word the text lacks can share nothing.
fn counted_ids(index: &WordIndex, wanted: &[&str]) -> Vec<(u32, u32)> {
    let mut ids: Vec<u32> = wanted.iter().filter_map(|w| index.id(w)).collect();
    ids.sort_unstable();
    let mut counted: Vec<(u32, u32)> = Vec::new();
    for id in ids {
        match counted.last_mut() {
            Some((last, count)) if *last == id => *count += 1,
            _ => counted.push((id, 1)),
        }
    }
    counted
}

/// Work counted against a search budget, in word steps.
struct Allowance {
    left: u64,
}

impl Allowance {
    /// Takes `steps` from what is left, or `None` (taking nothing) when
    /// that is less: the work must then not be done.
    fn spend(&mut self, steps: u64) -> Option<()> {
        self.left = self.left.checked_sub(steps)?;
        Some(())
    }
}

/// The quote's words a window holds.
struct Held<'a> {
    /// The quote's distinct words (ids) and how often it has each.
    counted: &'a [(u32, u32)],
    /// How often the window holds each.
    have: Vec<u32>,
    /// The words held, each counted at most as often as the quote has it.
    shared: usize,
}

impl<'a> Held<'a> {
    fn new(counted: &'a [(u32, u32)]) -> Held<'a> {
        Held {
            counted,
            have: vec![0; counted.len()],
            shared: 0,
        }
    }

    /// Sets the count of a word not yet held.
    fn start_with(&mut self, slot: usize, count: usize) {
        let count = count as u32;
        self.have[slot] = count;
        self.shared += count.min(self.counted[slot].1) as usize;
    }

    fn enter(&mut self, slot: usize) {
        self.have[slot] += 1;
        if self.have[slot] <= self.counted[slot].1 {
            self.shared += 1;
        }
    }

    fn leave(&mut self, slot: usize) {
        if self.have[slot] <= self.counted[slot].1 {
            self.shared -= 1;
        }
        self.have[slot] -= 1;
    }
}

/// The first start of a window of `m` of the text's `n` words (`m < n`)
/// holding the most of the quote's words, each counted at most as often as
/// the quote has it (`counted`: id and count); 0 when no window holds any.
/// `None` when `allowance` ran out first.
///
/// The sweep ([`sweep_windows`]) is tried first, with at most what a slide
/// over every word costs; when it needs more, the slide ([`slide_windows`])
/// is made instead, so a quote costs at most twice a slide.
fn best_window(
    index: &WordIndex,
    counted: &[(u32, u32)],
    n: usize,
    m: usize,
    allowance: &mut Allowance,
) -> Option<usize> {
    let slide = n as u64;
    let mut sweep = Allowance {
        left: slide.min(allowance.left),
    };
    let common_from = n / (COMMON_WORD_WINDOWS * m);
    let swept = sweep_windows(index, counted, n, m, common_from, &mut sweep);
    allowance.left -= slide.min(allowance.left) - sweep.left;
    if swept.is_some() {
        return swept;
    }
    allowance.spend(slide)?;
    Some(slide_windows(index, counted, n, m))
}

/// A word of the quote is common, for [`sweep_windows`], when it occurs on
/// average at least once in this many windows' length of text. On the text
/// of `bench/generate_sources.py`, 32 was fastest and 16 to 64 nearly so.
const COMMON_WORD_WINDOWS: usize = 32;

/// [`best_window`] by a slide over every word of the text.
fn slide_windows(index: &WordIndex, counted: &[(u32, u32)], n: usize, m: usize) -> usize {
    let mut slots = vec![u32::MAX; index.starts.len() - 1];
    for (slot, &(id, _)) in counted.iter().enumerate() {
        slots[id as usize] = slot as u32;
    }
    let slot_at = |i: usize| match slots[index.ids[i] as usize] {
        u32::MAX => None,
        slot => Some(slot as usize),
    };
    let mut held = Held::new(counted);
    let (mut best, mut best_shared) = (0usize, 0usize);
    for i in 0..n {
        if let Some(slot) = slot_at(i) {
            held.enter(slot);
        }
        if i >= m
            && let Some(slot) = slot_at(i - m)
        {
            held.leave(slot);
        }
        if i + 1 >= m && held.shared > best_shared {
            (best, best_shared) = (i + 1 - m, held.shared);
        }
    }
    best
}

/// [`best_window`] by sweeping over the occurrences of the quote's words,
/// or `None` when `allowance` runs out first.
///
/// An occurrence at word `p` is in the windows starting from `p - m + 1`
/// (or 0) to `p`, so the count of shared words changes only where an
/// occurrence enters or leaves, and the first best start is one of those
/// places (or 0). The quote's rarer words are swept first, which cuts the
/// starts into segments of one count each; the words occurring at least
/// `common_from` times (such as "the") are then counted only in the
/// segments that could still hold the best window, those whose count plus
/// every common word of the quote reaches the best found so far, the
/// highest counts first.
fn sweep_windows(
    index: &WordIndex,
    counted: &[(u32, u32)],
    n: usize,
    m: usize,
    common_from: usize,
    allowance: &mut Allowance,
) -> Option<usize> {
    let last = n - m;
    let occurrences = |slot: usize| index.positions(counted[slot].0);
    let (common, rare): (Vec<usize>, Vec<usize>) =
        (0..counted.len()).partition(|&slot| occurrences(slot).len() >= common_from.max(1));
    let rare_count: usize = rare.iter().map(|&slot| occurrences(slot).len()).sum();
    allowance.spend(steps(rare_count))?;
    let segments = rare_segments(index, counted, &rare, m, last);
    allowance.spend(steps(segments.len()))?;
    let most_common: usize = common.iter().map(|&slot| counted[slot].1 as usize).sum();
    let mut order: Vec<usize> = (0..segments.len()).collect();
    order.sort_unstable_by_key(|&j| (std::cmp::Reverse(segments[j].1), segments[j].0));
    // The best count and the first start that has it.
    let mut best: Option<(usize, usize)> = None;
    for j in order {
        let (from, rare_shared) = segments[j];
        let to = segments.get(j + 1).map_or(last, |&(next, _)| next - 1);
        if let Some((value, start)) = best {
            let reach = rare_shared + most_common;
            if reach < value {
                break;
            }
            if reach == value && from >= start {
                continue;
            }
        }
        let (common_shared, start) = common_best(index, counted, &common, m, from..=to, allowance)?;
        let value = rare_shared + common_shared;
        if best.is_none_or(|(best_value, best_start)| {
            value > best_value || (value == best_value && start < best_start)
        }) {
            best = Some((value, start));
        }
    }
    Some(best.map_or(0, |(_, start)| start))
}

/// The budget steps of sweeping `occurrences` occurrences (or segments, or
/// searches in a list of positions).
fn steps(occurrences: usize) -> u64 {
    (occurrences as u64).saturating_mul(SWEEP_STEPS_PER_OCCURRENCE)
}

/// The count of the quote's words in `slots` held by the windows starting
/// at each start up to `last`, as segments: a segment's first start and the
/// count, which holds until the next segment's first start.
fn rare_segments(
    index: &WordIndex,
    counted: &[(u32, u32)],
    slots: &[usize],
    m: usize,
    last: usize,
) -> Vec<(usize, usize)> {
    let mut occurrences: Vec<u64> = Vec::new();
    for &slot in slots {
        occurrences.extend(
            index
                .positions(counted[slot].0)
                .iter()
                .map(|&p| (u64::from(p) << 32) | slot as u64),
        );
    }
    // A stable sort merges the runs, one per word, in k log(words).
    occurrences.sort();
    let position = |o: u64| (o >> 32) as usize;
    let slot = |o: u64| (o & u64::from(u32::MAX)) as usize;
    let enters_at = |o: u64| position(o).saturating_sub(m - 1);
    let leaves_at = |o: u64| position(o) + 1;
    let mut held = Held::new(counted);
    let mut segments = vec![(0usize, 0usize)];
    let (mut entered, mut left) = (0, 0);
    while left < occurrences.len() {
        // The leavings are in order too: a start is the next of either.
        let start = match occurrences.get(entered) {
            Some(&o) => enters_at(o).min(leaves_at(occurrences[left])),
            None => leaves_at(occurrences[left]),
        };
        if start > last {
            break;
        }
        while let Some(&o) = occurrences.get(entered)
            && enters_at(o) == start
        {
            held.enter(slot(o));
            entered += 1;
        }
        while left < entered && leaves_at(occurrences[left]) == start {
            held.leave(slot(occurrences[left]));
            left += 1;
        }
        match segments.last_mut() {
            Some(segment) if segment.0 == start => segment.1 = held.shared,
            Some(&mut (_, shared)) if shared == held.shared => {}
            _ => segments.push((start, held.shared)),
        }
    }
    segments
}

/// The most of the quote's words in `slots` that a window starting in
/// `starts` holds, and the first start that holds that many; `None` when
/// `allowance` runs out first.
fn common_best(
    index: &WordIndex,
    counted: &[(u32, u32)],
    slots: &[usize],
    m: usize,
    starts: std::ops::RangeInclusive<usize>,
    allowance: &mut Allowance,
) -> Option<(usize, usize)> {
    let (from, to) = (*starts.start(), *starts.end());
    allowance.spend(steps(4 * slots.len()))?;
    let mut held = Held::new(counted);
    // For each word: the occurrences entering after `from` (in windows
    // `from + 1..=to`) and those leaving, as ranges of its positions.
    let mut ranges = Vec::with_capacity(slots.len());
    for &slot in slots {
        let positions = index.positions(counted[slot].0);
        let below = |end: usize| positions.partition_point(|&p| (p as usize) < end);
        let (first, entering, entering_end, leaving_end) =
            (below(from), below(from + m), below(to + m), below(to));
        held.start_with(slot, entering - first);
        ranges.push((slot, entering..entering_end, first..leaving_end));
    }
    let events: usize = ranges.iter().map(|(_, e, l)| e.len() + l.len()).sum();
    allowance.spend(steps(events))?;
    // Each event: its start, then the slot and whether it leaves (the
    // order within a start does not change the count after it).
    let mut sorted: Vec<(usize, usize, bool)> = Vec::with_capacity(events);
    for (slot, entering, leaving) in ranges {
        let positions = index.positions(counted[slot].0);
        sorted.extend(
            positions[entering]
                .iter()
                .map(|&p| (p as usize + 1 - m, slot, false)),
        );
        sorted.extend(
            positions[leaving]
                .iter()
                .map(|&p| (p as usize + 1, slot, true)),
        );
    }
    sorted.sort_unstable();
    let mut best = (held.shared, from);
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i].0;
        while let Some(&(at, slot, leaves)) = sorted.get(i)
            && at == start
        {
            if leaves {
                held.leave(slot);
            } else {
                held.enter(slot);
            }
            i += 1;
        }
        if held.shared > best.0 {
            best = (held.shared, start);
        }
    }
    Some(best)
}

/// Byte ranges of the diff tokens of `text` that are not whitespace.
fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    token_ranges(text)
        .into_iter()
        .filter(|&(a, b)| !text[a..b].chars().all(char::is_whitespace))
        .collect()
}

/// Splits text into diff tokens: runs of letters, digits and marks (a word
/// in Latin or Arabic script), each CJK character on its own, runs of
/// whitespace, and each other character.
fn diff_tokens(text: &str) -> Vec<&str> {
    token_ranges(text)
        .into_iter()
        .map(|(a, b)| &text[a..b])
        .collect()
}

/// The byte ranges of [`diff_tokens`].
fn token_ranges(text: &str) -> Vec<(usize, usize)> {
    let is_cjk = |c: char| matches!(c, '\u{3000}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}');
    let class = |c: char| -> u8 {
        if is_cjk(c) {
            0
        } else if c.is_alphanumeric()
            || matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
        {
            1
        } else if c.is_whitespace() {
            2
        } else {
            3
        }
    };
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut previous: Option<u8> = None;
    let mut chars = text.char_indices().peekable();
    let mut last_char = None;
    while let Some((i, c)) = chars.next() {
        // A decimal point or digit grouping mark belongs to a word between two
        // digits (`5.4`, `٥٫٤`, `1,000`); elsewhere it is punctuation (`dollars.`).
        let decimal = matches!(c, '.' | ',' | '\u{066B}' | '\u{066C}')
            && last_char.is_some_and(|p: char| p.is_numeric())
            && chars.peek().is_some_and(|&(_, n)| n.is_numeric());
        last_char = Some(c);
        let k = if decimal { 1 } else { class(c) };
        let joins = previous == Some(k) && (k == 1 || k == 2);
        if !joins && i > start {
            tokens.push((start, i));
            start = i;
        }
        previous = Some(k);
    }
    if start < text.len() {
        tokens.push((start, text.len()));
    }
    tokens
}

/// A one-line diff from `passage` to `quote`, word by word (character by
/// character in CJK text): text only in the passage as `[-…-]`, only in the
/// quote as `{+…+}`.
pub fn inline_diff(passage: &str, quote: &str) -> String {
    let (passage, _) = normalize(passage);
    let (quote, _) = normalize(quote);
    let old = diff_tokens(&passage);
    let new = diff_tokens(&quote);
    // Whitespace tokens sit between words, so twice the words bounds them.
    if old.len().max(new.len()) > 2 * MAX_ALIGNED_WORDS + 1 {
        return format!("[-{passage}-]{{+{quote}+}}");
    }
    let diff = similar::TextDiff::from_slices(&old, &new);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            similar::ChangeTag::Equal => out.push_str(value),
            similar::ChangeTag::Delete => {
                out.push_str("[-");
                out.push_str(value);
                out.push_str("-]");
            }
            similar::ChangeTag::Insert => {
                out.push_str("{+");
                out.push_str(value);
                out.push_str("+}");
            }
        }
    }
    // Merge adjacent markers of one kind: `[-a-][-b-]` -> `[-ab-]`.
    out.replace("-][-", "").replace("+}{+", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_absolute_paths_are_refused() {
        let roots = vec![PathBuf::from(".")];
        assert!(matches!(
            resolve("../secret.txt", &roots),
            Resolved::Refused(_)
        ));
        assert!(matches!(
            resolve("a/../../secret.txt", &roots),
            Resolved::Refused(_)
        ));
        assert!(matches!(
            resolve("/etc/passwd", &roots),
            Resolved::Refused(_)
        ));
        assert_eq!(resolve("no-such-file.txt", &roots), Resolved::Missing);
    }

    #[test]
    fn normalisation_folds_width_and_whitespace() {
        assert!(contains_quote("收入\n  １３０ 億美元。", "１３０ 億美元"));
        assert!(contains_quote("a  b\tc", "a b c"));
        assert!(!contains_quote("abc", "abd"));
    }

    #[test]
    fn words_keep_numbers_and_drop_trailing_punctuation() {
        let words = |t: &str| -> Vec<String> {
            word_ranges(t)
                .into_iter()
                .map(|(a, b)| t[a..b].to_owned())
                .collect()
        };
        assert_eq!(
            words("spent 5.4 billion dollars. 1,000 users, ٥٫٤ مليار"),
            [
                "spent",
                "5.4",
                "billion",
                "dollars",
                ".",
                "1,000",
                "users",
                ",",
                "٥٫٤",
                "مليار"
            ]
        );
        assert_eq!(words("收入130億。"), ["收", "入", "130", "億", "。"]);
    }

    #[test]
    fn closest_passage_in_a_long_text_is_linear() {
        // A 300-word quote against a 60,000-word text: the former search
        // scored every window and took minutes; this one aligns once.
        let word = |i: u64| format!("w{} ", i.wrapping_mul(2_654_435_761) % 1_009);
        let text: String = (0..60_000).map(word).collect();
        let unrelated: String = (0..300).map(|i| format!("u{i} ")).collect();
        assert!(!closest_passage(&text, &unrelated).unwrap().is_empty());
        // One word changed in the middle: the passage is the 300 words quoted.
        let near: String = (20_000..20_300)
            .map(|i| {
                if i == 20_150 {
                    "changed ".to_owned()
                } else {
                    word(i)
                }
            })
            .collect();
        let quoted: String = (20_000..20_300).map(word).collect();
        assert_eq!(closest_passage(&text, &near).unwrap(), quoted.trim_end());
        // A common word matched further out does not stretch it.
        let text = "Of the rest, the analysts said the company spent 15 million dollars a day.";
        assert_eq!(
            closest_passage(text, "the company spent 16 million dollars a day").unwrap(),
            "the company spent 15 million dollars a day"
        );
    }

    /// The window search as first written: a slide over every word of the
    /// text, looking each up in a map of the quote's words.
    fn best_window_plainly(words: &[&str], wanted: &[&str]) -> usize {
        let m = wanted.len();
        let mut need: HashMap<&str, (usize, usize)> = HashMap::new();
        for w in wanted {
            need.entry(w).or_insert((0, 0)).0 += 1;
        }
        let mut shared = 0usize;
        let (mut best, mut best_shared) = (0usize, 0usize);
        for i in 0..words.len() {
            if let Some((want, have)) = need.get_mut(words[i]) {
                *have += 1;
                if *have <= *want {
                    shared += 1;
                }
            }
            if i >= m
                && let Some((want, have)) = need.get_mut(words[i - m])
            {
                if *have <= *want {
                    shared -= 1;
                }
                *have -= 1;
            }
            if i + 1 >= m && shared > best_shared {
                (best, best_shared) = (i + 1 - m, shared);
            }
        }
        best
    }

    proptest::proptest! {
        /// The sweep, whichever words it counts as common, and the slide
        /// over word ids find the window the plain slide finds, and so the
        /// same passage.
        #[test]
        fn window_searches_find_what_the_plain_slide_finds(
            text in proptest::collection::vec(
                proptest::sample::select(vec!["a", "b", "c", "d", "the", "the", "the", "of", "x"]),
                0..120,
            ),
            quote in proptest::collection::vec(
                proptest::sample::select(vec!["a", "b", "c", "the", "the", "of", "q"]),
                1..12,
            ),
        ) {
            let (text, quote) = (text.join(" "), quote.join(" "));
            let source = SourceText::new(&text);
            let words: Vec<&str> =
                source.words.iter().map(|&(a, b)| &source.normalized[a..b]).collect();
            let wanted: Vec<&str> = quote.split(' ').collect();
            let (n, m) = (words.len(), wanted.len());
            if m >= n {
                // The whole text is the passage; no window is searched.
                return Ok(());
            }
            let expected = best_window_plainly(&words, &wanted);
            let index = source.index().unwrap();
            let counted = counted_ids(index, &wanted);
            proptest::prop_assert_eq!(slide_windows(index, &counted, n, m), expected);
            for common_from in [0, 2, 3, 5, 8, 13, n + 1] {
                let mut allowance = Allowance { left: u64::MAX };
                proptest::prop_assert_eq!(
                    sweep_windows(index, &counted, n, m, common_from, &mut allowance),
                    Some(expected),
                    "common from {}", common_from
                );
            }
            let passage = source.passage_around(expected, &wanted);
            proptest::prop_assert_eq!(closest_passage(&text, &quote), Some(passage));
        }

        /// Comparing the quote only where its rarest word occurs finds it
        /// exactly where a scan of the text does, decimal marks and words
        /// cut at the quote's ends included.
        #[test]
        fn contains_finds_what_a_scan_finds(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "5", "12", ".", ",", "\u{066B}", "a", "b", "ab", " ", "  ", "收", "入",
                    "the", "-", "\u{0650}", "\u{FF11}",
                ]),
                0..40,
            ),
            from in 0usize..60,
            len in 0usize..30,
            other in proptest::collection::vec(
                proptest::sample::select(vec!["5", ".", "a", "b", " ", "the", "收", "1"]),
                0..8,
            ),
        ) {
            let text = pieces.concat();
            let source = SourceText::new(&text);
            let (normalized, _) = normalize(&text);
            let chars: Vec<char> = normalized.chars().collect();
            let from = from.min(chars.len());
            let piece: String = chars[from..(from + len).min(chars.len())].iter().collect();
            for quote in [piece, other.concat()] {
                proptest::prop_assert_eq!(
                    source.contains(&quote),
                    normalized.contains(&normalize(&quote).0),
                    "{:?} in {:?}", quote, normalized
                );
            }
        }
    }

    #[test]
    fn the_search_budget_is_counted_and_then_said_to_be_spent() {
        // Every window shares words with the quote, so a search costs about a
        // slide over the 2,000 words.
        let text: String = (0..2_000)
            .map(|i| if i % 3 == 0 { "a " } else { "b " })
            .collect();
        let quote = "a b b a b b a x";
        let unlimited = closest_passage(&text, quote);
        assert!(unlimited.is_some());
        let searches = |budget: u64| -> Vec<Option<String>> {
            let mut source = SourceText::with_budget(&text, budget);
            (0..20).map(|_| source.closest_passage(quote)).collect()
        };
        let found = searches(10_000);
        let searched = found.iter().take_while(|f| f.is_some()).count();
        assert!((1..20).contains(&searched), "{searched}");
        assert!(found[..searched].iter().all(|f| *f == unlimited));
        assert!(found[searched..].iter().all(Option::is_none));
        // The work is counted, not timed: the same budget goes as far again.
        assert_eq!(searches(10_000), found);
        assert_eq!(
            SourceText::with_budget(&text, 0).closest_passage(quote),
            None
        );
        // A quote that does not fit leaves the budget to a smaller one.
        let mut source = SourceText::with_budget(&text, 2_000);
        assert_eq!(source.closest_passage(quote), None);
        assert!(source.closest_passage("x y").is_some());
        // A text no longer than the quote is the passage, but its diff with
        // the quote is paid for too.
        assert_eq!(
            SourceText::with_budget("a b", 0).closest_passage("a b c"),
            None
        );
        let mut source = SourceText::with_budget("a b", 4 * 3 * 2);
        assert_eq!(source.closest_passage("a b c").as_deref(), Some("a b"));
        assert_eq!(source.closest_passage("a b c"), None);
    }

    #[test]
    fn a_passage_of_huge_words_is_shown_by_its_ends() {
        // A file of one four-million-character word, and one of three
        // million-character words around the quoted ones: the passage shown
        // is about twice the quote, whatever the words.
        let huge = "a".repeat(4_000_000);
        let passage = closest_passage(&huge, "b 5").expect("searched");
        assert!(passage.len() < 300, "{} bytes", passage.len());
        assert!(passage.starts_with("aaa") && passage.contains(" … "));
        let text = format!("{huge} d e f {huge} {huge}");
        let passage = closest_passage(&text, "d e g").expect("searched");
        assert!(passage.len() < 300, "{} bytes", passage.len());
        // Passages of ordinary words are whole.
        assert_eq!(
            closest_passage("x y spent 5 dollars z", "spent 6 dollars").as_deref(),
            Some("spent 5 dollars")
        );
    }

    #[test]
    fn closest_passage_and_diff() {
        let text = "The company spent about 15 million dollars a day on the app, analysts said.";
        let quote = "spent about 16 million dollars a day";
        let passage = closest_passage(text, quote).unwrap();
        assert_eq!(passage, "spent about 15 million dollars a day");
        assert_eq!(
            inline_diff(&passage, quote),
            "spent about [-15-]{+16+} million dollars a day"
        );
    }
}
