//! Long renders: progress lines on stderr, `--quiet`, and stopping cleanly on Ctrl-C.

mod common;

use std::time::{Duration, Instant};

use common::process::signal;
use common::{Sandbox, stderr};
use docbao::{CancelToken, Document, Error, RenderOptions, Renderer, Voices};

/// An article long enough to take a while: `paragraphs` paragraphs of three sentences.
fn long_article(paragraphs: usize) -> String {
    (0..paragraphs)
        .map(|i| {
            format!(
                "Đoạn {i}: sáng nay trời nắng đẹp, người dân đi làm sớm. Các tuyến phố đông vui hơn thường lệ. \
                 Chính quyền cho biết sẽ tiếp tục theo dõi tình hình giao thông.\n\n"
            )
        })
        .collect()
}

#[test]
fn progress_lines_when_stderr_is_not_a_terminal() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("long.txt"), long_article(20)).unwrap();
    let output = sandbox.run(&["render", "long.txt", "-o", "out.wav"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    let percents: Vec<u32> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("rendering: "))
        .map(|l| l.split('%').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(percents.len(), 10, "{err}");
    assert!(percents.windows(2).all(|w| w[0] < w[1]), "{percents:?}");
    assert_eq!(*percents.last().unwrap(), 100);
    assert!(
        !err.contains('\x1b'),
        "escape codes in plain progress: {err:?}"
    );
    assert!(
        lines.last().unwrap().starts_with("wrote out.wav: "),
        "{err}"
    );

    let quiet = sandbox.run(&["render", "long.txt", "-o", "out.wav", "--quiet"]);
    assert!(quiet.status.success());
    assert!(
        quiet.stderr.is_empty(),
        "--quiet printed {}",
        stderr(&quiet)
    );
}

#[test]
fn cancel_token_stops_a_render_in_the_library() {
    let doc = Document::from_text(long_article(5), None).unwrap();
    let voice = Voices::builtin().find("vi-female").unwrap();
    let cancel = CancelToken::new();
    let renderer = Renderer::new(
        &voice,
        RenderOptions {
            cancel: cancel.clone(),
            ..RenderOptions::default()
        },
    )
    .unwrap();
    let mut sentences = 0;
    let result = renderer.render_with(&doc, &mut |_| Ok(()), &mut |progress| {
        sentences = progress.done;
        if progress.done == 3 {
            cancel.cancel();
        }
    });
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert_eq!(sentences, 3, "render went on after the cancel");
}

#[cfg(unix)]
#[test]
fn interrupt_leaves_no_file_behind() {
    let sandbox = Sandbox::new();
    // Long enough that the render is still running when the signal comes.
    std::fs::write(sandbox.path("long.txt"), long_article(1500)).unwrap();
    std::fs::write(sandbox.path("out.wav"), b"previous contents").unwrap();
    let child = sandbox
        .docbao()
        .args([
            "render",
            "long.txt",
            "-o",
            "out.wav",
            "--subtitles",
            "out.srt",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the render has started writing (its temporary file exists).
    let started = Instant::now();
    while !sandbox.files().iter().any(|f| f.ends_with(".part")) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "render never started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    signal(&child, libc::SIGINT);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("stopped before the end: nothing was written"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(sandbox.path("out.wav")).unwrap(),
        b"previous contents"
    );
    assert!(!sandbox.path("out.srt").exists());
    assert!(
        sandbox.files().iter().all(|f| !f.ends_with(".part")),
        "{:?}",
        sandbox.files()
    );
}
