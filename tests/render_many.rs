//! `render` with several articles: each into its own file named after its title in
//! `--out-dir` (a failing one reported while the others finish, exit 1), or all joined into one
//! file with a chapter per article; Ctrl-C leaves nothing behind.
#![cfg(unix)]

mod common;

use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use common::probe::{chapters, decoded_seconds, probe};
use common::process::{finish_within, signal};
use common::{Sandbox, fixture, stderr};

const SECTIONS_TITLE: &str = "Thị trấn ven sông chuẩn bị đón mùa nước nổi";

fn names(sandbox: &Sandbox, dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(sandbox.path(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Three short articles written for these tests: two share a title.
fn write_articles(sandbox: &Sandbox) {
    std::fs::write(
        sandbox.path("a.txt"),
        "Bản tin sáng\n\nTrời hửng nắng, gió nhẹ. Nhiệt độ cao nhất ba mươi độ.\n",
    )
    .unwrap();
    std::fs::write(
        sandbox.path("b.txt"),
        "Bản tin sáng\n\nChợ phiên cuối tuần mở cửa từ sáu giờ. Người dân đi chợ đông vui.\n",
    )
    .unwrap();
}

#[test]
fn each_article_gets_a_file_named_after_its_title_and_a_failure_is_reported() {
    let sandbox = Sandbox::new();
    write_articles(&sandbox);
    std::fs::create_dir(sandbox.path("out")).unwrap();
    let sections = fixture("vi-sections.txt").display().to_string();
    let output = sandbox.run(&[
        "render",
        "a.txt",
        "missing.txt",
        &sections,
        "b.txt",
        "--out-dir",
        "out",
        "--subtitles",
        "vtt",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert_eq!(err.matches("missing.txt").count(), 1, "{err}");
    assert!(
        err.contains("1 of 4 articles could not be rendered"),
        "{err}"
    );
    assert_eq!(
        names(&sandbox, "out"),
        [
            "Bản tin sáng (2).opus",
            "Bản tin sáng (2).vtt",
            "Bản tin sáng.opus",
            "Bản tin sáng.vtt",
            &format!("{SECTIONS_TITLE}.opus"),
            &format!("{SECTIONS_TITLE}.vtt"),
        ],
        "no other file, no work folder left"
    );
    // In the order given: a.txt took the plain name.
    let vtt = std::fs::read_to_string(sandbox.path("out/Bản tin sáng.vtt")).unwrap();
    assert!(vtt.contains("Trời hửng nắng"), "{vtt}");
    // Each file is what a render of that article alone makes.
    let alone = sandbox.run(&["render", "-q", &sections, "-o", "alone.opus"]);
    assert!(alone.status.success(), "{}", stderr(&alone));
    let batch = sandbox.path(&format!("out/{SECTIONS_TITLE}.opus"));
    if let (Some(a), Some(b)) = (
        decoded_seconds(&sandbox.path("alone.opus")),
        decoded_seconds(&batch),
    ) {
        assert!((a - b).abs() < 0.05, "alone {a} s, in the batch {b} s");
    }
}

#[test]
fn several_articles_join_into_one_file_with_a_chapter_each() {
    let sandbox = Sandbox::new();
    write_articles(&sandbox);
    let sections = fixture("vi-sections.txt").display().to_string();
    let mut seconds = Vec::new();
    for input in ["a.txt", sections.as_str()] {
        let output = sandbox.run(&["render", "-q", input, "-o", "part.wav"]);
        assert!(output.status.success(), "{}", stderr(&output));
        seconds.extend(decoded_seconds(&sandbox.path("part.wav")));
    }
    for name in ["all.opus", "all.mp3"] {
        let output = sandbox.run(&["render", "-q", "a.txt", &sections, "-o", name]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let Some(json) = probe(&sandbox.path(name)) else {
            return;
        };
        let found = chapters(&json);
        let titles: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Bản tin sáng",
                SECTIONS_TITLE,
                "Gia cố bờ kè",
                "Chợ nổi vẫn họp"
            ],
            "{name}"
        );
        // The second article starts after the first and the pause between them.
        let expected = seconds[0] + 1.5;
        assert!(
            (found[1].0 - expected).abs() < 0.01,
            "{name}: second article at {} s, expected {expected} s",
            found[1].0
        );
        if let Some(total) = decoded_seconds(&sandbox.path(name)) {
            let expected = seconds[0] + 1.5 + seconds[1];
            assert!(
                (total - expected).abs() <= expected / 100.0,
                "{name}: {total} s, expected {expected} s"
            );
        }
    }
    // Subtitles of the joined file: each article's cues, shifted to where it starts.
    let output = sandbox.run(&[
        "render", "-q", "a.txt", &sections, "-o", "all.wav", "-s", "all.vtt",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let cues = common::parse_cues(&std::fs::read_to_string(sandbox.path("all.vtt")).unwrap());
    assert_eq!(cues[0].text, "Bản tin sáng");
    let second = cues
        .iter()
        .find(|c| c.text == SECTIONS_TITLE)
        .expect("the second title");
    let expected = ((seconds[0] + 1.5) * 1000.0) as u64;
    assert!(
        second.start_ms.abs_diff(expected) <= 2,
        "second article's first cue at {} ms, expected {expected}",
        second.start_ms
    );
    assert!(cues.windows(2).all(|w| w[0].end_ms <= w[1].start_ms));
}

#[test]
fn ctrl_c_stops_every_worker_and_leaves_nothing_behind() {
    let sandbox = Sandbox::new();
    let long: Vec<String> = (1..=150)
        .map(|i| format!("Đoạn thứ {i} kể chuyện một ngày ở chợ nổi, khi ghe hàng về từ sáng sớm."))
        .collect();
    let text = format!("Một bài dài\n\n{}", long.join("\n\n"));
    for name in ["x.txt", "y.txt", "z.txt"] {
        std::fs::write(sandbox.path(name), &text).unwrap();
    }
    std::fs::create_dir(sandbox.path("out")).unwrap();
    let mut child = sandbox
        .docbao()
        .args(["render", "x.txt", "y.txt", "z.txt", "--out-dir", "out"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Once the job's work folder is there, the workers are running: each has minutes of
    // speech to make.
    let started = std::time::Instant::now();
    while names(&sandbox, "out").is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the job never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(500));
    let mut err = child.stderr.take().unwrap();
    signal(&child, libc::SIGINT);
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        err.read_to_end(&mut seen).unwrap();
        seen
    });
    let (code, _, _) = finish_within(child, Duration::from_secs(60), "render after Ctrl-C");
    let said = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    assert_eq!(code, Some(130), "{said}");
    assert!(
        names(&sandbox, "out").is_empty(),
        "{:?}",
        names(&sandbox, "out")
    );
    // No worker is left running: none writes into the folder afterwards.
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        names(&sandbox, "out").is_empty(),
        "{:?}",
        names(&sandbox, "out")
    );
}
