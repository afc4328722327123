//! What an audio file made from the article is tagged with: its title, the site that
//! published it, its author, the date it was published and where it is.
//!
//! The values come from the page and are hostile until checked: each is trimmed, its
//! whitespace squashed to single spaces, its terminal controls and bidi overrides removed
//! ([`controls::strip`]), and it is cut to [`MAX_CHARS`] characters;
//! a value with no letter or digit left is no value. An address is kept only when it is an
//! absolute `http://` or `https://` address of at most [`MAX_URL_BYTES`] bytes, without the
//! user name and password it may carry.
//!
//! Where each value comes from, first found first:
//!
//! - **title**: the document's title block ([`Document::title`](super::Document::title)), the
//!   JSON-LD article's `headline`, `og:title`.
//! - **site**: `og:site_name`, the JSON-LD article's `publisher.name`, `application-name`, and
//!   for a fetched page the server's name without `www.`.
//! - **author**: the JSON-LD article's `author` (its `name`, several joined by commas),
//!   `<meta name="author">`, `article:author` when it is not an address.
//! - **published**: the JSON-LD article's `datePublished`, `article:published_time` (and
//!   `itemprop="datePublished"`), the `datetime` of the `<time>` element nearest the headline,
//!   the dateline (`Thứ năm, 17/2/2024, 08:30 (GMT+7)` → `2024-02-17`). An ISO 8601 date and
//!   time is kept as the page gives it; anything else is reduced to its date, `YYYY-MM-DD`,
//!   or to nothing when no date can be read from it.
//! - **url**: the address a page was fetched from (after redirects), `<link rel=canonical>`,
//!   `og:url`.

use std::collections::HashMap;
use std::str::FromStr;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use url::Url;

use super::controls;

/// Most characters in a tag's text value; a longer one is cut and ends with `…`.
pub const MAX_CHARS: usize = 300;
/// Most bytes in an address; a longer one is no address.
pub const MAX_URL_BYTES: usize = 2000;
/// JSON-LD scripts larger than this are not read.
const MAX_JSON_LD_BYTES: usize = 1024 * 1024;
/// Most JSON-LD scripts read from one page.
const MAX_JSON_LD_SCRIPTS: usize = 16;
/// Most JSON-LD objects looked at in one script.
const MAX_JSON_LD_NODES: usize = 256;
/// Most authors named.
const MAX_AUTHORS: usize = 8;

/// What an audio file of the article is tagged with: title, site, author, date and address,
/// each checked and cleaned (see the [module docs](self)). `None` when the input does not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The headline.
    pub title: Option<String>,
    /// The publisher or the site's name (`VnExpress`, `BBC News`).
    pub site: Option<String>,
    /// Who wrote the article; several authors are joined by `, `.
    pub author: Option<String>,
    /// When the article was published: an ISO 8601 date and time as the page gives it
    /// (`2024-02-17T08:30:00+07:00`), or its date alone (`2024-02-17`).
    pub published: Option<String>,
    /// Where the article is: an absolute `http://` or `https://` address.
    pub url: Option<String>,
}

/// What a page says about itself, in its own words, before any of it is checked.
#[derive(Debug, Default)]
pub(super) struct Found {
    /// `og:title`.
    pub og_title: Option<String>,
    /// `og:site_name`.
    pub site_name: Option<String>,
    /// `<meta name="application-name">`.
    pub application_name: Option<String>,
    /// `<meta name="author">`.
    pub author: Option<String>,
    /// `article:author`.
    pub article_author: Option<String>,
    /// `article:published_time`, or `itemprop="datePublished"`.
    pub published_time: Option<String>,
    /// The `datetime` of the `<time>` element nearest the headline.
    pub time_datetime: Option<String>,
    /// The dateline's text.
    pub dateline: Option<String>,
    /// `<link rel="canonical">`.
    pub canonical: Option<String>,
    /// `og:url`.
    pub og_url: Option<String>,
    /// The text of each `<script type="application/ld+json">`, in page order.
    pub json_ld: Vec<String>,
}

impl Found {
    /// Keeps `value` as a JSON-LD script unless there are enough already or it is too large.
    pub fn add_json_ld(&mut self, value: String) {
        if self.json_ld.len() < MAX_JSON_LD_SCRIPTS && value.len() <= MAX_JSON_LD_BYTES {
            self.json_ld.push(value);
        }
    }
}

