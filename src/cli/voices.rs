//! `docbao voices`: the voice catalog as a table.

use std::collections::HashSet;
use std::io::Write;

use anyhow::{Result, bail};
use docbao::{EngineKind, Voice, Voices, synth};
use unicode_width::UnicodeWidthStr;

use crate::args::VoicesArgs;

pub fn run(args: &VoicesArgs, out: &mut dyn Write) -> Result<()> {
    let voices = Voices::builtin().and_user();
    for problem in voices.problems() {
        eprintln!("docbao: warning: {problem}");
    }
    let defaults: HashSet<String> = voices
        .iter()
        .filter_map(|v| voices.default_for(&v.lang()).ok())
        .map(|v| v.id)
        .collect();
    let shown: Vec<&Voice> = voices
        .iter()
        .filter(|v| {
            args.lang
                .as_ref()
                .is_none_or(|lang| lang.matches(&v.language))
        })
        .filter(|v| args.gender.is_none_or(|gender| v.gender == gender))
        .filter(|v| args.engine.is_none_or(|engine| v.engine == engine))
        .collect();
    let service = args.engine == Some(EngineKind::System);
    if shown.is_empty() && !service {
        bail!(
            "no voice matches{}{}{}",
            filter(" language ", &args.lang),
            filter(" gender ", &args.gender),
            filter(" engine ", &args.engine)
        );
    }
    let mut rows = vec![
        ["ID", "NAME", "LANGUAGE", "GENDER", "ENGINE", "AVAILABLE"]
            .map(String::from)
            .to_vec(),
    ];
    for voice in shown {
        let available = match synth::check(voice) {
            Ok(()) if defaults.contains(&voice.id) => format!("yes (default for {})", voice.lang()),
            Ok(()) => "yes".into(),
            Err(reason) => format!("no: {reason}"),
        };
        rows.push(vec![
            voice.id.clone(),
            voice.name.clone(),
            voice.language.clone(),
            voice.gender.to_string(),
            voice.engine.to_string(),
            available,
        ]);
    }
    write_table(out, &rows)?;
    if service {
        crate::system_voices::write(args.lang.as_ref(), args.gender, out)?;
    }
    Ok(())
}

fn filter<T: std::fmt::Display>(label: &str, value: &Option<T>) -> String {
    value
        .as_ref()
        .map(|v| format!("{label}{v}"))
        .unwrap_or_default()
}

/// Columns separated by at least two spaces, aligned by display width.
fn write_table(out: &mut dyn Write, rows: &[Vec<String>]) -> std::io::Result<()> {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < columns {
                line.push_str(&" ".repeat(widths[c] - cell.width() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
