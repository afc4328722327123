//! Ctrl-C, SIGTERM and SIGHUP: one handler for the whole program (the `ctrlc` crate allows
//! one), whose meaning follows what docbao is doing.
//!
//! - While it reads its input, fetches a page or opens a voice: exit at once.
//! - While it renders: stop after the current piece of audio and remove the unfinished files.
//! - While it plays: quit as `q` does (the terminal restored, the place saved and printed).
//!
//! A second signal, or a first one that is not obeyed within a few seconds (a sound server
//! that stopped answering), removes the unfinished files, saves the last place noted of a
//! reading, restores the terminal and exits at once. Every interruption exits with 130, as shells report Ctrl-C.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

use docbao::{CancelToken, Command};

use crate::read::Input;
use crate::report::INTERRUPTED;

/// How long a first signal may take to be obeyed before docbao exits anyway.
const GRACE: Duration = Duration::from_secs(3);

#[derive(Clone)]
enum Mode {
    Exit,
    Cancel(CancelToken),
    Quit(Sender<Input>),
}

static MODE: Mutex<Mode> = Mutex::new(Mode::Exit);
static RECEIVED: AtomicBool = AtomicBool::new(false);
static RESTORE: Mutex<Option<fn()>> = Mutex::new(None);
static SAVE: Mutex<Option<fn()>> = Mutex::new(None);

/// Installs the handler; signals exit at once until a mode says otherwise.
pub fn install() {
    let _ = ctrlc::set_handler(on_signal);
}

/// From now on, a signal cancels `token` (a render).
pub fn cancel(token: &CancelToken) {
    set_mode(Mode::Cancel(token.clone()));
}

/// From now on, a signal sends Quit to the player's loop.
pub fn quit(inputs: Sender<Input>) {
    set_mode(Mode::Quit(inputs));
}

/// From now on, a signal exits at once.
pub fn exit() {
    set_mode(Mode::Exit);
}

/// What puts the terminal back, run before a forced exit.
pub fn on_forced_exit(restore: fn()) {
    *RESTORE.lock().unwrap_or_else(|p| p.into_inner()) = Some(restore);
}

/// What saves the reading's place, run before a forced exit.
pub fn on_forced_exit_save(save: fn()) {
    *SAVE.lock().unwrap_or_else(|p| p.into_inner()) = Some(save);
}

/// Whether the listener interrupted docbao: a signal, or Ctrl-C read as a key.
pub fn interrupted() -> bool {
    RECEIVED.load(Ordering::SeqCst)
}

/// Ctrl-C was pressed in the terminal view, where it is a key, not a signal.
pub fn interrupt_key() {
    RECEIVED.store(true, Ordering::SeqCst);
}

fn set_mode(mode: Mode) {
    *MODE.lock().unwrap_or_else(|p| p.into_inner()) = mode;
}

fn on_signal() {
    if RECEIVED.swap(true, Ordering::SeqCst) {
        exit_now();
    }
    let mode = MODE
        .try_lock()
        .map(|mode| mode.clone())
        .unwrap_or(Mode::Exit);
    match mode {
        Mode::Exit => exit_now(),
        Mode::Cancel(token) => token.cancel(),
        Mode::Quit(inputs) => {
            if inputs.send(Input::Command(Command::Quit)).is_err() {
                exit_now();
            }
        }
    }
    std::thread::spawn(|| {
        std::thread::sleep(GRACE);
        exit_now();
    });
}

/// Removes unfinished files, saves the reading's place, restores the terminal, exits with 130.
fn exit_now() -> ! {
    docbao::export::remove_unfinished();
    if let Ok(Some(save)) = SAVE.try_lock().map(|s| *s) {
        save();
    }
    if let Ok(Some(restore)) = RESTORE.try_lock().map(|r| *r) {
        restore();
    }
    std::process::exit(INTERRUPTED.into());
}
