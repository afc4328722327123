//! Input that is wrong is said to be wrong: a bad line of commands, a page whose character
//! set lies or cannot be read, a broken abbreviation table, output with nowhere to go.

mod common;

use std::io::{Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::sound::SoundServer;
use common::{Sandbox, fixture, stderr, stdout};

const ARTICLE: &str = "Hà Nội mở thêm ba tuyến xe buýt điện\n\n\
    Sáng nay, thành phố Hà Nội chính thức đưa vào hoạt động ba tuyến xe buýt điện mới, nối \
    trung tâm với các khu đô thị phía tây. Mỗi tuyến có mười hai xe, chạy từ sáng đến tối. \
    Người cao tuổi và học sinh được giảm một nửa giá vé khi đi những tuyến này.\n";

/// Serves `body` once with `content_type`; returns the address.
fn serve_once(body: Vec<u8>, content_type: &'static str) -> (String, std::thread::JoinHandle<()>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let address = format!("http://{}/tin.html", server.server_addr());
    let handle = std::thread::spawn(move || {
        if let Ok(request) = server.recv() {
            let header = tiny_http::Header::from_bytes("Content-Type", content_type).unwrap();
            let _ = request.respond(tiny_http::Response::from_data(body).with_header(header));
        }
    });
    (address, handle)
}

#[test]
fn a_bad_line_of_commands_is_skipped_and_listening_goes_on() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    let mut child = command
        .args(["read", "--plain"])
        .arg(fixture("vi-article.txt"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(b"\xff\xfe not text\n").unwrap();
    input.write_all(&vec![b'x'; 10_000]).unwrap();
    input.write_all(b"\nwhere\nquit\n").unwrap();
    input.flush().unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "quit was not heard"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert!(
        out.contains("skipped a line that is not UTF-8 text: not a command"),
        "{out}"
    );
    assert!(
        out.contains("skipped a line of more than 4096 bytes: not a command"),
        "{out}"
    );
    assert!(
        out.contains("sentence 1 of"),
        "`where` was not answered: {out}"
    );
}

#[test]
fn a_declared_charset_that_lies_is_overruled_and_said() {
    let sandbox = Sandbox::new();
    let page = format!(
        "<html><head><meta charset=\"windows-1252\"><title>Tin</title></head><body><article><p>{}</p></article></body></html>",
        ARTICLE.replace("\n\n", "</p><p>")
    );
    let (address, serving) = serve_once(page.into_bytes(), "text/html");
    let output = sandbox.run(&["segment", &address]);
    serving.join().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Hà Nội"), "{}", stdout(&output));
    assert!(
        stderr(&output).contains(
            "docbao: warning: http://127.0.0.1:"
        ) && stderr(&output).contains("says (its <meta> tag) it is in windows-1252, but its bytes are UTF-8: read as UTF-8"),
        "{}",
        stderr(&output)
    );

    // The reverse: a windows-1258 page whose header says UTF-8.
    let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(ARTICLE);
    let (address, serving) = serve_once(bytes.into_owned(), "text/plain; charset=utf-8");
    let output = sandbox.run(&["segment", &address]);
    serving.join().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("says (its HTTP header) it is UTF-8, but it is not: read as"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_page_that_does_not_read_as_text_is_said_to_be_garbled() {
    // Vietnamese in an 8-bit encoding that no web standard decodes (byte values in the manner
    // of VISCII), undeclared: the letters with tone marks become bytes 0x80–0xFF.
    let viscii: Vec<u8> = ARTICLE
        .chars()
        .map(|c| match c {
            'à' => 0xe0,
            'á' => 0xe1,
            'ả' => 0xe4,
            'ạ' => 0xd5,
            'ầ' => 0xa5,
            'ố' => 0xaf,
            'ộ' => 0xf6,
            'ở' => 0xb6,
            'ư' => 0xdf,
            'ớ' => 0xbd,
            'ệ' => 0xae,
            'ế' => 0xa9,
            'ể' => 0xab,
            'ị' => 0xee,
            'ủ' => 0xfc,
            'ỗ' => 0xb3,
            'ổ' => 0xb2,
            'ơ' => 0xbd,
            'ử' => 0xf1,
            'đ' => 0xf0,
            'ê' => 0xea,
            'ô' => 0xf4,
            'â' => 0xe2,
            'ă' => 0xe5,
            'ó' => 0xf3,
            'í' => 0xed,
            'ú' => 0xfa,
            'é' => 0xe9,
            'ý' => 0xfd,
            'ò' => 0xf2,
            'Đ' => 0xd0,
            'ấ' => 0xa4,
            'ậ' => 0xa7,
            'ữ' => 0xbb,
            'ờ' => 0xb6,
            'ồ' => 0xb0,
            'ợ' => 0xb9,
            'ứ' => 0xd1,
            'ọ' => 0xf7,
            'ỉ' => 0xef,
            'ẫ' => 0xe7,
            c if c.is_ascii() => c as u8,
            _ => 0xbf,
        })
        .collect();
    let page: Vec<u8> = [
        b"<html><body><article><p>".as_slice(),
        &viscii,
        b"</p></article></body></html>",
    ]
    .concat();
    let (address, serving) = serve_once(page, "text/html");
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["segment", &address]);
    serving.join().unwrap();
    assert!(
        stderr(&output).contains("does not read as text in")
            && stderr(&output).contains("its character set may be wrong"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_broken_abbreviation_table_is_named_with_its_lines() {
    let sandbox = Sandbox::new();
    let dir = sandbox.path("home/.config/docbao");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("abbreviations.tsv"),
        "# mine\nHTX\thợp tác xã\nUBND Ủy ban nhân dân\n\tno abbreviation\n",
    )
    .unwrap();
    std::fs::write(
        sandbox.path("a.txt"),
        "Xin chào HTX Bình Minh, một hợp tác xã ở xã.",
    )
    .unwrap();
    let output = sandbox.run(&["normalize", "a.txt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("abbreviations.tsv line 3: no tab between the abbreviation and its spoken form; line ignored"),
        "{err}"
    );
    assert!(
        err.contains(
            "abbreviations.tsv line 4: an empty abbreviation or spoken form; line ignored"
        ),
        "{err}"
    );
    assert!(
        stdout(&output).contains("hợp tác xã Bình Minh"),
        "{}",
        stdout(&output)
    );
}

#[cfg(unix)]
#[test]
fn output_with_nowhere_to_go_is_reported() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("a.txt"), ARTICLE).unwrap();
    // `docbao segment a.txt >&-`: standard output closed.
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' segment a.txt >&-",
            env!("CARGO_BIN_EXE_docbao")
        ))
        .current_dir(sandbox.dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).starts_with("docbao: standard output is closed"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_voice_for_another_language_is_warned_about() {
    let sandbox = Sandbox::new();
    std::fs::write(
        sandbox.path("vi.txt"),
        "Sáng nay trời mưa nhỏ ở Hà Nội. Nhiều người vẫn đi làm sớm.",
    )
    .unwrap();
    let output = sandbox.run(&["render", "vi.txt", "-o", "a.wav", "--voice", "en-female"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains("warning: the voice en-female speaks English, but the text is in Vietnamese"),
        "{}",
        stderr(&output)
    );
    let output = sandbox.run(&["render", "vi.txt", "-o", "b.wav", "--voice", "vi-male"]);
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
}
