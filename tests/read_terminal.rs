//! The terminal view, driven through a pseudo-terminal: keys in, status line out, and the
//! terminal put back on every way out.

mod common;

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Sandbox;
use common::process::{pseudo_terminal, signal};
use common::sound::SoundServer;

const TEXT: &str =
    "Sáng nay trời mưa nhỏ ở Hà Nội.\n\nNhiều người vẫn đi làm sớm bằng xe buýt và xe máy.";

struct Terminal {
    master: std::fs::File,
    slave: OwnedFd,
    output: Arc<Mutex<Vec<u8>>>,
    child: Child,
}

impl Terminal {
    /// Opens a pseudo-terminal and starts `docbao read` in it; `None` (said loudly) where the
    /// machine has no pseudo-terminals, except in CI, where these tests must run.
    fn spawn(server: &SoundServer, sandbox: &Sandbox, args: &[&str]) -> Option<Terminal> {
        std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
        let (master, slave) = pseudo_terminal(24, 100)?;
        let mut command = sandbox.docbao();
        server.connect(&mut command);
        command
            .args(["read", "text.txt"])
            .args(args)
            .env("TERM", "xterm")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave.try_clone().unwrap()));
        let child = command.spawn().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().unwrap();
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        });
        Some(Terminal {
            master,
            slave,
            output,
            child,
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    /// Waits until the output holds `needle` after byte `from`; returns where it ends.
    fn wait_for(&self, needle: &str, from: usize) -> usize {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let text = self.text();
            if let Some(at) = text.get(from..).and_then(|t| t.find(needle)) {
                return from + at + needle.len();
            }
            assert!(
                Instant::now() < deadline,
                "no {needle:?} after byte {from} in {text:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn press(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).unwrap();
    }

    /// The terminal's line discipline flags (ICANON, ECHO…), as the program left them.
    fn local_flags(&self) -> libc::tcflag_t {
        // SAFETY: termios is plain data; tcgetattr fills it for a descriptor we own.
        let mut termios: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(
            unsafe { libc::tcgetattr(self.slave.as_raw_fd(), &mut termios) },
            0
        );
        termios.c_lflag & (libc::ICANON | libc::ECHO | libc::ISIG)
    }

    /// Gives the terminal a new size and tells the program, as a terminal emulator does.
    fn resize(&self, rows: u16, cols: u16) {
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ reads a winsize from a valid pointer, on our own descriptor.
        let rc = unsafe { libc::ioctl(self.master.as_raw_fd(), libc::TIOCSWINSZ, &size) };
        assert_eq!(rc, 0, "TIOCSWINSZ: {}", std::io::Error::last_os_error());
        // The program's terminal is not its controlling one: send what the kernel would.
        signal(&self.child, libc::SIGWINCH);
    }

    fn wait(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(100)); // the last output
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "docbao did not exit: {:?}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

const CANONICAL: libc::tcflag_t = libc::ICANON | libc::ECHO | libc::ISIG;

#[test]
fn keys_drive_the_status_line_and_q_restores_the_terminal() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let Some(mut terminal) = Terminal::spawn(&server, &sandbox, &[]) else {
        return;
    };
    assert_eq!(
        terminal.local_flags(),
        CANONICAL,
        "a fresh terminal should be canonical"
    );
    let at = terminal.wait_for("Sáng nay trời mưa nhỏ ở Hà Nội.", 0);
    let at = terminal.wait_for("▶ 0:0", at);
    assert_eq!(
        terminal.local_flags() & (libc::ICANON | libc::ECHO),
        0,
        "raw mode while playing"
    );
    terminal.press(" ");
    let at = terminal.wait_for("⏸ 0:0", at);
    terminal.press(" ");
    let at = terminal.wait_for("▶ 0:0", at);
    terminal.press(".");
    let at = terminal.wait_for("Nhiều người vẫn đi làm", at);
    let at = terminal.wait_for("· 2/2 · Giọng nữ · 1.0×", at);
    // Past the last sentence: said, and the reading goes on.
    terminal.press(".");
    let at = terminal.wait_for("this is the last sentence (2 of 2)", at);
    terminal.press("]");
    let at = terminal.wait_for("· 1.1×", at);
    terminal.press("9");
    let at = terminal.wait_for("· volume 90%", at);
    terminal.press("?");
    let at = terminal.wait_for("space, p  pause / play", at);
    terminal.press("q");
    let status = terminal.wait();
    assert!(status.success(), "{status:?}: {}", terminal.text());
    terminal.wait_for("stopped at 0:0", at);
    let text = terminal.text();
    assert!(
        text.contains(
            "sentence 2 of 2; to go on: docbao read text.txt --voice vi-female --rate 1.1x --volume 90"
        ),
        "{text:?}"
    );
    assert!(
        text.contains("\x1b[?25h"),
        "cursor not shown again: {text:?}"
    );
    assert_eq!(
        terminal.local_flags(),
        CANONICAL,
        "terminal left in raw mode"
    );

    // The same article again: it resumes at sentence 2, and says so above the status line.
    let Some(mut terminal) = Terminal::spawn(&server, &sandbox, &[]) else {
        return;
    };
    let at = terminal.wait_for("resuming at sentence 2 of 2 (0:0", 0);
    let at = terminal.wait_for("); --from-start to begin again\r\n", at);
    terminal.wait_for("Nhiều người vẫn đi làm", at);
    assert!(
        !terminal.text().contains("Sáng nay"),
        "{:?}",
        terminal.text()
    );
    terminal.press("q");
    assert!(terminal.wait().success(), "{}", terminal.text());
}

#[test]
fn sigterm_and_the_end_also_restore_the_terminal() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    // SIGTERM while playing.
    let Some(mut terminal) = Terminal::spawn(&server, &sandbox, &[]) else {
        return;
    };
    terminal.wait_for("▶ 0:0", 0);
    signal(&terminal.child, libc::SIGTERM);
    let status = terminal.wait();
    // An interruption: 130, as for Ctrl-C.
    assert_eq!(status.code(), Some(130), "{status:?}: {}", terminal.text());
    assert!(
        terminal.text().contains("stopped at"),
        "{}",
        terminal.text()
    );
    assert_eq!(
        terminal.local_flags(),
        CANONICAL,
        "terminal left in raw mode after SIGTERM"
    );

    // Reading to the end.
    let Some(mut terminal) = Terminal::spawn(&server, &sandbox, &["--from-sentence", "2"]) else {
        return;
    };
    terminal.wait_for("finished", 0);
    let status = terminal.wait();
    assert!(status.success(), "{status:?}: {}", terminal.text());
    assert!(terminal.text().contains("\x1b[?25h"));
    assert_eq!(
        terminal.local_flags(),
        CANONICAL,
        "terminal left in raw mode at the end"
    );
}

#[test]
fn ctrl_c_quits_with_130_and_saves_the_place() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let Some(mut terminal) = Terminal::spawn(&server, &sandbox, &[]) else {
        return;
    };
    let at = terminal.wait_for("▶ 0:0", 0);
    // Ctrl-C in raw mode is a key, not a signal: it must still end as an interruption.
    terminal.press("\x03");
    let status = terminal.wait();
    assert_eq!(status.code(), Some(130), "{status:?}: {}", terminal.text());
    terminal.wait_for("stopped at 0:0", at);
    terminal.wait_for("to go on: docbao read text.txt", at);
    assert_eq!(
        terminal.local_flags(),
        CANONICAL,
        "terminal left in raw mode after Ctrl-C"
    );
}

