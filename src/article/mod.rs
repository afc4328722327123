//! The article: what the user gave — plain text, an HTML page, a web address — turned into a
//! [`Document`]: its text, its blocks (title, dateline, paragraphs, captions, byline) in
//! reading order, and its language.
//!
//! - Plain text (a file, standard input, a paste of a web page) is split into paragraphs and
//!   cleaned of page chrome — player widgets, buttons, form fields, "related articles" lists —
//!   by the rules in [`clean`](self#page-chrome-in-pasted-text), which keep the text whenever
//!   they are unsure.
//! - HTML is reduced to the article with a Readability-style extractor (`dom_smoothie`); the
//!   page's title, dateline and lead are taken from the page around it.
//! - A web address is fetched over HTTP(S) ([`Document::fetch`], [`FetchOptions`]).
//!
//! Every document also carries its [`Metadata`] — title, site, author, date of publication,
//! address — for tagging audio files: see [`meta`] for where each comes from.
//!
//! # Page chrome in pasted text
//!
//! Each line is judged on its own shape and on where it stands: before the first line of
//! prose (the head), among the prose (the body), or after the article's end (the tail).
//!
//! - Anywhere: player timers (`0:00/ 0:00`), lines without a letter or digit (`/`, `•`),
//!   lines made only of interface words (`Chia sẻ`, `In bài`, `Share`, `Print`) and "see
//!   also" lines (`Xem thêm: …`, `Read more: …`).
//! - In the head: short labels and menu bullets next to other chrome (`Giọng nữ`,
//!   `• Giọng nữ`), breadcrumbs (`Trang chủ » Thời sự`), a run of menu items before the title.
//! - In the tail: a "related" or comment header (`Tin liên quan`, `CÓ THỂ BẠN QUAN TÂM`,
//!   `Ý kiến bình luận`, `Related stories`, an all-capitals heading) and what follows it, and
//!   clusters of form labels (`Họ và tên`, `Email`, `Lời bình`).
//!
//! The article ends at the Vietnamese end mark `./.` or, without one, at its last line of
//! prose; one or two name-shaped lines after it are the byline. A line of prose (eight words
//! or more ending a sentence) is never dropped by a rule that guesses from position; after
//! the article's end and a "related" header, everything goes.
//!
//! Photo captions are recognised by a photo credit (`Ảnh: …`, `(Ảnh minh họa)`, `Photo: …`)
//! or, in pasted text, by the no-break space that figure captions carry when copied from a
//! page; in HTML by `<figcaption>` and caption-classed cells.

mod charset;
mod clean;
pub mod controls;
#[cfg(feature = "fetch")]
mod fetch;
#[cfg(feature = "fetch")]
pub mod guard;
mod html;
mod input;
pub mod meta;
mod plain;
mod plausible;

use std::io::Read;
use std::ops::Range;
use std::path::Path;

use crate::lang::Lang;

#[cfg(feature = "fetch")]
pub use fetch::{FetchError, FetchOptions, Page, fetch_page};
#[cfg(feature = "fetch")]
pub use guard::{AddressPolicy, AllowedAddress};
pub use input::InputError;
pub use meta::Metadata;

/// What a block of the article is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlockKind {
    /// The headline: a first line without a final full stop, followed by the article.
    Title,
    /// A paragraph of the body (the lead included).
    Paragraph,
    /// The date (and time) the article was published, on a line of its own.
    Dateline,
    /// Who wrote the article, after its end (`Minh Anh`, `By Jo Marsh`).
    Byline,
    /// A photo caption. Read by default; [`ArticleOptions::skip_captions`] leaves it out.
    Caption,
    /// A section heading inside the article (`<h2>`…`<h6>`, or a short line without a final
    /// stop between paragraphs of pasted text): a chapter of a rendered file.
    Heading,
}

/// A title or paragraph: a byte span into [`Document::text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Title, paragraph, dateline, …
    pub kind: BlockKind,
    /// Byte range in [`Document::text`], trimmed of surrounding whitespace.
    pub span: Range<usize>,
}

/// What kind of input a document was made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text, possibly pasted from a web page.
    Text,
    /// An HTML page.
    Html,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(value: &str) -> Result<Format, String> {
        match value.to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Ok(Format::Text),
            "html" | "htm" => Ok(Format::Html),
            _ => Err(format!("'{value}' is not a format (expected text or html)")),
        }
    }
}

