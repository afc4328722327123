//! Getting text out of bytes: reading files, telling text from binary and HTML, decoding.

use std::io::{self, Read as _};
use std::path::Path;

use super::Format;
#[cfg(feature = "fetch")]
use super::fetch::FetchError;

/// Why an input could not become a document. Each message is one sentence naming the input.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// Nothing to read: no letter or digit at all.
    #[error("{origin} has no text to read (it is empty or holds only whitespace and punctuation)")]
    Empty {
        /// The input's name (a path, `standard input`).
        origin: String,
    },
    /// The input holds bytes that never occur in text.
    #[error("{origin} looks like a binary file, not text (byte {offset} is a NUL byte)")]
    Binary {
        /// The input's name.
        origin: String,
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// The input is not UTF-8.
    #[error("{origin} is not valid UTF-8 text: the bytes from byte {offset} are not UTF-8")]
    InvalidUtf8 {
        /// The input's name.
        origin: String,
        /// Offset of the first byte that is not valid UTF-8.
        offset: usize,
    },
    /// The input is UTF-16 with a byte-order mark but holds an unpaired surrogate.
    #[error("{origin} is not valid UTF-16 text: byte {offset} holds an unpaired surrogate")]
    InvalidUtf16 {
        /// The input's name.
        origin: String,
        /// Offset of the offending code unit.
        offset: usize,
    },
    /// The file does not exist.
    #[error("{origin} does not exist")]
    NotFound {
        /// The path as given.
        origin: String,
    },
    /// The path names a directory.
    #[error("{origin} is a directory, not a text file")]
    IsDirectory {
        /// The path as given.
        origin: String,
    },
    /// The page is written in a Vietnamese font encoding (TCVN3, VNI): its bytes are letters
    /// only in the page's own fonts, and no character set names them.
    #[error(
        "{origin} is written in the {encoding} font encoding (font {font}), which docbao cannot decode"
    )]
    FontEncoding {
        /// The input's name.
        origin: String,
        /// `TCVN3 (ABC)` or `VNI`.
        encoding: &'static str,
        /// The font the page names (`.VnTime`, `VNI-Times`).
        font: String,
    },
    /// A web address could not be fetched.
    #[cfg(feature = "fetch")]
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The input is larger than any article.
    #[error("{origin} is larger than {} MB, the most docbao reads of an article", .limit / 1_000_000)]
    TooLarge {
        /// The input's name.
        origin: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// Any other failure to read.
    #[error("cannot read {origin}: {source}")]
    Read {
        /// The input's name.
        origin: String,
        /// What the operating system said.
        source: io::Error,
    },
}

/// The most bytes read from a file or standard input: far more than any article (a long
/// book is 2 MB), and a bound on memory when the input never ends (`/dev/zero`).
pub const MAX_INPUT: u64 = 64_000_000;

pub(super) fn read_path(path: &Path) -> Result<Vec<u8>, InputError> {
    let origin = || path.display().to_string();
    if path.is_dir() {
        return Err(InputError::IsDirectory { origin: origin() });
    }
    let file = std::fs::File::open(path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => InputError::NotFound { origin: origin() },
        io::ErrorKind::IsADirectory => InputError::IsDirectory { origin: origin() },
        _ => InputError::Read {
            origin: origin(),
            source,
        },
    })?;
    read_capped(file, &origin())
}

/// Reads `reader` to its end, or fails once it passes [`MAX_INPUT`].
pub(super) fn read_capped(reader: impl io::Read, origin: &str) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    let read = io::Read::take(reader, MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Read {
            origin: origin.to_string(),
            source,
        })?;
    if read as u64 > MAX_INPUT {
        return Err(InputError::TooLarge {
            origin: origin.to_string(),
            limit: MAX_INPUT,
        });
    }
    Ok(bytes)
}

/// The format a file's name tells: `.html`, `.htm`, `.xhtml`, `.shtml` are HTML; `.txt` and
/// `.text` are text; anything else is told by the content.
pub(super) fn format_of_path(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
        "txt" | "text" => Some(Format::Text),
        _ => None,
    }
}

/// Tags that mark the start of an HTML document, as the WHATWG MIME sniffing standard lists
/// them (followed by a space or `>`).
const HTML_STARTS: &[&str] = &[
    "<!doctype html",
    "<html",
    "<head",
    "<script",
    "<iframe",
    "<h1",
    "<div",
    "<font",
    "<table",
    "<a",
    "<style",
    "<title",
    "<b",
    "<body",
    "<br",
    "<p",
    "<meta",
    "<!--",
];

