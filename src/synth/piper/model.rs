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

/// A model's bytes, read and edited once, from which as many sessions as wanted are made:
/// either the optimized form a previous run kept ([`super::optimized`]), or the model file
/// edited here (reproducible noise, phoneme durations).
pub(crate) struct Prepared {
    path: std::path::PathBuf,
    bytes: Vec<u8>,
    durations: Option<String>,
    /// Where the optimized form is kept: loaded from there (`optimized`), or to be saved there
    /// by the first session.
    cache: Option<std::path::PathBuf>,
    optimized: bool,
    /// Whether a session has already tried to save the optimized form.
    saving: std::sync::atomic::AtomicBool,
}

impl Prepared {
    /// Reads the optimized form kept of the model at `path`, or the model itself, edited.
    pub(crate) fn read(path: &Path) -> Result<Prepared, String> {
        let cache = super::optimized::path_for(path);
        if let Some(cached) = &cache
            && let Ok(bytes) = std::fs::read(cached)
        {
            return Ok(Prepared {
                path: path.into(),
                bytes,
                durations: None,
                cache: cache.clone(),
                optimized: true,
                saving: true.into(),
            });
        }
        Self::read_model(path, cache)
    }

    /// Reads the model at `path` itself and edits it; `cache` is where its optimized form is
    /// to be saved.
    fn read_model(path: &Path, cache: Option<std::path::PathBuf>) -> Result<Prepared, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Ok(match graph::edit(&bytes) {
            Ok(edited) => Prepared {
                path: path.into(),
                bytes: edited.bytes,
                durations: Some(edited.durations),
                cache,
                optimized: false,
                saving: false.into(),
            },
            // Not laid out as Piper's export: used as it is, and not kept.
            Err(_) => Prepared {
                path: path.into(),
                bytes,
                durations: None,
                cache: None,
                optimized: false,
                saving: true.into(),
            },
        })
    }
}

impl Model {
    /// A session of the prepared model, on one thread of its own (several sessions of one
    /// voice, each with its thread, use several cores; their samples are the same). The first
    /// session of a model not yet optimized saves its optimized form for the next runs.
    pub(crate) fn new(prepared: &Prepared) -> Result<Model, String> {
        if prepared.optimized {
            match Self::from_optimized(prepared) {
                Ok(model) => {
                    crate::trace::mark("piper: optimized model loaded");
                    return Ok(model);
                }
                Err(_) => {
                    crate::trace::mark("piper: optimized model unusable, forgotten");
                    // A damaged or foreign file: forgotten, and the model read afresh.
                    if let Some(cached) = &prepared.cache {
                        super::optimized::forget(cached);
                    }
                    return Self::new(&Prepared::read_model(&prepared.path, None)?);
                }
            }
        }
        let path = &prepared.path;
        let not_a_model =
            |e: ort::Error| format!("{} is not a usable Piper model: {e}", path.display());
        let save = prepared
            .cache
            .as_ref()
            .filter(|_| {
                !prepared
                    .saving
                    .swap(true, std::sync::atomic::Ordering::SeqCst)
            })
            .and_then(|cached| Some((cached, super::optimized::temporary(cached)?)));
        let builder = Session::builder().and_then(|b| b.with_intra_threads(1));
        let session = match &save {
            Some((_, part)) => builder
                .and_then(|b| b.with_optimization_level(super::optimized::SAVED_LEVEL))
                .and_then(|b| b.with_optimized_model_path(part)),
            None => builder.and_then(|b| b.with_optimization_level(GraphOptimizationLevel::Level3)),
        }
        .and_then(|b| b.commit_from_memory(&prepared.bytes));
        if let Some((cached, part)) = &save {
            match &session {
                Ok(_) => {
                    super::optimized::keep(part, cached);
                    crate::trace::mark("piper: optimized model kept");
                }
                Err(_) => {
                    let _ = std::fs::remove_file(part);
                }
            }
        }
        Self::checked(
            session.map_err(not_a_model)?,
            path,
            prepared.durations.clone(),
        )
    }

    /// A session of the optimized form kept, used as it is; its durations output is the one
    /// besides `output`.
    fn from_optimized(prepared: &Prepared) -> Result<Model, String> {
        let session = Session::builder()
            .and_then(|b| b.with_intra_threads(1))
            .and_then(|b| b.with_optimization_level(GraphOptimizationLevel::Disable))
            .and_then(|b| b.commit_from_memory(&prepared.bytes))
            .map_err(|e| e.to_string())?;
        let others: Vec<String> = session
            .outputs
            .iter()
            .map(|o| o.name.clone())
            .filter(|name| name != "output")
            .collect();
        let durations = match others.as_slice() {
            [one] => Some(one.clone()),
            _ => return Err("not an optimized Piper model".into()),
        };
        Self::checked(session, &prepared.path, durations)
    }

    /// `session` if it has a Piper model's inputs.
    fn checked(session: Session, path: &Path, durations: Option<String>) -> Result<Model, String> {
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
