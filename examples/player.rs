//! Play an article on the sound card and drive the [`Player`] from the command line, printing
//! every event with the exact position: a small tour of the playback API.
//!
//! ```sh
//! cargo run --example player -- article.txt
//! cargo run --example player -- article.txt 1.5:pause 3:play "4:seek +10" 6:next "8:speed 1.5" 12:quit
//! ```
//!
//! Each command is `SECONDS:COMMAND`, applied that many seconds after the player is made, or
//! `@SECONDS:COMMAND`, applied once the position reaches that many seconds of the reading
//! (whatever the time the first sound took), in the words of plain mode (`pause`,
//! `seek +10`, `next`, `speed 1.5`, …). Every line printed starts
//! with the wall-clock time (milliseconds since the Unix epoch) and the player's position in
//! milliseconds; a `tick` line comes every 100 ms.

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use docbao::{Command, Document, Event, Player, PlayerOptions, Voices};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let input = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "tests/fixtures/vi-article.txt".into()),
    );
    let mut script: Vec<(Duration, Command)> = Vec::new();
    let mut at_position: Vec<(Duration, Command)> = Vec::new();
    for arg in args {
        let (at, command) = arg
            .split_once(':')
            .ok_or(format!("'{arg}' is not SECONDS:COMMAND"))?;
        let (list, at) = match at.strip_prefix('@') {
            Some(at) => (&mut at_position, at),
            None => (&mut script, at),
        };
        let at = Duration::from_secs_f64(at.parse::<f64>().map_err(|e| format!("'{at}': {e}"))?);
        list.push((at, command.parse::<Command>().map_err(|e| e.to_string())?));
    }
    script.sort_by_key(|(at, _)| *at);
    script.reverse(); // pop() takes the earliest
    at_position.reverse(); // in the order given
    let doc = Document::from_path(&input, None)?;
    let voice = Voices::builtin().and_user().default_for(doc.lang())?;
    let player = Player::new(&doc, &voice, PlayerOptions::default())?;
    let started = Instant::now();
    let print = |what: &str| {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        println!(
            "{} {} {what}",
            now.as_millis(),
            player.position().as_millis()
        );
    };
    let mut next_tick = Duration::ZERO;
    loop {
        while let Ok(event) = player.events().try_recv() {
            print(&format!("{event:?}"));
            if matches!(event, Event::Finished | Event::Error { fatal: true, .. }) {
                return Ok(());
            }
        }
        let elapsed = started.elapsed();
        let position = player.position();
        loop {
            let command = if script.last().is_some_and(|(at, _)| *at <= elapsed) {
                script.pop()
            } else if at_position.last().is_some_and(|(at, _)| *at <= position) {
                at_position.pop()
            } else {
                None
            };
            let Some((_, command)) = command else { break };
            print(&format!("command {command}"));
            if command == Command::Quit {
                return Ok(());
            }
            player.apply(command);
        }
        if elapsed >= next_tick {
            print("tick");
            next_tick += Duration::from_millis(100);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
