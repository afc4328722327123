//! Vietnamese normalization: the words a newsreader would say for what is written.
//!
//! A sentence is cut into whitespace-separated words; each word's punctuation is set aside
//! and its core is read by the first rule that applies, with the neighbouring words as
//! context (`thứ 4`, `ngày 5/3`, `tháng 3/2024`, `quý IV`, `6 - 8`, `500 USD`). One module
//! per family of rules:
//!
//! - [`numbers`]: cardinals, digit strings, decimals;
//! - [`dates`]: dates and times;
//! - [`ordinals`]: ordinals and Roman numerals;
//! - [`units`]: units of measure and currencies;
//! - [`abbreviations`]: the abbreviation table and spelling of unknown acronyms.
//!
//! Ranges, percentages, phone numbers and the glue between the rules live here.

pub mod abbreviations;
pub mod dates;
pub mod numbers;
pub mod ordinals;
pub mod units;

use numbers::{cardinal, digits, number};

/// Opening punctuation set aside before a word's core.
const LEAD: &[char] = &['"', '\'', '“', '‘', '(', '[', '{', '«', '‹', '„'];
/// Closing punctuation set aside after a word's core.
const TRAIL: &[char] = &[
    ',', ';', ':', '!', '?', '.', '"', '\'', '”', '’', ')', ']', '}', '»', '›', '…',
];
/// Dashes that join a range (`5 - 10`) or two names.
const DASHES: &[&str] = &["-", "–", "—"];

/// A word of the sentence: opening punctuation, core, closing punctuation.
#[derive(Clone, Copy)]
struct Word<'a> {
    lead: &'a str,
    core: &'a str,
    trail: &'a str,
}

fn split_word(word: &str) -> Word<'_> {
    let core_start = word.len() - word.trim_start_matches(LEAD).len();
    let rest = &word[core_start..];
    let mut core = rest.trim_end_matches(TRAIL);
    // `6,8%.`: the per cent sign is the core's; `v.v.` and `TP.` keep their dot for the table.
    if core.is_empty() && !rest.is_empty() && !rest.chars().any(|c| c.is_alphanumeric()) {
        core = "";
    }
    let trail = &rest[core.len()..];
    Word {
        lead: &word[..core_start],
        core,
        trail,
    }
}

