//! Opus and MP3 go to standard output, a FIFO and a symbolic link's target: a stream as it is
//! made (the listener at the other end hears the first sentence before the last is
//! synthesized), complete (as long as the WAV render), and never a file put in place of the
//! FIFO or the link.
#![cfg(unix)]

mod common;

use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::process::Stdio;

use common::probe::{chapters, decoded_seconds, duration, probe};
use common::{Sandbox, fixture, stderr};

fn mkfifo(path: &std::path::Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo(3) with a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// Seconds of the WAV render of `article`, as ffprobe reads them.
fn wav_seconds(sandbox: &Sandbox, article: &str) -> Option<f64> {
    let output = sandbox.run(&["render", "-q", article, "-o", "reference.wav"]);
    assert!(output.status.success(), "{}", stderr(&output));
    duration(&sandbox.path("reference.wav"))
}

fn assert_same_length(seconds: f64, wav: f64, what: &str) {
    assert!(
        (seconds - wav).abs() <= wav / 100.0,
        "{what}: {seconds} s, the WAV {wav} s"
    );
}

#[test]
fn standard_output_gets_a_whole_stream_in_the_format_asked() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-sections.txt").display().to_string();
    let wav = wav_seconds(&sandbox, &article);
    for format in ["opus", "mp3"] {
        let output = sandbox.run(&[
            "render",
            "-q",
            &article,
            "-o",
            "-",
            "--audio-format",
            format,
        ]);
        assert!(output.status.success(), "{format}: {}", stderr(&output));
        let magic: &[u8] = if format == "opus" { b"OggS" } else { b"ID3" };
        assert!(output.stdout.starts_with(magic), "{format}");
        assert!(!sandbox.path("-").exists(), "a file named '-' was written");
        let saved = sandbox.path(&format!("streamed.{format}"));
        std::fs::write(&saved, &output.stdout).unwrap();
        if let (Some(wav), Some(seconds)) = (wav, decoded_seconds(&saved)) {
            assert_same_length(seconds, wav, format);
        }
    }
}

/// Reads `out` until `seen` says the bytes so far hold audio, and returns them.
fn read_until_audio(out: &mut impl Read, seen: impl Fn(&[u8]) -> bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 4096];
    while !seen(&bytes) {
        let n = out.read(&mut buffer).expect("read the stream");
        assert!(
            n > 0,
            "the stream ended before any audio: {} bytes",
            bytes.len()
        );
        bytes.extend_from_slice(&buffer[..n]);
    }
    bytes
}

/// Whether an Ogg page that holds audio (granule position past 0) has arrived.
fn has_audio_page(bytes: &[u8]) -> bool {
    bytes.windows(4).enumerate().any(|(at, w)| {
        w == b"OggS"
            && bytes.len() >= at + 14
            && u64::from_le_bytes(bytes[at + 6..at + 14].try_into().unwrap()) > 0
    })
}

#[test]
fn a_stream_starts_before_the_render_ends() {
    let sandbox = Sandbox::new();
    // A long article: minutes of speech, far more than the first page of audio.
    let paragraphs: Vec<String> = (1..=120)
        .map(|i| {
            format!(
                "Đoạn thứ {i} kể về một ngày ở thị trấn ven sông, khi các ghe hàng về chợ từ sáng sớm. \
                 Người dân trò chuyện về mùa nước nổi và giá cá đồng năm nay."
            )
        })
        .collect();
    std::fs::write(
        sandbox.path("long.txt"),
        format!("Một bài rất dài\n\n{}", paragraphs.join("\n\n")),
    )
    .unwrap();
    for (format, seen) in [
        ("opus", &has_audio_page as &dyn Fn(&[u8]) -> bool),
        // The ID3 tag, then a few seconds of 64 kbit/s frames.
        ("mp3", &|bytes: &[u8]| bytes.len() > 32 * 1024),
    ] {
        let mut child = sandbox
            .docbao()
            .args([
                "render",
                "-q",
                "long.txt",
                "-o",
                "-",
                "--audio-format",
                format,
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = child.stdout.take().unwrap();
        read_until_audio(&mut out, seen);
        assert!(
            child.try_wait().unwrap().is_none(),
            "{format}: docbao had finished the whole article before its first audio came out"
        );
        drop(out);
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[test]
fn a_fifo_named_for_a_format_is_streamed_in_it_and_stays_a_fifo() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-sections.txt").display().to_string();
    let wav = wav_seconds(&sandbox, &article);
    for name in ["pipe.opus", "pipe.mp3"] {
        let fifo = sandbox.path(name);
        mkfifo(&fifo);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        let output = sandbox.run(&["render", "-q", &article, "-o", name]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let bytes = reader.join().unwrap();
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
        let saved = sandbox.path(&format!("from-{name}"));
        std::fs::write(&saved, bytes).unwrap();
        if let (Some(wav), Some(seconds)) = (wav, decoded_seconds(&saved)) {
            assert_same_length(seconds, wav, name);
        }
    }
}

#[test]
fn a_link_to_a_compressed_file_is_followed_and_stays_a_link() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-sections.txt").display().to_string();
    std::fs::create_dir(sandbox.path("library")).unwrap();
    for name in ["news.opus", "news.mp3"] {
        let target = sandbox.path(&format!("library/{name}"));
        std::fs::write(&target, b"an old file").unwrap();
        std::os::unix::fs::symlink(format!("library/{name}"), sandbox.path(name)).unwrap();
        let output = sandbox.run(&["render", "-q", &article, "-o", name]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        assert!(
            std::fs::symlink_metadata(sandbox.path(name))
                .unwrap()
                .file_type()
                .is_symlink(),
            "{name} is no longer a link"
        );
        assert_ne!(std::fs::read(&target).unwrap(), b"an old file");
        if let Some(json) = probe(&target) {
            assert_eq!(chapters(&json).len(), 3, "{name}: {json}");
        }
    }
}
