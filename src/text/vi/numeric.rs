//! Words that start with a number (`2.750.000`, `6,8%`, `5kg-7kg`, `14:05`, `17/2`, `10k`)
//! and words that mix digits and letters (`U23`, `QL1A`, `1.5G`), read in their context.

use super::numbers::{self, digits, number};
use super::{
    Ctx, DAY_WORDS, GLUE_MARK, SCALE_WORDS, abbreviations, cardinal, dates, is_number, ordinals,
    plates, ranges, slash, starts_with_digit, times, units,
};

/// Reads a core that starts with a number (or a sign or currency before one), in its context.
pub(super) fn read_numeric(core: &str, ctx: &Ctx) -> Option<String> {
    let first = core.chars().next()?;
    let prev = ctx.prev;
    // `-5°C`, `-3/4`; not the second half of `5 -3`.
    if (first == '-' || first == '−') && !is_number(prev) {
        let rest = &core[first.len_utf8()..];
        if !starts_with_digit(rest) {
            return None;
        }
        if let Some((a, b)) = rest.split_once('/')
            && let Some(f) = slash::fraction(a, b)
        {
            return Some(format!("âm {f}"));
        }
        return Some(format!("âm {}", read_numeric(rest, &Ctx::default())?));
    }
    let currency = units::currency_prefix(first);
    if !first.is_ascii_digit() && currency.is_none() {
        return None;
    }
    if let Some(p) = plates::plate(core) {
        return Some(p);
    }
    // A height: `1m75` → *một mét bảy mươi lăm*, `1m8` → *một mét tám*.
    if let Some((metres, rest)) = core.split_once('m')
        && let [digit @ b'1'..=b'9'] = metres.as_bytes()
        && (1..=2).contains(&rest.len())
        && rest.bytes().all(|b| b.is_ascii_digit())
        && let Some(rest) = numbers::integer(rest)
    {
        return Some(format!("{} mét {rest}", numbers::digit(digit - b'0')));
    }
    let plain = Ctx {
        no_range: true,
        ..Ctx::default()
    };
    // Ranges with a currency or a unit on each side: `$10-$20`, `50.000đ-100.000đ`.
    if currency.is_some() {
        if !ctx.no_range
            && let Some(r) = ranges::range(core, |side| read_numeric(side, &plain))
        {
            return Some(r);
        }
        let rest = &core[first.len_utf8()..];
        if starts_with_digit(rest) {
            return Some(format!("{} {}", read_numeric(rest, &plain)?, currency?));
        }
        return None;
    }
    // A hotline is said digit by digit: `tổng đài 1022`, `đường dây nóng 111`, `gọi 115` (not
    // `số 115`: a house number).
    if (3..=5).contains(&core.len())
        && core.bytes().all(|b| b.is_ascii_digit())
        && (matches!(prev, "đài" | "hotline" | "nóng")
            || matches!(prev, "gọi" | "bấm" | "quay")
                && matches!(core, "111" | "112" | "113" | "114" | "115" | "116"))
    {
        return Some(digits(core));
    }
    let after_day = DAY_WORDS.contains(&prev);
    let mong = true;
    // Times and durations: `14:05`, `7h15`, `18h`, `lúc 11g`, `1h30p`, `30s`.
    if core.contains(':') || core.bytes().any(|b| b.is_ascii_alphabetic()) {
        let bare_seconds = core.ends_with(['s', 'p']) && !core.contains(['h', 'g']);
        // `iPhone 5s`: a model, not seconds.
        if bare_seconds && ctx.brand_before {
            let at = core.len() - 1;
            return Some(format!("{} {}", number(&core[..at])?, &core[at..]));
        }
        if let Some(t) = times::time(core, prev == "lúc" || prev == "vào") {
            return Some(t);
        }
    }
    if core.contains('/') {
        if let Some(read) = slash::read(core, ctx) {
            return Some(read);
        }
    }
    // `30.4.1975`, `02-09-1945`; `30.4` and `5-10` are dates only after `ngày`, `sáng`…, and
    // after `từ`, `đến` when no noun follows (`từ 30-4 đến 1-5`, `đến 2-9.`; `từ 3-5 người`
    // is a range).
    // A day and a month in parentheses (`Sáng nay (12.6)`, `hôm qua (5-6)`) are a date too.
    let bound = (ctx.in_parentheses && !ctx.score)
        || matches!(
            prev,
            "từ" | "đến" | "tới" | "hết" | "trước" | "sau" | "qua" | "nay" | "mai"
        ) && (ctx.at_pause
            || matches!(
                ctx.next,
                "đến" | "tới" | "và" | "năm" | "này" | "vừa" | "hằng"
            ));
    // The second of two dates: `ngày 30-4 và 1-5`, `ngày 2.9 hoặc 3.9`.
    let separator = |text: &str| text.chars().find(|c| matches!(c, '-' | '.'));
    let second_date = matches!(prev, "và" | "hoặc" | "đến" | "tới" | "-")
        && separator(core).is_some()
        && separator(core) == separator(ctx.prev2)
        && ctx.prev2.starts_with(|c: char| c.is_ascii_digit())
        && dates::date(ctx.prev2, true, false).is_some()
        && (matches!(
            ctx.prev3,
            "ngày" | "mồng" | "mùng" | "từ" | "sáng" | "chiều" | "tối"
        ) || ctx.prev2.matches(['.', '-']).count() == 2);
    let bound = bound || second_date;
    // After a weekday (`Thứ Hai 15-1`, `Chủ nhật 3.3`), and a day before a smaller month
    // (`15-1`: a range goes up) when no unit or noun follows.
    let weekday = matches!(ctx.prev2, "thứ" | "chủ")
        && matches!(
            prev,
            "hai"
                | "ba"
                | "tư"
                | "năm"
                | "sáu"
                | "bảy"
                | "nhật"
                | "2"
                | "3"
                | "4"
                | "5"
                | "6"
                | "7"
        );
    // A range goes up: `hôm nay 20-10 là…`, `kỷ niệm 30-4.` are dates, unless a unit follows.
    let descending = !ctx.score
        && (ctx.at_pause
            || !(units::unit(ctx.next).is_some()
                || SCALE_WORDS.contains(&ctx.next)
                || matches!(ctx.next, "độ" | "điểm" | "lần" | "phần")))
        && core
            .split_once('-')
            .and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?)))
            .is_some_and(|(a, b)| a > b);
    if (core.matches(['.', '-']).count() == 2 || after_day || bound || weekday || descending)
        && !core.contains(',')
        && let Some(d) = dates::date(core, true, mong)
    {
        return Some(d);
    }
    // Scores, formations, `tháng 11-2021`.
    if let Some(d) = ranges::dash(core, ctx) {
        return Some(d);
    }
    // `Boeing 787-9`, `Airbus 321-200`: a model after a brand, not a range.
    if ctx.brand_before
        && units::unit(ctx.next).is_none()
        && let Some((a, b)) = core.split_once('-')
        && a.len() >= 3
        && let (Some(a), Some(b)) = (numbers::integer(a), numbers::integer(b))
    {
        return Some(format!("{a} {b}"));
    }
    // Ranges: `3-4`, `2016-2020`, `20-25%`, `5kg-7kg`, `8:00-9:30`, `10k-20k`.
    if !ctx.no_range
        && let Some(r) = ranges::range(core, |side| read_numeric(side, &plain))
    {
        return Some(r);
    }
    if let Some(n) = number(core) {
        if prev == "thứ"
            && let Ok(value) = core.parse::<u64>()
        {
            return Some(ordinals::ordinal(value));
        }
        return Some(n);
    }
    if let Some(n) = numbers::english_thousands(core) {
        return Some(n);
    }
    // `3.5 triệu`, `6.5 độ`, `21.0285 độ`: a decimal dot before a scale word or a unit.
    let next = ctx.next;
    if (SCALE_WORDS.contains(&next)
        || matches!(next, "độ" | "điểm" | "lần")
        || units::unit(next).is_some())
        && let Some(n) = numbers::dot_decimal(core)
    {
        return Some(n);
    }
    // `1.5`, `4.0`, `192.168.1.1`: a dot that is not a thousands separator is read *chấm*.
    if core.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !core.ends_with('.')
        && !core.contains("..")
    {
        let parts: Option<Vec<String>> = core.split('.').map(numbers::integer).collect();
        if let Some(parts) = parts {
            return Some(parts.join(" chấm "));
        }
    }
    // `10k`, `100tr`, `1tr2`.
    if let Some(n) = numbers::short_amount(core) {
        return Some(n);
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
        if let Some(per) = slash::per(tail) {
            return Some(format!("{} {per}", number(num)?));
        }
    }
    None
}

