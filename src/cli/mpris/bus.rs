//! The session-bus side of the bridge (zbus): the two MPRIS interfaces, answered from what the
//! reading last noted, and the signals that tell the desktop what changed.

use std::collections::HashMap;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use zbus::blocking::Connection;
use zbus::blocking::connection::Builder;
use zbus::fdo;
use zbus::zvariant::{ObjectPath, OwnedValue, Value};

use super::request::{MAX_RATE, MIN_RATE, Request};
use super::{Change, Desk, Now, lock};
use crate::listener::Input;

/// Where both interfaces are served, as the specification fixes it.
const PATH: &str = "/org/mpris/MediaPlayer2";
/// The player interface's name, for its signals.
const PLAYER: &str = "org.mpris.MediaPlayer2.Player";

/// Connects, serves both interfaces under this process's own name, then says every change
/// until the reading ends (its side of the channel closes). Any failure of the bus ends the
/// bridge, silently: the reading does not depend on it.
pub(super) fn run(desk: Desk) {
    let Desk {
        now,
        inputs,
        changes,
    } = desk;
    let Ok(connection) = connect(&now, inputs) else {
        return;
    };
    let mut said = properties(&lock(&now));
    while let Ok(change) = changes.recv() {
        let mut seeks = Vec::new();
        for change in std::iter::once(change).chain(changes.try_iter()) {
            if let Change::Seeked(to) = change {
                seeks.push(i64::try_from(to.as_micros()).unwrap_or(i64::MAX));
            }
        }
        let current = properties(&lock(&now));
        let changed: HashMap<&str, &OwnedValue> = current
            .iter()
            .filter(|(name, value)| said.get(*name) != Some(*value))
            .map(|(name, value)| (*name, value))
            .collect();
        // The new state first, then where it moved to: a desktop reading the position on
        // Seeked finds the track it is in.
        if !changed.is_empty() {
            let body = (PLAYER, changed, Vec::<&str>::new());
            if emit(
                &connection,
                "org.freedesktop.DBus.Properties",
                "PropertiesChanged",
                &body,
            )
            .is_err()
            {
                return;
            }
        }
        for position in seeks {
            if emit(&connection, PLAYER, "Seeked", &position).is_err() {
                return;
            }
        }
        said = current;
    }
}

fn connect(now: &Arc<Mutex<Now>>, inputs: Sender<Input>) -> zbus::Result<Connection> {
    let desk = Arc::new(Asks {
        now: Arc::clone(now),
        inputs,
    });
    Builder::session()?
        .name(format!(
            "org.mpris.MediaPlayer2.docbao.instance{}",
            std::process::id()
        ))?
        .serve_at(
            PATH,
            Root {
                asks: Arc::clone(&desk),
            },
        )?
        .serve_at(PATH, Player { asks: desk })?
        .build()
}

fn emit<B>(connection: &Connection, interface: &str, signal: &str, body: &B) -> zbus::Result<()>
where
    B: serde::Serialize + zbus::zvariant::DynamicType,
{
    connection.emit_signal(None::<&str>, PATH, interface, signal, body)
}

/// What both interfaces share: the reading as last noted, and where requests go.
struct Asks {
    now: Arc<Mutex<Now>>,
    inputs: Sender<Input>,
}

impl Asks {
    fn ask(&self, request: Request) {
        let input = lock(&self.now).input(request);
        if let Some(input) = input {
            // The reading has ended when nobody listens: nothing left to do.
            let _ = self.inputs.send(input);
        }
    }

    fn now(&self) -> Now {
        lock(&self.now).clone()
    }
}

/// `org.mpris.MediaPlayer2`: who the player is.
struct Root {
    asks: Arc<Asks>,
}

#[zbus::interface(name = "org.mpris.MediaPlayer2")]
impl Root {
    /// There is no window to raise.
    fn raise(&self) {}

