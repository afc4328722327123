//! Any line as a plain-mode command (what `docbao read --plain` takes on standard input):
//! parsing never panics, and a parsed command prints as words that parse back to a command
//! printed the same (numbers are shown rounded: `volume .1` is shown `volume 0`).

#![no_main]

use docbao::Command;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(command) = line.parse::<Command>() {
        let shown = command.to_string();
        let again = shown.parse::<Command>();
        assert_eq!(
            again.as_ref().map(ToString::to_string).ok(),
            Some(shown.clone()),
            "{line:?} → {command:?} shown as {shown:?} → {again:?}"
        );
    }
});
