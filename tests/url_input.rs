//! Web addresses: a real HTTP server on 127.0.0.1 inside the test serves pages written for
//! these tests, and the real `docbao` fetches them — the article, redirects, legacy charsets,
//! and one clear sentence for every way a fetch fails.

mod common;

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use common::{Sandbox, decode, fixture, rms, stderr, stdout};
use docbao::article::{ArticleOptions, FetchError, FetchOptions};
use docbao::{Document, InputError};
use tiny_http::{Header, Response, StatusCode};

/// The test server: its base address and the User-Agent of every request it saw.
struct Server {
    base: String,
    agents: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap()
}

/// A body of `left` bytes made on the fly, optionally slowly.
struct Filler {
    left: usize,
    pause: Option<Duration>,
}

impl Read for Filler {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(pause) = self.pause {
            thread::sleep(pause);
        }
        let n = buf
            .len()
            .min(self.left)
            .min(if self.pause.is_some() { 8 } else { 64 * 1024 });
        for (i, b) in buf[..n].iter_mut().enumerate() {
            *b = b"<p>Mot doan van. </p>\n"[i % 22];
        }
        self.left -= n;
        Ok(n)
    }
}

fn serve() -> Server {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("a loopback port");
    let port = server.server_addr().to_ip().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let agents = Arc::new(Mutex::new(Vec::new()));
    let log = agents.clone();
    let origin = base.clone();
    thread::spawn(move || {
        for request in server.incoming_requests() {
            let log = log.clone();
            let origin = origin.clone();
            thread::spawn(move || handle(request, &log, &origin));
        }
    });
    Server { base, agents }
}

fn page(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

fn handle(request: tiny_http::Request, log: &Mutex<Vec<String>>, origin: &str) {
    let agent = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("User-Agent"))
        .map(|h| h.value.to_string())
        .unwrap_or_default();
    log.lock().unwrap().push(agent);
    let path = request.url().to_string();
    let redirect = |status: u16, to: &str| {
        Response::from_data(Vec::new())
            .with_status_code(status)
            .with_header(header("Location", to))
    };
    let html = |bytes: Vec<u8>, content_type: &str| {
        Response::from_data(bytes).with_header(header("Content-Type", content_type))
    };
    let _ = match path.as_str() {
        "/tin/lien-ket-du-lich.html" => request.respond(html(
            page("pages/lien-ket-du-lich.html"),
            "text/html; charset=utf-8",
        )),
        "/cu/meta.html" => request.respond(html(page("pages/cu-windows-1258.html"), "text/html")),
        "/cu/header.html" => {
            // The same legacy page without its <meta>: only the HTTP header names the charset.
            let bytes = page("pages/cu-windows-1258.html");
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let start = text.find("<meta").unwrap();
            let end = start + text[start..].find('>').unwrap() + 1;
            let mut without = bytes[..start].to_vec();
            without.extend_from_slice(&bytes[end..]);
            request.respond(html(without, "text/html; charset=windows-1258"))
        }
        "/van-ban.txt" => request.respond(html(
            page("pasted/ket-nghia.txt"),
            "text/plain; charset=utf-8",
        )),
        "/chuyen-trang" => request.respond(redirect(301, "/tin/lien-ket-du-lich.html")),
        "/vong-a" => request.respond(redirect(302, "/vong-b")),
        "/vong-b" => request.respond(redirect(302, &format!("{origin}/vong-a"))),
        "/sang-ftp" => request.respond(redirect(302, "ftp://127.0.0.1/tin.txt")),
        "/khong-co" => {
            request.respond(html(b"<h1>Not found</h1>".to_vec(), "text/html").with_status_code(404))
        }
        "/loi-may-chu" => {
            request.respond(html(b"<h1>Busy</h1>".to_vec(), "text/html").with_status_code(503))
        }
        "/anh.png" => request.respond(html(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "image/png")),
        "/lon" => request.respond(Response::new(
            StatusCode(200),
            vec![header("Content-Type", "text/html")],
            Filler {
                left: 9 << 20,
                pause: None,
            },
            Some(9 << 20),
            None,
        )),
        "/lon-khong-do-dai" => request.respond(Response::new(
            StatusCode(200),
            vec![header("Content-Type", "text/html")],
            Filler {
                left: 9 << 20,
                pause: None,
            },
            None,
            None,
        )),
        "/cham" => {
            thread::sleep(Duration::from_secs(3));
            request.respond(html(page("pages/sau-rieng.html"), "text/html"))
        }
        "/nho-giot" => request.respond(Response::new(
            StatusCode(200),
            vec![header("Content-Type", "text/html")],
            Filler {
                left: 1 << 20,
                pause: Some(Duration::from_millis(100)),
            },
            None,
            None,
        )),
        other => match other
            .strip_prefix("/chuoi/")
            .and_then(|n| n.parse::<u32>().ok())
        {
            Some(n) => request.respond(redirect(302, &format!("/chuoi/{}", n + 1))),
            None => request.respond(Response::from_data(Vec::new()).with_status_code(404)),
        },
    };
}