#[test]
fn the_status_line_is_drawn_again_at_the_new_width() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let Some(mut terminal) = Terminal::spawn(&server, &sandbox, &[]) else {
        return;
    };
    let at = terminal.wait_for("▶ 0:0", 0);
    // Paused, the status line does not change by itself: only the resize can redraw it.
    terminal.press(" ");
    terminal.wait_for("⏸ 0:0", at);
    // Once both sentences are synthesized the length is exact and nothing changes any more.
    let deadline = Instant::now() + Duration::from_secs(15);
    let (at, before) = loop {
        let text = terminal.text();
        let at = text.rfind("\x1b[0m").unwrap_or(0);
        let before = status_lines(&text[..at + 4]).pop().unwrap_or_default();
        if before.starts_with("⏸") && !before.contains('~') {
            break (at + 4, before);
        }
        assert!(
            Instant::now() < deadline,
            "the length stays estimated: {text:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(before.chars().count() > 20, "{before:?}");
    terminal.resize(24, 20);
    // What the old line took is cleared (from its first row down), then it is drawn anew,
    // in the 19 columns that fit.
    let cleared = terminal.wait_for("\x1b[J", at);
    let end = terminal.wait_for("\x1b[0m", cleared);
    let text = terminal.text();
    let redrawn = status_lines(&text[cleared..end]);
    let line = redrawn.last().expect("the status line drawn again");
    assert!(line.starts_with("⏸ 0:0"), "{line:?}");
    assert!(
        line.chars().count() <= 19,
        "{line:?} is wider than the terminal"
    );
    assert!(
        text[at..cleared].contains("\x1b[1A"),
        "the wrapped rows of the old line are not cleared: {:?}",
        &text[at..cleared]
    );
    // Wider again: drawn in full.
    terminal.resize(24, 100);
    let again = terminal.wait_for("\x1b[J", end);
    let end = terminal.wait_for("\x1b[0m", again);
    let text = terminal.text();
    assert_eq!(status_lines(&text[again..end]).last(), Some(&before));
    terminal.press("q");
    assert!(terminal.wait().success(), "{}", terminal.text());
}

/// The status lines drawn in `text`: what is written in bold.
fn status_lines(text: &str) -> Vec<String> {
    text.split("\x1b[1m")
        .skip(1)
        .filter_map(|part| part.split_once("\x1b[0m").map(|(line, _)| line.to_string()))
        .collect()
}

#[test]
fn several_articles_show_which_one_in_the_status_line() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::write(
        sandbox.path("b.txt"),
        "Chợ Đồng Xuân\n\nChợ Đồng Xuân đông khách hơn mọi ngày.",
    )
    .unwrap();
    let Some(mut terminal) = Terminal::spawn(&server, &sandbox, &["b.txt"]) else {
        return;
    };
    let at = terminal.wait_for("article 1 of 2: Sáng nay trời mưa nhỏ ở Hà Nội.\r\n", 0);
    let at = terminal.wait_for(" · article 1/2 · ", at);
    terminal.press(">");
    let at = terminal.wait_for("article 2 of 2: Chợ Đồng Xuân\r\n", at);
    let at = terminal.wait_for(" · article 2/2 · ", at);
    terminal.press(">");
    let at = terminal.wait_for("this is the last article (2 of 2)", at);
    terminal.press("<");
    let at = terminal.wait_for(" · article 1/2 · ", at);
    terminal.press("q");
    assert!(terminal.wait().success(), "{}", terminal.text());
    terminal.wait_for(
        ", article 1 of 2; to go on: docbao read text.txt b.txt --rate 1x --volume 100",
        at,
    );
    assert_eq!(terminal.local_flags(), CANONICAL);
}
