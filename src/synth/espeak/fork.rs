//! Each synthesis in a process of its own, forked from the engine thread.
//!
//! libespeak-ng carries state from one utterance to the next (the pitch flutter's place, the
//! automatic gain, the echo, the translator's last clause, …), so the same sentence made twice
//! in one engine comes out a little different, a few ms shorter or longer. The engine thread
//! therefore never synthesizes: it keeps libespeak-ng as it is once initialized and its voice
//! loaded, and forks a child for each sentence, which makes it from that same state, sends
//! its audio up a pipe as it is made, and exits. A sentence's samples are then the same
//! whatever was said before it and whichever thread asked: a reading and a render agree, and
//! a render makes several sentences at once (each child is a process of its own, so
//! libespeak-ng's global state is no obstacle) with the same samples as one at a time.
//!
//! The child has only the forking thread. It allocates (glibc's `fork` leaves the allocator
//! usable in the child) and writes to its pipe, then leaves with `_exit`, never running the
//! parent's destructors. It ignores Ctrl-C and termination signals, which are its parent's to
//! act on: it ends when its pipe is closed, when it is killed (a cancel), or with its parent.
//!
//! On the pipe, numbers in native byte order: a block of audio is [`BLOCK`], a sample count
//! (`u32`) and the samples (`i16`); the end is [`END`], espeak's status (`i32`), the samples of
//! leading silence dropped (`u32`), the count of word events (`u32`) and each event's sample,
//! 1-based character position and length in characters (`u32` each).

use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd};

use crate::cancel::CancelToken;

const BLOCK: u8 = 1;
const END: u8 = 2;
/// The most samples one block may say it holds: more is a broken pipe, not audio.
const MOST_SAMPLES: u32 = 1 << 24;
/// The most word events a sentence may say it has.
const MOST_WORDS: u32 = 1 << 20;
/// How often a wait for the child looks at the cancel token.
const TICK_MS: i32 = 50;

/// Samples a child gathers before it sends them, at most: libespeak-ng hands over ~50 ms at
/// a time, and a write and a wake-up of the parent for each would cost a quarter of the
/// synthesis. The first block is sent at once and the next ones grow from [`FIRST_SEND_AT`],
/// so a reading has its first sound, and the player its first buffer, as soon as they exist.
const SEND_AT: usize = 16384;
/// The size the second block is sent at (doubling up to [`SEND_AT`]).
const FIRST_SEND_AT: usize = 2048;
/// Bytes the pipe holds (Linux; where it can be set): a child writes a sentence without
/// waiting for its parent to read.
const PIPE_BYTES: libc::c_int = 1 << 20;

/// The child's end of the pipe.
pub(super) struct Sender {
    pipe: File,
    /// Samples not sent yet.
    pending: Vec<i16>,
    /// Something was sent already.
    started: bool,
    /// Send when this many samples are pending.
    send_at: usize,
}

