//! Edits a Piper model's ONNX graph at load time, in its protobuf encoding:
//!
//! * **Reproducible noise.** VITS draws noise with two `RandomNormalLike` nodes, whose
//!   generators ONNX Runtime seeds per process and moves on at every run, so the same sentence
//!   would sound a little different each time. Each is replaced by a slice of one fixed table
//!   of normal noise (made here from a fixed seed), tiled to the needed size and reshaped: the
//!   same text always gives the same samples.
//! * **Phoneme durations.** The output of the graph's one `Ceil` node, the frames each input id
//!   lasts, becomes an extra graph output, which gives exact word marks.
//!
//! * **Three parts.** The edited graph is also cut at the input of its decoder (the HiFi-GAN
//!   vocoder, the nodes named `/dec/…` by Piper's export, which makes about two thirds of the
//!   work) and, where it can be, at the input of its flow (`/flow/…`, a fifth): a *front*
//!   that makes the durations and the prior's frames from the phoneme ids, a *flow* that
//!   makes the latent frames from those, and a *decoder* that makes audio from latent frames.
//!   The flow and the decoder are stacks of convolutions along the frames, so a stretch of
//!   frames with enough frames of context on each side (see [`context_frames`]) gives the
//!   same samples as the whole, to float rounding: a long input's first audio can be made
//!   from its first frames alone. Each part is written once, straight from the model's bytes.
//!
//! Only the few protobuf fields involved are read; everything else is copied byte for byte.

use std::collections::HashSet;

/// The edited model.
pub(crate) struct Edited {
    /// The model, re-encoded.
    pub bytes: Vec<u8>,
    /// The name of the added durations output.
    pub durations: String,
}

/// The edited model cut at its decoder's input, and its front cut again before its
/// flow where it can be.
pub(crate) struct Parts {
    /// From the model's inputs to the durations and the latent frames, or, where the flow is
    /// cut off, the flow's inputs.
    pub front: Vec<u8>,
    /// The flow, cut off the front: from its inputs (as many frames as the speech) to the
    /// latent frames.
    pub flow: Option<Flow>,
    /// From the latent frames (and the speaker, for a model of several) to the audio.
    pub decoder: Vec<u8>,
    /// The name of the latent frames (the front's output and the decoder's input).
    pub latent: String,
    /// The name of the audio output.
    pub output: String,
    /// Frames of context on each side of a stretch of latent frames that make its audio the
    /// same as the whole input's (see [`context_frames`]).
    pub context: usize,
}

/// The flow of a VITS model (the nodes named `/flow/…`): it turns the prior's frames into
/// the latent frames, a stack of convolutions along the frames as the decoder is, so a
/// stretch of latent frames can be made from a stretch of its inputs with context.
pub(crate) struct Flow {
    pub bytes: Vec<u8>,
    /// Its inputs, each with as many frames as the speech (the prior's frames and their
    /// mask), in the order the front gives them.
    pub inputs: Vec<String>,
    /// Frames of context on each side, as for the decoder.
    pub context: usize,
}

/// Length of the noise table: a prime, so its repeats never line up with channels.
const NOISE_LEN: usize = 131_071;
/// Seed of the noise table.
const NOISE_SEED: u64 = 0x646f_6362_616f; // "docbao"

// Field numbers (onnx.proto).
const MODEL_GRAPH: u64 = 7;
const GRAPH_NODE: u64 = 1;
const GRAPH_INITIALIZER: u64 = 5;
const GRAPH_INPUT: u64 = 11;
const GRAPH_OUTPUT: u64 = 12;
const GRAPH_VALUE_INFO: u64 = 13;
const VALUE_INFO_NAME: u64 = 1;
const NODE_INPUT: u64 = 1;
const NODE_OUTPUT: u64 = 2;
const NODE_NAME: u64 = 3;
const NODE_OP_TYPE: u64 = 4;
const NODE_ATTRIBUTE: u64 = 5;
const ATTRIBUTE_NAME: u64 = 1;
const ATTRIBUTE_INTS: u64 = 8;
const ATTRIBUTE_GRAPH: u64 = 6;
const ATTRIBUTE_GRAPHS: u64 = 11;
const TENSOR_DIMS: u64 = 1;
const TENSOR_DATA_TYPE: u64 = 2;
const TENSOR_NAME: u64 = 8;
const TENSOR_RAW_DATA: u64 = 9;
const FLOAT: u64 = 1;
const INT64: u64 = 7;

