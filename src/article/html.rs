//! HTML pages: the article, not the page.
//!
//! 1. The page's title (its `<h1>`, or the `<title>` without the site's name), its dateline
//!    (a date-shaped element nearest the headline: `<time>`, `.date`, `.detail-time`) and its
//!    lead (a `sapo`/`description`/`lead`/`standfirst` element nearest the headline) are read
//!    first, because article extractors often leave them out.
//! 2. Obvious chrome goes: navigation, forms, buttons, hidden elements, and elements whose
//!    class or id names a player, share bar, comments, related links, tags, menus or ads —
//!    unless they hold a large part of the page's paragraphs.
//! 3. `dom_smoothie` (a port of Mozilla's Readability) picks the article's body.
//! 4. The body becomes blocks in document order: paragraphs, list items, subheadings,
//!    captions (`<figcaption>`, caption-classed elements, the text cells of image tables).
//!
//! What the page says about itself for [`Metadata`](super::Metadata) — its `<meta>` tags,
//! `<link rel=canonical>`, JSON-LD scripts, the `<time>` and dateline nearest the headline —
//! is gathered too, and checked in [`meta`](super::meta).
//!
//! When no article can be told from the page, its visible text is read instead, cleaned like
//! pasted text. A page nested deeper than browsers' own parsers handle gracefully is read as
//! visible text by a linear scan that builds no tree (deep nesting makes HTML tree building
//! quadratic).

use std::collections::HashSet;

use dom_query::{Document as Dom, NodeId, NodeRef};
use unicode_normalization::UnicodeNormalization;
use url::Url;

use super::meta::Found;
use super::{ArticleOptions, BlockKind};

/// Deepest nesting handed to the HTML parser; deeper pages are read by a linear scan.
const MAX_DEPTH: usize = 400;
/// Most elements the article extractor looks at; larger pages are read as visible text.
const MAX_ELEMENTS: usize = 200_000;
/// A chrome-named element holding this share of the page's paragraph text is kept.
const KEEP_SHARE: f64 = 0.4;

/// What was read from a page.
pub(super) enum Extracted {
    /// The article, as blocks with the kind the page gives them.
    Article(Vec<(BlockKind, String)>),
    /// The page's visible text, one block element per line.
    VisibleText(String),
}

/// Reads the article (or the visible text) of `html`, and what the page says about itself.
pub(super) fn extract(
    html: &str,
    url: Option<&Url>,
    options: &ArticleOptions,
) -> (Extracted, Found) {
    if nesting_depth(html) > MAX_DEPTH {
        return (Extracted::VisibleText(scan_text(html)), head_meta(html));
    }
    let dom = Dom::from(html);
    let mut about = page_meta(&dom);
    if options.raw {
        return (Extracted::VisibleText(visible_text(&dom)), about);
    }
    // The extractor is third-party code run on hostile input: should it ever panic, the page
    // is still read, by the scan that builds no tree.
    let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        article(dom, url, &mut about).map(Extracted::Article)
    }));
    let extracted = match found {
        Ok(Some(article)) => article,
        Ok(None) => Extracted::VisibleText(visible_text(&Dom::from(html))),
        Err(_) => Extracted::VisibleText(scan_text(html)),
    };
    (extracted, about)
}

/// The page around the article, read before the extractor changes the tree.
struct Frame {
    headline: Option<String>,
    dateline: Option<String>,
    /// The `datetime` of the `<time>` element nearest the headline.
    datetime: Option<String>,
    lead: Option<String>,
}

