//! Speed of the text front end: segment + normalize of a whole article.
//!
//! `cargo bench --bench text [-- FILE]`; the default text is the sample article beside the
//! project. Prints the median and best time of one full pass over many runs.

mod common;

use std::time::{Duration, Instant};

use docbao::{Document, text};

fn main() {
    let path = common::text_to_read("text");
    let doc = Document::from_path(&path, None).expect("readable article");
    let pass = || {
        let mut spoken = 0usize;
        for sentence in text::segment(&doc) {
            spoken += text::normalize(&sentence.text, doc.lang()).len();
        }
        spoken
    };
    // Warm up (the abbreviation tables are built on first use).
    let bytes = pass();
    let mut times: Vec<Duration> = (0..500)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(pass());
            start.elapsed()
        })
        .collect();
    times.sort();
    let segment_only = {
        let mut t: Vec<Duration> = (0..500)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(text::segment(&doc));
                start.elapsed()
            })
            .collect();
        t.sort();
        t[t.len() / 2]
    };
    println!(
        "text: {} ({} bytes, {} sentences, {} bytes spoken, lang {})",
        path.display(),
        doc.text().len(),
        text::segment(&doc).len(),
        bytes,
        doc.lang()
    );
    println!(
        "segment + normalize: median {:.3} ms, best {:.3} ms, worst {:.3} ms over {} runs (segment alone: median {:.3} ms)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len(),
        ms(segment_only)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
