//! The binary's edge: every error as one sentence on stderr, a hint where one helps, and an
//! exit code.

use std::io;
use std::process::ExitCode;

use docbao::article::FetchError;
use docbao::voice::InstallError;
use docbao::{AudioError, Error, ExportError, InputError, SynthError, VoiceError};

use crate::input::NoInput;
use crate::messages::{Language, language, tr};
use docbao::config::ConfigError;

/// Exit code for a run stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells do).
pub const INTERRUPTED: u8 = 130;

/// Prints `error` as `docbao: <sentence>` plus an optional `hint:` line; returns the exit code.
pub fn report(error: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(error) {
        // The reader went away (`docbao segment … | head`): not an error.
        return ExitCode::SUCCESS;
    }
    match in_vietnamese(error) {
        Some((sentence, hint)) => {
            eprintln!("docbao: {}", crate::safe::visible(&sentence));
            if let Some(hint) = hint {
                eprintln!("gợi ý: {}", crate::safe::visible(&hint));
            }
        }
        None => {
            eprintln!("docbao: {}", crate::safe::visible(&error.to_string()));
            if let Some(hint) = hint(error) {
                eprintln!("hint: {}", crate::safe::visible(&hint));
            }
        }
    }
    match (
        error.downcast_ref::<Error>(),
        error.downcast_ref::<InstallError>(),
    ) {
        (Some(Error::Cancelled), _) | (_, Some(InstallError::Cancelled { .. })) => {
            ExitCode::from(INTERRUPTED)
        }
        _ => ExitCode::FAILURE,
    }
}