const LEN: u64 = 2;
const VARINT: u64 = 0;

/// One field of a protobuf message: number, wire type, and the payload (for `LEN`) or the
/// whole encoded field (to copy it).
#[derive(Clone, Copy)]
struct Field<'a> {
    number: u64,
    wire: u64,
    payload: &'a [u8],
    raw: &'a [u8],
}

fn varint(bytes: &[u8], at: &mut usize) -> Result<u64, String> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at).ok_or("truncated varint")?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("varint too long".into())
}

fn fields(bytes: &[u8]) -> Result<Vec<Field<'_>>, String> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let key = varint(bytes, &mut at)?;
        let (number, wire) = (key >> 3, key & 7);
        let payload_start;
        match wire {
            0 => {
                varint(bytes, &mut at)?;
                payload_start = at;
            }
            1 => {
                at += 8;
                payload_start = at;
            }
            2 => {
                let len = usize::try_from(varint(bytes, &mut at)?).map_err(|_| "length")?;
                payload_start = at;
                at = at.checked_add(len).ok_or("length overflow")?;
            }
            5 => {
                at += 4;
                payload_start = at;
            }
            _ => return Err(format!("unsupported wire type {wire}")),
        }
        if at > bytes.len() {
            return Err("truncated field".into());
        }
        let payload = if wire == LEN {
            &bytes[payload_start..at]
        } else {
            &[][..]
        };
        out.push(Field {
            number,
            wire,
            payload,
            raw: &bytes[start..at],
        });
    }
    Ok(out)
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn put_bytes(out: &mut Vec<u8>, number: u64, bytes: &[u8]) {
    put_varint(out, (number << 3) | LEN);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn put_int(out: &mut Vec<u8>, number: u64, value: u64) {
    put_varint(out, (number << 3) | VARINT);
    put_varint(out, value);
}

fn strings(fields: &[Field<'_>], number: u64) -> Vec<String> {
    fields
        .iter()
        .filter(|f| f.number == number && f.wire == LEN)
        .map(|f| String::from_utf8_lossy(f.payload).into_owned())
        .collect()
}

fn node(op: &str, name: &str, inputs: &[&str], output: &str) -> Vec<u8> {
    let mut node = Vec::new();
    for input in inputs {
        put_bytes(&mut node, NODE_INPUT, input.as_bytes());
    }
    put_bytes(&mut node, NODE_OUTPUT, output.as_bytes());
    put_bytes(&mut node, NODE_NAME, name.as_bytes());
    put_bytes(&mut node, NODE_OP_TYPE, op.as_bytes());
    node
}

fn tensor(name: &str, data_type: u64, dims: &[u64], raw: &[u8]) -> Vec<u8> {
    let mut tensor = Vec::new();
    for &dim in dims {
        put_int(&mut tensor, TENSOR_DIMS, dim);
    }
    put_int(&mut tensor, TENSOR_DATA_TYPE, data_type);
    put_bytes(&mut tensor, TENSOR_NAME, name.as_bytes());
    put_bytes(&mut tensor, TENSOR_RAW_DATA, raw);
    tensor
}

/// A float output without a fixed shape.
fn float_output(name: &str) -> Vec<u8> {
    let mut tensor_type = Vec::new();
    put_int(&mut tensor_type, 1, FLOAT); // elem_type
    let mut type_proto = Vec::new();
    put_bytes(&mut type_proto, 1, &tensor_type); // tensor_type
    let mut value_info = Vec::new();
    put_bytes(&mut value_info, 1, name.as_bytes());
    put_bytes(&mut value_info, 2, &type_proto);
    value_info
}

/// Standard normal noise from a fixed seed (splitmix64 and Box–Muller), as raw little-endian
/// floats.
fn noise_table() -> Vec<u8> {
    let mut state = NOISE_SEED;
    let mut uniform = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let mut raw = Vec::with_capacity(NOISE_LEN * 4);
    for _ in 0..NOISE_LEN {
        let (u, v) = (uniform(), uniform());
        let normal = (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
        raw.extend_from_slice(&(normal as f32).to_le_bytes());
    }
    raw
}

const NOISE: &str = "docbao/noise";
const NOISE_LEN_NAME: &str = "docbao/noise_len";
const ONE: &str = "docbao/one";
const ZERO: &str = "docbao/zero";

/// `RandomNormalLike(x) -> y` as a slice of the noise table shaped like `x`.
fn fixed_noise(k: usize, x: &str, y: &str) -> Vec<Vec<u8>> {
    let p = |s: &str| format!("docbao/noise{k}/{s}");
    let (s, n, q, r, t, f) = (
        p("shape"),
        p("size"),
        p("div"),
        p("reps"),
        p("tile"),
        p("flat"),
    );
    vec![
        node("Shape", &s, &[x], &s),
        node("ReduceProd", &n, &[&s], &n),
        node("Div", &q, &[&n, NOISE_LEN_NAME], &q),
        node("Add", &r, &[&q, ONE], &r),
        node("Tile", &t, &[NOISE, &r], &t),
        node("Slice", &f, &[&t, ZERO, &n], &f),
        node("Reshape", &p("reshape"), &[&f, &s], y),
    ]
}

/// The edits of a graph: new encoded fields in place of some of its fields, and more at its
/// end.
struct Edits {
    /// (index of the replaced field, the encoded fields in its place)
    replaced: Vec<(usize, Vec<Vec<u8>>)>,
    /// Encoded fields added at the end.
    added: Vec<Vec<u8>>,
    durations: String,
}

/// An encoded field.
fn encoded(number: u64, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 8);
    put_bytes(&mut out, number, payload);
    out
}

fn edits(graph: &[Field<'_>]) -> Result<Edits, String> {
    let mut replaced = Vec::new();
    let mut durations = None;
    for (index, field) in graph.iter().enumerate() {
        if field.number != GRAPH_NODE || field.wire != LEN {
            continue;
        }
        let node_fields = fields(field.payload)?;
        let op = strings(&node_fields, NODE_OP_TYPE);
        let inputs = strings(&node_fields, NODE_INPUT);
        let outputs = strings(&node_fields, NODE_OUTPUT);
        match op.first().map(String::as_str) {
            Some("RandomNormalLike") => {
                // Only the default mean 0 and scale 1 are reproduced.
                for attribute in node_fields.iter().filter(|f| f.number == NODE_ATTRIBUTE) {
                    let name = strings(&fields(attribute.payload)?, ATTRIBUTE_NAME);
                    if name.iter().any(|n| n != "dtype") {
                        return Err(format!("RandomNormalLike with {name:?}"));
                    }
                }
                let (Some(x), Some(y)) = (inputs.first(), outputs.first()) else {
                    return Err("RandomNormalLike without input or output".into());
                };
                let nodes = fixed_noise(replaced.len(), x, y)
                    .iter()
                    .map(|node| encoded(GRAPH_NODE, node))
                    .collect();
                replaced.push((index, nodes));
            }
            Some("Ceil") => {
                if durations.is_some() {
                    return Err("more than one Ceil node".into());
                }
                durations = outputs.first().cloned();
            }
            _ => {}
        }
    }
    let durations = durations.ok_or("no Ceil node")?;
    let mut added = vec![encoded(GRAPH_OUTPUT, &float_output(&durations))];
    if !replaced.is_empty() {
        added.push(encoded(
            GRAPH_INITIALIZER,
            &tensor(NOISE, FLOAT, &[NOISE_LEN as u64], &noise_table()),
        ));
        for (name, value) in [(NOISE_LEN_NAME, NOISE_LEN as i64), (ONE, 1), (ZERO, 0)] {
            added.push(encoded(
                GRAPH_INITIALIZER,
                &tensor(name, INT64, &[1], &value.to_le_bytes()),
            ));
        }
    }
    Ok(Edits {
        replaced,
        added,
        durations,
    })
}

/// The fields of the edited graph, borrowed from the graph and from the edits.
fn edited<'a>(graph: &[Field<'a>], edits: &'a Edits) -> Result<Vec<Field<'a>>, String> {
    let mut out = Vec::with_capacity(graph.len() + 16);
    let mut replaced = edits.replaced.iter().peekable();
    for (index, field) in graph.iter().enumerate() {
        match replaced.peek() {
            Some((at, new)) if *at == index => {
                for node in new {
                    out.extend(fields(node)?);
                }
                replaced.next();
            }
            _ => out.push(*field),
        }
    }
    for field in &edits.added {
        out.extend(fields(field)?);
    }
    Ok(out)
}

/// The model's fields, and the index of its graph among them.
fn model_fields(bytes: &[u8]) -> Result<(Vec<Field<'_>>, usize), String> {
    let top = fields(bytes)?;
    let at = top
        .iter()
        .position(|f| f.number == MODEL_GRAPH && f.wire == LEN)
        .ok_or("no graph")?;
    Ok((top, at))
}

/// The model `top` with its graph (at `at`) made of `graph`, encoded fields, written once.
fn model_with(top: &[Field<'_>], at: usize, graph: &[&[u8]]) -> Vec<u8> {
    let length: usize = graph.iter().map(|f| f.len()).sum();
    let mut out = Vec::with_capacity(top.iter().map(|f| f.raw.len()).sum::<usize>() + length + 16);
    for (index, field) in top.iter().enumerate() {
        if index == at {
            put_varint(&mut out, (MODEL_GRAPH << 3) | LEN);
            put_varint(&mut out, length as u64);
            for piece in graph {
                out.extend_from_slice(piece);
            }
        } else {
            out.extend_from_slice(field.raw);
        }
    }
    out
}

/// Edits the model in `bytes` (an encoded `ModelProto`); an error when its graph is not
/// laid out as Piper's VITS export is (then the model is used as it is).
pub(crate) fn edit(bytes: &[u8]) -> Result<Edited, String> {
    let (top, at) = model_fields(bytes)?;
    let graph = fields(top[at].payload)?;
    let edits = edits(&graph)?;
    let graph = edited(&graph, &edits)?;
    let pieces: Vec<&[u8]> = graph.iter().map(|f| f.raw).collect();
    Ok(Edited {
        bytes: model_with(&top, at, &pieces),
        durations: edits.durations.clone(),
    })
}

/// One node of a graph: its encoded bytes and the fields a cut needs.
struct Node<'a> {
    /// The whole encoded field.
    raw: &'a [u8],
    name: String,
    op: String,
    inputs: Vec<String>,
    outputs: Vec<String>,
    fields: Vec<Field<'a>>,
}

fn nodes<'a>(graph: &[Field<'a>]) -> Result<Vec<Node<'a>>, String> {
    graph
        .iter()
        .filter(|f| f.number == GRAPH_NODE && f.wire == LEN)
        .map(|f| {
            let fields = fields(f.payload)?;
            for attribute in fields.iter().filter(|a| a.number == NODE_ATTRIBUTE) {
                let inner = self::fields(attribute.payload)?;
                if inner
                    .iter()
                    .any(|a| a.number == ATTRIBUTE_GRAPH || a.number == ATTRIBUTE_GRAPHS)
                {
                    return Err("a node with a subgraph".to_string());
                }
            }
            let first = |n| strings(&fields, n).into_iter().next().unwrap_or_default();
            Ok(Node {
                raw: f.raw,
                name: first(NODE_NAME),
                op: first(NODE_OP_TYPE),
                inputs: strings(&fields, NODE_INPUT),
                outputs: strings(&fields, NODE_OUTPUT),
                fields,
            })
        })
        .collect()
}

