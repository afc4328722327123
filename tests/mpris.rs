//! Media keys and "now playing": while `docbao read` plays, it is an MPRIS player on the
//! session bus. Each test starts its own bus (`dbus-daemon` on a private socket) and drives
//! docbao with `dbus-send`, as a desktop's media keys would, checking what the fake sound card
//! receives and what plain mode says; `dbus-monitor` reads the signals docbao sends.
#![cfg(all(unix, feature = "mpris"))]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use common::process::finish_within;
use common::sound::SoundServer;
use common::{Sandbox, fixture, rms};

/// How long anything may take before the test fails: a busy machine is slow, never this slow.
const LIMIT: Duration = Duration::from_secs(30);

/// A private session bus, killed on drop.
struct Bus {
    child: Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl Bus {
    /// Starts the bus, or returns `None` (saying so loudly) when D-Bus's programs are not
    /// installed — except in CI, where these tests must run.
    fn start() -> Option<Bus> {
        let missing: Vec<&str> = ["dbus-daemon", "dbus-send", "dbus-monitor"]
            .into_iter()
            .filter(|tool| {
                Command::new(tool)
                    .arg("--version")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .is_err()
            })
            .collect();
        if !missing.is_empty() {
            assert!(
                std::env::var_os("CI").is_none(),
                "{missing:?} not installed, and CI must run the MPRIS tests (scripts/setup --test installs dbus-daemon and dbus-bin)"
            );
            eprintln!(
                "\n*** SKIPPED: {missing:?} not installed; run scripts/setup --test to run the MPRIS tests ***\n"
            );
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        // A session bus of its own: no system files needed (Debian's session.conf is in
        // another package), anyone of this user may own any name and watch.
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                dir.path().join("bus").display()
            ),
        )
        .unwrap();
        let mut child = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address", "--nopidfile"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // It warns that it cannot raise its file limit, which is of no matter here.
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon starts");
        // It prints its address once it listens.
        let mut address = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_string();
        assert!(address.starts_with("unix:"), "dbus-daemon said {address:?}");
        Some(Bus {
            child,
            address,
            _dir: dir,
        })
    }

    /// `dbus-send` to `dest`, waiting for the reply: what it printed, or its error.
    fn try_call(&self, dest: &str, args: &[&str]) -> Result<String, String> {
        let output = Command::new("dbus-send")
            .arg(format!("--bus={}", self.address))
            .args(["--print-reply", "--reply-timeout=10000"])
            .arg(format!("--dest={dest}"))
            .args(args)
            .output()
            .expect("dbus-send runs");
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }

    fn call(&self, dest: &str, args: &[&str]) -> String {
        self.try_call(dest, args)
            .unwrap_or_else(|error| panic!("dbus-send {args:?}: {error}"))
    }

    /// Whether someone owns `name` on the bus.
    fn has_owner(&self, name: &str) -> bool {
        self.call(
            "org.freedesktop.DBus",
            &[
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                &format!("string:{name}"),
            ],
        )
        .contains("boolean true")
    }

