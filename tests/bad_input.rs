//! Bad input and bad output paths: one clear sentence on stderr, a non-zero exit, no panic and
//! no output file.

mod common;

use common::{Sandbox, fixture, stderr};

/// Runs `docbao render` with `args`, expects failure; returns stderr.
fn fails(sandbox: &Sandbox, args: &[&str]) -> String {
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    if !args.contains(&"-o") {
        all.extend_from_slice(&["-o", "out.wav"]);
    }
    let output = sandbox.run(&all);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    let first = err.lines().next().unwrap_or_default();
    assert!(first.starts_with("docbao: "), "{args:?}: {err}");
    assert!(
        err.lines().count() <= 2,
        "more than a sentence and a hint: {err}"
    );
    assert!(!sandbox.path("out.wav").exists(), "{args:?} wrote output");
    assert!(
        sandbox.files().iter().all(|f| !f.ends_with(".part")),
        "temporary file left: {:?}",
        sandbox.files()
    );
    err
}

fn write(sandbox: &Sandbox, name: &str, bytes: &[u8]) -> String {
    std::fs::write(sandbox.path(name), bytes).unwrap();
    name.to_string()
}

#[test]
fn empty_and_whitespace_only_input() {
    let sandbox = Sandbox::new();
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.txt", b" \n\t\r\n  \n"),
        ("dots.txt", b"... --- !!!\n"),
    ] {
        let file = write(&sandbox, name, bytes);
        let err = fails(&sandbox, &[&file]);
        assert!(
            err.contains(&format!("{name} has no text to read")),
            "{err}"
        );
    }
}

#[test]
fn invalid_utf8_names_the_byte() {
    let sandbox = Sandbox::new();
    // "Xin chào" in Windows-1258: à is 0xE0, not UTF-8.
    let file = write(&sandbox, "legacy.txt", b"Xin ch\xE0o c\xE1c b\xE1n.");
    let err = fails(&sandbox, &[&file]);
    assert!(
        err.contains("legacy.txt is not valid UTF-8 text: the bytes from byte 6 are not UTF-8"),
        "{err}"
    );
    assert!(err.contains("hint: ") && err.contains("iconv"), "{err}");
}

#[test]
fn binary_file() {
    let sandbox = Sandbox::new();
    let file = write(
        &sandbox,
        "picture.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
    );
    let err = fails(&sandbox, &[&file]);
    assert!(
        err.contains("picture.png looks like a binary file, not text (byte 8 is a NUL byte)"),
        "{err}"
    );
}

#[test]
fn missing_file_and_directory() {
    let sandbox = Sandbox::new();
    let err = fails(&sandbox, &["no-such-article.txt"]);
    assert!(err.contains("no-such-article.txt does not exist"), "{err}");
    std::fs::create_dir(sandbox.path("folder")).unwrap();
    let err = fails(&sandbox, &["folder"]);
    assert!(
        err.contains("folder is a directory, not a text file"),
        "{err}"
    );
}

#[test]
fn unknown_voice_suggests_the_closest() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-article.txt");
    let err = fails(
        &sandbox,
        &[article.to_str().unwrap(), "--voice", "vi-femal"],
    );
    assert!(
        err.contains("there is no voice 'vi-femal' (closest: vi-female"),
        "{err}"
    );
    assert!(
        err.contains("hint: `docbao voices` lists every voice"),
        "{err}"
    );
    let err = fails(
        &sandbox,
        &[article.to_str().unwrap(), "--voice", "espeak:zz-nonsense"],
    );
    assert!(err.contains("has no voice 'zz-nonsense'"), "{err}");
}

#[test]
fn output_path_that_is_a_directory() {
    let sandbox = Sandbox::new();
    std::fs::create_dir(sandbox.path("out.wav")).unwrap();
    let output = sandbox.run(&[
        "render",
        fixture("vi-article.txt").to_str().unwrap(),
        "-o",
        "out.wav",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .starts_with("docbao: out.wav is a directory, not a file name\nhint: give a file name"),
        "{}",
        stderr(&output)
    );
    assert!(sandbox.path("out.wav").is_dir());
}

#[test]
fn unwritable_output_paths() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-article.txt");
    let err = fails(
        &sandbox,
        &[article.to_str().unwrap(), "-o", "missing/out.wav"],
    );
    assert!(
        err.contains("cannot write missing/out.wav: the folder missing does not exist"),
        "{err}"
    );
    assert!(
        err.contains("hint: create the folder first: `mkdir -p missing`"),
        "{err}"
    );
    write(&sandbox, "plain-file", b"x");
    let err = fails(
        &sandbox,
        &[article.to_str().unwrap(), "-o", "plain-file/out.wav"],
    );
    assert!(
        err.contains("the folder plain-file does not exist"),
        "{err}"
    );
    // /proc refuses new files even to root.
    let err = fails(
        &sandbox,
        &[article.to_str().unwrap(), "-o", "/proc/docbao-test.wav"],
    );
    assert!(
        err.starts_with("docbao: cannot write /proc/docbao-test.wav: "),
        "{err}"
    );
    // A read-only folder (skipped as root, who may write anywhere).
    #[cfg(unix)]
    if !is_root() {
        use std::os::unix::fs::PermissionsExt;
        let dir = sandbox.path("locked");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let err = fails(
            &sandbox,
            &[article.to_str().unwrap(), "-o", "locked/out.wav"],
        );
        assert!(
            err.contains("cannot write locked/out.wav: Permission denied"),
            "{err}"
        );
    }
}

#[cfg(unix)]
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

#[test]
fn bad_subtitle_paths() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-article.txt");
    let err = fails(
        &sandbox,
        &[article.to_str().unwrap(), "--subtitles", "subs.txt"],
    );
    assert!(
        err.contains(
            "cannot tell the subtitle format of subs.txt: use a name ending in .srt or .vtt"
        ),
        "{err}"
    );
    let err = fails(
        &sandbox,
        &[
            article.to_str().unwrap(),
            "-o",
            "same.srt",
            "--subtitles",
            "same.srt",
        ],
    );
    assert!(err.contains("cannot both be written to same.srt"), "{err}");
    let err = fails(
        &sandbox,
        &[article.to_str().unwrap(), "--subtitles", "nowhere/a.srt"],
    );
    assert!(err.contains("the folder nowhere does not exist"), "{err}");
}

#[test]
fn bad_rate_and_language_are_usage_errors() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-article.txt");
    for args in [
        vec!["--rate", "fast"],
        vec!["--rate", "40"],
        vec!["--lang", "vietnamese"],
    ] {
        let mut all = vec!["render", article.to_str().unwrap(), "-o", "out.wav"];
        all.extend_from_slice(&args);
        let output = sandbox.run(&all);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&output).contains("panicked"));
    }
}

#[test]
fn no_input_at_all() {
    let sandbox = Sandbox::new();
    // Standard input closed and empty: nothing to read.
    let output = sandbox.run(&["render", "-o", "out.wav"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("standard input has no text to read"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_input_larger_than_any_article_is_refused_with_a_way_out() {
    let sandbox = Sandbox::new();
    // 70 MB of text, written sparsely after a real first line: read only up to the cap.
    let path = sandbox.path("huge.txt");
    std::fs::write(&path, "Hà Nội hôm nay trời nắng.\n".repeat(10)).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(70_000_000)
        .unwrap();
    let err = fails(&sandbox, &["huge.txt"]);
    assert!(
        err.contains("huge.txt is larger than 64 MB, the most docbao reads of an article"),
        "{err}"
    );
    assert!(err.contains("hint: an article is much smaller"), "{err}");
}
