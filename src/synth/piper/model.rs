//! The VITS model of a Piper voice, run with ONNX Runtime: whole, or in its three parts (see
//! `graph.rs`), the front on a whole piece and the flow and the decoder on any stretch of its
//! frames.

use std::path::Path;

use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;
use ort::value::Tensor;

use super::config::Inference;
use super::graph;

/// A loaded model; load once, run for every chunk.
pub(crate) struct Model {
    sessions: Sessions,
    /// The model takes a speaker id (`sid`).
    multi_speaker: bool,
    /// The name of the added output with each phoneme's length in frames, if the graph
    /// could be edited to give it.
    durations: Option<String>,
}

/// The model whole, or in its parts (see `graph.rs`).
#[allow(clippy::large_enum_variant)] // one per inference thread
enum Sessions {
    Whole(Session),
    Parts {
        front: Session,
        /// The flow, when it is cut off the front: its session, its inputs and its context.
        flow: Option<(FrameSession, Vec<String>, usize)>,
        decoder: FrameSession,
        latent: String,
        output: String,
        context: usize,
    },
}

/// A session run on stretches of frames.
struct FrameSession {
    session: Session,
    /// It takes the speaker id too.
    speaker: bool,
    /// It takes the scales too.
    scales: bool,
}

/// What one run gives.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Output {
    /// Mono samples, about −1 to 1.
    pub audio: Vec<f32>,
    /// Frames each input id lasts, when the model tells.
    pub durations: Option<Vec<f32>>,
}

/// What the front part made, frame by frame, for the rest of the model to make audio from:
/// the latent frames, or the flow's inputs.
pub(crate) struct Latent {
    /// Each tensor: its name, and its values, channels × frames, row by row.
    tensors: Vec<(String, Vec<f32>)>,
    frames: usize,
    scales: Inference,
}

impl Latent {
    /// How many frames (a frame is `hop` samples of audio, 256 for Piper's voices).
    pub(crate) fn frames(&self) -> usize {
        self.frames
    }

    /// Frames `from..to` of each tensor.
    fn window(&self, from: usize, to: usize) -> Result<Vec<(String, Tensor<f32>)>, String> {
        let width = to - from;
        self.tensors
            .iter()
            .map(|(name, data)| {
                let channels = data.len() / self.frames.max(1);
                let mut window = Vec::with_capacity(channels * width);
                for row in data.chunks_exact(self.frames.max(1)) {
                    window.extend_from_slice(&row[from..to]);
                }
                let tensor = Tensor::from_array(([1, channels, width], window))
                    .map_err(|e| format!("inference failed: {e}"))?;
                Ok((name.clone(), tensor))
            })
            .collect()
    }
}

impl FrameSession {
    fn new(session: Session) -> FrameSession {
        let names = input_names(&session);
        FrameSession {
            speaker: names.contains(&"sid"),
            scales: names.contains(&"scales"),
            session,
        }
    }

    /// Runs the part on `frames` (named tensors) and returns its output `output`.
    fn run(
        &mut self,
        frames: Vec<(String, Tensor<f32>)>,
        scales: Inference,
        speaker: i64,
        output: &str,
    ) -> Result<(Vec<i64>, Vec<f32>), String> {
        let failed = |e: ort::Error| format!("inference failed: {e}");
        let mut feeds: Feeds = frames
            .into_iter()
            .map(|(name, tensor)| (name.into(), tensor.into()))
            .collect();
        condition(
            &mut feeds,
            self.speaker.then_some(speaker),
            self.scales.then_some(scales),
        )?;
        let outputs = self.session.run(feeds).map_err(failed)?;
        let (shape, values) = outputs
            .get(output)
            .ok_or_else(|| format!("the model gave no '{output}'"))?
            .try_extract_tensor::<f32>()
            .map_err(failed)?;
        Ok((shape.to_vec(), values.to_vec()))
    }
}

/// A session's named inputs.
type Feeds<'a> = Vec<(
    std::borrow::Cow<'a, str>,
    ort::session::SessionInputValue<'a>,
)>;

/// Adds what conditions a part's run to its inputs: the speaker id (`sid`) and the scales
/// (noise, length, noise width), each when the part takes it.
fn condition(
    feeds: &mut Feeds<'_>,
    speaker: Option<i64>,
    scales: Option<Inference>,
) -> Result<(), String> {
    let failed = |e: ort::Error| format!("inference failed: {e}");
    if let Some(speaker) = speaker {
        let sid = Tensor::from_array(([1], vec![speaker])).map_err(failed)?;
        feeds.push(("sid".into(), sid.into()));
    }
    if let Some(scales) = scales {
        let scales = Tensor::from_array((
            [3],
            vec![scales.noise_scale, scales.length_scale, scales.noise_w],
        ))
        .map_err(failed)?;
        feeds.push(("scales".into(), scales.into()));
    }
    Ok(())
}

