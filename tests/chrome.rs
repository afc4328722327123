//! Page chrome in pasted text: players, menus, buttons, forms and "related" lists are left
//! out; title, dateline, lead, body, captions and byline are read; a plain article comes
//! through untouched; `--raw` keeps everything and `--skip-captions` leaves captions out.

mod common;

use std::path::PathBuf;

use common::{Sandbox, fixture, stderr, stdout};
use docbao::article::{ArticleOptions, Chrome};
use docbao::{BlockKind, Document, text};

fn pasted(name: &str) -> PathBuf {
    fixture(&format!("pasted/{name}"))
}

fn read(path: &PathBuf, options: &ArticleOptions) -> Document {
    Document::from_path_with(path, options).expect("the fixture reads")
}

/// (kind, text) of every block.
fn blocks(doc: &Document) -> Vec<(BlockKind, &str)> {
    doc.blocks()
        .iter()
        .map(|b| (b.kind, &doc.text()[b.span.clone()]))
        .collect()
}

/// (reason, text) of everything left out.
fn removed(doc: &Document) -> Vec<(Chrome, &str)> {
    doc.removed()
        .iter()
        .map(|r| (r.reason, &doc.text()[r.span.clone()]))
        .collect()
}

/// The lines of the file that are not blank, trimmed (no-break spaces too).
fn file_lines(path: &PathBuf) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn a_paste_shaped_like_the_users_sample_loses_player_related_and_form() {
    let path = pasted("ket-nghia.txt");
    let doc = read(&path, &ArticleOptions::default());
    let kinds: Vec<BlockKind> = doc.blocks().iter().map(|b| b.kind).collect();
    assert_eq!(kinds[0], BlockKind::Title);
    assert_eq!(kinds[1], BlockKind::Dateline);
    assert_eq!(*kinds.last().unwrap(), BlockKind::Byline);
    assert_eq!(
        removed(&doc),
        [
            (Chrome::Player, "0:00/ 0:00"),
            (Chrome::Player, "Giọng nữ"),
            (Chrome::Player, "• Giọng nữ"),
            (Chrome::Related, "CÓ THỂ BẠN QUAN TÂM"),
            (Chrome::CommentForm, "Ý kiến bình luận"),
            (Chrome::CommentForm, "Họ và tên"),
            (Chrome::Buttons, "Email"),
            (Chrome::CommentForm, "Lời bình"),
            (Chrome::Punctuation, "/"),
            (Chrome::CommentForm, "Xác thực"),
        ]
    );
    // Everything else in the file is read, in order.
    let dropped: Vec<&str> = removed(&doc).into_iter().map(|(_, t)| t).collect();
    let read_lines: Vec<&str> = blocks(&doc).into_iter().map(|(_, t)| t).collect();
    let expected: Vec<String> = file_lines(&path)
        .into_iter()
        .filter(|l| !dropped.contains(&l.as_str()))
        .collect();
    assert_eq!(read_lines, expected);
    // The lead stays a paragraph; the three photo captions are captions.
    assert!(read_lines[2].starts_with("(BVN) - Sáng 4/4"));
    assert_eq!(kinds[2], BlockKind::Paragraph);
    assert_eq!(
        kinds.iter().filter(|k| **k == BlockKind::Caption).count(),
        3
    );
}

#[test]
fn skip_captions_leaves_the_captions_out_and_only_them() {
    let path = pasted("ket-nghia.txt");
    let with = read(&path, &ArticleOptions::default());
    let without = read(
        &path,
        &ArticleOptions {
            skip_captions: true,
            ..ArticleOptions::default()
        },
    );
    let captions: Vec<&str> = blocks(&with)
        .into_iter()
        .filter(|(k, _)| *k == BlockKind::Caption)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(
        captions,
        [
            "Lãnh đạo hai xã trao biên bản kết nghĩa tại buổi lễ.",
            "Ông Giàng A Sử phát biểu tại buổi lễ.",
            "Các đại biểu trồng cây lưu niệm tại khu rừng đầu nguồn.",
        ]
    );
    let skipped: Vec<&str> = removed(&without)
        .into_iter()
        .filter(|(r, _)| *r == Chrome::Caption)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(skipped, captions);
    assert_eq!(without.blocks().len(), with.blocks().len() - 3);
}

