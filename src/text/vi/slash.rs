//! The slash, by context.
//!
//! - *Per* (`km/h`, `đồng/kg`, `lượt/ngày`, `người/km2`, `%/năm`, `USD/người/năm`): a
//!   physical unit per a physical unit is read *trên* (`mét trên giây`); money, a per cent or
//!   any noun per something is read *một* (`đồng một ki lô gam`, `lượt một ngày`); two
//!   currencies are an exchange rate (`USD/VND` → *đô la Mỹ so với đồng*).
//! - After a number, the rule that chooses is, in order:
//!   1. three parts: a date (`05/06/2024`) or a document number (`15/2024/NĐ-CP` → *mười
//!      lăm năm hai nghìn … của Chính phủ*);
//!   2. a unit glued before the slash: a rate (`30đ/GB`, `50.000đ/ngày`);
//!      letters after the slash: a document number (`123/QĐ-UBND`);
//!   3. a year after the slash: a quarter (`quý 3/2024`), a month (`tháng 7/2025`, `7/2025`);
//!   4. a rank (`thứ 5/12`, `hạng 3/10`) or a house number (`số 12/3`, `ngõ 215A/7`): *trên*;
//!   5. a unit glued after (`1/2kg`): a fraction, *một phần hai ki lô gam*;
//!   6. a date word before (`ngày`, `sáng`, `mồng`…): a date;
//!   7. a quantity before or after (`chiếm 3/4 dân số`, `khoảng 2/3`): a fraction, *ba phần
//!      tư*; a counted noun after (`5/7 ngày`, `8/10 trận`) or `24/7`: a ratio, *trên*;
//!   8. what can be a day and a month is a date (`17/2`); anything else a ratio (`8/45`).

use super::numbers::{cardinal, integer, number};
use super::{Ctx, abbreviations, dates, read_mixed, units};

/// Words after which a day and a month are a date.
const DAY_WORDS: &[&str] = &[
    "ngày", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "khuya", "mồng", "mùng", "rạng",
];
/// Words before a fraction: `chiếm 3/4`, `khoảng 2/3`, `hơn 1/2`, `trong đó 3/4`.
const BEFORE_FRACTION: &[&str] = &[
    "chiếm", "khoảng", "gần", "hơn", "còn", "mất", "bằng", "quá", "non", "được", "trên", "dưới",
    "tới", "giảm", "tăng", "cắt", "đó",
];
/// Words after a fraction: `3/4 dân số`, `2/3 diện tích`, `1/2 số hộ`.
const AFTER_FRACTION: &[&str] = &[
    "số", "dân", "diện", "tổng", "lượng", "thời", "giá", "quãng", "chặng", "phần", "trong", "các",
    "những", "cử", "đại", "nhân", "vốn", "quỹ", "ngân", "sản", "lãnh", "mặt", "khối", "chiều",
    "công", "cổ", "lượt",
];
/// Counted nouns after a ratio: `5/7 ngày`, `8/10 trận`, `3/5 môn`.
const COUNTED: &[&str] = &[
    "ngày",
    "tuần",
    "trận",
    "ván",
    "lần",
    "người",
    "tỉnh",
    "huyện",
    "xã",
    "đội",
    "câu",
    "môn",
    "bài",
    "ca",
    "phiếu",
    "đơn",
    "nước",
    "giờ",
    "hộ",
    "trường",
    "điểm",
    "lớp",
    "thí",
    "học",
    "vận",
    "cầu",
    "set",
    "hiệp",
    "đề",
    "mẫu",
    "chỉ",
    "dự",
    "nhóm",
    "thành",
    "sinh",
    "em",
    "bạn",
    "cán",
    "doanh",
    "gia",
    "bệnh",
    "trẻ",
    "hồ",
    "vụ",
    "mục",
    "nhiệm",
    "tiêu",
    "ý",
    "phường",
    "quận",
    "thôn",
    "cơ",
];
/// Verbs of having and reaching: a day and a month after them is a count (`có 4/10 sinh
/// viên`, `đạt 8/9 chỉ tiêu`, `gồm 3/5 thành viên`).
const BEFORE_RATIO: &[&str] = &["có", "đạt", "gồm", "vượt"];
/// Words before a rank or a house number: `thứ 5/12`, `số 12/3`, `ngõ 15/2`.
const BEFORE_RANK: &[&str] = &[
    "thứ", "hạng", "xếp", "đứng", "số", "ngõ", "ngách", "hẻm", "kiệt", "nhà", "lô", "phòng",
];
/// Nouns that can follow a per slash: `lượt/ngày`, `chuyến/tuần`.
const PER_NOUNS: &[&str] = &[
    "ngày",
    "tuần",
    "tháng",
    "năm",
    "quý",
    "giờ",
    "phút",
    "giây",
    "người",
    "lượt",
    "chuyến",
    "hộ",
    "con",
    "chiếc",
    "lần",
    "suất",
    "tấn",
    "cây",
    "trận",
    "vụ",
    "khách",
    "xe",
    "căn",
    "bộ",
    "hộp",
    "bao",
    "gói",
    "thùng",
    "lượng",
    "chỉ",
    "cái",
    "đêm",
    "ca",
    "buổi",
    "kỳ",
    "vé",
    "lít",
    "học sinh",
    "sào",
    "mẫu",
    "công",
];

