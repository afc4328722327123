//! The voices' engines, kept open between syntheses: opening a Piper voice loads its model
//! (a few hundred milliseconds, tens of megabytes), which a request should not pay each time.
//! A few engines are kept, the least recently used closed first; requests for the same voice
//! share one engine (engines synthesize from several threads at once).

use std::sync::{Arc, Mutex};

use crate::synth::{self, Engine, SynthError};
use crate::voice::Voice;

/// Engines kept open at most: the voices a site uses at once (each Piper one holds its model).
const KEPT: usize = 4;

/// The open engines, most recently used last.
#[derive(Default)]
pub(crate) struct Engines {
    open: Mutex<Vec<(Voice, Arc<dyn Engine>)>>,
}

impl Engines {
    /// `voice`'s engine: the one kept open, or a new one (opened without holding the list, so
    /// a slow model load does not hold up requests for other voices).
    pub fn get(&self, voice: &Voice) -> Result<Arc<dyn Engine>, SynthError> {
        if let Some(engine) = self.take_recent(voice) {
            return Ok(engine);
        }
        let engine: Arc<dyn Engine> = Arc::from(synth::open_parallel(
            voice,
            crate::render::default_threads(),
        )?);
        let mut open = self.lock();
        // Another request may have opened it meanwhile: keep one.
        if let Some(at) = open.iter().position(|(v, _)| v == voice) {
            let kept = open.remove(at);
            let engine = Arc::clone(&kept.1);
            open.push(kept);
            return Ok(engine);
        }
        if open.len() >= KEPT {
            open.remove(0);
        }
        open.push((voice.clone(), Arc::clone(&engine)));
        Ok(engine)
    }

    /// How many engines are open.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }

    fn take_recent(&self, voice: &Voice) -> Option<Arc<dyn Engine>> {
        let mut open = self.lock();
        let at = open.iter().position(|(v, _)| v == voice)?;
        let entry = open.remove(at);
        let engine = Arc::clone(&entry.1);
        open.push(entry);
        Some(engine)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(Voice, Arc<dyn Engine>)>> {
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_engine_is_opened_once_per_voice_and_shared() {
        let voice = crate::voice::Voices::builtin().find("vi-female").unwrap();
        let engines = Engines::default();
        let first = engines.get(&voice).unwrap();
        let second = engines.get(&voice).unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(engines.len(), 1);
    }
}
