//! The page and the player: plain HTML, CSS and JavaScript compiled into docbao (no build
//! step, nothing from another site).

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("web/index.html");
const PLAYER_JS: &str = include_str!("web/player.js");
const PLAYER_CSS: &str = include_str!("web/player.css");
const EMBED_JS: &str = include_str!("web/embed.js");
const PAGE_JS: &str = include_str!("web/page.js");
const PAGE_CSS: &str = include_str!("web/page.css");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

pub(crate) async fn index() -> Response {
    let mut response = asset(INDEX, "text/html; charset=utf-8");
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; media-src 'self' blob:; img-src 'self' data:; frame-ancestors *",
        ),
    );
    response
}

pub(crate) async fn player_js() -> Response {
    asset(PLAYER_JS, "text/javascript; charset=utf-8")
}

pub(crate) async fn player_css() -> Response {
    asset(PLAYER_CSS, "text/css; charset=utf-8")
}

pub(crate) async fn embed_js() -> Response {
    asset(EMBED_JS, "text/javascript; charset=utf-8")
}

pub(crate) async fn page_js() -> Response {
    asset(PAGE_JS, "text/javascript; charset=utf-8")
}

pub(crate) async fn page_css() -> Response {
    asset(PAGE_CSS, "text/css; charset=utf-8")
}