/// Issuers in document numbers: `NĐ-CP` (of the Government), `TT-BGDĐT`, `QĐ-UBND`.
fn issuer(code: &str) -> Option<&'static str> {
    Some(match code {
        "CP" => "Chính phủ",
        "TTg" => "Thủ tướng Chính phủ",
        "UBND" => "Ủy ban nhân dân",
        "HĐND" => "Hội đồng nhân dân",
        "QH" => "Quốc hội",
        "UBTVQH" => "Ủy ban Thường vụ Quốc hội",
        "TW" | "TƯ" => "Trung ương",
        "BGDĐT" => "Bộ Giáo dục và Đào tạo",
        "BYT" => "Bộ Y tế",
        "BTC" => "Bộ Tài chính",
        "BCA" => "Bộ Công an",
        "BCT" => "Bộ Công Thương",
        "BQP" => "Bộ Quốc phòng",
        "BNV" => "Bộ Nội vụ",
        "BTP" => "Bộ Tư pháp",
        "BXD" => "Bộ Xây dựng",
        "BGTVT" => "Bộ Giao thông vận tải",
        "BTNMT" => "Bộ Tài nguyên và Môi trường",
        "BKHĐT" => "Bộ Kế hoạch và Đầu tư",
        "BNNPTNT" => "Bộ Nông nghiệp và Phát triển nông thôn",
        "BTTTT" => "Bộ Thông tin và Truyền thông",
        "BLĐTBXH" => "Bộ Lao động - Thương binh và Xã hội",
        "BKHCN" => "Bộ Khoa học và Công nghệ",
        "BVHTTDL" => "Bộ Văn hóa, Thể thao và Du lịch",
        "NHNN" => "Ngân hàng Nhà nước",
        "VPCP" => "Văn phòng Chính phủ",
        "VPQH" => "Văn phòng Quốc hội",
        "VPTW" => "Văn phòng Trung ương",
        "TANDTC" => "Tòa án nhân dân tối cao",
        "VKSNDTC" => "Viện kiểm sát nhân dân tối cao",
        "BCĐ" => "Ban Chỉ đạo",
        _ => return None,
    })
}

/// The kinds of documents in a document number: `05-CT/TW` (a directive), `57-NQ/TW`.
fn document_kind(code: &str) -> Option<&'static str> {
    Some(match code {
        "NQ" => "nghị quyết",
        "CT" => "chỉ thị",
        "QĐ" => "quyết định",
        "NĐ" => "nghị định",
        "TT" => "thông tư",
        "TB" => "thông báo",
        "KL" => "kết luận",
        "HD" => "hướng dẫn",
        "CV" => "công văn",
        "BC" => "báo cáo",
        "TTr" => "tờ trình",
        "QC" => "quy chế",
        "QyĐ" => "quy định",
        "KH" => "kế hoạch",
        "CĐ" => "công điện",
        _ => return None,
    })
}

