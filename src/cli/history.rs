//! `docbao history`: the articles read lately, newest first, one line each — plain text that
//! a screen reader reads well.

use std::io::Write;
use std::time::{Duration, SystemTime};

use anyhow::Result;
use docbao::state::{Entry, StateError, Store};

use crate::args::HistoryArgs;

pub fn run(args: &HistoryArgs, out: &mut impl Write) -> Result<()> {
    let store = Store::open_default()?;
    if args.clear {
        let count = store.clear()?;
        let s = if count == 1 { "" } else { "s" };
        writeln!(out, "forgot {count} article{s}")?;
        return Ok(());
    }
    let entries = match store.recent(args.limit as usize) {
        Ok(entries) => entries,
        Err(error @ StateError::Unreadable { .. }) => {
            crate::safe::say!("docbao: warning: {error}");
            Vec::new()
        }
        Err(error) => return Err(error.into()),
    };
    if entries.is_empty() {
        writeln!(out, "no articles read yet")?;
    }
    let now = SystemTime::now();
    for entry in &entries {
        writeln!(out, "{}", line(entry, now))?;
    }
    Ok(())
}

/// `Title — sentence 12/37 (32%) — 5 minutes ago — /home/lan/tin.txt`.
fn line(entry: &Entry, now: SystemTime) -> String {
    let progress = if entry.finished {
        "finished (100%)".to_string()
    } else {
        format!(
            "sentence {}/{} ({}%)",
            (entry.sentence + 1).min(entry.sentences.max(1)),
            entry.sentences,
            (entry.progress() * 100.0).floor()
        )
    };
    let title = if entry.title.is_empty() {
        "(no title)"
    } else {
        &entry.title
    };
    format!(
        "{title} — {progress} — {} — {}",
        ago(now.duration_since(entry.updated_at()).unwrap_or_default()),
        entry.source
    )
}

/// `just now`, `5 minutes ago`, `3 hours ago`, `yesterday`, `12 days ago`.
fn ago(age: Duration) -> String {
    let minutes = age.as_secs() / 60;
    let (n, unit) = match minutes {
        0 => return "just now".into(),
        1..60 => (minutes, "minute"),
        60..1440 => (minutes / 60, "hour"),
        1440..2880 => return "yesterday".into(),
        _ => (minutes / 1440, "day"),
    };
    let s = if n == 1 { "" } else { "s" };
    format!("{n} {unit}{s} ago")
}

#[cfg(test)]
mod tests {
    use super::*;
    use docbao::state::ArticleKey;

    #[test]
    fn one_plain_line_per_article() {
        let mut entry = Entry::new(ArticleKey::for_text("a"), "Tin sáng", "/tmp/tin.txt", 37);
        entry.sentence = 11;
        let now = entry.updated_at() + Duration::from_secs(300);
        assert_eq!(
            line(&entry, now),
            "Tin sáng — sentence 12/37 (29%) — 5 minutes ago — /tmp/tin.txt"
        );
        entry.finished = true;
        assert!(line(&entry, now).contains("— finished (100%) —"));
    }

    #[test]
    fn ages_in_words() {
        let min = |m: u64| ago(Duration::from_secs(m * 60));
        assert_eq!(ago(Duration::from_secs(20)), "just now");
        assert_eq!(min(1), "1 minute ago");
        assert_eq!(min(59), "59 minutes ago");
        assert_eq!(min(120), "2 hours ago");
        assert_eq!(min(1500), "yesterday");
        assert_eq!(min(1440 * 12), "12 days ago");
    }
}
