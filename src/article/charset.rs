//! Character sets of web pages: which one a page is in, and decoding it.
//!
//! In the order browsers use: a byte-order mark, the HTTP `Content-Type` charset, a `<meta>`
//! charset in the page's first 8 KiB; failing those, UTF-8 when the bytes are valid UTF-8,
//! otherwise `chardetng`'s guess (the detector Firefox uses, told the site's top-level
//! domain). Decoding is `encoding_rs` (the WHATWG Encoding Standard: windows-1258 for legacy
//! Vietnamese pages, windows-125x, ISO 8859, Shift_JIS, GBK, …), then Unicode NFC, since
//! windows-1258 writes most tone marks as combining characters.
//!
//! TCVN3 (ABC) and VNI pages are not in a character set at all: they are Latin-1 bytes drawn
//! with fonts (`.VnTime`, `VNI-Times`) whose glyphs are Vietnamese letters. No standard
//! names them, so a page that asks for such a font and reads as mojibake is refused with a
//! clear error rather than read aloud as nonsense.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use unicode_normalization::UnicodeNormalization;

use super::input::InputError;

/// How far into a page to look for a `<meta>` charset.
const META_SCAN_BYTES: usize = 8 * 1024;

/// A page or text decoded, with what was wrong with its character set, if anything.
pub(super) struct Decoded {
    pub text: String,
    /// One sentence for the listener: the declared character set lied, or the text does not
    /// read as text.
    pub warning: Option<String>,
}

/// Decodes an HTML page's bytes; `header` is the charset of the HTTP `Content-Type`, if any.
/// A declaration that the bytes contradict loses to them (valid UTF-8 declared as a
/// single-byte set is UTF-8; "UTF-8" that is not is guessed), and text that still does not
/// read as text is said to be garbled.
pub(super) fn decode_html(
    bytes: &[u8],
    header: Option<&str>,
    url: Option<&url::Url>,
    origin: &str,
) -> Decoded {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return Decoded {
            text: decode_with(bytes, encoding),
            warning: None,
        };
    }
    let declared = header
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .map(|encoding| (encoding, "its HTTP header"))
        .or_else(|| meta_charset(bytes).map(|e| (html_meta_override(e), "its <meta> tag")));
    match declared {
        Some((encoding, by)) => decode_checked(bytes, encoding, by, url, origin),
        None => {
            let encoding = guess(bytes, url);
            plausible(decode_with(bytes, encoding), encoding, origin)
        }
    }
}

/// Decodes bytes in the character set named by `label` (from an HTTP header), checked as
/// [`decode_html`] does; `None` when the label names no character set.
pub(super) fn decode_declared(
    bytes: &[u8],
    label: &str,
    url: Option<&url::Url>,
    origin: &str,
) -> Option<Decoded> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    Some(decode_checked(
        bytes,
        encoding,
        "its HTTP header",
        url,
        origin,
    ))
}

fn decode_checked(
    bytes: &[u8],
    declared: &'static Encoding,
    by: &str,
    url: Option<&url::Url>,
    origin: &str,
) -> Decoded {
    let utf8 = std::str::from_utf8(bytes).is_ok();
    if declared != UTF_8 && declared.is_single_byte() && utf8 && !bytes.is_ascii() {
        return Decoded {
            text: decode_with(bytes, UTF_8),
            warning: Some(format!(
                "{origin} says ({by}) it is in {}, but its bytes are UTF-8: read as UTF-8",
                declared.name()
            )),
        };
    }
    if declared == UTF_8 && !utf8 {
        let (lossy, _, _) = UTF_8.decode(bytes);
        let replaced = lossy.chars().filter(|&c| c == '\u{fffd}').count();
        let non_ascii = lossy.chars().filter(|c| !c.is_ascii()).count();
        // A stray byte or two in a UTF-8 page: keep UTF-8.
        if replaced * 100 > non_ascii {
            let encoding = guess(bytes, url);
            if encoding != UTF_8 {
                return Decoded {
                    text: decode_with(bytes, encoding),
                    warning: Some(format!(
                        "{origin} says ({by}) it is UTF-8, but it is not: read as {}",
                        encoding.name()
                    )),
                };
            }
        }
    }
    plausible(decode_with(bytes, declared), declared, origin)
}

/// `text`, with a warning when it does not read as text.
fn plausible(text: String, encoding: &'static Encoding, origin: &str) -> Decoded {
    let warning = super::plausible::looks_garbled(&text).then(|| {
        format!(
            "the text of {origin} does not read as text in {} (letters mixed with symbols): \
             its character set may be wrong, or one docbao cannot read (VISCII)",
            encoding.name()
        )
    });
    Decoded { text, warning }
}

