//! Which article a remembered position belongs to: its web address when it came from one,
//! otherwise a digest of its text, so that the same text read again (from another file, or
//! piped in twice) is recognised.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// The name under which an article's position is kept.
///
/// `url:https://…` for a web address (its `#fragment` left out), `text:sha256:…` for text:
/// the SHA-256 of the text in Unicode NFC with every run of white space made one space and
/// the ends trimmed, so line endings and re-wrapped lines do not make another article.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleKey(String);

impl ArticleKey {
    /// The key of an article read from the web address `address`.
    pub fn for_url(address: &str) -> ArticleKey {
        let address = address.trim();
        let text = match url::Url::parse(address) {
            Ok(mut url) => {
                url.set_fragment(None);
                url.to_string()
            }
            Err(_) => address.to_string(),
        };
        ArticleKey(format!("url:{text}"))
    }

    /// The key of an article whose text is `text` (a file, standard input).
    pub fn for_text(text: &str) -> ArticleKey {
        let mut hasher = Sha256::new();
        let mut pending_space = false;
        let mut started = false;
        let mut buf = [0u8; 4];
        for c in text.nfc() {
            if c.is_whitespace() {
                pending_space = started;
                continue;
            }
            if pending_space {
                hasher.update(b" ");
                pending_space = false;
            }
            started = true;
            hasher.update(c.encode_utf8(&mut buf).as_bytes());
        }
        let digest = hasher.finalize();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        ArticleKey(format!("text:sha256:{hex}"))
    }

    /// The key as it is stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_the_same_article() {
        let a = ArticleKey::for_text("Xin chào.\r\n\r\nHôm nay  trời đẹp.\n");
        let b = ArticleKey::for_text("  Xin chào.\n\nHôm nay trời đẹp.");
        assert_eq!(a, b);
        // NFD (combining marks) and NFC spell the same text.
        let nfd: String = "Hôm nay trời đẹp.".nfd().collect();
        assert_eq!(
            ArticleKey::for_text(&nfd),
            ArticleKey::for_text("Hôm nay trời đẹp.")
        );
        assert_ne!(a, ArticleKey::for_text("Xin chào. Hôm nay trời mưa."));
        // Stable across releases: a fixed digest, not std's DefaultHasher.
        assert_eq!(
            ArticleKey::for_text("abc").as_str(),
            "text:sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn addresses_lose_their_fragment() {
        assert_eq!(
            ArticleKey::for_url("https://bao.example.vn/tin.html#binh-luan"),
            ArticleKey::for_url("https://bao.example.vn/tin.html")
        );
        assert_eq!(
            ArticleKey::for_url("https://bao.example.vn/tin.html").as_str(),
            "url:https://bao.example.vn/tin.html"
        );
        assert_ne!(
            ArticleKey::for_url("https://bao.example.vn/a.html"),
            ArticleKey::for_url("https://bao.example.vn/b.html")
        );
    }
}