/// The names of a graph's value infos in field `number` (inputs, outputs).
fn value_names(graph: &[Field<'_>], number: u64) -> Result<Vec<String>, String> {
    graph
        .iter()
        .filter(|f| f.number == number && f.wire == LEN)
        .map(|f| {
            strings(&fields(f.payload)?, VALUE_INFO_NAME)
                .into_iter()
                .next()
                .ok_or_else(|| "a value without a name".to_string())
        })
        .collect()
}

/// A part of a graph: its encoded fields, borrowed from the graph or made here, and the
/// indexes of its nodes.
struct Sliced<'a> {
    borrowed: Vec<&'a [u8]>,
    made: Vec<Vec<u8>>,
    kept: Vec<usize>,
}

impl Sliced<'_> {
    /// The model `top` with this part as its graph.
    fn model(&self, top: &[Field<'_>], at: usize) -> Vec<u8> {
        let pieces: Vec<&[u8]> = self
            .borrowed
            .iter()
            .copied()
            .chain(self.made.iter().map(Vec::as_slice))
            .collect();
        model_with(top, at, &pieces)
    }
}

/// The part of `graph` that computes `outputs` from `cuts` (new float inputs) and whichever
/// of the graph's own inputs and initializers it needs.
fn slice<'a>(
    graph: &[Field<'a>],
    all: &[Node<'a>],
    cuts: &[&str],
    outputs: &[&str],
) -> Result<Sliced<'a>, String> {
    let mut needed: HashSet<&str> = outputs.iter().copied().collect();
    let mut kept = Vec::new();
    for (index, node) in all.iter().enumerate().rev() {
        let makes_needed = node.outputs.iter().any(|o| needed.contains(o.as_str()));
        let makes_cut = node.outputs.iter().any(|o| cuts.contains(&o.as_str()));
        if makes_needed && !makes_cut {
            kept.push(index);
            needed.extend(
                node.inputs
                    .iter()
                    .map(String::as_str)
                    .filter(|i| !i.is_empty()),
            );
        }
    }
    kept.reverse();
    let mut borrowed = Vec::new();
    for field in graph {
        let name = |number| -> Result<Option<String>, String> {
            Ok(strings(&fields(field.payload)?, number).into_iter().next())
        };
        let keep = match field.number {
            GRAPH_NODE | GRAPH_OUTPUT => false,
            GRAPH_INITIALIZER => name(TENSOR_NAME)?.is_some_and(|n| needed.contains(n.as_str())),
            GRAPH_INPUT | GRAPH_VALUE_INFO => name(VALUE_INFO_NAME)?
                .is_some_and(|n| needed.contains(n.as_str()) && !cuts.contains(&n.as_str())),
            // Sparse initializers are not used by Piper's export: a graph with them is not cut.
            15 => return Err("sparse initializers".into()),
            _ => true,
        };
        if keep {
            borrowed.push(field.raw);
        }
    }
    borrowed.extend(kept.iter().map(|&index| all[index].raw));
    let made = cuts
        .iter()
        .map(|cut| encoded(GRAPH_INPUT, &float_output(cut)))
        .chain(
            outputs
                .iter()
                .map(|output| encoded(GRAPH_OUTPUT, &float_output(output))),
        )
        .collect();
    Ok(Sliced {
        borrowed,
        made,
        kept,
    })
}

