//! What the benchmarks share.

use std::path::{Path, PathBuf};

/// The text to measure with: the first argument that is not a flag, or the user's sample
/// article beside the project. Exits with a sentence when it is not there.
pub fn text_to_read(bench: &str) -> PathBuf {
    let text = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples/hai-duong-dien-bien.txt")
        });
    if !text.is_file() {
        eprintln!(
            "benchmark text {} not found; pass a text file: cargo bench --bench {bench} -- FILE",
            text.display()
        );
        std::process::exit(1);
    }
    text
}
