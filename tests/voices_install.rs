//! `docbao voices available|install|remove` against a real HTTP server on 127.0.0.1 that
//! serves a catalog laid out like the public one: an install lands whole, a cut transfer
//! resumes with `Range`, and each failure — a wrong checksum, a missing file, a stalled
//! server, no server, Ctrl-C — ends in one sentence and leaves no voice half-installed.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::catalog::{Fault, KEY, VoiceFiles, model_path};
use common::process::signal;
use common::{Sandbox, stderr, stdout};

fn docbao(sandbox: &Sandbox, url: &str) -> Command {
    common::catalog::docbao(sandbox, url)
}

fn run(sandbox: &Sandbox, url: &str, args: &[&str]) -> Output {
    docbao(sandbox, url)
        .args(args)
        .output()
        .expect("docbao runs")
}

fn voices_dir(sandbox: &Sandbox) -> PathBuf {
    sandbox.path("data/docbao/piper-voices")
}

/// Everything in the installed voices' folder, hidden entries included.
fn installed_entries(sandbox: &Sandbox) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(voices_dir(sandbox))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Bytes kept in the download folder for the test voice.
fn kept(sandbox: &Sandbox) -> u64 {
    std::fs::read_dir(sandbox.path("cache/docbao/downloads").join(KEY))
        .map(|entries| entries.map(|e| e.unwrap().metadata().unwrap().len()).sum())
        .unwrap_or(0)
}

/// A failure: exit code 1 (or `code`), one `docbao:` sentence and at most a hint.
fn assert_one_sentence(output: &Output, code: i32, contains: &str) -> String {
    let text = stderr(output);
    assert_eq!(output.status.code(), Some(code), "{text}");
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("installing ") && !l.starts_with("downloading"))
        .collect();
    assert!(
        (1..=2).contains(&lines.len())
            && lines[0].starts_with("docbao: ")
            && lines.get(1).is_none_or(|l| l.starts_with("hint: ")),
        "not one sentence and a hint:\n{text}"
    );
    assert!(lines[0].contains(contains), "{text}");
    assert!(!text.contains("panicked"), "{text}");
    lines[0].to_string()
}

#[test]
fn a_voice_installs_from_the_catalog_and_is_removed() {
    let files = VoiceFiles::fake(3_000_000);
    let server = files.serve();
    let sandbox = Sandbox::new();

    let listed = run(
        &sandbox,
        &server.url,
        &["voices", "available", "--lang", "en"],
    );
    assert!(listed.status.success(), "{}", stderr(&listed));
    let table = stdout(&listed);
    assert!(table.contains("(fetched just now): 1 voices"), "{table}");
    let row = table.lines().find(|l| l.starts_with(KEY)).expect(KEY);
    assert!(row.contains("medium") && row.contains("3.0 MB"), "{row}");
    assert!(!row.contains("installed"), "{row}");

    let output = run(&sandbox, &server.url, &["voices", "install", KEY]);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    // Not a terminal: one line per tenth, then what was installed, with its licence.
    let lines = text
        .lines()
        .filter(|l| l.starts_with("downloading: "))
        .count();
    assert!((9..=11).contains(&lines), "{text}");
    assert!(text.contains("downloading: 100% (3.0 of 3.0 MB"), "{text}");
    assert!(text.contains("licence (model card): CC0"), "{text}");
    let dir = voices_dir(&sandbox).join(KEY);
    assert_eq!(
        std::fs::read(dir.join(format!("{KEY}.onnx"))).unwrap(),
        files.model
    );
    assert_eq!(
        std::fs::read(dir.join(format!("{KEY}.onnx.json"))).unwrap(),
        files.config
    );
    assert_eq!(std::fs::read(dir.join("MODEL_CARD")).unwrap(), files.card);
    assert!(dir.join("voice.json").is_file());
    assert_eq!(installed_entries(&sandbox), [KEY]);
    assert_eq!(kept(&sandbox), 0, "downloads left behind");

    // Listed as installed, in the catalog and among the voices.
    let listed = run(&sandbox, &server.url, &["voices", "available"]);
    let table = stdout(&listed);
    assert!(table.contains("(cached just now)"), "{table}");
    let row = table.lines().find(|l| l.starts_with(KEY)).unwrap();
    assert!(row.contains("installed"), "{row}");
    let voices = run(&sandbox, &server.url, &["voices", "--engine", "piper"]);
    let row = stdout(&voices);
    assert!(
        row.contains(KEY) && row.contains("Piper joe (medium)") && row.contains("medium"),
        "{row}"
    );

    // Again: nothing to do.
    let again = run(&sandbox, &server.url, &["voices", "install", KEY]);
    assert!(
        stderr(&again).contains("installed already"),
        "{}",
        stderr(&again)
    );

    let removed = run(&sandbox, &server.url, &["voices", "remove", KEY]);
    assert!(removed.status.success(), "{}", stderr(&removed));
    assert!(
        stderr(&removed).contains("3.0 MB freed"),
        "{}",
        stderr(&removed)
    );
    assert!(installed_entries(&sandbox).is_empty());
    let twice = run(&sandbox, &server.url, &["voices", "remove", KEY]);
    assert_one_sentence(&twice, 1, "is not installed");
}

