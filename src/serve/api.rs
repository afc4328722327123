//! docbao's own API: articles in (text, HTML or a URL), their sentences, voices, audio as it
//! is synthesized and WebVTT cues out.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::cache::{self, ArticleRecord, Timing};
use super::encode::StreamFormat;
use super::error::ApiError;
use super::jobs::{Source, Spec};
use super::{App, body, voices};
use crate::article::{AddressPolicy, ArticleOptions, FetchOptions, Format, Page};
use crate::{BlockKind, Document, Lang, Rate, Voice};

/// `?voice=&rate=&format=`: which rendering.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Choice {
    voice: Option<String>,
    rate: Option<String>,
    format: Option<String>,
}

/// `POST /api/articles`: one of `text`, `html`, `url`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewArticle {
    text: Option<String>,
    html: Option<String>,
    url: Option<String>,
    /// A BCP 47 tag; recognised from the text without one.
    lang: Option<String>,
    /// Keep everything: no page-chrome removal.
    #[serde(default)]
    raw: bool,
    // The rendering the answer's URLs are for.
    voice: Option<String>,
    rate: Option<String>,
    format: Option<String>,
}

/// A JSON body, or the 400 / 413 that says why it is not one.
pub(crate) fn json_body<T: DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
    max: usize,
) -> Result<T, ApiError> {
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!("the request body is larger than {max} bytes, the most this server takes"),
            )
        } else {
            ApiError::bad_request(
                "unreadable_body",
                format!("the request body cannot be read: {}", rejection.body_text()),
            )
        }
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "empty_body",
            "the request has no body: send a JSON object",
        ));
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::bad_request(
            "invalid_json",
            format!("the body is not the JSON this address takes: {e}"),
        )
    })
}

fn query(query: Result<Query<Choice>, QueryRejection>) -> Result<Choice, ApiError> {
    query.map(|Query(choice)| choice).map_err(|rejection| {
        ApiError::bad_request(
            "invalid_query",
            format!("the query string cannot be read: {}", rejection.body_text()),
        )
    })
}

/// `GET /api/voices[?lang=vi]`.
pub(crate) async fn voices(
    State(app): State<Arc<App>>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let lang = params
        .get("lang")
        .map(|tag| Lang::parse(tag))
        .transpose()
        .map_err(|e| ApiError::bad_request("bad_lang", e.to_string()).param("lang"))?;
    let list: Vec<Value> = app
        .voices
        .list(lang.as_ref())
        .into_iter()
        .map(|voice| {
            let default = app
                .voices
                .choose(None, &voice.lang())
                .is_ok_and(|d| d.id == voice.id);
            voices::describe(voice, default)
        })
        .collect();
    Ok(axum::Json(json!({ "voices": list })).into_response())
}

/// `POST /api/articles`.
pub(crate) async fn create(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let new: NewArticle = json_body(body, app.options.max_body)?;
    let given = [&new.text, &new.html, &new.url]
        .iter()
        .filter(|v| v.is_some())
        .count();
    if given != 1 {
        return Err(ApiError::bad_request(
            "one_input",
            "give exactly one of text, html or url",
        ));
    }
    let lang = new
        .lang
        .as_deref()
        .filter(|tag| !tag.trim().is_empty() && *tag != "auto")
        .map(Lang::parse)
        .transpose()
        .map_err(|e| ApiError::bad_request("bad_lang", e.to_string()).param("lang"))?;
    let mut record = ArticleRecord {
        source: String::new(),
        lang: lang.as_ref().map(|l| l.tag().to_string()),
        raw: new.raw,
        url: None,
        asked: None,
        format: None,
        charset: None,
    };
    let body: Vec<u8> = if let Some(text) = new.text {
        record.source = "text".into();
        text.into_bytes()
    } else if let Some(html) = new.html {
        record.source = "html".into();
        html.into_bytes()
    } else {
        let url = new.url.unwrap_or_default();
        let page = fetch(&app, url.clone()).await?;
        record.source = "page".into();
        record.url = Some(page.url.to_string());
        record.asked = Some(url);
        record.format = Some(
            match page.format {
                Format::Html => "html",
                Format::Text => "text",
            }
            .into(),
        );
        record.charset = page.charset;
        page.body
    };
    let id = article_id(&record, &body);
    let doc = {
        let (record, body) = (record.clone(), body.clone());
        blocking(move || build(&record, &body)).await??
    };
    let chars = readable_chars(&doc);
    if chars > app.options.max_chars {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "article_too_long",
            format!(
                "the article has {chars} characters to read, and this server reads at most {}",
                app.options.max_chars
            ),
        )
        .param("input"));
    }
    app.cache
        .store_article(&id, &record, &body)
        .map_err(|e| ApiError::internal(format!("the article cannot be kept: {e}")))?;
    let doc = Arc::new(doc);
    app.remember(&id, doc.clone());
    let choice = Choice {
        voice: new.voice,
        rate: new.rate,
        format: new.format,
    };
    Ok(axum::Json(describe(&app, &id, &doc, &record, &choice)?).into_response())
}