impl Sender {
    /// Sends a block of samples (the first at once, then gathered into larger ones).
    pub(super) fn block(&mut self, samples: &[i16]) -> io::Result<()> {
        self.pending.extend_from_slice(samples);
        if !self.started {
            self.started = true;
            return self.flush();
        }
        if self.pending.len() >= self.send_at {
            self.send_at = (self.send_at * 2).min(SEND_AT);
            return self.flush();
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut head = [BLOCK, 0, 0, 0, 0];
        head[1..].copy_from_slice(&(self.pending.len() as u32).to_ne_bytes());
        self.pipe.write_all(&head)?;
        self.pipe.write_all(as_bytes(&self.pending))?;
        self.pending.clear();
        Ok(())
    }

    /// Sends the end: espeak's status, the leading samples dropped and the word events.
    pub(super) fn end(
        &mut self,
        status: i32,
        skipped: usize,
        words: &[(usize, usize, usize)],
    ) -> io::Result<()> {
        self.flush()?;
        let mut frame = vec![END];
        frame.extend_from_slice(&status.to_ne_bytes());
        frame.extend_from_slice(&(skipped as u32).to_ne_bytes());
        frame.extend_from_slice(&(words.len() as u32).to_ne_bytes());
        for &(sample, position, length) in words {
            for n in [sample, position, length] {
                frame.extend_from_slice(&(n as u32).to_ne_bytes());
            }
        }
        self.pipe.write_all(&frame)
    }
}

/// What a child sent for a whole sentence.
pub(super) struct Made {
    /// espeak_Synth's status.
    pub status: i32,
    pub samples: Vec<i16>,
    /// Leading samples of silence the child dropped.
    pub skipped: usize,
    /// Word events: sample, 1-based character position, length in characters.
    pub words: Vec<(usize, usize, usize)>,
}

/// Why a child gave no sentence.
pub(super) enum Failure {
    Cancelled,
    /// The child ended or wrote something else than the protocol.
    Broken(io::Error),
}

/// A child making one sentence, seen from the parent.
pub(super) struct Child {
    pid: libc::pid_t,
    pipe: BufReader<File>,
    reaped: bool,
}

/// Forks a child that runs `body` with the sending end of a pipe, then exits. Call it only
/// from the thread that owns libespeak-ng: the child is a copy of that thread alone.
pub(super) fn spawn(body: impl FnOnce(&mut Sender)) -> io::Result<Child> {
    let fds = pipe()?;
    // SAFETY: both are open descriptors that nothing else owns.
    let (read, write) = unsafe { (File::from_raw_fd(fds[0]), File::from_raw_fd(fds[1])) };
    #[cfg(target_os = "linux")]
    // SAFETY: an open pipe; a refusal (a lower system limit) leaves it as it was.
    unsafe {
        libc::fcntl(fds[1], libc::F_SETPIPE_SZ, PIPE_BYTES);
    }
    // SAFETY: the parent goes on as before; the child runs `body` on its only thread and
    // leaves with `_exit` (see the module's documentation).
    let parent = unsafe { libc::getpid() };
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid == 0 {
        drop(read);
        // SAFETY: in the child, before anything else runs. Ctrl-C and termination reach the
        // whole process group, and what they mean is the parent's to decide (stop a render,
        // move a reading on): the child ignores them and ends when its parent stops reading
        // its pipe (its next write fails) or, on Linux, when its parent dies.
        unsafe {
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT] {
                libc::signal(signal, libc::SIG_IGN);
            }
            #[cfg(target_os = "linux")]
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            if libc::getppid() != parent {
                libc::_exit(1);
            }
        }
        let mut sender = Sender {
            pipe: write,
            pending: Vec::new(),
            started: false,
            send_at: FIRST_SEND_AT,
        };
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(&mut sender)));
        // SAFETY: leaves the child at once, running nothing of the parent's.
        unsafe { libc::_exit(if done.is_ok() { 0 } else { 101 }) }
    }
    drop(write);
    Ok(Child {
        pid,
        pipe: BufReader::with_capacity(1 << 16, read),
        reaped: false,
    })
}

impl Child {
    /// Receives the sentence, handing each block to `on_block` as it comes; stops the child
    /// soon after `cancel` is set.
    pub(super) fn receive(
        mut self,
        cancel: &CancelToken,
        on_block: &mut dyn FnMut(&[i16]),
    ) -> Result<Made, Failure> {
        let mut samples = Vec::new();
        loop {
            self.wait(cancel)?;
            let [tag] = read_array(&mut self.pipe)?;
            match tag {
                BLOCK => {
                    let count = read_u32(&mut self.pipe, MOST_SAMPLES)? as usize;
                    let start = samples.len();
                    samples.resize(start + count, 0);
                    // SAFETY: the new samples' memory, as bytes (see `as_bytes`).
                    let bytes = unsafe {
                        std::slice::from_raw_parts_mut(
                            samples[start..].as_mut_ptr().cast::<u8>(),
                            2 * count,
                        )
                    };
                    self.pipe.read_exact(bytes)?;
                    on_block(&samples[start..]);
                }
                END => {
                    let status = i32::from_ne_bytes(read_array(&mut self.pipe)?);
                    let skipped = read_u32(&mut self.pipe, u32::MAX)? as usize;
                    let count = read_u32(&mut self.pipe, MOST_WORDS)? as usize;
                    let mut words = Vec::with_capacity(count);
                    for _ in 0..count {
                        let sample = read_u32(&mut self.pipe, u32::MAX)? as usize;
                        let position = read_u32(&mut self.pipe, u32::MAX)? as usize;
                        let length = read_u32(&mut self.pipe, u32::MAX)? as usize;
                        words.push((sample, position, length));
                    }
                    self.reap(false);
                    return Ok(Made {
                        status,
                        samples,
                        skipped,
                        words,
                    });
                }
                _ => return Err(Failure::Broken(io::Error::other("an unknown frame"))),
            }
        }
    }