/// The number of a document, its leading zeros unsaid (`08/2023/TT-BGDĐT` is *thông tư
/// tám*, as a newsreader says it).
fn document_number(text: &str) -> Option<String> {
    let trimmed = text.trim_start_matches('0');
    let trimmed = if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        trimmed
    } else {
        // `0`, `00A`: one zero stays.
        &text[text.len() - trimmed.len() - 1..]
    };
    read_number_or_mixed(trimmed)
}

/// `05-CT/TW` after `Chỉ thị số`, `57-NQ/TW` after `Nghị quyết`: the number, the kind unless
/// the words before already said it, and the issuer (*năm của Trung ương*).
fn numbered_document(a: &str, b: &str, ctx: &Ctx) -> Option<String> {
    let (n, kind) = a.split_once('-')?;
    if !n.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let kind = document_kind(kind)?;
    let named = if ctx.prev == "số" {
        ctx.prev2
    } else {
        ctx.prev
    };
    let said = !named.is_empty() && kind.ends_with(named);
    let issuer = code(b)?;
    let issuer = if issuer.starts_with("của ") {
        issuer
    } else {
        abbreviations::expand(b).map_or(issuer, |who| format!("của {who}"))
    };
    let n = document_number(n)?;
    Some(if said {
        format!("{n} {issuer}")
    } else {
        format!("{n} {kind} {issuer}")
    })
}

/// Reads a document code: `NĐ-CP` → *của Chính phủ*, `QH15` → *của Quốc hội khóa mười lăm*;
/// a code with no known issuer is spelled (`TT-XYZ` → *tê tê ích xì i dài dét*).
fn code(text: &str) -> Option<String> {
    if !text.chars().next()?.is_alphabetic()
        || !text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '&')
    {
        return None;
    }
    let parts: Vec<&str> = text.split('-').collect();
    let last = *parts.last()?;
    let digits_at = last
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(last.len());
    let (name, term) = last.split_at(digits_at);
    // `NĐ-CP`, and a body with its term: `QH14` → *của Quốc hội khóa mười bốn*.
    if (parts.len() >= 2 || !term.is_empty())
        && let Some(who) = issuer(name)
    {
        let mut spoken = format!("của {who}");
        if let Some(term) = integer(term) {
            spoken.push_str(&format!(" khóa {term}"));
        }
        return Some(spoken);
    }
    // `TB-VPCP`, `KH-XYZ`: the kind was said before the number; the issuer is read.
    if parts.len() == 2 && document_kind(parts[0]).is_some() && !parts[1].is_empty() {
        let who = issuer(parts[1])
            .map(str::to_string)
            .or_else(|| abbreviations::expand(parts[1]))
            .filter(|who| who.starts_with(char::is_uppercase));
        if let Some(who) = who {
            return Some(format!("của {who}"));
        }
    }
    // Each part is read as a word of its own, so that reading the result again changes
    // nothing (`QĐ` → *quyết định*, `XYZ` → *ích xì i dài dét*).
    let spelled: Vec<String> = parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| {
            abbreviations::expand(p).unwrap_or_else(|| {
                let mut spoken = super::normalize(p);
                // Not the start of a sentence: no capital from the sentence rule.
                if let Some(first) = spoken.chars().next()
                    && !p.chars().any(char::is_lowercase)
                {
                    let lower: String = first.to_lowercase().collect();
                    spoken.replace_range(..first.len_utf8(), &lower);
                }
                spoken
            })
        })
        .collect();
    Some(spelled.join(" "))
}