/// The metadata of a document: from what its page said (`found`), its title block, its first
/// dateline block and the address it was fetched from.
pub(super) fn resolve(
    found: &Found,
    title_block: Option<&str>,
    dateline_block: Option<&str>,
    fetched: Option<&Url>,
) -> Metadata {
    let ld = json_ld(&found.json_ld);
    let title = first_text([
        title_block,
        ld.headline.as_deref(),
        found.og_title.as_deref(),
    ]);
    let url = fetched
        .and_then(|u| web_address(u.as_str()))
        .or_else(|| found.canonical.as_deref().and_then(web_address))
        .or_else(|| found.og_url.as_deref().and_then(web_address));
    let site = first_text([
        found.site_name.as_deref(),
        ld.publisher.as_deref(),
        found.application_name.as_deref(),
    ])
    .or_else(|| fetched.and_then(host_name));
    let article_author = found.article_author.as_deref().filter(|a| !is_address(a));
    let author = first_text([
        ld.author.as_deref(),
        found.author.as_deref(),
        article_author,
    ]);
    let published = [
        ld.published.as_deref(),
        found.published_time.as_deref(),
        found.time_datetime.as_deref(),
        found.dateline.as_deref(),
        dateline_block,
    ]
    .into_iter()
    .flatten()
    .find_map(published);
    Metadata {
        title,
        site,
        author,
        published,
        url,
    }
}

fn first_text<const N: usize>(candidates: [Option<&str>; N]) -> Option<String> {
    candidates.into_iter().flatten().find_map(clean)
}

