//! Several articles in a row: `docbao read a.txt b.txt c.txt` and `--playlist`. Each title is
//! announced as it starts, `next article` / `bài trước` (`>` / `<`) move between them, an
//! article left halfway resumes there, and one that cannot be read is said in one line and
//! skipped. On the fake sound card, in plain mode, each test with its own state folder.
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use common::process::finish_within;
use common::sound::{SoundServer, first_sound};
use common::{Sandbox, stderr, stdout};

/// Three short articles, each a title and two or three sentences.
const A: &str = "Mưa ở Hà Nội\n\nSáng nay trời mưa nhỏ ở Hà Nội.\n\n\
                 Nhiều người vẫn đi làm sớm bằng xe buýt.\n\nBuổi trưa trời tạnh và nắng lên.";
const B: &str = "Chợ Đồng Xuân\n\nChợ Đồng Xuân đông khách hơn mọi ngày.\n\n\
                 Người bán hàng dậy từ bốn giờ sáng.";
const C: &str = "Thời tiết ngày mai\n\nNgày mai trời nắng, nhiệt độ tăng lên hai mươi lăm độ.";

/// A reading in progress: its standard output line by line, its standard input.
struct Reading {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Reading {
    /// Starts `docbao read --plain ARGS` in the sandbox, with its own state folder; `input`
    /// is written to its standard input (which then stays open for commands, unless `close`).
    fn start(
        server: &SoundServer,
        sandbox: &Sandbox,
        args: &[&str],
        input: &str,
        close: bool,
    ) -> Reading {
        for (name, text) in [("a.txt", A), ("b.txt", B), ("c.txt", C)] {
            std::fs::write(sandbox.path(name), text).unwrap();
        }
        let mut command = sandbox.docbao();
        server.connect(&mut command);
        let mut child = command
            .env("DOCBAO_STATE_DIR", sandbox.path("state"))
            .args(["read", "--plain"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .as_mut()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        if close {
            drop(child.stdin.take());
        }
        let (tx, lines) = std::sync::mpsc::channel();
        let out = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Reading {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line starting with `prefix`; returns its index among the lines seen.
    fn wait_for(&mut self, prefix: &str) -> usize {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(100)) {
                let found = line.starts_with(prefix);
                self.seen.push(line);
                if found {
                    return self.seen.len() - 1;
                }
            }
        }
        panic!("no line starting with {prefix:?}; got {:#?}", self.seen);
    }

    fn say(&mut self, command: &str) {
        writeln!(self.child.stdin.as_mut().unwrap(), "{command}").unwrap();
    }

    /// Waits for the end: exit code, and standard error; the last lines are kept.
    fn finish(mut self) -> (Option<i32>, String, Vec<String>) {
        drop(self.child.stdin.take());
        let (code, err, _) = finish_within(self.child, Duration::from_secs(30), "docbao read");
        while let Ok(line) = self.lines.recv_timeout(Duration::from_millis(300)) {
            self.seen.push(line);
        }
        (code, err, self.seen)
    }
}

#[test]
fn three_articles_with_next_and_previous() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let mut reading = Reading::start(&server, &sandbox, &["a.txt", "b.txt", "c.txt"], "", false);
    let heading = reading.wait_for("article 1 of 3: Mưa ở Hà Nội");
    assert_eq!(heading, 0, "{:#?}", reading.seen);
    assert!(reading.seen.len() == 1);
    reading.wait_for("reading 4 sentences, ");
    // Halfway through the first article (paused there, so the place is sure), on to the
    // second.
    reading.wait_for("Nhiều người vẫn đi làm");
    reading.say("pause");
    reading.wait_for("paused at 0:0");
    reading.say("previous article");
    reading.wait_for("this is the first article (1 of 3)");
    reading.say("next article");
    reading.wait_for("article 2 of 3: Chợ Đồng Xuân");
    reading.wait_for("Chợ Đồng Xuân");
    // Back: the first article resumes where it was left.
    reading.say("bài trước");
    reading.wait_for("article 1 of 3: Mưa ở Hà Nội");
    let resumed = reading.wait_for("resuming at sentence 3 of 4 (0:0");
    let next = reading.wait_for("Nhiều người vẫn đi làm");
    assert!(
        reading.seen[resumed..next]
            .iter()
            .all(|l| !l.starts_with("Sáng nay")),
        "{:#?}",
        reading.seen
    );
    reading.say(">");
    reading.wait_for("article 2 of 3: Chợ Đồng Xuân");
    reading.say("bài sau");
    reading.wait_for("article 3 of 3: Thời tiết ngày mai");
    reading.say("next article");
    reading.wait_for("this is the last article (3 of 3)");
    reading.say("help");
    reading.wait_for("commands: pause, play");
    assert!(
        reading
            .seen
            .last()
            .unwrap()
            .ends_with("; articles: next article, previous article (bài sau, bài trước; > and <)"),
        "{:#?}",
        reading.seen
    );
    // The last article plays to its end, and the reading with it.
    reading.wait_for("Ngày mai trời nắng");
    reading.wait_for("finished");
    let (code, err, seen) = reading.finish();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
    assert_eq!(
        seen.iter().filter(|l| *l == "finished").count(),
        1,
        "only the last article was read to its end: {seen:#?}"
    );
    assert!(
        first_sound(
            &server
                .samples()
                .iter()
                .map(|&s| f64::from(s))
                .collect::<Vec<_>>(),
            1000.0
        )
        .is_some()
    );
    // Each article keeps its own place: the first and second were left, the third finished.
    let listed = stdout(
        &sandbox
            .docbao()
            .env("DOCBAO_STATE_DIR", sandbox.path("state"))
            .arg("history")
            .output()
            .unwrap(),
    );
    assert!(
        listed.starts_with("Thời tiết ngày mai — finished (100%)"),
        "{listed}"
    );
    assert!(listed.contains("Chợ Đồng Xuân — sentence "), "{listed}");
    assert!(listed.contains("Mưa ở Hà Nội — sentence "), "{listed}");
}

#[test]
fn an_article_that_cannot_be_read_is_said_once_and_skipped() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let mut reading = Reading::start(
        &server,
        &sandbox,
        &["b.txt", "missing.txt", "c.txt"],
        "",
        false,
    );
    reading.wait_for("Chợ Đồng Xuân đông khách");
    reading.say(">");
    let skipped = reading.wait_for("article 2 of 3 (missing.txt) was skipped: ");
    assert!(
        reading.seen[skipped].contains("missing.txt") && !reading.seen[skipped].contains('\n'),
        "{:#?}",
        reading.seen
    );
    reading.wait_for("article 3 of 3: Thời tiết ngày mai");
    // Back from the third: the missing one is passed over without a word.
    reading.say("<");
    reading.wait_for("article 1 of 3: Chợ Đồng Xuân");
    reading.say(">");
    reading.wait_for("article 3 of 3: Thời tiết ngày mai");
    reading.wait_for("finished");
    let (code, err, seen) = reading.finish();
    assert_eq!(
        seen.iter().filter(|l| l.contains("was skipped")).count(),
        1,
        "{seen:#?}"
    );
    // At the end, one sentence on stderr names what was not read; the reason was said once.
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        err, "docbao: 1 of 3 articles could not be read: missing.txt\n",
        "{err}"
    );
}