/// Page chrome: why a part of the text is not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Chrome {
    /// An audio player: its timer and its labels (`0:00/ 0:00`, `Giọng nữ`).
    Player,
    /// A line with nothing to say (`/`, `•`, `|`).
    Punctuation,
    /// Interface buttons: share, print, comment, save (`Chia sẻ`, `In bài`).
    Buttons,
    /// Site navigation: menus and breadcrumbs.
    Navigation,
    /// A "related articles" header, a "see also" line, and the list that follows.
    Related,
    /// A comment form and its field labels (`Họ và tên`, `Email`, `Lời bình`).
    CommentForm,
    /// A photo caption, left out on request ([`ArticleOptions::skip_captions`]).
    Caption,
}

/// A part of [`Document::text`] that is not read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    /// What it is.
    pub reason: Chrome,
    /// Byte range in [`Document::text`].
    pub span: Range<usize>,
}

/// How to read an input into a [`Document`].
#[derive(Clone, Debug, Default)]
pub struct ArticleOptions {
    /// The language; `None` recognises it from the text.
    pub lang: Option<Lang>,
    /// Plain text or HTML; `None` recognises it (file extension, content type, content).
    pub format: Option<Format>,
    /// Keep everything: no chrome removal in pasted text. HTML is still reduced to its
    /// visible text, but not to the article.
    pub raw: bool,
    /// Leave photo captions out.
    pub skip_captions: bool,
}

impl ArticleOptions {
    /// Default options with a fixed language (`None` recognises it).
    pub fn with_lang(lang: Option<Lang>) -> ArticleOptions {
        ArticleOptions {
            lang,
            ..ArticleOptions::default()
        }
    }
}

/// An article ready to be read: its text, its blocks in reading order and its language.
#[derive(Clone, Debug)]
pub struct Document {
    text: String,
    blocks: Vec<Block>,
    removed: Vec<Removed>,
    lang: Lang,
    format: Format,
    warnings: Vec<String>,
    metadata: Metadata,
}

impl Document {
    /// Builds a document from plain text, dropping page chrome (see the [module
    /// docs](self)). `lang: None` recognises the language from the text.
    ///
    /// Fails with [`InputError::Empty`] when the text has no letter or digit to read.
    pub fn from_text(text: impl Into<String>, lang: Option<Lang>) -> Result<Document, InputError> {
        Self::from_text_with(text, &ArticleOptions::with_lang(lang))
    }

    /// Builds a document from text with `options`; with `format: Some(Format::Html)` the
    /// text is taken for HTML.
    pub fn from_text_with(
        text: impl Into<String>,
        options: &ArticleOptions,
    ) -> Result<Document, InputError> {
        let text = text.into();
        match options.format {
            Some(Format::Html) => Self::from_html(&text, options),
            _ => Self::build_text(text, None, options, "the text"),
        }
    }

    /// Builds a document from an HTML page: the article's title, dateline, lead, body
    /// paragraphs, captions and byline in reading order, or the page's visible text when no
    /// article can be told from the rest.
    pub fn from_html(html: &str, options: &ArticleOptions) -> Result<Document, InputError> {
        Self::build_html(html, None, options, "the page")
    }

    /// Builds a document from the bytes of a file: HTML when it looks like HTML, text
    /// otherwise — UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order
    /// mark. `origin` names the input in error messages (`notes.txt`, `standard input`).
    pub fn from_bytes(
        bytes: &[u8],
        lang: Option<Lang>,
        origin: &str,
    ) -> Result<Document, InputError> {
        Self::from_bytes_with(bytes, origin, &ArticleOptions::with_lang(lang))
    }

    /// Builds a document from bytes with `options`.
    pub fn from_bytes_with(
        bytes: &[u8],
        origin: &str,
        options: &ArticleOptions,
    ) -> Result<Document, InputError> {
        let format = options.format.unwrap_or_else(|| input::sniff_format(bytes));
        Self::from_body(bytes, format, None, None, origin, options)
    }