/// The article's blocks; the dateline and `<time>` nearest the headline go into `about`.
fn article(dom: Dom, url: Option<&Url>, about: &mut Found) -> Option<Vec<(BlockKind, String)>> {
    let config = dom_smoothie::Config {
        keep_classes: true,
        max_elements_to_parse: MAX_ELEMENTS,
        ..dom_smoothie::Config::default()
    };
    let mut readability = dom_smoothie::Readability::with_document(
        dom,
        url.map(Url::as_str).filter(|u| u.starts_with("http")),
        Some(config),
    )
    .ok()?;
    // The page's title (`<title>`, `og:title`, without the site's name) tells which `<h1>`
    // is the headline, when a page has several (a logo in an `<h1>`, say).
    let page_title = clean_text(&readability.get_article_title());
    let chrome = chrome_elements(&readability.doc);
    let frame = frame(&readability.doc, &chrome, &page_title);
    about.dateline.clone_from(&frame.dateline);
    about.time_datetime.clone_from(&frame.datetime);
    for node in &chrome {
        node.remove_from_parent();
    }
    let found = readability.parse().ok()?;
    let body = blocks_of(&Dom::from(found.content.to_string()), true);
    if !body
        .iter()
        .any(|(_, text)| text.chars().any(char::is_alphanumeric))
    {
        return None;
    }
    let in_body = |text: &str| {
        let needle = squash(text);
        body.iter()
            .any(|(_, block)| squash(block).contains(&needle))
    };
    let title = frame
        .headline
        .or_else(|| Some(clean_text(&found.title)))
        .filter(|t| !t.is_empty());
    let mut parts = Vec::new();
    if let Some(title) = &title {
        parts.push((BlockKind::Title, title.clone()));
    }
    if let Some(dateline) = frame.dateline.filter(|d| !in_body(d)) {
        parts.push((BlockKind::Dateline, dateline));
    }
    if let Some(lead) = frame.lead.filter(|l| !in_body(l)) {
        parts.push((BlockKind::Paragraph, lead));
    }
    for (kind, text) in &body {
        let same_as_title = title.as_ref().is_some_and(|t| squash(t) == squash(text));
        if !same_as_title {
            parts.push((*kind, text.clone()));
        }
    }
    if let Some(byline) = found.byline.map(|b| clean_text(&b)) {
        let short = (1..=12).contains(&byline.split_whitespace().count());
        if short && !in_body(&byline) && !parts.iter().any(|(_, t)| t.contains(&byline)) {
            parts.push((BlockKind::Byline, byline));
        }
    }
    Some(parts)
}

/// Headline, dateline and lead: the `<h1>`, and the date- and lead-shaped elements nearest it.
fn frame(dom: &Dom, chrome: &[NodeRef], page_title: &str) -> Frame {
    let chrome: HashSet<NodeId> = chrome.iter().map(|node| node.id).collect();
    let elements = elements_in_order(dom);
    let headings: Vec<(usize, String)> = elements
        .iter()
        .enumerate()
        .filter(|(_, node)| tag(node) == "h1")
        .map(|(i, node)| (i, clean_text(&node.text())))
        .filter(|(_, text)| !text.is_empty() && text.chars().count() <= 300)
        .collect();
    let wanted = squash(page_title);
    let matches_title = |text: &str| {
        let text = squash(text);
        !wanted.is_empty() && !text.is_empty() && (wanted.contains(&text) || text.contains(&wanted))
    };
    let chosen = headings
        .iter()
        .find(|(_, text)| matches_title(text))
        .or_else(|| {
            headings
                .iter()
                .find(|(_, text)| text.split_whitespace().count() >= 3)
        })
        .or(headings.first());
    let h1 = chosen.map(|(i, _)| *i);
    let headline = chosen.map(|(_, text)| text.clone());
    let nearest = |candidates: Vec<(usize, String)>| -> Option<String> {
        let anchor = h1.unwrap_or(0);
        candidates
            .into_iter()
            .min_by_key(|(i, _)| i.abs_diff(anchor))
            .map(|(_, text)| text)
    };
    let mut dates = Vec::new();
    let mut times = Vec::new();
    let mut leads = Vec::new();
    for (i, node) in elements.iter().enumerate() {
        let name = tag(node);
        let words = names_of(node);
        let in_chrome = || {
            node.ancestors_it(None)
                .chain([*node])
                .any(|a| chrome.contains(&a.id))
        };
        if name == "time"
            && let Some(datetime) = node.attr("datetime").filter(|d| !d.trim().is_empty())
            && !in_chrome()
        {
            times.push((i, datetime.to_string()));
        }
        if name == "time"
            || words.iter().any(|w| {
                [
                    "date",
                    "time",
                    "publish",
                    "published",
                    "pubdate",
                    "datetime",
                    "publishdate",
                ]
                .contains(&w.as_str())
            })
        {
            let text = clean_text(&node.text());
            if super::clean::is_dateline(&text) && !in_chrome() {
                dates.push((i, text));
            }
        }
        if words.iter().any(|w| {
            [
                "sapo",
                "description",
                "lead",
                "summary",
                "excerpt",
                "standfirst",
                "intro",
                "chapeau",
                "teaser",
                "abstract",
            ]
            .contains(&w.as_str())
        }) && !matches!(name.as_str(), "meta" | "body" | "html")
        {
            let text = clean_text(&node.text());
            if text.split_whitespace().count() >= 8 && !in_chrome() {
                leads.push((i, text));
            }
        }
    }
    Frame {
        headline,
        dateline: nearest(dates),
        datetime: nearest(times),
        lead: nearest(leads),
    }
}

