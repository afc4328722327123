//! The dash between numbers, by context:
//!
//! - a score after `thắng`, `thua`, `hòa`, `tỷ số`, `set`… (`thắng 3-1`, sets `7-5, 6-2`): the
//!   two numbers, *ba một*;
//! - a formation (`4-4-2`, `4-2-3-1`): the digits, *bốn bốn hai*;
//! - a month or a quarter and its year (`tháng 11-2021`, `quý 2-2023`): *tháng mười một năm …*;
//! - otherwise a range: `20-25%`, `5kg-7kg`, `8:00-9:30`, `50.000đ-100.000đ`, `$10-$20`: each
//!   side read on its own, joined by *đến*.
//!
//! Dates with a dash (`ngày 20-11`, `02-09-1945`) are read by [`super::dates`] before these
//! rules; codes with letters (`COVID-19`, `F-16`) never reach them.

use super::Ctx;
use super::numbers::{cardinal, digit, integer};

/// Words after which two numbers joined by a dash are a score.
const SCORE_WORDS: &[&str] = &[
    "thắng", "thua", "hòa", "hoà", "bại", "hạ", "set", "sets", "biệt", "gỡ", "nâng", "dẫn", "cuộc",
    "thủng", "thúc",
];
/// Words that may follow a score (`thắng 2-1 trước Lào`, `hòa 1-1 sau 90 phút`).
const AFTER_SCORE: &[&str] = &[
    "trước", "trong", "ở", "tại", "và", "sau", "nhờ", "với", "cho", "khi", "để", "ngay", "chung",
    "hiệp", "lượt", "bằng", "là", "thì", "rồi", "nhưng", "còn", "của", "trên", "từ", "đã", "vào",
];
/// Words that count what a range counts: after a score word, `thắng 3-4 trận`, `dẫn 2-3
/// người`, `thắng 2-3 tỷ` are ranges. Units of measure count too.
const COUNTERS: &[&str] = &[
    "trận",
    "người",
    "lần",
    "ván",
    "bàn",
    "điểm",
    "ngày",
    "tuần",
    "tháng",
    "năm",
    "tuổi",
    "giờ",
    "phút",
    "giây",
    "tiếng",
    "nghìn",
    "ngàn",
    "triệu",
    "tỷ",
    "tỉ",
    "trăm",
    "vạn",
    "đồng",
    "vé",
    "suất",
    "huy",
    "giải",
    "cúp",
    "danh",
    "vị",
    "bậc",
    "hạng",
    "lượng",
    "cây",
    "chiếc",
    "con",
    "đội",
    "phần",
    "cuộc",
    "gói",
    "hợp",
    "dự",
    "công",
    "lô",
    "hồ",
    "vụ",
    "ca",
    "phiếu",
    "trường",
    "em",
    "học",
    "sinh",
    "đơn",
    "mẫu",
    "cái",
    "bộ",
    "hộ",
    "căn",
    "suất",
    "ghế",
    "chỗ",
];

/// Whether what follows two numbers after a score word lets them be a score (`next` in lower
/// case): a pause, a name, a link word (`trước`, `sau`); and when the score word is right
/// before the numbers (`close`: `thắng 2-0`, `tỷ số 2-1`, `thắng Lào 3-1`), any word that
/// does not count them (`thắng 2-0 đầy thuyết phục`, `tỷ số 2-1 nghiêng về chủ nhà`, `dẫn
/// 1-0 đến phút 80`). Before a counter or a unit (`thắng 3-4 trận`, `thắng 2-3 tỷ`) they are
/// a range, and so they are when other words stand between (`thắng thầu 3-5 dự án`).
pub(super) fn score_follows(next: &str, next_capital: bool, pause: bool, close: bool) -> bool {
    pause
        || next_capital
        || AFTER_SCORE.contains(&next)
        || (close && !(COUNTERS.contains(&next) || super::units::unit(next).is_some()))
}

/// Whether a score word (or `tỷ số`) stands right before word `at` of `lowered`, with at most
/// names between (`thắng 2-0`, `Việt Nam thắng Malaysia 3-2`); `capital(j)` says whether word
/// `j` is written with a capital.
pub(super) fn score_close<S: AsRef<str>>(
    lowered: &[S],
    at: usize,
    capital: impl Fn(usize) -> bool,
) -> bool {
    let mut j = at;
    while j > 0 && at - j < 4 {
        j -= 1;
        let w = lowered[j].as_ref();
        if SCORE_WORDS.contains(&w)
            || (w == "số" && j > 0 && matches!(lowered[j - 1].as_ref(), "tỷ" | "tỉ"))
        {
            return true;
        }
        if !capital(j) {
            return false;
        }
    }
    false
}

/// Whether `a-b` cannot be a range: a range goes up, so a score after a score word is read
/// as a score whatever follows (`hòa 2-2 khiến`, `thắng 3-1 trận`: *ba một*).
fn not_rising(a: u64, b: u64) -> bool {
    a >= b
}

