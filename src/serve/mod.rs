//! `docbao serve`: articles read aloud over HTTP (feature `serve`), on axum and tokio.
//!
//! - `POST /v1/audio/speech`: OpenAI's speech API (`model`, `input`, `voice`,
//!   `response_format` mp3 | opus | wav | pcm, `speed`), so its clients work unchanged.
//! - `POST /api/articles` (text, HTML or a URL) → the article's id, title, sentences and
//!   voices; `GET /api/articles/{id}` with its timing for a voice and rate;
//!   `GET /api/articles/{id}/audio` streamed as it is synthesized (HTTP ranges once
//!   complete); `GET /api/articles/{id}/subtitles.vtt`; `GET /api/voices`.
//! - `GET /` a page to paste an article and listen; `/embed.js` puts the same player on any
//!   page.
//!
//! Fetching a URL for a client reaches public addresses only (after name resolution and
//! every redirect) unless the operator allows more; bodies, articles and synthesis time are
//! capped; syntheses run a bounded number at once with a bounded queue (full: 503 and
//! `Retry-After`); a bearer token may protect the API. Every failure is a JSON error with one
//! sentence. The only state is the cache folder, keyed by content, so several instances
//! sharing it serve one site.
//!
//! ```no_run
//! let options = docbao::serve::ServeOptions::default();
//! let server = docbao::serve::Server::bind(options)?;
//! println!("listening on http://{}", server.local_addr());
//! server.run()?;
//! # Ok::<(), docbao::serve::ServeError>(())
//! ```

mod api;
mod assets;
mod body;
mod cache;
mod encode;
mod engines;
mod error;
mod jobs;
mod openai;
mod voices;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::Document;
use crate::article::AllowedAddress;
use cache::Cache;
use error::ApiError;
use jobs::Jobs;

/// How the service runs.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ServeOptions {
    /// The address to listen on (`127.0.0.1:8080`: this machine only).
    pub listen: SocketAddr,
    /// A bearer token the API asks for (`Authorization: Bearer …`); `None`: open.
    pub token: Option<String>,
    /// The cache folder (shared by instances that serve one site).
    pub cache_dir: PathBuf,
    /// The most the cache folder holds, in bytes; the least recently used goes first.
    pub cache_size: u64,
    /// Fetch pages from any address, private and local ones included.
    pub allow_private_urls: bool,
    /// Private addresses that may be fetched all the same.
    pub allowed_addresses: Vec<AllowedAddress>,
    /// The longest article read, in characters.
    pub max_chars: usize,
    /// The largest request body, in bytes.
    pub max_body: usize,
    /// The largest page fetched, in bytes.
    pub max_page: u64,
    /// How long a page fetch may take.
    pub fetch_timeout: Duration,
    /// How long one synthesis may take.
    pub max_synthesis: Duration,
    /// Syntheses run at once.
    pub workers: usize,
    /// Syntheses that may wait for one of the workers; beyond, 503.
    pub queue: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            cache_dir: default_cache_dir(),
            cache_size: 1 << 30,
            allow_private_urls: false,
            allowed_addresses: Vec::new(),
            max_chars: 100_000,
            max_body: 4 << 20,
            max_page: 4 << 20,
            fetch_timeout: Duration::from_secs(15),
            max_synthesis: Duration::from_secs(300),
            workers: std::thread::available_parallelism().map_or(2, usize::from),
            queue: 16,
        }
    }
}

/// `$XDG_CACHE_HOME/docbao/serve` (`~/.cache/docbao/serve`).
pub fn default_cache_dir() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("docbao")
        .join("serve")
}

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The address is taken or not this machine's.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address.
        address: SocketAddr,
        /// What the system said.
        source: std::io::Error,
    },
    /// The cache folder cannot be made or written.
    #[error("cannot use the cache folder {path}: {source}")]
    Cache {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// No voice can speak on this machine.
    #[error("no voice can speak on this machine, so there is nothing to serve")]
    NoVoice,
    /// The server stopped.
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// The service, bound to its address.
pub struct Server {
    listener: std::net::TcpListener,
    app: Arc<App>,
}

/// What every request shares.
pub(crate) struct App {
    options: ServeOptions,
    voices: voices::Catalog,
    cache: Cache,
    jobs: Jobs,
    /// The voices' engines, kept open between syntheses.
    engines: engines::Engines,
    /// SHA-256 of the token: compared in constant time, whatever the lengths.
    token: Option<[u8; 32]>,
    /// Documents built lately from the cache (a small memo: the cache has them all).
    documents: Mutex<HashMap<String, Arc<Document>>>,
}

impl Server {
    /// Opens the cache, finds the voices and binds the address.
    pub fn bind(options: ServeOptions) -> Result<Server, ServeError> {
        let cache = Cache::open(
            &options.cache_dir,
            options.cache_size,
            options.max_synthesis * 2,
        )
        .map_err(|source| ServeError::Cache {
            path: options.cache_dir.clone(),
            source,
        })?;
        let voices = voices::Catalog::load();
        if voices.is_empty() {
            return Err(ServeError::NoVoice);
        }
        let listener =
            std::net::TcpListener::bind(options.listen).map_err(|source| ServeError::Bind {
                address: options.listen,
                source,
            })?;
        listener.set_nonblocking(true)?;
        let jobs = Jobs::new(options.workers, options.queue, options.max_synthesis);
        let token = options.token.as_deref().map(digest);
        Ok(Server {
            listener,
            app: Arc::new(App {
                options,
                voices,
                cache,
                jobs,
                token,
                documents: Mutex::new(HashMap::new()),
                engines: engines::Engines::default(),
            }),
        })
    }

    /// The address it listens on (with the port the system chose for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or(self.app.options.listen)
    }

    /// Serves until the process ends.
    pub fn run(self) -> Result<(), ServeError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("docbao-serve")
            .build()?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            axum::serve(listener, router(self.app)).await
        })?;
        Ok(())
    }
}

