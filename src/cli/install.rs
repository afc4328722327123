//! `docbao voices install` and `docbao voices remove`: a natural voice in one command, and
//! gone in another.

use anyhow::Result;
use docbao::Voices;
use docbao::voice::InstallError;
use docbao::voice::catalog::{CatalogVoice, Unresolved};

use crate::catalog_args::{InstallArgs, RemoveArgs};
use crate::download_progress::DownloadReporter;
use crate::safe::say;

pub fn install(args: &InstallArgs) -> Result<()> {
    let installer = crate::catalog::installer(&args.catalog)?;
    let copy = crate::catalog::load(&installer, args.catalog.refresh)?;
    let voice = copy
        .catalog
        .resolve(&args.voice)
        .map_err(|unresolved| match unresolved {
            Unresolved::Unknown { query, suggestions } => {
                InstallError::UnknownVoice { query, suggestions }
            }
            Unresolved::NoRecommendation { lang, keys } => {
                InstallError::NoRecommendation { lang, keys }
            }
        })?;
    let already = installer
        .installed()
        .into_iter()
        .find(|v| v.entry.key == voice.key);
    if let Some(installed) = &already
        && &installed.entry == voice
        && !args.force
    {
        if !args.quiet {
            say!(
                "{} ({}) is installed already, in {}",
                voice.key,
                voice.display_name(),
                installed.dir.display()
            );
        }
        return Ok(());
    }
    if !args.quiet {
        say!(
            "installing {} ({}, {}) from {}",
            voice.key,
            voice.display_name(),
            megabytes(voice.download_size()),
            installer.base_url()
        );
    }
    let cancel = docbao::CancelToken::new();
    // Ctrl-C stops the download; what was received is kept for the next run.
    crate::signals::cancel(&cancel);
    let mut reporter = DownloadReporter::new(args.quiet);
    let result = installer.install(voice, &mut |p| reporter.update(p), &cancel);
    reporter.finish();
    crate::signals::exit();
    let installed = result?;
    if !args.quiet {
        let licence = installed
            .licence()
            .map(|l| format!("; licence (model card): {l}"))
            .unwrap_or_default();
        say!(
            "installed {}: {}{licence}",
            voice.key,
            describe(voice),
            //
        );
        say!("  in {}", installed.dir.display());
        let voices = Voices::builtin().and_user();
        let lang = voice.lang();
        match voices.default_for(&lang) {
            Ok(default) if default.id == voice.key => say!(
                "It is now the default voice for {lang}: docbao read ARTICLE uses it, or --voice {}",
                voice.key
            ),
            Ok(default) => say!(
                "Use it with --voice {} (the default for {lang} stays {}, {})",
                voice.key,
                default.id,
                default.name
            ),
            Err(_) => say!("Use it with --voice {}", voice.key),
        }
    }
    Ok(())
}

pub fn remove(args: &RemoveArgs) -> Result<()> {
    let installer = docbao::voice::install::Installer::local()?;
    let removed = installer.remove(&args.voice)?;
    say!(
        "removed {} ({}, {} freed)",
        removed.entry.key,
        removed.entry.display_name(),
        megabytes(removed.size())
    );
    Ok(())
}

/// `female, medium quality, 1 speaker, 63.2 MB`.
fn describe(voice: &CatalogVoice) -> String {
    let gender = voice.gender().map(|g| format!("{g}, ")).unwrap_or_default();
    let speakers = match voice.num_speakers {
        1 => "1 speaker".to_string(),
        n => format!("{n} speakers (choose one with --speaker N|NAME)"),
    };
    format!(
        "{}, {gender}{} quality, {speakers}, {}",
        voice.display_name(),
        voice.quality,
        megabytes(voice.download_size())
    )
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
