//! Driving a running `docbao`: signals, waiting with a limit, reading its output until a
//! phrase appears.

use std::io::Read;
use std::process::{Child, Output};
use std::time::{Duration, Instant};

/// Sends `signal` to `child`.
pub fn signal(child: &Child, signal: libc::c_int) {
    // SAFETY: kill(2) on our own child, whose pid is still ours until it is waited for.
    unsafe { libc::kill(child.id() as libc::pid_t, signal) };
}

/// Waits for `child` at most `limit`, then returns its exit code, its standard error (when
/// piped) and how long it took. A child still running after `limit` is killed and the test
/// fails, naming `what`.
pub fn finish_within(
    mut child: Child,
    limit: Duration,
    what: &str,
) -> (Option<i32>, String, Duration) {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            if let Some(mut pipe) = child.stderr.take() {
                pipe.read_to_string(&mut err).unwrap();
            }
            return (status.code(), err, started.elapsed());
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Like [`finish_within`], keeping everything the child wrote (stdout and stderr piped).
pub fn output_within(mut child: Child, limit: Duration) -> Output {
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "docbao did not end within {limit:?}: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Reads `out` byte by byte until what was read contains `needle` (the rest stays unread),
/// and returns what was read. Fails if the output ends first.
pub fn read_until(out: &mut impl Read, needle: &str) -> String {
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&seen).contains(needle) {
        assert_eq!(
            out.read(&mut byte).unwrap(),
            1,
            "the output ended before {needle:?}"
        );
        seen.push(byte[0]);
    }
    String::from_utf8_lossy(&seen).into_owned()
}

/// Waits for `child` and returns its exit code and standard error (piped).
pub fn finish(child: Child) -> (Option<i32>, String) {
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A pseudo-terminal of `rows` × `cols`: its master side (what a terminal emulator holds) and
/// its slave side (what a program gets as its terminal). `None`, said loudly, where the
/// machine has none — except in CI, where the tests that need one must run.
pub fn pseudo_terminal(rows: u16, cols: u16) -> Option<(std::fs::File, std::os::fd::OwnedFd)> {
    use std::os::fd::{FromRawFd, OwnedFd};
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors we then own.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    if rc != 0 {
        let error = std::io::Error::last_os_error();
        assert!(
            std::env::var_os("CI").is_none(),
            "no pseudo-terminal in CI: {error} (is /dev/pts mounted?)"
        );
        eprintln!("\n*** SKIPPED: no pseudo-terminal here: {error} ***\n");
        return None;
    }
    // SAFETY: fresh descriptors from openpty.
    Some(unsafe {
        (
            std::fs::File::from_raw_fd(master),
            OwnedFd::from_raw_fd(slave),
        )
    })
}

/// Starts `docbao read --plain` on the Vietnamese fixture through `server`, its standard
/// output and error piped.
pub fn read_plain(sandbox: &super::Sandbox, server: &super::sound::SoundServer) -> Child {
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    command
        .args(["read", "--plain"])
        .arg(super::fixture("vi-article.txt"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}
