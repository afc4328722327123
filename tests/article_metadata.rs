//! Article metadata for audio-file tags: title, site, author, date of publication and address,
//! read from HTML pages written for these tests, from plain text, and from a page fetched from
//! a real HTTP server on 127.0.0.1 (after a redirect).

mod common;

use common::fixture;
use docbao::article::ArticleOptions;
use docbao::{Document, Metadata};

fn page(name: &str) -> Document {
    Document::from_path(fixture(&format!("pages/{name}")), None).unwrap()
}

fn some(text: &str) -> Option<String> {
    Some(text.to_string())
}

#[test]
fn json_ld_article_comes_first() {
    let doc = page("meta-json-ld.html");
    let title = "Hợp tác xã Bình Minh đưa dưa lưới lên sàn thương mại điện tử";
    assert_eq!(doc.title(), Some(title));
    assert_eq!(
        doc.metadata(),
        &Metadata {
            title: some(title),
            // og:site_name before the JSON-LD publisher and application-name.
            site: some("Tin Đồng Bằng"),
            // Both JSON-LD authors, whitespace squashed; not <meta name="author">.
            author: some("Trần Thu Hà, Lý Quốc Bảo"),
            // datePublished before article:published_time and the dateline.
            published: some("2025-07-01T07:15:00+07:00"),
            // The canonical link before og:url.
            url: some("https://tindongbang.example/kinh-te/dua-luoi-binh-minh-123.html"),
        }
    );
}

#[test]
fn meta_tags_without_json_ld() {
    let doc = page("meta-tags.html");
    let title = "Harbour ferry returns after winter repairs";
    assert_eq!(doc.title(), Some(title));
    assert_eq!(
        doc.metadata(),
        &Metadata {
            // The headline, not og:title.
            title: some(title),
            site: some("Coastline Courier"),
            author: some("Dana Whitfield"),
            // article:published_time before <time datetime>.
            published: some("2025-11-04T06:45:00Z"),
            url: some("https://coastline.example/news/harbour-ferry-returns"),
        }
    );
}

#[test]
fn vietnamese_dateline_and_addresses_that_are_not_urls() {
    let doc = page("meta-dateline.html");
    let title = "Thư viện xã mở cửa buổi tối cho học sinh ôn thi";
    assert_eq!(doc.title(), Some(title));
    assert_eq!(
        doc.metadata(),
        &Metadata {
            title: some(title),
            // A file names no server: no site is made up.
            site: None,
            // article:author is a profile address, not a name.
            author: None,
            // `Thứ năm, 15/2/2024, 08:30 (GMT+7)`, the dateline.
            published: some("2024-02-15"),
            // A javascript: canonical link and a relative og:url are no address.
            url: None,
        }
    );
}

#[test]
fn existing_pages_give_their_time_and_site() {
    let library = page("library-hours.html");
    assert_eq!(library.metadata().title.as_deref(), library.title());
    assert_eq!(
        library.metadata().published.as_deref(),
        Some("2026-03-02T09:00:00Z")
    );
    let news = page("lien-ket-du-lich.html");
    assert_eq!(news.metadata().title.as_deref(), news.title());
    assert_eq!(news.metadata().site.as_deref(), Some("Báo Tin Xứ Phố"));
    // The post's dateline (09/04/2026 14:20), not the top bar's date.
    assert_eq!(news.metadata().published.as_deref(), Some("2026-04-09"));
}

#[test]
fn plain_text_tells_only_what_it_has() {
    let doc = Document::from_text(
        "Chợ phiên vùng cao đông vui ngày cuối tuần\n\n\
         Thứ bảy, 9/3/2024\n\n\
         Từ sáng sớm, người dân các bản đã xuống chợ mang theo rau rừng, mật ong và vải thổ cẩm.\n\n\
         Những gian hàng ẩm thực thu hút đông khách du lịch đến từ thành phố.\n",
        None,
    )
    .unwrap();
    assert_eq!(
        doc.title(),
        Some("Chợ phiên vùng cao đông vui ngày cuối tuần")
    );
    assert_eq!(
        doc.metadata(),
        &Metadata {
            title: some("Chợ phiên vùng cao đông vui ngày cuối tuần"),
            published: some("2024-03-09"),
            ..Metadata::default()
        }
    );
    let untitled = Document::from_text("Một câu. Hai câu.", None).unwrap();
    assert_eq!(untitled.title(), None);
    assert_eq!(untitled.metadata(), &Metadata::default());
}

