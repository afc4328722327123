//! Response bodies read from a file: a complete one (with HTTP ranges), or one a synthesis is
//! still writing, followed as it grows and sent as it comes (chunked).

use std::fs::File;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::watch;

use super::encode::StreamFormat;
use super::error::ApiError;
use super::jobs::{Job, Progress};

/// Bytes read at a time.
const CHUNK: u64 = 64 * 1024;

struct Tail {
    file: Arc<File>,
    progress: Option<watch::Receiver<Progress>>,
    offset: u64,
    /// One past the last byte to send (a complete file's range).
    end: Option<u64>,
    wait: Duration,
    over: bool,
}

/// A body of `file` from `start` to `end`, following `progress` while a synthesis writes it.
fn tail(
    file: Arc<File>,
    progress: Option<watch::Receiver<Progress>>,
    start: u64,
    end: Option<u64>,
    wait: Duration,
) -> Body {
    let state = Tail {
        file,
        progress,
        offset: start,
        end,
        wait,
        over: false,
    };
    Body::from_stream(futures_util::stream::unfold(state, next))
}

async fn next(mut state: Tail) -> Option<(io::Result<Bytes>, Tail)> {
    if state.over {
        return None;
    }
    loop {
        let (available, outcome) = match &state.progress {
            Some(progress) => {
                let progress = progress.borrow();
                (progress.written, progress.outcome.clone())
            }
            None => (state.end.unwrap_or(0), Some(Ok(()))),
        };
        let limit = state.end.map_or(available, |end| end.min(available));
        if state.offset < limit {
            let len = (limit - state.offset).min(CHUNK) as usize;
            let (file, offset) = (state.file.clone(), state.offset);
            let read = tokio::task::spawn_blocking(move || read_at(&file, offset, len)).await;
            return match read {
                Ok(Ok(bytes)) if !bytes.is_empty() => {
                    state.offset += bytes.len() as u64;
                    Some((Ok(Bytes::from(bytes)), state))
                }
                Ok(Ok(_)) => fail(state, "the audio file ended early".into()),
                Ok(Err(e)) => fail(state, format!("the audio file cannot be read: {e}")),
                Err(e) => fail(state, format!("the audio file cannot be read: {e}")),
            };
        }
        match outcome {
            Some(Ok(())) => return None,
            Some(Err(error)) => return fail(state, error.message),
            None => {}
        }
        let progress = state.progress.as_mut()?;
        match tokio::time::timeout(state.wait, progress.changed()).await {
            Ok(Ok(())) => continue,
            Ok(Err(_)) => {
                // The synthesis is gone; what it said last stands.
                if progress.borrow().outcome.is_some() {
                    continue;
                }
                return fail(state, "the synthesis stopped without finishing".into());
            }
            Err(_) => return fail(state, "the synthesis stopped making progress".into()),
        }
    }
}

/// Ends the body with an error: the connection is cut, so the client knows the audio is
/// incomplete (the status went out with the first bytes).
fn fail(mut state: Tail, message: String) -> Option<(io::Result<Bytes>, Tail)> {
    state.over = true;
    Some((Err(io::Error::other(message)), state))
}

#[cfg(unix)]
fn read_at(file: &File, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let mut buffer = vec![0; len];
    let n = file.read_at(&mut buffer, offset)?;
    buffer.truncate(n);
    Ok(buffer)
}

#[cfg(windows)]
fn read_at(file: &File, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    use std::os::windows::fs::FileExt;
    let mut buffer = vec![0; len];
    let n = file.seek_read(&mut buffer, offset)?;
    buffer.truncate(n);
    Ok(buffer)
}