/// `GET /api/articles/{id}[?voice=&rate=&format=]`.
pub(crate) async fn article(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    choice: Result<Query<Choice>, QueryRejection>,
) -> Result<Response, ApiError> {
    let choice = query(choice)?;
    let (doc, record) = app.document(&id).await?;
    Ok(axum::Json(describe(&app, &id, &doc, &record, &choice)?).into_response())
}

/// `GET /api/articles/{id}/audio[?voice=&rate=&format=]`.
pub(crate) async fn audio(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    choice: Result<Query<Choice>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let choice = query(choice)?;
    let (doc, _) = app.document(&id).await?;
    let rendering = Rendering::choose(&app, &id, &doc, &choice)?;
    let source = app.jobs.audio(&app, rendering.spec(doc))?;
    respond(&app, source, &rendering, &headers).await
}

/// The audio response for `source`.
pub(crate) async fn respond(
    app: &App,
    source: Source,
    rendering: &Rendering,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    let format = rendering.format;
    let mut response = match source {
        Source::Cached(file, timing) => body::complete(file, format, headers, timing.duration),
        Source::Running(job, joined) => {
            let cache = if joined { "shared" } else { "miss" };
            body::running(job, format, cache, app.jobs.longest_wait()).await?
        }
    };
    if let Ok(voice) = HeaderValue::from_str(&rendering.voice.id) {
        response.headers_mut().insert("x-docbao-voice", voice);
    }
    Ok(response)
}

/// `GET /api/articles/{id}/subtitles.vtt[?voice=&rate=]`: once the rendering is complete
/// (waiting for it, at most the synthesis time allowed).
pub(crate) async fn subtitles(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    choice: Result<Query<Choice>, QueryRejection>,
) -> Result<Response, ApiError> {
    let choice = query(choice)?;
    let (doc, _) = app.document(&id).await?;
    let rendering = Rendering::choose(&app, &id, &doc, &choice)?;
    let timing = match app.cache.load_timing(&rendering.key) {
        Some(timing) => timing,
        None => {
            let key = rendering.key.clone();
            if let Source::Running(job, _) = app.jobs.audio(&app, rendering.spec(doc))? {
                let mut progress = job.progress.clone();
                let done = tokio::time::timeout(
                    app.jobs.longest_wait(),
                    progress.wait_for(|p| p.outcome.is_some()),
                )
                .await;
                if let Ok(Ok(progress)) = done
                    && let Some(Err(error)) = &progress.outcome
                {
                    return Err(error.clone());
                }
            }
            app.cache.load_timing(&key).ok_or_else(|| {
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "not_ready",
                    "the subtitles are not ready: the synthesis has not finished, try again shortly",
                )
            })?
        }
    };
    let mut response = timing.vtt.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/vtt; charset=utf-8"),
    );
    Ok(response)
}

/// A rendering asked for: voice, rate, format, and its cache key.
pub(crate) struct Rendering {
    pub key: String,
    pub voice: Voice,
    pub wpm: u32,
    pub format: StreamFormat,
}

