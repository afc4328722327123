//! The written words of a sentence and when each starts: the sentence's text, as written, cut
//! at spaces, placed on the engine's word marks (which follow the spoken text).
//!
//! Written and spoken words differ (`17/2` is spoken `mười bảy tháng hai`), so they are
//! aligned monotonically: words equal after folding case and diacritics are anchors (the
//! longest common subsequence), and the written words between two anchors share the spoken
//! words between them in proportion to their letters, each starting with the spoken word
//! nearest its share (`UBND TP.` said `ủy ban nhân dân thành phố`: `TP.` starts with
//! `thành`). Without marks, times are interpolated
//! by letters between the sentence's start and end.

use unicode_segmentation::UnicodeSegmentation as _;

use crate::audio::timeline::TimedSentence;
use crate::lang::fold_diacritics;

/// Beyond this many written × spoken words, no anchors are looked for (letters only).
const MAX_ALIGNMENT_CELLS: usize = 4_000_000;

/// How strongly the text invites a break after a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Boundary {
    /// Inside a clause.
    None,
    /// After a comma.
    Comma,
    /// After `;` `:` `—` `–` `…` `!` `?`, or a full stop closing a quotation.
    Clause,
}

/// A written word: one or more space-separated tokens (a lone `–` or `"` goes with the word
/// before it, so no line starts with a dash or a closing quote).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Unit {
    /// The tokens, joined by single spaces.
    pub text: String,
    /// Its length in graphemes (what a reader sees as characters).
    pub chars: usize,
    /// Whether a clause ends after it.
    pub boundary: Boundary,
    /// Lower case, no diacritics, letters and digits only: what alignment compares.
    folded: String,
}

/// The written words of `text`, in order. Together they hold every non-space character of
/// `text`, in order.
pub(super) fn units(text: &str) -> Vec<Unit> {
    let mut tokens: Vec<Vec<&str>> = Vec::new();
    let mut leading: Vec<&str> = Vec::new();
    for token in text.split_whitespace() {
        let wordless = !token.chars().any(char::is_alphanumeric);
        match tokens.last_mut() {
            Some(last) if wordless => last.push(token),
            None if wordless => leading.push(token),
            _ => {
                let mut unit = std::mem::take(&mut leading);
                unit.push(token);
                tokens.push(unit);
            }
        }
    }
    if !leading.is_empty() {
        tokens.push(leading);
    }
    tokens
        .into_iter()
        .map(|parts| {
            let text = parts.join(" ");
            let boundary = parts.last().map_or(Boundary::None, |t| boundary_after(t));
            Unit {
                chars: text.graphemes(true).count(),
                folded: fold(&text),
                boundary,
                text,
            }
        })
        .collect()
}