/// What the front part gives: the latent frames and the durations, or, for a model run
/// whole, the audio at once.
pub(crate) enum Front {
    Latent(Latent, Option<Vec<f32>>),
    Whole(Output),
}

/// A model's bytes, read and edited once, from which as many sessions as wanted are made.
pub(crate) struct Prepared {
    path: std::path::PathBuf,
    model: PreparedModel,
    durations: Option<String>,
}

enum PreparedModel {
    Whole(Vec<u8>),
    Parts(graph::Parts),
}

impl Prepared {
    /// Reads the model at `path`, edits it (reproducible noise, phoneme durations) and cuts
    /// it in parts (before its flow and its decoder).
    pub(crate) fn read(path: &Path) -> Result<Prepared, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        crate::trace::mark("piper: model read");
        // Cut in parts (and edited) where it can be; else edited whole; else as it is.
        if let Ok((parts, durations)) = graph::parts(&bytes) {
            crate::trace::mark("piper: model edited and cut");
            return Ok(Prepared {
                path: path.into(),
                model: PreparedModel::Parts(parts),
                durations: Some(durations),
            });
        }
        let edited = graph::edit(&bytes);
        crate::trace::mark("piper: model edited");
        Ok(match edited {
            Ok(edited) => Prepared {
                path: path.into(),
                model: PreparedModel::Whole(edited.bytes),
                durations: Some(edited.durations),
            },
            Err(_) => Prepared {
                path: path.into(),
                model: PreparedModel::Whole(bytes),
                durations: None,
            },
        })
    }
}

/// A session of `bytes`, on one thread of its own, its graph unoptimized.
fn session(bytes: &[u8]) -> Result<Session, ort::Error> {
    // Unoptimized: ONNX Runtime's graph optimizations took 0.8–2 s more to make a session of a
    // medium voice on a busy 2-core machine than none (0.4–0.5 s), and the optimized graph was
    // no faster to run (a real-time factor of 0.135 against 0.137; 600 words rendered in the
    // same time); the first sound waits for the session.
    Session::builder()
        .and_then(|b| b.with_optimization_level(GraphOptimizationLevel::Disable))
        .and_then(|b| b.with_intra_threads(1))
        .and_then(|b| b.commit_from_memory(bytes))
}

fn input_names(session: &Session) -> Vec<&str> {
    session.inputs.iter().map(|i| i.name.as_str()).collect()
}

