//! Vietnamese normalization: the words a newsreader would say for what is written.
//!
//! A sentence is cut into whitespace-separated words; each word's punctuation is set aside
//! and its core is read by the first rule that applies, with the neighbouring words as
//! context (`thứ 4`, `ngày 5/3`, `tháng 3/2024`, `quý IV`, `6 - 8`, `500 USD`). One module
//! per family of rules:
//!
//! - [`numbers`]: cardinals, digit strings, decimals, short amounts (`10k`, `1tr2`);
//! - [`dates`] and [`times`]: dates, times of day and durations;
//! - [`ordinals`]: ordinals and Roman numerals;
//! - [`units`]: units of measure and currencies;
//! - [`abbreviations`]: the abbreviation table, abbreviations by context and spelling;
//! - `numeric`: words that start with a number, and words mixing digits and letters;
//! - `roman`: Roman numerals in context (after keywords, in ranges and lists);
//! - `ranges` and `slash`: the dash and the slash between numbers, by context;
//! - `phones`, `plates`, `web`, `symbols`: phone numbers, number plates, e-mail and web
//!   addresses, symbols;
//! - [`region`]: northern and southern readings of numbers.
//!
//! The glue between the rules lives here.

pub mod abbreviations;
mod contextual;
pub mod dates;
mod lottery;
pub mod numbers;
mod numeric;
pub mod ordinals;
mod phones;
mod plates;
mod ranges;
pub mod region;
mod roman;
mod slash;
mod symbols;
pub mod times;
pub mod units;
mod web;

use std::borrow::Cow;
use unicode_normalization::char::is_combining_mark;

use numbers::cardinal;
use numeric::{read_mixed, read_numeric};

/// Opening punctuation set aside before a word's core.
const LEAD: &[char] = &['"', '\'', '“', '‘', '(', '[', '{', '«', '‹', '„'];
/// Closing punctuation set aside after a word's core.
const TRAIL: &[char] = &[
    ',', ';', ':', '!', '?', '.', '"', '\'', '”', '’', ')', ']', '}', '»', '›', '…',
];
/// Dashes that join a range (`5 - 10`) or two names.
const DASHES: &[&str] = &["-", "–", "—"];
/// Words after which a day and a month written with a dot or a dash are a date (`sáng 12.6`,
/// `ngày 20-11`).
const DAY_WORDS: &[&str] = &[
    "ngày", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "mồng", "mùng", "khuya", "rạng",
];
/// Scale words: a number before them is a quantity (`3.5 triệu`).
const SCALE_WORDS: &[&str] = &["nghìn", "ngàn", "triệu", "tỷ", "tỉ", "vạn", "trăm"];

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

/// What the rules know of the words around the one they read.
#[derive(Default)]
struct Ctx<'a> {
    /// The previous word's core, in lower case.
    prev: &'a str,
    /// The word before that, in lower case.
    prev2: &'a str,
    /// And the one before that.
    prev3: &'a str,
    /// The next word's core, in lower case (empty at the end).
    next: &'a str,
    /// Whether the previous word looks like a product name (`iPhone 5s`, `Galaxy 5s`).
    brand_before: bool,
    /// Whether the word ends a clause: punctuation after it, or the end of the sentence.
    at_pause: bool,
    /// Whether the next word starts with a capital (a name: `thắng 2-1 Thái Lan`).
    next_capital: bool,
    /// Whether the word is alone in parentheses: `(12.6)`.
    in_parentheses: bool,
    /// Whether the word is one side of a range already: no range inside it (`5-10-15` is not
    /// split twice), which keeps reading linear.
    no_range: bool,
    /// Whether a score was announced in the last few words (`thắng`, `tỷ số`, `hòa`).
    score: bool,
    /// Whether the score word is right before, or only names stand between (`thắng 2-0`,
    /// `thắng Lào 3-1`).
    score_close: bool,
}

/// Normalizes a Vietnamese sentence (whitespace already collapsed), with the northern
/// readings of numbers; [`region::normalize`] gives the southern ones.
pub fn normalize(sentence: &str) -> String {
    let spoken = read_once(sentence);
    // What a first reading left as written (a symbol after a rank, `0/>`; a capital with a
    // full stop that only the words now said show to be an initial, `4/Nội A.`) is read once
    // more, so that reading the output again changes nothing.
    if may_read_again(&spoken) {
        let again = read_once(&spoken);
        if again != spoken {
            return again;
        }
    }
    spoken
}