/// `text` trimmed, its whitespace squashed, its controls removed, NFC, cut to [`MAX_CHARS`];
/// `None` when no letter or digit is left.
pub(super) fn clean(text: &str) -> Option<String> {
    // Long values are cut anyway: look no further than a cut could need.
    let text = prefix(text, MAX_CHARS * 16);
    let stripped = controls::strip(text);
    let squashed: String = stripped
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect();
    if !squashed.chars().any(char::is_alphanumeric) {
        return None;
    }
    if squashed.chars().count() <= MAX_CHARS {
        return Some(squashed);
    }
    let mut cut: String = squashed.chars().take(MAX_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    Some(cut)
}

/// At most `bytes` bytes of `text`, cut at a character boundary.
fn prefix(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `text` as an absolute http(s) address without user name or password, or `None`.
pub(super) fn web_address(text: &str) -> Option<String> {
    let text = text.trim();
    if text.len() > MAX_URL_BYTES || text.chars().any(controls::is_control) {
        return None;
    }
    let mut url = Url::parse(text).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    // Infallible on an http(s) address with a host.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    let address = String::from(url);
    (address.len() <= MAX_URL_BYTES).then_some(address)
}

/// Whether `text` is an address of any scheme (`https://facebook.com/…`, `mailto:…`) rather
/// than a name.
fn is_address(text: &str) -> bool {
    let text = text.trim();
    Url::parse(text).is_ok_and(|url| url.has_host() || url.scheme() == "mailto")
        || text.starts_with("//")
        || text.starts_with("www.")
}

/// The server's name without `www.`: the site of a page that names none.
fn host_name(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    clean(host.strip_prefix("www.").unwrap_or(host))
}

/// What the page's JSON-LD article says.
#[derive(Debug, Default, PartialEq)]
struct LdArticle {
    headline: Option<String>,
    author: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
}

/// The first article (`NewsArticle`, `Article`, `BlogPosting`, …) of the scripts that give
/// each field; scripts that are not JSON are passed over.
fn json_ld(scripts: &[String]) -> LdArticle {
    let mut found = LdArticle::default();
    for script in scripts {
        // serde_json stops at 128 levels of nesting: no input overflows the stack.
        let Ok(value) = serde_json::from_str::<Value>(script) else {
            continue;
        };
        let nodes = nodes_of(&value);
        let by_id: HashMap<&str, &serde_json::Map<String, Value>> = nodes
            .iter()
            .filter_map(|node| Some((node.get("@id")?.as_str()?, *node)))
            .collect();
        for node in nodes.iter().filter(|node| is_article(node)) {
            let text = |key: &str| node.get(key).and_then(first_string).and_then(ld_text);
            fill(&mut found.headline, || text("headline"));
            fill(&mut found.published, || text("datePublished"));
            fill(&mut found.author, || {
                node.get("author").and_then(|a| names(a, &by_id))
            });
            fill(&mut found.publisher, || {
                node.get("publisher")
                    .and_then(first)
                    .and_then(|p| name(p, &by_id))
            });
        }
    }
    found
}

/// Sets `slot` to `value()` unless it holds a value already.
fn fill(slot: &mut Option<String>, value: impl FnOnce() -> Option<String>) {
    if slot.is_none() {
        *slot = value();
    }
}

/// The objects of a JSON-LD script: itself, the items of a top-level array, of its
/// `@graph`, and the `mainEntity` of each; at most [`MAX_JSON_LD_NODES`].
fn nodes_of(value: &Value) -> Vec<&serde_json::Map<String, Value>> {
    let mut out = Vec::new();
    let mut queue = std::collections::VecDeque::from([value]);
    let mut looked_at = 0;
    while let Some(value) = queue.pop_front() {
        looked_at += 1;
        if out.len() == MAX_JSON_LD_NODES || looked_at > 4 * MAX_JSON_LD_NODES {
            break;
        }
        match value {
            Value::Array(items) => queue.extend(items),
            Value::Object(map) => {
                out.push(map);
                queue.extend(
                    ["@graph", "mainEntity"]
                        .iter()
                        .filter_map(|key| map.get(*key)),
                );
            }
            _ => {}
        }
    }
    out
}

/// Whether a JSON-LD object is an article: its `@type` (or one of them) ends in `Article` or
/// `BlogPosting`, with or without a vocabulary prefix (`schema:NewsArticle`).
fn is_article(node: &serde_json::Map<String, Value>) -> bool {
    let is = |t: &Value| {
        t.as_str().is_some_and(|t| {
            let t = t.rsplit(['/', ':', '#']).next().unwrap_or(t);
            t.ends_with("Article") || t.ends_with("BlogPosting")
        })
    };
    match node.get("@type") {
        Some(Value::Array(types)) => types.iter().any(is),
        Some(t) => is(t),
        None => false,
    }
}

/// A value, or the first item of an array.
fn first(value: &Value) -> Option<&Value> {
    match value {
        Value::Array(items) => items.first(),
        other => Some(other),
    }
}

/// A string value, or the first string of an array.
fn first_string(value: &Value) -> Option<&str> {
    first(value)?.as_str()
}

/// A JSON-LD string, its HTML character references decoded (pages often escape twice).
fn ld_text(text: &str) -> Option<String> {
    clean(&html_escape::decode_html_entities(prefix(
        text,
        MAX_CHARS * 16,
    )))
}

/// The name of a person or an organisation: a string, an object's `name`, or the `name` of
/// the object its `@id` points to.
fn name(value: &Value, by_id: &HashMap<&str, &serde_json::Map<String, Value>>) -> Option<String> {
    match value {
        Value::String(text) => ld_text(text),
        Value::Object(map) => map
            .get("name")
            .and_then(first_string)
            .and_then(ld_text)
            .or_else(|| {
                let id = map.get("@id")?.as_str()?;
                let target = by_id.get(id)?;
                target.get("name").and_then(first_string).and_then(ld_text)
            }),
        _ => None,
    }
}

/// The names of one or several authors, joined by `, `.
fn names(value: &Value, by_id: &HashMap<&str, &serde_json::Map<String, Value>>) -> Option<String> {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut found: Vec<String> = Vec::new();
    for item in items {
        if found.len() == MAX_AUTHORS {
            break;
        }
        if let Some(name) = name(item, by_id).filter(|n| !is_address(n) && !found.contains(n)) {
            found.push(name);
        }
    }
    clean(&found.join(", "))
}

/// A date of publication, normalized (see the [module docs](self)).
pub(super) fn published(text: &str) -> Option<String> {
    let text = clean(text)?;
    if jiff::Timestamp::from_str(&text).is_ok() || jiff::civil::DateTime::from_str(&text).is_ok() {
        return Some(text);
    }
    // A date that starts an invalid or non-standard date and time: `2024-02-17 08:30 GMT+7`.
    if let Some(date) = text.get(..10)
        && text[10..].starts_with(['T', 't', ' '])
        && let Ok(date) = jiff::civil::Date::from_str(date)
    {
        return Some(date.to_string());
    }
    dateline_date(&text)
}

/// The date a dateline gives, as `YYYY-MM-DD`: `Thứ năm, 17/2/2024, 08:30 (GMT+7)`,
/// `ngày 17 tháng 2 năm 2024`, `17 tháng 02, 2024`, `2024/02/17`, `February 17, 2024`,
/// `17 Feb. 2024`. A numeric date is read day first, unless only month first makes it one
/// (`2/17/2024`).
pub(super) fn dateline_date(text: &str) -> Option<String> {
    if !super::clean::is_dateline(text) {
        return None;
    }
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '|'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    numeric_date(&words).or_else(|| worded_date(&words))
}

/// `17/2/2024`, `17-02-2024`, `17.2.2024`, `2024-02-17`, `2024/2/17`; `2/17/2024` when only
/// month first is a date.
fn numeric_date(words: &[String]) -> Option<String> {
    for word in words {
        let word = word.trim_matches(|c: char| !c.is_ascii_digit());
        if let Some((d, m, y)) = crate::text::vi::dates::day_month_year(word) {
            if let Some(date) = iso_date(y, m, d) {
                return Some(date);
            }
        }
        for separator in ['/', '-', '.'] {
            let parts: Vec<&str> = word.split(separator).collect();
            if let [a, b, c] = parts[..] {
                let number = |p: &str| p.parse::<u64>().ok().filter(|_| p.len() <= 4);
                let (Some(a), Some(b), Some(c)) = (number(a), number(b), number(c)) else {
                    continue;
                };
                let date = if parts[0].len() == 4 {
                    iso_date(a, b, c)
                } else if parts[2].len() == 4 {
                    iso_date(c, a, b)
                } else {
                    None
                };
                if date.is_some() {
                    return date;
                }
            }
        }
    }
    None
}

/// `ngày 17 tháng 2 năm 2024`, `17 tháng 02, 2024`, `February 17, 2024`, `17 Feb. 2024`.
fn worded_date(words: &[String]) -> Option<String> {
    let day = |w: &str| {
        let w = w.trim_end_matches(['.', ':']);
        let w = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|s| w.strip_suffix(s))
            .unwrap_or(w);
        crate::text::vi::dates::day_number(w)
    };
    let year = |w: &String| crate::text::vi::dates::year_number(w.trim_end_matches(['.', ':']));
    for (i, word) in words.iter().enumerate() {
        let month = if word == "tháng" {
            words
                .get(i + 1)
                .and_then(|m| m.parse::<u64>().ok().filter(|m| (1..=12).contains(m)))
        } else {
            super::clean::month_number(word).map(u64::from)
        };
        let Some(month) = month else {
            continue;
        };
        let after = if word == "tháng" { i + 2 } else { i + 1 };
        let before = i.checked_sub(1).and_then(|j| day(&words[j]));
        let (d, rest) = match before {
            Some(d) => (Some(d), after),
            None => (words.get(after).and_then(|w| day(w)), after + 1),
        };
        let y = words.iter().skip(rest).take(3).find_map(year);
        if let (Some(d), Some(y)) = (d, y) {
            return iso_date(y, month, d);
        }
    }
    None
}

/// `YYYY-MM-DD` when the day exists (`2024-02-30` does not).
fn iso_date(year: u64, month: u64, day: u64) -> Option<String> {
    let date = jiff::civil::Date::new(
        i16::try_from(year)
            .ok()
            .filter(|y| (1000..=9999).contains(y))?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()?;
    Some(date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found_ld(script: &str) -> Found {
        let mut found = Found::default();
        found.add_json_ld(script.to_string());
        found
    }

    #[test]
    fn vietnamese_datelines_become_iso_dates() {
        let cases = [
            ("Thứ năm, 17/2/2024, 08:30 (GMT+7)", "2024-02-17"),
            ("Chủ nhật, 03/11/2024 - 14:05", "2024-11-03"),
            ("17-02-2024 08:30", "2024-02-17"),
            ("Cập nhật lúc 08:30 ngày 17.02.2024", "2024-02-17"),
            ("Thứ Bảy, ngày 17 tháng 2 năm 2024", "2024-02-17"),
            ("17 tháng 02, 2024 | 08:30", "2024-02-17"),
            ("2024/02/17 08:30", "2024-02-17"),
            ("February 17, 2024", "2024-02-17"),
            ("Published 17 Feb. 2024, 8:30 am", "2024-02-17"),
            ("Sept 3rd, 2023", "2023-09-03"),
            ("2/17/2024", "2024-02-17"),
        ];
        for (line, iso) in cases {
            assert_eq!(dateline_date(line).as_deref(), Some(iso), "{line}");
            assert_eq!(published(line).as_deref(), Some(iso), "{line}");
        }
    }

    #[test]
    fn what_is_no_date_gives_none() {
        for line in [
            "30/2/2024",
            "Thứ năm, 17/2",
            "tháng 2/2024",
            "Hôm nay trời đẹp, 17/2/2024 là ngày vui của cả nhà chúng tôi.",
            "32/1/2024",
            "",
            "hôm qua",
            "2024-13-01",
        ] {
            assert_eq!(published(line), None, "{line}");
        }
    }

    #[test]
    fn iso_dates_are_kept_as_given_or_cut_to_the_date() {
        for iso in [
            "2024-02-17",
            "2024-02-17T08:30:00+07:00",
            "2024-02-17T01:30:00.000Z",
            "2024-02-17T08:30:00",
        ] {
            assert_eq!(published(iso).as_deref(), Some(iso));
        }
        assert_eq!(
            published("  2024-02-17T08:30:00+07:00\n").as_deref(),
            Some("2024-02-17T08:30:00+07:00")
        );
        assert_eq!(
            published("2024-02-17T25:99:00+07:00").as_deref(),
            Some("2024-02-17")
        );
        assert_eq!(
            published("2024-02-17 08:30 GMT+7").as_deref(),
            Some("2024-02-17")
        );
    }

    #[test]
    fn json_ld_article_variants() {
        let object = found_ld(
            r#"{"@context":"https://schema.org","@type":"NewsArticle","headline":"Tiêu đề",
            "author":{"@type":"Person","name":"Minh Anh"},"datePublished":"2024-02-17T08:30:00+07:00",
            "publisher":{"@type":"Organization","name":"Báo Mẫu"}}"#,
        );
        let meta = resolve(&object, None, None, None);
        assert_eq!(meta.title.as_deref(), Some("Tiêu đề"));
        assert_eq!(meta.author.as_deref(), Some("Minh Anh"));
        assert_eq!(meta.site.as_deref(), Some("Báo Mẫu"));
        assert_eq!(meta.published.as_deref(), Some("2024-02-17T08:30:00+07:00"));

        let array = found_ld(
            r#"[{"@type":"BreadcrumbList"},{"@type":["Article","schema:Thing"],
            "author":[{"name":"An"},{"name":"Bình"},"Chi",{"name":"An"},"https://x.example/me"]}]"#,
        );
        assert_eq!(
            resolve(&array, None, None, None).author.as_deref(),
            Some("An, Bình, Chi")
        );

        let string = found_ld(r#"{"@type":"BlogPosting","author":"Jo Marsh"}"#);
        assert_eq!(
            resolve(&string, None, None, None).author.as_deref(),
            Some("Jo Marsh")
        );

        let graph = found_ld(
            r##"{"@graph":[{"@type":"WebPage","@id":"#p"},
            {"@type":"Organization","@id":"#org","name":"Tin Mẫu"},
            {"@type":"Person","@id":"#me","name":"Lê Văn &amp; Cộng sự"},
            {"@type":"http://schema.org/ReportageNewsArticle","headline":"Một","author":{"@id":"#me"},
             "publisher":{"@id":"#org"},"datePublished":"2023-12-01"}]}"##,
        );
        let meta = resolve(&graph, None, None, None);
        assert_eq!(meta.title.as_deref(), Some("Một"));
        assert_eq!(meta.author.as_deref(), Some("Lê Văn & Cộng sự"));
        assert_eq!(meta.site.as_deref(), Some("Tin Mẫu"));
        assert_eq!(meta.published.as_deref(), Some("2023-12-01"));

        // Not an article, not JSON, nested past serde_json's limit: nothing, and no panic.
        for script in [
            r#"{"@type":"WebSite","name":"Không phải bài","headline":"Không"}"#.to_string(),
            "{\"@type\": \"NewsArticle\", \"headline\": ".to_string(),
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        ] {
            assert_eq!(
                resolve(&found_ld(&script), None, None, None),
                Metadata::default()
            );
        }
    }

    #[test]
    fn scripts_over_the_cap_are_not_read() {
        let padding = " ".repeat(MAX_JSON_LD_BYTES);
        let big = format!(r#"{{"@type":"NewsArticle","headline":"Lớn"}}{padding}"#);
        assert_eq!(found_ld(&big).json_ld.len(), 0);
    }

    #[test]
    fn precedence_of_sources() {
        let found = Found {
            og_title: Some("Tiêu đề og".into()),
            site_name: Some("Site OG".into()),
            application_name: Some("App".into()),
            author: Some("Tác giả meta".into()),
            article_author: Some("Tác giả article".into()),
            published_time: Some("2024-01-02T03:04:05Z".into()),
            time_datetime: Some("2024-01-03".into()),
            dateline: Some("Thứ năm, 17/2/2024".into()),
            canonical: Some("https://bao.example/bai".into()),
            og_url: Some("https://og.example/bai".into()),
            json_ld: vec![
                r#"{"@type":"NewsArticle","headline":"Tiêu đề LD","author":"LD","datePublished":"2024-01-01","publisher":{"name":"Nhà LD"}}"#.into(),
            ],
        };
        let fetched = Url::parse("https://www.that.example/a?b=1").unwrap();
        let meta = resolve(&found, Some("Tiêu đề khối"), None, Some(&fetched));
        assert_eq!(
            meta,
            Metadata {
                title: Some("Tiêu đề khối".into()),
                site: Some("Site OG".into()),
                author: Some("LD".into()),
                published: Some("2024-01-01".into()),
                url: Some("https://www.that.example/a?b=1".into()),
            }
        );
        let without_ld = Found {
            json_ld: Vec::new(),
            site_name: None,
            ..found
        };
        let meta = resolve(&without_ld, None, None, None);
        assert_eq!(meta.title.as_deref(), Some("Tiêu đề og"));
        assert_eq!(meta.site.as_deref(), Some("App"));
        assert_eq!(meta.author.as_deref(), Some("Tác giả meta"));
        assert_eq!(meta.published.as_deref(), Some("2024-01-02T03:04:05Z"));
        assert_eq!(meta.url.as_deref(), Some("https://bao.example/bai"));

        let least = Found {
            article_author: Some("https://www.facebook.com/someone".into()),
            time_datetime: Some("bogus".into()),
            dateline: Some("Thứ năm, 17/2/2024, 08:30 (GMT+7)".into()),
            canonical: Some("/relative/path".into()),
            og_url: Some("javascript:alert(1)".into()),
            ..Found::default()
        };
        let meta = resolve(&least, None, None, Some(&fetched));
        assert_eq!(meta.author, None);
        assert_eq!(meta.published.as_deref(), Some("2024-02-17"));
        assert_eq!(meta.site.as_deref(), Some("that.example"));
        let meta = resolve(&least, None, None, None);
        assert_eq!(meta.url, None);
        assert_eq!(meta.site, None);
    }

    #[test]
    fn values_are_sanitised() {
        assert_eq!(
            clean("  Tin\u{1b}]0;owned\u{7} \u{202e}nóng\u{202c}\n\t mới\u{0}nhất ").as_deref(),
            Some("Tin nóng mới nhất")
        );
        // Decomposed Vietnamese is composed (NFC).
        assert_eq!(clean("Vie\u{302}\u{323}t").as_deref(), Some("Việt"));
        assert_eq!(clean(" \u{202e} — "), None);
        let long = "chữ ".repeat(400);
        let cut = clean(&long).unwrap();
        assert_eq!(cut.chars().count(), MAX_CHARS);
        assert!(cut.ends_with("chữ…"), "{cut}");
        assert!(clean(&"a".repeat(50_000_000)).is_some_and(|c| c.chars().count() == MAX_CHARS));
    }

    #[test]
    fn only_http_addresses_without_credentials() {
        assert_eq!(
            web_address(" https://user:secret@bao.example/tin/1.html#a ").as_deref(),
            Some("https://bao.example/tin/1.html#a")
        );
        for bad in [
            "javascript:alert(1)",
            "ftp://bao.example/x",
            "data:text/html,hi",
            "/tin/1.html",
            "http://",
            "https://bao.example/\u{1b}[2J",
        ] {
            assert_eq!(web_address(bad), None, "{bad}");
        }
        let long = format!("https://bao.example/{}", "a".repeat(MAX_URL_BYTES));
        assert_eq!(web_address(&long), None);
    }

    #[test]
    fn the_site_falls_back_to_the_host_without_www() {
        let url = Url::parse("https://www.bao.example/tin").unwrap();
        assert_eq!(host_name(&url).as_deref(), Some("bao.example"));
        let url = Url::parse("http://127.0.0.1:8080/tin").unwrap();
        assert_eq!(host_name(&url).as_deref(), Some("127.0.0.1"));
    }
}
