//! The cache: the second request is a hit; two clients asking at once share one synthesis;
//! another instance given the same folder serves what the first made (no other state); the
//! least recently used audio leaves first when the folder outgrows its cap.

mod common;

use std::io::Read;
use std::time::Duration;

use common::Sandbox;
use common::serve::{Serve, add_gated_voice, gated_sentences, get, open, post_json, read_at_least};
use serde_json::json;

fn post_article(server: &Serve, text: &str) -> String {
    let answer = post_json(&server.url("/api/articles"), &json!({ "text": text }));
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()["id"].as_str().unwrap().to_string()
}

#[test]
fn the_second_request_is_a_hit_and_another_instance_shares_the_cache() {
    let sandbox = Sandbox::new();
    let first = Serve::start(&sandbox, &[]);
    let id = post_article(
        &first,
        "Bản tin sáng nay có ba câu. Đây là câu thứ hai. Hết.",
    );
    let url = |server: &Serve| server.url(&format!("/api/articles/{id}/audio?format=opus"));
    let made = get(&url(&first));
    assert_eq!(
        (made.status, made.header("x-docbao-cache")),
        (200, Some("miss"))
    );
    let again = get(&url(&first));
    assert_eq!(
        (again.status, again.header("x-docbao-cache")),
        (200, Some("hit"))
    );
    assert_eq!(again.body, made.body);
    assert_eq!(
        again.header("content-length"),
        Some(made.body.len().to_string().as_str())
    );
    let speech = json!({ "input": "Xin chào. Hẹn gặp lại.", "response_format": "mp3" });
    let openai = post_json(&first.url("/v1/audio/speech"), &speech);
    assert_eq!(openai.header("x-docbao-cache"), Some("miss"));
    let openai_again = post_json(&first.url("/v1/audio/speech"), &speech);
    assert_eq!(openai_again.header("x-docbao-cache"), Some("hit"));
    assert_eq!(openai_again.body, openai.body);
    first.stop();

    // A second instance, with the same folder: the article and its audio are there.
    let second = Serve::start(&sandbox, &[]);
    let article = get(&second.url(&format!("/api/articles/{id}?format=opus")));
    assert_eq!(article.status, 200, "{}", article.text());
    assert_eq!(article.json()["timing"]["complete"], true);
    let there = get(&url(&second));
    assert_eq!(there.header("x-docbao-cache"), Some("hit"));
    assert_eq!(there.body, made.body);
    let unknown = get(&second.url("/api/articles/0123456789abcdef0123456789abcdef"));
    assert_eq!(unknown.status, 404);
    unknown.error();
}

#[test]
fn clients_asking_at_once_share_one_synthesis() {
    let sandbox = Sandbox::new();
    let gate = sandbox.path("gate");
    add_gated_voice(&sandbox, "vi-gate", "chờ", &gate);
    let server = Serve::start(&sandbox, &[]);
    let id = post_article(
        &server,
        "Câu đầu tiên đến ngay. Câu thứ hai phải chờ cổng. Câu thứ ba là hết.",
    );
    let url = server.url(&format!(
        "/api/articles/{id}/audio?voice=vi-gate&format=mp3"
    ));
    let before = gated_sentences(&gate);
    let (status, headers, mut one) = open(&url);
    assert_eq!(status, 200);
    assert!(headers.contains(&("x-docbao-cache".into(), "miss".into())));
    let start_one = read_at_least(&mut one, 1000);
    // The synthesis is held at its second sentence: the second client joins it.
    let (status, headers, mut two) = open(&url);
    assert_eq!(status, 200);
    assert!(
        headers.contains(&("x-docbao-cache".into(), "shared".into())),
        "{headers:?}"
    );
    let start_two = read_at_least(&mut two, 1000);
    std::fs::write(&gate, "").unwrap();
    let mut whole_one = start_one;
    one.read_to_end(&mut whole_one).unwrap();
    let mut whole_two = start_two;
    two.read_to_end(&mut whole_two).unwrap();
    assert_eq!(whole_one, whole_two);
    // One synthesis: the voice opened once (it says a test word to learn its sample rate),
    // then three sentences; two would have made eight.
    assert_eq!(gated_sentences(&gate) - before, 4);
    let cached = get(&url);
    assert_eq!(cached.header("x-docbao-cache"), Some("hit"));
    assert_eq!(cached.body, whole_one);
}

#[test]
fn the_least_recently_used_leaves_first() {
    let sandbox = Sandbox::new();
    let server = Serve::start(&sandbox, &[]);
    let texts = [
        "Bài thứ nhất nói về thời tiết hôm nay ở Hà Nội.",
        "Bài thứ hai nói về giá vàng trong nước sáng nay.",
        "Bài thứ ba nói về giao thông giờ cao điểm buổi chiều.",
    ];
    let ids: Vec<String> = texts.iter().map(|t| post_article(&server, t)).collect();
    let audio = |server: &Serve, id: &str| {
        get(&server.url(&format!("/api/articles/{id}/audio?format=wav")))
    };
    for id in &ids {
        assert_eq!(audio(&server, id).status, 200);
        std::thread::sleep(Duration::from_millis(20));
    }
    // The first is used again: the second is now the least recently used.
    assert_eq!(
        audio(&server, &ids[0]).header("x-docbao-cache"),
        Some("hit")
    );
    server.stop();
    let size = |path: &std::path::Path| -> u64 {
        std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum()
    };
    let cache = sandbox.path("cache");
    let total: u64 = ["articles", "timings", "audio"]
        .iter()
        .map(|d| size(&cache.join(d)))
        .sum();
    // Room for everything but a little: one file must go, the least recently used.
    let cap = (total - 100).to_string();
    let server = Serve::start(&sandbox, &["--cache-size", &cap]);
    assert_eq!(
        audio(&server, &ids[0]).header("x-docbao-cache"),
        Some("hit")
    );
    assert_eq!(
        audio(&server, &ids[2]).header("x-docbao-cache"),
        Some("hit")
    );
    assert_eq!(
        audio(&server, &ids[1]).header("x-docbao-cache"),
        Some("miss")
    );
}
