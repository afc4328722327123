//! Safe on a network: the server fetches public addresses only — `127.0.0.1`, `10.x`,
//! `169.254.x`, `::1`, `localhost`, and redirects to them are refused before any connection —
//! unless the operator allows them; a bearer token protects the API (and signed URLs let the
//! player's `<audio>` element in).
//!
//! The fetch tests run in a network namespace of their own (`unshare --net`, loopback only):
//! were the guard broken, a connection to 10.0.0.1 would fail there at once rather than
//! leave the machine.

mod common;

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use common::Sandbox;
use common::serve::{Serve, get, get_with, post_json, post_with};
use serde_json::json;
use tiny_http::{Header, Response};

const PAGE: &str = "<html><head><title>Tin tức</title></head><body><article><h1>Giá rau tăng \
                    mạnh sau bão</h1><p>Sáng nay, giá rau xanh tại các chợ ở Hà Nội tăng gấp \
                    đôi so với tuần trước vì mưa bão kéo dài.</p><p>Các tiểu thương cho biết \
                    nguồn hàng từ các tỉnh lân cận về ít hơn thường lệ.</p></article></body></html>";

/// Runs the test `name` of this file again inside a private network namespace (as root, or
/// wherever unprivileged user namespaces are allowed); `true` when this is that run.
fn in_private_network(name: &str) -> bool {
    if std::env::var_os("DOCBAO_TEST_NETNS").is_some() {
        let up = Command::new("ip")
            .args(["link", "set", "lo", "up"])
            .status();
        assert!(up.is_ok_and(|s| s.success()), "cannot bring up loopback");
        return true;
    }
    let works = |args: &[&str]| {
        Command::new("unshare")
            .args(args)
            .arg("true")
            .status()
            .is_ok_and(|s| s.success())
    };
    let flags: &[&str] = if works(&["--net"]) {
        &["--net"]
    } else if works(&["--net", "--map-root-user"]) {
        &["--net", "--map-root-user"]
    } else {
        let why = "cannot make a private network namespace (unshare --net): the URL guard tests need one so that no test connection can leave the machine";
        assert!(std::env::var_os("CI").is_none(), "{why}");
        eprintln!("skipped: {why}");
        return false;
    };
    let status = Command::new("unshare")
        .args(flags)
        .arg("--")
        .arg(std::env::current_exe().unwrap())
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env("DOCBAO_TEST_NETNS", "1")
        .status()
        .expect("unshare runs");
    assert!(status.success(), "{name} failed in its network namespace");
    false
}

/// A site on 127.0.0.1: the article, and redirects to wherever a test asks.
struct Site {
    base: String,
    port: u16,
    hits: Arc<AtomicUsize>,
}

