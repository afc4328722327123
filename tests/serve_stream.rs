//! An article's audio streams as it is synthesized: the first sentence's audio reaches the
//! client while the second is still being made — held still by a voice that waits for the
//! test (a causal check, not a timing threshold) — and the article's timing grows sentence by
//! sentence; once complete, the audio is served whole with HTTP ranges, with its WebVTT cues.

mod common;

use std::io::Read;

use common::Sandbox;
use common::serve::{Serve, add_gated_voice, get, get_with, open, post_json, read_at_least};
use serde_json::json;

const ARTICLE: &str = "Tin buổi sáng\n\nCâu thứ nhất được đọc ngay khi có. Câu thứ hai phải chờ \
                       cổng mở mới được đọc. Câu thứ ba đến sau cùng.";

#[test]
fn the_first_sentence_is_heard_before_the_rest_is_made() {
    let sandbox = Sandbox::new();
    let gate = sandbox.path("gate");
    add_gated_voice(&sandbox, "vi-gate", "chờ", &gate);
    let server = Serve::start(&sandbox, &[]);
    let article = post_json(&server.url("/api/articles"), &json!({ "text": ARTICLE }));
    assert_eq!(article.status, 200, "{}", article.text());
    let article = article.json();
    let id = article["id"].as_str().unwrap().to_string();
    assert_eq!(article["title"], "Tin buổi sáng");
    assert_eq!(article["sentences"].as_array().unwrap().len(), 4);
    assert!(article["timing"].is_null());
    let choice = "voice=vi-gate&format=wav";

    let (status, headers, mut body) =
        open(&server.url(&format!("/api/articles/{id}/audio?{choice}")));
    assert_eq!(status, 200);
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(header("x-docbao-cache").as_deref(), Some("miss"));
    assert_eq!(header("content-type").as_deref(), Some("audio/wav"));
    // The title's audio (more than half a second at 22 050 Hz) arrives with the gate shut:
    // the synthesis cannot have finished.
    let first = read_at_least(&mut body, 44 + 22_050);
    assert!(first.len() >= 44 + 22_050, "only {} bytes", first.len());
    assert_eq!(&first[..4], b"RIFF");
    let timing = get(&server.url(&format!("/api/articles/{id}?{choice}"))).json()["timing"].clone();
    assert_eq!(timing["complete"], false, "{timing}");
    let known = timing["sentences"].as_array().unwrap();
    assert!(
        !known.is_empty() && known.len() < 4,
        "sentences known while the gate is shut: {timing}"
    );
    assert!(!gate.exists());

    std::fs::write(&gate, "").unwrap();
    let mut rest = Vec::new();
    body.read_to_end(&mut rest).expect("the rest of the audio");
    let mut whole = first;
    whole.extend_from_slice(&rest);
    let path = sandbox.path("streamed.wav");
    std::fs::write(&path, &whole).unwrap();

    let timing = get(&server.url(&format!("/api/articles/{id}?{choice}"))).json()["timing"].clone();
    assert_eq!(timing["complete"], true, "{timing}");
    let sentences = timing["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 4, "{timing}");
    let mut last_end = -1.0;
    for sentence in sentences {
        let (start, end) = (
            sentence["start"].as_f64().unwrap(),
            sentence["end"].as_f64().unwrap(),
        );
        assert!(start > last_end && end > start, "{timing}");
        last_end = end;
    }
    let duration = timing["duration"].as_f64().unwrap();
    assert!((duration - last_end).abs() < 0.01, "{timing}");
    // What was streamed is the whole reading (the header said "length unknown").
    let samples = (whole.len() - 44) as f64 / 2.0;
    assert!(
        (samples / 22_050.0 - duration).abs() < 0.01,
        "{samples} samples, {duration} s"
    );
    if let Some(seconds) = common::probe::decoded_seconds(&path) {
        assert!((seconds - duration).abs() < 0.05, "{seconds} vs {duration}");
    }

    // Complete: from the cache, whole or in ranges.
    let url = server.url(&format!("/api/articles/{id}/audio?{choice}"));
    let cached = get(&url);
    assert_eq!(cached.status, 200);
    assert_eq!(cached.header("x-docbao-cache"), Some("hit"));
    assert_eq!(cached.header("accept-ranges"), Some("bytes"));
    assert_eq!(cached.body.len(), whole.len());
    assert_eq!(&cached.body[44..], &whole[44..]);
    let range = get_with(&url, &[("Range", "bytes=1000-1999")]);
    assert_eq!(range.status, 206);
    assert_eq!(
        range.header("content-range"),
        Some(format!("bytes 1000-1999/{}", whole.len()).as_str())
    );
    assert_eq!(range.body, &cached.body[1000..2000]);
    let outside = get_with(&url, &[("Range", &format!("bytes={}-", whole.len() + 10))]);
    assert_eq!(outside.status, 416);

    let vtt = get(&server.url(&format!("/api/articles/{id}/subtitles.vtt?{choice}")));
    assert_eq!(vtt.status, 200);
    assert!(vtt.header("content-type").unwrap().starts_with("text/vtt"));
    let text = vtt.text();
    assert!(text.starts_with("WEBVTT"), "{text}");
    assert_eq!(text.matches(" --> ").count(), 4, "{text}");
    assert!(
        text.contains("Câu thứ hai phải chờ cổng mở mới được đọc."),
        "{text}"
    );
}