/// Whether `spoken` still holds something a reading may change: a symbol, or a capital
/// letter alone before a full stop.
fn may_read_again(spoken: &str) -> bool {
    spoken.split_whitespace().any(|token| {
        let word = split_word(token);
        let mut chars = word.core.chars();
        let initial = chars.next().is_some_and(char::is_uppercase)
            && chars.next().is_none()
            && word.trail.starts_with('.');
        initial
            || word
                .core
                .chars()
                .any(|c| !(c.is_alphabetic() || c == '-' || is_combining_mark(c)))
    })
}

fn read_once(sentence: &str) -> String {
    let sentence = bracket_apart(&without_footnotes(sentence));
    let mut spoken = pass(&sentence);
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

/// A bracket glued after a number opens a word of its own: `7-6(5)` (a tie-break) is
/// `7-6 (5)`, read *bảy sáu (năm)*.
fn bracket_apart(sentence: &str) -> String {
    let mut out = String::with_capacity(sentence.len() + 4);
    let mut previous = ' ';
    let mut chars = sentence.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '('
            && previous.is_ascii_digit()
            && chars.peek().is_some_and(|n| n.is_alphanumeric())
        {
            out.push(' ');
        }
        out.push(c);
        previous = c;
    }
    out
}

/// Drops footnote markers: `phần trăm.[2]`, `Hà Nội[12]`, ` [3] `.
fn without_footnotes(sentence: &str) -> String {
    let mut out = String::with_capacity(sentence.len());
    let mut rest = sentence;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=3).contains(&digits) && after[digits..].starts_with(']') {
            out.push_str(&rest[..open]);
            rest = &after[digits + 1..];
        } else {
            out.push_str(&rest[..=open]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
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
    let lowered: Vec<Cow<'_, str>> = words
        .iter()
        .map(|w| {
            if w.core.chars().any(char::is_uppercase) {
                Cow::Owned(w.core.to_lowercase())
            } else {
                Cow::Borrowed(w.core)
            }
        })
        .collect();
    let shouting = is_shouting(&words);
    let draw = lottery::about_a_draw(&words, &lowered);
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut roman = vec![false; words.len()];
    let mut i = 0;
    while i < words.len() {
        let used = read_word(&words, &lowered, i, (shouting, draw), &mut roman, &mut out);
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

fn context<'a>(words: &[Word<'_>], lowered: &'a [Cow<'_, str>], i: usize) -> Ctx<'a> {
    let back = |n: usize| i.checked_sub(n).map_or("", |p| lowered[p].as_ref());
    let prev_raw = i.checked_sub(1).map(|p| words[p].core).unwrap_or_default();
    let brand_before = i >= 2
        && prev_raw.chars().next().is_some_and(char::is_uppercase)
        && prev_raw.chars().all(|c| c.is_ascii_alphanumeric())
        || prev_raw.chars().skip(1).any(char::is_uppercase) && prev_raw.is_ascii();
    Ctx {
        prev: back(1),
        prev2: back(2),
        prev3: back(3),
        next: lowered.get(i + 1).map_or("", |w| w.as_ref()),
        brand_before,
        next_capital: words
            .get(i + 1)
            .is_some_and(|w| w.core.starts_with(char::is_uppercase)),
        in_parentheses: words[i].lead.ends_with('(') && words[i].trail.starts_with(')'),
        // Punctuation after the word, an opening bracket before the next, or the end.
        at_pause: words[i].trail.chars().any(|c| c != '\'' && c != '’')
            || words
                .get(i + 1)
                .is_none_or(|w| w.lead.starts_with(['(', '['])),
        no_range: false,
        score: ranges::after_score_word(&lowered[i.saturating_sub(5)..i])
            || i.checked_sub(1).is_some_and(|p| {
                words[p].trail.is_empty()
                    && words.get(i + 1).is_some_and(|n| {
                        words[i].trail.is_empty() && ranges::between_names(words[p].core, n.core)
                    })
            }),
        score_close: ranges::score_close(lowered, i, |j| {
            words[j].core.starts_with(char::is_uppercase)
        }),
    }
}