/// What the page says about itself in its `<meta>` and `<link>` tags and JSON-LD scripts; the
/// first of each kind counts.
fn page_meta(dom: &Dom) -> Found {
    let mut found = Found::default();
    let mut itemprop_published = None;
    let set = |slot: &mut Option<String>, value: &str| {
        if slot.is_none() && !value.trim().is_empty() {
            *slot = Some(value.to_string());
        }
    };
    for node in elements_in_order(dom) {
        let attr = |name: &str| node.attr(name).map(|v| v.to_string());
        match tag(&node).as_str() {
            "meta" => {
                let Some(content) = attr("content") else {
                    continue;
                };
                let key = attr("property")
                    .or_else(|| attr("name"))
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase();
                match key.as_str() {
                    "og:title" => set(&mut found.og_title, &content),
                    "og:site_name" => set(&mut found.site_name, &content),
                    "application-name" => set(&mut found.application_name, &content),
                    "author" => set(&mut found.author, &content),
                    "article:author" => set(&mut found.article_author, &content),
                    "article:published_time" => set(&mut found.published_time, &content),
                    "og:url" => set(&mut found.og_url, &content),
                    _ => {}
                }
                if attr("itemprop").is_some_and(|p| p.trim() == "datePublished") {
                    set(&mut itemprop_published, &content);
                }
            }
            "link" => {
                let canonical = attr("rel").is_some_and(|rel| {
                    rel.split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                });
                if canonical && let Some(href) = attr("href") {
                    set(&mut found.canonical, &href);
                }
            }
            "script" => {
                let json_ld = attr("type").is_some_and(|t| {
                    t.split(';')
                        .next()
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                });
                if json_ld {
                    found.add_json_ld(node.text().to_string());
                }
            }
            _ => {
                if attr("itemprop").is_some_and(|p| p.trim() == "datePublished")
                    && let Some(value) = attr("datetime").or_else(|| attr("content"))
                {
                    set(&mut itemprop_published, &value);
                }
            }
        }
    }
    if found.published_time.is_none() {
        found.published_time = itemprop_published;
    }
    found
}

/// What the `<head>` of a page too deep to parse says about itself (nothing when the head
/// itself is too deep).
fn head_meta(html: &str) -> Found {
    let bytes = html.as_bytes();
    let end = bytes
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"</head>"));
    match end {
        // `</head>` is ASCII: `end` is a character boundary.
        Some(end) if nesting_depth(&html[..end]) <= MAX_DEPTH => {
            page_meta(&Dom::from(&html[..end]))
        }
        _ => Found::default(),
    }
}

/// Elements whose class, id, `itemprop` or `data-role` names page chrome.
const CHROME_NAMES: &[&str] = &[
    "player",
    "audio",
    "listen",
    "share",
    "sharing",
    "social",
    "comment",
    "comments",
    "binhluan",
    "related",
    "relate",
    "relatednews",
    "lienquan",
    "tinlienquan",
    "readmore",
    "xemthem",
    "tags",
    "tag",
    "keywords",
    "breadcrumb",
    "breadcrumbs",
    "menu",
    "nav",
    "navbar",
    "navigation",
    "banner",
    "ads",
    "advert",
    "advertisement",
    "quangcao",
    "sidebar",
    "popup",
    "newsletter",
    "subscribe",
    "toolbar",
    "tools",
    "print",
    "xemnhieu",
    "docnhieu",
    "mostread",
    "interest",
    "recommended",
];

/// Tags that are never the article.
const CHROME_TAGS: &[&str] = &[
    "nav", "form", "button", "input", "select", "textarea", "iframe", "svg", "template", "audio",
    "video", "canvas", "object", "embed", "dialog",
];

/// The elements that are page chrome by their tag, their being hidden, or their name — a
/// named one only when it holds a small part of the page's paragraphs.
fn chrome_elements(dom: &Dom) -> Vec<NodeRef<'_>> {
    let total = paragraph_chars(&dom.root()).max(1) as f64;
    elements_in_order(dom)
        .into_iter()
        .filter(|node| {
            let name = tag(node);
            if CHROME_TAGS.contains(&name.as_str()) || hidden(node) {
                return true;
            }
            if matches!(name.as_str(), "html" | "body" | "main" | "article") {
                return false;
            }
            names_of(node)
                .iter()
                .any(|w| CHROME_NAMES.contains(&w.as_str()))
                && (paragraph_chars(node) as f64) < KEEP_SHARE * total
        })
        .collect()
}