    /// Waits until the child has written something (or ended), or `cancel` is set.
    fn wait(&mut self, cancel: &CancelToken) -> Result<(), Failure> {
        loop {
            if cancel.is_cancelled() {
                return Err(Failure::Cancelled);
            }
            if !self.pipe.buffer().is_empty() {
                return Ok(());
            }
            let mut poll = libc::pollfd {
                fd: self.pipe.get_ref().as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd for the duration of the call.
            let ready = unsafe { libc::poll(&mut poll, 1, TICK_MS) };
            if ready > 0 {
                return Ok(()); // something to read, or the end: the read says which
            }
            if ready < 0 {
                let error = io::Error::last_os_error();
                if error.kind() != io::ErrorKind::Interrupted {
                    return Err(Failure::Broken(error));
                }
            }
        }
    }

    /// Waits for the child's end, killing it first if `kill`.
    fn reap(&mut self, kill: bool) {
        if self.reaped {
            return;
        }
        self.reaped = true;
        // SAFETY: `pid` is our own child, not yet waited for.
        unsafe {
            if kill {
                libc::kill(self.pid, libc::SIGKILL);
            }
            let mut status = 0;
            while libc::waitpid(self.pid, &mut status, 0) < 0
                && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted
            {}
        }
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        self.reap(true);
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Broken(error)
    }
}

/// A pipe whose ends are closed on `exec` (the child never execs; other programs this process
/// starts must not hold them).
fn pipe() -> io::Result<[libc::c_int; 2]> {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors.
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
    let made = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    // SAFETY: as above; then plain `fcntl` on the two new descriptors.
    #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
    let made = unsafe {
        let made = libc::pipe(fds.as_mut_ptr());
        if made == 0 {
            for fd in fds {
                libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
            }
        }
        made
    };
    if made != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(fds)
}

/// The samples' bytes, in native order.
fn as_bytes(samples: &[i16]) -> &[u8] {
    // SAFETY: i16 has no padding and any byte is a valid u8; the length is the same memory.
    unsafe { std::slice::from_raw_parts(samples.as_ptr().cast::<u8>(), 2 * samples.len()) }
}

fn read_array<const N: usize>(input: &mut impl Read) -> io::Result<[u8; N]> {
    let mut bytes = [0; N];
    input.read_exact(&mut bytes)?;
    Ok(bytes)
}

fn read_u32(input: &mut impl Read, most: u32) -> io::Result<u32> {
    let n = u32::from_ne_bytes(read_array(input)?);
    if n > most {
        return Err(io::Error::other("a count out of range"));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_end_come_through_in_order() {
        let child = spawn(|out| {
            out.block(&[1, -2, 3]).unwrap();
            out.block(&[i16::MIN, i16::MAX]).unwrap();
            out.block(&[5; FIRST_SEND_AT]).unwrap();
            out.block(&[6]).unwrap();
            out.end(0, 7, &[(0, 1, 3), (2, 5, 4)]).unwrap();
        })
        .unwrap();
        let mut blocks = Vec::new();
        let made = child
            .receive(&CancelToken::new(), &mut |b| blocks.push(b.to_vec()))
            .ok()
            .unwrap();
        // The first block at once, then gathered ones, then the rest with the end.
        let mut second = vec![i16::MIN, i16::MAX];
        second.extend_from_slice(&[5; FIRST_SEND_AT]);
        assert_eq!(blocks, [vec![1, -2, 3], second, vec![6]]);
        assert_eq!(made.samples.len(), 3 + 2 + FIRST_SEND_AT + 1);
        assert_eq!(made.samples[..5], [1, -2, 3, i16::MIN, i16::MAX]);
        assert_eq!((made.status, made.skipped), (0, 7));
        assert_eq!(made.words, [(0, 1, 3), (2, 5, 4)]);
    }

    #[test]
    fn a_child_that_ends_early_is_broken_not_a_hang() {
        let child = spawn(|out| out.block(&[1, 2]).unwrap()).unwrap();
        assert!(matches!(
            child.receive(&CancelToken::new(), &mut |_| {}),
            Err(Failure::Broken(_))
        ));
        let child = spawn(|_| panic!("in the child")).unwrap();
        assert!(matches!(
            child.receive(&CancelToken::new(), &mut |_| {}),
            Err(Failure::Broken(_))
        ));
    }

    #[test]
    fn a_cancel_stops_a_child_that_never_ends() {
        let child = spawn(|_| {
            loop {
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
        })
        .unwrap();
        let pid = child.pid;
        let cancel = CancelToken::new();
        cancel.cancel();
        assert!(matches!(
            child.receive(&cancel, &mut |_| {}),
            Err(Failure::Cancelled)
        ));
        // Dropped: killed and reaped, so no such process is left.
        assert_eq!(unsafe { libc::kill(pid, 0) }, -1);
    }
}
