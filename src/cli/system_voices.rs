//! `docbao voices --engine system`: the speech service's own voices, grouped by language and
//! gender, beside the profiles that use them.

use std::io::Write;

use anyhow::{Result, bail};
use docbao::synth::system::{SystemVoice, list_voices};
use docbao::{Gender, Lang};

/// Writes one block per language: its voice names by gender, a line each.
pub fn write(lang: Option<&Lang>, gender: Option<Gender>, out: &mut dyn Write) -> Result<()> {
    let voices = match list_voices() {
        Ok(voices) => voices,
        Err(e) => bail!("{e}"),
    };
    let shown: Vec<&SystemVoice> = voices
        .iter()
        .filter(|v| lang.is_none_or(|lang| lang.matches(&v.language)))
        .filter(|v| gender.is_none_or(|g| v.gender == Some(g)))
        .collect();
    writeln!(
        out,
        "\nSpeech service voices ({} of {}; a profile names one in [system] voice = \"…\"):",
        shown.len(),
        voices.len()
    )?;
    let mut languages: Vec<&str> = shown.iter().map(|v| v.language.as_str()).collect();
    languages.dedup();
    for language in languages {
        let here: Vec<&&SystemVoice> = shown.iter().filter(|v| v.language == language).collect();
        writeln!(out, "{language} ({} voices)", here.len())?;
        for (label, wanted) in [
            ("female", Some(Gender::Female)),
            ("male", Some(Gender::Male)),
            ("not known", None),
        ] {
            let names: Vec<&str> = here
                .iter()
                .filter(|v| v.gender == wanted)
                .map(|v| v.name.as_str())
                .collect();
            if !names.is_empty() {
                writeln!(out, "  {label}: {}", names.join(", "))?;
            }
        }
    }
    Ok(())
}
