//! The web player in a real browser (headless Chromium over WebDriver), by keyboard only: an
//! article is pasted and sent, Space plays it, the timer advances and the highlighted
//! sentence moves on, → seeks forward, the voice menu changes the voice and the reading goes
//! on. Screenshots land in `target/serve-browser/` to be looked at.

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
Các tỉnh miền núi phía Bắc có thể xuống dưới 10 độ C vào ban đêm.\n\n\
Cơ quan khí tượng khuyến cáo người dân giữ ấm cho trẻ nhỏ và người già, \
đồng thời theo dõi các bản tin thời tiết tiếp theo.";

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
