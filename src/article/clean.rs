//! Page chrome in pasted text: which lines are the page around the article, not the article.
//!
//! The rules look at a line's shape (how many words, whether it ends a sentence, whether it
//! is a timer, a date, a name, an interface word) and at where it stands: before the first
//! line of prose (the head), among the prose (the body) or after the article's end (the
//! tail). Rules that guess from position never drop a line of prose. The module docs of
//! [`article`](super) list the rules.

use super::plain::{Line, Role};
use super::{BlockKind, Chrome};

/// Interface words: a line made of nothing else is a row of buttons, wherever it stands.
const BUTTONS: &[&str] = &[
    "chia sẻ",
    "chia sẻ bài viết",
    "in bài",
    "in bài viết",
    "in",
    "gửi bài",
    "gửi email",
    "gửi cho bạn bè",
    "email",
    "e-mail",
    "lưu bài",
    "lưu tin",
    "lưu",
    "theo dõi",
    "thích",
    "trả lời",
    "báo cáo vi phạm",
    "sao chép liên kết",
    "sao chép link",
    "copy link",
    "facebook",
    "zalo",
    "twitter",
    "telegram",
    "linkedin",
    "pinterest",
    "cỡ chữ",
    "nghe bài viết",
    "nghe đọc bài",
    "nghe",
    "về đầu trang",
    "lên đầu trang",
    "quay lại",
    "trang chủ",
    "đăng nhập",
    "đăng ký",
    "tìm kiếm",
    "rss",
    "share this article",
    "share this",
    "share",
    "print",
    "save",
    "follow",
    "like",
    "reply",
    "report",
    "tweet",
    "listen to this article",
    "listen",
    "font size",
    "back to top",
    "subscribe",
    "sign in",
    "log in",
    "register",
    "search",
    "skip to content",
    "submit",
    "send",
    "gửi",
];

/// Comment-section headers: certain anywhere.
const COMMENT_HEADERS: &[&str] = &[
    "ý kiến bình luận",
    "ý kiến bạn đọc",
    "ý kiến của bạn",
    "ý kiến",
    "gửi bình luận",
    "viết bình luận",
    "bình luận",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "post comment",
    "add a comment",
    "comments",
    "comment",
];

/// Labels of a comment form's fields: chrome in a cluster after the article or beside other
/// chrome, kept anywhere else.
const FORM_LABELS: &[&str] = &[
    "họ và tên",
    "họ tên",
    "tên của bạn",
    "tên",
    "địa chỉ email",
    "email",
    "số điện thoại",
    "điện thoại",
    "lời bình",
    "nội dung",
    "mã xác thực",
    "mã xác nhận",
    "nhập mã",
    "xác thực",
    "your name",
    "your email",
    "name",
    "message",
    "captcha",
    "website",
    "verification code",
];

/// Headers of "related articles" and similar lists (matched as the whole line).
const RELATED_HEADERS: &[&str] = &[
    "tin liên quan",
    "bài liên quan",
    "bài viết liên quan",
    "tin cùng chuyên mục",
    "tin cùng chủ đề",
    "tin khác",
    "các tin khác",
    "bài viết khác",
    "tin bài khác",
    "xem thêm",
    "đọc thêm",
    "đọc tiếp",
    "có thể bạn quan tâm",
    "bạn có thể quan tâm",
    "có thể bạn muốn xem",
    "đọc nhiều",
    "đọc nhiều nhất",
    "xem nhiều",
    "xem nhiều nhất",
    "tin đọc nhiều",
    "tin mới",
    "tin mới nhất",
    "tin nổi bật",
    "tiêu điểm",
    "related",
    "related stories",
    "related articles",
    "related news",
    "related content",
    "see also",
    "read more",
    "read next",
    "more stories",
    "more news",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "most read",
    "most popular",
    "top stories",
    "latest news",
];

/// Starts of "related" headers that name a section (`More from Sport`).
const RELATED_HEADER_STARTS: &[&str] = &["more from ", "more on ", "more in ", "also in "];

/// Starts of "see also" lines that link to another article (`Xem thêm: …`).
const SEE_ALSO_STARTS: &[&str] = &[
    "xem thêm",
    "đọc thêm",
    "tin liên quan",
    "bài liên quan",
    "read more",
    "see also",
    "related",
    "also read",
    "read also",
];