/// A unit, possibly per something: `km`, `%/năm` → *phần trăm một năm*, `đồng/người`,
/// `m/min` → *mét trên phút*, `lượt/ngày` → *lượt một ngày*.
pub(super) fn per(core: &str) -> Option<String> {
    if let Some(name) = units::unit(core) {
        return Some(name.to_string());
    }
    // At most per two things: longer chains are not rates.
    if core.matches('/').count() > 2 {
        return None;
    }
    let (left, right) = core.split_once('/')?;
    // `USD/người/năm`: per one thing, then per another.
    if let Some((first, second)) = right.split_once('/') {
        let head = per(&format!("{left}/{first}"))?;
        let tail = per(&format!("{first}/{second}"))?;
        let (_, last) = tail
            .rsplit_once(" một ")
            .or_else(|| tail.rsplit_once(" trên "))?;
        return Some(format!("{head} một {last}"));
    }
    if left.is_empty() || right.is_empty() {
        return None;
    }
    // Per a quantity: `lít/100km`, `lít/100 km`, `đồng/10 kg` → *lít trên một trăm ki lô mét*.
    if right.starts_with(|c: char| c.is_ascii_digit())
        && let Some(left_name) = units::unit(left)
    {
        let (amount, unit) = match units::split_glued(right) {
            Some((amount, unit)) => (amount, Some(unit)),
            None => (right, None),
        };
        let amount = number(amount)?;
        return Some(match unit {
            Some(unit) => format!("{left_name} trên {amount} {unit}"),
            None => format!("{left_name} trên {amount}"),
        });
    }
    let right_unit = units::unit(right);
    let left_is_word = left.chars().all(|c| c.is_alphabetic() && c.is_lowercase());
    let (left_name, physical) = match units::unit(left) {
        Some(name) => (name.to_string(), !units::is_money(left)),
        // A word said as it is, or as the table says (`vv/v`: *vân vân*, as a second
        // reading would say it).
        None if left_is_word && (right_unit.is_some() || PER_NOUNS.contains(&right)) => (
            abbreviations::expand(left).unwrap_or_else(|| left.to_string()),
            false,
        ),
        None => return None,
    };
    // `đồng/cp`: a price per share (elsewhere `CP` is *cổ phần*).
    let share = (units::is_money(left) && matches!(right, "cp" | "CP")).then(|| "cổ phiếu".into());
    let right_name = share
        .or_else(|| right_unit.map(str::to_string))
        .or_else(|| abbreviations::expand(right))
        .or_else(|| {
            if abbreviations::is_acronym(right) {
                abbreviations::spell(right)
            } else {
                right.chars().all(char::is_alphabetic).then(|| {
                    if right.chars().any(char::is_lowercase) {
                        right.to_string()
                    } else {
                        right.to_lowercase()
                    }
                })
            }
        })?;
    // `USD/VND`: an exchange rate.
    if units::is_money(left) && units::is_money(right) && left != "%" && right != "%" {
        return Some(format!("{left_name} so với {right_name}"));
    }
    let link = if physical && right_unit.is_some() && !units::is_money(right) {
        "trên"
    } else {
        "một"
    };
    Some(format!("{left_name} {link} {right_name}"))
}

/// Two years in a row, the second maybe in two digits (`2024/25`, `2024/2025`): a season or
/// a school year, read as a span.
fn season(a: &str, b: &str) -> Option<String> {
    let digits = |t: &str| t.bytes().all(|c| c.is_ascii_digit());
    if a.len() != 4 || !digits(a) || !digits(b) || !matches!(b.len(), 2 | 4) {
        return None;
    }
    let first: u64 = a.parse().ok()?;
    let next = first + 1;
    let follows = match b.len() {
        2 => b.parse::<u64>().ok()? == next % 100,
        _ => b.parse::<u64>().ok()? == next,
    };
    ((1800..2200).contains(&first) && follows)
        .then(|| format!("{} đến {}", cardinal(first), cardinal(next)))
}

