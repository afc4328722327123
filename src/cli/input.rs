//! Reading the document named on the command line: a file, a web address or standard input.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Result, bail};
use docbao::Document;
use docbao::article::{ArticleOptions, FetchOptions};

use crate::args::InputArgs;

/// Reads the file or web address named by `args`, or standard input for `-` or when text
/// is piped in.
pub fn read_document(args: &InputArgs) -> Result<Document> {
    let doc = read(args)?;
    for warning in doc.warnings() {
        crate::safe::say!("docbao: warning: {warning}");
    }
    Ok(doc)
}

fn read(args: &InputArgs) -> Result<Document> {
    load(args.input.as_deref(), args)
}

/// Reads `input` (a file or a web address; standard input for `None` or `-`) as `args` say,
/// printing nothing: the document's warnings are the caller's to show.
pub fn load(input: Option<&Path>, args: &InputArgs) -> Result<Document> {
    let options = ArticleOptions {
        lang: args.lang.lang(),
        format: args.format,
        raw: args.raw,
        skip_captions: args.skip_captions,
    };
    match input {
        Some(path) if path.as_os_str() != "-" => match path.to_str().filter(|p| is_address(p)) {
            Some(address) => {
                let fetch = FetchOptions {
                    timeout: args.timeout,
                    ..FetchOptions::default()
                };
                Ok(Document::fetch(address, &options, &fetch)?)
            }
            None => Ok(Document::from_path_with(path, &options)?),
        },
        given => {
            let stdin = std::io::stdin();
            if given.is_none() && stdin.is_terminal() {
                bail!(NoInput);
            }
            Ok(Document::from_reader_with(
                stdin.lock(),
                "standard input",
                &options,
            )?)
        }
    }
}

/// Whether the argument is a web address rather than a file name: it starts with a scheme
/// and `://` (`https://…`; also `ftp://…`, which is then refused by name).
pub fn is_address(arg: &str) -> bool {
    arg.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// The article's title: the page's, or its first line; `None` for an empty document.
pub fn title_of(doc: &Document) -> Option<String> {
    doc.title().map(str::to_string).or_else(|| {
        doc.blocks()
            .first()
            .and_then(|b| doc.text().get(b.span.clone()))
            .map(str::to_string)
    })
}

/// No file was named and nothing is piped in.
#[derive(Debug, thiserror::Error)]
#[error("no text to read: name a file or a web address, or pipe text into docbao")]
pub struct NoInput;

#[cfg(test)]
mod tests {
    use super::is_address;

    #[test]
    fn addresses_are_told_from_file_names() {
        assert!(is_address("https://bao.example.vn/tin.html"));
        assert!(is_address("http://127.0.0.1:8080/"));
        assert!(is_address("ftp://example.com/a.txt"));
        assert!(!is_address("bai-bao.txt"));
        assert!(!is_address("thu muc/a://b"));
        assert!(!is_address("C:\\bao\\tin.html"));
    }
}