    /// Stops the reading as `q` does: the place is saved.
    fn quit(&self) {
        self.asks.ask(Request::Stop);
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_quit(&self) -> bool {
        true
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_raise(&self) -> bool {
        false
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn has_track_list(&self) -> bool {
        false
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_set_fullscreen(&self) -> bool {
        false
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn fullscreen(&self) -> bool {
        false
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn identity(&self) -> &str {
        "docbao"
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn supported_uri_schemes(&self) -> Vec<String> {
        Vec::new()
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn supported_mime_types(&self) -> Vec<String> {
        Vec::new()
    }
}

/// `org.mpris.MediaPlayer2.Player`: the controls and what is playing.
struct Player {
    asks: Arc<Asks>,
}

#[zbus::interface(name = "org.mpris.MediaPlayer2.Player")]
impl Player {
    fn play(&self) {
        self.asks.ask(Request::Play);
    }

    fn pause(&self) {
        self.asks.ask(Request::Pause);
    }

    fn play_pause(&self) {
        self.asks.ask(Request::PlayPause);
    }

    /// Ends the reading as `q` does, its place saved (to resume there next time).
    fn stop(&self) {
        self.asks.ask(Request::Stop);
    }

    /// The next article in a queue, the next sentence otherwise.
    fn next(&self) {
        self.asks.ask(Request::Next);
    }

    /// The article before in a queue; otherwise the start of the sentence, or of the one
    /// before when this one has only just begun.
    fn previous(&self) {
        self.asks.ask(Request::Previous);
    }

    fn seek(&self, offset: i64) {
        self.asks.ask(Request::Seek(offset));
    }

    /// Goes to `position` (µs) when `track_id` is still the track playing.
    fn set_position(&self, track_id: ObjectPath<'_>, position: i64) {
        let playing = self.asks.now().track_id();
        if track_id.as_str() == playing {
            self.asks.ask(Request::SetPosition(position));
        }
    }

    /// docbao reads what it was started with.
    fn open_uri(&self, _uri: &str) -> fdo::Result<()> {
        Err(fdo::Error::NotSupported(
            "docbao reads the articles it was started with".into(),
        ))
    }

    #[zbus(property)]
    fn playback_status(&self) -> String {
        self.asks.now().playback_status().to_string()
    }

    #[zbus(property)]
    fn rate(&self) -> f64 {
        self.asks.now().rate()
    }

    #[zbus(property)]
    fn set_rate(&mut self, rate: f64) {
        self.asks.ask(Request::Rate(rate));
    }

    #[zbus(property)]
    fn metadata(&self) -> HashMap<String, OwnedValue> {
        metadata(&self.asks.now())
            .into_iter()
            .map(|(key, value)| (key.to_string(), value))
            .collect()
    }

    #[zbus(property)]
    fn volume(&self) -> f64 {
        self.asks.now().volume()
    }

    #[zbus(property)]
    fn set_volume(&mut self, volume: f64) {
        self.asks.ask(Request::Volume(volume));
    }

    /// Microseconds from the start; changes all the time, so no signal says it (Seeked does,
    /// when it jumps).
    #[zbus(property(emits_changed_signal = "false"))]
    fn position(&self) -> i64 {
        self.asks.now().position()
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn minimum_rate(&self) -> f64 {
        MIN_RATE
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn maximum_rate(&self) -> f64 {
        MAX_RATE
    }

    #[zbus(property)]
    fn can_go_next(&self) -> bool {
        self.asks.now().can_go_next()
    }

    #[zbus(property)]
    fn can_go_previous(&self) -> bool {
        self.asks.now().can_go_previous()
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_play(&self) -> bool {
        true
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_pause(&self) -> bool {
        true
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_seek(&self) -> bool {
        true
    }

    #[zbus(property(emits_changed_signal = "const"))]
    fn can_control(&self) -> bool {
        true
    }
}

/// The player's properties that change, by name, as the desktop reads them.
fn properties(now: &Now) -> HashMap<&'static str, OwnedValue> {
    let metadata = metadata(now)
        .into_iter()
        .map(|(key, value)| (key.to_string(), value))
        .collect::<HashMap<String, OwnedValue>>();
    let mut properties = HashMap::from([
        ("PlaybackStatus", owned(now.playback_status())),
        ("Rate", OwnedValue::from(now.rate())),
        ("Volume", OwnedValue::from(now.volume())),
        ("CanGoNext", OwnedValue::from(now.can_go_next())),
        ("CanGoPrevious", OwnedValue::from(now.can_go_previous())),
    ]);
    properties.insert("Metadata", OwnedValue::from(metadata));
    properties
}

/// The track's metadata: its id and length, the article's title, site and author, and the
/// sentence being read (`xesam:asText`, with its number in `docbao:sentence`).
fn metadata(now: &Now) -> Vec<(&'static str, OwnedValue)> {
    let mut metadata = Vec::new();
    if let Ok(id) = ObjectPath::try_from(now.track_id()) {
        metadata.push(("mpris:trackid", OwnedValue::from(id)));
    }
    let Some(track) = &now.track else {
        return metadata;
    };
    metadata.push(("xesam:title", owned(&track.title)));
    if let Some(site) = &track.site {
        metadata.push(("xesam:album", owned(site)));
    }
    let artist = track.author.as_ref().or(track.site.as_ref());
    if let Some(artist) = artist
        && let Ok(artists) = OwnedValue::try_from(Value::from(vec![artist.clone()]))
    {
        metadata.push(("xesam:artist", artists));
    }
    if let Some(url) = &track.url {
        metadata.push(("xesam:url", owned(url)));
    }
    metadata.push(("xesam:trackNumber", OwnedValue::from(number(track.number))));
    metadata.push(("docbao:articles", OwnedValue::from(number(track.count))));
    if let Some(status) = &now.status {
        let length = i64::try_from(status.duration.as_micros()).unwrap_or(i64::MAX);
        metadata.push(("mpris:length", OwnedValue::from(length)));
        metadata.push((
            "docbao:sentence",
            OwnedValue::from(number(status.sentence + 1)),
        ));
        metadata.push((
            "docbao:sentences",
            OwnedValue::from(number(status.sentences)),
        ));
        metadata.push(("docbao:lengthEstimated", OwnedValue::from(status.estimated)));
    }
    if !now.sentence.is_empty() {
        metadata.push(("xesam:asText", owned(&now.sentence)));
    }
    metadata
}

fn owned(text: &str) -> OwnedValue {
    OwnedValue::from(zbus::zvariant::Str::from(text.to_string()))
}

/// A count as D-Bus integers carry it (`i`).
fn number(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use docbao::{Rate, Status};

    use super::*;
    use crate::mpris::Track;

    #[test]
    fn metadata_names_the_article_its_site_and_the_sentence() {
        let now = Now {
            track: Some(Track {
                number: 2,
                count: 5,
                title: "Giá xăng giảm".into(),
                site: Some("VnExpress".into()),
                url: Some("https://vnexpress.net/gia-xang".into()),
                ..Track::default()
            }),
            status: Some(Status {
                position: Duration::from_secs(42),
                duration: Duration::from_millis(195_500),
                estimated: true,
                sentence: 3,
                sentences: 37,
                playing: true,
                finished: false,
                rate: Rate::Factor(1.0),
                speedup: 1.0,
                wpm: 175,
                volume: 1.0,
                muted: false,
                played: Duration::from_secs(42),
                sleep: None,
            }),
            sentence: "Giá xăng giảm 500 đồng.".into(),
        };
        let metadata: HashMap<&str, OwnedValue> = metadata(&now).into_iter().collect();
        let text = |key: &str| match &*metadata[key] {
            Value::Str(text) => text.to_string(),
            other => panic!("{key}: {other:?}"),
        };
        assert_eq!(text("xesam:title"), "Giá xăng giảm");
        assert_eq!(text("xesam:album"), "VnExpress");
        assert_eq!(text("xesam:asText"), "Giá xăng giảm 500 đồng.");
        assert_eq!(text("xesam:url"), "https://vnexpress.net/gia-xang");
        assert_eq!(*metadata["mpris:length"], Value::I64(195_500_000));
        assert_eq!(*metadata["docbao:sentence"], Value::I32(4));
        assert_eq!(
            *metadata["mpris:trackid"],
            Value::ObjectPath(ObjectPath::try_from("/org/docbao/article/2").unwrap())
        );
        let Value::Array(artists) = &*metadata["xesam:artist"] else {
            panic!("xesam:artist is not a list");
        };
        assert_eq!(artists.len(), 1);
        // Nothing playing yet: a track id all the same, as the specification asks.
        let empty = metadata_of_nothing();
        assert!(empty.contains_key("mpris:trackid") && empty.len() == 1);
        assert_eq!(
            properties(&Now::default())["PlaybackStatus"],
            OwnedValue::from(zbus::zvariant::Str::from("Stopped"))
        );
    }

    fn metadata_of_nothing() -> HashMap<&'static str, OwnedValue> {
        metadata(&Now::default()).into_iter().collect()
    }
}