/// `a phần b`: `3/4` → *ba phần tư*, `1/2` → *một phần hai*.
pub(super) fn fraction(a: &str, b: &str) -> Option<String> {
    let a = integer(a)?;
    let b = match integer(b)?.as_str() {
        "bốn" => "tư".to_string(),
        other => other.to_string(),
    };
    Some(format!("{a} phần {b}"))
}

/// `a trên b`: `8/45` → *tám trên bốn mươi lăm*.
pub(super) fn ratio(a: &str, b: &str) -> Option<String> {
    Some(format!("{} trên {}", number(a)?, number(b)?))
}

fn small(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Reads a word with a slash that starts with a digit, by the rules of the module's
/// documentation; `None` when no rule applies.
pub(super) fn read(core: &str, ctx: &Ctx) -> Option<String> {
    let prev = ctx.prev;
    let parts: Vec<&str> = core.split('/').collect();
    if parts.len() == 3 {
        if let Some(date) = dates::date(core, true, true) {
            return Some(date);
        }
        let (n, year, kind) = (parts[0], parts[1], parts[2]);
        if year.len() == 4
            && let (Some(n), Some(year)) = (document_number(n), integer(year))
            && let Some(kind) = code(kind)
        {
            return Some(format!("{n} năm {year} {kind}"));
        }
    }
    if parts.len() != 2 {
        return None;
    }
    let (a, b) = (parts[0], parts[1]);
    // `30đ/TB`, `50.000đ/ngày`, `5kg/m2`: a number with a unit per something.
    if let Some(at) = a.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        && at > 0
        && let Some(n) = number(&a[..at])
        && let Some(rate) = per(&core[at..])
    {
        return Some(format!("{n} {rate}"));
    }
    // 2. `57-NQ/TW`, `123/QĐ-UBND`
    if b.starts_with(|c: char| c.is_alphabetic())
        && b.chars().next().is_some_and(char::is_uppercase)
    {
        if let Some(spoken) = numbered_document(a, b, ctx) {
            return Some(spoken);
        }
    }
    if b.starts_with(|c: char| c.is_alphabetic())
        && b.chars().next().is_some_and(char::is_uppercase)
        && let Some(n) = document_number(a)
    {
        return Some(format!("{n} {}", code(b)?));
    }
    // A season or a school year: `2024/25`, `2024/2025` → *… đến hai nghìn không trăm hai
    // mươi lăm*.
    if let Some(years) = season(a, b) {
        return Some(years);
    }
    // 3. A month or a quarter and its year.
    if b.len() == 4 && b.bytes().all(|c| c.is_ascii_digit()) {
        let year = integer(b)?;
        if prev == "quý" || prev == "giai" {
            return Some(format!("{} năm {year}", number(a)?));
        }
        if let Some(my) = dates::month_year(core, prev == "tháng") {
            return Some(my);
        }
    }
    // 4. Ranks and house numbers: `thứ 5/12`, `số 12/3`, `215A/7`.
    let house = a.starts_with(|c: char| c.is_ascii_digit())
        && a.trim_end_matches(|c: char| c.is_ascii_uppercase()).len() + 1 == a.len();
    if (BEFORE_RANK.contains(&prev) || house) && b.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(format!(
            "{} trên {}",
            read_number_or_mixed(a)?,
            read_mixed(b)
        ));
    }
    // 5. `1/2kg`
    if let Some((num, unit)) = units::split_glued(b)
        && small(num).is_some()
    {
        return Some(format!("{} {unit}", fraction(a, num)?));
    }
    let (x, y) = (small(a), small(b));
    let can_be_date = dates::date(core, false, false).is_some();
    // 6. A date word before.
    if can_be_date && DAY_WORDS.contains(&prev) {
        return dates::date(core, false, true);
    }
    // 7. Fractions and ratios.
    if let (Some(x), Some(y)) = (x, y) {
        let next = ctx.next;
        if x < y && (BEFORE_FRACTION.contains(&prev) || AFTER_FRACTION.contains(&next)) {
            return fraction(a, b);
        }
        // `vòng 1/8`: the round of sixteen, *vòng một phần tám*.
        if prev == "vòng" && x == 1 && y.is_power_of_two() && y > 1 {
            return fraction(a, b);
        }
        if COUNTED.contains(&next)
            || BEFORE_RATIO.contains(&prev)
            || (x == 24 && (y == 7 || y == 24))
        {
            return ratio(a, b);
        }
    }
    // 8. A date if it can be one, a ratio otherwise.
    if can_be_date {
        return dates::date(core, false, true);
    }
    ratio(a, b)
}

