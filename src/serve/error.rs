//! Every failure the service answers: a status code and one clear sentence, as JSON in the
//! shape OpenAI's API uses — `{"error": {"message", "type", "code", "param"}}` — so the
//! clients of either API read it the same way.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::article::FetchError;
use crate::{Error, InputError, VoiceError};

/// An error answered to a client.
#[derive(Clone, Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    /// OpenAI's `type`: `invalid_request_error`, `authentication_error`, `server_error`, …
    pub kind: &'static str,
    /// A short machine-readable code: `unknown_voice`, `private_address`, `queue_full`, …
    pub code: &'static str,
    /// The request field at fault, if one is.
    pub param: Option<&'static str>,
    /// One sentence.
    pub message: String,
    /// Seconds, for `Retry-After`.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        let kind = match status.as_u16() {
            401 => "authentication_error",
            404 => "not_found_error",
            503 => "overloaded_error",
            500..=599 => "server_error",
            _ => "invalid_request_error",
        };
        ApiError {
            status,
            kind,
            code,
            param: None,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400: the request is malformed or names something that does not exist.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn param(mut self, param: &'static str) -> ApiError {
        self.param = Some(param);
        self
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", message)
    }

    /// 503 with `Retry-After`: every synthesis slot and queue place is taken.
    pub fn busy(retry_after: u64) -> ApiError {
        let mut error = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "queue_full",
            "the server is busy: every synthesis slot and queue place is taken, try again shortly",
        );
        error.retry_after = Some(retry_after);
        error
    }

    /// An article that could not be read, fetched or spoken.
    pub fn from_input(error: &InputError) -> ApiError {
        match error {
            InputError::Fetch(fetch) => ApiError::from_fetch(fetch),
            InputError::TooLarge { .. } => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                error.to_string(),
            ),
            _ => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unreadable_article",
                error.to_string(),
            ),
        }
        .param_if_none("input")
    }

    fn param_if_none(mut self, param: &'static str) -> ApiError {
        self.param.get_or_insert(param);
        self
    }

    /// A page that could not be fetched: the client's address is refused (400, 403), or the
    /// site failed (502, 504).
    pub fn from_fetch(error: &FetchError) -> ApiError {
        let (status, code) = match error {
            FetchError::Refused { .. } => (StatusCode::FORBIDDEN, "private_address"),
            FetchError::BadUrl { .. } | FetchError::UnsupportedScheme { .. } => {
                (StatusCode::BAD_REQUEST, "bad_url")
            }
            FetchError::Timeout { .. } => (StatusCode::GATEWAY_TIMEOUT, "fetch_timeout"),
            FetchError::NotHtml { .. } | FetchError::TooLarge { .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, "not_an_article")
            }
            _ => (StatusCode::BAD_GATEWAY, "fetch_failed"),
        };
        ApiError::new(status, code, error.to_string()).param("url")
    }

    pub fn from_voice(error: &VoiceError) -> ApiError {
        match error {
            VoiceError::Unknown { .. } => {
                ApiError::bad_request("unknown_voice", error.to_string()).param("voice")
            }
            _ => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "no_voice",
                error.to_string(),
            )
            .param("voice"),
        }
    }

    /// A synthesis that failed.
    pub fn from_render(error: &Error) -> ApiError {
        match error {
            Error::Input(input) => ApiError::from_input(input),
            Error::Voice(voice) => ApiError::from_voice(voice),
            Error::NothingToSay => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "nothing_to_say",
                error.to_string(),
            )
            .param("input"),
            _ => ApiError::internal(error.to_string()),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": {
                "message": self.message,
                "type": self.kind,
                "code": self.code,
                "param": self.param,
            }
        });
        let mut response = (self.status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"docbao\""),
            );
        }
        response
    }
}
