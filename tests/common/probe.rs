//! What ffprobe (Debian's ffmpeg) reads from an audio file: its duration, tags and chapters.

use std::path::Path;
use std::process::Command;

/// ffprobe's JSON for `path` (format, streams, chapters); `None` without ffprobe outside CI.
pub fn probe(path: &Path) -> Option<serde_json::Value> {
    let output = match Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_format",
            "-show_streams",
            "-show_chapters",
            "-of",
            "json",
        ])
        .arg(path)
        .output()
    {
        Ok(output) => output,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: no ffprobe ({e}); `scripts/setup --test` installs ffmpeg");
            return None;
        }
        Err(e) => panic!("ffprobe: {e}; `scripts/setup --test` installs ffmpeg"),
    };
    assert!(
        output.status.success(),
        "ffprobe {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).expect("ffprobe's JSON"))
}

/// The duration ffprobe reads from `path`, in seconds; `None` without ffprobe (outside CI).
pub fn duration(path: &Path) -> Option<f64> {
    let json = probe(path)?;
    let text = json["format"]["duration"]
        .as_str()
        .unwrap_or_else(|| panic!("no duration for {}: {json}", path.display()));
    Some(text.parse().expect("a number of seconds"))
}

/// The seconds of audio ffmpeg decodes from `path` (for streams, whose header does not say).
pub fn decoded_seconds(path: &Path) -> Option<f64> {
    let pcm = ffmpeg_pcm(path, &["-ar", "48000"])?;
    Some(pcm.len() as f64 / 2.0 / 48000.0)
}

/// The samples ffmpeg decodes from `path`, mono 16-bit at the file's own rate; `None` without
/// ffmpeg (outside CI).
pub fn decoded_samples(path: &Path) -> Option<Vec<i16>> {
    let pcm = ffmpeg_pcm(path, &[])?;
    Some(
        pcm.chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect(),
    )
}

/// What ffmpeg decodes from `path` as mono 16-bit little-endian PCM, with `options` (a rate)
/// before the output; `None` without ffmpeg (outside CI).
fn ffmpeg_pcm(path: &Path, options: &[&str]) -> Option<Vec<u8>> {
    let output = match Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args(["-f", "s16le", "-ac", "1"])
        .args(options)
        .arg("-")
        .output()
    {
        Ok(output) => output,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: no ffmpeg ({e}); `scripts/setup --test` installs it");
            return None;
        }
        Err(e) => panic!("ffmpeg: {e}; `scripts/setup --test` installs it"),
    };
    assert!(
        output.status.success(),
        "ffmpeg {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    Some(output.stdout)
}

/// A tag of the file, looked for in the format's tags and then the first stream's, by its name
/// in any case (ffmpeg spells ID3's `title`, Vorbis' `TITLE`).
pub fn tag(json: &serde_json::Value, name: &str) -> Option<String> {
    let find = |tags: &serde_json::Value| {
        tags.as_object()?
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .and_then(|(_, value)| value.as_str().map(str::to_string))
    };
    find(&json["format"]["tags"]).or_else(|| find(&json["streams"][0]["tags"]))
}

/// The chapters: (start in seconds, title).
pub fn chapters(json: &serde_json::Value) -> Vec<(f64, String)> {
    json["chapters"]
        .as_array()
        .map(|chapters| {
            chapters
                .iter()
                .map(|c| {
                    (
                        c["start_time"].as_str().unwrap().parse().unwrap(),
                        c["tags"]["title"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
