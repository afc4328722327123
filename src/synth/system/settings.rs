//! The `[system]` table of a voice profile: which voice of the platform speech service.

use serde::Deserialize;

/// The `[system]` table of a profile: a voice of the platform speech service (Speech
/// Dispatcher on Linux), reached through the `tts` crate.
///
/// ```toml
/// [system]
/// voice = "vi"            # the service's voice name, as `docbao voices --engine system` lists
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemSettings {
    /// The service's voice name (`vi`, `vi-VN-X-SOUTH`, a variant such as `vi+Annie`).
    pub voice: String,
    /// Longest a sentence may take beyond its expected length before the service counts as
    /// stuck, in seconds.
    #[serde(default = "default_timeout")]
    pub timeout_secs: u32,
}

fn default_timeout() -> u32 {
    10
}

impl SystemSettings {
    /// Checks the table: one sentence saying what is wrong.
    pub fn check(&self) -> Result<(), String> {
        if self.voice.trim().is_empty() {
            return Err("[system] voice is empty".into());
        }
        if !(1..=600).contains(&self.timeout_secs) {
            return Err("[system] timeout_secs goes from 1 to 600".into());
        }
        Ok(())
    }
}
