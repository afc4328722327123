//! Bounded work: with every synthesis slot and queue place taken, a new synthesis is refused
//! with 503 and Retry-After (while cached audio is still served); a synthesis that outlives
//! its time is stopped and said so.

mod common;

use std::io::Read;
use std::time::{Duration, Instant};

use common::Sandbox;
use common::serve::{Serve, add_gated_voice, get, open, post_json, read_at_least};
use serde_json::json;

fn article(server: &Serve, text: &str) -> String {
    let answer = post_json(&server.url("/api/articles"), &json!({ "text": text }));
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()["id"].as_str().unwrap().to_string()
}

#[test]
fn a_full_queue_answers_503_with_retry_after() {
    let sandbox = Sandbox::new();
    let gate = sandbox.path("gate");
    add_gated_voice(&sandbox, "vi-gate", "chờ", &gate);
    let server = Serve::start(&sandbox, &["--workers", "1", "--queue", "1"]);
    let ready = article(&server, "Bài này đã có sẵn trong bộ nhớ.");
    assert_eq!(
        get(&server.url(&format!("/api/articles/{ready}/audio"))).status,
        200
    );

    let held = article(&server, "Câu đầu có ngay. Câu này phải chờ cổng.");
    let waiting = article(&server, "Bài thứ hai xếp hàng.");
    let refused = article(&server, "Bài thứ ba không còn chỗ.");
    // The only worker is held at the second sentence …
    let (status, _, mut first) = open(&server.url(&format!(
        "/api/articles/{held}/audio?voice=vi-gate&format=wav"
    )));
    assert_eq!(status, 200);
    read_at_least(&mut first, 1000);
    // … the one queue place is taken (its client waits for the worker) …
    let url = server.url(&format!("/api/articles/{waiting}/audio?format=wav"));
    let queued = std::thread::spawn(move || get(&url));
    std::thread::sleep(Duration::from_millis(300));
    // … so a third synthesis is refused at once.
    let busy = get(&server.url(&format!("/api/articles/{refused}/audio?format=wav")));
    assert_eq!(busy.status, 503, "{}", busy.text());
    assert_eq!(busy.error().1, "queue_full");
    let retry: u64 = busy
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=30).contains(&retry));
    // What is cached is still served.
    let cached = get(&server.url(&format!("/api/articles/{ready}/audio")));
    assert_eq!(cached.header("x-docbao-cache"), Some("hit"));

    std::fs::write(&gate, "").unwrap();
    let mut rest = Vec::new();
    first.read_to_end(&mut rest).unwrap();
    let queued = queued.join().unwrap();
    assert_eq!(queued.status, 200, "{}", queued.text());
    assert!(queued.body.len() > 44 + 22_050);
    let now = get(&server.url(&format!("/api/articles/{refused}/audio?format=wav")));
    assert_eq!(now.status, 200, "{}", now.text());
}

#[test]
fn a_synthesis_that_takes_too_long_is_stopped() {
    let sandbox = Sandbox::new();
    // The gate never opens.
    add_gated_voice(&sandbox, "vi-gate", "chờ", &sandbox.path("gate"));
    let server = Serve::start(&sandbox, &["--max-synthesis", "2"]);
    let id = article(&server, "Câu này phải chờ mãi.");
    let started = Instant::now();
    let answer = get(&server.url(&format!("/api/articles/{id}/audio?voice=vi-gate")));
    assert_eq!(answer.status, 503, "{}", answer.text());
    let (message, code) = answer.error();
    assert_eq!(code, "synthesis_timeout");
    assert!(message.contains("2 s"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(25));
    // Nothing half-made stays in the cache.
    let audio: Vec<_> = std::fs::read_dir(sandbox.path("cache/audio"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(audio.is_empty(), "{audio:?}");
}
