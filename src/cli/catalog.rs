//! `docbao voices available`: the Piper catalog as a table, with what is installed and what
//! docbao recommends, and how old the catalog is.

use std::collections::HashSet;
use std::io::Write;
use std::time::Duration;

use anyhow::{Result, bail};
use docbao::voice::install::{CatalogCopy, Installer};
use docbao::voice::{InstallError, catalog::CatalogVoice};

use crate::catalog_args::{AvailableArgs, CatalogArgs};
use crate::safe::say;
use crate::voices::write_table;

/// The installer for the catalog `args` name.
pub fn installer(args: &CatalogArgs) -> Result<Installer, InstallError> {
    let installer = Installer::from_env()?.with_stall_timeout(args.timeout);
    match &args.voices_url {
        Some(url) => installer.with_base_url(url),
        None => Ok(installer),
    }
}

/// The catalog, saying on stderr where it comes from when it is not fresh from the server.
pub fn load(installer: &Installer, refresh: bool) -> Result<CatalogCopy, InstallError> {
    let copy = installer.catalog(refresh)?;
    if let Some(first) = copy.catalog.skipped().first() {
        say!(
            "docbao: warning: {} of the catalog's entries cannot be used ({first})",
            copy.catalog.skipped().len()
        );
    }
    if let Some(offline) = &copy.offline {
        say!(
            "docbao: offline ({offline}): using the catalog cached {}",
            ago(copy.age())
        );
    }
    Ok(copy)
}

pub fn run(args: &AvailableArgs, out: &mut dyn Write) -> Result<()> {
    let installer = installer(&args.catalog)?;
    let copy = load(&installer, args.catalog.refresh)?;
    let installed: HashSet<String> = installer
        .installed()
        .into_iter()
        .map(|v| v.entry.key)
        .collect();
    let shown: Vec<&CatalogVoice> = copy
        .catalog
        .voices()
        .filter(|v| args.lang.as_ref().is_none_or(|lang| &v.lang() == lang))
        .collect();
    if shown.is_empty() {
        bail!(
            "the catalog has no voice for the language '{}'",
            args.lang.as_ref().map(|l| l.tag()).unwrap_or_default()
        );
    }
    let fetched = if copy.offline.is_some() {
        format!("cached {} (offline)", ago(copy.age()))
    } else if copy.from_cache {
        format!("cached {}", ago(copy.age()))
    } else {
        "fetched just now".into()
    };
    writeln!(
        out,
        "Piper catalog {} ({fetched}): {} voices",
        copy.url,
        copy.catalog.voices().count()
    )?;
    let mut rows = vec![
        [
            "KEY", "LANGUAGE", "QUALITY", "SPEAKERS", "SIZE", "NAME", "STATUS",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for voice in &shown {
        let mut status = Vec::new();
        if installed.contains(&voice.key) {
            status.push("installed");
        }
        if voice.is_recommended() {
            status.push("recommended");
        }
        rows.push(vec![
            voice.key.clone(),
            voice.language_tag(),
            voice.quality.clone(),
            voice.num_speakers.to_string(),
            format!("{:.1} MB", voice.download_size() as f64 / 1e6),
            voice.display_name(),
            status.join(", "),
        ]);
    }
    write_table(out, &rows)?;
    if let Some(lang) = &args.lang
        && let Ok(recommended) = copy.catalog.resolve(lang.tag())
        && !installed.contains(&recommended.key)
    {
        writeln!(
            out,
            "Install the recommended voice with: docbao voices install {}",
            lang.tag()
        )?;
    }
    Ok(())
}

/// `just now`, `5 min ago`, `3 h ago`, `2 days ago`.
pub fn ago(age: Duration) -> String {
    let seconds = age.as_secs();
    match seconds {
        0..60 => "just now".into(),
        60..3600 => format!("{} min ago", seconds / 60),
        3600..86_400 => format!("{} h ago", seconds / 3600),
        86_400..172_800 => "1 day ago".into(),
        _ => format!("{} days ago", seconds / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages() {
        assert_eq!(ago(Duration::from_secs(5)), "just now");
        assert_eq!(ago(Duration::from_secs(300)), "5 min ago");
        assert_eq!(ago(Duration::from_secs(3 * 3600 + 5)), "3 h ago");
        assert_eq!(ago(Duration::from_secs(90_000)), "1 day ago");
        assert_eq!(ago(Duration::from_secs(3 * 86_400)), "3 days ago");
    }
}
