//! Where the catalog comes from: `voices.json` at the catalog's base address, kept in
//! docbao's cache folder so that an offline machine still knows the catalog (and says how
//! old its copy is).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use ureq::Agent;
use url::Url;

use super::InstallError;
use super::catalog::Catalog;
use super::download::{host, offline_reason};

/// The largest catalog read (the real one is well under a megabyte).
const MAX_CATALOG: u64 = 32 * 1024 * 1024;

/// The catalog as docbao has it.
#[derive(Clone, Debug)]
pub struct CatalogCopy {
    /// The voices.
    pub catalog: Catalog,
    /// Where it comes from: the address of `voices.json`.
    pub url: String,
    /// When it was fetched from there.
    pub fetched: SystemTime,
    /// Whether it was read from the cache rather than fetched just now.
    pub from_cache: bool,
    /// Why the cache was used although it is old: the server could not be reached (one
    /// sentence).
    pub offline: Option<String>,
}

impl CatalogCopy {
    /// How long ago it was fetched.
    pub fn age(&self) -> Duration {
        SystemTime::now()
            .duration_since(self.fetched)
            .unwrap_or_default()
    }
}

/// The address of `voices.json` under `base`.
pub(crate) fn catalog_url(base: &Url) -> Url {
    base.join("voices.json").unwrap_or_else(|_| base.clone())
}

/// The cache file for the catalog at `base`: one per base address.
pub(crate) fn cache_file(cache_dir: &Path, base: &Url) -> PathBuf {
    let digest = format!("{:x}", md5::compute(base.as_str()));
    cache_dir
        .join("catalogs")
        .join(&digest[..16])
        .join("voices.json")
}

/// Reads the cached catalog, if there is a usable one.
fn read_cache(path: &Path, url: &Url) -> Option<CatalogCopy> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_CATALOG {
        return None;
    }
    let source = std::fs::read_to_string(path).ok()?;
    let catalog = Catalog::parse(&source).ok()?;
    Some(CatalogCopy {
        catalog,
        url: url.to_string(),
        fetched: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        from_cache: true,
        offline: None,
    })
}

/// The catalog at `base`: the cached copy while it is younger than `max_age` (unless
/// `refresh`), else fetched and cached; when the server cannot be reached, the cached copy
/// whatever its age.
pub(crate) fn load(
    agent: &Agent,
    base: &Url,
    cache_dir: &Path,
    max_age: Duration,
    refresh: bool,
    stall: Duration,
) -> Result<CatalogCopy, InstallError> {
    let url = catalog_url(base);
    let cache = cache_file(cache_dir, base);
    let cached = read_cache(&cache, &url);
    if let Some(copy) = &cached
        && !refresh
        && copy.age() < max_age
    {
        return Ok(copy.clone());
    }
    match fetch(agent, &url, stall) {
        Ok(source) => {
            let catalog = Catalog::parse(&source).map_err(|reason| InstallError::BadCatalog {
                url: url.to_string(),
                reason,
            })?;
            write_cache(&cache, &source);
            Ok(CatalogCopy {
                catalog,
                url: url.to_string(),
                fetched: SystemTime::now(),
                from_cache: false,
                offline: None,
            })
        }
        Err(error) if is_unreachable(&error) => match cached {
            Some(copy) => Ok(CatalogCopy {
                offline: Some(error.to_string()),
                ..copy
            }),
            None => Err(error),
        },
        Err(error) => Err(error),
    }
}

/// Errors after which an older copy is better than nothing.
fn is_unreachable(error: &InstallError) -> bool {
    match error {
        InstallError::Offline { .. }
        | InstallError::Stalled { .. }
        | InstallError::ConnectionLost { .. } => true,
        InstallError::Status { status, .. } => *status >= 500,
        _ => false,
    }
}

/// Writes the cache atomically; a cache that cannot be written is no error.
fn write_cache(path: &Path, source: &str) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    if let Ok(mut file) = tempfile::NamedTempFile::new_in(dir) {
        use std::io::Write;
        if file.write_all(source.as_bytes()).is_ok() {
            let _ = file.persist(path);
        }
    }
}

/// `voices.json` as text.
fn fetch(agent: &Agent, url: &Url, stall: Duration) -> Result<String, InstallError> {
    let host = host(url);
    let response = agent.get(url.as_str()).call().map_err(|e| match e {
        ureq::Error::Timeout(_) => InstallError::Stalled {
            host: host.clone(),
            file: "voices.json".into(),
            waited: stall,
            kept: None,
        },
        other => match offline_reason(&other) {
            Some(reason) => InstallError::Offline {
                host: host.clone(),
                reason,
                kept: None,
            },
            None => InstallError::ConnectionLost {
                host: host.clone(),
                file: "voices.json".into(),
                attempts: 1,
                reason: other.to_string(),
                kept: None,
            },
        },
    })?;
    match response.status().as_u16() {
        200 => {}
        404 | 410 => {
            return Err(InstallError::NotFound {
                url: url.to_string(),
            });
        }
        status => {
            return Err(InstallError::Status {
                url: url.to_string(),
                status,
                kept: None,
            });
        }
    }
    let mut body = response.into_body();
    let bytes = body
        .with_config()
        .limit(MAX_CATALOG)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::Timeout(_) => InstallError::Stalled {
                host: host.clone(),
                file: "voices.json".into(),
                waited: stall,
                kept: None,
            },
            other => InstallError::ConnectionLost {
                host: host.clone(),
                file: "voices.json".into(),
                attempts: 1,
                reason: other.to_string(),
                kept: None,
            },
        })?;
    String::from_utf8(bytes).map_err(|_| InstallError::BadCatalog {
        url: url.to_string(),
        reason: "it is not UTF-8 text".into(),
    })
}