/// HTML when the bytes start (after a byte-order mark and whitespace) with an HTML tag, as
/// browsers sniff an unlabelled page; text otherwise.
pub(super) fn sniff_format(bytes: &[u8]) -> Format {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head: Vec<u8> = bytes[start..]
        .iter()
        .take(16)
        .map(u8::to_ascii_lowercase)
        .collect();
    let is_html = HTML_STARTS.iter().any(|tag| {
        head.starts_with(tag.as_bytes())
            && (tag.ends_with("--")
                || head.get(tag.len()).is_some_and(|&b| {
                    b == b' ' || b == b'>' || b == b'\t' || b == b'\n' || b == b'\r'
                }))
    });
    if is_html { Format::Html } else { Format::Text }
}

/// Decodes a text file's bytes: UTF-16 when it starts with a UTF-16 byte-order mark, UTF-8
/// (byte-order mark dropped) otherwise. A NUL byte marks a binary file.
pub(super) fn decode(bytes: &[u8], origin: &str) -> Result<String, InputError> {
    if let Some(text) = decode_utf16(bytes, origin)? {
        return Ok(text);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(InputError::Binary {
            origin: origin.to_string(),
            offset,
        });
    }
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(body) => (3, body),
        None => (0, bytes),
    };
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_string()),
        Err(error) => Err(InputError::InvalidUtf8 {
            origin: origin.to_string(),
            offset: bom + error.valid_up_to(),
        }),
    }
}

/// Refuses bytes that are no web page: a NUL byte in a page without a UTF-16 byte-order mark
/// (a page in UTF-16 holds NULs; one in any 8-bit encoding never does).
pub(super) fn refuse_binary_html(bytes: &[u8], origin: &str) -> Result<(), InputError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Ok(());
    }
    match bytes.iter().position(|&b| b == 0) {
        Some(offset) => Err(InputError::Binary {
            origin: origin.to_string(),
            offset,
        }),
        None => Ok(()),
    }
}

fn decode_utf16(bytes: &[u8], origin: &str) -> Result<Option<String>, InputError> {
    let little_endian = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return Ok(None),
    };
    let units = bytes[2..]
        .chunks(2)
        .map(|pair| match (pair, little_endian) {
            ([lo, hi], true) => u16::from_le_bytes([*lo, *hi]),
            ([hi, lo], false) => u16::from_be_bytes([*hi, *lo]),
            // An odd trailing byte cannot be a code unit: decode it as an unpaired surrogate.
            _ => 0xD800,
        });
    let mut text = String::with_capacity(bytes.len() / 2);
    for (index, unit) in char::decode_utf16(units).enumerate() {
        match unit {
            Ok(c) => text.push(c),
            Err(_) => {
                return Err(InputError::InvalidUtf16 {
                    origin: origin.to_string(),
                    offset: 2 + 2 * index,
                });
            }
        }
    }
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Xin chào".as_bytes(), "t").unwrap(), "Xin chào");
        assert_eq!(decode(b"\xEF\xBB\xBFHi", "t").unwrap(), "Hi");
    }

    #[test]
    fn invalid_utf8_names_the_byte_in_the_file() {
        let err = decode(b"abc\xFFdef", "t").unwrap_err();
        assert!(
            matches!(err, InputError::InvalidUtf8 { offset: 3, .. }),
            "{err}"
        );
        let err = decode(b"\xEF\xBB\xBFab\xC3", "t").unwrap_err();
        assert!(
            matches!(err, InputError::InvalidUtf8 { offset: 5, .. }),
            "{err}"
        );
    }

    #[test]
    fn nul_byte_means_binary() {
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "t").unwrap_err();
        assert!(matches!(err, InputError::Binary { offset: 8, .. }), "{err}");
    }

    #[test]
    fn html_is_sniffed_from_its_first_tag() {
        assert_eq!(sniff_format(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(
            sniff_format(b"\xEF\xBB\xBF\n  <HTML lang=vi>"),
            Format::Html
        );
        assert_eq!(sniff_format(b"<p>Xin chao</p>"), Format::Html);
        assert_eq!(sniff_format(b"<!-- saved page -->"), Format::Html);
        assert_eq!(sniff_format(b"<pre>"), Format::Text);
        assert_eq!(sniff_format(b"<3 Ha Noi"), Format::Text);
        assert_eq!(sniff_format(b"Tin moi <html>"), Format::Text);
        assert_eq!(sniff_format(b""), Format::Text);
    }

    #[test]
    fn format_from_the_file_name() {
        assert_eq!(format_of_path(Path::new("a/bai.HTML")), Some(Format::Html));
        assert_eq!(format_of_path(Path::new("bai.htm")), Some(Format::Html));
        assert_eq!(format_of_path(Path::new("bai.txt")), Some(Format::Text));
        assert_eq!(format_of_path(Path::new("bai")), None);
    }

    #[test]
    fn utf16_with_bom() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Chào".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&le, "t").unwrap(), "Chào");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Chào".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&be, "t").unwrap(), "Chào");
        assert!(matches!(
            decode(&[0xFF, 0xFE, 0x41, 0x00, 0x42], "t"),
            Err(InputError::InvalidUtf16 { offset: 4, .. })
        ));
    }
}