#[test]
fn a_news_site_paste_with_breadcrumb_see_also_related_box_and_comments() {
    let doc = read(&pasted("sau-rieng.txt"), &ArticleOptions::default());
    let read_blocks = blocks(&doc);
    assert_eq!(
        read_blocks[..2],
        [
            (BlockKind::Dateline, "Chủ nhật, 12/4/2026, 07:30 (GMT+7)"),
            (
                BlockKind::Title,
                "Nông dân miền Tây trúng mùa sầu riêng nhưng giá giảm"
            ),
        ]
    );
    assert_eq!(
        *read_blocks.last().unwrap(),
        (BlockKind::Byline, "Trần Hoài")
    );
    // Seven paragraphs of the article, the caption with its photo credit.
    let paragraphs = read_blocks
        .iter()
        .filter(|(k, _)| *k == BlockKind::Paragraph)
        .count();
    assert_eq!(paragraphs, 7, "{read_blocks:#?}");
    assert!(read_blocks.contains(&(
        BlockKind::Caption,
        "Nông dân ở Cai Lậy thu hoạch sầu riêng hồi đầu tháng 4. Ảnh: Hoài Thanh"
    )));
    let gone = removed(&doc);
    for (reason, line) in [
        (Chrome::Navigation, "Kinh doanh » Nông nghiệp"),
        (
            Chrome::Related,
            "Xem thêm: Xuất khẩu sầu riêng sang Trung Quốc chậm lại",
        ),
        (Chrome::Related, "Tin liên quan"),
        (Chrome::Related, "Thương lái ép giá trái cây mùa thu hoạch"),
        (Chrome::Buttons, "Chia sẻ   Sao chép liên kết   In"),
        (Chrome::Navigation, "Chủ đề: sầu riêng, miền Tây"),
        (Chrome::CommentForm, "Ý kiến (12)"),
        // A reader's comment is a sentence, but it is after the article's end.
        (
            Chrome::CommentForm,
            "Nhà nước nên có chính sách hỗ trợ nông dân khi giá xuống thấp như thế này, để bà con yên tâm sản xuất.",
        ),
        (Chrome::Related, "Xem nhiều"),
        (Chrome::Related, "Ngân hàng giảm lãi suất cho vay mua nhà"),
    ] {
        assert!(gone.contains(&(reason, line)), "{line}: {gone:#?}");
    }
}

#[test]
fn an_english_paste_loses_menu_buttons_related_and_comments() {
    let doc = read(&pasted("library.txt"), &ArticleOptions::default());
    let read_blocks = blocks(&doc);
    assert_eq!(
        read_blocks[..3],
        [
            (
                BlockKind::Title,
                "Town library to open on Sundays after campaign"
            ),
            (BlockKind::Byline, "By Jo Marsh, Local democracy reporter"),
            (BlockKind::Dateline, "2 March 2026"),
        ]
    );
    assert_eq!(
        read_blocks.last().unwrap().1,
        "The first Sunday opening is planned for 5 April."
    );
    let read_text: Vec<&str> = read_blocks.iter().map(|(_, t)| *t).collect();
    for chrome in [
        "Home",
        "Share",
        "Listen to this article 0:00 / 4:12",
        "Related stories",
        "Mobile library route cut to three days",
        "Comments",
        "Post comment",
        "More from News",
        "Contact us",
    ] {
        assert!(!read_text.contains(&chrome), "{chrome} was kept");
    }
    // The related box sat inside the article: the paragraph after it is read.
    assert!(
        read_text
            .iter()
            .any(|t| t.starts_with("Opposition members welcomed"))
    );
    assert_eq!(read_text.len(), 10, "{read_text:#?}");
}