impl Rendering {
    fn choose(app: &App, id: &str, doc: &Document, choice: &Choice) -> Result<Rendering, ApiError> {
        let voice = app.voices.choose(choice.voice.as_deref(), doc.lang())?;
        let rate = match choice.rate.as_deref().filter(|r| !r.trim().is_empty()) {
            Some(text) => text
                .parse::<Rate>()
                .map_err(|e| ApiError::bad_request("bad_rate", e.to_string()).param("rate"))?,
            None => Rate::default(),
        };
        let format = match choice.format.as_deref().filter(|f| !f.trim().is_empty()) {
            Some(text) => StreamFormat::parse(text).ok_or_else(|| {
                ApiError::bad_request(
                    "bad_format",
                    format!("'{text}' is not a format this server writes: mp3, opus, wav or pcm"),
                )
                .param("format")
            })?,
            None => StreamFormat::Mp3,
        };
        Ok(Rendering::new(id, voice, rate, format))
    }

    pub fn new(article: &str, voice: Voice, rate: Rate, format: StreamFormat) -> Rendering {
        let wpm = rate.wpm(voice.rate_wpm);
        let key = rendering_key(article, &voice, wpm);
        Rendering {
            key,
            voice,
            wpm,
            format,
        }
    }

    pub fn spec(&self, doc: Arc<Document>) -> Spec {
        Spec {
            key: self.key.clone(),
            format: self.format,
            doc,
            voice: self.voice.clone(),
            rate: Rate::Wpm(self.wpm),
        }
    }
}

/// The key of a rendering: the article, the voice (its whole profile) and the speed, and
/// docbao's version (a new one may read differently).
fn rendering_key(article: &str, voice: &Voice, wpm: u32) -> String {
    cache::hash(&[
        b"rendering-v1",
        env!("CARGO_PKG_VERSION").as_bytes(),
        article.as_bytes(),
        format!("{voice:?}").as_bytes(),
        &wpm.to_le_bytes(),
    ])
}

/// An article's id: a hash of what it was made from.
pub(crate) fn article_id(record: &ArticleRecord, body: &[u8]) -> String {
    let field = |v: &Option<String>| v.clone().unwrap_or_default().into_bytes();
    cache::hash(&[
        b"article-v1",
        record.source.as_bytes(),
        &field(&record.lang),
        &[u8::from(record.raw)],
        &field(&record.url),
        &field(&record.format),
        &field(&record.charset),
        body,
    ])
}

/// The document `record` and `body` make.
pub(crate) fn build(record: &ArticleRecord, body: &[u8]) -> Result<Document, ApiError> {
    let lang = record
        .lang
        .as_deref()
        .map(Lang::parse)
        .transpose()
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let mut options = ArticleOptions::with_lang(lang);
    options.raw = record.raw;
    let text = || String::from_utf8_lossy(body).into_owned();
    let doc = match record.source.as_str() {
        "text" => Document::from_text_with(text(), &options),
        "html" => Document::from_html(&text(), &options),
        "page" => {
            let url = record
                .url
                .as_deref()
                .and_then(|u| url::Url::parse(u).ok())
                .ok_or_else(|| ApiError::internal("a kept page has lost its address"))?;
            let page = Page {
                url,
                body: body.to_vec(),
                format: match record.format.as_deref() {
                    Some("text") => Format::Text,
                    _ => Format::Html,
                },
                charset: record.charset.clone(),
            };
            let origin = record.asked.clone().unwrap_or_else(|| page.url.to_string());
            Document::from_page(&page, &origin, &options)
        }
        other => {
            return Err(ApiError::internal(format!(
                "a kept article has an unknown source '{other}'"
            )));
        }
    };
    doc.map_err(|e| ApiError::from_input(&e))
}

/// Characters the voice would read (page chrome not counted).
pub(crate) fn readable_chars(doc: &Document) -> usize {
    doc.blocks()
        .iter()
        .map(|block| doc.text()[block.span.clone()].chars().count())
        .sum()
}

/// Fetches `url` as the server's policy allows.
async fn fetch(app: &App, url: String) -> Result<Page, ApiError> {
    let options = FetchOptions {
        timeout: app.options.fetch_timeout,
        max_bytes: app.options.max_page,
        addresses: if app.options.allow_private_urls {
            AddressPolicy::Any
        } else {
            AddressPolicy::PublicOnly {
                except: app.options.allowed_addresses.clone(),
            }
        },
        ..FetchOptions::default()
    };
    blocking(move || crate::article::fetch_page(&url, &options))
        .await?
        .map_err(|e| ApiError::from_fetch(&e))
}

