//! `docbao read --plain=events`: plain mode for a screen reader that should not speak over
//! docbao — sentence numbers and changes of state, never the sentences' text — while the
//! sound card gets the whole reading.

mod common;

use common::plain::{PlainReading, SENTENCE_WORDS, TEXT};
use common::sound::{SoundServer, first_sound};
use common::{Sandbox, stderr};

fn no_text(seen: &[String]) {
    for line in seen {
        for words in SENTENCE_WORDS {
            assert!(
                !line.contains(words),
                "sentence text {words:?} in events-only mode: {seen:#?}"
            );
        }
    }
}

#[test]
fn numbers_and_changes_but_no_sentence_text() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    command.args(["read", "text.txt", "--plain=events"]);
    let mut reading = PlainReading::start(command);
    let start = reading.wait_for("reading 3 sentences, ");
    assert!(!start.contains('~'), "{start}");
    reading.wait_for("sentence 1 of 3");
    for (command, answer) in [
        ("pause", "paused at 0:0"),
        ("play", "playing from 0:0"),
        ("speed 1.5", "speed 1.5×, 263 words a minute"),
        ("next", "sentence 2 of 3, at 0:0"),
        ("where", "playing, sentence 2 of 3, speed 1.5×"),
        ("volume 80", "volume 80%"),
    ] {
        reading.say(command);
        reading.wait_for(answer);
    }
    reading.wait_for("sentence 3 of 3");
    reading.wait_for("finished");
    let (output, seen) = reading.finish();
    assert!(output.status.success(), "{}", stderr(&output));
    no_text(&seen);
    // A move to a sentence is said once, not again as that sentence starts.
    let second = seen
        .iter()
        .filter(|l| l.starts_with("sentence 2 of 3"))
        .count();
    assert_eq!(second, 1, "{seen:#?}");
    assert!(
        seen.iter()
            .all(|l| !l.contains('\x1b') && !l.contains('\r')),
        "{seen:#?}"
    );
    // The reading itself was played in full.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let played: Vec<f64> = server.samples().iter().map(|&s| f64::from(s)).collect();
    assert!(first_sound(&played, 1000.0).is_some(), "nothing was played");
}

#[test]
fn a_queue_says_article_numbers_without_their_titles() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("a.txt"), TEXT).unwrap();
    std::fs::write(sandbox.path("b.txt"), "Buổi chiều trời sẽ tạnh.").unwrap();
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    command.args(["read", "a.txt", "b.txt", "--plain=events"]);
    let mut reading = PlainReading::start(command);
    let first = reading.wait_for("article 1 of 2");
    assert_eq!(first, "article 1 of 2");
    reading.wait_for("sentence 1 of 3");
    reading.say("next article");
    assert_eq!(reading.wait_for("article 2 of 2"), "article 2 of 2");
    reading.say("help");
    let help = reading.wait_for("commands: ");
    assert!(help.contains("next article"), "{help}");
    reading.wait_for("finished");
    let (output, seen) = reading.finish();
    assert!(output.status.success(), "{}", stderr(&output));
    no_text(&seen);
}

#[test]
fn an_estimated_length_is_said_in_words() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    // Long enough that its length is still an estimate when the reading starts.
    let long = TEXT.repeat(60);
    std::fs::write(sandbox.path("long.txt"), long).unwrap();
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    command.args(["read", "long.txt", "--plain=events"]);
    let mut reading = PlainReading::start(command);
    let start = reading.wait_for("reading 180 sentences, ");
    assert!(
        start.contains(", about ") && start.contains(" minutes, voice ") && !start.contains('~'),
        "{start}"
    );
    reading.wait_for("sentence 1 of 180");
    reading.say("where");
    let at = reading.wait_for("playing, sentence 1 of 180");
    assert!(at.contains(" of about ") && !at.contains('~'), "{at}");
    reading.say("quit");
    let (output, _) = reading.finish();
    let err = stderr(&output);
    assert!(
        err.starts_with("stopped at 0:0") && err.contains(" of about ") && !err.contains('~'),
        "{err}"
    );
}
