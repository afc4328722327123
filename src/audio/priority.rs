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
    // SAFETY: plain system calls on the calling thread (0 / its own id), with a parameter
    // struct that lives across the call.
    unsafe {
        let param = libc::sched_param {
            sched_priority: REALTIME_PRIORITY,
        };
        if libc::sched_setscheduler(0, libc::SCHED_FIFO | libc::SCHED_RESET_ON_FORK, &param) == 0 {
            return Priority::Realtime;
        }
        let thread = libc::gettid() as libc::id_t;
        if libc::setpriority(libc::PRIO_PROCESS, thread, NICE) == 0 {
            return Priority::Nice;
        }
    }
    Priority::Normal
}

/// Raises the calling thread's scheduling priority as far as allowed: nothing is done off
/// Linux.
#[cfg(not(target_os = "linux"))]
pub(crate) fn raise_current_thread() -> Priority {
    Priority::Normal
}
