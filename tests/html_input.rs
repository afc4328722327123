//! HTML files and HTML on standard input: the article's title, dateline, lead, every body
//! paragraph in order, captions and byline — and none of the page around it. Legacy
//! charsets, font encodings, the `--format` override, `--raw`, and hostile pages.

mod common;

use common::{Sandbox, fixture, stderr, stdout};
use docbao::article::{ArticleOptions, Format};
use docbao::{BlockKind, Document, text};

/// (kind, text) of every block of an HTML fixture.
fn page(name: &str) -> Vec<(BlockKind, String)> {
    let doc = Document::from_path(fixture(&format!("pages/{name}")), None).unwrap();
    assert_eq!(doc.format(), Format::Html);
    doc.blocks()
        .iter()
        .map(|b| (b.kind, doc.text()[b.span.clone()].to_string()))
        .collect()
}

/// Asserts that the blocks start with `starts` (kind and beginning of the text), in this
/// order and with nothing between them, and that no block holds any of `chrome`.
fn check(blocks: &[(BlockKind, String)], starts: &[(BlockKind, &str)], chrome: &[&str]) {
    assert_eq!(
        blocks.len(),
        starts.len(),
        "blocks: {:#?}",
        blocks.iter().map(|b| &b.1).collect::<Vec<_>>()
    );
    for ((kind, text), (want_kind, want)) in blocks.iter().zip(starts) {
        assert!(text.starts_with(want), "expected {want:?}, got {text:?}");
        assert_eq!(kind, want_kind, "{text}");
    }
    for bit in chrome {
        assert!(
            blocks.iter().all(|(_, text)| !text.contains(bit)),
            "{bit:?} was kept"
        );
    }
}

use BlockKind::{Byline, Caption, Dateline, Paragraph, Title};

#[test]
fn news_page_with_player_related_links_and_comment_form() {
    check(
        &page("lien-ket-du-lich.html"),
        &[
            (
                Title,
                "Đẩy mạnh liên kết du lịch giữa Ninh Bình và Lạng Sơn",
            ),
            (Dateline, "Thứ năm, 09/04/2026 14:20"),
            (Paragraph, "(TXP) - Chiều 8/4, lãnh đạo hai tỉnh"),
            (Caption, "Quang cảnh buổi ký kết"),
            (Paragraph, "Buổi lễ diễn ra tại Trung tâm Hội nghị"),
            (Paragraph, "Phát biểu khai mạc, ông Nguyễn Văn Hải"),
            (Paragraph, "Theo ông Hải, việc kết nối với Lạng Sơn"),
            (
                Caption,
                "Ông Nguyễn Văn Hải phát biểu tại buổi lễ. (Ảnh: Minh Châu)",
            ),
            (Paragraph, "Về phía Lạng Sơn, bà Hoàng Thị Mai"),
            (Paragraph, "Bà Mai bày tỏ mong muốn"),
            (Paragraph, "Theo biên bản ghi nhớ, hai tỉnh"),
            (Paragraph, "Hai bên thống nhất ba nhóm nhiệm vụ trọng tâm:"),
            (Paragraph, "Xây dựng ít nhất hai tuyến"),
            (Paragraph, "Đào tạo chung đội ngũ"),
            (Paragraph, "Quảng bá điểm đến của nhau"),
            (Paragraph, "Dịp này, các doanh nghiệp lữ hành"),
            (Byline, "Thanh Hương"),
        ],
        &[
            "0:00",
            "Giọng",
            "Tin liên quan",
            "Ninh Bình đón khách quốc tế",
            "CÓ THỂ BẠN QUAN TÂM",
            "Mùa hoa tam giác mạch",
            "Họ và tên",
            "Xác thực",
            "Đọc nhiều nhất",
            "Giá vàng",
            "Chính trị",
            "Bản quyền",
            "Chia sẻ",
            "Tìm kiếm",
        ],
    );
}

