//! Opus, MP3 and FLAC files carry the article's title and language as tags and a chapter per section
//! heading, at the time the heading is read (as the subtitles time it), as ffprobe reads them;
//! `--bitrate` sets the encoder's rate, and one it does not take is refused.
#![cfg(unix)]

mod common;

use common::probe::{chapters, probe, tag};
use common::{Sandbox, fixture, parse_cues, stderr};

const TITLE: &str = "Thị trấn ven sông chuẩn bị đón mùa nước nổi";
const HEADINGS: [&str; 2] = ["Gia cố bờ kè", "Chợ nổi vẫn họp"];

#[test]
fn chapters_and_tags_from_a_text_with_section_headings() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-sections.txt").display().to_string();
    for name in ["sections.opus", "sections.mp3", "sections.flac"] {
        let output = sandbox.run(&["render", "-q", &article, "-o", name, "-s", "sections.srt"]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let cues = parse_cues(&std::fs::read_to_string(sandbox.path("sections.srt")).unwrap());
        let Some(json) = probe(&sandbox.path(name)) else {
            return;
        };
        assert_eq!(
            tag(&json, "title").as_deref(),
            Some(TITLE),
            "{name}: {json}"
        );
        let language = tag(&json, "language");
        assert!(
            matches!(language.as_deref(), Some("vi" | "vie")),
            "{name}: {language:?}"
        );
        assert!(
            tag(&json, "encoder").is_some_and(|e| e.contains("docbao")),
            "{name}: {json}"
        );
        let found = chapters(&json);
        let names: Vec<&str> = found.iter().map(|(_, title)| title.as_str()).collect();
        assert_eq!(names, [TITLE, HEADINGS[0], HEADINGS[1]], "{name}");
        assert_eq!(found[0].0, 0.0);
        for (start, heading) in &found[1..] {
            let cue = cues
                .iter()
                .find(|cue| cue.text == *heading)
                .unwrap_or_else(|| panic!("no cue for {heading}: {cues:?}"));
            assert!(
                (start * 1000.0 - cue.start_ms as f64).abs() <= 2.0,
                "{name}: chapter {heading} at {start} s, its cue at {} ms",
                cue.start_ms
            );
        }
    }
}

#[test]
fn an_html_page_has_a_chapter_per_subheading() {
    let sandbox = Sandbox::new();
    let page = format!(
        "<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>\
         <p>Người dân thị trấn đang gia cố nhà cửa và kè bờ trước khi nước lũ về. Chính quyền đã lập ba tổ trực.</p>\
         <h2>{}</h2><p>Hơn hai kilômét bờ kè được đắp thêm bao cát trong tuần này. Thanh niên làm việc cả buổi tối.</p>\
         <h2>{}</h2><p>Các ghe hàng vẫn họp chợ từ sáng sớm, bán rau, trái cây và cá đồng. Giá cả ổn định.</p>\
         </article></body></html>",
        HEADINGS[0], HEADINGS[1]
    );
    std::fs::write(sandbox.path("page.html"), page).unwrap();
    let output = sandbox.run(&["render", "-q", "page.html", "-o", "page.opus"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let Some(json) = probe(&sandbox.path("page.opus")) else {
        return;
    };
    let names: Vec<String> = chapters(&json).into_iter().map(|(_, t)| t).collect();
    assert_eq!(names, [TITLE, HEADINGS[0], HEADINGS[1]]);
}

#[test]
fn the_bitrate_flag_sets_the_rate_and_a_wrong_one_is_refused() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-sections.txt").display().to_string();
    let size = |name: &str| std::fs::metadata(sandbox.path(name)).unwrap().len() as f64;
    for (name, bitrate) in [
        ("low.opus", "16k"),
        ("high.opus", "48k"),
        ("high.mp3", "96"),
    ] {
        let output = sandbox.run(&["render", "-q", &article, "-o", name, "--bitrate", bitrate]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
    }
    let ratio = size("high.opus") / size("low.opus");
    assert!((2.0..4.0).contains(&ratio), "48k / 16k Opus: {ratio}");
    if let Some(json) = probe(&sandbox.path("high.mp3")) {
        assert_eq!(json["streams"][0]["bit_rate"].as_str(), Some("96000"));
    }
    for (name, bitrate, says) in [
        ("a.mp3", "50k", "MP3 cannot be encoded at 50000 bit/s"),
        ("a.opus", "1k", "Opus cannot be encoded at 1000 bit/s"),
        (
            "a.wav",
            "64k",
            "a bit rate applies to Opus and MP3 only, not to WAV",
        ),
    ] {
        let output = sandbox.run(&["render", "-q", &article, "-o", name, "--bitrate", bitrate]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        assert!(
            stderr(&output).contains(says),
            "{name}: {}",
            stderr(&output)
        );
        assert!(!sandbox.path(name).exists(), "{name} was written");
    }
}

#[test]
fn a_page_s_author_site_date_and_address_become_tags() {
    let sandbox = Sandbox::new();
    let page = fixture("pages/meta-json-ld.html").display().to_string();
    for name in ["page.opus", "page.mp3"] {
        let output = sandbox.run(&["render", "-q", &page, "-o", name]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let Some(json) = probe(&sandbox.path(name)) else {
            return;
        };
        assert_eq!(
            tag(&json, "artist").as_deref(),
            Some("Trần Thu Hà, Lý Quốc Bảo"),
            "{name}"
        );
        assert_eq!(
            tag(&json, "album").as_deref(),
            Some("Tin Đồng Bằng"),
            "{name}"
        );
        assert!(
            tag(&json, "date").is_some_and(|d| d.starts_with("2025-07-01")),
            "{name}: {json}"
        );
        let url = tag(&json, "website").or_else(|| tag(&json, "url"));
        assert_eq!(
            url.as_deref(),
            Some("https://tindongbang.example/kinh-te/dua-luoi-binh-minh-123.html"),
            "{name}"
        );
    }
}
