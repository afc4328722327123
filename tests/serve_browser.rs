//! The web player in a real browser (headless Chromium over WebDriver), by keyboard only: an
//! article is pasted and sent, Space plays it, the timer advances and the highlighted
//! sentence moves on, → seeks forward, the voice menu changes the voice and the reading goes
//! on. Embedded in another site's page by its two lines, the player highlights the sentence
//! being read in that page's own article. Screenshots land in `target/serve-browser/` to be
//! looked at.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::Sandbox;
use common::browser::{Browser, ENTER, RIGHT, TAB};
use common::serve::Serve;

const ARTICLE: &str = "Hà Nội đón đợt không khí lạnh đầu mùa\n\n\
Sáng nay, nhiệt độ ở Hà Nội giảm xuống còn 17 độ C, thấp nhất từ đầu mùa thu. \
Người dân ra đường đã mặc áo khoác và quàng khăn.\n\n\
Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, đợt không khí lạnh sẽ kéo dài đến cuối tuần. \
Các tỉnh miền núi phía Bắc như Lào Cai, Hà Giang, Cao Bằng, Lạng Sơn và Sơn La có thể xuống \
dưới 10 độ C vào ban đêm, riêng vùng núi cao có nơi dưới 5 độ C và xuất hiện băng giá.\n\n\
Cơ quan khí tượng khuyến cáo người dân giữ ấm cho trẻ nhỏ và người già, hạn chế ra ngoài vào \
sáng sớm và ban đêm, chuẩn bị đủ chăn ấm và thực phẩm cho gia đình, kiểm tra chuồng trại để \
bảo vệ vật nuôi, che chắn cây trồng trước sương muối, \
đồng thời theo dõi các bản tin thời tiết tiếp theo.";

// The reading lasts about 50 s: long enough that, on a busy machine, it has not ended by the
// time the voice is changed (after a seek of 10 s), which the test then waits to hear.
fn shots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/serve-browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_player_works_by_keyboard() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let server = Serve::start(&sandbox, &[]);
    browser.goto(&server.url("/"));
    // Paste the article, then Tab to "Đọc bài" (the hidden token field is skipped) and Enter.
    browser.type_into("#input", ARTICLE);
    browser.keys(&[TAB, ENTER]);
    browser.wait_for(
        "the article to be ready",
        "return document.activeElement && document.activeElement.classList.contains('db-play')",
        Duration::from_secs(20),
    );
    let label = browser.eval("return document.activeElement.getAttribute('aria-label')");
    assert_eq!(label, "Phát");
    browser.wait_for(
        "the article to be said ready",
        "return document.querySelector('.db-status').textContent.indexOf('Sẵn sàng') >= 0",
        Duration::from_secs(5),
    );
    let sentences = browser.eval("return document.querySelectorAll('.db-sentence').length");
    assert_eq!(sentences, 6);
    browser.screenshot(&shots().join("1-ready.png"));

    // Space plays.
    browser.keys(&[" "]);
    browser.wait_for(
        "the play button to say pause",
        "return document.querySelector('.db-play').getAttribute('aria-label') === 'Tạm dừng'",
        Duration::from_secs(20),
    );
    let timer = |browser: &Browser| {
        browser
            .eval("return document.querySelector('.db-time').textContent")
            .as_str()
            .unwrap()
            .to_string()
    };
    let current = |browser: &Browser| {
        browser.eval(
            "var c = document.querySelector('.db-current'); return c ? Number(c.dataset.index) : -1",
        )
    };
    browser.wait_for(
        "the timer to reach 0:01",
        "return document.querySelector('.db-time').textContent.startsWith('0:01')",
        Duration::from_secs(20),
    );
    assert_eq!(
        current(&browser),
        0,
        "the title is read first: {}",
        timer(&browser)
    );
    // The total is known (exact once synthesis ends: no "~").
    browser.wait_for(
        "the exact total",
        "var t = document.querySelector('.db-time').textContent; return t.indexOf('~') < 0 && !t.endsWith(' 0:00')",
        Duration::from_secs(20),
    );
    browser.wait_for(
        "the highlight to move to the next sentence",
        "var c = document.querySelector('.db-current'); return c && Number(c.dataset.index) >= 1",
        Duration::from_secs(20),
    );
    browser.screenshot(&shots().join("2-playing.png"));

    // → seeks 5 s forward, twice.
    let before = browser
        .eval("return document.querySelector('audio').currentTime")
        .as_f64()
        .unwrap();
    browser.keys(&[RIGHT, RIGHT]);
    let after = browser.wait_for(
        "the seek",
        &format!(
            "var t = document.querySelector('audio').currentTime; return t >= {} ? t : 0",
            before + 9.0
        ),
        Duration::from_secs(20),
    );
    assert!(
        after.as_f64().unwrap() < before + 14.0,
        "{before} → {after}"
    );
    browser.wait_for(
        "the highlight to follow the seek",
        "var c = document.querySelector('.db-current'); return c && Number(c.dataset.index) >= 2",
        Duration::from_secs(10),
    );
    browser.screenshot(&shots().join("3-seeked.png"));

    // The voice menu: Tab to it, choose the male voice by typing its name.
    browser.keys(&[TAB]);
    let focused = browser.eval("return document.activeElement.className");
    assert_eq!(focused, "db-seek");
    browser.keys(&[TAB]);
    assert_eq!(
        browser.eval("return document.activeElement.className"),
        "db-voice"
    );
    browser.type_into(".db-voice", "Giọng nam");
    browser.wait_for(
        "the male voice",
        "var a = document.querySelector('audio'); return a.src.indexOf('voice=vi-male&') >= 0 && !a.paused && a.currentTime > 0.5",
        Duration::from_secs(30),
    );
    browser.wait_for(
        "the status to name the voice",
        "return document.querySelector('.db-status').textContent.startsWith('Giọng nam: đọc tiếp')",
        Duration::from_secs(10),
    );
    let at = browser
        .eval("return document.querySelector('audio').currentTime")
        .as_f64()
        .unwrap();
    browser.wait_for(
        "the reading to go on in the new voice",
        &format!(
            "return document.querySelector('audio').currentTime > {}",
            at + 1.0
        ),
        Duration::from_secs(20),
    );
    // It goes on where it was (the sentence being read), not from the start.
    assert!(at > 3.0, "the new voice started over at {at}");
    browser.screenshot(&shots().join("4-voice.png"));

    // Space pauses.
    browser.eval("document.querySelector('.db-play').focus(); return true");
    browser.keys(&[" "]);
    browser.wait_for(
        "the pause",
        "return document.querySelector('audio').paused && document.querySelector('.db-play').getAttribute('aria-label') === 'Phát'",
        Duration::from_secs(10),
    );
    browser.wait_for(
        "the pause to be said",
        "return document.querySelector('.db-status').textContent.startsWith('Tạm dừng ở')",
        Duration::from_secs(5),
    );
    browser.screenshot(&shots().join("5-paused.png"));
}