fn router(app: Arc<App>) -> Router {
    let max_body = app.options.max_body;
    Router::new()
        .route("/", get(assets::index))
        .route("/player.js", get(assets::player_js))
        .route("/player.css", get(assets::player_css))
        .route("/embed.js", get(assets::embed_js))
        .route("/page.js", get(assets::page_js))
        .route("/page.css", get(assets::page_css))
        .route("/health", get(health))
        .route("/v1/audio/speech", post(openai::speech))
        .route("/v1/models", get(openai::models))
        .route("/api/voices", get(api::voices))
        .route("/api/articles", post(api::create))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/articles/{id}/audio", get(api::audio))
        .route("/api/articles/{id}/subtitles.vtt", get(api::subtitles))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

async fn health(State(app): State<Arc<App>>) -> Response {
    axum::Json(serde_json::json!({
        "ok": true,
        "version": env!("CARGO_PKG_VERSION"),
        "voices": app.voices.len(),
    }))
    .into_response()
}

async fn not_found() -> ApiError {
    ApiError::not_found(
        "there is nothing at this address: see /api/voices, /api/articles and /v1/audio/speech",
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this address does not take that method",
    )
}

/// Every request: CORS (the player is embedded on other sites), and the token for the API.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = if request.method() == Method::OPTIONS {
        StatusCode::NO_CONTENT.into_response()
    } else if let Err(error) = authorize(&app, &request, &path) {
        error.into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD, POST, OPTIONS"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("authorization, content-type, range"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(
            "x-docbao-cache, x-docbao-duration, x-docbao-voice, content-range, accept-ranges, content-length, retry-after",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// With a token set, the API asks for it as a bearer token — or, for the audio and
/// subtitles the player's `<audio>` element fetches (it cannot send headers), for a URL the
/// API signed.
fn authorize(app: &App, request: &Request, path: &str) -> Result<(), ApiError> {
    let Some(expected) = &app.token else {
        return Ok(());
    };
    if !(path.starts_with("/api/") || path.starts_with("/v1/")) {
        return Ok(());
    }
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
        })
        .map(str::trim);
    if let Some(given) = given {
        if bool::from(digest(given).ct_eq(expected)) {
            return Ok(());
        }
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "the bearer token is not this server's",
        ));
    }
    if request.method() == Method::GET && app.signed(request.uri()) {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::UNAUTHORIZED,
        "missing_token",
        "this server asks for a token: send it as Authorization: Bearer TOKEN",
    ))
}

fn digest(text: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(Sha256::digest(text.as_bytes()).as_slice());
    out
}

/// HMAC-SHA-256 (RFC 2104).
fn hmac(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    let mut inner = Sha256::new();
    let mut outer = Sha256::new();
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    inner.update(block.map(|b| b ^ 0x36));
    inner.update(message);
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    let mut out = [0u8; 32];
    out.copy_from_slice(outer.finalize().as_slice());
    out
}

/// How long a signed URL stays good.
const SIGNED_FOR: Duration = Duration::from_secs(6 * 3600);

impl App {
    /// `path?query` with, when a token is set, an expiry and a signature appended.
    fn sign(&self, path_and_query: String) -> String {
        let Some(key) = &self.token else {
            return path_and_query;
        };
        let expires = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .saturating_add(SIGNED_FOR)
            .as_secs();
        let sep = if path_and_query.contains('?') {
            '&'
        } else {
            '?'
        };
        let unsigned = format!("{path_and_query}{sep}expires={expires}");
        let signature = hex(&hmac(key, unsigned.as_bytes()));
        format!("{unsigned}&signature={signature}")
    }

    /// Whether `uri` carries a good, unexpired signature (as its last parameter).
    fn signed(&self, uri: &axum::http::Uri) -> bool {
        let Some(key) = &self.token else {
            return false;
        };
        let Some(path_and_query) = uri.path_and_query().map(|p| p.as_str()) else {
            return false;
        };
        let Some((unsigned, signature)) = path_and_query.rsplit_once("&signature=") else {
            return false;
        };
        let expires = unsigned
            .rsplit_once("expires=")
            .and_then(|(_, n)| n.parse::<u64>().ok());
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let fresh = expires.is_some_and(|e| e > now);
        let good = hex(&hmac(key, unsigned.as_bytes()))
            .as_bytes()
            .ct_eq(signature.as_bytes());
        fresh && bool::from(good)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