/// The errors a listener meets most, and their hints, in Vietnamese when the messages are;
/// `None` for English and for the rest (said in English).
fn in_vietnamese(error: &anyhow::Error) -> Option<(String, Option<String>)> {
    if language() != Language::Vi {
        return None;
    }
    if error.downcast_ref::<NoInput>().is_some() {
        return Some((tr!("err-no-input"), None));
    }
    if let Some(ConfigError::Invalid {
        path,
        line,
        message,
    }) = error.downcast_ref()
    {
        let path = path.display().to_string();
        let said = tr!(
            "err-config",
            path = path,
            line = *line,
            message = message.as_str()
        );
        return Some((said, Some(tr!("hint-config"))));
    }
    let input = match error.downcast_ref::<Error>() {
        Some(Error::Input(e)) => Some(e),
        Some(Error::NothingToSay) => {
            return Some((tr!("err-nothing-to-say"), Some(tr!("hint-nothing-to-say"))));
        }
        Some(Error::Audio(AudioError::NoDevice)) => {
            return Some((tr!("err-no-device"), Some(tr!("hint-no-device"))));
        }
        Some(Error::Audio(AudioError::NotResponding(wait))) => {
            let said = tr!("err-not-responding", seconds = wait.as_secs());
            return Some((said, Some(tr!("hint-sound-server"))));
        }
        _ => error.downcast_ref::<InputError>(),
    };
    match input? {
        InputError::NotFound { origin } => Some((
            tr!("err-not-found", origin = origin.as_str()),
            Some(tr!("hint-not-found")),
        )),
        InputError::Empty { origin } if origin == "standard input" => Some((
            tr!("err-empty", origin = "Văn bản đưa vào (standard input)"),
            None,
        )),
        InputError::Empty { origin } => Some((tr!("err-empty", origin = origin.as_str()), None)),
        _ => None,
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

fn hint(error: &anyhow::Error) -> Option<String> {
    if let Some(ConfigError::Invalid { .. }) = error.downcast_ref() {
        return Some(tr!("hint-config"));
    }
    if error.downcast_ref::<NoInput>().is_some() {
        return Some("docbao render article.txt -o article.wav   or   docbao render https://… -o article.wav".into());
    }
    let error = match error.downcast_ref::<Error>() {
        Some(Error::Input(e)) => return input_hint(e),
        Some(Error::Voice(e)) => return voice_hint(e),
        Some(Error::Synth(e)) => return synth_hint(e),
        Some(Error::Export(e)) => return export_hint(e),
        Some(Error::NothingToSay) => {
            return Some("check the text with `docbao segment FILE`".into());
        }
        Some(Error::Audio(AudioError::NoDevice)) => {
            return Some("use --output FILE.wav to save the reading instead of playing it".into());
        }
        Some(Error::Audio(_)) => {
            return Some(
                "check that the sound server (PulseAudio or PipeWire) runs, or use --output FILE.wav".into(),
            );
        }
        Some(Error::Cancelled) | None => error,
    };
    if let Some(e) = error.downcast_ref::<InputError>() {
        return input_hint(e);
    }
    if let Some(e) = error.downcast_ref::<VoiceError>() {
        return voice_hint(e);
    }
    if let Some(e) = error.downcast_ref::<InstallError>() {
        return install_hint(e);
    }
    None
}

fn install_hint(error: &InstallError) -> Option<String> {
    let hint = match error {
        InstallError::Offline { .. } => {
            "check that this computer is online; behind a proxy set HTTPS_PROXY, or use a mirror with --voices-url URL"
        }
        InstallError::NotFound { .. } | InstallError::BadCatalog { .. } => {
            "the catalog's address (--voices-url or DOCBAO_VOICES_URL) must be the folder that holds voices.json"
        }
        InstallError::Stalled { .. } => {
            "try again later (the same command resumes), or wait longer with --timeout SECONDS"
        }
        InstallError::ConnectionLost { .. } | InstallError::Status { .. } => {
            "run the same command again: it resumes where it stopped"
        }
        InstallError::Checksum { .. } | InstallError::Size { .. } => {
            "run the same command again; if it fails again, the server holds another file than the catalog says"
        }
        InstallError::DiskFull { .. } => "free some space, then run the same command again",
        InstallError::UnknownVoice { .. } | InstallError::NoRecommendation { .. } => {
            "`docbao voices available` lists the catalog's voices"
        }
        InstallError::NotInstalled { .. } => {
            "`docbao voices --engine piper` lists the installed voices"
        }
        InstallError::BadBaseUrl { .. } => {
            "give the address of the folder that holds voices.json, e.g. https://example.org/piper-voices/"
        }
        _ => return None,
    };
    Some(hint.into())
}

fn input_hint(error: &InputError) -> Option<String> {
    match error {
        InputError::InvalidUtf8 { .. } | InputError::InvalidUtf16 { .. } => Some(
            "docbao reads UTF-8 text; convert older Vietnamese files first, e.g. `iconv -f WINDOWS-1258 -t UTF-8 FILE`".into(),
        ),
        InputError::Binary { .. } => Some("give docbao a text file (.txt); documents and pages need saving as text first".into()),
        InputError::NotFound { .. } => Some("check the file name and the folder you are in".into()),
        InputError::FontEncoding { .. } => Some(
            "convert the page to Unicode first (UniKey's converter does TCVN3 and VNI), then give docbao the converted file".into(),
        ),
        InputError::Fetch(e) => fetch_hint(e),
        InputError::TooLarge { .. } => Some(
            "an article is much smaller: give docbao the article itself, or a part of the file (e.g. `head -c 1M FILE | docbao read -`)".into(),
        ),
        _ => None,
    }
}

fn fetch_hint(error: &FetchError) -> Option<String> {
    let hint = match error {
        FetchError::UnsupportedScheme { .. } => {
            "download the file first and give docbao the downloaded file"
        }
        FetchError::BadUrl { .. } => "web addresses look like https://example.com/article.html",
        FetchError::Dns { .. } => {
            "check the address for typing mistakes, and that this computer is online"
        }
        FetchError::Connect { .. } => "check the address and that this computer is online",
        FetchError::Timeout { .. } => "try again later, or give it longer with --timeout SECONDS",
        FetchError::Status { status, .. } if (400..500).contains(status) => {
            "check the address; if the page opens in a browser, save it (Ctrl+S) and give docbao the saved file"
        }
        FetchError::Status { .. } => "the fault is the server's: try again later",
        FetchError::TooManyRedirects { .. } | FetchError::RedirectLoop { .. } => {
            "open the address in a browser, save the page and give docbao the saved file"
        }
        FetchError::NotHtml { .. } => "give docbao the address of a web page or a text file",
        FetchError::TooLarge { .. } => "save the article's page and give docbao the saved file",
        FetchError::Tls { .. } => "the server's certificate is not trusted; check the address",
        _ => return None,
    };
    Some(hint.into())
}

fn voice_hint(error: &VoiceError) -> Option<String> {
    match error {
        VoiceError::Unknown { .. } => Some("`docbao voices` lists every voice".into()),
        VoiceError::NoneForLanguage { .. } => {
            Some("choose a voice with --voice (see `docbao voices`), or give the language with --lang vi|en".into())
        }
        VoiceError::BadEspeakSpec(_) => Some("`espeak-ng --voices` lists espeak-ng's voices, e.g. --voice espeak:de".into()),
        VoiceError::OneSpeaker { .. } => Some("`docbao voices` shows how many speakers each voice has".into()),
        VoiceError::BadPiperFile(_) => {
            Some("a Piper voice is a .onnx file with its .onnx.json beside it; see README, \"Neural voices\"".into())
        }
    }
}

fn synth_hint(error: &SynthError) -> Option<String> {
    match error {
        SynthError::Unavailable {
            engine: "system", ..
        } => Some(
            "build with `--features system` (scripts/setup --system) and start Speech Dispatcher, or choose another voice: `docbao voices`"
                .into(),
        ),
        SynthError::NoSuchVoice {
            engine: "system", ..
        } => Some("`docbao voices --engine system` lists the speech service's voices".into()),
        SynthError::Unavailable {
            engine: "command", ..
        } => Some("install the program, or fix the profile's [command] program".into()),
        // The piper engine's reasons name README's section on neural voices already.
        SynthError::Unavailable {
            engine: "piper", ..
        } => None,
        SynthError::Unavailable { .. } => {
            Some("install espeak-ng's data: `sudo apt-get install espeak-ng-data`".into())
        }
        SynthError::NoSuchVoice { .. } => {
            Some("`espeak-ng --voices` lists the voices this machine has".into())
        }
        _ => None,
    }
}

fn export_hint(error: &ExportError) -> Option<String> {
    match error {
        ExportError::IsDirectory { path } => Some(format!(
            "give a file name, e.g. {}",
            path.join("article.wav").display()
        )),
        ExportError::Io { source, .. } if source.kind() == io::ErrorKind::PermissionDenied => {
            Some("choose a folder you can write to".into())
        }
        ExportError::Terminal => Some(
            "write to a file with -o FILE, or pipe it into a player: `docbao render ARTICLE -o - | mpv -`".into(),
        ),
        ExportError::NoSuchDirectory { dir, .. } if !dir.exists() => {
            Some(format!("create the folder first: `mkdir -p {}`", dir.display()))
        }
        ExportError::LinkLoop { .. } => Some("check where the link points: `ls -l FILE`".into()),
        ExportError::UnknownAudioFormat { path } => Some(format!(
            "write a WAV and convert it, e.g. `docbao render ARTICLE -o article.wav && ffmpeg -i article.wav {}`",
            path.display()
        )),
        _ => None,
    }
}
