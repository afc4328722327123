//! Phone numbers, read digit by digit: `0912 345 678`, `0912.345.678`, `+84 24 3825 1234`,
//! `(028) 3822 1234`, `(0236).3822123`, hotlines `1900 1234` and `1800.1234`.
//!
//! Short emergency numbers (`113`, `114`, `115`) are ordinary numbers to the reader: a
//! newsreader says *một trăm mười lăm* for them too, so they are left to the number rules.

use super::Word;
use super::numbers::digits;

/// Reads a phone number starting at word `i`, if there is one, into `out`; returns how many
/// words it used.
pub(super) fn phone(words: &[Word<'_>], i: usize, out: &mut Vec<String>) -> Option<usize> {
    let first = words[i];
    // Most words are not phone numbers: look at the first character before anything else.
    if !first
        .core
        .starts_with(|c: char| c.is_ascii_digit() || c == '+')
    {
        return None;
    }
    // `(028) 3822 1234`: the area code in parentheses; `(0236).3822123` in one word.
    let (lead, core, mut trail) = match first.lead.strip_suffix('(') {
        Some(lead) => {
            let (area, rest) = match first.core.split_once(')') {
                Some((area, rest)) => (area, rest.trim_start_matches(['.', '-', ' '])),
                None if first.trail.starts_with(')') => (first.core, ""),
                None => return None,
            };
            let trail = if rest.is_empty() {
                first.trail.strip_prefix(')').unwrap_or(first.trail)
            } else {
                first.trail
            };
            (lead, format!("{area}{rest}"), trail)
        }
        None => (first.lead, first.core.to_string(), first.trail),
    };
    let international = core.starts_with('+');
    let hotline = core.starts_with("1900") || core.starts_with("1800");
    if !(core.starts_with('0') || international || hotline) || core.starts_with("0,") {
        return None;
    }
    let is_group = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
    };
    if !is_group(&core) || core[1..].contains('+') {
        return None;
    }
    let mut used = 1;
    let mut all = core.clone();
    // Groups written apart: `0912 345 678`.
    while trail.is_empty()
        && let Some(w) = words.get(i + used)
    {
        let n = w.core.bytes().filter(u8::is_ascii_digit).count();
        if w.lead.is_empty() && is_group(w.core) && (2..=4).contains(&n) && !w.core.contains('+') {
            all.push_str(w.core);
            trail = w.trail;
            used += 1;
        } else {
            break;
        }
    }
    let count = all.bytes().filter(u8::is_ascii_digit).count();
    let fits = if hotline {
        (used > 1 || all.contains(['.', '-'])) && (8..=10).contains(&count)
    } else if international {
        (10..=13).contains(&count)
    } else {
        (9..=12).contains(&count)
    };
    if !fits {
        return None;
    }
    let mut spoken = String::new();
    let mut digits_only = all.as_str();
    if let Some(rest) = all.strip_prefix("+84") {
        spoken.push_str("cộng tám tư ");
        digits_only = rest;
    } else if let Some(rest) = all.strip_prefix('+') {
        spoken.push_str("cộng ");
        digits_only = rest;
    }
    spoken.push_str(&digits(digits_only));
    out.push(format!("{lead}{}{trail}", spoken.trim_end()));
    Some(used)
}