fn decode_with(bytes: &[u8], encoding: &'static Encoding) -> String {
    // `decode` lets a byte-order mark win, as browsers do; malformed bytes become U+FFFD.
    let (text, _, _) = encoding.decode(bytes);
    match text {
        Cow::Borrowed(text) if text.is_ascii() => text.to_string(),
        text => text.nfc().collect(),
    }
}

/// A `<meta>` may not switch a page to UTF-16 (it could not have been read to find the tag),
/// and `x-user-defined` means windows-1252: the WHATWG rules for a meta charset.
fn html_meta_override(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == encoding_rs::UTF_16BE || encoding == encoding_rs::UTF_16LE {
        UTF_8
    } else if encoding == encoding_rs::X_USER_DEFINED {
        WINDOWS_1252
    } else {
        encoding
    }
}

/// The charset a `<meta charset>` or `<meta http-equiv="Content-Type" content="…;
/// charset=…">` in the first 8 KiB names.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let tag_start = from + at;
        let tag_end = lower[tag_start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |end| tag_start + end);
        let tag = &lower[tag_start..tag_end];
        if let Some(at) = find(tag, b"charset") {
            let rest = &tag[at + b"charset".len()..];
            let rest = trim_ascii_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_ascii_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let end = rest
                    .iter()
                    .position(|&b| {
                        matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace()
                    })
                    .unwrap_or(rest.len());
                if let Some(encoding) = Encoding::for_label(&rest[..end]) {
                    return Some(encoding);
                }
            }
        }
        from = tag_end.max(tag_start + 1);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// UTF-8 if the bytes are UTF-8, otherwise chardetng's guess for the site's domain.
