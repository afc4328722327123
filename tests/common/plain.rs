//! A `docbao read` in plain mode, driven as a screen-reader user would: a command a line on
//! its standard input, every line of its standard output kept.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// About 9 seconds of Vietnamese in three sentences.
pub const TEXT: &str = "Sáng nay trời mưa nhỏ ở Hà Nội.\n\nNhiều người vẫn đi làm sớm bằng xe buýt và xe máy.\n\n\
                        Buổi chiều trời sẽ tạnh, nhiệt độ tăng lên hai mươi lăm độ.";

/// Words of each sentence of [`TEXT`], to find any of its text in the output.
pub const SENTENCE_WORDS: [&str; 6] = [
    "Sáng nay",
    "mưa nhỏ",
    "Nhiều người",
    "xe buýt",
    "Buổi chiều",
    "hai mươi lăm",
];

pub struct PlainReading {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    /// Every line read so far.
    pub seen: Vec<String>,
}

impl PlainReading {
    /// Starts `command` (a `docbao read …` already given its arguments and environment) with
    /// its three streams piped.
    pub fn start(mut command: Command) -> PlainReading {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("docbao runs");
        let (tx, lines) = std::sync::mpsc::channel();
        let out = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        PlainReading {
            stdin: child.stdin.take(),
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Types `command` and Enter.
    pub fn say(&mut self, command: &str) {
        let stdin = self.stdin.as_mut().expect("standard input open");
        writeln!(stdin, "{command}").unwrap();
    }

    /// Waits (20 s at most) for a line starting with `prefix`, and returns it.
    pub fn wait_for(&mut self, prefix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(100)) {
                self.seen.push(line.clone());
                if line.starts_with(prefix) {
                    return line;
                }
            }
        }
        panic!("no line starting with {prefix:?}; got {:#?}", self.seen);
    }

    /// Closes standard input and waits (30 s at most) for the end; the rest of the lines
    /// are in `seen`.
    pub fn finish(mut self) -> (Output, Vec<String>) {
        drop(self.stdin.take());
        let output = super::process::output_within(self.child, Duration::from_secs(30));
        while let Ok(line) = self.lines.recv_timeout(Duration::from_millis(200)) {
            self.seen.push(line);
        }
        (output, self.seen)
    }
}
