//! `docbao voices`: the voice catalog as a table.

use std::collections::HashMap;
use std::io::Write;

use anyhow::{Result, bail};
use docbao::voice::Origin;
use docbao::{EngineKind, Voice, Voices, synth};
use unicode_width::UnicodeWidthStr;

use crate::args::VoicesArgs;
use crate::catalog_args::VoicesAction;
use crate::safe::say;

pub fn run(args: &VoicesArgs, out: &mut dyn Write) -> Result<()> {
    match &args.action {
        Some(VoicesAction::Available(args)) => return crate::catalog::run(args, out),
        Some(VoicesAction::Install(args)) => return crate::install::install(args),
        Some(VoicesAction::Remove(args)) => return crate::install::remove(args),
        None => {}
    }
    let voices = Voices::builtin().and_user();
    for problem in voices.problems() {
        say!("docbao: warning: {problem}");
    }
    // Each language's default voice, and why it is the default.
    let defaults: HashMap<String, String> = voices
        .iter()
        .filter_map(|v| {
            let lang = v.lang();
            let default = voices.default_for(&lang).ok()?;
            let reason = voices.default_reason(&lang)?;
            Some((default.id, format!("default for {lang}: {reason}")))
        })
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
        [
            "ID",
            "NAME",
            "LANGUAGE",
            "GENDER",
            "ENGINE",
            "QUALITY",
            "SPEAKERS",
            "AVAILABLE",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for voice in shown {
        let available = match (synth::check(voice), defaults.get(&voice.id)) {
            (Ok(()), Some(why)) => format!("yes ({why})"),
            (Ok(()), None) => "yes".into(),
            (Err(reason), _) => format!("no: {reason}"),
        };
        rows.push(vec![
            voice.id.clone(),
            voice.name.clone(),
            voice.language.clone(),
            voice.gender.to_string(),
            voice.engine.to_string(),
            quality(voice),
            speakers(voice),
            available,
        ]);
    }
    write_table(out, &rows)?;
    if service {
        crate::system_voices::write(args.lang.as_ref(), args.gender, out)?;
    }
    Ok(())
}

/// A catalog voice's quality (`x_low` … `high`); `-` for others.
fn quality(voice: &Voice) -> String {
    match &voice.origin {
        Origin::Installed(installed) => installed.entry.quality.clone(),
        _ => "-".into(),
    }
}

/// How many speakers, with their names for a few: `3 (an, binh, chi)`.
fn speakers(voice: &Voice) -> String {
    match &voice.origin {
        Origin::Installed(installed) if installed.entry.num_speakers > 1 => {
            let names = installed.entry.speaker_names();
            let n = installed.entry.num_speakers;
            match names.len() {
                0 => n.to_string(),
                1..=4 => format!("{n} ({})", names.join(", ")),
                _ => format!("{n} ({}, …)", names[..3].join(", ")),
            }
        }
        _ => "1".into(),
    }
}

fn filter<T: std::fmt::Display>(label: &str, value: &Option<T>) -> String {
    value
        .as_ref()
        .map(|v| format!("{label}{v}"))
        .unwrap_or_default()
}

/// Columns separated by at least two spaces, aligned by display width.
pub fn write_table(out: &mut dyn Write, rows: &[Vec<String>]) -> std::io::Result<()> {
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
