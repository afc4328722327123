//! Installing and removing Piper voices from the public catalog (or a mirror of it).
//!
//! ```no_run
//! use docbao::CancelToken;
//! use docbao::voice::install::Installer;
//!
//! let installer = Installer::from_env()?;
//! let copy = installer.catalog(false)?;
//! let voice = copy.catalog.resolve("vi").expect("a Vietnamese voice");
//! let installed = installer.install(voice, &mut |p| eprintln!("{}/{}", p.done, p.total), &CancelToken::new())?;
//! println!("installed {}", installed.entry.key);
//! # Ok::<(), docbao::voice::InstallError>(())
//! ```
//!
//! Files arrive as `.part` files in docbao's cache folder (so an interrupted download resumes
//! with HTTP `Range` where it stopped), are checked against the catalog's size and MD5, and
//! only then move into a hidden folder beside the installed voices, which is renamed into
//! place whole once the voice is complete (see [`super::installed`]). Proxies
//! come from `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY`, and `NO_PROXY` names the hosts
//! reached directly.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ureq::Agent;
use url::Url;

use super::InstallError;
use super::catalog::{CatalogVoice, FileKind};
use super::download::{self, Job};
use super::installed::{self, InstalledVoice};
pub use super::source::CatalogCopy;
use crate::cancel::CancelToken;

/// The public catalog: the `rhasspy/piper-voices` collection, revision `v1.0.0`.
pub const DEFAULT_BASE_URL: &str = "https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0/";

/// The environment variable that sets the catalog's base address (a mirror, a test server).
pub const BASE_URL_VAR: &str = "DOCBAO_VOICES_URL";

/// How long a cached catalog is used without asking the server again.
const MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// How a download is going, after each block received.
#[derive(Clone, Debug, PartialEq)]
pub struct DownloadProgress {
    /// The file arriving now.
    pub file: String,
    /// Bytes of the voice on disk so far (earlier attempts included).
    pub done: u64,
    /// Bytes of the whole voice.
    pub total: u64,
    /// Bytes that were already there when this install started (resumed from).
    pub resumed: u64,
    /// Time since this install started.
    pub elapsed: Duration,
}

impl DownloadProgress {
    /// Bytes a second received by this install so far.
    pub fn speed(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs <= 0.0 {
            return 0.0;
        }
        (self.done - self.resumed.min(self.done)) as f64 / secs
    }

    /// Time left at the speed so far, once there is one.
    pub fn eta(&self) -> Option<Duration> {
        let speed = self.speed();
        (speed > 0.0)
            .then(|| Duration::from_secs_f64(self.total.saturating_sub(self.done) as f64 / speed))
    }
}

/// Installs and removes catalog voices.
#[derive(Clone, Debug)]
pub struct Installer {
    base: Url,
    voices_dir: PathBuf,
    cache_dir: PathBuf,
    stall: Duration,
    agent: Agent,
}

impl Installer {
    /// The catalog at `DOCBAO_VOICES_URL` (else the public one), voices in
    /// `$XDG_DATA_HOME/docbao/piper-voices`, downloads and the catalog's copy in
    /// `$XDG_CACHE_HOME/docbao`.
    pub fn from_env() -> Result<Installer, InstallError> {
        let installer = Installer::local()?;
        match std::env::var(BASE_URL_VAR) {
            Ok(base) if !base.trim().is_empty() => installer.with_base_url(&base),
            _ => Ok(installer),
        }
    }

    /// The public catalog, and docbao's own folders: what removing a voice needs, whatever
    /// `DOCBAO_VOICES_URL` says.
    pub fn local() -> Result<Installer, InstallError> {
        let voices_dir = installed::default_dir().ok_or(InstallError::NoDataDir)?;
        let cache_dir = dirs::cache_dir()
            .map(|dir| dir.join("docbao"))
            .ok_or(InstallError::NoDataDir)?;
        Installer::new(DEFAULT_BASE_URL, voices_dir, cache_dir)
    }

    /// The catalog at `base_url`, voices installed in `voices_dir`, downloads and the
    /// catalog's copy kept in `cache_dir`.
    pub fn new(
        base_url: &str,
        voices_dir: PathBuf,
        cache_dir: PathBuf,
    ) -> Result<Installer, InstallError> {
        let mut installer = Installer {
            base: parse_base(base_url)?,
            voices_dir,
            cache_dir,
            stall: Duration::from_secs(30),
            agent: Agent::new_with_defaults(),
        };
        installer.agent = installer.make_agent();
        Ok(installer)
    }

