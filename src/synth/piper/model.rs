//! The VITS model of a Piper voice, run with ONNX Runtime.

use std::path::Path;

use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;
use ort::value::Tensor;

use super::config::Inference;
use super::graph;

/// A loaded model; load once, run for every chunk.
pub(crate) struct Model {
    session: Session,
    /// The model takes a speaker id (`sid`).
    multi_speaker: bool,
    /// The name of the added output with each phoneme's length in frames, if the graph
    /// could be edited to give it.
    durations: Option<String>,
}

/// What one run gives.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Output {
    /// Mono samples, about −1 to 1.
    pub audio: Vec<f32>,
    /// Frames each input id lasts, when the model tells.
    pub durations: Option<Vec<f32>>,
}

/// A model's bytes, read and edited once, from which as many sessions as wanted are made.
pub(crate) struct Prepared {
    path: std::path::PathBuf,
    bytes: Vec<u8>,
    durations: Option<String>,
}

impl Prepared {
    /// Reads the model at `path` and edits it (reproducible noise, phoneme durations).
    pub(crate) fn read(path: &Path) -> Result<Prepared, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        crate::trace::mark("piper: model read");
        let edited = graph::edit(&bytes);
        crate::trace::mark("piper: model edited");
        Ok(match edited {
            Ok(edited) => Prepared {
                path: path.into(),
                bytes: edited.bytes,
                durations: Some(edited.durations),
            },
            Err(_) => Prepared {
                path: path.into(),
                bytes,
                durations: None,
            },
        })
    }
}

impl Model {
    /// A session of the prepared model, on one thread of its own (several sessions of one
    /// voice, each with its thread, use several cores; their samples are the same).
    pub(crate) fn new(prepared: &Prepared) -> Result<Model, String> {
        let path = &prepared.path;
        let durations = prepared.durations.clone();
        let not_a_model =
            |e: ort::Error| format!("{} is not a usable Piper model: {e}", path.display());
        // Unoptimized: ONNX Runtime's graph optimizations took 0.8–2 s more to make a session
        // of a medium voice on a busy 2-core machine than none (0.4–0.5 s), and the optimized
        // graph was no faster to run (a real-time factor of 0.135 against 0.137; 600 words
        // rendered in the same time); the first sound waits for the session.
        let session = Session::builder()
            .and_then(|b| b.with_optimization_level(GraphOptimizationLevel::Disable))
            .and_then(|b| b.with_intra_threads(1))
            .and_then(|b| b.commit_from_memory(&prepared.bytes))
            .map_err(not_a_model)?;
        let names: Vec<&str> = session.inputs.iter().map(|i| i.name.as_str()).collect();
        for needed in ["input", "input_lengths", "scales"] {
            if !names.contains(&needed) {
                return Err(format!(
                    "{} is not a Piper model: it has no input '{needed}'",
                    path.display()
                ));
            }
        }
        let multi_speaker = names.contains(&"sid");
        Ok(Model {
            session,
            multi_speaker,
            durations,
        })
    }

    /// Whether the model takes a speaker id.
    pub(crate) fn multi_speaker(&self) -> bool {
        self.multi_speaker
    }

    /// Speaks `ids`.
    pub(crate) fn run(
        &mut self,
        ids: &[i64],
        scales: Inference,
        speaker: i64,
    ) -> Result<Output, String> {
        let failed = |e: ort::Error| format!("inference failed: {e}");
        let input = Tensor::from_array(([1, ids.len()], ids.to_vec())).map_err(failed)?;
        let lengths = Tensor::from_array(([1], vec![ids.len() as i64])).map_err(failed)?;
        let scales = Tensor::from_array((
            [3],
            vec![scales.noise_scale, scales.length_scale, scales.noise_w],
        ))
        .map_err(failed)?;
        let outputs = if self.multi_speaker {
            let sid = Tensor::from_array(([1], vec![speaker])).map_err(failed)?;
            self.session.run(ort::inputs![
                "input" => input, "input_lengths" => lengths, "scales" => scales, "sid" => sid
            ])
        } else {
            self.session.run(ort::inputs![
                "input" => input, "input_lengths" => lengths, "scales" => scales
            ])
        }
        .map_err(failed)?;
        let (_, audio) = outputs
            .get("output")
            .ok_or("the model gave no 'output'")?
            .try_extract_tensor::<f32>()
            .map_err(failed)?;
        let durations = match &self.durations {
            Some(name) => outputs
                .get(name)
                .and_then(|d| d.try_extract_tensor::<f32>().ok())
                .map(|(_, d)| d.to_vec())
                .filter(|d| d.len() == ids.len()),
            None => None,
        };
        Ok(Output {
            audio: audio.to_vec(),
            durations,
        })
    }
}
