//! Headless Chromium driven over the W3C WebDriver protocol (Debian's `chromium` and
//! `chromium-driver`): a chromedriver process on 127.0.0.1, spoken to with ureq. The keys
//! are real key events (WebDriver actions) sent to whatever has the focus.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";
pub const LEFT: &str = "\u{E012}";
pub const RIGHT: &str = "\u{E014}";

pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    /// Its own profile: two Chromiums sharing one would hand their windows to each other.
    _profile: tempfile::TempDir,
    /// One browser at a time: two headless Chromiums and a server on two cores would time out
    /// each other's pages.
    _turn: std::sync::MutexGuard<'static, ()>,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

impl Browser {
    /// Starts chromedriver and a headless Chromium; `None` (the test is skipped, saying so)
    /// when they are not installed — with `CI` set, the test fails instead.
    pub fn start() -> Option<Browser> {
        static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let profile = tempfile::tempdir().expect("a profile folder");
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = profile.path().join("chromedriver.log");
        let driver = match Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            // Chromium's own messages in that log too.
            .arg("--enable-chrome-logs")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(driver) => driver,
            Err(e) => {
                let why = format!(
                    "no chromedriver ({e}): `scripts/setup --test` installs chromium and chromium-driver"
                );
                assert!(std::env::var_os("CI").is_none(), "{why}");
                eprintln!("skipped: {why}");
                return None;
            }
        };
        let base = format!("http://127.0.0.1:{port}");
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            _profile: profile,
            _turn: turn,
        };
        let started = Instant::now();
        while agent()
            .get(&format!("{}/status", browser.base))
            .call()
            .is_err()
        {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let session = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            browser.call(
                "POST",
                "/session",
                json!({
                    "capabilities": { "alwaysMatch": {
                        "browserName": "chrome",
                        // Over a pipe, not a port: chromedriver reaches a port as
                        // "localhost", which a machine without /etc/hosts cannot resolve.
                        "goog:chromeOptions": {
                            "args": [
                                "--headless=new", "--no-sandbox", "--remote-debugging-pipe", "--disable-gpu",
                                "--disable-dev-shm-usage", "--window-size=1100,1000",
                                "--autoplay-policy=no-user-gesture-required", "--lang=vi",
                                format!("--user-data-dir={}", browser._profile.path().display())
                            ]
                        }
                    }}
                }),
            )
        }))
        .unwrap_or_else(|_| {
            // Why Chromium did not start is in the driver's log, not in its answer.
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            let tail: Vec<&str> = text.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            panic!(
                "no browser session; chromedriver's log ends:\n{}",
                tail.join("\n")
            )
        });
        browser.session = session["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {session}"))
            .to_string();
        Some(browser)
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let response = match method {
            "GET" => agent().get(&url).call(),
            "DELETE" => agent().delete(&url).call(),
            _ => agent()
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.to_string()),
        }
        .unwrap_or_else(|e| panic!("WebDriver {path}: {e}"));
        let status = response.status().as_u16();
        let text = response
            .into_body()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .unwrap();
        let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert!(status < 400, "WebDriver {method} {path}: {status} {text}");
        json["value"].clone()
    }

    fn session(&self, path: &str) -> String {
        format!("/session/{}{path}", self.session)
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", &self.session("/url"), json!({ "url": url }));
    }

    /// The element `css` selects (its WebDriver id).
    pub fn find(&self, css: &str) -> String {
        let found = self.call(
            "POST",
            &self.session("/element"),
            json!({ "using": "css selector", "value": css }),
        );
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_string()
    }

    /// Types `text` into the element `css` selects (focusing it, as a click would).
    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.call(
            "POST",
            &self.session(&format!("/element/{element}/value")),
            json!({ "text": text }),
        );
    }

    /// Presses and releases each key of `keys`, in order, on whatever has the focus.
    pub fn keys(&self, keys: &[&str]) {
        let mut actions = Vec::new();
        for key in keys {
            actions.push(json!({ "type": "keyDown", "value": key }));
            actions.push(json!({ "type": "keyUp", "value": key }));
        }
        self.call(
            "POST",
            &self.session("/actions"),
            json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] }),
        );
        self.call("DELETE", &self.session("/actions"), Value::Null);
    }

    /// Runs `script` (a function body) in the page and returns what it returns.
    pub fn eval(&self, script: &str) -> Value {
        self.call(
            "POST",
            &self.session("/execute/sync"),
            json!({ "script": script, "args": [] }),
        )
    }

    /// Waits (at most `limit`) until `script` returns something truthy; returns it.
    pub fn wait_for(&self, what: &str, script: &str, limit: Duration) -> Value {
        let started = Instant::now();
        loop {
            let value = self.eval(script);
            let truthy = match &value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::String(s) => !s.is_empty(),
                Value::Number(n) => n.as_f64() != Some(0.0),
                _ => true,
            };
            if truthy {
                return value;
            }
            if started.elapsed() > limit {
                let state = self.eval(
                    "return document.querySelector('.db-status').textContent + ' | ' + document.querySelector('.db-time').textContent",
                );
                panic!("waited {limit:?} for {what}; the player says: {state}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Saves a PNG of the window to `path`.
    pub fn screenshot(&self, path: &Path) {
        let data = self.call("GET", &self.session("/screenshot"), Value::Null);
        let png = base64(data.as_str().expect("base64 PNG"));
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = agent()
                .delete(&format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Decodes standard base64.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}