#[test]
fn page_with_lead_outside_the_body_and_a_see_also_line() {
    check(
        &page("sau-rieng.html"),
        &[
            (
                Title,
                "Nông dân miền Tây trúng mùa sầu riêng nhưng giá giảm",
            ),
            (Dateline, "Chủ nhật, 12/4/2026, 07:30 (GMT+7)"),
            (Paragraph, "Sản lượng sầu riêng ở nhiều tỉnh miền Tây tăng"),
            (Paragraph, "Những ngày này, vườn sầu riêng"),
            (Paragraph, "\"Năm ngoái thương lái mua"),
            (
                Caption,
                "Nông dân ở Cai Lậy thu hoạch sầu riêng hồi đầu tháng 4. Ảnh: Hoài Thanh",
            ),
            (Paragraph, "Theo Sở Nông nghiệp và Môi trường Tiền Giang"),
            (Paragraph, "Đại diện một doanh nghiệp xuất khẩu"),
            (Paragraph, "Ông Phạm Minh Quân, chuyên gia"),
            (Paragraph, "Ngành nông nghiệp các tỉnh"),
            (Byline, "Trần Hoài"),
        ],
        &[
            "Xem thêm",
            "Xuất khẩu sầu riêng sang Trung Quốc",
            "Giá sầu riêng Ri6",
            "Nhiều nhà vườn ở Đồng Tháp phải bán",
            "Ý kiến",
            "Nhà nước nên có chính sách",
            "Xem nhiều",
            "Thời sự",
            "Bản quyền",
        ],
    );
}

#[test]
fn page_with_sapo_heading_and_a_related_box_inside_the_body() {
    check(
        &page("xe-dap-cong-cong.html"),
        &[
            (Title, "Đà Nẵng thí điểm xe đạp công cộng ở khu trung tâm"),
            (Dateline, "28/04/2026 10:05 GMT+7"),
            (Paragraph, "TTO - Từ ngày 1/5, người dân"),
            (Paragraph, "Theo Sở Xây dựng Đà Nẵng"),
            (
                Caption,
                "Một trạm xe đạp công cộng bên bờ đông sông Hàn - Ảnh: ĐOÀN NHẠN",
            ),
            (Paragraph, "Người thuê chỉ cần tải ứng dụng"),
            (Paragraph, "Ông Trần Quốc Bảo, Phó giám đốc"),
            (Paragraph, "Sau sáu tháng thí điểm"),
            (Paragraph, "Nhiều người dân bày tỏ"),
            (Byline, "NGỌC ANH"),
        ],
        &[
            "TP.HCM sắp có thêm",
            "Thành phố dự kiến mở rộng mạng lưới",
            "Nghe bài viết",
            "0:00",
            "Đọc tiếp",
            "Xe buýt điện chạy thử",
            "Bình luận",
            "Đăng nhập",
            "Giấy phép",
        ],
    );
}

#[test]
fn english_page() {
    let blocks = page("library-hours.html");
    check(
        &blocks,
        &[
            (Title, "Town library to open on Sundays after campaign"),
            (Dateline, "2 March 2026"),
            (Paragraph, "The central library will open every Sunday"),
            (Paragraph, "Councillors approved the change"),
            (Paragraph, "Campaigners said many working parents"),
            (
                Caption,
                "The central library has been closed on Sundays since 2012. Photo: Sam Green",
            ),
            (Paragraph, "The council said the extra day"),
            (Paragraph, "Opposition members welcomed"),
            (Paragraph, "The first Sunday opening"),
            (Byline, "By Jo Marsh"),
        ],
        &[
            "Related stories",
            "Mobile library route",
            "Post comment",
            "More from News",
            "Bridge closure",
            "Skip to content",
            "All rights reserved",
            "Weather",
        ],
    );
}

#[test]
fn legacy_vietnamese_charset_from_meta() {
    let blocks = page("cu-windows-1258.html");
    check(
        &blocks,
        &[
            (
                Title,
                "Người cao tuổi phường Đông Ba thi đua trồng cây xanh",
            ),
            (
                Paragraph,
                "Hưởng ứng phong trào do thành phố phát động, Hội Người cao tuổi phường Đông Ba đã trồng thêm hơn 300 cây bóng mát",
            ),
            (Paragraph, "Mỗi chi hội nhận chăm sóc một đoạn đường"),
            (
                Paragraph,
                "Theo ông Trương Văn Dũng, Chủ tịch Hội, sau một năm, tỷ lệ cây sống đạt trên 95%",
            ),
            (Paragraph, "Năm tới, hội dự kiến trồng thêm 200 cây"),
        ],
        &["Trang chủ", "Liên hệ", "Bản quyền"],
    );
    // Decoded to precomposed letters (NFC), as Vietnamese text normally is.
    assert!(blocks.iter().all(|(_, t)| !t.contains('\u{301}')));
}

