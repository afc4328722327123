//! No output destroys a file: devices and pipes are written through, links are followed,
//! an old file keeps its mode, audio and subtitles land together or not at all, and two
//! quick Ctrl-C leave nothing behind.
#![cfg(unix)]

mod common;

use std::ffi::CString;
use std::os::fd::AsRawFd;
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::process::{finish, pseudo_terminal, signal};
use common::{Sandbox, fixture, stderr};

fn article() -> String {
    fixture("vi-article.txt").display().to_string()
}

fn mkfifo(path: &Path) {
    let c = CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo(3) with a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// The samples of a streamed WAV (80-byte header, sizes unknown), checked.
fn streamed_samples(bytes: &[u8]) -> usize {
    assert!(bytes.len() > 80, "{} bytes", bytes.len());
    assert_eq!(&bytes[0..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WAVE");
    assert_eq!(&bytes[72..76], b"data");
    assert_eq!(
        u32::from_le_bytes(bytes[76..80].try_into().unwrap()),
        u32::MAX
    );
    (bytes.len() - 80) / 2
}

#[test]
fn a_device_is_written_through_not_replaced() {
    let sandbox = Sandbox::new();
    // A private null device (as root), else the system's.
    let private = sandbox.path("null");
    let c = CString::new(private.to_str().unwrap()).unwrap();
    // SAFETY: mknod(2) with a NUL-terminated path: character device 1,3 (null).
    let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) } == 0;
    let device = if made {
        private.display().to_string()
    } else {
        "/dev/null".to_string()
    };
    let output = sandbox.run(&["render", &article(), "-o", &device]);
    assert!(output.status.success(), "{}", stderr(&output));
    let kind = std::fs::symlink_metadata(&device).unwrap().file_type();
    assert!(kind.is_char_device(), "{device} is no longer a device");
    assert!(
        stderr(&output).contains(&format!("wrote {device}: ")),
        "{}",
        stderr(&output)
    );

    // A device that refuses: one sentence, and it stays a device.
    let output = sandbox.run(&["render", &article(), "-o", "/dev/full"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("docbao: cannot write /dev/full: No space left on device"),
        "{}",
        stderr(&output)
    );
    assert!(
        std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn a_fifo_and_standard_output_receive_a_streamed_wav() {
    let sandbox = Sandbox::new();
    let fifo = sandbox.path("audio.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let output = sandbox.run(&["render", "-q", &article(), "-o", "audio.fifo"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let through_fifo = streamed_samples(&reader.join().unwrap());
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );

    let output = sandbox.run(&["render", "-q", &article(), "-o", "-"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(streamed_samples(&output.stdout), through_fifo);
    assert!(!sandbox.path("-").exists(), "a file named '-' was written");

    // The same samples as a rendered file.
    let output = sandbox.run(&["render", "-q", &article(), "-o", "file.wav"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let (_, samples) = common::decode(&sandbox.path("file.wav"));
    assert_eq!(samples.len(), through_fifo);
}

#[test]
fn a_link_is_followed_and_the_old_mode_kept() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("real.wav"), b"old").unwrap();
    std::fs::set_permissions(
        sandbox.path("real.wav"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    symlink("real.wav", sandbox.path("link.wav")).unwrap();
    let output = sandbox.run(&["render", "-q", &article(), "-o", "link.wav"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let link = std::fs::symlink_metadata(sandbox.path("link.wav")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let real = std::fs::metadata(sandbox.path("real.wav")).unwrap();
    assert_eq!(real.permissions().mode() & 0o777, 0o600);
    let (rate, samples) = common::decode(&sandbox.path("real.wav"));
    assert!(rate > 0 && !samples.is_empty());

    // As root, a file of another user stays theirs.
    let theirs = sandbox.path("theirs.wav");
    std::fs::write(&theirs, b"old").unwrap();
    if std::os::unix::fs::chown(&theirs, Some(4321), Some(4321)).is_ok() {
        let output = sandbox.run(&["render", "-q", &article(), "-o", "theirs.wav"]);
        assert!(output.status.success(), "{}", stderr(&output));
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(&theirs).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (4321, 4321));
    }
}

#[test]
fn audio_and_subtitles_land_together_or_not_at_all() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("out.wav"), b"old audio").unwrap();
    std::fs::write(sandbox.path("out.srt"), b"old subtitles").unwrap();
    // The subtitles go to a full disk (a link to /dev/full): the new audio must not be put
    // beside the old subtitles.
    symlink("/dev/full", sandbox.path("full.srt")).unwrap();
    let output = sandbox.run(&[
        "render",
        "-q",
        &article(),
        "-o",
        "out.wav",
        "--subtitles",
        "full.srt",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("No space left on device"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(sandbox.path("out.wav")).unwrap(),
        b"old audio"
    );
    assert!(
        sandbox.files().iter().all(|f| !f.ends_with(".part")),
        "{:?}",
        sandbox.files()
    );

    let output = sandbox.run(&[
        "render",
        "-q",
        &article(),
        "-o",
        "out.wav",
        "--subtitles",
        "out.srt",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        std::fs::read_to_string(sandbox.path("out.srt"))
            .unwrap()
            .starts_with("1\n")
    );
}

#[test]
fn two_quick_interrupts_leave_nothing_behind() {
    let sandbox = Sandbox::new();
    let long: String = (0..1500)
        .map(|i| format!("Đoạn {i}: sáng nay trời nắng đẹp, người dân đi làm sớm.\n\n"))
        .collect();
    std::fs::write(sandbox.path("long.txt"), long).unwrap();
    let child = sandbox
        .docbao()
        .args([
            "render",
            "long.txt",
            "-o",
            "out.wav",
            "--subtitles",
            "out.vtt",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while sandbox
        .files()
        .iter()
        .filter(|f| f.ends_with(".part"))
        .count()
        < 2
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "render never started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    for _ in 0..2 {
        signal(&child, libc::SIGINT);
    }
    let (code, err) = finish(child);
    assert_eq!(code, Some(130), "{err}");
    assert_eq!(sandbox.files(), ["home", "long.txt"], "{err}");
}

#[test]
fn audio_is_never_written_to_a_terminal() {
    let Some((_master, slave)) = pseudo_terminal(24, 80) else {
        return;
    };
    let terminal = std::fs::read_link(format!("/proc/self/fd/{}", slave.as_raw_fd())).unwrap();
    let sandbox = Sandbox::new();
    // `-o -` with standard output on the terminal, and the terminal named as the output.
    for (target, out) in [
        ("-".to_string(), Stdio::from(slave.try_clone().unwrap())),
        (terminal.display().to_string(), Stdio::null()),
    ] {
        let output = sandbox
            .docbao()
            .args(["render", "-q", &article(), "-o", &target])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{target}: {err}");
        assert!(
            err.starts_with("docbao: will not write audio to the terminal\nhint: write to a file with -o FILE, or pipe it into a player"),
            "{target}: {err}"
        );
    }
}

#[test]
fn an_extension_docbao_cannot_write_is_refused_not_written_as_wav() {
    let sandbox = Sandbox::new();
    for name in ["article.m4a", "article.txt"] {
        let output = sandbox.run(&["render", "-q", &article(), "-o", name]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {err}");
        assert!(
            err.starts_with(&format!(
                "docbao: cannot write {name}: docbao writes audio as .wav, .opus (or .ogg), .mp3 and .flac only\nhint: write a WAV and convert it"
            )),
            "{name}: {err}"
        );
    }
    assert_eq!(sandbox.files(), ["home"]);
    // Upper case is the same format; Opus, MP3 and FLAC are written as themselves.
    for (name, magic) in [
        ("ARTICLE.WAV", &b"RIFF"[..]),
        ("article.OPUS", b"OggS"),
        // An ID3v2 tag (title, language, chapters), then the MPEG frames.
        ("article.mp3", b"ID3"),
        ("article.Flac", b"fLaC"),
    ] {
        let output = sandbox.run(&["render", "-q", &article(), "-o", name]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let bytes = std::fs::read(sandbox.path(name)).unwrap();
        assert_eq!(&bytes[..magic.len()], magic, "{name}");
    }
}
