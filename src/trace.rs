//! Start-up timing marks for measuring where the time to the first sound goes: with
//! `DOCBAO_TRACE` set in the environment, each mark is one line on standard error,
//! `docbao-trace MILLISECONDS WHAT`, the wall-clock time since the Unix epoch (to line up
//! with a sound server's capture). Without it, a mark costs one relaxed atomic load.

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

/// Whether marks are printed: read once.
fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DOCBAO_TRACE").is_some_and(|v| !v.is_empty()))
}

/// Prints a timing mark when `DOCBAO_TRACE` is set (see the module's documentation).
#[doc(hidden)]
pub fn mark(what: &str) {
    if enabled() {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        eprintln!("docbao-trace {:.3} {what}", now.as_secs_f64() * 1000.0);
    }
}