/// Words a dateline may hold besides the date and time.
const DATE_WORDS: &[&str] = &[
    "thứ",
    "hai",
    "ba",
    "tư",
    "năm",
    "sáu",
    "bảy",
    "chủ",
    "nhật",
    "cn",
    "ngày",
    "tháng",
    "lúc",
    "giờ",
    "sáng",
    "chiều",
    "tối",
    "cập",
    "đăng",
    "gmt",
    "utc",
    "ict",
    "am",
    "pm",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "updated",
    "published",
    "posted",
    "last",
    "modified",
    "on",
    "at",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// The month an English month name or abbreviation names (`february`, `feb`, `sept` → 2, 2,
/// 9), in lower case, a full stop after it allowed.
pub(super) fn month_number(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    if !MONTHS.contains(&word) {
        return None;
    }
    let full = &MONTHS[..12];
    let at = full.iter().position(|m| m.starts_with(word))?;
    u32::try_from(at + 1).ok()
}

/// Longest see-also line, in words.
const MAX_SEE_ALSO_WORDS: usize = 25;
/// Longest label (a button, a field, a menu item), in words.
const MAX_LABEL_WORDS: usize = 4;
/// Fewest words in a line of prose that ends a sentence.
const MIN_PROSE_WORDS: usize = 8;
/// A line this long is prose even without a final full stop.
const LONG_LINE_WORDS: usize = 20;
/// Longest caption, in words.
const MAX_CAPTION_WORDS: usize = 60;

/// What a line looks like.
#[derive(Debug)]
struct Facts {
    words: usize,
    /// Ends a sentence (`.`, `!`, `?`, `…`, `:`, `;`, before closing quotes).
    terminal: bool,
    prose: bool,
    /// Short, without a sentence ending: a button, a field, a menu item, a heading.
    label: bool,
    bullet: bool,
    dateline: bool,
    name: bool,
    related_header: bool,
    form_label: bool,
    all_caps_heading: bool,
    caption: bool,
    end_mark: bool,
    /// Could be a headline: one line, no sentence ending.
    title_shaped: bool,
    /// `Trang chủ » Thời sự`.
    breadcrumb: bool,
    /// `By Jo Marsh`.
    by_name: bool,
    /// `Tags: …`, `Chủ đề: …`.
    tags: bool,
    certain: Option<Chrome>,
}

impl Facts {
    fn of(line: &str, raw: &str) -> Facts {
        let (bullet, body) = strip_bullet(line);
        let words = body
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        let terminal = ends_sentence(body);
        let prose = (words >= MIN_PROSE_WORDS && terminal) || words >= LONG_LINE_WORDS;
        let key = phrase_key(body);
        let label = (1..=MAX_LABEL_WORDS).contains(&words)
            && body.chars().count() <= 40
            && !ends_with_any(body, &['.', '!', '?', '…', ';']);
        let related_header = !terminal_full_stop(body)
            && words <= 8
            && (RELATED_HEADERS.contains(&key.as_str())
                || RELATED_HEADER_STARTS.iter().any(|s| key.starts_with(s)));
        let form_label = label && FORM_LABELS.contains(&key.as_str());
        let vocabulary = related_header || form_label || made_of(&key, BUTTONS);
        let dateline = is_dateline(body);
        let certain = if !line.chars().any(char::is_alphanumeric) {
            Some(Chrome::Punctuation)
        } else if is_timer(line) {
            Some(Chrome::Player)
        } else if words <= 8 && made_of(&key, COMMENT_HEADERS) {
            Some(Chrome::CommentForm)
        } else if words <= 8 && made_of(&key, BUTTONS) {
            Some(Chrome::Buttons)
        } else if is_see_also(body, words) {
            Some(Chrome::Related)
        } else {
            None
        };
        Facts {
            words,
            terminal,
            prose,
            label,
            bullet,
            dateline,
            name: !vocabulary && !dateline && is_name(body, words),
            related_header,
            form_label,
            all_caps_heading: is_all_caps_heading(body, words),
            caption: !prose_too_long_for_caption(words) && is_caption(body, raw, words, terminal),
            end_mark: line.trim_end().ends_with("/."),
            title_shaped: !line.contains('\n')
                && line.chars().count() <= 250
                && !line.ends_with(['.', ',', ';', ':', '…']),
            breadcrumb: is_breadcrumb(line),
            by_name: line.to_lowercase().starts_with("by ") && is_name(line, words),
            tags: is_tags(line, words),
            certain,
        }
    }
}

fn prose_too_long_for_caption(words: usize) -> bool {
    words > MAX_CAPTION_WORDS
}

/// Decides what becomes of each line of `text`.
pub(super) fn classify(text: &str, lines: &[Line], skip_captions: bool) -> Vec<Role> {
    let facts: Vec<Facts> = lines
        .iter()
        .map(|line| Facts::of(&text[line.span.clone()], &text[line.raw.clone()]))
        .collect();
    let mut roles: Vec<Role> = facts
        .iter()
        .map(|f| f.certain.map_or(Role::Keep, Role::Drop))
        .collect();
    let caption_role = if skip_captions {
        Role::Drop(Chrome::Caption)
    } else {
        Role::Own(BlockKind::Caption)
    };
    let kept_prose: Vec<usize> = (0..lines.len())
        .filter(|&i| roles[i] == Role::Keep && facts[i].prose)
        .collect();
    let (Some(&first), Some(&last)) = (kept_prose.first(), kept_prose.last()) else {
        // No prose: too short to tell an article from its page. Only certain chrome goes;
        // datelines are still datelines. A text that is nothing but what looks like chrome
        // (`00:00`, `Chia sẻ`) was given to be read: it stays.
        if roles.iter().all(|r| matches!(r, Role::Drop(_))) {
            for role in &mut roles {
                if *role != Role::Drop(Chrome::Punctuation) {
                    *role = Role::Keep;
                }
            }
        }
        for (role, f) in roles.iter_mut().zip(&facts) {
            if *role == Role::Keep && f.dateline {
                *role = Role::Own(BlockKind::Dateline);
            }
        }
        return roles;
    };
    // The article ends at its end mark `./.`, or at its last prose before a comment section
    // (comments never come inside an article); failing both, at its last prose.
    let end_mark = (first..lines.len()).find(|&i| roles[i] == Role::Keep && facts[i].end_mark);
    // A comment section: a comment header with a form label, a button or another comment
    // header right after it (a lone "Bình luận" may be a subheading).
    let comments = (first..lines.len()).find(|&i| {
        roles[i] == Role::Drop(Chrome::CommentForm)
            && (i + 1..lines.len().min(i + 4)).any(|j| {
                facts[j].form_label
                    || matches!(roles[j], Role::Drop(Chrome::CommentForm | Chrome::Buttons))
            })
    });
    let before_comments = comments.and_then(|c| kept_prose.iter().rev().find(|&&p| p < c).copied());
    let (end, sure_end) = match (end_mark, before_comments) {
        (Some(e), Some(c)) => (e.min(c), true),
        (Some(e), None) | (None, Some(e)) => (e, true),
        (None, None) => (last, false),
    };

    head(&facts, &mut roles, first);
    body(&facts, &mut roles, first, end);
    tail(&facts, &mut roles, end, sure_end);

    for i in 0..lines.len() {
        if roles[i] == Role::Keep && facts[i].caption {
            roles[i] = caption_role;
        }
    }
    roles
}

/// Before the first line of prose: title, dateline, player, menus.
fn head(facts: &[Facts], roles: &mut [Role], first: usize) {
    // A run of menu items before the title.
    let run = (0..first)
        .take_while(|&i| roles[i] != Role::Keep || (facts[i].label && facts[i].words <= 3))
        .count();
    let keeps_in_run = (0..run).filter(|&i| roles[i] == Role::Keep).count();
    if keeps_in_run >= 3 && run < first {
        for role in &mut roles[..run] {
            if *role == Role::Keep {
                *role = Role::Drop(Chrome::Navigation);
            }
        }
    }
    for i in 0..first {
        if roles[i] != Role::Keep {
            continue;
        }
        if facts[i].dateline {
            roles[i] = Role::Own(BlockKind::Dateline);
        } else if facts[i].breadcrumb {
            roles[i] = Role::Drop(Chrome::Navigation);
        }
    }
    let title = (0..first).find(|&i| roles[i] == Role::Keep);
    if let Some(t) = title {
        if facts[t].title_shaped {
            roles[t] = Role::Own(BlockKind::Title);
        }
    }
    for i in 0..first {
        if roles[i] == Role::Keep && facts[i].by_name {
            roles[i] = Role::Own(BlockKind::Byline);
        }
    }
    // Labels and menu bullets next to chrome are part of it (the player's voice menu): a
    // sweep down from each piece of chrome, then one up.
    let spreads = |f: &Facts| f.label || (f.bullet && f.words <= MAX_LABEL_WORDS && !f.terminal);
    let seed = |role: Role| match role {
        Role::Drop(
            reason @ (Chrome::Player | Chrome::Buttons | Chrome::Navigation | Chrome::CommentForm),
        ) => Some(reason),
        _ => None,
    };
    for i in 1..first {
        if roles[i] == Role::Keep && spreads(&facts[i]) {
            if let Some(reason) = seed(roles[i - 1]) {
                roles[i] = Role::Drop(reason);
            }
        }
    }
    for i in (0..first.saturating_sub(1)).rev() {
        if roles[i] == Role::Keep && spreads(&facts[i]) {
            if let Some(reason) = seed(roles[i + 1]) {
                roles[i] = Role::Drop(reason);
            }
        }
    }
}

/// Among the prose: a "related" box breaks in; its header and headlines go, prose stays.
fn body(facts: &[Facts], roles: &mut [Role], first: usize, end: usize) {
    let mut in_related = false;
    for i in first..=end {
        let f = &facts[i];
        if roles[i] != Role::Keep {
            in_related &= roles[i] == Role::Drop(Chrome::Related);
            continue;
        }
        if f.related_header && f.label_or_heading() {
            roles[i] = Role::Drop(Chrome::Related);
            in_related = true;
        } else if in_related && !f.prose && !f.caption {
            roles[i] = Role::Drop(Chrome::Related);
        } else {
            in_related = false;
        }
    }
}

/// After the article's end: byline, then the page's lists and forms.
fn tail(facts: &[Facts], roles: &mut [Role], end: usize, sure_end: bool) {
    let n = facts.len();
    for j in end + 1..n {
        if roles[j] == Role::Keep && facts[j].tags {
            roles[j] = Role::Drop(Chrome::Navigation);
        }
    }
    let mut i = end + 1;
    // The byline: one or two name-shaped lines right after the end.
    let mut names = 0;
    while i < n && names < 2 {
        match roles[i] {
            Role::Keep if facts[i].name && !facts[i].prose => {
                roles[i] = Role::Own(BlockKind::Byline);
                names += 1;
                i += 1;
            }
            _ => break,
        }
    }
    // From a "related" or comment header on, the rest is the page's.
    let header = (i..n).find(|&j| match roles[j] {
        Role::Keep => {
            let f = &facts[j];
            (f.related_header || f.all_caps_heading) && f.label_or_heading()
        }
        Role::Drop(Chrome::CommentForm | Chrome::Related) => true,
        _ => false,
    });
    if let Some(h) = header {
        // Each header names what follows it, up to the next header.
        let mut reason = Chrome::Related;
        for j in h..n {
            match roles[j] {
                Role::Drop(Chrome::CommentForm) => reason = Chrome::CommentForm,
                Role::Drop(Chrome::Related) => reason = Chrome::Related,
                Role::Keep if facts[j].related_header || facts[j].all_caps_heading => {
                    reason = Chrome::Related;
                }
                _ => {}
            }
            if roles[j] == Role::Keep && (sure_end || !facts[j].prose) {
                roles[j] = Role::Drop(if facts[j].form_label {
                    Chrome::CommentForm
                } else {
                    reason
                });
            }
        }
    }
    // Form labels and the labels around them.
    let mut j = i;
    while j < n {
        let cluster_end = (j..n)
            .find(|&k| !(roles[k] != Role::Keep || (facts[k].label && !facts[k].name)))
            .unwrap_or(n);
        let anchored = (j..cluster_end)
            .any(|k| facts[k].form_label || matches!(roles[k], Role::Drop(Chrome::CommentForm)));
        if anchored {
            for role in &mut roles[j..cluster_end] {
                if *role == Role::Keep {
                    *role = Role::Drop(Chrome::CommentForm);
                }
            }
        }
        j = cluster_end + 1;
    }
}

impl Facts {
    /// Short enough to be a heading and not a sentence.
    fn label_or_heading(&self) -> bool {
        self.words <= 8 && !self.prose
    }
}

/// A leading bullet (`•`, `-`, `*`, `▪`, …) and the rest of the line.
fn strip_bullet(line: &str) -> (bool, &str) {
    let mut chars = line.chars();
    match chars.next() {
        Some('•' | '·' | '▪' | '◦' | '‣' | '►' | '▸' | '-' | '*' | '–' | '+')
            if chars.clone().next().is_some_and(char::is_whitespace) =>
        {
            (true, chars.as_str().trim_start())
        }
        _ => (false, line),
    }
}

/// The line in lower case with separators, counts and punctuation made single spaces:
/// `Bình luận (12)` → `bình luận`.
fn phrase_key(line: &str) -> String {
    let lowered: String = line
        .chars()
        .map(|c| {
            if c.is_alphabetic() || c == '-' {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `key` is nothing but phrases of `vocabulary` (at least one).
fn made_of(key: &str, vocabulary: &[&str]) -> bool {
    let mut rest = key;
    let mut found = false;
    while !rest.is_empty() {
        let next = vocabulary
            .iter()
            .filter(|phrase| {
                rest.strip_prefix(*phrase)
                    .is_some_and(|after| after.is_empty() || after.starts_with(' '))
            })
            .max_by_key(|phrase| phrase.len());
        match next {
            Some(phrase) => {
                rest = rest[phrase.len()..].trim_start();
                found = true;
            }
            None => return false,
        }
    }
    found
}

fn ends_with_any(text: &str, ends: &[char]) -> bool {
    text.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»', '*', ' ', '\u{a0}'])
        .ends_with(ends)
}

fn ends_sentence(text: &str) -> bool {
    ends_with_any(text, &['.', '!', '?', '…', ':', ';'])
}

fn terminal_full_stop(text: &str) -> bool {
    ends_with_any(text, &['.', '!', '?', '…'])
}

/// `0:00/ 0:00`, `00:00 | 03:15`, `▶ 0:00`: times and separators, no letter.
fn is_timer(line: &str) -> bool {
    if line.chars().any(char::is_alphabetic) {
        return false;
    }
    let times = times_in(line);
    let zero = times
        .iter()
        .any(|t| t.chars().all(|c| c == '0' || c == ':'));
    !times.is_empty() && (times.len() >= 2 || zero || line.contains('/'))
}

/// Clock times (`9:48`, `00:03:15`) in `text`.
fn times_in(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_digit() || c == ':'))
        .filter(|token| {
            let parts: Vec<&str> = token.split(':').collect();
            (2..=3).contains(&parts.len())
                && (1..=2).contains(&parts[0].len())
                && parts[1..].iter().all(|p| p.len() == 2)
                && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        })
        .collect()
}

/// `Trang chủ » Thời sự › Xã hội`: short items joined by breadcrumb arrows.
fn is_breadcrumb(line: &str) -> bool {
    let segments: Vec<&str> = line.split(['»', '›', '>', '→']).map(str::trim).collect();
    segments.len() >= 2
        && segments.iter().all(|segment| {
            let words = segment.split_whitespace().count();
            (1..=MAX_LABEL_WORDS).contains(&words)
                && segment.chars().any(char::is_alphabetic)
                && !ends_sentence(segment)
        })
}

/// `Tags: …`, `Từ khóa: …`, `Chủ đề: …`: the page's topic links.
fn is_tags(line: &str, words: usize) -> bool {
    let lower = line.to_lowercase();
    words <= 20
        && [
            "tags",
            "tag",
            "từ khóa",
            "từ khoá",
            "chủ đề",
            "topics",
            "keywords",
        ]
        .iter()
        .any(|label| {
            lower
                .strip_prefix(label)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
}

/// `Xem thêm: …`, `Read more: …`, `>> …`: a link to another article.
fn is_see_also(line: &str, words: usize) -> bool {
    if words > MAX_SEE_ALSO_WORDS {
        return false;
    }
    if let Some(rest) = line.strip_prefix(">>") {
        return !rest.trim().is_empty();
    }
    let lower = line.to_lowercase();
    SEE_ALSO_STARTS.iter().any(|start| {
        lower.strip_prefix(start).is_some_and(|rest| {
            let rest = rest.trim_start();
            (rest.starts_with(':') || rest.starts_with(">>") || rest.starts_with('»'))
                && rest
                    .trim_start_matches([':', '>', '»', ' '])
                    .chars()
                    .any(char::is_alphanumeric)
        })
    })
}

/// A date (with a weekday, a time, `GMT+7`), and little else.
pub(super) fn is_dateline(line: &str) -> bool {
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '|'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() || words.len() > 12 || terminal_full_stop(line.trim_end_matches('.')) {
        return false;
    }
    let numeric_date = words.iter().any(|w| is_numeric_date(w));
    let month_name = words
        .iter()
        .any(|w| MONTHS.contains(&w.trim_end_matches('.')));
    let vietnamese_date = words.windows(2).any(|pair| {
        pair[0] == "tháng" && pair[1].chars().next().is_some_and(|c| c.is_ascii_digit())
    });
    let year = words
        .iter()
        .any(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()));
    let has_date = numeric_date || ((month_name || vietnamese_date) && year);
    let other_words = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .filter(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '+');
            !DATE_WORDS.contains(&w)
                && !MONTHS.contains(&w)
                && !w.starts_with("gmt")
                && !w.starts_with("utc")
                && !w.starts_with("nhật")
        })
        .count();
    has_date && other_words <= 1
}

/// `18/02/2023`, `12/4/2026,`, `2026-04-12`, `6.11.2026`: day, month and year in digits.
fn is_numeric_date(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_ascii_digit());
    for separator in ['/', '-', '.'] {
        let parts: Vec<&str> = word.split(separator).collect();
        if parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        {
            let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
            let day_first = lens[0] <= 2 && lens[1] <= 2 && (lens[2] == 4 || lens[2] == 2);
            let year_first = lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2;
            return day_first || year_first;
        }
    }
    false
}

/// A name (or a source) on a line of its own: `Chung Hòa`, `NGỌC ANH`, `By Jo Marsh`,
/// `Minh Anh (TTXVN)`, `Theo Báo Nhân Dân`.
fn is_name(line: &str, words: usize) -> bool {
    if words == 0 || words > 8 || terminal_full_stop(line) || line.contains(':') {
        return false;
    }
    let lower = line.to_lowercase();
    let line = ["by ", "theo ", "bài và ảnh ", "bài, ảnh "]
        .iter()
        .find_map(|prefix| {
            if lower.starts_with(prefix) {
                line.get(prefix.len()..)
            } else {
                None
            }
        })
        .unwrap_or(line);
    let alphabetic: Vec<&str> = line
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if alphabetic.is_empty() {
        return false;
    }
    let capitalised = alphabetic
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let first_capital = alphabetic[0].chars().next().is_some_and(char::is_uppercase);
    let single_ok = alphabetic.len() > 1 || alphabetic[0].chars().all(|c| !c.is_lowercase());
    first_capital && single_ok && capitalised * 10 >= alphabetic.len() * 6
}

/// A heading in capitals: `CÓ THỂ BẠN QUAN TÂM`.
fn is_all_caps_heading(line: &str, words: usize) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    (2..=8).contains(&words)
        && letters.len() >= 4
        && letters.iter().all(|c| !c.is_lowercase())
        && !terminal_full_stop(line)
}

