//! Any bytes as a web page: article extraction, chrome removal and segmentation never panic
//! or hang, spans stay on character boundaries, and no terminal control survives.

#![no_main]

use docbao::article::{ArticleOptions, Format};
use docbao::{Document, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ArticleOptions {
        format: Some(Format::Html),
        ..ArticleOptions::default()
    };
    let Ok(doc) = Document::from_bytes_with(data, "fuzz", &options) else {
        return;
    };
    assert!(
        !doc.text().chars().any(docbao::article::controls::is_control),
        "{:?}",
        doc.text()
    );
    for block in doc.blocks() {
        assert!(doc.text().get(block.span.clone()).is_some());
    }
    for sentence in text::segment(&doc) {
        assert!(doc.text().get(sentence.span.clone()).is_some());
        assert!(sentence.text.chars().count() <= text::MAX_SENTENCE_CHARS);
    }
});
