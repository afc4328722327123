//! Build script: links libespeak-ng and compiles the built-in voice profiles in `voices/`.

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

/// Finds libespeak-ng with pkg-config, or stops the build with what to install.
fn link_espeak() {
    if pkg_config::Config::new()
        .atleast_version("1.49")
        .probe("espeak-ng")
        .is_ok()
    {
        return;
    }
    // Some systems ship the library without its .pc file: try the plain name before giving up.
    let common = [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib",
        "/usr/local/lib",
        "/opt/homebrew/lib",
    ];
    if let Some(dir) = common.iter().find(|dir| {
        fs::metadata(format!("{dir}/libespeak-ng.so")).is_ok()
            || fs::metadata(format!("{dir}/libespeak-ng.dylib")).is_ok()
    }) {
        println!("cargo:rustc-link-search=native={dir}");
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
