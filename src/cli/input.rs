//! Reading the document named on the command line.

use std::io::IsTerminal;

use anyhow::{Result, bail};
use docbao::Document;

use crate::args::InputArgs;

/// Reads the file named by `args`, or standard input for `-` or when text is piped in.
pub fn read_document(args: &InputArgs) -> Result<Document> {
    let lang = args.lang.lang();
    match &args.input {
        Some(path) if path.as_os_str() != "-" => Ok(Document::from_path(path, lang)?),
        given => {
            let stdin = std::io::stdin();
            if given.is_none() && stdin.is_terminal() {
                bail!(NoInput);
            }
            Ok(Document::from_reader(stdin.lock(), lang, "standard input")?)
        }
    }
}

/// No file was named and nothing is piped in.
#[derive(Debug, thiserror::Error)]
#[error("no text to read: name a file, or pipe text into docbao")]
pub struct NoInput;
