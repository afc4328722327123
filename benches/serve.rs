//! `docbao serve` under load, on 127.0.0.1 only, bounded in requests and time: N clients at
//! once asking for different articles (each a synthesis), then all for the same new article
//! (one shared synthesis), then for articles already cached. For each: time to the first
//! byte of audio (p50, p99), the whole answer, requests per second, errors (none are allowed
//! below the queue limit), and the server's peak memory.
//!
//! ```sh
//! cargo bench --bench serve                  # 8 clients, 6 requests each
//! DOCBAO_BENCH_CLIENTS=16 DOCBAO_BENCH_REQUESTS=4 cargo bench --bench serve
//! ```

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(cache: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_docbao"))
        .args(["serve", "--listen", "127.0.0.1:0", "--cache-dir"])
        .arg(cache)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("docbao serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the address")
        .to_string();
    Server { child, base }
}

/// The server's peak resident memory (VmHWM), in MiB.
fn peak_mib(server: &Server) -> f64 {
    std::fs::read_to_string(format!("/proc/{}/status", server.child.id()))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

struct Sample {
    first_byte: Duration,
    whole: Duration,
    ok: bool,
    hit: bool,
}

fn request(agent: &ureq::Agent, url: &str, text: &str) -> Sample {
    let started = Instant::now();
    let body = serde_json::json!({ "model": "tts-1", "input": text, "response_format": "mp3" });
    let response = agent
        .post(url)
        .header("Content-Type", "application/json")
        .send(body.to_string());
    let Ok(response) = response else {
        return Sample {
            first_byte: started.elapsed(),
            whole: started.elapsed(),
            ok: false,
            hit: false,
        };
    };
    let ok = response.status() == 200;
    let hit = response
        .headers()
        .get("x-docbao-cache")
        .is_some_and(|v| v == "hit");
    let mut reader = response.into_body().into_reader();
    let mut buffer = [0u8; 16 * 1024];
    let got = reader.read(&mut buffer).unwrap_or(0);
    let first_byte = started.elapsed();
    let mut total = got;
    while let Ok(n) = reader.read(&mut buffer) {
        if n == 0 {
            break;
        }
        total += n;
    }
    Sample {
        first_byte,
        whole: started.elapsed(),
        ok: ok && total > 0,
        hit,
    }
}

fn article(n: usize) -> String {
    format!(
        "Bản tin số {n}. Sáng nay, giá vàng trong nước tăng thêm {n} nghìn đồng mỗi lượng. \
         Các cửa hàng cho biết lượng khách mua vào đông hơn thường lệ. Theo các chuyên gia, \
         giá có thể còn biến động trong những ngày tới, người mua nên thận trọng."
    )
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Runs `clients` threads of `per_client` requests, the text of each chosen by `text`.
fn scenario(
    name: &str,
    server: &Server,
    clients: usize,
    per_client: usize,
    text: Arc<dyn Fn(usize, usize) -> String + Send + Sync>,
) {
    let url = format!("{}/v1/audio/speech", server.base);
    let started = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|client| {
            let url = url.clone();
            let text = text.clone();
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(120)))
                    .build()
                    .into();
                (0..per_client)
                    .map(|i| request(&agent, &url, &text(client, i)))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let samples: Vec<Sample> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let elapsed = started.elapsed();
    let mut first: Vec<Duration> = samples.iter().map(|s| s.first_byte).collect();
    let mut whole: Vec<Duration> = samples.iter().map(|s| s.whole).collect();
    first.sort();
    whole.sort();
    let errors = samples.iter().filter(|s| !s.ok).count();
    let hits = samples.iter().filter(|s| s.hit).count();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| {name} | {} | {:.0} / {:.0} ms | {:.0} / {:.0} ms | {:.1} | {hits} | {errors} | {:.0} MiB |",
        samples.len(),
        ms(percentile(&first, 50.0)),
        ms(percentile(&first, 99.0)),
        ms(percentile(&whole, 50.0)),
        ms(percentile(&whole, 99.0)),
        samples.len() as f64 / elapsed.as_secs_f64(),
        peak_mib(server),
    );
    assert_eq!(
        errors, 0,
        "{name}: {errors} requests failed below the queue limit"
    );
}

fn main() {
    let clients = env("DOCBAO_BENCH_CLIENTS", 8);
    let per_client = env("DOCBAO_BENCH_REQUESTS", 6);
    let cache = tempfile::tempdir().expect("a cache folder");
    let server = start(cache.path());
    println!(
        "docbao serve, {clients} clients × {per_client} requests (OpenAI endpoint, MP3, ~15 s of speech each), {} cores\n",
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    println!(
        "| scenario | requests | first byte p50 / p99 | whole p50 / p99 | req/s | cache hits | errors | server peak RSS |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let per = per_client;
    scenario(
        "different articles",
        &server,
        clients,
        per_client,
        Arc::new(move |client, i| article(client * per + i)),
    );
    scenario(
        "the same article at once",
        &server,
        clients,
        1,
        Arc::new(|_, _| article(1_000_000)),
    );
    scenario(
        "cached articles",
        &server,
        clients,
        per_client,
        Arc::new(move |client, i| article(client * per + i)),
    );
}
