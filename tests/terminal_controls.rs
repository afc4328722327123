//! No control sequence from an article reaches the terminal or a subtitle file: escape
//! sequences in text, in HTML entities and in fetched pages are removed at input, and what
//! docbao prints from elsewhere (a file name) is shown, not obeyed.

mod common;

use std::io::Write;

use common::sound::SoundServer;
use common::{Sandbox, stderr, stdout};

/// An article that tries everything: a terminal title (OSC 0), the clipboard (OSC 52), a
/// screen clear, colours, a bell, a bidi override.
const HOSTILE: &str = "Tin n\u{1b}]0;owned\u{7}óng\n\n\
    Sáng nay\u{1b}]52;c;ZWNobyBvd25lZA==\u{1b}\\, thành phố\u{1b}[2J\u{1b}[H mở thêm \
    \u{1b}[31mba\u{1b}[0m tuyến xe buýt\u{7} điện. Giá vé là \u{202e}8.000\u{202c} đồng.\n";

fn assert_clean(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\r' && c != '\t')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect();
    assert!(bad.is_empty(), "{what} holds controls {bad:?}: {text:?}");
}

#[test]
fn text_files_lose_their_controls_everywhere() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("hostile.txt"), HOSTILE).unwrap();
    for command in ["segment", "normalize"] {
        let output = sandbox.run(&[command, "hostile.txt"]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert_clean(command, &stdout(&output));
        assert_clean(command, &stderr(&output));
    }
    let segmented = stdout(&sandbox.run(&["segment", "hostile.txt"]));
    assert!(segmented.contains("Tin nóng"), "{segmented}");
    assert!(
        segmented.contains("mở thêm ba tuyến xe buýt điện."),
        "{segmented}"
    );
    assert!(!segmented.contains("owned"), "{segmented}");

    for subtitles in ["out.srt", "out.vtt"] {
        let output = sandbox.run(&[
            "render",
            "-q",
            "hostile.txt",
            "-o",
            "out.wav",
            "--subtitles",
            subtitles,
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        let cues = std::fs::read_to_string(sandbox.path(subtitles)).unwrap();
        assert_clean(subtitles, &cues);
        assert!(cues.contains("mở thêm ba tuyến"), "{cues}");
    }
}

#[test]
fn html_entities_and_fetched_pages_lose_them_too() {
    let sandbox = Sandbox::new();
    let page = "<html><head><title>T&#x1b;]0;owned&#7;in</title></head><body><article>\
        <h1>Tin n&#x1b;[2J&#x1b;]52;c;eA==&#x1b;\\óng</h1>\
        <p>Sáng nay thành phố mở thêm &#x202e;ba&#x202c; tuyến xe buýt điện mới cho người dân.</p>\
        <p>Giá vé vẫn giữ ở mức tám nghìn đồng mỗi lượt, người cao tuổi được giảm giá.</p>\
        </article></body></html>";
    std::fs::write(sandbox.path("page.html"), page).unwrap();
    let output = sandbox.run(&["segment", "page.html"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_clean("segment of HTML", &stdout(&output));
    assert!(stdout(&output).contains("Tin nóng"), "{}", stdout(&output));

    // The same page from a web server.
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let address = format!("http://{}/tin.html", server.server_addr());
    let serving = std::thread::spawn(move || {
        if let Ok(request) = server.recv() {
            let header =
                tiny_http::Header::from_bytes("Content-Type", "text/html; charset=utf-8").unwrap();
            let _ = request.respond(tiny_http::Response::from_string(page).with_header(header));
        }
    });
    let output = sandbox.run(&["segment", &address]);
    serving.join().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_clean("segment of a fetched page", &stdout(&output));
}

#[test]
fn names_from_outside_are_shown_not_obeyed() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["segment", "missing\u{1b}]0;owned\u{7}.txt"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert_clean("the error", &err);
    assert!(err.contains("missing\\u{1b}]0;owned\\u{7}.txt"), "{err}");
}

#[test]
fn a_binary_file_read_as_html_is_refused() {
    let sandbox = Sandbox::new();
    let mut binary = b"\x7fELF\x02\x01\x01\x00".to_vec();
    binary.extend((0..100_000u32).map(|i| (i * 7 % 251) as u8));
    std::fs::File::create(sandbox.path("program"))
        .unwrap()
        .write_all(&binary)
        .unwrap();
    let output = sandbox.run(&["segment", "--format", "html", "program"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        output.stdout.is_empty(),
        "{} bytes printed",
        output.stdout.len()
    );
    assert!(
        stderr(&output).starts_with("docbao: program looks like a binary file, not text"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn reading_aloud_prints_no_controls() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("hostile.txt"), HOSTILE).unwrap();
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    let output = command
        .args(["read", "--plain", "--rate", "3", "hostile.txt"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_clean("read --plain", &stdout(&output));
    assert_clean("read --plain (stderr)", &stderr(&output));
    assert!(stdout(&output).contains("Tin nóng"), "{}", stdout(&output));
}