/// Runs `docbao segment ARGS…`; returns (exit code, stdout, stderr).
fn segment(args: &[&str]) -> (Option<i32>, String, String) {
    let sandbox = Sandbox::new();
    let mut all = vec!["segment"];
    all.extend_from_slice(args);
    let output = sandbox.run(&all);
    (output.status.code(), stdout(&output), stderr(&output))
}

/// Expects `docbao segment ARGS…` to fail with one sentence and a hint; returns stderr.
fn fails(args: &[&str]) -> String {
    let (code, out, err) = segment(args);
    assert_eq!(code, Some(1), "{args:?}: {err}");
    assert!(out.is_empty(), "{args:?} printed {out}");
    assert!(!err.contains("panicked"), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with("docbao: "), "{err}");
    assert_eq!(lines.len(), 2, "a sentence and a hint: {err}");
    assert!(lines[1].starts_with("hint: "), "{err}");
    err
}

#[test]
fn reads_the_article_at_an_address() {
    let server = serve();
    let (code, out, err) = segment(&[&server.url("/tin/lien-ket-du-lich.html")]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "Đẩy mạnh liên kết du lịch giữa Ninh Bình và Lạng Sơn"
    );
    assert_eq!(lines[1], "Thứ năm, 09/04/2026 14:20");
    assert_eq!(*lines.last().unwrap(), "Thanh Hương");
    for chrome in [
        "0:00",
        "Giọng nam",
        "Tin liên quan",
        "Họ và tên",
        "Đọc nhiều nhất",
    ] {
        assert!(!out.contains(chrome), "{chrome}");
    }
    let agents = server.agents.lock().unwrap();
    assert!(
        agents
            .iter()
            .all(|a| a.starts_with("docbao/") && a.contains("text-to-speech")),
        "{agents:?}"
    );
}

