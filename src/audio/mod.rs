//! Audio after synthesis: where each sentence sits in time, and live playback.

pub mod timeline;

#[cfg(feature = "player")]
pub mod command;
#[cfg(feature = "player")]
pub mod event;
#[cfg(feature = "player")]
pub(crate) mod output;
#[cfg(feature = "player")]
mod plan;
#[cfg(feature = "player")]
pub mod player;
#[cfg(feature = "player")]
mod priority;
#[cfg(all(feature = "player", feature = "system"))]
mod service;
#[cfg(feature = "player")]
pub mod sleep;
