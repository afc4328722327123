//! Audio after synthesis: where each sentence sits in time, and getting it into files.

pub mod export;
pub mod subtitles;
pub mod timeline;