#[test]
fn a_cut_transfer_resumes_with_a_range_request() {
    let files = VoiceFiles::fake(3_000_000);
    let server = files.serve();
    server.fault(&model_path(), Fault::CutOnce(1_200_000));
    let sandbox = Sandbox::new();
    let output = run(
        &sandbox,
        "http://unused.invalid/",
        &["voices", "install", KEY, "--voices-url", &server.url],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let model = voices_dir(&sandbox).join(KEY).join(format!("{KEY}.onnx"));
    assert_eq!(std::fs::read(model).unwrap(), files.model);
    let ranges: Vec<Option<String>> = server
        .seen()
        .into_iter()
        .filter(|s| s.path == model_path())
        .map(|s| s.range)
        .collect();
    assert_eq!(ranges, [None, Some("bytes=1200000-".into())]);
}

#[test]
fn a_stalled_server_is_given_up_in_one_sentence_and_the_next_run_resumes() {
    let files = VoiceFiles::fake(3_000_000);
    let server = files.serve();
    server.fault(&model_path(), Fault::Stall(1_000_000));
    let sandbox = Sandbox::new();
    let started = Instant::now();
    let output = run(
        &sandbox,
        &server.url,
        &["voices", "install", "en_US-joe-medium", "--timeout", "1"],
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    let sentence = assert_one_sentence(&output, 1, "sent nothing for 1 s");
    assert!(
        sentence.contains(&server.addr) && sentence.contains("the same command resumes"),
        "{sentence}"
    );
    assert!(installed_entries(&sandbox).is_empty());
    assert!(kept(&sandbox) >= 1_000_000);

    server.heal();
    let output = run(&sandbox, &server.url, &["voices", "install", KEY]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(installed_entries(&sandbox), [KEY]);
    let last = server
        .seen()
        .into_iter()
        .rfind(|s| s.path == model_path())
        .unwrap();
    assert_eq!(last.range.as_deref(), Some("bytes=1000000-"));
}

#[test]
fn a_wrong_checksum_installs_nothing() {
    let files = VoiceFiles::fake(500_000);
    let server = files.serve();
    let mut damaged = files.model.clone();
    damaged[1000] ^= 0xff;
    server.put(&model_path(), damaged);
    let sandbox = Sandbox::new();
    let output = run(&sandbox, &server.url, &["voices", "install", KEY]);
    let sentence = assert_one_sentence(&output, 1, "arrived damaged");
    assert!(sentence.contains("nothing was installed"), "{sentence}");
    assert!(installed_entries(&sandbox).is_empty());
    assert_eq!(kept(&sandbox), 0);
}

#[test]
fn a_missing_file_installs_nothing() {
    let files = VoiceFiles::fake(500_000);
    let server = files.serve();
    server.fault(&model_path(), Fault::Missing);
    let sandbox = Sandbox::new();
    let output = run(&sandbox, &server.url, &["voices", "install", KEY]);
    assert_one_sentence(&output, 1, "does not exist (HTTP 404)");
    assert!(installed_entries(&sandbox).is_empty());
    assert_eq!(kept(&sandbox), 0);

    let unknown = run(
        &sandbox,
        &server.url,
        &["voices", "install", "en_US-joe-mediun"],
    );
    let sentence = assert_one_sentence(&unknown, 1, "has no voice 'en_US-joe-mediun'");
    assert!(
        sentence.contains("did you mean en_US-joe-medium?"),
        "{sentence}"
    );
}

#[test]
fn offline_the_cached_catalog_is_used_and_its_age_said() {
    let files = VoiceFiles::fake(500_000);
    let server = files.serve();
    let url = server.url.clone();
    let sandbox = Sandbox::new();
    // No catalog yet and no server: one sentence.
    let dead = "http://127.0.0.1:9/";
    let output = run(&sandbox, dead, &["voices", "available"]);
    assert_one_sentence(
        &output,
        1,
        "cannot reach 127.0.0.1:9 (the connection was refused)",
    );

    assert!(
        run(&sandbox, &url, &["voices", "available"])
            .status
            .success()
    );
    drop(server);
    std::thread::sleep(Duration::from_millis(50));
    // Make the cached copy three days old, so that docbao asks the server again.
    let cache = std::fs::read_dir(sandbox.path("cache/docbao/catalogs"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
        .join("voices.json");
    let old = SystemTime::now() - Duration::from_secs(3 * 86_400 + 60);
    std::fs::File::options()
        .write(true)
        .open(&cache)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let output = run(&sandbox, &url, &["voices", "available"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("offline (cannot reach")
            && stderr(&output).contains("using the catalog cached 3 days ago"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("cached 3 days ago (offline)"));
    assert!(stdout(&output).contains(KEY));

    let install = run(&sandbox, &url, &["voices", "install", KEY]);
    let text = stderr(&install);
    let last = text
        .lines()
        .rev()
        .find(|l| l.starts_with("docbao: "))
        .unwrap();
    assert!(
        last.contains("cannot reach") && last.contains("nothing was installed"),
        "{text}"
    );
    assert_eq!(install.status.code(), Some(1));
    assert!(installed_entries(&sandbox).is_empty());
}

#[test]
fn the_proxy_from_the_environment_is_used_unless_no_proxy_says_otherwise() {
    let files = VoiceFiles::fake(300_000);
    let proxy = files.serve();
    let sandbox = Sandbox::new();
    // The catalog's host does not exist: only the proxy can reach it.
    let url = "http://voices.docbao.invalid/";
    let output = docbao(&sandbox, url)
        .env("HTTPS_PROXY", format!("http://{}", proxy.addr))
        .args(["voices", "install", KEY])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(proxy.seen().iter().all(|s| s.proxied), "{:?}", proxy.seen());
    assert_eq!(installed_entries(&sandbox), [KEY]);

    let direct = docbao(&sandbox, url)
        .env("HTTPS_PROXY", format!("http://{}", proxy.addr))
        .env("NO_PROXY", "voices.docbao.invalid")
        .args(["voices", "available", "--refresh"])
        .output()
        .unwrap();
    // Straight to a host that does not exist, so the cached copy is used.
    assert!(
        stderr(&direct).contains("cannot reach voices.docbao.invalid"),
        "{}",
        stderr(&direct)
    );
}

#[test]
fn ctrl_c_stops_the_download_and_installs_nothing() {
    let files = VoiceFiles::fake(3_000_000);
    let server = files.serve();
    server.fault(&model_path(), Fault::Trickle);
    let sandbox = Sandbox::new();
    let child = docbao(&sandbox, &server.url)
        .args(["voices", "install", KEY])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first tenth, then Ctrl-C.
    let started = Instant::now();
    while kept(&sandbox) < 400_000 && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(20));
    }
    signal(&child, libc::SIGINT);
    let output = child.wait_with_output().unwrap();
    let sentence = assert_one_sentence(&output, 130, "stopped before the voice was complete");
    assert!(sentence.contains("the same command resumes"), "{sentence}");
    assert!(installed_entries(&sandbox).is_empty());
    assert!(kept(&sandbox) > 0);
}