fn hidden(node: &NodeRef) -> bool {
    node.has_attr("hidden")
        || node
            .attr("aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || node.attr("style").is_some_and(|style| {
            let style: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            style.contains("display:none") || style.contains("visibility:hidden")
        })
}

/// Characters of text in `<p>` elements under `node`.
fn paragraph_chars(node: &NodeRef) -> usize {
    let mut total = 0;
    let mut stack = vec![*node];
    while let Some(node) = stack.pop() {
        if tag(&node) == "p" {
            total += node.text().chars().filter(|c| !c.is_whitespace()).count();
            continue;
        }
        stack.extend(node.children_it(false));
    }
    total
}

/// The words an element's class, id, `itemprop`, `data-role` and `type` are made of:
/// `box-tinlienquan` → `box`, `tinlienquan`; `PhotoCMS_Caption` → `photocms`, `caption`.
fn names_of(node: &NodeRef) -> Vec<String> {
    let mut words = Vec::new();
    for attr in ["class", "id", "itemprop", "data-role", "role", "type"] {
        if let Some(value) = node.attr(attr) {
            words.extend(
                value
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_ascii_lowercase),
            );
        }
    }
    words
}

fn tag(node: &NodeRef) -> String {
    node.node_name()
        .map(|name| name.to_ascii_lowercase())
        .unwrap_or_default()
}

/// All elements, in document order, without recursion.
fn elements_in_order<'a>(dom: &'a Dom) -> Vec<NodeRef<'a>> {
    let mut out = Vec::new();
    let mut stack = vec![dom.root()];
    while let Some(node) = stack.pop() {
        if node.is_element() {
            out.push(node);
        }
        let children: Vec<NodeRef> = node.children_it(false).collect();
        stack.extend(children.into_iter().rev());
    }
    out
}

/// Elements that start a new block of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
    "figcaption",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "pre",
    "header",
    "footer",
    "aside",
    "address",
    "center",
    "hr",
    "br",
    "caption",
    "details",
    "summary",
    "body",
    "html",
    "nav",
    "form",
    "fieldset",
    "legend",
    "option",
    "label",
];

/// Elements whose content is never read.
const SILENT_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select",
    "textarea", "canvas", "audio", "video", "math",
];

/// The blocks of text under the root of `dom`, in order; with `captions`, text inside a
/// figure caption is marked as one.
fn blocks_of(dom: &Dom, captions: bool) -> Vec<(BlockKind, String)> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    // What the text gathered so far sits in: a caption, a heading.
    let mut current_in = Inside::default();
    let mut stack: Vec<(NodeRef, bool, Inside)> = vec![(dom.root(), true, Inside::default())];
    let flush = |current: &mut String, inside: Inside, blocks: &mut Vec<(BlockKind, String)>| {
        let text = clean_text(current);
        if text.chars().any(char::is_alphanumeric) {
            let kind = if inside.caption {
                BlockKind::Caption
            } else if inside.heading {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            };
            blocks.push((kind, text));
        }
        current.clear();
    };
    while let Some((node, entering, inside)) = stack.pop() {
        if node.is_text() {
            if current.is_empty() {
                current_in = inside;
            }
            current.push_str(&node.text());
            continue;
        }
        if !node.is_element() && !node.is_document() && !node.is_fragment() {
            continue;
        }
        let name = tag(&node);
        if SILENT_TAGS.contains(&name.as_str()) || (entering && node.is_element() && hidden(&node))
        {
            continue;
        }
        let block = BLOCK_TAGS.contains(&name.as_str());
        if block {
            flush(&mut current, current_in, &mut blocks);
        }
        if entering {
            let inside = Inside {
                caption: inside.caption || (captions && is_caption(&node, &name)),
                heading: inside.heading || SUBHEADING_TAGS.contains(&name.as_str()),
            };
            if block {
                stack.push((node, false, inside));
            }
            let children: Vec<NodeRef> = node.children_it(false).collect();
            for child in children.into_iter().rev() {
                stack.push((child, true, inside));
            }
        }
    }
    flush(&mut current, current_in, &mut blocks);
    blocks
}

/// Where a piece of text sits.
#[derive(Clone, Copy, Debug, Default)]
struct Inside {
    caption: bool,
    heading: bool,
}

/// Section headings inside an article (its `<h1>` is the title).
const SUBHEADING_TAGS: &[&str] = &["h2", "h3", "h4", "h5", "h6"];