#[test]
fn font_encoded_pages_are_refused_with_a_hint() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["segment", fixture("pages/tcvn3.html").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.starts_with("docbao: ")
            && err.contains("tcvn3.html is written in the TCVN3 (ABC) font encoding (font .VnTime), which docbao cannot decode"),
        "{err}"
    );
    assert!(err.contains("hint: convert the page to Unicode"), "{err}");
}

#[test]
fn html_is_recognised_on_standard_input_and_format_overrides() {
    let sandbox = Sandbox::new();
    let html = std::fs::read(fixture("pages/sau-rieng.html")).unwrap();
    let output = sandbox.run_with_stdin(&["segment", "-"], &html);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = stdout(&output);
    assert!(
        lines.starts_with("Nông dân miền Tây trúng mùa sầu riêng nhưng giá giảm\n"),
        "{lines}"
    );
    assert!(!lines.contains("Giá xăng"));

    // The same bytes read as text: the markup is text.
    let output = sandbox.run_with_stdin(&["segment", "-", "--format", "text"], &html);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("<h1 class=\"title-detail\">"));

    // An HTML page saved under a .txt name, read as HTML on request.
    std::fs::write(sandbox.path("trang.txt"), &html).unwrap();
    let output = sandbox.run(&["segment", "trang.txt", "--format", "html"]);
    assert_eq!(stdout(&output).lines().next(), lines.lines().next());

    let output = sandbox.run(&["segment", "trang.txt", "--format", "pdf"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn raw_html_is_the_whole_visible_text() {
    let doc = Document::from_path_with(
        fixture("pages/lien-ket-du-lich.html"),
        &ArticleOptions {
            raw: true,
            ..ArticleOptions::default()
        },
    )
    .unwrap();
    let text = doc.text();
    for visible in [
        "Trang chủ",
        "Chính trị",
        "0:00/ 0:00",
        "Tin liên quan",
        "Họ và tên",
        "Bản quyền thuộc về",
    ] {
        assert!(text.contains(visible), "{visible}");
    }
    assert!(!text.contains("dataLayer"), "scripts are not text");
    assert!(doc.removed().is_empty());
}

#[test]
fn a_page_without_an_article_is_read_as_visible_text() {
    let html = "<html><head><title>Lịch</title><script>x()</script></head><body>\
                <div>Lịch cắt điện</div><div>Thứ hai: phường Một</div><div>Thứ ba: phường Hai</div>\
                </body></html>";
    let doc = Document::from_html(html, &ArticleOptions::default()).unwrap();
    let read: Vec<&str> = doc
        .blocks()
        .iter()
        .map(|b| &doc.text()[b.span.clone()])
        .collect();
    assert!(
        read.contains(&"Thứ hai: phường Một") && read.contains(&"Thứ ba: phường Hai"),
        "{read:?}"
    );
    assert!(!doc.text().contains("x()"));
    assert!(matches!(
        Document::from_html(
            "<html><body><div> </div><script>a</script></body></html>",
            &ArticleOptions::default()
        ),
        Err(docbao::InputError::Empty { .. })
    ));
}

/// Pages built to hurt: they are read (or refused) without a panic and without hanging.
#[test]
fn hostile_pages() {
    let options = ArticleOptions::default();
    let sentence = "<p>Đây là một câu văn bình thường trong bài báo, đủ dài để được đọc.</p>";
    let cases: Vec<(&str, String)> = vec![
        (
            "deep divs",
            format!(
                "<html><body>{}{sentence}</body></html>",
                "<div>".repeat(200_000)
            ),
        ),
        (
            "deep self-closing divs",
            format!("<body>{}{sentence}", "<div/>".repeat(100_000)),
        ),
        (
            "nested formatting",
            format!("<body><p>{}chữ</p>{sentence}", "<b><i><u>".repeat(30_000)),
        ),
        (
            "nested tables",
            format!("<body>{}{sentence}", "<table><tr><td>".repeat(20_000)),
        ),
        (
            "nested anchors",
            format!("<body>{}{sentence}", "<a href=x>".repeat(50_000)),
        ),
        (
            "many paragraphs",
            format!("<body><article>{}</article>", sentence.repeat(20_000)),
        ),
        (
            "unclosed comment",
            format!("<body>{sentence}<!-- {}", "<div>".repeat(1000)),
        ),
        (
            "unclosed script",
            format!("<body>{sentence}<script>{}", "<div>".repeat(1000)),
        ),
        (
            "attributes without end",
            format!("<body>{sentence}<div class=\"{}", "a".repeat(1_000_000)),
        ),
        (
            "only markup",
            "<html><body><div><span></span></div></body></html>".to_string(),
        ),
    ];
    for (name, html) in cases {
        let result = std::panic::catch_unwind(|| Document::from_html(&html, &options));
        let Ok(result) = result else {
            panic!("{name}: panicked");
        };
        if let Ok(doc) = result {
            let sentences = text::segment(&doc);
            assert!(
                sentences
                    .iter()
                    .all(|s| doc.text().get(s.span.clone()).is_some()),
                "{name}: spans"
            );
            if name != "only markup" {
                assert!(
                    doc.text().contains("Đây là một câu văn bình thường"),
                    "{name}: the sentence is lost"
                );
            }
        } else {
            assert_eq!(name, "only markup", "{name}: {result:?}");
        }
    }
}

#[test]
fn the_headline_is_the_h1_that_matches_the_page_title() {
    let html = "<html><head><title>Mưa lớn kéo dài ở miền Trung - Báo Ven Biển</title></head><body>\
        <header><h1 class=\"logo\"><a href=\"/\">Báo Ven Biển</a></h1></header>\
        <article><h1>Mưa lớn kéo dài ở miền Trung</h1>\
        <p>Từ đêm qua, nhiều tỉnh miền Trung có mưa to đến rất to, nhiều nơi lượng mưa vượt 200 mm.</p>\
        <p>Cơ quan khí tượng dự báo mưa còn kéo dài đến hết ngày mai, người dân cần đề phòng lũ quét.</p>\
        <p>Các địa phương đã sơ tán hàng nghìn hộ dân ở vùng trũng đến nơi an toàn trong đêm.</p>\
        </article></body></html>";
    let doc = Document::from_html(html, &ArticleOptions::default()).unwrap();
    assert_eq!(doc.title(), Some("Mưa lớn kéo dài ở miền Trung"));
    let read: Vec<&str> = doc
        .blocks()
        .iter()
        .map(|b| &doc.text()[b.span.clone()])
        .collect();
    assert_eq!(read.len(), 4, "{read:?}");
    assert!(!read.contains(&"Báo Ven Biển"));
}

mod tag_soup {
    use super::*;
    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("<div>".to_string()),
            Just("</div>".to_string()),
            Just("<p>".to_string()),
            Just("</p>".to_string()),
            Just("<figure><figcaption>".to_string()),
            Just("<h1>".to_string()),
            Just("</h1>".to_string()),
            Just("<table><tr><td>".to_string()),
            Just("<b><i>".to_string()),
            Just("<nav class=\"menu\">".to_string()),
            Just("<div class=\"related-news\">".to_string()),
            Just("<span class=\"date\">".to_string()),
            Just("<script>".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            Just("&amp;".to_string()),
            Just("0:00/ 0:00".to_string()),
            Just("Thứ hai, 06/11/2026 08:15".to_string()),
            Just("Tin liên quan".to_string()),
            "[A-ZĐa-zàáạảãâầấậêềếơờớưừứđ .,:/]{0,40}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Any tag soup reads (or is refused as empty) without a panic, with blocks on
        /// character boundaries of the text.
        #[test]
        fn any_tag_soup(pieces in proptest::collection::vec(piece(), 0..120), raw in any::<bool>()) {
            let html = pieces.concat();
            let options = ArticleOptions { raw, ..ArticleOptions::default() };
            if let Ok(doc) = Document::from_html(&html, &options) {
                for block in doc.blocks() {
                    prop_assert!(doc.text().get(block.span.clone()).is_some());
                }
                for sentence in text::segment(&doc) {
                    prop_assert!(doc.text().get(sentence.span.clone()).is_some());
                }
            }
        }
    }
}
