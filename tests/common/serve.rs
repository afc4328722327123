//! `docbao serve` as a real process on 127.0.0.1 (a port the system picks), and a small HTTP
//! client (ureq) that reads every status, headers and body.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

use super::Sandbox;

/// A running `docbao serve`; killed when dropped.
pub struct Serve {
    child: Child,
    pub base: String,
    pub cache: PathBuf,
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Serve {
    /// Starts `docbao serve` in `sandbox` with its cache in `sandbox/cache` and `args`.
    pub fn start(sandbox: &Sandbox, args: &[&str]) -> Serve {
        Serve::start_with_cache(sandbox, &sandbox.path("cache"), args)
    }

    /// Starts it with the cache folder `cache` (instances may share one).
    pub fn start_with_cache(sandbox: &Sandbox, cache: &Path, args: &[&str]) -> Serve {
        let mut child = sandbox
            .docbao()
            .args(["serve", "--listen", "127.0.0.1:0", "--cache-dir"])
            .arg(cache)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("docbao serve starts");
        let mut stderr = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let mut line = String::new();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let read = out.read_line(&mut line).unwrap_or(0);
        if read == 0 {
            let _ = child.wait();
            panic!(
                "docbao serve did not start: {}",
                stderr.join().unwrap_or_default()
            );
        }
        // "docbao: listening on http://127.0.0.1:PORT (cache …)"
        let base = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Serve {
            child,
            base,
            cache: cache.to_path_buf(),
            stderr: Some(stderr),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Stops the server and returns what it wrote on standard error.
    pub fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.stderr
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, headers (names in lower case) and the whole body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The error's message, checking the shape `{"error": {"message", "type", "code"}}`.
    pub fn error(&self) -> (String, String) {
        let json = self.json();
        let message = json["error"]["message"]
            .as_str()
            .unwrap_or_else(|| panic!("no error message in {json}"))
            .to_string();
        assert!(json["error"]["type"].is_string(), "{json}");
        let code = json["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(!message.is_empty() && !message.contains('\n'), "{message}");
        (message, code)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

fn answer(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let response = response.expect("the server answers");
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let body = response
        .into_body()
        .with_config()
        .limit(256 << 20)
        .read_to_vec()
        .expect("the whole body");
    Answer {
        status,
        headers,
        body,
    }
}

pub fn get(url: &str) -> Answer {
    answer(agent().get(url).call())
}

pub fn get_with(url: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = agent().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    answer(request.call())
}

pub fn post(url: &str, body: &str) -> Answer {
    post_with(url, body, &[])
}

pub fn post_with(url: &str, body: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = agent().post(url).header("Content-Type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    answer(request.send(body))
}

pub fn post_json(url: &str, body: &serde_json::Value) -> Answer {
    post(url, &body.to_string())
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A user voice that speaks with the espeak-ng program, sentence by sentence (each one noted
/// as a line in `gate.log`), and that waits before any sentence holding `hold` until the file
/// `gate` exists (at most 30 s): a synthesis the test can hold still halfway.
pub fn add_gated_voice(sandbox: &Sandbox, id: &str, hold: &str, gate: &Path) {
    let script = format!(
        "t=$(cat); echo x >> '{gate}.log'; case \"$t\" in *{hold}*) i=0; while [ ! -e '{gate}' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done;; esac; printf '%s' \"$t\" | espeak-ng -v vi --stdout",
        gate = gate.display()
    );
    let toml = format!(
        "id = \"{id}\"\nname = \"Cổng {id}\"\nlanguage = \"vi\"\ngender = \"female\"\nengine = \"command\"\n\n[command]\nprogram = \"sh\"\nargs = [\"-c\", {script:?}]\nformat = \"wav\"\ntimeout_secs = 60\n",
    );
    sandbox.add_user_voice(&format!("{id}.toml"), &toml);
}

/// How many sentences the gated voice of `gate` was given.
pub fn gated_sentences(gate: &Path) -> usize {
    std::fs::read_to_string(format!("{}.log", gate.display()))
        .map(|log| log.lines().count())
        .unwrap_or(0)
}

/// Opens a streamed GET: the status and headers are in; the body is read as it comes.
pub fn open(url: &str) -> (u16, Vec<(String, String)>, Box<dyn Read + Send>) {
    let response = agent().get(url).call().expect("the server answers");
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let reader = response.into_body().into_reader();
    (status, headers, Box::new(reader))
}

/// Reads at least `n` bytes from `reader` (fewer only if it ends).
pub fn read_at_least(reader: &mut dyn Read, n: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 8192];
    while bytes.len() < n {
        let got = reader.read(&mut buffer).expect("the body reads");
        if got == 0 {
            break;
        }
        bytes.extend_from_slice(&buffer[..got]);
    }
    bytes
}
