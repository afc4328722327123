//! Cutting a sentence's written words into cues people can read: at most two lines of
//! [`MAX_LINE_CHARS`] each, at most [`MAX_CUE`] long, at clause boundaries where possible.
//!
//! Every way of cutting is weighed (dynamic programming over the word boundaries): each cue
//! costs the same, fuller cues cost more than balanced ones, a cut inside a clause costs more
//! than one after a comma, which costs more than one after `;` `:` `—`; a cue under
//! [`MIN_CUE`] costs a lot (so a short tail joins the cue before it when it fits). The limits
//! themselves are never passed, except by a single word too long for them.

use std::ops::Range;

use super::align::{Boundary, Unit};
use super::{MAX_CUE, MAX_LINE_CHARS, MIN_CUE};

const CUE: f64 = 10.0;
const FULLNESS: f64 = 8.0;
const SHORT: f64 = 40.0;
/// Relative weight of how well a cue's two lines are cut.
const LINE_WEIGHT: f64 = 0.1;

fn cue_cut_cost(boundary: Boundary) -> f64 {
    match boundary {
        Boundary::Clause => 0.0,
        Boundary::Comma => 1.0,
        Boundary::None => 15.0,
    }
}

fn line_cut_cost(boundary: Boundary) -> f64 {
    match boundary {
        Boundary::Clause => 0.0,
        Boundary::Comma => 2.0,
        Boundary::None => 10.0,
    }
}

/// A cue of a sentence: which units it shows and where its second line starts, if it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Piece {
    pub units: Range<usize>,
    pub second_line: Option<usize>,
}

/// Cuts `units` into pieces. `times[k]` is when unit `k` starts for `k` in `1..len`,
/// `times[0]` the sentence's start and `times[len]` its end (so `len + 1` times, never
/// decreasing). The pieces cover the units in order.
pub(super) fn pieces(units: &[Unit], times: &[u64], sample_rate: u32) -> Vec<Piece> {
    let n = units.len();
    if n == 0 || times.len() != n + 1 {
        return Vec::new();
    }
    // before[k]: characters of units[..k] with a space after each.
    let mut before = vec![0usize; n + 1];
    for (k, unit) in units.iter().enumerate() {
        before[k + 1] = before[k] + unit.chars + 1;
    }
    let chars = |i: usize, j: usize| (before[j] - before[i]).saturating_sub(1);
    let seconds = |i: usize, j: usize| {
        times[j].saturating_sub(times[i]) as f64 / f64::from(sample_rate.max(1))
    };
    let max_cue = MAX_CUE.as_secs_f64();
    let min_cue = MIN_CUE.as_secs_f64();
    // The best way to lay units[i..j] out on one or two lines: (cost, second line's start).
    let layout = |i: usize, j: usize| -> Option<(f64, Option<usize>)> {
        if j - i == 1 || chars(i, j) <= MAX_LINE_CHARS {
            return Some((0.0, None));
        }
        (i + 1..j)
            .filter(|&k| {
                (k - i == 1 || chars(i, k) <= MAX_LINE_CHARS)
                    && (j - k == 1 || chars(k, j) <= MAX_LINE_CHARS)
            })
            .map(|k| {
                let balance = chars(i, k).abs_diff(chars(k, j)) as f64;
                (balance + line_cut_cost(units[k - 1].boundary), Some(k))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
    };
    // best[j]: the cheapest way to cut units[..j]: (cost, start of its last piece, its layout).
    let mut best: Vec<Option<(f64, usize, Option<usize>)>> = vec![None; n + 1];
    best[0] = Some((0.0, 0, None));
    for i in 0..n {
        let Some((so_far, _, _)) = best[i] else {
            continue;
        };
        for j in i + 1..=n {
            let several = j - i > 1;
            let Some((line_cost, second_line)) = layout(i, j) else {
                break;
            };
            let length = seconds(i, j);
            if several && length > max_cue {
                break;
            }
            let fullness = chars(i, j) as f64 / (2 * MAX_LINE_CHARS) as f64;
            let cut = if j == n {
                0.0
            } else {
                cue_cut_cost(units[j - 1].boundary)
            };
            let short = if (i > 0 || j < n) && length < min_cue {
                SHORT * (1.0 - length / min_cue)
            } else {
                0.0
            };
            let cost = so_far
                + CUE
                + FULLNESS * fullness * fullness
                + LINE_WEIGHT * line_cost
                + cut
                + short;
            if best[j].is_none_or(|(known, _, _)| cost < known) {
                best[j] = Some((cost, i, second_line));
            }
        }
    }
    let mut result = Vec::new();
    let mut j = n;
    while j > 0 {
        let Some((_, i, second_line)) = best[j] else {
            break;
        };
        result.push(Piece {
            units: i..j,
            second_line,
        });
        j = i;
    }
    result.reverse();
    result
}