/// The response for a synthesis under way: waits (at most `wait`) for its first sentence, so
/// that a synthesis failing at once is answered as an error, then streams what it writes.
pub(crate) async fn running(
    job: Arc<Job>,
    format: StreamFormat,
    cache: &'static str,
    wait: Duration,
) -> Result<Response, ApiError> {
    let mut progress = job.progress.clone();
    let ready = tokio::time::timeout(
        wait,
        progress.wait_for(|p| p.written > 0 || p.outcome.is_some()),
    )
    .await;
    match ready {
        Err(_) => {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "synthesis_timeout",
                "the synthesis did not start in time: the server is busy, try again shortly",
            ));
        }
        Ok(Err(_)) => return Err(ApiError::internal("the synthesis stopped without a word")),
        Ok(Ok(progress)) => {
            if let Some(Err(error)) = &progress.outcome
                && progress.written == 0
            {
                return Err(error.clone());
            }
        }
    }
    let body = tail(job.file.clone(), Some(job.progress.clone()), 0, None, wait);
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("none"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-docbao-cache", HeaderValue::from_static(cache));
    Ok(response)
}

/// The response for a complete file, with a range when the request asks for one.
pub(crate) fn complete(
    file: File,
    format: StreamFormat,
    request: &HeaderMap,
    duration: f64,
) -> Response {
    let len = file.metadata().map_or(0, |m| m.len());
    let range = request
        .get(header::RANGE)
        .and_then(|value| value.to_str().ok())
        .map(|value| parse_range(value, len));
    let (status, start, end) = match range {
        None | Some(Range::Ignore) => (StatusCode::OK, 0, len),
        Some(Range::Bytes(start, end)) => (StatusCode::PARTIAL_CONTENT, start, end),
        Some(Range::Unsatisfiable) => {
            let mut response = ApiError::new(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "bad_range",
                format!("the range asked for is outside the file's {len} bytes"),
            )
            .into_response();
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{len}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            return response;
        }
    };
    let body = tail(
        Arc::new(file),
        None,
        start,
        Some(end),
        Duration::from_secs(1),
    );
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(end - start));
    if status == StatusCode::PARTIAL_CONTENT
        && let Ok(value) = HeaderValue::from_str(&format!("bytes {start}-{}/{len}", end - 1))
    {
        headers.insert(header::CONTENT_RANGE, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    headers.insert("x-docbao-cache", HeaderValue::from_static("hit"));
    if let Ok(value) = HeaderValue::from_str(&format!("{duration:.3}")) {
        headers.insert("x-docbao-duration", value);
    }
    response
}

#[derive(Debug, PartialEq, Eq)]
enum Range {
    /// Not a range docbao serves (several ranges, another unit): the whole file.
    Ignore,
    /// Bytes `start..end`.
    Bytes(u64, u64),
    Unsatisfiable,
}

/// One `bytes=` range of a file of `len` bytes (RFC 9110 §14.1.2).
fn parse_range(value: &str, len: u64) -> Range {
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return Range::Ignore;
    };
    if spec.contains(',') {
        return Range::Ignore;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Range::Ignore;
    };
    let number = |text: &str| text.trim().parse::<u64>().ok();
    match (first.trim().is_empty(), number(first), number(last)) {
        // The last N bytes.
        (true, _, Some(suffix)) if suffix > 0 && len > 0 => {
            Range::Bytes(len.saturating_sub(suffix), len)
        }
        (true, _, _) => Range::Unsatisfiable,
        (false, Some(start), _) if start >= len => Range::Unsatisfiable,
        (false, Some(start), None) if last.trim().is_empty() => Range::Bytes(start, len),
        (false, Some(start), Some(end)) if end >= start => Range::Bytes(start, (end + 1).min(len)),
        _ => Range::Ignore,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-", 100), Range::Bytes(0, 100));
        assert_eq!(parse_range("bytes=10-19", 100), Range::Bytes(10, 20));
        assert_eq!(parse_range("bytes=90-200", 100), Range::Bytes(90, 100));
        assert_eq!(parse_range("bytes=-10", 100), Range::Bytes(90, 100));
        assert_eq!(parse_range("bytes=-200", 100), Range::Bytes(0, 100));
        assert_eq!(parse_range("bytes=100-", 100), Range::Unsatisfiable);
        assert_eq!(parse_range("bytes=-0", 100), Range::Unsatisfiable);
        assert_eq!(parse_range("bytes=5-1", 100), Range::Ignore);
        assert_eq!(parse_range("bytes=0-1,5-6", 100), Range::Ignore);
        assert_eq!(parse_range("items=0-1", 100), Range::Ignore);
        assert_eq!(parse_range("bytes=x-1", 100), Range::Ignore);
    }
}
