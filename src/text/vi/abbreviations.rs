//! Abbreviations read in full (`UBND` → *Ủy ban nhân dân*) from a data file that users can
//! extend, and unknown all-caps words spelled out the Vietnamese way (`XYZ` → *ích xì i dài
//! dét*).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The built-in table: `ABBREVIATION<TAB>spoken form`, one a line, `#` comments.
const BUILT_IN: &str = include_str!("../../../data/vi-abbreviations.tsv");

/// Parses an abbreviation table into `table`; later entries override earlier ones.
pub fn parse_table(text: &str, table: &mut HashMap<String, String>) {
    let _ = parse_table_checked(text, table);
}

/// Parses an abbreviation table into `table` and returns its broken lines: (line number,
/// what is wrong).
pub fn parse_table_checked(
    text: &str,
    table: &mut HashMap<String, String>,
) -> Vec<(usize, &'static str)> {
    let mut broken = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match line.split_once('\t') {
            Some((short, long)) => {
                let (short, long) = (short.trim(), long.trim());
                if short.is_empty() || long.is_empty() {
                    broken.push((number + 1, "an empty abbreviation or spoken form"));
                } else {
                    table.insert(short.to_string(), long.to_string());
                }
            }
            None => broken.push((
                number + 1,
                "no tab between the abbreviation and its spoken form",
            )),
        }
    }
    broken
}

/// The largest user table read.
const MAX_USER_TABLE: u64 = 4_000_000;

struct Loaded {
    table: HashMap<String, String>,
    problems: Vec<String>,
}

fn loaded() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| {
        let mut table = HashMap::new();
        let mut problems = Vec::new();
        parse_table(BUILT_IN, &mut table);
        if let Some(path) = dirs::config_dir().map(|d| d.join("docbao").join("abbreviations.tsv")) {
            match crate::config_file::read_small(&path, MAX_USER_TABLE) {
                Ok(user) => {
                    for (line, what) in parse_table_checked(&user, &mut table) {
                        problems.push(format!(
                            "{} line {line}: {what}; line ignored",
                            path.display()
                        ));
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => problems.push(format!("{}: {e}; file ignored", path.display())),
            }
        }
        Loaded { table, problems }
    })
}

/// The abbreviation table: the built-in one, then the user's
/// `$XDG_CONFIG_HOME/docbao/abbreviations.tsv` (read once: a regular UTF-8 file of at most
/// 4 MB; what is wrong with it is in [`problems`]).
pub fn table() -> &'static HashMap<String, String> {
    &loaded().table
}

/// What is wrong with the user's abbreviation table, one sentence each, naming the file and
/// the line.
pub fn problems() -> &'static [String] {
    &loaded().problems
}

/// The spoken form of an abbreviation, also for dotted compounds of known parts (`GS.TS`,
/// `PGS.TS`).
pub fn expand(word: &str) -> Option<String> {
    let table = table();
    if let Some(long) = table.get(word) {
        return Some(long.clone());
    }
    if word.contains('.') {
        let parts: Vec<&str> = word.split('.').filter(|p| !p.is_empty()).collect();
        if parts.len() >= 2 && parts.iter().all(|p| p.chars().count() >= 2) {
            let spoken: Option<Vec<&str>> = parts
                .iter()
                .map(|p| table.get(*p).map(String::as_str))
                .collect();
            return spoken.map(|s| s.join(" "));
        }
    }
    None
}

/// Whether `word` is written in capitals only (two letters or more, at most Đ as a
/// non-ASCII letter): an acronym to spell if it is not in the table.
pub fn is_acronym(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ')
}

/// The Vietnamese name of a letter.
pub fn letter(c: char) -> Option<&'static str> {
    Some(match c.to_lowercase().next()? {
        'a' => "a",
        'b' => "bê",
        'c' => "xê",
        'd' => "dê",
        'đ' => "đê",
        'e' => "e",
        'f' => "ép",
        'g' => "giê",
        'h' => "hát",
        'i' => "i",
        'j' => "gi",
        'k' => "ca",
        'l' => "e lờ",
        'm' => "em mờ",
        'n' => "en nờ",
        'o' => "o",
        'p' => "pê",
        'q' => "quy",
        'r' => "e rờ",
        's' => "ét xì",
        't' => "tê",
        'u' => "u",
        'v' => "vê",
        'w' => "vê kép",
        'x' => "ích xì",
        'y' => "i dài",
        'z' => "dét",
        _ => return None,
    })
}

/// Spells a word letter by letter (`ABC` → `a bê xê`); `None` if a character has no name.
pub fn spell(word: &str) -> Option<String> {
    let names: Option<Vec<&str>> = word.chars().map(letter).collect();
    names.map(|n| n.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_hundreds_of_entries() {
        assert!(table().len() >= 250, "{}", table().len());
        assert_eq!(expand("UBND").unwrap(), "Ủy ban nhân dân");
        assert_eq!(expand("HĐND").unwrap(), "Hội đồng nhân dân");
        assert_eq!(expand("TP.HCM").unwrap(), "Thành phố Hồ Chí Minh");
        assert_eq!(expand("BHYT").unwrap(), "bảo hiểm y tế");
        assert_eq!(expand("ĐBQH").unwrap(), "đại biểu Quốc hội");
    }

    #[test]
    fn dotted_compounds_of_known_parts() {
        assert_eq!(expand("GS.TS").unwrap(), "giáo sư tiến sĩ");
        assert_eq!(expand("PGS.TS").unwrap(), "phó giáo sư tiến sĩ");
        assert_eq!(expand("ABC.XYZ"), None);
    }

    #[test]
    fn user_tables_override_and_skip_comments() {
        let mut table = HashMap::new();
        parse_table(
            "# comment\nUBND\tỦy ban\n\nbroken line\nXYZ\tích xì\r\n",
            &mut table,
        );
        parse_table("UBND\tỦy ban nhân dân", &mut table);
        assert_eq!(table.len(), 2);
        assert_eq!(table["UBND"], "Ủy ban nhân dân");
        assert_eq!(table["XYZ"], "ích xì");
    }

    #[test]
    fn unknown_acronyms_are_spelled() {
        assert!(is_acronym("XYZ"));
        assert!(is_acronym("ĐKX"));
        assert!(!is_acronym("Hà"));
        assert!(!is_acronym("A"));
        assert!(!is_acronym("CÓ"));
        assert_eq!(spell("XYZ").unwrap(), "ích xì i dài dét");
        assert_eq!(spell("ĐL").unwrap(), "đê e lờ");
        assert_eq!(spell("A1"), None);
    }
}