/// A photo caption: a photo credit (`Ảnh: …`, `(Ảnh minh họa)`, `Photo: …`), or one
/// sentence that ends in the no-break space a figure caption leaves when copied from a page.
fn is_caption(line: &str, raw: &str, words: usize, terminal: bool) -> bool {
    if words == 0 {
        return false;
    }
    let lower = line.to_lowercase();
    let credit = [
        "ảnh:",
        "ảnh :",
        "(ảnh",
        "ảnh minh họa",
        "ảnh minh hoạ",
        "nguồn ảnh",
        "ảnh do",
    ]
    .iter()
    .any(|marker| contains_word(&lower, marker))
        || [
            "photo:",
            "(photo",
            "photo by",
            "photograph:",
            "image:",
            "picture:",
            "credit:",
        ]
        .iter()
        .any(|marker| contains_word(&lower, marker));
    let raw = raw.trim_end_matches([' ', '\t', '\r']);
    let nbsp_caption = raw.ends_with('\u{a0}')
        && terminal
        && words <= 40
        && line
            .trim_end_matches(['.', '!', '?', '…'])
            .chars()
            .filter(|&c| matches!(c, '.' | '!' | '?'))
            .count()
            == 0;
    credit || nbsp_caption
}

/// Whether `needle` occurs in `haystack` at the start of a word.
fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(at, _)| {
        haystack[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::super::plain;
    use super::*;

    type Kept = Vec<(BlockKind, String)>;
    type Dropped = Vec<(Chrome, String)>;

    /// (kept text with its kind, dropped text with its reason)
    fn run(text: &str, skip_captions: bool) -> (Kept, Dropped) {
        let lines = plain::units(text, plain::lines(text));
        let roles = classify(text, &lines, skip_captions);
        let (blocks, removed) = plain::assemble(text, &lines, &roles);
        (
            blocks
                .into_iter()
                .map(|b| (b.kind, text[b.span].to_string()))
                .collect(),
            removed
                .into_iter()
                .map(|r| (r.reason, text[r.span].to_string()))
                .collect(),
        )
    }

    #[test]
    fn a_text_that_is_only_chrome_is_read() {
        let (kept, dropped) = run("00:00", false);
        assert_eq!(kept, [(BlockKind::Paragraph, "00:00".to_string())]);
        assert!(dropped.is_empty());
        let (kept, _) = run("Chia sẻ\n—\n", false);
        assert_eq!(kept, [(BlockKind::Paragraph, "Chia sẻ".to_string())]);
        // With something else to read, the timer is the player's.
        let (kept, dropped) = run("Tin mới\n0:00/ 0:00\nMưa to.", false);
        assert_eq!(kept.len(), 2, "{kept:?}");
        assert_eq!(dropped, [(Chrome::Player, "0:00/ 0:00".to_string())]);
    }

    #[test]
    fn timers() {
        assert!(is_timer("0:00/ 0:00"));
        assert!(is_timer("00:00 | 03:15"));
        assert!(is_timer("▶ 0:00"));
        assert!(!is_timer("09:48"));
        assert!(!is_timer("Lúc 0:00 / 0:00"));
        assert!(!is_timer("12/4"));
    }

    #[test]
    fn datelines() {
        for line in [
            "Thứ bảy, 18/02/2023 09:48",
            "Chủ nhật, 12/4/2026, 07:30 (GMT+7)",
            "28/04/2026 10:05 GMT+7",
            "2 March 2026",
            "Updated: March 2, 2026",
            "Thứ hai, ngày 6 tháng 11 năm 2026",
            "2026-04-12 07:30",
        ] {
            assert!(is_dateline(line), "{line}");
        }
        for line in [
            "Tối 17/2, tại TP Hải Dương, hai tỉnh ký kết hợp tác.",
            "Ngày 17/2",
            "Hội nghị diễn ra ngày 18/02/2023 tại Hà Nội",
        ] {
            assert!(!is_dateline(line), "{line}");
        }
    }

    #[test]
    fn names() {
        for line in [
            "Chung Hòa",
            "NGỌC ANH",
            "By Jo Marsh",
            "Minh Anh (TTXVN)",
            "Theo Báo Nhân Dân",
        ] {
            assert!(is_name(line, line.split_whitespace().count()), "{line}");
        }
        for line in ["Họ và tên", "Hết.", "hẹn gặp lại", "Email: a@b.vn"] {
            assert!(!is_name(line, line.split_whitespace().count()), "{line}");
        }
    }

    #[test]
    fn vocabulary_is_matched_by_whole_phrases() {
        assert!(made_of(
            &phrase_key("Chia sẻ | In bài | Gửi email"),
            BUTTONS
        ));
        assert!(made_of(&phrase_key("Bình luận (12)"), COMMENT_HEADERS));
        assert!(!made_of(&phrase_key("Chia sẻ kinh nghiệm"), BUTTONS));
        assert!(!made_of(&phrase_key("Inbox"), BUTTONS));
        assert!(!made_of("", BUTTONS));
    }

    #[test]
    fn see_also_lines() {
        assert!(is_see_also("Xem thêm: Giá vàng tăng mạnh", 5));
        assert!(is_see_also("Read more: Bridge closure extended", 5));
        assert!(is_see_also(">> Giá xăng giảm lần thứ ba", 6));
        assert!(!is_see_also("Xem thêm các ý kiến của chuyên gia.", 7));
        assert!(!is_see_also("Related: ", 1));
    }

    #[test]
    fn player_and_form_around_an_article() {
        let text = "Chợ nổi Cái Răng vào mùa lễ hội\n\n\
                    Thứ sáu, 10/04/2026 08:00\n\
                    0:00/ 0:00\n\
                    Giọng nữ\n\
                    \u{2022} Giọng nữ\n\
                    \u{2022} Giọng nam\n\
                    (CT) - Sáng nay, chợ nổi Cái Răng đón hàng nghìn du khách đến tham quan trong ngày hội.\n\
                    Ghe thuyền đầy trái cây neo kín một khúc sông, người bán rao hàng từ sáng sớm.\n\n\
                    Ban tổ chức cho biết lễ hội sẽ kéo dài ba ngày với nhiều hoạt động văn hóa./.\n\n\
                    Bảo Ngọc\n\n\
                    TIN LIÊN QUAN\n\n\
                    Du lịch đường sông khởi sắc\n\
                    Ý kiến bình luận\n\
                    Họ và tên\n\
                    Email\n\
                    /\n";
        let (kept, dropped) = run(text, false);
        let kinds: Vec<BlockKind> = kept.iter().map(|k| k.0).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Title,
                BlockKind::Dateline,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Byline
            ],
            "{kept:#?}"
        );
        let reasons: Vec<(Chrome, &str)> = dropped.iter().map(|(r, t)| (*r, t.as_str())).collect();
        assert_eq!(
            reasons,
            [
                (Chrome::Player, "0:00/ 0:00"),
                (Chrome::Player, "Giọng nữ"),
                (Chrome::Player, "\u{2022} Giọng nữ"),
                (Chrome::Player, "\u{2022} Giọng nam"),
                (Chrome::Related, "TIN LIÊN QUAN"),
                (Chrome::Related, "Du lịch đường sông khởi sắc"),
                (Chrome::CommentForm, "Ý kiến bình luận"),
                (Chrome::CommentForm, "Họ và tên"),
                (Chrome::Buttons, "Email"),
                (Chrome::Punctuation, "/"),
            ]
        );
    }

    #[test]
    fn related_box_inside_the_body_keeps_the_prose_after_it() {
        let text = "Cầu mới nối hai bờ sông Hàn\n\n\
                    Cây cầu dài 600 mét được khánh thành sáng nay sau hai năm thi công.\n\
                    Tin liên quan\n\
                    Đà Nẵng mở thêm tuyến xe buýt ven biển\n\
                    Giá đất quanh cầu tăng mạnh\n\
                    Theo chủ đầu tư, cầu giúp rút ngắn thời gian đi lại giữa hai quận khoảng 15 phút.\n";
        let (kept, dropped) = run(text, false);
        assert_eq!(kept.len(), 3, "{kept:#?}");
        assert!(kept[2].1.starts_with("Theo chủ đầu tư"));
        assert_eq!(dropped.len(), 3);
        assert!(dropped.iter().all(|d| d.0 == Chrome::Related));
    }

    #[test]
    fn captions_by_credit_and_by_no_break_space() {
        let text = "Lễ hội hoa xuân\n\n\
                    Hàng nghìn người dân đã đến công viên để ngắm hoa trong ngày khai mạc lễ hội.\n\
                    Du khách chụp ảnh bên vườn hoa tulip.\u{a0}\n\
                    Ban tổ chức cho biết năm nay có hơn 50 loài hoa được trưng bày tại lễ hội.\n\
                    Một góc vườn hoa trong công viên. (Ảnh: Hà Linh)\n\
                    Lễ hội kéo dài đến hết ngày 15/2 và mở cửa miễn phí cho mọi người dân.\n";
        let (kept, _) = run(text, false);
        let captions: Vec<&str> = kept
            .iter()
            .filter(|k| k.0 == BlockKind::Caption)
            .map(|k| k.1.as_str())
            .collect();
        assert_eq!(
            captions,
            [
                "Du khách chụp ảnh bên vườn hoa tulip.",
                "Một góc vườn hoa trong công viên. (Ảnh: Hà Linh)"
            ]
        );
        let (kept, dropped) = run(text, true);
        assert!(kept.iter().all(|k| k.0 != BlockKind::Caption));
        assert_eq!(dropped.len(), 2);
        assert!(dropped.iter().all(|d| d.0 == Chrome::Caption));
    }

    #[test]
    fn short_texts_lose_only_certain_chrome() {
        let (kept, dropped) = run("Tin mới.\n•\n/\nHết.", false);
        assert_eq!(kept.len(), 2);
        assert_eq!(dropped.len(), 2);
        let (kept, dropped) = run("Bối cảnh\nGiọng nữ\nNhạc nền", false);
        assert_eq!(kept.len(), 3);
        assert!(dropped.is_empty());
    }

    #[test]
    fn hard_wrapped_text_is_judged_by_paragraph() {
        let text = "The council met on Tuesday and\n\
                    voted on the budget, which passed after\n\
                    a long debate about the new library.\n\
                    Ruth Okafor said\n\
                    she was pleased with the result of the vote.\n";
        let (kept, dropped) = run(text, false);
        assert!(dropped.is_empty());
        assert_eq!(kept.len(), 2, "{kept:#?}");
        assert!(
            kept.iter().all(|k| k.0 == BlockKind::Paragraph),
            "{kept:#?}"
        );
    }

    #[test]
    fn a_comment_heading_inside_an_article_does_not_end_it() {
        let text = "Trận chung kết hấp dẫn\n\n\
                    Đội chủ nhà đã giành chiến thắng với tỉ số 2-1 sau một trận đấu kịch tính.\n\
                    Bình luận\n\
                    Chiến thắng này giúp đội bóng lần đầu tiên lên ngôi vô địch sau mười năm chờ đợi.\n\
                    Huấn luyện viên trưởng cho biết toàn đội sẽ được nghỉ ngơi một tuần trước mùa giải mới.\n";
        let (kept, dropped) = run(text, false);
        assert_eq!(dropped, [(Chrome::CommentForm, "Bình luận".to_string())]);
        assert_eq!(kept.len(), 4);
    }

    #[test]
    fn labels_in_the_body_are_kept() {
        // Subheadings and short list items among the prose are the article's.
        let text = "Các địa phương tham gia chương trình đã được công bố trong sáng nay.\n\
                    \u{2022} Hà Nội\n\
                    \u{2022} Hải Phòng\n\
                    Bối cảnh\n\
                    Chương trình được khởi động từ năm ngoái với sự hỗ trợ của nhiều tổ chức.\n";
        let (kept, dropped) = run(text, false);
        assert!(dropped.is_empty(), "{dropped:?}");
        assert_eq!(kept.len(), 5);
    }
}
