//! Build script: links libespeak-ng (statically where it can, without its audio output) and compiles the built-in voice profiles in `voices/`.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    link_espeak();
    embed_voices();
    quiet_alsa();
}

/// With the player on Linux: compiles the shim that silences ALSA's own error printing.
fn quiet_alsa() {
    let player = env::var_os("CARGO_FEATURE_PLAYER").is_some();
    let linux = env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if player && linux {
        println!("cargo:rerun-if-changed=src/audio/alsa_quiet.c");
        cc::Build::new()
            .file("src/audio/alsa_quiet.c")
            .compile("docbao_alsa_quiet");
        println!("cargo:rustc-link-lib=asound");
    }
}

/// Links libespeak-ng: statically where its archive is installed (Linux), with
/// `src/synth/espeak/no_audio.c` in place of its audio output, else the shared library.
fn link_espeak() {
    println!("cargo:rerun-if-env-changed=DOCBAO_ESPEAK_SHARED");
    if link_espeak_static() {
        return;
    }
    link_espeak_shared();
}

/// The library directories to look in: pkg-config's first, then the usual ones.
fn espeak_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Ok(lib) = pkg_config::Config::new()
        .atleast_version("1.49")
        .cargo_metadata(false)
        .probe("espeak-ng")
    {
        dirs.extend(lib.link_paths);
    }
    for dir in [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib",
        "/usr/local/lib",
        "/opt/homebrew/lib",
    ] {
        dirs.push(PathBuf::from(dir));
    }
    dirs
}

/// On Linux, where `libespeak-ng.a` and the sonic library it uses are installed (Debian's
/// libespeak-ng-dev ships both): links the archive with docbao's no-audio shim, so
/// libespeak-ng never opens a sound device (its own probe stalls on a frozen sound server)
/// and docbao does not load libpulse through it. `DOCBAO_ESPEAK_SHARED=1` opts out.
fn link_espeak_static() -> bool {
    let linux = env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if !linux || env::var_os("DOCBAO_ESPEAK_SHARED").is_some_and(|v| v != "0") {
        return false;
    }
    let dirs = espeak_dirs();
    let Some(dir) = dirs.iter().find(|d| d.join("libespeak-ng.a").is_file()) else {
        return false;
    };
    let sonic = if dir.join("libsonic.so").exists() {
        "sonic"
    } else if dir.join("libsonic.so.0").exists() {
        "libsonic.so.0"
    } else {
        return false;
    };
    println!("cargo:rerun-if-changed=src/synth/espeak/no_audio.c");
    println!("cargo:rustc-link-search=native={}", dir.display());
    println!("cargo:rustc-link-lib=static=espeak-ng");
    cc::Build::new()
        .file("src/synth/espeak/no_audio.c")
        .compile("docbao_espeak_no_audio");
    if sonic == "sonic" {
        println!("cargo:rustc-link-lib=dylib=sonic");
    } else {
        println!("cargo:rustc-link-lib=dylib:+verbatim=libsonic.so.0");
    }
    println!("cargo:rustc-link-lib=dylib=m");
    println!("cargo:rustc-link-lib=dylib=pthread");
    true
}

/// Finds the shared libespeak-ng with pkg-config, or stops the build with what to install.
fn link_espeak_shared() {
    if pkg_config::Config::new()
        .atleast_version("1.49")
        .probe("espeak-ng")
        .is_ok()
    {
        return;
    }
    // Some systems ship the library without its .pc file: try the plain name before giving up.
    if let Some(dir) = espeak_dirs()
        .iter()
        .find(|dir| dir.join("libespeak-ng.so").exists() || dir.join("libespeak-ng.dylib").exists())
    {
        println!("cargo:rustc-link-search=native={}", dir.display());
        println!("cargo:rustc-link-lib=espeak-ng");
        return;
    }
    panic!(
        "\n\ndocbao needs libespeak-ng, which was not found.\n\
         Install it, then build again:\n  \
         Debian/Ubuntu: sudo apt-get install libespeak-ng-dev pkg-config\n  \
         Fedora:        sudo dnf install espeak-ng-devel pkgconf\n  \
         macOS:         brew install espeak-ng pkg-config\n\n"
    );
}

/// Writes `$OUT_DIR/builtin_voices.rs`: a table of (file name, contents) for every
/// `voices/*.toml`, so adding a built-in voice is adding a file.
fn embed_voices() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("voices");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut table = String::from("&[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("voice file names are UTF-8");
        table.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    table.push(']');
    let out =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_voices.rs");
    fs::write(out, table).expect("OUT_DIR is writable");
}
