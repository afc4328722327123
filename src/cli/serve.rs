//! `docbao serve`: the library's HTTP service, configured from the command line.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use docbao::article::AllowedAddress;
use docbao::serve::{ServeOptions, Server};

pub const HELP: &str = "Endpoints:
  POST /v1/audio/speech                 OpenAI's speech API (mp3, opus, wav, pcm)
  POST /api/articles                    {\"text\"|\"html\"|\"url\": …} → id, title, sentences, voices
  GET  /api/articles/ID/audio           ?voice=&rate=&format=  streamed as it is synthesized
  GET  /api/articles/ID/subtitles.vtt   one cue per sentence
  GET  /api/voices                      the voices that speak here
  GET  /                                the player; /embed.js puts it on any page

Examples:
  docbao serve
  docbao serve --listen 0.0.0.0:8080 --token \"$(cat token)\" --cache-dir /var/cache/docbao
  curl -s localhost:8080/v1/audio/speech -H 'Content-Type: application/json' \\
       -d '{\"model\":\"tts-1\",\"input\":\"Xin chào\",\"voice\":\"nova\"}' -o hello.mp3";

/// `docbao serve`'s options.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on (`0.0.0.0:8080` for every network: put a token or a
    /// reverse proxy in front).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// A bearer token the API asks for (`Authorization: Bearer TOKEN`); the environment's
    /// DOCBAO_SERVE_TOKEN is used without it. The page and player stay public.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// The cache folder: rendered audio, timings and articles. Instances sharing it serve one
    /// site. Default: ~/.cache/docbao/serve.
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// The most the cache folder holds (`500M`, `1G`, `2G`); the least recently used goes
    /// first.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    pub cache_size: u64,
    /// Fetch pages from any address, private, loopback and link-local ones included (by
    /// default only public addresses are fetched, after every redirect).
    #[arg(long)]
    pub allow_private_urls: bool,
    /// A private address that may be fetched all the same: `10.0.0.5` or `10.0.0.5:8080`
    /// (repeatable).
    #[arg(long, value_name = "IP[:PORT]")]
    pub allow_address: Vec<AllowedAddress>,
    /// The longest article read, in characters.
    #[arg(long, value_name = "N", default_value = "100000")]
    pub max_chars: usize,
    /// The largest request body (`4M`).
    #[arg(long, value_name = "SIZE", default_value = "4M", value_parser = parse_size)]
    pub max_body: u64,
    /// The longest one synthesis may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "300", value_parser = parse_seconds)]
    pub max_synthesis: Duration,
    /// Syntheses run at once (default: the number of cores; libespeak-ng takes them in turn,
    /// sentence by sentence, while their encoding runs in parallel).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=256))]
    pub workers: Option<u64>,
    /// Syntheses that may wait for a worker; beyond, requests get 503 with Retry-After.
    #[arg(long, value_name = "N", default_value = "16")]
    pub queue: usize,
}

pub fn run(args: &ServeArgs) -> Result<()> {
    let mut options = ServeOptions::default();
    options.listen = args.listen;
    options.token = args
        .token
        .clone()
        .or_else(|| std::env::var("DOCBAO_SERVE_TOKEN").ok())
        .filter(|t| !t.trim().is_empty());
    if let Some(dir) = &args.cache_dir {
        options.cache_dir = dir.clone();
    }
    options.cache_size = args.cache_size;
    options.allow_private_urls = args.allow_private_urls;
    options.allowed_addresses = args.allow_address.clone();
    options.max_chars = args.max_chars;
    options.max_body = usize::try_from(args.max_body).unwrap_or(usize::MAX);
    options.max_synthesis = args.max_synthesis;
    if let Some(workers) = args.workers {
        options.workers = workers as usize;
    }
    options.queue = args.queue;
    let cache_dir = options.cache_dir.clone();
    let server = Server::bind(options)?;
    println!(
        "docbao: listening on http://{} (cache {})",
        server.local_addr(),
        cache_dir.display()
    );
    use std::io::Write as _;
    std::io::stdout().flush().context("standard output")?;
    server.run()?;
    Ok(())
}

/// A size in bytes: `4096`, `500K`, `500M`, `1G` (powers of 1024; `MB`, `MiB` too).
fn parse_size(text: &str) -> Result<u64, String> {
    let lower = text.trim().to_ascii_lowercase();
    let unit_at = lower
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(lower.len());
    let (number, unit) = lower.split_at(unit_at);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a size: give bytes or 500K, 500M, 1G"))?;
    let scale: u64 = match unit.trim().trim_end_matches("ib").trim_end_matches('b') {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        "t" => 1 << 40,
        _ => {
            return Err(format!(
                "'{text}' is not a size: give bytes or 500K, 500M, 1G"
            ));
        }
    };
    let bytes = number * scale as f64;
    if !(1.0..=1e18).contains(&bytes) {
        return Err(format!("'{text}' is not a size this server can use"));
    }
    Ok(bytes as u64)
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    text.trim()
        .trim_end_matches('s')
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("'{text}' is not a number of seconds (1–86400)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("500M"), Ok(500 << 20));
        assert_eq!(parse_size("1.5GiB"), Ok(3 << 29));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
        assert!(parse_size("1X").is_err());
    }
}
