//! `POST /v1/audio/speech`, as OpenAI's speech API: existing clients (its SDKs, curl
//! scripts, tools that speak "OpenAI-compatible") point their base URL here and work.
//!
//! `model` is taken and ignored (docbao has one pipeline); `voice` is a docbao voice id or
//! name, or one of OpenAI's names, which take the default voice of the text's language —
//! female for alloy, coral, nova, sage, shimmer, marin; male for ash, ballad, echo, fable,
//! onyx, verse, cedar. `speed` (0.25–4.0) scales the voice's rate (kept within 80–900 words a
//! minute). `pcm` is 16-bit little-endian mono at 24 kHz, as OpenAI's.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::App;
use super::api::{self, Rendering, json_body};
use super::cache::ArticleRecord;
use super::encode::StreamFormat;
use super::error::ApiError;
use crate::Rate;

#[derive(Debug, Deserialize)]
struct SpeechRequest {
    #[allow(dead_code)]
    model: Option<String>,
    input: Option<String>,
    voice: Option<Value>,
    response_format: Option<String>,
    speed: Option<f64>,
    stream_format: Option<String>,
}

/// `POST /v1/audio/speech`.
pub(crate) async fn speech(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: SpeechRequest = json_body(body, app.options.max_body)?;
    let input = request.input.unwrap_or_default();
    if input.trim().is_empty() {
        return Err(ApiError::bad_request(
            "missing_input",
            "'input' is required: the text to speak",
        )
        .param("input"));
    }
    let chars = input.chars().count();
    if chars > app.options.max_chars {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "input_too_long",
            format!(
                "'input' has {chars} characters, and this server reads at most {}",
                app.options.max_chars
            ),
        )
        .param("input"));
    }
    let voice = match &request.voice {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(name.clone()),
        Some(Value::Object(object)) => match object.get("id") {
            Some(Value::String(id)) => Some(id.clone()),
            _ => return Err(bad_voice()),
        },
        Some(_) => return Err(bad_voice()),
    };
    let format = match request.response_format.as_deref() {
        None => StreamFormat::Mp3,
        Some(name) => StreamFormat::parse(name)
            .filter(|_| !name.eq_ignore_ascii_case("ogg") && !name.eq_ignore_ascii_case("raw"))
            .ok_or_else(|| {
                ApiError::bad_request(
                    "unsupported_format",
                    format!("docbao answers mp3, opus, wav or pcm, not '{name}'"),
                )
                .param("response_format")
            })?,
    };
    let speed = request.speed.unwrap_or(1.0);
    if !(0.25..=4.0).contains(&speed) {
        return Err(ApiError::bad_request(
            "bad_speed",
            format!("'speed' must be between 0.25 and 4.0, not {speed}"),
        )
        .param("speed"));
    }
    if request
        .stream_format
        .as_deref()
        .is_some_and(|f| !f.eq_ignore_ascii_case("audio"))
    {
        return Err(ApiError::bad_request(
            "unsupported_stream_format",
            "docbao streams the audio itself: 'stream_format' can only be 'audio'",
        )
        .param("stream_format"));
    }
    let record = ArticleRecord {
        source: "speech".into(),
        lang: None,
        raw: true,
        url: None,
        asked: None,
        format: None,
        charset: None,
    };
    let id = api::article_id(&record, input.as_bytes());
    let doc = {
        let text_record = ArticleRecord {
            source: "text".into(),
            ..record
        };
        let input = input.into_bytes();
        Arc::new(api::blocking(move || api::build(&text_record, &input)).await??)
    };
    let voice = app.voices.choose(voice.as_deref(), doc.lang())?;
    let rendering = Rendering::new(&id, voice, Rate::Factor(speed), format);
    let source = app.jobs.audio(&app, rendering.spec(doc))?;
    api::respond(&app, source, &rendering, &headers).await
}

fn bad_voice() -> ApiError {
    ApiError::bad_request(
        "bad_voice",
        "'voice' must be a voice name (a string) or an object with an 'id'",
    )
    .param("voice")
}

/// `GET /v1/models`: what OpenAI clients list.
pub(crate) async fn models() -> Response {
    axum::Json(json!({
        "object": "list",
        "data": [
            { "id": "docbao", "object": "model", "owned_by": "docbao" },
            { "id": "tts-1", "object": "model", "owned_by": "docbao" },
            { "id": "tts-1-hd", "object": "model", "owned_by": "docbao" },
            { "id": "gpt-4o-mini-tts", "object": "model", "owned_by": "docbao" },
        ]
    }))
    .into_response()
}