/// A figure caption: `<figcaption>`, an element whose class says caption, or the text cell
/// of an image table.
fn is_caption(node: &NodeRef, name: &str) -> bool {
    if name == "figcaption" {
        return true;
    }
    let words = names_of(node);
    if words
        .iter()
        .any(|w| w.contains("caption") || w == "chuthich" || w == "imgcaption")
    {
        return true;
    }
    if name == "td" || name == "th" {
        return node.ancestors_it(Some(4)).any(|a| {
            tag(&a) == "table"
                && names_of(&a)
                    .iter()
                    .any(|w| ["image", "picture", "photo", "img", "figure"].contains(&w.as_str()))
        });
    }
    false
}

/// The page's visible text, one block element per line.
fn visible_text(dom: &Dom) -> String {
    blocks_of(dom, false)
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whitespace (no-break spaces included) collapsed to single spaces, trimmed, NFC.
fn clean_text(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect()
}

/// Text without whitespace or case, to compare blocks.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Elements that never have content.
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame",
];

/// Elements the parser closes by itself; they do not nest without bound.
const SELF_CLOSING_TAGS: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "rb", "rt", "rp", "html", "head", "body", "caption",
];

/// Elements whose content is raw text, not markup.
const RAW_TEXT_TAGS: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];

/// One tag of a linear scan: its lower-case name, whether it closes, where it ends.
struct Tag {
    name: String,
    closing: bool,
    end: usize,
}

/// Reads the tag starting at `bytes[at] == b'<'`; `None` for a `<` that starts no tag.
fn read_tag(bytes: &[u8], at: usize) -> Option<Tag> {
    let mut i = at + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    if i == start || !bytes[start].is_ascii_alphabetic() {
        return None;
    }
    let name = String::from_utf8_lossy(&bytes[start..i]).to_ascii_lowercase();
    let mut quote = None;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (None, b'>') => break,
            (None, b'"' | b'\'') => quote = Some(bytes[i]),
            (Some(q), b) if b == q => quote = None,
            _ => {}
        }
        i += 1;
    }
    Some(Tag {
        name,
        closing,
        end: (i + 1).min(bytes.len()),
    })
}