impl Model {
    /// Sessions of the prepared model, on one thread of their own (several sessions of one
    /// voice, each with its thread, use several cores; their samples are the same).
    pub(crate) fn new(prepared: &Prepared) -> Result<Model, String> {
        let path = &prepared.path;
        let durations = prepared.durations.clone();
        let not_a_model =
            |e: ort::Error| format!("{} is not a usable Piper model: {e}", path.display());
        let sessions = match &prepared.model {
            PreparedModel::Whole(bytes) => Sessions::Whole(session(bytes).map_err(not_a_model)?),
            PreparedModel::Parts(parts) => {
                let front = session(&parts.front).map_err(not_a_model)?;
                let flow = match &parts.flow {
                    Some(flow) => Some((
                        FrameSession::new(session(&flow.bytes).map_err(not_a_model)?),
                        flow.inputs.clone(),
                        flow.context,
                    )),
                    None => None,
                };
                let decoder = FrameSession::new(session(&parts.decoder).map_err(not_a_model)?);
                Sessions::Parts {
                    front,
                    flow,
                    decoder,
                    latent: parts.latent.clone(),
                    output: parts.output.clone(),
                    context: parts.context,
                }
            }
        };
        let first = match &sessions {
            Sessions::Whole(session) | Sessions::Parts { front: session, .. } => session,
        };
        let names = input_names(first);
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
            sessions,
            multi_speaker,
            durations,
        })
    }

    /// Whether the model takes a speaker id.
    pub(crate) fn multi_speaker(&self) -> bool {
        self.multi_speaker
    }

    /// Speaks `ids` as far as the latent frames, or whole for a model that could not be cut.
    pub(crate) fn front(
        &mut self,
        ids: &[i64],
        scales: Inference,
        speaker: i64,
    ) -> Result<Front, String> {
        let failed = |e: ort::Error| format!("inference failed: {e}");
        let input = Tensor::from_array(([1, ids.len()], ids.to_vec())).map_err(failed)?;
        let lengths = Tensor::from_array(([1], vec![ids.len() as i64])).map_err(failed)?;
        let mut feeds: Feeds = vec![
            ("input".into(), input.into()),
            ("input_lengths".into(), lengths.into()),
        ];
        condition(
            &mut feeds,
            self.multi_speaker.then_some(speaker),
            Some(scales),
        )?;
        let whole = matches!(self.sessions, Sessions::Whole(_));
        let (session, wanted): (&mut Session, Vec<String>) = match &mut self.sessions {
            Sessions::Whole(session) => (session, vec!["output".to_string()]),
            Sessions::Parts {
                front,
                flow: Some((_, inputs, _)),
                ..
            } => (front, inputs.clone()),
            Sessions::Parts { front, latent, .. } => (front, vec![latent.clone()]),
        };
        let outputs = session.run(feeds).map_err(failed)?;
        let durations = match &self.durations {
            Some(name) => outputs
                .get(name)
                .and_then(|d| d.try_extract_tensor::<f32>().ok())
                .map(|(_, d)| d.to_vec())
                .filter(|d| d.len() == ids.len()),
            None => None,
        };
        let mut tensors = Vec::with_capacity(wanted.len());
        let mut frames = None;
        for name in wanted {
            let (shape, values) = outputs
                .get(&name)
                .ok_or_else(|| format!("the model gave no '{name}'"))?
                .try_extract_tensor::<f32>()
                .map_err(failed)?;
            if whole {
                return Ok(Front::Whole(Output {
                    audio: values.to_vec(),
                    durations,
                }));
            }
            let length = match **shape {
                [1, channels, length] if channels > 0 && length >= 0 => length as usize,
                _ => return Err(format!("'{name}' of shape {shape:?}")),
            };
            if *frames.get_or_insert(length) != length {
                return Err(format!("'{name}' has {length} frames"));
            }
            tensors.push((name, values.to_vec()));
        }
        Ok(Front::Latent(
            Latent {
                tensors,
                frames: frames.unwrap_or(0),
                scales,
            },
            durations,
        ))
    }

    /// Speaks `ids` whole.
    pub(crate) fn speak(
        &mut self,
        ids: &[i64],
        scales: Inference,
        speaker: i64,
    ) -> Result<Output, String> {
        match self.front(ids, scales, speaker)? {
            Front::Whole(output) => Ok(output),
            Front::Latent(latent, durations) => Ok(Output {
                audio: self.decode(&latent, 0..latent.frames(), speaker)?,
                durations,
            }),
        }
    }

    /// The audio of latent `frames`, made from them and from as many frames of context on
    /// each side as the decoder (and the flow, when it is a part of its own) reaches: the
    /// same samples as the whole latent's at those frames, to float rounding. Empty for a
    /// model run whole.
    pub(crate) fn decode(
        &mut self,
        latent: &Latent,
        frames: std::ops::Range<usize>,
        speaker: i64,
    ) -> Result<Vec<f32>, String> {
        let Sessions::Parts {
            flow,
            decoder,
            latent: name,
            output,
            context,
            ..
        } = &mut self.sessions
        else {
            return Ok(Vec::new());
        };
        let end = frames.end.min(latent.frames);
        let start = frames.start.min(end);
        if end == start {
            return Ok(Vec::new());
        }
        // The decoder's window, and the latent frames it needs.
        let from = start.saturating_sub(*context);
        let to = (end + *context).min(latent.frames);
        let width = to - from;
        let window = match flow {
            None => latent.window(from, to)?,
            Some((flow, _, flow_context)) => {
                // The flow's window, wider by its own context, and the decoder's part of it.
                let flow_from = from.saturating_sub(*flow_context);
                let flow_to = (to + *flow_context).min(latent.frames);
                let (shape, values) = flow.run(
                    latent.window(flow_from, flow_to)?,
                    latent.scales,
                    speaker,
                    name,
                )?;
                let flow_width = flow_to - flow_from;
                if !matches!(*shape, [1, channels, length]
                    if channels > 0 && length as usize == flow_width)
                {
                    return Err(format!("latent frames of shape {shape:?}"));
                }
                let flowed = Latent {
                    tensors: vec![(name.clone(), values)],
                    frames: flow_width,
                    scales: latent.scales,
                };
                flowed.window(from - flow_from, to - flow_from)?
            }
        };
        let (_, audio) = decoder.run(window, latent.scales, speaker, output)?;
        if audio.len() % width != 0 {
            return Err(format!("{} samples for {width} frames", audio.len()));
        }
        let hop = audio.len() / width;
        Ok(audio[(start - from) * hop..(end - from) * hop].to_vec())
    }
}
