//! Characters that control a terminal rather than spell a word: removed from every input, so
//! that no article can change a terminal's title, write its clipboard (OSC 52), clear the
//! screen, or reorder what is shown (bidi overrides) — whether docbao prints the text, writes
//! it into subtitles, or an embedder shows it.
//!
//! Kept: newline and tab (and carriage return before a newline). Removed whole: escape
//! sequences (CSI `ESC [ … final`, OSC/DCS/APC/PM/SOS strings up to BEL or `ESC \`, two-byte
//! `ESC x`), and their one-character C1 forms. Replaced by a space (so the words around do
//! not run together): any other C0 or C1 control and DEL. Removed: the bidi embeddings,
//! overrides and isolates (U+202A–U+202E, U+2066–U+2069).

use std::borrow::Cow;

/// Whether `c` is a character [`strip`] never lets through.
pub fn is_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || is_bidi_control(c)
}

/// The bidi embeddings, overrides and isolates.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` without terminal controls (see the [module docs](self)). Borrows when there is
/// nothing to remove.
pub fn strip(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) && !has_lone_cr(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => out.push(if chars.peek() == Some(&'\n') {
                '\r'
            } else {
                '\n'
            }),
            '\u{1b}' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | '_' | '^' | 'X') => skip_string(&mut chars),
                // `ESC x`: a two-character sequence; ESC at the very end: nothing.
                Some(_) | None => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9f}' | '\u{9e}' | '\u{98}' => skip_string(&mut chars),
            c if is_bidi_control(c) => {}
            c if is_control(c) => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` safe to print: each terminal control (and a carriage return) shown as `\u{1b}`;
/// newlines and tabs kept. For what docbao prints that may not have come through [`strip`]:
/// file names, addresses, what a server said. Borrows when there is nothing to show.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_control(c) || c == '\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) || c == '\r' {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn has_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

/// Parameters and intermediates, up to and with the final character (`@` to `~`). A
/// sequence cut short by something that cannot be in it ends there.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{20}'..='\u{3f}' => {
                chars.next();
            }
            '\u{40}'..='\u{7e}' => {
                chars.next();
                return;
            }
            _ => return,
        }
    }
}

/// A control string: up to BEL, `ESC \` or ST (U+009C). Text is not lost to a string that
/// never ends: it stops at a line end.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                chars.next();
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            '\n' => return,
            _ => {
                chars.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_go_whole() {
        assert_eq!(strip("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(strip("x\u{1b}]0;owned title\u{7}y"), "xy");
        assert_eq!(strip("x\u{1b}]52;c;ZXZpbA==\u{1b}\\y"), "xy");
        assert_eq!(strip("x\u{1b}[2Jy"), "xy");
        assert_eq!(strip("x\u{1b}cy"), "xy");
        assert_eq!(strip("x\u{9b}31my"), "xy");
        assert_eq!(strip("end\u{1b}"), "end");
        assert_eq!(strip("x\u{1b}]0;never ends\nnext line"), "x\nnext line");
    }

    #[test]
    fn other_controls_become_one_space_and_bidi_goes() {
        assert_eq!(strip("Hà\u{0}Nội"), "Hà Nội");
        assert_eq!(strip("a\u{7}\u{8}\u{7f}b"), "a b");
        assert_eq!(strip("a\u{85}b"), "a b");
        assert_eq!(strip("abc\u{202e}fed\u{202c}"), "abcfed");
        assert_eq!(strip("\u{2067}x\u{2069}"), "x");
    }

    #[test]
    fn visible_shows_controls_as_escapes() {
        assert_eq!(visible("a\u{1b}]0;t\u{7}b\n"), "a\\u{1b}]0;t\\u{7}b\n");
        assert!(matches!(visible("bài báo.txt"), Cow::Borrowed(_)));
    }

    #[test]
    fn lines_and_tabs_stay_and_text_is_borrowed() {
        assert!(matches!(
            strip("Xin chào.\n\tBạn\r\nkhỏe"),
            Cow::Borrowed(_)
        ));
        assert_eq!(strip("a\rb"), "a\nb");
        assert!(
            strip("Tiếng Việt có dấu: ữ ặ ộ")
                .chars()
                .all(|c| !is_control(c))
        );
    }
}
