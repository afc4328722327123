//! Symbols read as words: `&` *và*, `=` *bằng*, `+` *cộng*, `×` and `x` between numbers
//! *nhân*, `±` *cộng trừ*, `≥` *lớn hơn hoặc bằng*, `≤`, `>`, `<`, `~` *khoảng*, `#` *số*,
//! `§` *mục*, `‰` *phần nghìn*, alone or before a number (`~50`, `≥18`, `#1`), and `&` in
//! names (`P&G` → *pê và giê*).

use super::{Ctx, abbreviations, read_numeric};

fn name(symbol: &str) -> Option<&'static str> {
    Some(match symbol {
        "&" => "và",
        "=" => "bằng",
        "+" => "cộng",
        "×" => "nhân",
        "±" => "cộng trừ",
        "≥" | ">=" => "lớn hơn hoặc bằng",
        "≤" | "<=" => "nhỏ hơn hoặc bằng",
        ">" => "lớn hơn",
        "<" => "nhỏ hơn",
        "~" | "≈" => "khoảng",
        "#" | "№" => "số",
        "§" => "mục",
        "%" => "phần trăm",
        "‰" => "phần nghìn",
        "→" => "đến",
        _ => return None,
    })
}

fn numeric(word: Option<&str>) -> bool {
    word.is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
}

/// Reads `core` if it is a symbol, a symbol before a number, a product of numbers (`4x4`)
/// or a name joined by `&`; `prev` and `next` are the cores around it.
pub(super) fn read(core: &str, prev: Option<&str>, next: Option<&str>) -> Option<String> {
    if let Some(word) = name(core) {
        return Some(word.to_string());
    }
    // `3 x 4`: *nhân* between numbers.
    if (core == "x" || core == "X") && numeric(prev) && numeric(next) {
        return Some("nhân".into());
    }
    // `~50`, `≥18`, `>50%`, `#1`, `+5`.
    let first = core.chars().next()?;
    let rest = &core[first.len_utf8()..];
    if let Some(word) = name(&first.to_string())
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && let Some(n) = read_numeric(rest, &Ctx::default())
    {
        return Some(format!("{word} {n}"));
    }
    // `tăng x2`, `×10`: times a number.
    if let Some(rest) = core.strip_prefix(['x', '×'])
        && (1..=3).contains(&rest.len())
        && rest.bytes().all(|c| c.is_ascii_digit())
        && let Some(n) = read_numeric(rest, &Ctx::default())
    {
        return Some(format!("nhân {n}"));
    }
    // `4x4`, `100x50`: numbers with `x` between them.
    if let Some((a, b)) = core.split_once(['x', '×'])
        && a.bytes().all(|c| c.is_ascii_digit())
        && !a.is_empty()
        && let (Some(a), Some(b)) = (
            read_numeric(a, &Ctx::default()),
            read_numeric(b, &Ctx::default()),
        )
    {
        return Some(format!("{a} nhân {b}"));
    }
    // `P&G`, `AT&T`.
    if let Some((a, b)) = core.split_once('&')
        && !a.is_empty()
        && !b.is_empty()
        && a.chars()
            .chain(b.chars())
            .all(|c| c.is_ascii_alphabetic() || c == 'Đ')
    {
        let part = |p: &str| {
            let spelled = || abbreviations::spell(p).unwrap_or_else(|| p.to_string());
            if p.chars().count() == 1 {
                spelled()
            } else if let Some(long) = abbreviations::expand(p) {
                long
            } else if abbreviations::is_acronym(p) {
                spelled()
            } else {
                p.to_string()
            }
        };
        return Some(format!("{} và {}", part(a), part(b)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_alone_and_before_numbers() {
        assert_eq!(read("&", None, None).unwrap(), "và");
        assert_eq!(read("±", None, None).unwrap(), "cộng trừ");
        assert_eq!(read("x", Some("3"), Some("4")).unwrap(), "nhân");
        assert_eq!(read("x", Some("ông"), Some("4")), None);
        assert_eq!(read("~50", None, None).unwrap(), "khoảng năm mươi");
        assert_eq!(
            read("≥18", None, None).unwrap(),
            "lớn hơn hoặc bằng mười tám"
        );
        assert_eq!(read("#1", None, None).unwrap(), "số một");
        assert_eq!(read("4x4", None, None).unwrap(), "bốn nhân bốn");
        assert_eq!(read("P&G", None, None).unwrap(), "pê và giê");
        assert_eq!(read("xyz", None, None), None);
    }
}