#[test]
fn hostile_values_are_cleaned_capped_or_dropped() {
    let long = "dài ".repeat(2000);
    let huge_ld = format!(
        r#"<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Từ kịch bản lớn","author":"Không đọc"}}{}</script>"#,
        " ".repeat(1024 * 1024 + 1)
    );
    let html = format!(
        "<html><head><title>x</title>\
         <meta property=\"og:site_name\" content=\"Báo\u{1b}]0;owned\u{7} \u{202e}Giả\u{202c}\n\tMạo\">\
         <meta name=\"author\" content=\"{long}\">\
         <meta property=\"og:url\" content=\"javascript:alert(1)\">\
         <link rel=\"canonical\" href=\"https://user:pass@bao.example/tin?id=1\">\
         <meta property=\"article:published_time\" content=\"hôm qua\">\
         {huge_ld}</head><body><p>Đoạn văn duy nhất của trang này đủ dài để đọc thành tiếng.</p></body></html>"
    );
    let doc = Document::from_html(&html, &ArticleOptions::default()).unwrap();
    let meta = doc.metadata();
    assert_eq!(meta.site.as_deref(), Some("Báo Giả Mạo"));
    let author = meta.author.as_deref().unwrap();
    assert_eq!(author.chars().count(), 300, "{author}");
    assert!(author.starts_with("dài dài") && author.ends_with('…'));
    // The JSON-LD script is over 1 MB: not read.
    assert_ne!(meta.title.as_deref(), Some("Từ kịch bản lớn"));
    assert_eq!(meta.published, None);
    assert_eq!(meta.url.as_deref(), Some("https://bao.example/tin?id=1"));
    for value in [&meta.title, &meta.site, &meta.author]
        .into_iter()
        .flatten()
    {
        assert!(
            !value.chars().any(docbao::article::controls::is_control),
            "{value:?}"
        );
    }
}

#[cfg(feature = "fetch")]
mod fetched {
    use std::thread;

    use docbao::Document;
    use docbao::article::{ArticleOptions, FetchOptions};
    use tiny_http::{Header, Response};

    use super::{common::fixture, some};

    fn header(name: &str, value: &str) -> Header {
        Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap()
    }

    /// Serves the fixtures on 127.0.0.1; returns the base address.
    fn serve() -> String {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("a loopback port");
        let port = server.server_addr().to_ip().unwrap().port();
        thread::spawn(move || {
            for request in server.incoming_requests() {
                let page = |name: &str, content_type: &str| {
                    Response::from_data(std::fs::read(fixture(name)).unwrap())
                        .with_header(header("Content-Type", content_type))
                };
                let _ = match request.url() {
                    "/cu/thu-vien" => request.respond(
                        Response::from_data(Vec::new())
                            .with_status_code(301)
                            .with_header(header("Location", "/tin/thu-vien-xa.html?nguon=rss")),
                    ),
                    "/tin/thu-vien-xa.html?nguon=rss" => request
                        .respond(page("pages/meta-dateline.html", "text/html; charset=utf-8")),
                    "/tin/dua-luoi.html" => {
                        request.respond(page("pages/meta-json-ld.html", "text/html; charset=utf-8"))
                    }
                    "/van-ban.txt" => request.respond(page(
                        "pasted/plain-article.txt",
                        "text/plain; charset=utf-8",
                    )),
                    _ => request.respond(Response::from_data(Vec::new()).with_status_code(404)),
                };
            }
        });
        format!("http://127.0.0.1:{port}")
    }

    fn fetch(url: &str) -> Document {
        Document::fetch(url, &ArticleOptions::default(), &FetchOptions::default()).unwrap()
    }

    #[test]
    fn final_address_after_a_redirect_and_the_host_as_site() {
        let base = serve();
        let doc = fetch(&format!("{base}/cu/thu-vien"));
        let meta = doc.metadata();
        assert_eq!(
            meta.url,
            Some(format!("{base}/tin/thu-vien-xa.html?nguon=rss"))
        );
        // The page names no site: its server's name stands in.
        assert_eq!(meta.site, some("127.0.0.1"));
        assert_eq!(meta.published, some("2024-02-15"));
        assert_eq!(meta.title.as_deref(), doc.title());
    }

    #[test]
    fn the_fetched_address_wins_over_the_canonical_link() {
        let base = serve();
        let meta = fetch(&format!("{base}/tin/dua-luoi.html"))
            .metadata()
            .clone();
        assert_eq!(meta.url, Some(format!("{base}/tin/dua-luoi.html")));
        assert_eq!(meta.site, some("Tin Đồng Bằng"));
        assert_eq!(meta.author, some("Trần Thu Hà, Lý Quốc Bảo"));
    }

    #[test]
    fn plain_text_at_an_address_has_its_address_and_host() {
        let base = serve();
        let doc = fetch(&format!("{base}/van-ban.txt"));
        let meta = doc.metadata();
        assert_eq!(meta.url, Some(format!("{base}/van-ban.txt")));
        assert_eq!(meta.site, some("127.0.0.1"));
        assert_eq!(meta.author, None);
        assert_eq!(meta.published, some("2026-10-14"));
        assert_eq!(meta.title.as_deref(), doc.title());
    }
}
