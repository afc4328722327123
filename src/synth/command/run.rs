//! Running a voice program once: arguments in, standard output back, with a time limit.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::cancel::CancelToken;

/// How a run ended badly, in words for [`SynthError::Failed`](crate::SynthError::Failed)
/// (or cancelled).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RunError {
    /// The cancel token was set; the program was stopped.
    Cancelled,
    /// One sentence saying what went wrong.
    Failed(String),
}

/// Longest stretch of standard error kept for the message.
const STDERR_TAIL: usize = 300;

/// Runs `program args`, writing `stdin` (if any) to it; calls `on_output` with each block of
/// standard output as it arrives (an error from it stops the program and is the result). Stops the program when `timeout` passes or `cancel` is set.
pub(crate) fn run(
    program: &str,
    args: &[String],
    stdin: Option<&str>,
    timeout: Duration,
    cancel: &CancelToken,
    on_output: &mut dyn FnMut(&[u8]) -> Result<(), String>,
) -> Result<(), RunError> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            RunError::Failed(match e.kind() {
                std::io::ErrorKind::NotFound => {
                    format!("the program '{program}' is not installed (not found on PATH)")
                }
                std::io::ErrorKind::PermissionDenied => {
                    format!("the program '{program}' cannot be run (permission denied)")
                }
                _ => format!("the program '{program}' cannot start ({e})"),
            })
        })?;
    let (Some(mut out), Some(mut err)) = (child.stdout.take(), child.stderr.take()) else {
        stop(&mut child);
        return Err(RunError::Failed(format!(
            "the program '{program}' has no output pipe"
        )));
    };
    if let (Some(text), Some(mut input)) = (stdin, child.stdin.take()) {
        let text = format!("{text}\n");
        // A program that does not read its input must not block us: write on a thread.
        std::thread::spawn(move || {
            let _ = input.write_all(text.as_bytes());
        });
    }
    let (stderr_sender, stderr) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = err.by_ref().take(64 * 1024).read_to_end(&mut bytes);
        let _ = stderr_sender.send(bytes);
        // Drain the rest so the program never blocks on a full pipe.
        let _ = std::io::copy(&mut err, &mut std::io::sink());
    });
    let (sender, blocks) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buffer = vec![0u8; 16 * 1024];
        loop {
            match out.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if sender.send(buffer[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    let deadline = Instant::now() + timeout;
    loop {
        if cancel.is_cancelled() {
            stop(&mut child);
            return Err(RunError::Cancelled);
        }
        let now = Instant::now();
        if now >= deadline {
            stop(&mut child);
            return Err(RunError::Failed(format!(
                "the program '{program}' gave no complete answer within {} s and was stopped",
                timeout.as_secs()
            )));
        }
        match blocks.recv_timeout((deadline - now).min(Duration::from_millis(50))) {
            Ok(block) => {
                if let Err(reason) = on_output(&block) {
                    stop(&mut child);
                    return Err(RunError::Failed(reason));
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    // Standard output is closed: the program is ending (or closed it and lingers).
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline && !cancel.is_cancelled() => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Ok(None) if cancel.is_cancelled() => {
                stop(&mut child);
                return Err(RunError::Cancelled);
            }
            Ok(None) => {
                stop(&mut child);
                return Err(RunError::Failed(format!(
                    "the program '{program}' did not exit within {} s and was stopped",
                    timeout.as_secs()
                )));
            }
            Err(e) => {
                return Err(RunError::Failed(format!(
                    "the program '{program}' was lost ({e})"
                )));
            }
        }
    };
    // A helper the program left running may hold standard error open: do not wait for it long.
    let stderr = stderr
        .recv_timeout(Duration::from_millis(500))
        .unwrap_or_default();
    if !status.success() {
        let said = tail(&String::from_utf8_lossy(&stderr));
        let how = match status.code() {
            Some(code) => format!("exit status {code}"),
            None => "a signal".to_string(),
        };
        return Err(RunError::Failed(if said.is_empty() {
            format!("the program '{program}' failed with {how}")
        } else {
            format!("the program '{program}' failed with {how}: {said}")
        }));
    }
    Ok(())
}

/// Kills and reaps the child.
fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// The last line(s) of standard error, one line, at most [`STDERR_TAIL`] bytes.
fn tail(stderr: &str) -> String {
    let joined = stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.len() <= STDERR_TAIL {
        return joined;
    }
    let mut start = joined.len() - STDERR_TAIL;
    while !joined.is_char_boundary(start) {
        start += 1;
    }
    format!("…{}", &joined[start..])
}
