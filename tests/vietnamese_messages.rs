//! Under a Vietnamese locale (or `language = "vi"` in config.toml) what the listener reads
//! while listening is Vietnamese: plain-mode lines, help, refusals, the resume and stop lines.
//! Under `LANG=C` it is English.

mod common;

use common::plain::{PlainReading, TEXT};
use common::sound::SoundServer;
use common::{Sandbox, stderr};

fn reading(server: &SoundServer, sandbox: &Sandbox, env: &[(&str, &str)]) -> PlainReading {
    std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    command.args(["read", "text.txt", "--plain"]);
    for (name, value) in env {
        command.env(name, value);
    }
    PlainReading::start(command)
}

#[test]
fn a_vietnamese_locale_reads_vietnamese_messages() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let mut reading = reading(&server, &sandbox, &[("LANG", "vi_VN.UTF-8")]);
    let start = reading.wait_for("Đọc 3 câu, ");
    assert!(start.ends_with(", Giọng nữ, tốc độ 1,0×"), "{start}");
    reading.wait_for("Sáng nay");
    for (command, answer) in [
        ("Tạm dừng", "Tạm dừng ở 0:0"),
        ("tốc độ 1,5", "Tốc độ 1,5×, 263 từ mỗi phút"),
        ("âm lượng 80", "Âm lượng 80%"),
        ("câu 99", "Không có câu 99; bài có 3 câu: chọn từ 1 đến 3"),
        (
            "ÂM LƯỢNG 300",
            "'ÂM LƯỢNG 300': âm lượng cần phần trăm từ 0 đến 150",
        ),
        ("nhảy", "'nhảy' không phải là lệnh. Lệnh: tạm dừng"),
        ("đang ở đâu", "Tạm dừng, câu 1 trên 3, tốc độ 1,5×, ở 0:0"),
        ("câu 2", "Câu 2 trên 3, ở 0:0"),
        ("đọc tiếp", "Đọc tiếp từ 0:0"),
        ("tạm dừng", "Tạm dừng ở 0:0"),
    ] {
        reading.say(command);
        reading.wait_for(answer);
    }
    reading.say("trợ giúp");
    let help = reading.wait_for("Lệnh: ");
    // Both languages, and that case does not matter.
    assert!(
        help.starts_with("Lệnh: tạm dừng, đọc tiếp, tua tới 30,")
            && help.contains("(tiếng Anh: pause, play, seek +30,")
            && help.contains("viết hoa hay thường đều được"),
        "{help}"
    );
    reading.say("thoát");
    let (output, seen) = reading.finish();
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.starts_with("Dừng ở 0:0") && err.contains(", câu 2 trên 3; để đọc tiếp: docbao read text.txt --voice vi-female --rate 1.5x --volume 80\n"),
        "{err}"
    );
    assert!(!seen.iter().any(|l| l.starts_with("paused")), "{seen:#?}");

    // Again: it resumes, and says so in Vietnamese; then reads to the end.
    let mut again = reading_again(&server, &sandbox);
    again.wait_for("Tiếp tục chỗ đã dừng: câu 2 trên 3 (0:0");
    again.wait_for("Đã đọc xong");
    let (output, _) = again.finish();
    assert!(output.status.success(), "{}", stderr(&output));
}

fn reading_again(server: &SoundServer, sandbox: &Sandbox) -> PlainReading {
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    command
        .args(["read", "text.txt", "--plain=events"])
        .env("LC_MESSAGES", "vi_VN.UTF-8");
    PlainReading::start(command)
}

#[test]
fn english_under_lang_c_and_the_config_can_choose() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    // LANG=C (the sandbox's): English.
    let mut english = reading(&server, &sandbox, &[]);
    english.wait_for("reading 3 sentences, ");
    english.say("trợ giúp");
    let help = english.wait_for("commands: pause, play, seek +30");
    assert!(help.contains("(tạm dừng, đọc tiếp,"), "{help}");
    english.say("tạm dừng");
    english.wait_for("paused at 0:0");
    english.say("quit");
    let (output, _) = english.finish();
    assert!(
        stderr(&output).starts_with("stopped at 0:0"),
        "{}",
        stderr(&output)
    );

    // LC_ALL comes first: English over a Vietnamese LANG.
    let mut english = reading(
        &server,
        &sandbox,
        &[("LANG", "vi_VN.UTF-8"), ("LC_ALL", "C.UTF-8")],
    );
    english.wait_for("reading 3 sentences, ");
    english.say("quit");
    english.finish();

    // The config's language over the locale.
    let dir = sandbox.path("home/.config/docbao");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "language = \"vi\"\n").unwrap();
    let mut vietnamese = reading(&server, &sandbox, &[]);
    vietnamese.wait_for("Đọc 3 câu, ");
    vietnamese.say("quit");
    let (output, _) = vietnamese.finish();
    assert!(
        stderr(&output).starts_with("Dừng ở 0:0"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn common_errors_are_vietnamese_too() {
    let sandbox = Sandbox::new();
    let run = |lang: &str, args: &[&str]| {
        let output = sandbox
            .docbao()
            .args(args)
            .env("LANG", lang)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        stderr(&output)
    };
    assert_eq!(
        run("vi_VN.UTF-8", &["read", "nope.txt"]),
        "docbao: Không có tệp nope.txt\ngợi ý: kiểm tra lại tên tệp và thư mục đang đứng\n"
    );
    assert_eq!(
        run("C.UTF-8", &["read", "nope.txt"]),
        "docbao: nope.txt does not exist\nhint: check the file name and the folder you are in\n"
    );
    let dir = sandbox.path("home/.config/docbao");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "plain = \"loud\"\n").unwrap();
    let err = run("vi_VN.UTF-8", &["read", "nope.txt"]);
    assert!(
        err.starts_with(&format!(
            "docbao: Tệp cấu hình {}, dòng 1: ",
            dir.join("config.toml").display()
        )) && err.contains("\ngợi ý: sửa hoặc xoá dòng đó; "),
        "{err}"
    );
}
