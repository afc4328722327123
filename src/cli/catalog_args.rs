//! `docbao voices available|install|remove`, as clap sees them.

use std::time::Duration;

use clap::{Args, Subcommand};
use docbao::Lang;

/// What `docbao voices` does besides listing the voices docbao has.
#[derive(Debug, Subcommand)]
pub enum VoicesAction {
    /// List every voice of the Piper catalog, marking the installed ones and the one docbao
    /// recommends for each language.
    Available(AvailableArgs),
    /// Download a Piper voice from the catalog and install it: a catalog key
    /// (`vi_VN-vais1000-medium`) or a language (`vi`) for the voice docbao recommends.
    #[command(
        after_help = "Examples:\n  docbao voices install vi\n  docbao voices install vi_VN-vais1000-medium\n\n\
                      An interrupted download resumes where it stopped when the same command runs again.\n\
                      Proxies come from HTTPS_PROXY (and HTTP_PROXY, ALL_PROXY); NO_PROXY lists hosts reached directly."
    )]
    Install(InstallArgs),
    /// Remove an installed Piper voice.
    Remove(RemoveArgs),
}

/// Where the catalog is.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// The catalog's base address (the folder holding voices.json), for a mirror. Default:
    /// $DOCBAO_VOICES_URL, else the public catalog (rhasspy/piper-voices, v1.0.0).
    #[arg(long, value_name = "URL")]
    pub voices_url: Option<String>,
    /// Fetch the catalog again even if the cached copy is recent.
    #[arg(long)]
    pub refresh: bool,
    /// Give up when the server sends nothing for this many seconds.
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_seconds)]
    pub timeout: Duration,
}

#[derive(Debug, Args)]
pub struct AvailableArgs {
    /// Only voices for this language (`vi`, `en`, …).
    #[arg(long, value_name = "LANG", value_parser = Lang::parse)]
    pub lang: Option<Lang>,
    #[command(flatten)]
    pub catalog: CatalogArgs,
}

#[derive(Debug, Args)]
pub struct InstallArgs {
    /// A catalog key (`vi_VN-vais1000-medium`) or a language (`vi`).
    #[arg(value_name = "KEY|LANG")]
    pub voice: String,
    /// Install again even if it is installed already.
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub catalog: CatalogArgs,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The installed voice's key (see `docbao voices`).
    #[arg(value_name = "KEY")]
    pub voice: String,
}

fn parse_seconds(value: &str) -> Result<Duration, String> {
    let seconds: f64 = value
        .trim()
        .trim_end_matches('s')
        .parse()
        .map_err(|_| format!("'{value}' is not a number of seconds"))?;
    if seconds.is_finite() && (0.1..=3600.0).contains(&seconds) {
        Ok(Duration::from_secs_f64(seconds))
    } else {
        Err(format!(
            "'{value}' is out of range: give between 0.1 and 3600 seconds"
        ))
    }
}