/// A news site's page on another origin, with the player's two lines and an article whose
/// markup (links, emphasis, line breaks) does not follow the sentences.
fn host_page(player: &str) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("a loopback port");
    let port = server.server_addr().to_ip().unwrap().port();
    let page = format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Tin</title></head>\
         <body><nav>Trang chủ · Thời sự</nav><div id=\"docbao\"></div>\
         <article><h1>Hà Nội đón đợt   không khí lạnh đầu mùa</h1>\
         <p>Sáng nay, nhiệt độ ở <a href=\"/ha-noi\">Hà Nội</a> giảm xuống còn 17 độ C, thấp nhất\n\
         từ đầu mùa thu. Người dân ra đường đã mặc <em>áo khoác</em> và quàng khăn.</p>\
         <p>Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, đợt không khí lạnh sẽ kéo dài đến cuối tuần.</p>\
         </article><footer>Bản quyền</footer>\
         <script src=\"{player}/embed.js\" data-article=\"article\" defer></script></body></html>"
    );
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let header = tiny_http::Header::from_bytes(
                &b"Content-Type"[..],
                &b"text/html; charset=utf-8"[..],
            )
            .unwrap();
            let _ =
                request.respond(tiny_http::Response::from_string(page.clone()).with_header(header));
        }
    });
    format!("http://127.0.0.1:{port}/tin.html")
}

#[test]
fn embedded_in_a_page_it_highlights_the_page_s_own_article() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let server = Serve::start(&sandbox, &[]);
    let base = server.url("/");
    browser.goto(&host_page(base.trim_end_matches('/')));
    browser.wait_for(
        "the player to be ready",
        "var p = document.querySelector('#docbao .db-play'); return p && !p.disabled && document.querySelector('.db-status').textContent.indexOf('Sẵn sàng') >= 0",
        Duration::from_secs(30),
    );
    browser.eval("document.querySelector('#docbao .db-play').focus(); return true");
    browser.keys(&[" "]);
    // The highlight is a range of the page's own text, and it is the sentence being read.
    let highlighted = "var h = CSS.highlights.get('docbao-sentence'); \
         if (!h || h.size !== 1) return ''; \
         var r = h.values().next().value; \
         if (!document.querySelector('article').contains(r.commonAncestorContainer)) return 'outside'; \
         return r.toString().replace(/\\s+/g, ' ')";
    let first = browser.wait_for(
        "the title to be highlighted in the page",
        &format!("var t = (function () {{ {highlighted} }})(); return t.indexOf('Hà Nội đón') === 0 ? t : ''"),
        Duration::from_secs(20),
    );
    assert_eq!(first, "Hà Nội đón đợt không khí lạnh đầu mùa");
    // The second sentence spans a link and a line break.
    let second = browser.wait_for(
        "the next sentence to be highlighted in the page",
        &format!("var t = (function () {{ {highlighted} }})(); return t.indexOf('Sáng nay') === 0 ? t : ''"),
        Duration::from_secs(30),
    );
    assert_eq!(
        second,
        "Sáng nay, nhiệt độ ở Hà Nội giảm xuống còn 17 độ C, thấp nhất từ đầu mùa thu."
    );
    // The page's markup is as it was: nothing was wrapped or inserted into the article.
    assert_eq!(
        browser.eval("return document.querySelectorAll('article *').length"),
        5
    );
    browser.screenshot(&shots().join("6-embedded.png"));
}
