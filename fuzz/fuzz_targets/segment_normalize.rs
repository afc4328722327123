//! Any bytes through article reading, segmentation and normalization: no panic, no hang,
//! spans on character boundaries, Vietnamese output without ASCII digits and stable under a
//! second pass.

#![no_main]

use docbao::{Document, Lang, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = Document::from_bytes(data, None, "fuzz") else {
        return;
    };
    for sentence in text::segment(&doc) {
        assert!(doc.text().get(sentence.span.clone()).is_some());
        let spoken = text::normalize(&sentence.text, doc.lang());
        assert_eq!(text::normalize(&spoken, doc.lang()), spoken);
    }
    // The raw text as one Vietnamese sentence, whatever the detected language.
    if let Ok(raw) = std::str::from_utf8(data) {
        let spoken = text::normalize(raw, &Lang::Vi);
        assert!(!spoken.bytes().any(|b| b.is_ascii_digit()), "{raw:?} → {spoken:?}");
        assert_eq!(text::normalize(&spoken, &Lang::Vi), spoken);
    }
});
