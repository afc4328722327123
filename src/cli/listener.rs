//! What reaches a reading from the listener — keys, plain-mode words, signals, media keys —
//! on one channel, so every way of asking is carried out and shown the same way.

use docbao::Command;

/// What reaches the loop from the listener.
pub enum Input {
    /// A command to carry out.
    Command(Command),
    /// Show the keys or commands.
    Help,
    /// Something that is not a command; the message says so.
    Invalid(String),
    /// The terminal has this many columns now.
    Resized(u16),
    /// Go to another article of the queue.
    Article(Step),
}

/// A move in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Next,
    Previous,
}