#[test]
fn renders_the_article_at_an_address() {
    let server = serve();
    let sandbox = Sandbox::new();
    let output = sandbox.run(&[
        "render",
        &server.url("/tin/lien-ket-du-lich.html"),
        "-o",
        "bai.wav",
        "--quiet",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let (_, samples) = decode(&sandbox.path("bai.wav"));
    assert!(samples.len() > 10 * 16_000, "{} samples", samples.len());
    assert!(rms(&samples) > 500.0);
}

#[test]
fn follows_a_redirect() {
    let server = serve();
    let (code, out, err) = segment(&[&server.url("/chuyen-trang")]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("Đẩy mạnh liên kết du lịch giữa Ninh Bình và Lạng Sơn\n"));
}

#[test]
fn redirect_loops_chains_and_other_schemes() {
    let server = serve();
    let err = fails(&[&server.url("/vong-a")]);
    assert!(
        err.contains(&format!(
            "docbao: {} redirects in a loop (back to {})",
            server.url("/vong-a"),
            server.url("/vong-a")
        )),
        "{err}"
    );
    let err = fails(&[&server.url("/chuoi/0")]);
    assert!(
        err.contains(&format!(
            "docbao: {} redirects more than 10 times",
            server.url("/chuoi/0")
        )),
        "{err}"
    );
    let err = fails(&[&server.url("/sang-ftp")]);
    assert!(
        err.contains(
            "only http:// and https:// addresses can be fetched, not ftp: (ftp://127.0.0.1/tin.txt)"
        ),
        "{err}"
    );
}

#[test]
fn only_http_and_https_are_fetched() {
    for address in ["ftp://127.0.0.1/tin.txt", "file:///etc/hostname"] {
        let err = fails(&[address]);
        assert!(
            err.contains("docbao: only http:// and https:// addresses can be fetched"),
            "{err}"
        );
    }
}

#[test]
fn client_and_server_errors() {
    let server = serve();
    let err = fails(&[&server.url("/khong-co")]);
    assert!(
        err.contains(&format!(
            "docbao: {} was not found: the server answered 404 Not Found",
            server.url("/khong-co")
        )),
        "{err}"
    );
    let err = fails(&[&server.url("/loi-may-chu")]);
    assert!(
        err.contains(&format!(
            "docbao: the server of {} failed: it answered 503 Service Unavailable",
            server.url("/loi-may-chu")
        )),
        "{err}"
    );
    assert!(err.contains("hint: the fault is the server's"), "{err}");
}

#[test]
fn not_a_web_page() {
    let server = serve();
    let err = fails(&[&server.url("/anh.png")]);
    assert!(
        err.contains(&format!(
            "docbao: {} is an image (image/png), not a web page",
            server.url("/anh.png")
        )),
        "{err}"
    );
}

#[test]
fn pages_over_the_size_cap() {
    let server = serve();
    for path in ["/lon", "/lon-khong-do-dai"] {
        let err = fails(&[&server.url(path)]);
        assert!(
            err.contains(&format!(
                "docbao: {} is larger than 8 MiB, the most docbao reads of a page",
                server.url(path)
            )),
            "{err}"
        );
    }
    // The cap is the library's to set.
    let small = FetchOptions {
        max_bytes: 4096,
        ..FetchOptions::default()
    };
    let result = Document::fetch(
        &server.url("/tin/lien-ket-du-lich.html"),
        &ArticleOptions::default(),
        &small,
    );
    assert!(
        matches!(
            result,
            Err(InputError::Fetch(FetchError::TooLarge { limit: 4096, .. }))
        ),
        "{result:?}"
    );
}

#[test]
fn slow_servers_time_out() {
    let server = serve();
    for path in ["/cham", "/nho-giot"] {
        let err = fails(&[&server.url(path), "--timeout", "0.5"]);
        assert!(
            err.contains(&format!(
                "docbao: {} did not answer within 0.5 s",
                server.url(path)
            )),
            "{err}"
        );
        assert!(err.contains("--timeout"), "{err}");
    }
}

#[test]
fn legacy_charset_from_meta_or_header() {
    let server = serve();
    for path in ["/cu/meta.html", "/cu/header.html"] {
        let (code, out, err) = segment(&[&server.url(path)]);
        assert_eq!(code, Some(0), "{err}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0], "Người cao tuổi phường Đông Ba thi đua trồng cây xanh",
            "{path}"
        );
        assert!(
            out.contains("Theo ông Trương Văn Dũng, Chủ tịch Hội, sau một năm, tỷ lệ cây sống đạt trên 95%, khu phố xanh và mát hơn hẳn."),
            "{path}: {out}"
        );
    }
}

#[test]
fn plain_text_at_an_address_is_cleaned_like_a_paste() {
    let server = serve();
    let (code, out, err) = segment(&[&server.url("/van-ban.txt")]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("Hai xã vùng biên kết nghĩa, cùng giữ rừng đầu nguồn\n"));
    assert!(!out.contains("0:00") && !out.contains("Họ và tên"));
}

#[test]
fn unknown_hosts_and_closed_ports() {
    let err = fails(&["http://docbao-test.invalid/bai-viet.html"]);
    assert!(
        err.contains("docbao: cannot find the server docbao-test.invalid"),
        "{err}"
    );
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let err = fails(&[&format!("http://127.0.0.1:{port}/")]);
    assert!(
        err.contains(&format!(
            "docbao: cannot connect to 127.0.0.1:{port}: the connection was refused"
        )),
        "{err}"
    );
}