fn small_int(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Whether the words before (in lower case, in order) make `a-b` a score: a score word or
/// `tỷ số` in the last four words (`thắng 7-5, 6-2`).
pub(super) fn after_score_word<S: AsRef<str>>(before: &[S]) -> bool {
    let recent = &before[before.len().saturating_sub(4)..];
    recent.iter().any(|w| SCORE_WORDS.contains(&w.as_ref()))
        || before
            .windows(2)
            .any(|p| matches!(p[0].as_ref(), "tỷ" | "tỉ") && p[1].as_ref() == "số")
}

/// Words written with a capital that name a day or a time, not a team: `Thứ Hai 15-1`,
/// `Sáng 12-6`.
const TIME_NAMES: &[&str] = &[
    "hai", "ba", "tư", "năm", "sáu", "bảy", "nhật", "ngày", "mồng", "mùng", "tháng", "quý", "sáng",
    "trưa", "chiều", "tối", "đêm", "từ", "đến", "tới", "hôm", "nay", "mai", "qua",
];

/// Whether two numbers with a dash stand between two names, as a result line does
/// (`Arsenal 2-1 Chelsea`, `Man Utd 0-0 Liverpool`): `prev` and `next` are the words around,
/// as written.
pub(super) fn between_names(prev: &str, next: &str) -> bool {
    let name = |w: &str| {
        w.starts_with(char::is_uppercase)
            && w.chars().all(char::is_alphabetic)
            && !TIME_NAMES.contains(&w.to_lowercase().as_str())
    };
    name(prev) && name(next)
}

/// Reads `core` if it is a score, a formation or a month and year with a dash.
pub(super) fn dash(core: &str, ctx: &Ctx) -> Option<String> {
    let parts: Vec<&str> = core.split(['-', '–']).collect();
    if parts.len() == 2 {
        let (a, b) = (parts[0], parts[1]);
        if ctx.score
            && let (Some(x), Some(y)) = (small_int(a), small_int(b))
            && (not_rising(x, y)
                || score_follows(ctx.next, ctx.next_capital, ctx.at_pause, ctx.score_close))
        {
            return Some(format!("{} {}", cardinal(x), cardinal(y)));
        }
        if matches!(ctx.prev, "tháng" | "quý")
            && b.len() == 4
            && let (Some(m), Some(year)) = (small_int(a), integer(b))
            && (1..=12).contains(&m)
        {
            let m = if m == 4 && ctx.prev == "tháng" {
                "tư".to_string()
            } else {
                cardinal(m)
            };
            return Some(format!("{m} năm {year}"));
        }
    }
    if parts.len() >= 3
        && parts
            .iter()
            .all(|p| p.len() == 1 && p.as_bytes()[0].is_ascii_digit())
    {
        let digits: Vec<&str> = parts
            .iter()
            .map(|p| digit(p.as_bytes()[0] - b'0'))
            .collect();
        return Some(digits.join(" "));
    }
    None
}

/// Reads a range `A-B` whose sides `read` can read (numbers with units, times, money): *A đến
/// B*. The range is split at its first dash after the first character, so that reading stays
/// linear in the length of the word (`1-2-3-…` is not tried every way).
pub(super) fn range(core: &str, read: impl Fn(&str) -> Option<String>) -> Option<String> {
    let (at, c) = core
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c == '-' || c == '–')?;
    let (left, right) = (&core[..at], &core[at + c.len_utf8()..]);
    if right.is_empty() || left.ends_with(['.', ',']) {
        return None;
    }
    Some(format!("{} đến {}", read(left)?, read(right)?))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    /// A hang guard, not a speed test: the exponential reading these chains once had would
    /// take longer than the universe's age; a linear one takes milliseconds even in a debug
    /// build on a busy machine. (Speed is measured by `cargo bench --bench text`.)
    const HANG: Duration = Duration::from_secs(60);

    fn within_bound(text: &str) -> String {
        let start = Instant::now();
        let spoken = super::super::normalize(text);
        assert!(start.elapsed() < HANG, "{:?}", start.elapsed());
        spoken
    }

    #[test]
    fn a_score_right_after_its_word_is_a_score_whatever_follows() {
        for (written, spoken) in [
            (
                "Đội chủ nhà thắng 3-0 xứng đáng.",
                "Đội chủ nhà thắng ba không xứng đáng.",
            ),
            (
                "Tỷ số 2-3 phản ánh đúng thế trận.",
                "Tỷ số hai ba phản ánh đúng thế trận.",
            ),
            (
                "Họ dẫn 2-1 cho đến phút bù giờ.",
                "Họ dẫn hai một cho đến phút bù giờ.",
            ),
            (
                "Nam Định thắng Bình Dương 4-2 hôm qua.",
                "Nam Định thắng Bình Dương bốn hai hôm qua.",
            ),
            // A range does not go down or stay: after a score word it is a score.
            ("Hai đội hòa 3-3 đáng tiếc.", "Hai đội hòa ba ba đáng tiếc."),
            (
                "Họ thắng 5 - 2 thuyết phục.",
                "Họ thắng năm hai thuyết phục.",
            ),
            // Before a counter or a unit, or with other words between, a range.
            (
                "Mỗi mùa họ thắng 3-5 trận.",
                "Mỗi mùa họ thắng ba đến năm trận.",
            ),
            ("Ông thắng 2-3 tỷ đồng.", "Ông thắng hai đến ba tỷ đồng."),
            (
                "Đảng này thắng 2-3 ghế mỗi kỳ.",
                "Đảng này thắng hai đến ba ghế mỗi kỳ.",
            ),
            (
                "Công ty thắng thầu 3-5 gói thầu mỗi năm.",
                "Công ty thắng thầu ba đến năm gói thầu mỗi năm.",
            ),
        ] {
            assert_eq!(super::super::normalize(written), spoken, "for {written:?}");
        }
    }

    #[test]
    fn long_chains_of_dashes_are_read_in_linear_time() {
        // A chain whose end cannot be read made every split be tried: exponential time.
        let spoken = within_bound(&format!("{}-x", vec!["10"; 400].join("-")));
        assert!(!spoken.bytes().any(|b| b.is_ascii_digit()));
        // Long chains neither recurse deeply nor take long.
        within_bound(&vec!["10"; 50_000].join("-"));
        within_bound(&format!("5 {}", vec!["km"; 50_000].join("/")));
        within_bound(&vec!["5$"; 300].join("-"));
    }
}