    /// Waits until `name` is owned (`true`) or not (`false`).
    fn wait_for_owner(&self, name: &str, owned: bool) {
        let started = Instant::now();
        while self.has_owner(name) != owned {
            assert!(
                started.elapsed() < LIMIT,
                "{name} {} the bus after {LIMIT:?}",
                if owned { "is not on" } else { "is still on" }
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Watches the bus's signals with `dbus-monitor`, once it is seen to watch.
    fn monitor(&self) -> Monitor {
        let mut child = Command::new("dbus-monitor")
            .args(["--address", &self.address])
            .arg("type='signal'")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor starts");
        let (tx, lines) = mpsc::channel();
        let out = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut monitor = Monitor {
            child,
            lines,
            seen: Vec::new(),
        };
        // A signal of the test's own, sent until the monitor shows it: from then on it sees
        // everything.
        let started = Instant::now();
        loop {
            let status = Command::new("dbus-send")
                .arg(format!("--bus={}", self.address))
                .args(["--type=signal", "/docbao/test", "org.docbao.Test.Ready"])
                .status()
                .unwrap();
            assert!(status.success());
            if monitor.saw_within("member=Ready", Duration::from_millis(200)) {
                break;
            }
            assert!(started.elapsed() < LIMIT, "dbus-monitor shows nothing");
        }
        monitor
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What `dbus-monitor` printed.
struct Monitor {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Monitor {
    /// Whether a line containing `needle` comes within `limit` (lines read are kept).
    fn saw_within(&mut self, needle: &str, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let found = line.contains(needle);
                    self.seen.push(line);
                    if found {
                        return true;
                    }
                }
                Err(_) => return false,
            }
        }
    }

    /// Waits for a line containing `needle`, and returns the lines from the one that
    /// started its message on.
    fn wait_for(&mut self, needle: &str) -> String {
        let from = self.seen.len();
        assert!(
            self.saw_within(needle, LIMIT),
            "dbus-monitor showed no {needle:?}: {:#?}",
            &self.seen[from..]
        );
        let found = self.seen.len() - 1;
        let start = self.seen[..=found]
            .iter()
            .rposition(|l| l.starts_with("signal "))
            .unwrap_or(found);
        self.seen[start..].join("\n")
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `docbao read --plain` on the fake sound card and a bus, its lines as they come.
struct Reading {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
    /// Its name on the bus.
    name: String,
}

impl Reading {
    fn start(server: &SoundServer, sandbox: &Sandbox, bus: Option<&Bus>, args: &[&str]) -> Reading {
        let mut command = sandbox.docbao();
        server.connect(&mut command);
        if let Some(bus) = bus {
            command.env("DBUS_SESSION_BUS_ADDRESS", &bus.address);
        }
        let mut child = command
            .env("DOCBAO_STATE_DIR", sandbox.path("state"))
            .args(["read", "--plain"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        let out = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Reading {
            name: format!("org.mpris.MediaPlayer2.docbao.instance{}", child.id()),
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line starting with `prefix`, and returns it.
    fn wait_for(&mut self, prefix: &str) -> String {
        self.wait_for_both(prefix, "")
    }

    /// Waits for a line starting with `prefix` and ending with `suffix`, and returns it.
    fn wait_for_both(&mut self, prefix: &str, suffix: &str) -> String {
        let deadline = Instant::now() + LIMIT;
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(100)) {
                let found = line.starts_with(prefix) && line.ends_with(suffix);
                self.seen.push(line.clone());
                if found {
                    return line;
                }
            }
        }
        panic!(
            "no line starting with {prefix:?} and ending with {suffix:?}; got {:#?}",
            self.seen
        );
    }

    /// Calls `method` of the player interface (`Pause`, `Seek int64:…`).
    fn player(&self, bus: &Bus, method: &str, args: &[&str]) -> String {
        let member = format!("org.mpris.MediaPlayer2.Player.{method}");
        let mut all = vec!["/org/mpris/MediaPlayer2", member.as_str()];
        all.extend_from_slice(args);
        bus.call(&self.name, &all)
    }

    /// Reads a property of `interface` (`Player` or the root interface, ``).
    fn get(&self, bus: &Bus, interface: &str, property: &str) -> String {
        let interface = if interface.is_empty() {
            "org.mpris.MediaPlayer2".to_string()
        } else {
            format!("org.mpris.MediaPlayer2.{interface}")
        };
        bus.call(
            &self.name,
            &[
                "/org/mpris/MediaPlayer2",
                "org.freedesktop.DBus.Properties.Get",
                &format!("string:{interface}"),
                &format!("string:{property}"),
            ],
        )
    }

    /// Sets a property of the player interface (`variant:double:0.5`).
    fn set(&self, bus: &Bus, property: &str, value: &str) {
        bus.call(
            &self.name,
            &[
                "/org/mpris/MediaPlayer2",
                "org.freedesktop.DBus.Properties.Set",
                "string:org.mpris.MediaPlayer2.Player",
                &format!("string:{property}"),
                value,
            ],
        );
    }

    /// The position, in microseconds.
    fn position(&self, bus: &Bus) -> i64 {
        int64(&self.get(bus, "Player", "Position"))
    }

    /// Waits until the position is `to` µs, give or take `slack` (it is noted every tick).
    fn wait_for_position(&self, bus: &Bus, to: i64, slack: i64) -> i64 {
        let started = Instant::now();
        loop {
            let at = self.position(bus);
            if (at - to).abs() <= slack {
                return at;
            }
            assert!(
                started.elapsed() < LIMIT,
                "the position is {at} µs, not {to} µs"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for the end: exit code and standard error; the last lines are kept.
    fn finish(mut self) -> (Option<i32>, String, Vec<String>) {
        let (code, err, _) = finish_within(self.child, LIMIT, "docbao read");
        while let Ok(line) = self.lines.recv_timeout(Duration::from_millis(300)) {
            self.seen.push(line);
        }
        (code, err, self.seen)
    }
}

/// The number after `int64 ` (or `int32 `) in what `dbus-send` printed.
fn int64(reply: &str) -> i64 {
    reply
        .split_whitespace()
        .skip_while(|word| *word != "int64" && *word != "int32")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no integer in {reply}"))
}

/// The number after `double ` in what `dbus-send` printed.
fn double(reply: &str) -> f64 {
    reply
        .split_whitespace()
        .skip_while(|word| *word != "double")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no double in {reply}"))
}

/// The number a metadata `key` holds (an `int32`), in what `dbus-send` printed.
fn metadata_number(metadata: &str, key: &str) -> i64 {
    let at = metadata
        .find(&format!("\"{key}\""))
        .unwrap_or_else(|| panic!("no {key} in {metadata}"));
    int64(&metadata[at..])
}

/// Loudness of what the sound card received in the next `window`, from now.
fn loudness_over(server: &SoundServer, window: Duration) -> f64 {
    let from = server.samples().len();
    std::thread::sleep(window);
    rms(&server.samples()[from..])
}

#[test]
fn media_keys_pause_play_move_and_stop_the_reading() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let Some(bus) = Bus::start() else { return };
    let mut monitor = bus.monitor();
    let sandbox = Sandbox::new();
    let mut reading = Reading::start(
        &server,
        &sandbox,
        Some(&bus),
        &[fixture("vi-article.txt").to_str().unwrap()],
    );
    bus.wait_for_owner(&reading.name, true);
    reading.wait_for("reading ");
    reading.wait_for("Hà Nội mở thêm ba tuyến xe buýt điện");

    // Who it is, and what it plays.
    assert!(
        reading
            .get(&bus, "", "Identity")
            .contains("string \"docbao\"")
    );
    assert!(reading.get(&bus, "", "CanQuit").contains("boolean true"));
    assert!(reading.get(&bus, "", "CanRaise").contains("boolean false"));
    let metadata = reading.get(&bus, "Player", "Metadata");
    for part in [
        "string \"xesam:title\"",
        "string \"Hà Nội mở thêm ba tuyến xe buýt điện\"",
        "string \"mpris:trackid\"",
        "object path \"/org/docbao/article/1\"",
        "string \"mpris:length\"",
        "string \"xesam:asText\"",
    ] {
        assert!(metadata.contains(part), "no {part} in {metadata}");
    }
    assert!(
        reading
            .get(&bus, "Player", "PlaybackStatus")
            .contains("string \"Playing\"")
    );

    // Pause: the plain output says so, the desktop is told, the sound card goes silent.
    reading.player(&bus, "Pause", &[]);
    reading.wait_for("paused at ");
    monitor.wait_for("string \"Paused\"");
    assert!(
        reading
            .get(&bus, "Player", "PlaybackStatus")
            .contains("string \"Paused\"")
    );
    // What the sound server had buffered plays out first.
    std::thread::sleep(Duration::from_millis(500));
    let silent = loudness_over(&server, Duration::from_secs(1));
    assert!(silent < 20.0, "paused, yet the sound card got RMS {silent}");

    // Next, while paused: the next sentence, by number.
    let sentence = metadata_number(&reading.get(&bus, "Player", "Metadata"), "docbao:sentence");
    reading.player(&bus, "Next", &[]);
    reading.wait_for(&format!("sentence {} of ", sentence + 1));
    monitor.wait_for("member=Seeked");

    // Seek 3 s forward, then to 2 s: the position follows, and Seeked says where.
    let before = reading.position(&bus);
    reading.player(&bus, "Seek", &["int64:3000000"]);
    reading.wait_for_position(&bus, before + 3_000_000, 100_000);
    reading.player(
        &bus,
        "SetPosition",
        &["objpath:/org/docbao/article/1", "int64:2000000"],
    );
    reading.wait_for_both("sentence ", ", at 0:02");
    reading.wait_for_position(&bus, 2_000_000, 100_000);
    let seeked = monitor.wait_for("int64 2000000");
    assert!(seeked.contains("member=Seeked"), "{seeked}");
    // A track that is not playing is not moved in.
    reading.player(
        &bus,
        "SetPosition",
        &["objpath:/org/docbao/article/9", "int64:9000000"],
    );

    // Volume and rate, as properties.
    reading.set(&bus, "Volume", "variant:double:0.5");
    reading.wait_for("volume 50%");
    reading.set(&bus, "Rate", "variant:double:1.5");
    reading.wait_for("speed 1.5×");
    let rate = double(&reading.get(&bus, "Player", "Rate"));
    assert!((rate - 1.5).abs() < 0.02, "Rate is {rate}");

    // Play: sound again.
    reading.player(&bus, "Play", &[]);
    reading.wait_for("playing from ");
    monitor.wait_for("string \"Playing\"");
    let playing = loudness_over(&server, Duration::from_secs(2));
    assert!(
        playing > 100.0,
        "playing, yet the sound card got RMS {playing}"
    );
    assert_eq!(reading.position(&bus).signum(), 1);
    // PlayPause, the headset's one button, both ways.
    reading.player(&bus, "PlayPause", &[]);
    reading.wait_for("paused at ");
    reading.player(&bus, "PlayPause", &[]);
    reading.wait_for("playing from ");

    // Stop ends docbao as q does: the place is saved and said, the name leaves the bus.
    reading.player(&bus, "Stop", &[]);
    let name = reading.name.clone();
    let (code, err, seen) = reading.finish();
    assert_eq!(code, Some(0), "{err}\n{seen:#?}");
    assert!(err.contains("stopped at "), "{err}");
    bus.wait_for_owner(&name, false);
}

#[test]
fn in_a_queue_next_goes_to_the_next_article_and_quit_ends() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let Some(bus) = Bus::start() else { return };
    let sandbox = Sandbox::new();
    std::fs::write(
        sandbox.path("a.txt"),
        "Mưa ở Hà Nội\n\nSáng nay trời mưa nhỏ ở Hà Nội.\n\nNhiều người vẫn đi làm sớm bằng xe buýt.",
    )
    .unwrap();
    std::fs::write(
        sandbox.path("b.txt"),
        "Chợ Đồng Xuân\n\nChợ Đồng Xuân đông khách hơn mọi ngày.\n\nNgười bán hàng dậy từ bốn giờ sáng.",
    )
    .unwrap();
    let mut reading = Reading::start(&server, &sandbox, Some(&bus), &["a.txt", "b.txt"]);
    bus.wait_for_owner(&reading.name, true);
    reading.wait_for("article 1 of 2: Mưa ở Hà Nội");
    reading.wait_for("Mưa ở Hà Nội");
    assert!(
        reading
            .get(&bus, "Player", "CanGoNext")
            .contains("boolean true")
    );
    assert!(
        reading
            .get(&bus, "Player", "CanGoPrevious")
            .contains("boolean false")
    );
    reading.player(&bus, "Next", &[]);
    reading.wait_for("article 2 of 2: Chợ Đồng Xuân");
    reading.wait_for("Chợ Đồng Xuân");
    let metadata = reading.get(&bus, "Player", "Metadata");
    assert!(
        metadata.contains("string \"Chợ Đồng Xuân\"")
            && metadata.contains("object path \"/org/docbao/article/2\""),
        "{metadata}"
    );
    reading.player(&bus, "Next", &[]);
    reading.wait_for("this is the last article (2 of 2)");
    // The root interface's Quit.
    bus.call(
        &reading.name,
        &["/org/mpris/MediaPlayer2", "org.mpris.MediaPlayer2.Quit"],
    );
    let (code, err, seen) = reading.finish();
    assert_eq!(code, Some(0), "{err}\n{seen:#?}");
    assert!(err.contains("article 2 of 2"), "{err}");
}

#[test]
fn without_a_session_bus_it_plays_as_ever() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("a.txt"), "Sáng nay trời mưa nhỏ.").unwrap();
    // A bus address where nothing listens (the sandbox's), none at all, and a bus that
    // never answers (stopped with SIGSTOP: it accepts the connection, then says nothing).
    let frozen = Bus::start();
    if let Some(bus) = &frozen {
        common::process::signal(&bus.child, libc::SIGSTOP);
    }
    for case in ["no listener", "unset", "frozen"] {
        let mut command = sandbox.docbao();
        server.connect(&mut command);
        match (case, &frozen) {
            ("unset", _) => {
                command
                    .env_remove("DBUS_SESSION_BUS_ADDRESS")
                    .env("XDG_RUNTIME_DIR", sandbox.path("no-runtime"));
            }
            ("frozen", Some(bus)) => {
                command.env("DBUS_SESSION_BUS_ADDRESS", &bus.address);
            }
            ("frozen", None) => continue,
            _ => {}
        }
        let before = server.samples().len();
        let child = command
            .env("DOCBAO_STATE_DIR", sandbox.path("state"))
            .args(["read", "--plain", "--from-start", "a.txt"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = common::process::output_within(child, LIMIT);
        let (out, err) = (common::stdout(&output), common::stderr(&output));
        assert_eq!(output.status.code(), Some(0), "{case}: {out}{err}");
        assert!(err.is_empty(), "{case}: {err}");
        assert!(out.ends_with("finished\n"), "{case}: {out}");
        let heard = rms(&server.samples()[before..]);
        assert!(heard > 100.0, "{case}: RMS {heard}");
    }
    if let Some(bus) = &frozen {
        common::process::signal(&bus.child, libc::SIGCONT);
    }
}