fn site(redirects: Vec<(&'static str, String)>) -> Site {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("a loopback port");
    let port = server.server_addr().to_ip().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let redirects = Arc::new(Mutex::new(redirects));
    thread::spawn(move || {
        for request in server.incoming_requests() {
            counter.fetch_add(1, Ordering::SeqCst);
            let path = request.url().to_string();
            let to = redirects
                .lock()
                .unwrap()
                .iter()
                .find(|(from, _)| *from == path)
                .map(|(_, to)| to.clone());
            let response = match to {
                Some(to) => Response::from_data(Vec::new())
                    .with_status_code(302)
                    .with_header(Header::from_bytes("Location", to.as_bytes()).unwrap()),
                None => Response::from_data(PAGE.as_bytes().to_vec()).with_header(
                    Header::from_bytes("Content-Type", "text/html; charset=utf-8").unwrap(),
                ),
            };
            let _ = request.respond(response);
        }
    });
    Site {
        base: format!("http://127.0.0.1:{port}"),
        port,
        hits,
    }
}

fn fetch(server: &Serve, url: &str) -> common::serve::Answer {
    post_json(&server.url("/api/articles"), &json!({ "url": url }))
}

#[test]
fn private_addresses_and_redirects_to_them_are_refused() {
    if !in_private_network("private_addresses_and_redirects_to_them_are_refused") {
        return;
    }
    let sandbox = Sandbox::new();
    // Another site on this machine, which nothing may reach.
    let inside = site(Vec::new());
    let page = format!("{}/tin.html", inside.base);
    let outside = site(vec![
        ("/to-loopback", page.clone()),
        ("/to-private", "http://10.0.0.1/tin.html".into()),
        (
            "/to-metadata",
            "http://169.254.169.254/latest/meta-data/".into(),
        ),
        ("/to-ipv6", format!("http://[::1]:{}/tin.html", inside.port)),
        ("/to-itself", "/tin.html".into()),
    ]);
    // The "public" site is on 127.0.0.1 too: the operator allows that one address and port.
    let allow = format!("127.0.0.1:{}", outside.port);
    let server = Serve::start(&sandbox, &["--allow-address", &allow]);

    let fine = fetch(&server, &format!("{}/tin.html", outside.base));
    assert_eq!(fine.status, 200, "{}", fine.text());
    assert_eq!(fine.json()["title"], "Giá rau tăng mạnh sau bão");
    let followed = fetch(&server, &format!("{}/to-itself", outside.base));
    assert_eq!(followed.status, 200, "{}", followed.text());

    // A name that resolves to a loopback address: `localhost`, where this machine knows it
    // (a bare chroot without /etc/hosts does not).
    let localhost = std::net::ToSocketAddrs::to_socket_addrs(&("localhost", inside.port))
        .is_ok_and(|mut addresses| addresses.next().is_some());
    if !localhost {
        eprintln!(
            "note: `localhost` does not resolve here (no /etc/hosts?): that case is not tried"
        );
    }
    let named = format!("http://localhost:{}/tin.html", inside.port);
    for (url, kind) in [
        (page.clone(), "a loopback address"),
        (
            if localhost { named } else { page.clone() },
            "a loopback address",
        ),
        (
            format!("http://[::1]:{}/tin.html", inside.port),
            "a loopback address",
        ),
        (
            format!("http://[::ffff:127.0.0.1]:{}/", inside.port),
            "a loopback address",
        ),
        (
            "http://10.0.0.1/tin.html".into(),
            "a private network address",
        ),
        (
            "http://169.254.169.254/latest/meta-data/".into(),
            "a link-local address",
        ),
        ("http://0.0.0.0/".into(), "an unspecified address"),
        (
            format!("{}/to-loopback", outside.base),
            "a loopback address",
        ),
        (
            format!("{}/to-private", outside.base),
            "a private network address",
        ),
        (
            format!("{}/to-metadata", outside.base),
            "a link-local address",
        ),
        (format!("{}/to-ipv6", outside.base), "a loopback address"),
    ] {
        let refused = fetch(&server, &url);
        assert_eq!(refused.status, 403, "{url}: {}", refused.text());
        let (message, code) = refused.error();
        assert_eq!(code, "private_address", "{url}");
        assert!(message.contains(kind), "{url}: {message}");
        assert_eq!(refused.json()["error"]["param"], "url");
    }
    assert_eq!(
        inside.hits.load(Ordering::SeqCst),
        0,
        "the inside site was reached"
    );

    for (url, status, code) in [
        ("ftp://example.com/tin.txt", 400, "bad_url"),
        ("không phải địa chỉ", 400, "bad_url"),
        ("file:///etc/passwd", 400, "bad_url"),
    ] {
        let refused = fetch(&server, url);
        assert_eq!(refused.status, status, "{url}: {}", refused.text());
        assert_eq!(refused.error().1, code, "{url}");
    }
    drop(server);

    // The operator may allow every address.
    let open = Serve::start(&sandbox, &["--allow-private-urls"]);
    let inside_page = fetch(&open, &page);
    assert_eq!(inside_page.status, 200, "{}", inside_page.text());
    assert_eq!(inside.hits.load(Ordering::SeqCst), 1);
}

#[test]
fn malformed_and_oversized_articles_get_4xx() {
    let sandbox = Sandbox::new();
    let server = Serve::start(&sandbox, &["--max-chars", "200", "--max-body", "8K"]);
    let url = server.url("/api/articles");
    for (body, status, code) in [
        (json!({}), 400, "one_input"),
        (
            json!({ "text": "a", "url": "http://x.vn" }),
            400,
            "one_input",
        ),
        (
            json!({ "text": "Một câu.", "colour": "red" }),
            400,
            "invalid_json",
        ),
        (json!({ "text": "Một câu.", "lang": "!!" }), 400, "bad_lang"),
        (json!({ "text": "   \n  " }), 422, "unreadable_article"),
        (
            json!({ "text": "Câu dài. ".repeat(40) }),
            413,
            "article_too_long",
        ),
        (json!({ "html": "<p>".repeat(5000) }), 413, "body_too_large"),
    ] {
        let answer = post_json(&url, &body);
        assert_eq!(answer.status, status, "{body}: {}", answer.text());
        assert_eq!(answer.error().1, code, "{body}");
    }
    let id = post_json(&url, &json!({ "text": "Một câu ngắn." })).json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    for (query, code) in [
        ("voice=nobody", "unknown_voice"),
        ("rate=fast", "bad_rate"),
        ("rate=99x", "bad_rate"),
        ("format=flac", "bad_format"),
    ] {
        let answer = get(&server.url(&format!("/api/articles/{id}/audio?{query}")));
        assert_eq!(answer.status, 400, "{query}: {}", answer.text());
        assert_eq!(answer.error().1, code, "{query}");
    }
    let traversal = get(&server.url("/api/articles/..%2F..%2Fetc%2Fpasswd/audio"));
    assert_eq!(traversal.status, 404);
}

#[test]
fn a_token_protects_the_api_and_signed_urls_let_the_player_in() {
    let sandbox = Sandbox::new();
    let server = Serve::start(&sandbox, &["--token", "s3cret-token"]);
    let voices = server.url("/api/voices");
    let none = get(&voices);
    assert_eq!(none.status, 401);
    assert_eq!(none.error().1, "missing_token");
    assert!(none.header("www-authenticate").is_some());
    let wrong = get_with(&voices, &[("Authorization", "Bearer s3cret")]);
    assert_eq!(
        (wrong.status, wrong.error().1.as_str()),
        (401, "invalid_token")
    );
    let right = get_with(&voices, &[("Authorization", "Bearer s3cret-token")]);
    assert_eq!(right.status, 200);
    let speech = post_with(
        &server.url("/v1/audio/speech"),
        "{\"input\": \"Xin chào.\"}",
        &[],
    );
    assert_eq!(speech.status, 401);
    // The page and the player are public.
    assert_eq!(get(&server.url("/")).status, 200);
    assert_eq!(get(&server.url("/player.js")).status, 200);

    let article = post_with(
        &server.url("/api/articles"),
        "{\"text\": \"Một câu để nghe.\"}",
        &[("Authorization", "Bearer s3cret-token")],
    );
    assert_eq!(article.status, 200, "{}", article.text());
    let audio_url = article.json()["audio_url"].as_str().unwrap().to_string();
    assert!(audio_url.contains("&signature="), "{audio_url}");
    let audio = get(&server.url(&audio_url));
    assert_eq!(audio.status, 200, "{}", audio.text());
    let mut forged = audio_url.clone();
    forged.replace_range(forged.len() - 4.., "0000");
    assert_eq!(get(&server.url(&forged)).status, 401);
    let other_voice = audio_url.replace("voice=vi-female", "voice=vi-male");
    assert_eq!(get(&server.url(&other_voice)).status, 401);
}