fn guess(bytes: &[u8], url: Option<&url::Url>) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let tld = url
        .and_then(|url| url.host_str().map(str::to_string))
        .and_then(|host| host.rsplit('.').next().map(str::to_ascii_lowercase))
        // chardetng insists on a lower-case ASCII label without dots.
        .filter(|tld| {
            !tld.is_empty()
                && tld
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(
        tld.as_deref().map(str::as_bytes),
        chardetng::Utf8Detection::Allow,
    )
}

/// Refuses a page drawn in a Vietnamese font encoding (TCVN3 or VNI): it names such a font
/// and its text has more Latin-1 symbols than Vietnamese letters.
pub(super) fn refuse_font_encodings(html: &str, origin: &str) -> Result<(), InputError> {
    let Some((encoding, font)) = font_encoding(html) else {
        return Ok(());
    };
    let (mut vietnamese, mut latin1_symbols) = (0usize, 0usize);
    for c in html.chars() {
        if is_vietnamese_letter(c) {
            vietnamese += 1;
        } else if ('\u{a1}'..='\u{ff}').contains(&c) && !is_vietnamese_latin1(c) {
            latin1_symbols += 1;
        }
    }
    if latin1_symbols > vietnamese {
        return Err(InputError::FontEncoding {
            origin: origin.to_string(),
            encoding,
            font,
        });
    }
    Ok(())
}

/// The font encoding a page's fonts belong to: `.VnTime`, `.VnArial` (TCVN3) or
/// `VNI-Times` (VNI), named in a `face` attribute or a `font-family`.
fn font_encoding(html: &str) -> Option<(&'static str, String)> {
    let lower = html.to_ascii_lowercase();
    for key in ["face=", "font-family"] {
        for (at, _) in lower.match_indices(key) {
            let mut end = (at + 120).min(lower.len());
            while !lower.is_char_boundary(end) {
                end -= 1;
            }
            let window = &lower[at..end];
            for (marker, encoding) in [(".vn", "TCVN3 (ABC)"), ("vni-", "VNI")] {
                if let Some(offset) = window.find(marker) {
                    let start = at + offset;
                    let next = lower[start + marker.len()..].chars().next();
                    if next.is_some_and(|c| c.is_ascii_alphabetic()) {
                        let name: String = html[start..]
                            .chars()
                            .take_while(|&c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
                            .collect();
                        return Some((encoding, name));
                    }
                }
            }
        }
    }
    None
}

/// Letters only Vietnamese writes: `ă đ ơ ư ĩ ũ` and the letters with stacked tone marks.
fn is_vietnamese_letter(c: char) -> bool {
    ('\u{1ea0}'..='\u{1ef9}').contains(&c)
        || matches!(
            c,
            'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ'
        )
}

/// Latin-1 letters that Vietnamese also uses: `à á â ã è é ê ì í ò ó ô õ ù ú ý`.
fn is_vietnamese_latin1(c: char) -> bool {
    "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Xin chào các bạn, hôm nay trời đẹp." in windows-1258, where most tone marks are
    /// combining bytes
    /// (made with `iconv -t WINDOWS-1258`).
    const WINDOWS_1258: &[u8] = b"Xin ch\xe0o c\xe1c ba\xf2n, h\xf4m nay tr\xf5\xcci \xf0e\xf2p.";

    #[test]
    fn meta_charset_is_found() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\"></head>";
        assert_eq!(meta_charset(page), Some(encoding_rs::WINDOWS_1258));
        assert_eq!(
            meta_charset(b"<META CHARSET='iso-8859-1'>"),
            Some(WINDOWS_1252)
        );
        assert_eq!(meta_charset(b"<meta charset=utf-8>"), Some(UTF_8));
        assert_eq!(meta_charset(b"<meta name=charset content=x>"), None);
        assert_eq!(meta_charset(b"<meta charset=\"nonsense\">"), None);
    }

    #[test]
    fn windows_1258_by_header_and_by_meta_decodes_to_nfc() {
        let expected = "Xin chào các bạn, hôm nay trời đẹp.";
        let text = decode_html(WINDOWS_1258, Some("windows-1258"), None, "the page").text;
        assert_eq!(text, expected);
        let mut page = b"<meta charset=\"windows-1258\"><p>".to_vec();
        page.extend_from_slice(WINDOWS_1258);
        assert!(
            decode_html(&page, None, None, "the page")
                .text
                .ends_with(expected)
        );
    }

    #[test]
    fn header_beats_meta_and_bom_beats_both() {
        let page = "<meta charset=windows-1252><p>Đà Nẵng".as_bytes();
        assert!(
            decode_html(page, Some("utf-8"), None, "the page")
                .text
                .ends_with("Đà Nẵng")
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(page);
        assert!(
            decode_html(&bom, Some("windows-1252"), None, "the page")
                .text
                .ends_with("Đà Nẵng")
        );
    }

    #[test]
    fn undeclared_pages_are_utf8_or_guessed() {
        assert_eq!(
            decode_html("Hà Nội".as_bytes(), None, None, "the page").text,
            "Hà Nội"
        );
        let url = url::Url::parse("http://bao.example.vn/").unwrap();
        let text = decode_html(WINDOWS_1258, None, Some(&url), "the page").text;
        assert!(!text.contains('\u{fffd}'), "{text}");
    }

    #[test]
    fn font_encodings_are_refused_only_when_the_text_is_garbled() {
        let tcvn3 = "<font face=\".VnTime\">Hµ Néi ®· cã m\u{ad}a lín</font>";
        let err = refuse_font_encodings(tcvn3, "page.html").unwrap_err();
        assert!(
            err.to_string()
                .contains("TCVN3 (ABC) font encoding (font .VnTime)"),
            "{err}"
        );
        let vni = "<p style=\"font-family: 'VNI-Times'\">Haø Noäi ñaõ coù möa lôùn</p>";
        assert!(refuse_font_encodings(vni, "page.html").is_err());
        // A Unicode page that merely lists such a font is read.
        let unicode = "<p style=\"font-family: Arial, .VnTime\">Hà Nội đã có mưa lớn</p>";
        assert!(refuse_font_encodings(unicode, "page.html").is_ok());
        assert!(refuse_font_encodings("<p>Hà Nội</p>", "page.html").is_ok());
        // Multi-byte letters around the end of the window looked at.
        let long = format!("<p style=\"font-family: {}\">x</p>", "ữ".repeat(80));
        assert!(refuse_font_encodings(&long, "page.html").is_ok());
    }

    #[test]
    fn a_declared_charset_that_lies_loses_to_the_bytes_and_is_said() {
        let page =
            "<meta charset=windows-1252><p>Sáng nay thành phố Hà Nội mở tuyến xe buýt điện</p>";
        let decoded = decode_html(page.as_bytes(), None, None, "the page");
        assert!(decoded.text.contains("Hà Nội"), "{}", decoded.text);
        assert!(
            decoded
                .warning
                .unwrap()
                .contains("says (its <meta> tag) it is in windows-1252, but its bytes are UTF-8")
        );

        let text = "Sáng nay thành phố Hà Nội mở thêm ba tuyến xe buýt điện mới cho người dân";
        let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(text);
        let decoded = decode_html(&bytes, Some("utf-8"), None, "the page");
        assert!(
            decoded
                .warning
                .unwrap()
                .contains("says (its HTTP header) it is UTF-8, but it is not")
        );

        let clean = decode_html(text.as_bytes(), Some("utf-8"), None, "the page");
        assert!(clean.warning.is_none());
    }
}
