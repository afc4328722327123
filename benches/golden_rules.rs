//! The English Golden Rules of sentence segmentation, scored: `cargo bench --bench
//! golden_rules [-- FILE]`.
//!
//! Reads `../shared/benchmarks/golden_rules_en.json` (or FILE) at run time — the rules are
//! not copied into the project — runs [`docbao::text::segment`] on each rule's text and
//! prints the failures and the score N/total.

use std::path::PathBuf;

use docbao::{Document, Lang, text};

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/benchmarks/golden_rules_en.json")
        });
    let Ok(json) = std::fs::read_to_string(&path) else {
        eprintln!(
            "golden rules {} not found; pass the file: cargo bench --bench golden_rules -- FILE",
            path.display()
        );
        std::process::exit(1);
    };
    let rules = rules(&json);
    let mut passed = 0;
    for rule in &rules {
        let got: Vec<String> = Document::from_text(rule.text.clone(), Some(Lang::En))
            .map(|doc| text::segment(&doc).into_iter().map(|s| s.text).collect())
            .unwrap_or_default();
        if got == rule.sentences {
            passed += 1;
        } else {
            println!("FAIL {}: {:?}", rule.id, rule.text);
            println!("  expected {:?}", rule.sentences);
            println!("  got      {:?}", got);
        }
    }
    println!("golden rules: {passed}/{}", rules.len());
}

struct Rule {
    id: String,
    text: String,
    sentences: Vec<String>,
}

/// The rules of the file: each object with `id`, `text` and `sentences` inside `"rules"`.
/// A small reader for this shape of JSON, so the crate needs no JSON dependency.
fn rules(json: &str) -> Vec<Rule> {
    let Some(start) = json.find("\"rules\"") else {
        return Vec::new();
    };
    let mut reader = Reader {
        chars: json[start..].chars().collect(),
        at: 0,
    };
    let mut rules = Vec::new();
    let (mut id, mut text, mut sentences) = (String::new(), String::new(), Vec::new());
    let mut key = String::new();
    let mut in_sentences = false;
    while let Some(c) = reader.peek() {
        match c {
            '"' => {
                let s = reader.string();
                if in_sentences {
                    sentences.push(s);
                } else if reader.next_non_space() == Some(':') {
                    key = s;
                } else {
                    match key.as_str() {
                        "id" => id = s,
                        "text" => text = s,
                        _ => {}
                    }
                }
            }
            '[' if key == "sentences" => {
                in_sentences = true;
                reader.at += 1;
            }
            ']' if in_sentences => {
                in_sentences = false;
                key.clear();
                reader.at += 1;
            }
            '}' => {
                if !text.is_empty() {
                    rules.push(Rule {
                        id: std::mem::take(&mut id),
                        text: std::mem::take(&mut text),
                        sentences: std::mem::take(&mut sentences),
                    });
                }
                reader.at += 1;
            }
            _ => reader.at += 1,
        }
    }
    rules
}

struct Reader {
    chars: Vec<char>,
    at: usize,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next_non_space(&self) -> Option<char> {
        self.chars[self.at..]
            .iter()
            .copied()
            .find(|c| !c.is_whitespace())
    }

    /// A JSON string starting at the opening quote.
    fn string(&mut self) -> String {
        let mut out = String::new();
        self.at += 1;
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '"' => break,
                '\\' => {
                    let escaped = self.peek().unwrap_or('\\');
                    self.at += 1;
                    match escaped {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'u' => {
                            let hex: String = self.chars[self.at..].iter().take(4).collect();
                            self.at += 4;
                            let unit = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                            // Surrogate pairs.
                            if (0xD800..0xDC00).contains(&unit) && self.peek() == Some('\\') {
                                let low: String =
                                    self.chars[self.at + 2..].iter().take(4).collect();
                                self.at += 6;
                                let low = u32::from_str_radix(&low, 16).unwrap_or(0xDC00);
                                let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                            } else {
                                out.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
                            }
                        }
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
        out
    }
}