/// Runs blocking work (parsing, fetching) off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::internal(format!("the work failed: {e}")))
}

fn kind_name(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Title => "title",
        BlockKind::Paragraph => "paragraph",
        BlockKind::Dateline => "dateline",
        BlockKind::Byline => "byline",
        BlockKind::Caption => "caption",
        BlockKind::Heading => "heading",
    }
}

/// The article as the API shows it, with the rendering `choice` names.
fn describe(
    app: &App,
    id: &str,
    doc: &Document,
    record: &ArticleRecord,
    choice: &Choice,
) -> Result<Value, ApiError> {
    let rendering = Rendering::choose(app, id, doc, choice)?;
    let sentences: Vec<Value> = crate::text::segment(doc)
        .into_iter()
        .map(|s| {
            let kind = doc
                .blocks()
                .get(s.block)
                .map_or(BlockKind::Paragraph, |b| b.kind);
            json!({ "index": s.index, "block": s.block, "kind": kind_name(kind), "text": s.text })
        })
        .collect();
    let timing = match app.cache.load_timing(&rendering.key) {
        Some(Timing {
            duration,
            sentences,
            ..
        }) => json!({ "complete": true, "duration": duration, "sentences": sentences }),
        None => match app.jobs.progress_of(&rendering.key) {
            Some(progress) => {
                json!({ "complete": false, "duration": null, "sentences": progress.sentences })
            }
            None => Value::Null,
        },
    };
    let meta = doc.metadata();
    let voices: Vec<Value> = app
        .voices
        .list(Some(doc.lang()))
        .into_iter()
        .map(|v| {
            let default = app
                .voices
                .choose(None, doc.lang())
                .is_ok_and(|d| d.id == v.id);
            voices::describe(v, default)
        })
        .collect();
    let query = format!(
        "voice={}&rate={}wpm",
        url_encode(&rendering.voice.id),
        rendering.wpm
    );
    Ok(json!({
        "id": id,
        "title": doc.title().or(meta.title.as_deref()),
        "lang": doc.lang().tag(),
        "source": record.source,
        "metadata": {
            "title": meta.title,
            "site": meta.site,
            "author": meta.author,
            "published": meta.published,
            "url": meta.url,
        },
        "warnings": doc.warnings(),
        "characters": readable_chars(doc),
        "sentences": sentences,
        "voices": voices,
        "voice": voices::describe(&rendering.voice, false),
        "rate_wpm": rendering.wpm,
        "format": rendering.format.name(),
        "audio_url": app.sign(format!(
            "/api/articles/{id}/audio?{query}&format={}",
            rendering.format.name()
        )),
        "subtitles_url": app.sign(format!("/api/articles/{id}/subtitles.vtt?{query}")),
        "timing": timing,
    }))
}

/// Percent-encodes a query value.
fn url_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

impl App {
    /// The article `id` and how it was given, from the memo or the cache.
    pub(crate) async fn document(
        &self,
        id: &str,
    ) -> Result<(Arc<Document>, ArticleRecord), ApiError> {
        let unknown = || {
            ApiError::not_found(format!(
                "there is no article {id} on this server (it may have left the cache): post it again"
            ))
        };
        if !cache::is_key(id) {
            return Err(unknown());
        }
        let (record, body) = self.cache.load_article(id).ok_or_else(unknown)?;
        let memo = self
            .documents
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned();
        if let Some(doc) = memo {
            return Ok((doc, record));
        }
        let doc = {
            let record = record.clone();
            Arc::new(blocking(move || build(&record, &body)).await??)
        };
        self.remember(id, doc.clone());
        Ok((doc, record))
    }

    pub(crate) fn remember(&self, id: &str, doc: Arc<Document>) {
        let mut memo = self.documents.lock().unwrap_or_else(|p| p.into_inner());
        if memo.len() >= 64 {
            memo.clear();
        }
        memo.insert(id.to_string(), doc);
    }
}