fn fold(text: &str) -> String {
    fold_diacritics(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The break a token invites after it, closing quotes and brackets looked through.
fn boundary_after(token: &str) -> Boundary {
    const CLOSING: &[char] = &['"', '\'', '”', '’', '»', '›', ')', ']', '}', '」', '*'];
    let bare = token.trim_end_matches(CLOSING);
    let closed = bare.len() < token.len();
    if !bare.is_empty() && bare.chars().all(|c| matches!(c, '-' | '—' | '–' | '―')) {
        return Boundary::Clause;
    }
    match bare.chars().last() {
        Some(',' | '，' | '、') => Boundary::Comma,
        Some(';' | ':' | '—' | '–' | '―' | '…' | '!' | '?' | '；' | '：' | '！' | '？') => {
            Boundary::Clause
        }
        Some('.') if closed || bare.ends_with("..") => Boundary::Clause,
        _ => Boundary::None,
    }
}

/// The sample each of `units` starts at: in order (never decreasing), within the sentence,
/// from the sentence's word marks when it has some, else by letters.
pub(super) fn starts(units: &[Unit], timed: &TimedSentence) -> Vec<u64> {
    let (start, end) = (timed.start, timed.end.max(timed.start));
    if units.is_empty() {
        return Vec::new();
    }
    // The spoken words, their times (clamped into the sentence, never going back) and weights.
    let mut last = start;
    let spoken: Vec<(String, f64)> = timed
        .words
        .iter()
        .map(|w| {
            let text = timed.spoken.get(w.spoken.clone()).unwrap_or("");
            last = w.start.clamp(last, end);
            (fold(text), last as f64)
        })
        .collect();
    let weight = |folded: &str| folded.chars().count().max(1) as f64;
    // Positions of the spoken words on a line of letters: word q spans x[q]..x[q + 1].
    let mut x = vec![0.0];
    let mut times = Vec::with_capacity(spoken.len() + 1);
    for (folded, time) in &spoken {
        x.push(x[x.len() - 1] + weight(folded));
        times.push(*time);
    }
    if spoken.is_empty() {
        times.push(start as f64);
        x.push(1.0);
    }
    times.push(end as f64);
    // The time at position `at` on that line: linear between word starts.
    let time_at = |at: f64| -> f64 {
        let q = x.partition_point(|&p| p <= at).saturating_sub(1);
        match (x.get(q), x.get(q + 1), times.get(q), times.get(q + 1)) {
            (Some(&x0), Some(&x1), Some(&t0), Some(&t1)) if x1 > x0 => {
                t0 + (t1 - t0) * ((at - x0) / (x1 - x0)).clamp(0.0, 1.0)
            }
            (_, _, Some(&t0), _) => t0,
            _ => end as f64,
        }
    };
    let pairs = if spoken.is_empty() {
        vec![(0..units.len(), 0..1)]
    } else {
        pairs(units, &spoken)
    };
    let mut result = Vec::with_capacity(units.len());
    for (written, said) in pairs {
        let (from, to) = (x[said.start], x[said.end]);
        let Some(group) = units.get(written) else {
            continue;
        };
        let total: f64 = group.iter().map(|u| weight(&u.folded)).sum();
        // Where spoken words start inside the run: a written word most likely starts there too.
        let inside = x.get(said.start + 1..said.end).unwrap_or_default();
        let mut before = 0.0;
        let mut previous = f64::NEG_INFINITY;
        for unit in group {
            let guess = from + (to - from) * before / total;
            let nearest = inside
                .iter()
                .copied()
                .min_by(|a, b| (a - guess).abs().total_cmp(&(b - guess).abs()));
            let at = match nearest {
                Some(snapped) if before > 0.0 && snapped > previous => snapped,
                _ => guess.max(previous),
            };
            result.push(time_at(at));
            previous = at;
            before += weight(&unit.folded);
        }
    }
    let mut last = start;
    result
        .into_iter()
        .map(|t| {
            last = (t.round() as u64).clamp(last, end);
            last
        })
        .chain(std::iter::repeat(end))
        .take(units.len())
        .collect()
}

type Pair = (std::ops::Range<usize>, std::ops::Range<usize>);

/// Written and spoken words cut into matching runs, in order, covering both, none with an
/// empty side (both sides are not empty).
fn pairs(units: &[Unit], spoken: &[(String, f64)]) -> Vec<Pair> {
    let (n, m) = (units.len(), spoken.len());
    let mut runs: Vec<Pair> = Vec::new();
    let (mut a, mut b) = (0, 0);
    for (i, j) in anchors(units, spoken) {
        if a < i || b < j {
            runs.push((a..i, b..j));
        }
        runs.push((i..i + 1, j..j + 1));
        (a, b) = (i + 1, j + 1);
    }
    if a < n || b < m {
        runs.push((a..n, b..m));
    }
    // A run with one side empty joins the run before it (or, first, the one after it).
    let mut merged: Vec<Pair> = Vec::new();
    let mut carry: Option<Pair> = None;
    for run in runs {
        let run = match carry.take() {
            Some(c) => (c.0.start..run.0.end, c.1.start..run.1.end),
            None => run,
        };
        if run.0.is_empty() || run.1.is_empty() {
            match merged.last_mut() {
                Some(last) => {
                    last.0.end = run.0.end;
                    last.1.end = run.1.end;
                }
                None => carry = Some(run),
            }
        } else {
            merged.push(run);
        }
    }
    merged
}

/// The longest common subsequence of equal (folded, non-empty) words: (written, spoken) pairs.
fn anchors(units: &[Unit], spoken: &[(String, f64)]) -> Vec<(usize, usize)> {
    let (n, m) = (units.len(), spoken.len());
    if n.saturating_mul(m) > MAX_ALIGNMENT_CELLS {
        return Vec::new();
    }
    let same = |i: usize, j: usize| !units[i].folded.is_empty() && units[i].folded == spoken[j].0;
    // lengths[i * (m + 1) + j]: LCS of units[i..] and spoken[j..].
    let width = m + 1;
    let mut lengths = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[i * width + j] = if same(i, j) {
                lengths[(i + 1) * width + j + 1] + 1
            } else {
                lengths[(i + 1) * width + j].max(lengths[i * width + j + 1])
            };
        }
    }
    let mut found = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if same(i, j) && lengths[i * width + j] == lengths[(i + 1) * width + j + 1] + 1 {
            found.push((i, j));
            i += 1;
            j += 1;
        } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    found
}