impl Node<'_> {
    /// An integer list attribute.
    fn ints(&self, attribute: &str) -> Result<Option<Vec<u64>>, String> {
        for field in self.fields.iter().filter(|f| f.number == NODE_ATTRIBUTE) {
            let inner = fields(field.payload)?;
            if strings(&inner, ATTRIBUTE_NAME).first().map(String::as_str) != Some(attribute) {
                continue;
            }
            let mut values = Vec::new();
            for value in inner.iter().filter(|f| f.number == ATTRIBUTE_INTS) {
                if value.wire == LEN {
                    let mut at = 0;
                    while at < value.payload.len() {
                        values.push(varint(value.payload, &mut at)?);
                    }
                } else {
                    values.push(varint(value.raw, &mut 1)?);
                }
            }
            return Ok(Some(values));
        }
        Ok(None)
    }
}

/// How many latent frames of context on each side make a stretch's audio the same as the
/// whole input's: the sum, over the decoder's convolutions in `nodes` (in order, from the
/// latent frames `latent` on), of how far each one reaches, in frames at its place in the
/// decoder (where each frame has become as many samples as the transposed convolutions before
/// it multiplied it by). A sum, not the longest path: more than the true reach, never less.
fn context_frames(nodes: &[&Node<'_>], starts: &[&str]) -> Result<usize, String> {
    // Samples per latent frame of each tensor met so far.
    let mut rate: std::collections::HashMap<&str, f64> =
        starts.iter().map(|start| (*start, 1.0)).collect();
    let mut reach = 0.0f64;
    for node in nodes {
        let here = node
            .inputs
            .iter()
            .filter_map(|i| rate.get(i.as_str()).copied())
            .fold(None, |max: Option<f64>, r| {
                Some(max.map_or(r, |m| m.max(r)))
            });
        let Some(here) = here else { continue };
        let mut out = here;
        match node.op.as_str() {
            "Conv" | "ConvTranspose" => {
                let kernel = node
                    .ints("kernel_shape")?
                    .and_then(|k| k.first().copied())
                    .ok_or_else(|| format!("{} has no kernel shape", node.name))?;
                let dilation = node.ints("dilations")?.and_then(|d| d.first().copied());
                let stride = node.ints("strides")?.and_then(|s| s.first().copied());
                let (dilation, stride) = (dilation.unwrap_or(1), stride.unwrap_or(1).max(1));
                if node.op == "Conv" {
                    // Input samples on either side of an output sample's centre.
                    reach += (kernel.saturating_sub(1) * dilation).div_ceil(2) as f64 / here;
                    out = here / stride as f64;
                } else {
                    // Each output sample is made from this many input samples.
                    reach += kernel.div_ceil(stride) as f64 / here;
                    out = here * stride as f64;
                }
            }
            "Resize" | "Upsample" => return Err(format!("{} resizes", node.name)),
            _ => {}
        }
        for output in &node.outputs {
            rate.insert(output.as_str(), out);
        }
    }
    Ok(reach.ceil() as usize + 2)
}

/// The flow's part of `graph`, ending at the decoder's input `latent`: its inputs (the
/// tensors its nodes take that depend on the text), its graph, and its nodes; `None` when
/// the graph has no flow laid out as Piper's export lays it out.
fn flow_cut<'a>(
    graph: &[Field<'a>],
    all: &[Node<'a>],
    latent: &str,
) -> Result<Option<(Vec<String>, Sliced<'a>)>, String> {
    // Tensors that depend on the text: they have as many frames as its speech, or phonemes.
    let mut from_text: HashSet<&str> = ["input", "input_lengths"].into_iter().collect();
    for node in all {
        if node.inputs.iter().any(|i| from_text.contains(i.as_str())) {
            from_text.extend(node.outputs.iter().map(String::as_str));
        }
    }
    let in_flow: Vec<&Node<'_>> = all
        .iter()
        .filter(|n| n.name.starts_with("/flow/"))
        .collect();
    // What the flow's nodes make, and what is made from that: the export leaves some of the
    // flow's operations unnamed (its WaveNets' gates), so its inputs are those of its named
    // nodes that come from before it.
    let mut made: HashSet<&str> = in_flow
        .iter()
        .flat_map(|n| n.outputs.iter().map(String::as_str))
        .collect();
    for node in all {
        if node.inputs.iter().any(|i| made.contains(i.as_str())) {
            made.extend(node.outputs.iter().map(String::as_str));
        }
    }
    let mut inputs: Vec<String> = Vec::new();
    for input in in_flow.iter().flat_map(|n| &n.inputs) {
        if from_text.contains(input.as_str())
            && !made.contains(input.as_str())
            && !inputs.contains(input)
        {
            inputs.push(input.clone());
        }
    }
    if in_flow.is_empty() || inputs.is_empty() {
        return Ok(None);
    }
    let cuts: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let flow = slice(graph, all, &cuts, &[latent])?;
    // Only the flow, and what joins it to the decoder (the latent frames masked).
    if flow.kept.iter().any(|&i| {
        let name = &all[i].name;
        name.starts_with("/enc_p/") || name.starts_with("/dp/") || name.starts_with("/dec/")
    }) {
        return Ok(None);
    }
    Ok(Some((inputs, flow)))
}

/// Edits `model` (an encoded `ModelProto`) as [`edit`] does and cuts it at its decoder's
/// input (and before its flow): its parts, and the name of its durations output; an error
/// when its graph is not laid out as Piper's VITS export is (then the model is run whole).
/// Each part is written once, straight from the model's bytes.
pub(crate) fn parts(model: &[u8]) -> Result<(Parts, String), String> {
    let (top, at) = model_fields(model)?;
    let original = fields(top[at].payload)?;
    let edits = edits(&original)?;
    let durations = edits.durations.as_str();
    let graph = edited(&original, &edits)?;
    let all = nodes(&graph)?;
    let first_decoder = all
        .iter()
        .find(|n| n.name.starts_with("/dec/"))
        .ok_or("no decoder nodes")?;
    let latent = first_decoder
        .inputs
        .first()
        .ok_or("a decoder node without input")?
        .clone();
    let output = value_names(&original, GRAPH_OUTPUT)?
        .into_iter()
        .next()
        .ok_or("no output")?;
    let decoder = slice(&graph, &all, &[&latent], &[&output])?;
    let decoder_list: Vec<&Node<'_>> = decoder.kept.iter().map(|&i| &all[i]).collect();
    let context = context_frames(&decoder_list, &[&latent])?;
    // The flow, where it can be cut off: its inputs that depend on the text (the prior's
    // frames and their mask; the speaker's embedding is made again from `sid`).
    let flow = flow_cut(&graph, &all, &latent)?;
    let front_outputs: Vec<&str> = match &flow {
        Some((inputs, _)) => inputs.iter().map(String::as_str).collect(),
        None => vec![latent.as_str()],
    };
    let front = slice(
        &graph,
        &all,
        &[],
        &[front_outputs.as_slice(), &[durations]].concat(),
    )?;
    if front
        .kept
        .iter()
        .any(|&i| all[i].name.starts_with("/dec/") || all[i].name.starts_with("/flow/"))
    {
        return Err("the front needs the flow or the decoder".into());
    }
    // Every node is in one part or another, or in several (the speaker's embedding).
    let in_flow = |i: usize| flow.as_ref().is_some_and(|(_, f)| f.kept.contains(&i));
    if (0..all.len()).any(|i| !front.kept.contains(&i) && !decoder.kept.contains(&i) && !in_flow(i))
    {
        return Err("nodes outside every part".into());
    }
    let flow = match flow {
        Some((inputs, flow)) => {
            let list: Vec<&Node<'_>> = flow.kept.iter().map(|&i| &all[i]).collect();
            let starts: Vec<&str> = inputs.iter().map(String::as_str).collect();
            Some(Flow {
                context: context_frames(&list, &starts)?,
                bytes: flow.model(&top, at),
                inputs,
            })
        }
        None => None,
    };
    Ok((
        Parts {
            front: front.model(&top, at),
            flow,
            decoder: decoder.model(&top, at),
            latent,
            output,
            context,
        },
        durations.to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        for value in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut bytes = Vec::new();
            put_varint(&mut bytes, value);
            assert_eq!(varint(&bytes, &mut 0), Ok(value));
        }
        assert!(varint(&[0x80], &mut 0).is_err());
    }

    #[test]
    fn a_graph_is_edited_and_junk_is_refused() {
        let mut graph = Vec::new();
        put_bytes(
            &mut graph,
            GRAPH_NODE,
            &node("RandomNormalLike", "r", &["x"], "y"),
        );
        put_bytes(&mut graph, GRAPH_NODE, &node("Ceil", "c", &["y"], "w"));
        let mut model = Vec::new();
        put_int(&mut model, 1, 8); // ir_version
        put_bytes(&mut model, MODEL_GRAPH, &graph);
        let edited = edit(&model).unwrap();
        assert_eq!(edited.durations, "w");
        let top = fields(&edited.bytes).unwrap();
        let graph = fields(top[1].payload).unwrap();
        let ops: Vec<String> = graph
            .iter()
            .filter(|f| f.number == GRAPH_NODE)
            .flat_map(|f| strings(&fields(f.payload).unwrap(), NODE_OP_TYPE))
            .collect();
        assert_eq!(
            ops,
            [
                "Shape",
                "ReduceProd",
                "Div",
                "Add",
                "Tile",
                "Slice",
                "Reshape",
                "Ceil"
            ]
        );
        assert!(edit(b"\xff\xff").is_err());
        assert!(edit(&[]).is_err());
    }

    #[test]
    fn the_noise_is_standard_normal_and_fixed() {
        let raw = noise_table();
        assert_eq!(raw, noise_table());
        let values: Vec<f32> = raw
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let mean = values.iter().sum::<f32>() / values.len() as f32;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / values.len() as f32;
        assert!(
            mean.abs() < 0.02 && (var - 1.0).abs() < 0.03,
            "{mean} {var}"
        );
    }
}
