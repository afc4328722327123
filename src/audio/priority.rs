//! The sound card's thread asks for the scheduling a real-time audio thread needs.
//!
//! The device thread wakes every few milliseconds to hand over the next samples; on a busy
//! machine a normal thread may wait its turn longer than the device buffer lasts, and the
//! listener hears a gap. Like PulseAudio's and PipeWire's own clients, docbao asks for a low
//! real-time priority (`SCHED_FIFO`, reset on fork) for that one thread and, where that is not
//! allowed, a higher nice level. Both need a privilege (`CAP_SYS_NICE`, or an `RLIMIT_RTPRIO`
//! / `RLIMIT_NICE` the administrator granted); without it nothing changes and playback goes
//! on as before. The thread's work is a bounded copy of a few hundred samples, so a real-time
//! priority cannot starve the rest of the machine (and Linux caps real-time threads at 95 %
//! of a core anyway).
//!
//! The PulseAudio stream has two more threads of the audio library's own, started with it: a
//! driver, and one that asks the server for its latency after every write. Both take locks
//! the device's thread needs (the connection's state, the write notification), so a normal
//! thread holding one while a busy machine gives its core to something else makes the device's
//! thread wait as long: the server's request is answered late and the buffer runs dry
//! (measured under `stress-ng --cpu 2`: requests 76–94 ms apart where 50 ms is due, and 74 ms
//! of silence added, in 3 readings of 120; none in 80 with those threads raised). They are
//! given the same priority ([`raise_threads_started_since`]); they sleep but for a few
//! microseconds per write.

/// The real-time priority asked for: low, as PulseAudio gives its clients' audio threads.
#[cfg(target_os = "linux")]
const REALTIME_PRIORITY: libc::c_int = 5;
/// The nice level asked for when real-time scheduling is refused.
#[cfg(target_os = "linux")]
const NICE: libc::c_int = -11;

/// What the calling thread got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Priority {
    /// `SCHED_FIFO` at a low priority.
    Realtime,
    /// A higher nice level than the process's.
    Nice,
    /// Nothing was allowed: the thread keeps the process's scheduling.
    Normal,
}

/// Raises the calling thread's scheduling priority as far as allowed (see the module docs).
#[cfg(target_os = "linux")]
pub(crate) fn raise_current_thread() -> Priority {
    // SAFETY: gettid has no preconditions.
    raise(unsafe { libc::gettid() })
}

/// Raises thread `thread` of this process as far as allowed.
#[cfg(target_os = "linux")]
fn raise(thread: libc::pid_t) -> Priority {
    // SAFETY: plain system calls on a thread id, with a parameter struct that lives across
    // the call; a thread that has ended meanwhile makes them fail, nothing else.
    unsafe {
        let param = libc::sched_param {
            sched_priority: REALTIME_PRIORITY,
        };
        if libc::sched_setscheduler(thread, libc::SCHED_FIFO | libc::SCHED_RESET_ON_FORK, &param)
            == 0
        {
            return Priority::Realtime;
        }
        if libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, NICE) == 0 {
            return Priority::Nice;
        }
    }
    Priority::Normal
}

/// This process' threads, by id.
#[cfg(target_os = "linux")]
pub(crate) fn threads() -> Vec<libc::pid_t> {
    std::fs::read_dir("/proc/self/task")
        .map(|dir| {
            dir.filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Raises, as [`raise_current_thread`] does, the threads not in `before` that bear the
/// calling thread's name: the ones the audio library started from it since (its threads
/// are unnamed, so they inherit the name). Returns how many were raised.
#[cfg(target_os = "linux")]
pub(crate) fn raise_threads_started_since(before: &[libc::pid_t]) -> usize {
    let name =
        |thread: libc::pid_t| std::fs::read_to_string(format!("/proc/self/task/{thread}/comm"));
    // SAFETY: gettid has no preconditions.
    let Ok(own) = name(unsafe { libc::gettid() }) else {
        return 0;
    };
    threads()
        .into_iter()
        .filter(|thread| !before.contains(thread))
        .filter(|&thread| name(thread).is_ok_and(|n| n == own))
        .filter(|&thread| raise(thread) != Priority::Normal)
        .count()
}

/// Raises the calling thread's scheduling priority as far as allowed: nothing is done off
/// Linux.
#[cfg(not(target_os = "linux"))]
pub(crate) fn raise_current_thread() -> Priority {
    Priority::Normal
}

/// This process' threads: not known off Linux.
#[cfg(not(target_os = "linux"))]
pub(crate) fn threads() -> Vec<i32> {
    Vec::new()
}

/// Raises the threads started since `before`: nothing is done off Linux.
#[cfg(not(target_os = "linux"))]
pub(crate) fn raise_threads_started_since(_before: &[i32]) -> usize {
    0
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// The scheduling policy of thread `thread`.
    fn policy(thread: libc::pid_t) -> libc::c_int {
        // SAFETY: a plain system call on a thread id.
        unsafe { libc::sched_getscheduler(thread) & !libc::SCHED_RESET_ON_FORK }
    }

    /// Starts a thread (named `name`, or unnamed: it inherits its parent's name) that waits
    /// for `stop`; returns its id.
    fn waiting(name: Option<&str>, stop: mpsc::Receiver<()>) -> libc::pid_t {
        let (id, told) = mpsc::channel();
        let body = move || {
            // SAFETY: gettid has no preconditions.
            let _ = id.send(unsafe { libc::gettid() });
            let _ = stop.recv();
        };
        match name {
            Some(name) => drop(std::thread::Builder::new().name(name.into()).spawn(body)),
            None => drop(std::thread::spawn(body)),
        }
        told.recv().unwrap()
    }

    #[test]
    fn only_the_threads_started_since_with_the_callers_name_are_raised() {
        std::thread::Builder::new()
            .name("docbao-prio-t".into())
            .spawn(|| {
                let (stop, stopped) = mpsc::channel::<()>();
                let (stop2, stopped2) = mpsc::channel::<()>();
                let (stop3, stopped3) = mpsc::channel::<()>();
                let old = waiting(None, stopped);
                let before = threads();
                assert!(before.contains(&old));
                let new = waiting(None, stopped2);
                let other = waiting(Some("someone-else"), stopped3);
                let raised = raise_threads_started_since(&before);
                let allowed = raise_current_thread() == Priority::Realtime;
                if allowed {
                    assert_eq!(raised, 1);
                    assert_eq!(policy(new), libc::SCHED_FIFO);
                } else {
                    // Without the privilege nothing changes, and nothing fails.
                    assert!(raised <= 1);
                }
                assert_eq!(policy(old), libc::SCHED_OTHER);
                assert_eq!(policy(other), libc::SCHED_OTHER);
                drop((stop, stop2, stop3));
            })
            .unwrap()
            .join()
            .unwrap();
    }
}
