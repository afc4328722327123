//! E-mail addresses, web addresses, domains, hashtags and handles, read as Vietnamese listeners
//! expect: `ban@toasoan.vn` → *ban a còng toasoan chấm vê en*, `https://baomoi.com/tin` →
//! *baomoi chấm com gạch chéo tin*, `#Tết` → *hashtag Tết*, `@docbao` → *a còng docbao*.
//!
//! Words are kept as written (the voice reads them); short parts such as `vn`, `www` and single
//! letters are spelled with Vietnamese letter names; other parts are read as words of their own
//! (`VTV24` → *vê tê vê hai mươi tư*).

use super::abbreviations::spell;

/// Top-level domains that make `name.tld` a domain.
const TLDS: &[&str] = &[
    "vn", "com", "net", "org", "gov", "edu", "info", "io", "co", "uk", "us", "jp", "kr", "cn",
    "fr", "de", "ru", "au", "sg", "tv", "me", "app", "dev", "biz", "asia", "int", "mil", "ai",
];

/// Short parts said as words rather than spelled.
fn said(part: &str) -> Option<&'static str> {
    Some(match part {
        "vn" => "vê en",
        "com" => "com",
        "net" => "nét",
        "gov" => "gốp",
        "edu" => "e đu",
        "info" => "in phô",
        "asia" => "a xi a",
        "app" => "áp",
        "dev" => "đép",
        _ => return None,
    })
}

fn is_domain(text: &str) -> bool {
    let Some((name, tld)) = text.rsplit_once('.') else {
        return false;
    };
    TLDS.contains(&tld.to_ascii_lowercase().as_str())
        && !name.is_empty()
        && name
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && name.chars().any(|c| c.is_ascii_alphabetic())
}

/// A letter of the Latin script (with Vietnamese letters) or a digit.
fn latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ('\u{00C0}'..='\u{024F}').contains(&c)
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// Reads `core` if it is an e-mail address, a web address, a domain, a hashtag or a handle.
pub(super) fn read(core: &str) -> Option<String> {
    if let Some(tag) = core.strip_prefix('#') {
        if tag.chars().next().is_some_and(char::is_alphabetic)
            && tag.chars().all(|c| latin(c) || c == '_')
        {
            return Some(format!("hashtag {}", parts(tag)));
        }
        return None;
    }
    if let Some(handle) = core.strip_prefix('@') {
        if handle
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && handle
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            return Some(format!("a còng {}", parts(handle)));
        }
        return None;
    }
    // Most words are not addresses: they hold no `.`, `@` or `:`.
    if !core.contains(['.', '@', ':']) {
        return None;
    }
    let lower = core.to_ascii_lowercase();
    let address = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.starts_with(scheme).then(|| &core[scheme.len()..]));
    if let Some(rest) = address {
        return (!rest.is_empty()).then(|| parts(rest));
    }
    if let Some((user, domain)) = core.split_once('@') {
        if !user.is_empty()
            && user
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
            && is_domain(domain)
        {
            return Some(parts(core));
        }
        return None;
    }
    let host = core.split('/').next().unwrap_or_default();
    if lower.starts_with("www.") || is_domain(host) {
        return Some(parts(core));
    }
    None
}

/// Reads an address part by part.
fn parts(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut Vec<String>| {
        if run.is_empty() {
            return;
        }
        let lower = run.to_ascii_lowercase();
        let spoken = if let Some(word) = said(&lower) {
            word.to_string()
        } else if lower == "www"
            || TLDS.contains(&lower.as_str())
            || (run.chars().count() == 1 && run.chars().all(char::is_alphabetic))
            // `mcv.com`: a part that could be read as a Roman numeral is spelled.
            || (run.bytes().all(|b| b.is_ascii_alphabetic())
                && super::ordinals::roman(&run.to_ascii_uppercase()).is_some())
        {
            spell(run).unwrap_or_else(|| run.clone())
        } else {
            // Any other part is read as a word of its own (`VTV24`, `vv`), so that reading the
            // result again changes nothing; a name keeps its capital (`Tuoitre`).
            let mut spoken = super::normalize(run);
            let name = run.chars().next().is_some_and(char::is_uppercase)
                && run.chars().any(char::is_lowercase);
            if !name && let Some(first) = spoken.chars().next() {
                let lower: String = first.to_lowercase().collect();
                spoken.replace_range(..first.len_utf8(), &lower);
            }
            spoken
        };
        out.push(spoken);
        run.clear();
    };
    for c in text.chars() {
        let word = match c {
            '.' => "chấm",
            '@' => "a còng",
            '/' => "gạch chéo",
            '-' => "gạch ngang",
            '_' => "gạch dưới",
            ':' | '?' | '=' | '&' | '#' | '%' | '+' | '~' => "",
            c => {
                run.push(c);
                continue;
            }
        };
        flush(&mut run, &mut out);
        if !word.is_empty() {
            out.push(word.to_string());
        }
    }
    flush(&mut run, &mut out);
    // `https://site.vn/`: a trailing slash is not read.
    if out.last().is_some_and(|w| w == "gạch chéo") {
        out.pop();
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(
            read("ban@toasoan.vn").unwrap(),
            "ban a còng toasoan chấm vê en"
        );
        assert_eq!(read("baomoi.com").unwrap(), "baomoi chấm com");
        assert_eq!(read("Tuoitre.vn").unwrap(), "Tuoitre chấm vê en");
        assert_eq!(
            read("https://vnexpress.net/thoi-su").unwrap(),
            "vnexpress chấm nét gạch chéo thoi gạch ngang su"
        );
        assert_eq!(
            read("www.chinhphu.vn").unwrap(),
            "vê kép vê kép vê kép chấm chinhphu chấm vê en"
        );
        assert_eq!(read("#Tết").unwrap(), "hashtag Tết");
        assert_eq!(read("@docbao").unwrap(), "a còng docbao");
        assert_eq!(read("#VTV24").unwrap(), "hashtag vê tê vê hai mươi tư");
    }

    #[test]
    fn what_is_not_an_address() {
        assert_eq!(read("TP.HCM"), None);
        assert_eq!(read("v.v"), None);
        assert_eq!(read("1.5"), None);
        assert_eq!(read("#"), None);
        assert_eq!(read("a@b"), None);
    }
}