fn read_number_or_mixed(text: &str) -> Option<String> {
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    number(text).or_else(|| Some(read_mixed(text)))
}

/// A fraction after a whole number: `5 1/2` → *và một phần hai*; `None` unless `core` is a
/// proper fraction.
pub(super) fn mixed_fraction(core: &str) -> Option<String> {
    let (a, b) = core.split_once('/')?;
    let (x, y) = (small(a)?, small(b)?);
    (x > 0 && x < y && y <= 16).then(|| fraction(a, b).map(|f| format!("và {f}")))?
}

#[cfg(test)]
mod tests {
    fn check(cases: &[(&str, &str)]) {
        for (written, spoken) in cases {
            assert_eq!(super::super::normalize(written), *spoken, "for {written:?}");
        }
    }

    #[test]
    fn document_numbers_are_read_as_a_newsreader_says_them() {
        check(&[
            // Leading zeros are not said.
            (
                "Công văn 07/2022/TT-BYT đã hết hiệu lực.",
                "Công văn bảy năm hai nghìn không trăm hai mươi hai của Bộ Y tế đã hết hiệu lực.",
            ),
            // The issuer written after the code is said once.
            (
                "Theo Nghị định 100/2019/NĐ-CP của Chính phủ, mức phạt tăng.",
                "Theo Nghị định một trăm năm hai nghìn không trăm mười chín của Chính phủ, mức phạt tăng.",
            ),
            // A body with its term.
            (
                "Luật 61/2020/QH14 quy định rõ.",
                "Luật sáu mươi mốt năm hai nghìn không trăm hai mươi của Quốc hội khóa mười bốn quy định rõ.",
            ),
            // Number, kind, issuer: the kind is not said twice.
            (
                "Thực hiện Kết luận số 09-KL/TW của Bộ Chính trị.",
                "Thực hiện Kết luận số chín của Bộ Chính trị.",
            ),
            (
                "Thông báo số 45/TB-VPCP ngày 3/2.",
                "Thông báo số bốn mươi lăm của Văn phòng Chính phủ ngày mồng ba tháng hai.",
            ),
            (
                "Tinh thần của 36-NQ/TW vẫn còn nguyên.",
                "Tinh thần của ba mươi sáu nghị quyết của Trung ương vẫn còn nguyên.",
            ),
        ]);
    }

    #[test]
    fn a_count_is_not_a_date() {
        check(&[
            (
                "Chỉ 3/10 sinh viên có việc làm.",
                "Chỉ ba trên mười sinh viên có việc làm.",
            ),
            (
                "Huyện có 9/12 xã về đích nông thôn mới.",
                "Huyện có chín trên mười hai xã về đích nông thôn mới.",
            ),
            (
                "Trường đạt 5/6 tiêu chuẩn.",
                "Trường đạt năm trên sáu tiêu chuẩn.",
            ),
            // A date word still wins.
            (
                "Ngày 3/10 sinh viên nhập học.",
                "Ngày mồng ba tháng mười sinh viên nhập học.",
            ),
        ]);
    }

    #[test]
    fn an_amount_per_another_currency_is_not_a_pair() {
        check(&[
            (
                "Giá bán ra 24.310 VND/USD.",
                "Giá bán ra hai mươi tư nghìn ba trăm mười đồng một đô la Mỹ.",
            ),
            (
                "Tỷ giá USD/VND tăng nhẹ.",
                "Tỷ giá đô la Mỹ so với đồng tăng nhẹ.",
            ),
        ]);
    }
}