    /// Reads and builds a document from a text or HTML file (`.html`/`.htm` files and files
    /// that start like HTML are HTML).
    pub fn from_path(path: impl AsRef<Path>, lang: Option<Lang>) -> Result<Document, InputError> {
        Self::from_path_with(path, &ArticleOptions::with_lang(lang))
    }

    /// Reads and builds a document from a file with `options`.
    pub fn from_path_with(
        path: impl AsRef<Path>,
        options: &ArticleOptions,
    ) -> Result<Document, InputError> {
        let path = path.as_ref();
        let bytes = input::read_path(path)?;
        let format = options
            .format
            .or_else(|| input::format_of_path(path))
            .unwrap_or_else(|| input::sniff_format(&bytes));
        Self::from_body(
            &bytes,
            format,
            None,
            None,
            &path.display().to_string(),
            options,
        )
    }

    /// Reads and builds a document from a reader (standard input, a socket, …).
    pub fn from_reader(
        reader: impl Read,
        lang: Option<Lang>,
        origin: &str,
    ) -> Result<Document, InputError> {
        Self::from_reader_with(reader, origin, &ArticleOptions::with_lang(lang))
    }

    /// Reads and builds a document from a reader with `options`.
    pub fn from_reader_with(
        reader: impl Read,
        origin: &str,
        options: &ArticleOptions,
    ) -> Result<Document, InputError> {
        let bytes = input::read_capped(reader, origin)?;
        Self::from_bytes_with(&bytes, origin, options)
    }

    /// Fetches a web page (`http://` or `https://` only) and builds a document from it, as
    /// HTML or plain text by its content type (feature `fetch`, on by default).
    #[cfg(feature = "fetch")]
    pub fn fetch(
        url: &str,
        options: &ArticleOptions,
        fetch_options: &FetchOptions,
    ) -> Result<Document, InputError> {
        let page = fetch::fetch_page(url, fetch_options)?;
        Self::from_page(&page, url, options)
    }

    /// Builds a document from a page fetched with [`fetch_page`] (the same document
    /// [`fetch`](Self::fetch) makes); `origin` names it in error messages (the address asked
    /// for).
    #[cfg(feature = "fetch")]
    pub fn from_page(
        page: &Page,
        origin: &str,
        options: &ArticleOptions,
    ) -> Result<Document, InputError> {
        let format = options.format.unwrap_or(page.format);
        Self::from_body(
            &page.body,
            format,
            page.charset.as_deref(),
            Some(&page.url),
            origin,
            options,
        )
    }

    fn from_body(
        bytes: &[u8],
        format: Format,
        charset: Option<&str>,
        url: Option<&url::Url>,
        origin: &str,
        options: &ArticleOptions,
    ) -> Result<Document, InputError> {
        match format {
            Format::Text => {
                let decoded = match charset {
                    Some(label) => charset::decode_declared(bytes, label, url, origin),
                    None => None,
                };
                let (text, warning) = match decoded {
                    Some(decoded) => (decoded.text, decoded.warning),
                    None => (input::decode(bytes, origin)?, None),
                };
                let mut doc = Self::build_text(text, url, options, origin)?;
                doc.warnings.extend(warning);
                Ok(doc)
            }
            Format::Html => {
                input::refuse_binary_html(bytes, origin)?;
                let decoded = charset::decode_html(bytes, charset, url, origin);
                charset::refuse_font_encodings(&decoded.text, origin)?;
                let mut doc = Self::build_html(&decoded.text, url, options, origin)?;
                doc.warnings.extend(decoded.warning);
                Ok(doc)
            }
        }
    }

    /// A document from plain text; `url` is where it was fetched from.
    fn build_text(
        text: String,
        url: Option<&url::Url>,
        options: &ArticleOptions,
        origin: &str,
    ) -> Result<Document, InputError> {
        let text = match controls::strip(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(clean) => clean,
        };
        if !text.chars().any(char::is_alphanumeric) {
            return Err(InputError::Empty {
                origin: origin.to_string(),
            });
        }
        let lines = plain::units(&text, plain::lines(&text));
        let roles = if options.raw {
            vec![plain::Role::Keep; lines.len()]
        } else {
            clean::classify(&text, &lines, options.skip_captions)
        };
        let (blocks, removed) = plain::assemble(&text, &lines, &roles);
        let mut doc = Self::finish(text, blocks, removed, options, Format::Text, origin)?;
        doc.describe(&meta::Found::default(), url);
        Ok(doc)
    }