#[test]
fn a_playlist_names_the_articles_from_its_folder() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::create_dir(sandbox.path("list")).unwrap();
    std::fs::write(
        sandbox.path("list/morning.m3u"),
        "#EXTM3U\n# this morning\n\n../b.txt\n\n# the weather last\n../c.txt\n",
    )
    .unwrap();
    let mut reading = Reading::start(
        &server,
        &sandbox,
        &["--playlist", "list/morning.m3u"],
        "",
        false,
    );
    reading.wait_for("article 1 of 2: Chợ Đồng Xuân");
    reading.say("next article");
    reading.wait_for("article 2 of 2: Thời tiết ngày mai");
    reading.wait_for("Ngày mai trời nắng");
    reading.say("quit");
    let (code, err, _) = reading.finish();
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.starts_with("stopped at 0:0") && err.contains(", article 2 of 2; to go on: docbao read list/../c.txt --voice vi-female --rate 1x --volume 100\n"),
        "{err}"
    );
}

#[test]
fn a_playlist_on_standard_input_is_read_to_the_end() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("d.txt"), "Xin chào.").unwrap();
    let reading = Reading::start(
        &server,
        &sandbox,
        &["--playlist", "-", "--from-start"],
        "d.txt\n# the end\nd.txt\n",
        true,
    );
    let (code, err, seen) = reading.finish();
    assert_eq!(code, Some(0), "{err}");
    let said: Vec<&str> = seen
        .iter()
        .map(String::as_str)
        .filter(|l| l.starts_with("article ") || *l == "Xin chào." || *l == "finished")
        .collect();
    assert_eq!(
        said,
        [
            "article 1 of 2: Xin chào.",
            "Xin chào.",
            "finished",
            "article 2 of 2: Xin chào.",
            "Xin chào.",
            "finished"
        ],
        "{seen:#?}"
    );
}

#[test]
fn wrong_queues_are_one_sentence() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("a.txt"), A).unwrap();
    std::fs::write(sandbox.path("empty.m3u"), "# nothing yet\n\n").unwrap();
    for (args, says) in [
        (
            &["read", "--playlist", "empty.m3u"][..],
            "docbao: the playlist empty.m3u names no articles (one file or address a line)\n",
        ),
        (
            &["read", "--playlist", "none.m3u"][..],
            "docbao: there is no playlist none.m3u\n",
        ),
        (
            &["read", "-", "--playlist", "-"][..],
            "docbao: standard input can be read only once: give `-` for an article or for --playlist, not both\n",
        ),
        (
            &["read", "a.txt", "a.txt", "-o", "out.wav"][..],
            "docbao: --output writes one article; for several, use `docbao render A B C -o all.opus` (one file, a chapter each) or `--out-dir DIR`\n",
        ),
    ] {
        let output = sandbox.run(args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), says, "{args:?}");
    }
}