#[test]
fn plain_articles_come_through_untouched() {
    for path in [
        pasted("plain-article.txt"),
        fixture("vi-article.txt"),
        fixture("en-article.txt"),
    ] {
        let cleaned = read(&path, &ArticleOptions::default());
        let raw = read(
            &path,
            &ArticleOptions {
                raw: true,
                ..ArticleOptions::default()
            },
        );
        assert!(
            cleaned.removed().is_empty(),
            "{}: {:?}",
            path.display(),
            removed(&cleaned)
        );
        let spans =
            |doc: &Document| -> Vec<_> { doc.blocks().iter().map(|b| b.span.clone()).collect() };
        assert_eq!(spans(&cleaned), spans(&raw), "{}", path.display());
        assert_eq!(cleaned.text(), raw.text());
        assert_eq!(
            text::segment(&cleaned).len(),
            text::segment(&raw).len(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn raw_keeps_everything() {
    let path = pasted("ket-nghia.txt");
    let raw = read(
        &path,
        &ArticleOptions {
            raw: true,
            ..ArticleOptions::default()
        },
    );
    assert!(raw.removed().is_empty());
    let read_lines: Vec<&str> = blocks(&raw).into_iter().map(|(_, t)| t).collect();
    assert_eq!(read_lines, file_lines(&path));
}

#[test]
fn segment_on_the_command_line() {
    let sandbox = Sandbox::new();
    let path = pasted("ket-nghia.txt");
    let path = path.to_str().unwrap();
    let output = sandbox.run(&["segment", path]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<String> = stdout(&output).lines().map(String::from).collect();
    assert_eq!(
        lines[0],
        "Hai xã vùng biên kết nghĩa, cùng giữ rừng đầu nguồn"
    );
    assert_eq!(lines[1], "Chủ nhật, 05/04/2026 16:30");
    assert!(lines[2].starts_with("(BVN) - Sáng 4/4"));
    assert_eq!(lines.last().unwrap(), "Quang Minh");

    let raw = sandbox.run(&["segment", path, "--raw"]);
    let raw_lines = stdout(&raw);
    assert!(raw_lines.contains("0:00/ 0:00\n") && raw_lines.contains("Họ và tên\n"));

    let skipped = sandbox.run(&["segment", path, "--skip-captions"]);
    let skipped = stdout(&skipped);
    assert!(!skipped.contains("Ông Giàng A Sử phát biểu tại buổi lễ."));
    assert!(skipped.contains("Phát biểu tại buổi lễ, ông Giàng A Sử"));
}

/// The user's own sample, where the project's shared folder is beside it (as in CI): it
/// starts with its title and reads no widget, form or "related" line.
#[test]
fn the_users_sample() {
    let sample =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/samples/hai-duong-dien-bien.txt");
    if !sample.exists() {
        eprintln!("skipped: {} is not here", sample.display());
        return;
    }
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["segment", sample.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<String> = stdout(&output).lines().map(String::from).collect();
    let file = file_lines(&sample);
    assert_eq!(lines[0], file[0], "starts with the title");
    for chrome in [
        "0:00/ 0:00",
        "Giọng nữ",
        "• Giọng nữ",
        "CÓ THỂ BẠN QUAN TÂM",
        "Ý kiến bình luận",
        "Họ và tên",
        "Email",
        "Lời bình",
        "/",
        "Xác thực",
    ] {
        assert!(!lines.contains(&chrome.to_string()), "{chrome} is read");
    }
    let doc = Document::from_path(&sample, None).unwrap();
    assert_eq!(doc.removed().len(), 10, "{:#?}", removed(&doc));
    assert_eq!(doc.blocks()[0].kind, BlockKind::Title);
    assert_eq!(doc.blocks()[1].kind, BlockKind::Dateline);
    assert_eq!(doc.blocks().last().unwrap().kind, BlockKind::Byline);
    // Every line of the file that is not one of those ten is read.
    assert_eq!(doc.blocks().len() + 10, file.len());
}

/// Long runs of chrome and huge lines are handled in linear time: no hang.
#[test]
fn huge_pastes() {
    let mut paste = String::from("Tiêu đề bài báo thử\n");
    paste.push_str(&"Giọng nữ\n".repeat(30_000));
    paste.push_str("0:00/ 0:00\n");
    paste.push_str(&"Nghe\n".repeat(30_000));
    paste.push_str("Đây là đoạn văn đầu tiên của bài báo, đủ dài để được coi là một câu văn.\n");
    paste.push_str(&"chữ ".repeat(1_000_000));
    paste.push('\n');
    paste.push_str(&"Họ và tên\n".repeat(20_000));
    let doc = Document::from_text(paste, None).unwrap();
    assert_eq!(doc.removed().len(), 80_001);
    assert_eq!(doc.blocks().len(), 3);
    assert_eq!(doc.title(), Some("Tiêu đề bài báo thử"));
}