    fn build_html(
        html: &str,
        url: Option<&url::Url>,
        options: &ArticleOptions,
        origin: &str,
    ) -> Result<Document, InputError> {
        let (extracted, about) = html::extract(html, url, options);
        let mut doc = match extracted {
            html::Extracted::Article(parts) => {
                let mut text = String::new();
                let mut hints = Vec::with_capacity(parts.len());
                for (kind, part) in parts {
                    if !text.is_empty() {
                        text.push_str("\n\n");
                    }
                    text.push_str(&controls::strip(&part));
                    hints.push(kind);
                }
                let lines = plain::units(&text, plain::lines(&text));
                let mut roles = clean::classify(&text, &lines, options.skip_captions);
                if hints.len() == lines.len() {
                    for (role, hint) in roles.iter_mut().zip(hints) {
                        *role = match hint {
                            BlockKind::Caption if options.skip_captions => {
                                plain::Role::Drop(Chrome::Caption)
                            }
                            BlockKind::Paragraph => *role,
                            // A heading the cleaner takes for chrome ("Tin liên quan") goes.
                            BlockKind::Heading if matches!(role, plain::Role::Drop(_)) => *role,
                            kind => plain::Role::Own(kind),
                        };
                    }
                }
                let (blocks, removed) = plain::assemble(&text, &lines, &roles);
                Self::finish(text, blocks, removed, options, Format::Html, origin)?
            }
            // No article to tell from the page: read its visible text as if pasted.
            html::Extracted::VisibleText(text) => {
                let mut doc = Self::build_text(text, url, options, origin)?;
                doc.format = Format::Html;
                doc
            }
        };
        doc.describe(&about, url);
        Ok(doc)
    }

    /// Sets the metadata from what the page said (`found`), the title and dateline blocks and
    /// the address the document was fetched from.
    fn describe(&mut self, found: &meta::Found, url: Option<&url::Url>) {
        let dateline = self
            .blocks
            .iter()
            .find(|block| block.kind == BlockKind::Dateline)
            .map(|block| &self.text[block.span.clone()]);
        self.metadata = meta::resolve(found, self.title(), dateline, url);
    }

    fn finish(
        text: String,
        blocks: Vec<Block>,
        removed: Vec<Removed>,
        options: &ArticleOptions,
        format: Format,
        origin: &str,
    ) -> Result<Document, InputError> {
        let readable = blocks
            .iter()
            .any(|block| text[block.span.clone()].chars().any(char::is_alphanumeric));
        if !readable {
            return Err(InputError::Empty {
                origin: origin.to_string(),
            });
        }
        let lang = options.lang.clone().unwrap_or_else(|| {
            let read: String = blocks
                .iter()
                .map(|block| &text[block.span.clone()])
                .collect::<Vec<_>>()
                .join("\n");
            Lang::detect(&read)
        });
        Ok(Document {
            text,
            blocks,
            removed,
            lang,
            format,
            warnings: Vec::new(),
            metadata: Metadata::default(),
        })
    }

    /// What the listener should know about the input: its declared character set was wrong,
    /// or its text does not read as text. One sentence each.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The whole text. For plain text, the text as given (decoded), chrome included; for
    /// HTML, the text extracted from the page. Every span in docbao points into it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Title and paragraphs (and datelines, captions, byline), in reading order. Page
    /// chrome is in no block.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The parts of [`text`](Self::text) that are not read, and why, in order.
    pub fn removed(&self) -> &[Removed] {
        &self.removed
    }

    /// The language the document is read in.
    pub fn lang(&self) -> &Lang {
        &self.lang
    }

    /// Whether the document was made from plain text or from HTML.
    pub fn format(&self) -> Format {
        self.format
    }

    /// What an audio file of the document is tagged with: title (the same as
    /// [`title`](Self::title) when there is a title block), site, author, date of publication
    /// and address, as far as the input tells them. See [`meta`] for where each comes from.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// The title, if the text starts with one.
    pub fn title(&self) -> Option<&str> {
        self.blocks
            .first()
            .filter(|block| block.kind == BlockKind::Title)
            .map(|block| &self.text[block.span.clone()])
    }
}
