//! `docbao segment` and `docbao normalize`: the preview of what will be read.

mod common;

use std::process::Stdio;

use common::{Sandbox, fixture, stderr, stdout};

fn lines(sandbox: &Sandbox, args: &[&str]) -> Vec<String> {
    let output = sandbox.run(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output).lines().map(String::from).collect()
}

#[test]
fn segment_prints_one_sentence_per_line() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-article.txt");
    let sentences = lines(&sandbox, &["segment", article.to_str().unwrap()]);
    assert_eq!(sentences[0], "Hà Nội mở thêm ba tuyến xe buýt điện");
    assert_eq!(sentences[1], "Thứ hai, 06/11/2026 08:15");
    assert!(
        sentences.contains(&"Người cao tuổi và học sinh được giảm một nửa giá vé.".to_string())
    );
    assert_eq!(sentences.last().unwrap(), "Minh Anh");
    assert_eq!(sentences.len(), 10);
}

#[test]
fn normalize_says_the_southern_number_words_when_asked() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-article.txt");
    let spoken = lines(
        &sandbox,
        &["normalize", "--region", "south", article.to_str().unwrap()],
    );
    assert!(
        spoken
            .iter()
            .any(|line| line.contains("giá vé vẫn giữ ở mức tám ngàn đồng mỗi lượt.")),
        "{spoken:#?}"
    );
    assert!(
        spoken.iter().all(|line| !line.contains("nghìn")),
        "{spoken:#?}"
    );
}

#[test]
fn normalize_prints_what_the_engine_gets() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-article.txt");
    let spoken = lines(&sandbox, &["normalize", article.to_str().unwrap()]);
    assert_eq!(spoken.len(), 10);
    // The end-of-article mark is not read.
    assert_eq!(
        spoken[8],
        "Dự kiến đến cuối năm, thành phố sẽ có tổng cộng hai mươi tuyến xe buýt điện."
    );
    // Dates, times, numbers and money are words.
    assert_eq!(
        spoken[1],
        "Thứ hai, mồng sáu tháng mười một năm hai nghìn không trăm hai mươi sáu, tám giờ mười lăm phút"
    );
    assert!(
        spoken
            .iter()
            .any(|line| line.contains("giá vé vẫn giữ ở mức tám nghìn đồng mỗi lượt.")),
        "{spoken:#?}"
    );
    assert!(
        spoken
            .iter()
            .all(|line| !line.bytes().any(|b| b.is_ascii_digit())),
        "{spoken:#?}"
    );
    assert!(
        spoken.iter().all(|line| !line.contains("/.")),
        "{spoken:#?}"
    );
}

#[test]
fn reads_standard_input_and_honours_lang() {
    let sandbox = Sandbox::new();
    let output = sandbox.run_with_stdin(
        &["normalize", "-", "--lang", "en"],
        b"First line.  Second\none here.\n\nA new  paragraph.",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    // Hard-wrapped lines join; runs of spaces collapse.
    assert_eq!(
        stdout(&output),
        "First line.\nSecond one here.\nA new paragraph.\n"
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let sandbox = Sandbox::new();
    let big: String = (0..20_000)
        .map(|i| format!("Câu số {i} của bài báo.\n"))
        .collect();
    std::fs::write(sandbox.path("big.txt"), big).unwrap();
    let mut child = sandbox
        .docbao()
        .args(["segment", "big.txt"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then hang up, as `| head -1` does.
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut out, &mut first).unwrap();
    drop(out);
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{:?} {}",
        output.status,
        stderr(&output)
    );
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}

#[test]
fn users_add_and_override_abbreviations() {
    let sandbox = Sandbox::new();
    let folder = sandbox.path("home/.config/docbao");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("abbreviations.tsv"),
        "# mine\nSGGP\tSài Gòn Giải Phóng\nUBND\tủy ban\n",
    )
    .unwrap();
    let output = sandbox.run_with_stdin(
        &["normalize", "-", "--lang", "vi"],
        "Báo SGGP đưa tin UBND và HĐND họp.".as_bytes(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "Báo Sài Gòn Giải Phóng đưa tin ủy ban và Hội đồng nhân dân họp.\n"
    );
}

#[test]
fn segment_knows_vietnamese_abbreviations_and_ellipses() {
    let sandbox = Sandbox::new();
    let output = sandbox.run_with_stdin(
        &["segment", "-", "--lang", "vi"],
        "Ông về TP. Vinh hôm 5.3.2024 và gặp PGS.TS. Lê Văn Hòa… Hai bên bàn v.v. và ký 1.250 hợp đồng."
            .as_bytes(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "Ông về TP. Vinh hôm 5.3.2024 và gặp PGS.TS. Lê Văn Hòa…\nHai bên bàn v.v. và ký 1.250 hợp đồng.\n"
    );
}