fn starts_with_digit(text: &str) -> bool {
    text.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// Whether a core is a number a range or a unit can follow (`5`, `6,8`, `2.000`, `20%`).
fn is_number(core: &str) -> bool {
    starts_with_digit(core)
        && core
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && !core.ends_with(['.', ','])
}

/// Whether most of the sentence is written in capitals (a shouted headline): capital words
/// are then words, not acronyms.
fn is_shouting(words: &[Word<'_>]) -> bool {
    let mut letters_words = 0;
    let mut capitals = 0;
    for w in words {
        if w.core.chars().any(char::is_alphabetic) {
            letters_words += 1;
            if w.core.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.core.chars().any(char::is_lowercase)
            {
                capitals += 1;
            }
        }
    }
    capitals >= 3 && capitals * 10 >= letters_words * 7
}

/// Normalizes a Vietnamese sentence (whitespace already collapsed).
pub fn normalize(sentence: &str) -> String {
    let mut spoken = pass(sentence);
    // Words made of digits glued to other text (`9026(USD`) come apart in the first pass;
    // the parts are then read as words of their own, until nothing changes.
    for _ in 0..3 {
        if !spoken.contains(GLUE_MARK) {
            break;
        }
        spoken = pass(&spoken.replace(GLUE_MARK, ""));
    }
    spoken.replace(GLUE_MARK, "")
}

/// Marks the words [`read_mixed`] took apart, so that another pass reads their parts.
const GLUE_MARK: char = '\u{E000}';

fn pass(sentence: &str) -> String {
    let mut sentence = sentence.trim_end();
    // "…tại TP Hải Dương./." ends the article: the mark itself is not read.
    while let Some(stripped) = sentence.strip_suffix("/.") {
        sentence = stripped.trim_end();
    }
    let raw: Vec<&str> = sentence.split_whitespace().collect();
    let words: Vec<Word<'_>> = raw.iter().map(|w| split_word(w)).collect();
    let shouting = is_shouting(&words);
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let used = read_word(&words, i, shouting, &mut out);
        i += used.max(1);
    }
    // Rules may leave empty words or inner spaces: one space between words.
    let mut spoken = out
        .iter()
        .flat_map(|w| w.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ");
    // The sentence starts with a capital even when it opened with a number or an abbreviation.
    if raw
        .first()
        .is_some_and(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
        && let Some(first) = spoken.chars().next()
        && first.is_lowercase()
    {
        let upper: String = first.to_uppercase().collect();
        spoken.replace_range(..first.len_utf8(), &upper);
    }
    spoken
}

fn lower(text: &str) -> String {
    text.to_lowercase()
}

/// Reads word `i` (and maybe the words after it) into `out`; returns how many words it used.
fn read_word(words: &[Word<'_>], i: usize, shouting: bool, out: &mut Vec<String>) -> usize {
    let w = words[i];
    let prev = i.checked_sub(1).map(|p| words[p]);
    let next = words.get(i + 1).copied();
    let prev_core = prev.map(|p| lower(p.core)).unwrap_or_default();
    let last = i + 1 == words.len();
    let core = w.core;

    let emit = |out: &mut Vec<String>, spoken: &str, trail: &str| {
        out.push(format!("{}{}{}", w.lead, spoken, trail));
    };

    if DASHES.contains(&core) {
        // A lone dash between two numbers is a range: `6 - 8 tháng`.
        let is_range = w.lead.is_empty()
            && w.trail.is_empty()
            && prev.is_some_and(|p| {
                (is_number(p.core) || p.core.ends_with('%')) && p.trail.is_empty()
            })
            && next.is_some_and(|n| starts_with_digit(n.core) && n.lead.is_empty());
        if is_range {
            out.push("đến".into());
        } else {
            emit(out, core, w.trail);
        }
        return 1;
    }
    if core.is_empty() {
        out.push(format!("{}{}", w.lead, w.trail));
        return 1;
    }

    // Phone numbers: `0912 345 678`, `0912.345.678`, `+84 912 345 678`.
    if let Some(used) = phone(words, i, out) {
        return used;
    }

    // The table first: `UBND`, `TP.HCM`, `COVID-19`, `v.v.`, `P. 5`.
    let dotted = w.trail.starts_with('.');
    if let Some(spoken) = lookup(core, dotted) {
        // An abbreviation's own dot is not the end of the sentence.
        let trail = if dotted && !last {
            &w.trail[1..]
        } else {
            w.trail
        };
        emit(out, &spoken, trail);
        return 1;
    }

    // A unit after a number: `5 km`, `7 %`, `500 USD`, `%/năm`.
    if prev.is_some_and(|p| is_number(p.core) || p.core.ends_with('%'))
        && let Some(spoken) = unit_with_per(core)
    {
        emit(out, &spoken, w.trail);
        return 1;
    }

    // A price or a rate per something: `đồng/lượng`, `USD/thùng`, `người/năm`.
    if core.contains('/')
        && !core.starts_with(|c: char| c.is_ascii_digit())
        && let Some(spoken) = unit_with_per(core)
    {
        emit(out, &spoken, w.trail);
        return 1;
    }

    // Roman numerals after `khóa`, `kỷ`, `quý`, `hội`, `thứ`…: `quý III/2024` too.
    if ordinals::takes_roman(&prev_core) {
        let (numeral, year) = match core.split_once('/') {
            Some((n, y)) => (n, Some(y)),
            None => (core, None),
        };
        if let Some(value) = ordinals::roman(numeral) {
            let mut spoken = if prev_core == "thứ" {
                ordinals::ordinal(value)
            } else {
                cardinal(value)
            };
            if let Some(year) = year {
                match numbers::integer(year) {
                    Some(y) if year.len() == 4 => spoken = format!("{spoken} năm {y}"),
                    _ => spoken = format!("{spoken} trên {}", read_any(year)),
                }
            }
            emit(out, &spoken, w.trail);
            return 1;
        }
    }

    // A score: `tỷ số 2-1` is *hai một*, not a range.
    let score =
        prev_core == "số" && i >= 2 && matches!(lower(words[i - 2].core).as_str(), "tỷ" | "tỉ");
    if score
        && let Some((a, b)) = core.split_once('-')
        && let (Some(a), Some(b)) = (numbers::integer(a), numbers::integer(b))
    {
        emit(out, &format!("{a} {b}"), w.trail);
        return 1;
    }

    if let Some(spoken) = read_numeric(core, &prev_core) {
        let mut spoken = spoken;
        // `$2 tỷ`: the currency is said after the scale word.
        if let Some(symbol) = core.chars().next().and_then(units::currency_prefix)
            && let Some(n) = next
            && matches!(n.core, "nghìn" | "ngàn" | "triệu" | "tỷ" | "tỉ")
            && w.trail.is_empty()
        {
            spoken = spoken
                .strip_suffix(symbol)
                .unwrap_or(&spoken)
                .trim_end()
                .to_string();
            emit(out, &spoken, "");
            out.push(format!("{}{} {}{}", n.lead, n.core, symbol, n.trail));
            return 2;
        }
        // A dateline's date and time: `18/02/2023 09:48` → a pause between them.
        let trail = if w.trail.is_empty()
            && core.contains('/')
            && next.is_some_and(|n| n.core.contains(':') && dates::time(n.core).is_some())
        {
            ","
        } else {
            w.trail
        };
        emit(out, &spoken, trail);
        return 1;
    }

    // Capitals: a known word, an acronym to spell, or a shouted word.
    if abbreviations::is_acronym(core) && !shouting {
        let spoken = abbreviations::spell(core).unwrap_or_else(|| core.to_string());
        emit(out, &spoken, w.trail);
        return 1;
    }
    if core.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !core.chars().any(char::is_lowercase)
        && core.chars().all(|c| c.is_alphabetic() || c == '-')
    {
        emit(out, &core.to_lowercase(), w.trail);
        return 1;
    }

    if core.bytes().any(|b| b.is_ascii_digit()) {
        emit(out, &read_mixed(core), w.trail);
        return 1;
    }
    emit(out, core, w.trail);
    1
}

/// A table entry for `core`; `dotted` says the word was followed by a full stop (`TP.`,
/// `v.v.`, `P.`), which single letters need to be abbreviations.
fn lookup(core: &str, dotted: bool) -> Option<String> {
    if core.chars().count() < 2 && !dotted {
        return None;
    }
    // A number glued to an abbreviation (`Q1`) is handled elsewhere.
    abbreviations::expand(core)
}

/// A unit, possibly per something: `km`, `%/năm` → `phần trăm một năm`, `đồng/người`.
fn unit_with_per(core: &str) -> Option<String> {
    if let Some(name) = units::unit(core) {
        return Some(name.to_string());
    }
    let (unit, per) = core.split_once('/')?;
    let name = units::unit(unit)?;
    let per = units::unit(per)
        .map(str::to_string)
        .or_else(|| abbreviations::expand(per))
        .or_else(|| {
            if abbreviations::is_acronym(per) {
                abbreviations::spell(per)
            } else {
                (!per.is_empty() && per.chars().all(char::is_alphabetic)).then(|| {
                    if per.chars().any(char::is_lowercase) {
                        per.to_string()
                    } else {
                        per.to_lowercase()
                    }
                })
            }
        })?;
    Some(format!("{name} một {per}"))
}

/// Reads a phone number starting at word `i`, if there is one; returns the words used.
fn phone(words: &[Word<'_>], i: usize, out: &mut Vec<String>) -> Option<usize> {
    let first = words[i];
    let core = first.core;
    let international = core.starts_with("+84");
    let hotline = core.starts_with("1900") || core.starts_with("1800");
    if !(core.starts_with('0') || international || hotline) || core.starts_with("0,") {
        return None;
    }
    let is_group = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
    };
    if !is_group(core) {
        return None;
    }
    let mut used = 1;
    let mut all: String = core.to_string();
    let mut trail = first.trail;
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
        used > 1 && (8..=10).contains(&count)
    } else {
        (9..=12).contains(&count)
    };
    if !fits {
        return None;
    }
    let mut spoken = String::new();
    let digits_only: String = if international {
        spoken.push_str("cộng tám tư ");
        all[3..].to_string()
    } else {
        all
    };
    spoken.push_str(&digits(&digits_only));
    out.push(format!("{}{}{}", first.lead, spoken.trim_end(), trail));
    Some(used)
}

/// Reads a core that starts with a number (or a sign or currency before one).
fn read_numeric(core: &str, prev: &str) -> Option<String> {
    let first = core.chars().next()?;
    // `$100`, `€5`
    if let Some(name) = units::currency_prefix(first) {
        let rest = &core[first.len_utf8()..];
        if starts_with_digit(rest) {
            return Some(format!("{} {name}", read_numeric(rest, "")?));
        }
        return None;
    }
    // `-5°C`
    if (first == '-' || first == '−') && prev_is_not_number(prev) {
        let rest = &core[first.len_utf8()..];
        if starts_with_digit(rest) {
            return Some(format!("âm {}", read_numeric(rest, "")?));
        }
        return None;
    }
    if !first.is_ascii_digit() {
        return None;
    }
    let after_day = matches!(
        prev,
        "ngày" | "hôm" | "sáng" | "trưa" | "chiều" | "tối" | "đêm" | "mồng" | "mùng" | "khuya"
    );
    let mong = prev == "ngày";
    // Times: `14:05`, `7h15`, `18h`.
    if (core.contains(':') || core.contains('h') || core.contains('g'))
        && let Some(t) = dates::time(core)
    {
        return Some(t);
    }
    if core.contains('/') {
        let read = if prev == "thứ" || prev == "hạng" {
            fraction(core)
        } else {
            dates::date(core, true, mong)
                .or_else(|| dates::month_year(core, prev == "tháng"))
                .or_else(|| fraction(core))
        };
        if read.is_some() {
            return read;
        }
    }
    // `30.4.1975`, `02-09-1945`; `30.4` and `5-10` are dates only after `ngày`, `sáng`…
    if core.matches(['.', '-']).count() == 2
        && let Some(d) = dates::date(core, true, mong)
    {
        return Some(d);
    }
    if after_day
        && (core.contains('-') || core.contains('.'))
        && let Some(d) = dates::date(core, true, mong)
    {
        return Some(d);
    }
    // Ranges: `3-4`, `2016-2020`, `20-25%`, `5-10km`.
    if let Some((a, b)) = core.split_once(['-', '–'])
        && is_number(a)
        && starts_with_digit(b)
    {
        let left = number(a)?;
        let right = read_numeric(b, "")?;
        return Some(format!("{left} đến {right}"));
    }
    if let Some(n) = number(core) {
        if prev == "thứ"
            && let Ok(value) = core.parse::<u64>()
        {
            return Some(ordinals::ordinal(value));
        }
        return Some(n);
    }
    // `1.5`, `4.0`: a dot that is not a thousands separator is read *chấm*.
    if core.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !core.ends_with('.')
        && !core.contains("..")
    {
        let parts: Option<Vec<String>> = core.split('.').map(numbers::integer).collect();
        if let Some(parts) = parts {
            return Some(parts.join(" chấm "));
        }
    }
    // `6,8%`, `5km`, `500.000đ`, `%/năm` glued: `6,8%/năm`.
    if let Some((num, unit)) = units::split_glued(core) {
        return Some(format!("{} {unit}", number(num)?));
    }
    let at = core
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(core.len());
    let (num, tail) = core.split_at(at);
    if !num.ends_with(['.', ',']) && !tail.is_empty() {
        if let Some(per) = unit_with_per(tail) {
            return Some(format!("{} {per}", number(num)?));
        }
    }
    None
}

fn prev_is_not_number(prev: &str) -> bool {
    !is_number(prev)
}

/// `8/45` → `tám trên bốn mươi lăm`, `11/63` → `mười một trên sáu mươi ba`.
fn fraction(core: &str) -> Option<String> {
    let (a, b) = core.split_once('/')?;
    Some(format!("{} trên {}", number(a)?, number(b)?))
}

/// Reads whatever digits and letters a word holds, so no digit is left: letters in capitals
/// are spelled (`U23` → `u hai mươi ba`), other text is kept.
fn read_any(text: &str) -> String {
    read_mixed(text)
}

fn read_mixed(core: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = core;
    while !rest.is_empty() {
        let digit_run = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digit_run > 0 {
            let run = &rest[..digit_run];
            parts.push(if digit_run > 9 {
                digits(run)
            } else {
                numbers::integer(run).unwrap_or_else(|| digits(run))
            });
            rest = &rest[digit_run..];
            continue;
        }
        let other = rest
            .char_indices()
            .find(|&(_, c)| c.is_ascii_digit())
            .map_or(rest.len(), |(i, _)| i);
        let run = &rest[..other];
        let spoken = if run.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ') {
            abbreviations::expand(run)
                .or_else(|| abbreviations::spell(run))
                .unwrap_or_else(|| run.to_string())
        } else {
            run.to_string()
        };
        let spoken = spoken.trim_matches(['-', '.']);
        if !spoken.is_empty() {
            parts.push(spoken.to_string());
        }
        rest = &rest[other..];
    }
    let mut joined = parts.join(" ");
    if joined.split_whitespace().count() > 1 {
        joined.push(GLUE_MARK);
    }
    joined
}

#[cfg(test)]
mod tests;
