//! `docbao segment` and `docbao normalize`: what will be read, one sentence per line.

use std::io::Write;

use anyhow::Result;
use docbao::text;

use crate::args::{InputArgs, NormalizeArgs};
use crate::input::read_document;

/// Prints the sentences as segmented.
pub fn segment(args: &InputArgs, out: &mut dyn Write) -> Result<()> {
    let doc = read_document(args)?;
    for sentence in text::segment(&doc) {
        writeln!(out, "{}", sentence.text)?;
    }
    Ok(())
}

/// Prints each sentence exactly as the engine will be given it; sentences with nothing to
/// say are not given to it and not printed.
pub fn normalize(args: &NormalizeArgs, out: &mut dyn Write) -> Result<()> {
    let doc = read_document(&args.input)?;
    if doc.lang().matches("vi") {
        crate::render::warn_about_abbreviations();
    }
    for sentence in text::segment(&doc) {
        let spoken = text::normalize_for(&sentence.text, doc.lang(), args.region);
        if !spoken.is_empty() {
            writeln!(out, "{spoken}")?;
        }
    }
    Ok(())
}
