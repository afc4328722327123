//! `POST /v1/audio/speech` as OpenAI's clients call it, against the real server: playable
//! audio of the right length in every format, OpenAI's voice names, speed, and a JSON error
//! with the right status for every malformed or oversized request.

mod common;

use common::Sandbox;
use common::probe::decoded_seconds;
use common::serve::{Serve, post, post_json, save};
use serde_json::json;

const TEXT: &str = "Sáng nay, nhiệt độ ở Hà Nội giảm xuống 12 độ C. Người dân mặc áo ấm ra \
                    đường. Theo dự báo, đợt rét sẽ kéo dài đến cuối tuần.";

fn speech(server: &Serve, body: serde_json::Value) -> common::serve::Answer {
    post_json(&server.url("/v1/audio/speech"), &body)
}

#[test]
fn every_format_is_playable_audio_of_the_same_length() {
    let sandbox = Sandbox::new();
    let server = Serve::start(&sandbox, &[]);
    let mut lengths = Vec::new();
    for (format, content_type) in [
        ("wav", "audio/wav"),
        ("mp3", "audio/mpeg"),
        ("opus", "audio/ogg"),
        ("pcm", "audio/pcm"),
    ] {
        let answer = speech(
            &server,
            json!({ "model": "tts-1", "input": TEXT, "voice": "nova", "response_format": format }),
        );
        assert_eq!(answer.status, 200, "{format}: {}", answer.text());
        assert!(
            answer
                .header("content-type")
                .is_some_and(|t| t.starts_with(content_type)),
            "{format}: {:?}",
            answer.header("content-type")
        );
        assert_eq!(answer.header("x-docbao-voice"), Some("vi-female"));
        let seconds = if format == "pcm" {
            // 16-bit mono at 24 kHz, as OpenAI's.
            assert_eq!(answer.body.len() % 2, 0);
            answer.body.len() as f64 / 2.0 / 24_000.0
        } else {
            let path = save(
                sandbox.dir.path(),
                &format!("speech.{format}"),
                &answer.body,
            );
            let Some(seconds) = decoded_seconds(&path) else {
                return;
            };
            seconds
        };
        lengths.push((format, seconds));
    }
    let wav = lengths[0].1;
    assert!(wav > 5.0 && wav < 20.0, "{lengths:?}");
    for (format, seconds) in &lengths {
        // MP3 adds its encoder's padding (a frame at most).
        assert!(
            (seconds - wav).abs() < 0.1,
            "{format} lasts {seconds} s, WAV {wav} s"
        );
    }
}

#[test]
fn openai_voice_names_and_speed() {
    let sandbox = Sandbox::new();
    let server = Serve::start(&sandbox, &[]);
    let male = speech(
        &server,
        json!({ "model": "tts-1", "input": TEXT, "voice": "onyx", "response_format": "wav" }),
    );
    assert_eq!(male.status, 200, "{}", male.text());
    assert_eq!(male.header("x-docbao-voice"), Some("vi-male"));
    let english = speech(
        &server,
        json!({ "model": "tts-1", "input": "Good morning. The weather is fine today.", "voice": "shimmer", "response_format": "wav" }),
    );
    assert_eq!(english.header("x-docbao-voice"), Some("en-female"));
    let by_name = speech(
        &server,
        json!({ "model": "tts-1", "input": TEXT, "voice": "Giọng nữ miền Nam", "response_format": "wav" }),
    );
    assert_eq!(by_name.header("x-docbao-voice"), Some("vi-south-female"));
    let normal = speech(
        &server,
        json!({ "input": TEXT, "voice": "vi-female", "response_format": "wav" }),
    );
    let fast = speech(
        &server,
        json!({ "input": TEXT, "voice": "vi-female", "response_format": "wav", "speed": 2.0 }),
    );
    assert_eq!((normal.status, fast.status), (200, 200));
    let ratio = fast.body.len() as f64 / normal.body.len() as f64;
    assert!(
        ratio > 0.4 && ratio < 0.65,
        "speed 2 gives {ratio} of the length"
    );
}

#[test]
fn malformed_and_oversized_requests_get_json_errors() {
    let sandbox = Sandbox::new();
    let server = Serve::start(&sandbox, &["--max-chars", "300", "--max-body", "2K"]);
    let url = server.url("/v1/audio/speech");
    let cases: Vec<(serde_json::Value, u16, &str)> = vec![
        (
            json!({ "model": "tts-1", "voice": "nova" }),
            400,
            "missing_input",
        ),
        (json!({ "input": "   " }), 400, "missing_input"),
        (
            json!({ "input": TEXT, "response_format": "aac" }),
            400,
            "unsupported_format",
        ),
        (json!({ "input": TEXT, "speed": 5.0 }), 400, "bad_speed"),
        (json!({ "input": TEXT, "speed": 0.1 }), 400, "bad_speed"),
        (
            json!({ "input": TEXT, "voice": "nobody" }),
            400,
            "unknown_voice",
        ),
        (
            json!({ "input": TEXT, "voice": "espeak:vi" }),
            400,
            "unknown_voice",
        ),
        (
            json!({ "input": TEXT, "voice": "/etc/passwd.onnx" }),
            400,
            "unknown_voice",
        ),
        (json!({ "input": TEXT, "voice": 7 }), 400, "bad_voice"),
        (
            json!({ "input": TEXT, "stream_format": "sse" }),
            400,
            "unsupported_stream_format",
        ),
        (
            json!({ "input": "Một câu. ".repeat(40) }),
            413,
            "input_too_long",
        ),
        (json!({ "input": "x".repeat(3000) }), 413, "body_too_large"),
        (json!({ "input": "!!! ... ???" }), 422, "unreadable_article"),
    ];
    for (body, status, code) in cases {
        let answer = post_json(&url, &body);
        assert_eq!(answer.status, status, "{body}: {}", answer.text());
        assert_eq!(answer.error().1, code, "{body}");
    }
    for (body, status, code) in [
        ("{\"input\": ", 400, "invalid_json"),
        ("[1, 2]", 400, "invalid_json"),
        ("", 400, "empty_body"),
    ] {
        let answer = post(&url, body);
        assert_eq!(answer.status, status, "{body:?}: {}", answer.text());
        assert_eq!(answer.error().1, code);
    }
    let get = common::serve::get(&url);
    assert_eq!(get.status, 405);
    get.error();
    let nowhere = common::serve::get(&server.url("/v2/nothing"));
    assert_eq!(nowhere.status, 404);
    nowhere.error();
    // The server is still well after all that.
    let fine = speech(
        &server,
        json!({ "input": "Xin chào.", "response_format": "wav" }),
    );
    assert_eq!(fine.status, 200, "{}", fine.text());
}