    /// Sets the catalog's base address (the folder that holds `voices.json`).
    pub fn with_base_url(mut self, base_url: &str) -> Result<Installer, InstallError> {
        self.base = parse_base(base_url)?;
        Ok(self)
    }

    /// How long the server may send nothing before the download is given up (30 s).
    pub fn with_stall_timeout(mut self, stall: Duration) -> Installer {
        self.stall = stall;
        self.agent = self.make_agent();
        self
    }

    fn make_agent(&self) -> Agent {
        // The default configuration reads the proxy variables (and NO_PROXY).
        Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(format!(
                "docbao/{} (text-to-speech article reader; installs a voice its user asked for)",
                env!("CARGO_PKG_VERSION")
            ))
            .timeout_resolve(Some(self.stall))
            .timeout_connect(Some(self.stall))
            .timeout_recv_response(Some(self.stall))
            .timeout_per_read(Some(self.stall))
            .build()
            .into()
    }

    /// The catalog's base address.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// Where installed voices live.
    pub fn voices_dir(&self) -> &Path {
        &self.voices_dir
    }

    /// The catalog: the cached copy while it is less than a day old (unless `refresh`),
    /// else fetched anew; offline, the cached copy whatever its age.
    pub fn catalog(&self, refresh: bool) -> Result<CatalogCopy, InstallError> {
        super::source::load(
            &self.agent,
            &self.base,
            &self.cache_dir,
            MAX_AGE,
            refresh,
            self.stall,
        )
    }

    /// The voices installed now.
    pub fn installed(&self) -> Vec<InstalledVoice> {
        installed::list(&self.voices_dir).0
    }

    /// Where the files of `key` arrive.
    fn download_dir(&self, key: &str) -> PathBuf {
        self.cache_dir.join("downloads").join(key)
    }

    /// Downloads, checks and installs `voice` (replacing an older install of it).
    /// `on_progress` hears after every block received. On any error nothing is installed;
    /// what arrived of an interrupted download is kept so that the same call resumes it,
    /// and a file that arrived damaged is deleted.
    pub fn install(
        &self,
        voice: &CatalogVoice,
        on_progress: &mut dyn FnMut(&DownloadProgress),
        cancel: &CancelToken,
    ) -> Result<InstalledVoice, InstallError> {
        let key = voice.key.as_str();
        let parts = self.download_dir(key);
        let result = self.download_all(voice, &parts, on_progress, cancel);
        let result = result.and_then(|()| self.put_in_place(voice, &parts));
        match result {
            Ok(installed) => {
                let _ = std::fs::remove_dir_all(&parts);
                Ok(installed)
            }
            Err(error) if error.is_resumable() => {
                let kept = dir_size(&parts);
                if kept == 0 {
                    let _ = std::fs::remove_dir_all(&parts);
                }
                Err(error.with_kept(kept))
            }
            Err(error) => {
                let _ = std::fs::remove_dir_all(&parts);
                Err(error)
            }
        }
    }

    fn download_all(
        &self,
        voice: &CatalogVoice,
        parts: &Path,
        on_progress: &mut dyn FnMut(&DownloadProgress),
        cancel: &CancelToken,
    ) -> Result<(), InstallError> {
        std::fs::create_dir_all(parts).map_err(|e| InstallError::io("create", parts, e))?;
        let files = voice.install_files();
        let part_of = |kind: FileKind| parts.join(format!("{}.part", voice.file_name(kind)));
        let on_disk = |files: &[(FileKind, &str, &super::catalog::CatalogFile)]| -> u64 {
            files
                .iter()
                .map(|(kind, _, file)| download::len(&part_of(*kind)).min(file.size_bytes))
                .sum()
        };
        let total = voice.download_size();
        let resumed = on_disk(&files);
        self.check_space(total - resumed.min(total))?;
        let started = Instant::now();
        let mut before = 0;
        for (kind, path, file) in &files {
            let url = self.base.join(path).map_err(|e| InstallError::BadBaseUrl {
                url: self.base.to_string(),
                reason: e.to_string(),
            })?;
            let part = part_of(*kind);
            let name = voice.file_name(*kind);
            let job = Job {
                url: &url,
                part: &part,
                expected: file,
                name: &name,
                stall: self.stall,
            };
            download::download(&self.agent, &job, cancel, &mut |bytes| {
                on_progress(&DownloadProgress {
                    file: name.clone(),
                    done: before + bytes,
                    total,
                    resumed,
                    elapsed: started.elapsed(),
                })
            })?;
            before += file.size_bytes;
        }
        if cancel.is_cancelled() {
            return Err(InstallError::Cancelled { kept: 0 });
        }
        Ok(())
    }

