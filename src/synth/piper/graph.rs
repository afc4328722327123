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
//! Only the few protobuf fields involved are read; everything else is copied byte for byte.

/// The edited model.
pub(crate) struct Edited {
    /// The model, re-encoded.
    pub bytes: Vec<u8>,
    /// The name of the added durations output.
    pub durations: String,
}

/// Length of the noise table: a prime, so its repeats never line up with channels.
const NOISE_LEN: usize = 131_071;
/// Seed of the noise table.
const NOISE_SEED: u64 = 0x646f_6362_616f; // "docbao"

// Field numbers (onnx.proto).
const MODEL_GRAPH: u64 = 7;
const GRAPH_NODE: u64 = 1;
const GRAPH_INITIALIZER: u64 = 5;
const GRAPH_OUTPUT: u64 = 12;
const NODE_INPUT: u64 = 1;
const NODE_OUTPUT: u64 = 2;
const NODE_NAME: u64 = 3;
const NODE_OP_TYPE: u64 = 4;
const NODE_ATTRIBUTE: u64 = 5;
const ATTRIBUTE_NAME: u64 = 1;
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

fn edit_graph(graph: &[u8]) -> Result<(Vec<u8>, String), String> {
    let mut out = Vec::with_capacity(graph.len() + NOISE_LEN * 4 + 1024);
    let mut durations = None;
    let mut replaced = 0;
    for field in fields(graph)? {
        if field.number == GRAPH_NODE && field.wire == LEN {
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
                    for new in fixed_noise(replaced, x, y) {
                        put_bytes(&mut out, GRAPH_NODE, &new);
                    }
                    replaced += 1;
                    continue;
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
        out.extend_from_slice(field.raw);
    }
    let durations = durations.ok_or("no Ceil node")?;
    put_bytes(&mut out, GRAPH_OUTPUT, &float_output(&durations));
    if replaced > 0 {
        put_bytes(
            &mut out,
            GRAPH_INITIALIZER,
            &tensor(NOISE, FLOAT, &[NOISE_LEN as u64], &noise_table()),
        );
        for (name, value) in [(NOISE_LEN_NAME, NOISE_LEN as i64), (ONE, 1), (ZERO, 0)] {
            put_bytes(
                &mut out,
                GRAPH_INITIALIZER,
                &tensor(name, INT64, &[1], &value.to_le_bytes()),
            );
        }
    }
    Ok((out, durations))
}

/// Edits the model in `bytes` (an encoded `ModelProto`); an error when its graph is not
/// laid out as Piper's VITS export is (then the model is used as it is).
pub(crate) fn edit(bytes: &[u8]) -> Result<Edited, String> {
    let mut out = Vec::with_capacity(bytes.len() + NOISE_LEN * 4 + 4096);
    let mut durations = None;
    for field in fields(bytes)? {
        if field.number == MODEL_GRAPH && field.wire == LEN && durations.is_none() {
            let (graph, name) = edit_graph(field.payload)?;
            put_bytes(&mut out, MODEL_GRAPH, &graph);
            durations = Some(name);
        } else {
            out.extend_from_slice(field.raw);
        }
    }
    Ok(Edited {
        bytes: out,
        durations: durations.ok_or("no graph")?,
    })
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
