//! From the article's text to what the engine is given: sentences, then their spoken form.

mod abbreviations;
pub mod en;
mod long;
mod normalize;
mod segment;
pub mod vi;

use std::ops::Range;

pub use long::MAX_SENTENCE_CHARS;
pub use normalize::{Region, normalize, normalize_for};
pub use segment::segment;

/// A sentence of the document: the unit of navigation and of subtitles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Position in the document, from 0.
    pub index: usize,
    /// Index of the [`Block`](crate::Block) it belongs to.
    pub block: usize,
    /// Byte range in [`Document::text`](crate::Document::text), trimmed.
    pub span: Range<usize>,
    /// The sentence as displayed: its source text with line breaks and runs of whitespace
    /// turned into single spaces.
    pub text: String,
}