/// Skips a comment or a raw-text element's content; returns where scanning goes on.
fn skip_special(bytes: &[u8], at: usize, tag: Option<&Tag>) -> Option<usize> {
    if bytes[at..].starts_with(b"<!--") {
        let end = find(&bytes[at + 4..], b"-->").map_or(bytes.len(), |e| at + 4 + e + 3);
        return Some(end);
    }
    if bytes[at..].starts_with(b"<!") || bytes[at..].starts_with(b"<?") {
        let end = bytes[at..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |e| at + e + 1);
        return Some(end);
    }
    let tag = tag?;
    if tag.closing || !RAW_TEXT_TAGS.contains(&tag.name.as_str()) {
        return None;
    }
    let close = format!("</{}", tag.name);
    let lower_find = bytes[tag.end..]
        .windows(close.len())
        .position(|w| w.eq_ignore_ascii_case(close.as_bytes()));
    Some(lower_find.map_or(bytes.len(), |e| {
        let close_at = tag.end + e;
        bytes[close_at..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |g| close_at + g + 1)
    }))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// How deep the page's elements nest, estimated by a linear scan of its tags (elements that
/// close themselves and void elements do not count).
fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        at += offset;
        let tag = read_tag(bytes, at);
        if let Some(next) = skip_special(bytes, at, tag.as_ref()) {
            at = next;
            continue;
        }
        let Some(tag) = tag else {
            at += 1;
            continue;
        };
        at = tag.end;
        let name = tag.name.as_str();
        if VOID_TAGS.contains(&name) || SELF_CLOSING_TAGS.contains(&name) {
            continue;
        }
        // `<div/>` opens a div like `<div>` does: the slash means nothing in HTML.
        if tag.closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Visible text by a linear scan, for pages too deep to parse: tags removed, block tags
/// made line breaks, scripts and styles skipped, character references decoded.
fn scan_text(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::new();
    let mut at = 0;
    let mut text_start = 0;
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        at += offset;
        let tag = read_tag(bytes, at);
        let special = skip_special(bytes, at, tag.as_ref());
        if tag.is_none() && special.is_none() {
            at += 1;
            continue;
        }
        out.push_str(&html_escape::decode_html_entities(&html[text_start..at]));
        let next = special.unwrap_or_else(|| tag.as_ref().map_or(at + 1, |t| t.end));
        let is_block = tag.as_ref().is_some_and(|t| {
            BLOCK_TAGS.contains(&t.name.as_str()) || SILENT_TAGS.contains(&t.name.as_str())
        });
        if is_block {
            out.push('\n');
        }
        at = next;
        // Tags end at ASCII bytes, so `at` is a character boundary.
        text_start = at;
    }
    out.push_str(&html_escape::decode_html_entities(&html[text_start..]));
    out.lines()
        .map(clean_text)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_is_estimated_linearly() {
        assert_eq!(nesting_depth("<div><div><p>a<p>b</div></div>"), 2);
        assert_eq!(nesting_depth("<br><img src=x><p><p><p><li><li>"), 0);
        assert_eq!(
            nesting_depth("<script>if (a<b) { '<div><div>' }</script><div></div>"),
            1
        );
        assert_eq!(nesting_depth("<!-- <div><div> --><span/>"), 1);
        let deep = "<div>".repeat(1000);
        assert_eq!(nesting_depth(&deep), 1000);
        assert_eq!(nesting_depth("a < b and 3<4 <"), 0);
    }

    #[test]
    fn scan_text_reads_lines_and_entities() {
        let html = "<html><head><style>p{}</style><title>T</title></head><body><h1>Tin &amp; bài</h1><div>Một<b>hai</b></div><script>var x = '<p>';</script><p>Ba&nbsp;bốn</p></body></html>";
        assert_eq!(scan_text(html), "Tin & bài\nMộthai\nBa bốn");
    }

    #[test]
    fn page_meta_reads_tags_links_and_json_ld() {
        let dom = Dom::from(
            r#"<html><head><META PROPERTY="OG:SITE_NAME" content="Báo"><meta property="og:site_name" content="Hai">
            <meta name=author content="  "><meta name=author content="Lan"><link rel="alternate canonical" href="https://a.example/x">
            <script type="application/ld+json; charset=utf-8">{"a":1}</script><script>var x = 1;</script></head>
            <body><span itemprop="datePublished" content="2024-01-02">2/1</span><time datetime="2024-01-03"></time></body></html>"#,
        );
        let found = page_meta(&dom);
        assert_eq!(found.site_name.as_deref(), Some("Báo"));
        assert_eq!(found.author.as_deref(), Some("Lan"));
        assert_eq!(found.canonical.as_deref(), Some("https://a.example/x"));
        assert_eq!(found.json_ld, [r#"{"a":1}"#]);
        assert_eq!(found.published_time.as_deref(), Some("2024-01-02"));
        // Only the frame finds the `<time>` nearest the headline.
        assert_eq!(found.time_datetime, None);
    }

    #[test]
    fn deep_pages_keep_their_head_and_raw_pages_their_meta() {
        let head = "<html><head><meta property=og:site_name content=Báo></head>";
        let deep = format!(
            "{head}<body>{}<p>Chữ.</p></body></html>",
            "<div>".repeat(1000)
        );
        let (extracted, found) = extract(&deep, None, &ArticleOptions::default());
        assert!(matches!(extracted, Extracted::VisibleText(_)));
        assert_eq!(found.site_name.as_deref(), Some("Báo"));
        let raw = ArticleOptions {
            raw: true,
            ..ArticleOptions::default()
        };
        let (_, found) = extract(
            &format!("{head}<body><p>Chữ.</p></body></html>"),
            None,
            &raw,
        );
        assert_eq!(found.site_name.as_deref(), Some("Báo"));
    }

    #[test]
    fn captions_and_paragraphs_in_order() {
        let dom = Dom::from(
            "<div><p>Một.</p><figure><img src=a><figcaption>Ảnh <em>đẹp</em></figcaption></figure>\
             <table class=\"image\"><tr><td><img src=b></td></tr><tr><td>Chú thích</td></tr></table>\
             <ul><li>Hai</li><li>Ba<br>Bốn</li></ul></div>",
        );
        let blocks = blocks_of(&dom, true);
        assert_eq!(
            blocks,
            [
                (BlockKind::Paragraph, "Một.".to_string()),
                (BlockKind::Caption, "Ảnh đẹp".to_string()),
                (BlockKind::Caption, "Chú thích".to_string()),
                (BlockKind::Paragraph, "Hai".to_string()),
                (BlockKind::Paragraph, "Ba".to_string()),
                (BlockKind::Paragraph, "Bốn".to_string()),
            ]
        );
    }
}