    /// Refuses an install that cannot fit, before any byte is written.
    fn check_space(&self, needed: u64) -> Result<(), InstallError> {
        for dir in [&self.cache_dir, &self.voices_dir] {
            if let Some(available) = super::space::available(dir)
                && available < needed
            {
                return Err(InstallError::DiskFull {
                    dir: dir.clone(),
                    needed: Some(needed),
                    available,
                });
            }
        }
        Ok(())
    }

    /// Moves the checked files into a hidden folder beside the voices, checks the voice can
    /// be read, writes its receipt and renames the folder into place.
    fn put_in_place(
        &self,
        voice: &CatalogVoice,
        parts: &Path,
    ) -> Result<InstalledVoice, InstallError> {
        let root = &self.voices_dir;
        std::fs::create_dir_all(root).map_err(|e| InstallError::io("create", root, e))?;
        let staging = root.join(format!(".install-{}", voice.key));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .map_err(|e| InstallError::io("remove", &staging, e))?;
        }
        std::fs::create_dir(&staging).map_err(|e| InstallError::io("create", &staging, e))?;
        let result = (|| {
            for (kind, _, _) in voice.install_files() {
                let name = voice.file_name(kind);
                move_file(&parts.join(format!("{name}.part")), &staging.join(&name))?;
            }
            let model = staging.join(voice.file_name(FileKind::Model));
            super::Voice::piper_file(&model).map_err(|reason| InstallError::Unusable {
                key: voice.key.clone(),
                reason,
            })?;
            let receipt = staging.join(installed::RECEIPT);
            let json = serde_json::to_string_pretty(voice).unwrap_or_default();
            std::fs::write(&receipt, json).map_err(|e| InstallError::io("write", &receipt, e))?;
            installed::commit(root, &staging, &voice.key)
        })();
        if let Err(error) = result {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(error);
        }
        InstalledVoice::load(&root.join(&voice.key)).map_err(|reason| InstallError::Unusable {
            key: voice.key.clone(),
            reason,
        })
    }

    /// Removes an installed voice, and whatever an interrupted download of it left.
    pub fn remove(&self, key: &str) -> Result<InstalledVoice, InstallError> {
        let removed = installed::remove(&self.voices_dir, key)?;
        let _ = std::fs::remove_dir_all(self.download_dir(&removed.entry.key));
        Ok(removed)
    }
}

/// The base address, ending in `/` so that file paths join under it.
fn parse_base(base: &str) -> Result<Url, InstallError> {
    let trimmed = base.trim();
    let with_slash = if trimmed.ends_with('/') {
        trimmed.to_string()
    } else {
        format!("{trimmed}/")
    };
    let url = Url::parse(&with_slash).map_err(|e| InstallError::BadBaseUrl {
        url: trimmed.to_string(),
        reason: e.to_string(),
    })?;
    match url.scheme() {
        "http" | "https" if url.host_str().is_some_and(|h| !h.is_empty()) => Ok(url),
        _ => Err(InstallError::BadBaseUrl {
            url: trimmed.to_string(),
            reason: "only http:// and https:// addresses can be used".into(),
        }),
    }
}

/// Renames `from` to `to`, copying when they are on different disks.
fn move_file(from: &Path, to: &Path) -> Result<(), InstallError> {
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to).map_err(|e| InstallError::io("write", to, e))?;
    let _ = std::fs::remove_file(from);
    Ok(())
}

/// Bytes of the files in `dir`.
fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_addresses() {
        assert_eq!(
            parse_base("https://example.org/mirror").unwrap().as_str(),
            "https://example.org/mirror/"
        );
        let base = parse_base(DEFAULT_BASE_URL).unwrap();
        assert_eq!(
            base.join("vi/vi_VN/vais1000/medium/vi_VN-vais1000-medium.onnx")
                .unwrap()
                .as_str(),
            "https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0/vi/vi_VN/vais1000/medium/vi_VN-vais1000-medium.onnx"
        );
        assert!(parse_base("ftp://example.org/").is_err());
        assert!(parse_base("not a url").is_err());
    }

    #[test]
    fn speed_and_time_left() {
        let progress = DownloadProgress {
            file: "x".into(),
            done: 600,
            total: 1000,
            resumed: 200,
            elapsed: Duration::from_secs(2),
        };
        assert_eq!(progress.speed(), 200.0);
        assert_eq!(progress.eta(), Some(Duration::from_secs(2)));
    }
}
