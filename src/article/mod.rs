//! The article: what the user gave, turned into a [`Document`] — its text, its blocks (title,
//! paragraphs) and its language.

mod input;
mod plain;

use std::io::Read;
use std::ops::Range;
use std::path::Path;

use crate::lang::Lang;

pub use input::InputError;

/// What a block of the article is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlockKind {
    /// The headline: a first line without a final full stop, followed by the article.
    Title,
    /// A paragraph of the body (or a line of its own: a dateline, a byline).
    Paragraph,
}

/// A title or paragraph: a byte span into [`Document::text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Title or paragraph.
    pub kind: BlockKind,
    /// Byte range in [`Document::text`], trimmed of surrounding whitespace.
    pub span: Range<usize>,
}

/// An article ready to be read: its text, its blocks in reading order and its language.
#[derive(Clone, Debug)]
pub struct Document {
    text: String,
    blocks: Vec<Block>,
    lang: Lang,
}

impl Document {
    /// Builds a document from plain text. `lang: None` recognises the language from the text.
    ///
    /// Fails with [`InputError::Empty`] when the text has no letter or digit to read.
    pub fn from_text(text: impl Into<String>, lang: Option<Lang>) -> Result<Document, InputError> {
        Self::build(text.into(), lang, "the text")
    }

    /// Builds a document from the bytes of a text file: UTF-8 (with or without a byte-order
    /// mark) or UTF-16 with a byte-order mark. `origin` names the input in error messages
    /// (`notes.txt`, `standard input`).
    pub fn from_bytes(
        bytes: &[u8],
        lang: Option<Lang>,
        origin: &str,
    ) -> Result<Document, InputError> {
        let text = input::decode(bytes, origin)?;
        Self::build(text, lang, origin)
    }

    /// Reads and builds a document from a text file.
    pub fn from_path(path: impl AsRef<Path>, lang: Option<Lang>) -> Result<Document, InputError> {
        let path = path.as_ref();
        let bytes = input::read_path(path)?;
        Self::from_bytes(&bytes, lang, &path.display().to_string())
    }

    /// Reads and builds a document from a reader (standard input, a socket, …).
    pub fn from_reader(
        mut reader: impl Read,
        lang: Option<Lang>,
        origin: &str,
    ) -> Result<Document, InputError> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|source| InputError::Read {
                origin: origin.to_string(),
                source,
            })?;
        Self::from_bytes(&bytes, lang, origin)
    }

    fn build(text: String, lang: Option<Lang>, origin: &str) -> Result<Document, InputError> {
        if !text.chars().any(char::is_alphanumeric) {
            return Err(InputError::Empty {
                origin: origin.to_string(),
            });
        }
        let blocks = plain::layout(&text);
        let lang = lang.unwrap_or_else(|| Lang::detect(&text));
        Ok(Document { text, blocks, lang })
    }

    /// The whole text, as given (decoded). Every span in docbao points into it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Title and paragraphs, in reading order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The language the document is read in.
    pub fn lang(&self) -> &Lang {
        &self.lang
    }

    /// The title, if the text starts with one.
    pub fn title(&self) -> Option<&str> {
        self.blocks
            .first()
            .filter(|block| block.kind == BlockKind::Title)
            .map(|block| &self.text[block.span.clone()])
    }
}