/// The last word said so far, when no punctuation follows it (`25°` was said *hai mươi lăm
/// độ*).
fn said_prev(out: &[String]) -> &str {
    out.iter()
        .rev()
        .find_map(|w| w.split_whitespace().next_back())
        .map(split_word)
        .filter(|w| w.trail.is_empty())
        .map_or("", |w| w.core)
}

/// Reads word `i` (and maybe the words after it) into `out`; returns how many words it used.
/// `roman` marks the words read as Roman numerals, for lists (`I, II và III`).
fn read_word(
    words: &[Word<'_>],
    lowered: &[Cow<'_, str>],
    i: usize,
    (shouting, draw): (bool, bool),
    roman: &mut [bool],
    out: &mut Vec<String>,
) -> usize {
    let w = words[i];
    let prev = i.checked_sub(1).map(|p| words[p]);
    let next = words.get(i + 1).copied();
    let ctx = context(words, lowered, i);
    let prev_core = ctx.prev;
    let last = i + 1 == words.len();
    let core = w.core;

    let emit = |out: &mut Vec<String>, spoken: &str, trail: &str| {
        out.push(format!("{}{}{}", w.lead, spoken, trail));
    };

    if DASHES.contains(&core) {
        // A lone dash between two numbers is a range: `6 - 8 tháng`, `7h30 - 11h`,
        // `45% - 50%`; between two scores it is not read.
        let numeric = |c: &str| {
            starts_with_digit(c) || c.chars().next().and_then(units::currency_prefix).is_some()
        };
        let is_range = w.lead.is_empty()
            && w.trail.is_empty()
            && prev.is_some_and(|p| numeric(p.core) && p.trail.is_empty())
            && next.is_some_and(|n| numeric(n.core) && n.lead.is_empty());
        // A dateline: `24/9/2024 - 07:45` is a date, a pause, a time.
        let dateline = is_range
            && prev.is_some_and(|p| p.core.matches('/').count() == 2)
            && next.is_some_and(|n| n.core.contains(':'));
        // Two drawn numbers of a lottery prize: a pause between them.
        let drawn = draw
            && prev.is_some_and(|p| lottery::drawn_number(p.core))
            && next.is_some_and(|n| lottery::drawn_number(n.core));
        if (dateline || drawn)
            && let Some(last) = out.last_mut()
        {
            last.push(',');
        } else if is_range
            && ctx.score
            && next.is_some_and(|n| {
                let after = words.get(i + 2);
                let numbers = prev
                    .and_then(|p| p.core.parse::<u64>().ok())
                    .zip(n.core.parse().ok());
                numbers.is_some_and(|(a, b)| a >= b)
                    || ranges::score_follows(
                        after.map_or("", |_| lowered[i + 2].as_ref()),
                        after.is_some_and(|a| a.core.starts_with(char::is_uppercase)),
                        !n.trail.is_empty() || after.is_none(),
                        ranges::score_close(lowered, i - 1, |j| {
                            words[j].core.starts_with(char::is_uppercase)
                        }),
                    )
            })
        {
            out.push(String::new());
        } else if is_range {
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
    // A footnote marker: `45 phần trăm.[2]`, `[12]`.
    if w.lead.ends_with('[') && w.trail.starts_with(']') && core.bytes().all(|b| b.is_ascii_digit())
    {
        out.push(format!("{}{}", &w.lead[..w.lead.len() - 1], &w.trail[1..]));
        return 1;
    }

    // An age in tens: `3x tuổi`, `tuổi 4x` → *ba mươi mấy*, *bốn mươi mấy*.
    if let [tens @ b'1'..=b'9', b'x' | b'X'] = core.as_bytes()
        && (ctx.next == "tuổi" || prev_core == "tuổi")
    {
        let tens = match tens {
            b'1' => "mười".to_string(),
            d => format!("{} mươi", numbers::digit(d - b'0')),
        };
        emit(out, &format!("{tens} mấy"), w.trail);
        return 1;
    }

    // A decade of years: `sinh năm 199x` → *một nghìn chín trăm chín mươi mấy*, `200x` →
    // *hai nghìn không trăm linh mấy* (from the 1800s on: `100x` is a zoom).
    if let [b'1' | b'2', _, _, b'x' | b'X'] = core.as_bytes()
        && let Ok(decade @ 180..=209) = core[..3].parse::<u64>()
    {
        let year = cardinal(decade * 10);
        let spoken = match decade % 10 {
            0 if decade % 100 == 0 => format!("{year} không trăm linh mấy"),
            0 => format!("{year} linh mấy"),
            _ => format!("{year} mấy"),
        };
        emit(out, &spoken, w.trail);
        return 1;
    }

    // A lottery's drawn numbers, digit by digit.
    if draw && let Some(spoken) = lottery::read(words, lowered, i) {
        emit(out, &spoken, w.trail);
        return 1;
    }

    // Phone numbers: `0912 345 678`, `0912.345.678`, `+84 912 345 678`, `(028) 3822 1234`.
    if let Some(used) = phones::phone(words, i, out) {
        return used;
    }

    // E-mail and web addresses, domains, hashtags, handles.
    if let Some(spoken) = web::read(core) {
        emit(out, &spoken, w.trail);
        return 1;
    }

    // Abbreviations whose reading depends on the words around (`ĐT Thái Lan`, `ĐT 741`,
    // `TP.Dĩ An`, `H. Củ Chi`, lower-case `p. Dịch Vọng`).
    let dotted = w.trail.starts_with('.');
    let next_core = next.map(|n| n.core).unwrap_or_default();
    let prev_raw = prev
        .filter(|p| p.trail.is_empty())
        .map(|p| p.core)
        .unwrap_or_default();
    // The sentence's second word, after a first word said as one word: a first word said as
    // several (`#Tên` → *hashtag Tên*, `4/Nội` → *bốn Nội*) leaves the next one third in the
    // output, and the output is read again the same way.
    let second = i == 1 && out.len() == 1 && out[0].split_whitespace().count() == 1;
    if let Some(spoken) =
        contextual::read(core, w.trail, prev_raw, said_prev(out), next_core, second)
    {
        let trail = if dotted && !last {
            &w.trail[1..]
        } else {
            w.trail
        };
        emit(out, &spoken, trail);
        return 1;
    }

    // The table first: `UBND`, `TP.HCM`, `COVID-19`, `v.v.`, `P. 5`.
    if let Some(spoken) = lookup(core, dotted) {
        // `Liên Hợp Quốc (LHQ)`: the name was just said in full; its letters in brackets are
        // not said again.
        if ctx.in_parentheses && repeats_words_said(&spoken, out) {
            let lead = &w.lead[..w.lead.len() - 1];
            let trail = &w.trail[1..];
            if let Some(last) = out.last_mut() {
                last.push_str(trail);
            }
            if !lead.is_empty() {
                out.push(lead.to_string());
            }
            return 1;
        }
        let spoken = without_words_said(&spoken, out);
        // An abbreviation's own dot is not the end of the sentence.
        let trail = if dotted && !last {
            &w.trail[1..]
        } else {
            w.trail
        };
        emit(out, &spoken, trail);
        return 1;
    }

    // A unit after a number: `5 km`, `7 %`, `500 USD`, `%/năm`, `2-3 m2`, `1,5 triệu ha`;
    // `Km 15+200`, `km 47`: a kilometre post.
    let after_number = |p: Word<'_>| {
        is_number(p.core)
            || p.core.ends_with('%')
            // `lít/100 km`: per a quantity, its unit after it.
            || p.core.rsplit_once('/').is_some_and(|(_, n)| is_number(n))
            || (starts_with_digit(p.core) && p.core.ends_with(|c: char| c.is_ascii_digit()))
    };
    let after_scale =
        SCALE_WORDS.contains(&prev_core) && i >= 2 && starts_with_digit(words[i - 2].core);
    if (prev.is_some_and(after_number) || after_scale)
        && let Some(spoken) = slash::per(core)
    {
        // `25.450 VND/USD`: an amount per the other currency, not the pair of a rate.
        let spoken = spoken.replacen(" so với ", " một ", 1);
        emit(out, &spoken, w.trail);
        return 1;
    }
    if matches!(core, "Km" | "km" | "KM")
        && next.is_some_and(|n| starts_with_digit(n.core) && n.lead.is_empty())
        && w.trail.is_empty()
        && let Some(spoken) = units::unit("km")
    {
        emit(out, spoken, w.trail);
        return 1;
    }

    // A price or a rate per something: `đồng/lượng`, `USD/thùng`, `lượt/ngày`.
    if core.contains('/')
        && !core.starts_with(|c: char| c.is_ascii_digit())
        && let Some(spoken) = slash::per(core)
    {
        emit(out, &spoken, w.trail);
        return 1;
    }

    // Roman numerals after `khóa`, `thế kỷ`, `quý`, `Đại hội`, `chương`…: `quý III/2024`,
    // `XV-XVII`, and lists `I, II và III`.
    if let Some(spoken) = roman::in_context(words, i, &ctx, roman, out) {
        roman[i] = true;
        emit(out, &spoken, w.trail);
        return 1;
    }

    // A fraction after a whole number: `5 1/2`.
    if prev.is_some_and(|p| {
        let digits = p.core.strip_prefix(['-', '−']).unwrap_or(p.core);
        p.trail.is_empty() && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    }) && !DAY_WORDS.contains(&ctx.prev2)
        && !matches!(ctx.prev2, "tháng" | "thứ")
        // `Thứ 2 (9/12)`: a date in brackets after a weekday, not a fraction.
        && w.lead.is_empty()
        && let Some(spoken) = slash::mixed_fraction(core)
    {
        emit(out, &spoken, w.trail);
        return 1;
    }

    // `2 tỷ 5`, `1 triệu 2` before a currency or at a pause: the next group's hundreds.
    if matches!(prev_core, "tỷ" | "tỉ" | "triệu")
        && i >= 2
        && is_number(words[i - 2].core)
        && core.len() == 1
        && starts_with_digit(core)
        && (!w.trail.is_empty()
            || last
            || matches!(ctx.next, "đồng" | "usd" | "vnd" | "đô" | "euro"))
        && let Some(n) = numbers::integer(core)
    {
        let lower = if prev_core == "triệu" {
            "nghìn"
        } else {
            "triệu"
        };
        emit(out, &format!("{n} trăm {lower}"), w.trail);
        return 1;
    }
    // `tháng 4` is *tháng tư*; `tháng 1 2024` is *tháng một năm …*.
    if prev_core == "tháng"
        && let Some(m) = dates::month_number(core)
    {
        if w.trail.is_empty()
            && let Some(n) = next
            && n.lead.is_empty()
            && n.core.len() == 4
            && let Some(year) = dates::year_number(n.core)
        {
            emit(out, &format!("{m} năm {}", cardinal(year)), n.trail);
            return 2;
        }
        emit(out, &m, w.trail);
        return 1;
    }
    // `ngày 05`, `mồng 01`: a day of the month.
    if matches!(prev_core, "ngày" | "mồng" | "mùng")
        && core.starts_with('0')
        && let Some(d) = dates::day_number(core)
    {
        emit(out, &dates::day(d, true), w.trail);
        return 1;
    }

    // A standard and its year: `ISO 9001:2015`, `TCVN 5502:2003` → *… năm hai nghìn …*.
    if matches!(prev_core, "iso" | "tcvn" | "qcvn" | "iec" | "astm")
        && let Some((number, year)) = core.split_once(':')
        && year.len() == 4
        && let (Some(number), Some(year)) = (numbers::integer(number), numbers::integer(year))
    {
        emit(out, &format!("{number} năm {year}"), w.trail);
        return 1;
    }
    // `kéo dài 15:30 phút`, `sau 42:05 phút`: minutes and seconds, the unit naming the first
    // (after a word of duration, or when the first number cannot be an hour).
    if w.trail.is_empty()
        && let Some(n) = next
        && n.lead.is_empty()
        && n.core == "phút"
        && (times::DURATION_WORDS.contains(&prev_core)
            || core
                .split_once(':')
                .and_then(|(m, _)| m.parse::<u32>().ok())
                .is_some_and(|m| m > 23))
        && let Some(spoken) = times::minutes_seconds(core)
    {
        emit(out, &spoken, n.trail);
        return 2;
    }

    if let Some(spoken) = read_numeric(core, &ctx) {
        let mut spoken = spoken;
        // `15/2024/NĐ-CP của Chính phủ`: the issuer the code names is written after it too,
        // and said once.
        if w.trail.is_empty() {
            spoken = without_issuer_repeated(&spoken, &lowered[i + 1..]);
        }
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
        // `2:30 giờ`: the unit is not said twice.
        if w.trail.is_empty()
            && let Some(n) = next
            && n.lead.is_empty()
            && (n.core == "phút" || n.core == "giờ")
            && let Some(stripped) = spoken.strip_suffix(n.core)
            && core.contains([':', 'h', 'g'])
        {
            spoken = stripped.trim_end().to_string();
        }
        // `21h30'`: the minute mark is not read.
        let trail = if core.contains(['h', 'g', ':']) && spoken.ends_with("phút") {
            w.trail.trim_start_matches(['\'', '’'])
        } else {
            w.trail
        };
        // A dateline's date and time: `18/02/2023 09:48` → a pause between them.
        let trail = if trail.is_empty()
            && core.contains('/')
            && next.is_some_and(|n| n.core.contains(':') && times::time(n.core, false).is_some())
        {
            ","
        } else {
            trail
        };
        emit(out, &spoken, trail);
        return 1;
    }

    // Symbols: `&`, `=`, `±`, `≥`, `~50`, `x` between numbers.
    if let Some(spoken) = symbols::read(core, prev.map(|p| p.core), next.map(|n| n.core)) {
        emit(out, &spoken, w.trail);
        return 1;
    }

    // Acronyms joined by a dash: `GD-ĐT`, `TN-MT`: each part expanded or spelled.
    if !shouting
        && core.contains('-')
        && core
            .split('-')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ'))
    {
        let parts: Vec<String> = core
            .split('-')
            .map(|p| {
                abbreviations::expand(p)
                    .or_else(|| abbreviations::spell(p))
                    .unwrap_or_else(|| p.to_string())
            })
            .collect();
        emit(out, &parts.join(" "), w.trail);
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
        // A lower-case word may itself be in the table (`VV` → `vv` → *vân vân*).
        let lower = core.to_lowercase();
        let spoken = abbreviations::expand(&lower).unwrap_or(lower);
        emit(out, &spoken, w.trail);
        return 1;
    }

    if core.bytes().any(|b| b.is_ascii_digit()) {
        emit(out, &read_mixed(core), w.trail);
        return 1;
    }
    emit(out, core, w.trail);
    1
}

/// Whether the words said last are `spoken`, word for word (case aside).
fn repeats_words_said(spoken: &str, out: &[String]) -> bool {
    let expansion: Vec<String> = spoken.split_whitespace().map(str::to_lowercase).collect();
    let said: Vec<String> = out
        .iter()
        .rev()
        .flat_map(|w| w.split_whitespace().rev())
        .take(expansion.len())
        .map(|w| split_word(w).core.to_lowercase())
        .collect();
    !expansion.is_empty() && said.len() == expansion.len() && said.iter().rev().eq(&expansion)
}

/// An expansion without its first words when they were just said: `Cơ quan CSĐT` is *cơ
/// quan cảnh sát điều tra*, not *cơ quan cơ quan …*.
fn without_words_said(spoken: &str, out: &[String]) -> String {
    let expansion: Vec<&str> = spoken.split_whitespace().collect();
    let mut said: Vec<&str> = Vec::with_capacity(3);
    for word in out.iter().rev().flat_map(|w| w.split_whitespace().rev()) {
        let w = split_word(word);
        if !w.trail.is_empty() || said.len() == 3 {
            break;
        }
        said.push(w.core);
        if !w.lead.is_empty() {
            break;
        }
    }
    said.reverse();
    for k in (1..=said.len()).rev() {
        let tail = &said[said.len() - k..];
        if expansion.len() > k
            && tail
                .iter()
                .zip(&expansion)
                .all(|(a, b)| a.to_lowercase() == b.to_lowercase())
        {
            return expansion[k..].join(" ");
        }
    }
    spoken.to_string()
}

/// `spoken` without its last `của …` when the words that follow in the sentence (`after`, in
/// lower case) name the issuer themselves: the same words, or another `của …` (`09-KL/TW của
/// Bộ Chính trị`).
fn without_issuer_repeated(spoken: &str, after: &[Cow<'_, str>]) -> String {
    let Some(at) = spoken.rfind("của ") else {
        return spoken.to_string();
    };
    if at > 0 && !spoken[..at].ends_with(' ') {
        return spoken.to_string();
    }
    let phrase = spoken[at..].trim_end_matches(GLUE_MARK);
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let same = after.first().is_some_and(|w| w == "của")
        || after.len() >= words.len()
            && words
                .iter()
                .zip(after)
                .all(|(said, written)| said.to_lowercase() == written.as_ref());
    if same {
        spoken[..at].trim_end().to_string()
    } else {
        spoken.to_string()
    }
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

#[cfg(test)]
mod tests;