/// Reads whatever digits and letters a word holds, so no digit is left: letters in capitals
/// are spelled (`U23` → `u hai mươi ba`), other text is kept.
pub(super) fn read_any(text: &str) -> String {
    read_mixed(text)
}

pub(super) fn read_mixed(core: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = core;
    while !rest.is_empty() {
        let digit_run = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digit_run > 0 {
            // A number with its separators: `1.234.567₫` keeps its thousands.
            let number_run = rest
                .bytes()
                .take_while(|b| b.is_ascii_digit() || *b == b'.' || *b == b',')
                .count();
            let candidate = rest[..number_run].trim_end_matches(['.', ',']);
            if candidate.len() > digit_run
                && let Some(n) = number(candidate).or_else(|| {
                    // `1.5G`: a version or a model, *một chấm năm*.
                    let parts: Option<Vec<String>> = candidate
                        .split('.')
                        .map(|p| (p.len() <= 3).then(|| numbers::integer(p)).flatten())
                        .collect();
                    parts.map(|p| p.join(" chấm "))
                })
            {
                parts.push(n);
                rest = &rest[candidate.len()..];
                continue;
            }
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
        let letters = run.trim_matches(['-', '.']);
        // `95-III`: a Roman numeral after a dash in a code is a number.
        let roman_after_dash =
            run.starts_with('-') && !parts.is_empty() && letters.len() + 1 == run.len();
        let spoken = if roman_after_dash && let Some(value) = ordinals::roman(letters) {
            cardinal(value)
        } else if !letters.is_empty() && letters.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ')
        {
            abbreviations::expand(letters)
                .or_else(|| abbreviations::spell(letters))
                .unwrap_or_else(|| letters.to_string())
        } else if letters.chars().count() >= 2
            && let Some(name) = units::unit(letters)
        {
            name.to_string()
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
