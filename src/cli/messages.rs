//! The messages a listener sees while reading, in their language: English or Vietnamese,
//! from Fluent files (`i18n/en/docbao.ftl`, `i18n/vi/docbao.ftl`) compiled into the binary.
//! The language is the config file's `language`, else the locale's (`LC_ALL`, else
//! `LC_MESSAGES`, else `LANG`: `vi…` is Vietnamese), else English.

use std::sync::OnceLock;

use docbao::config::MessageLanguage;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

/// The languages docbao speaks to its listener in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    En,
    Vi,
}

const EN: &str = include_str!("../../i18n/en/docbao.ftl");
const VI: &str = include_str!("../../i18n/vi/docbao.ftl");

static CHOSEN: OnceLock<Language> = OnceLock::new();

/// Settles the language for the rest of the run: the config's choice, or the locale's. Only
/// the first call counts.
pub fn choose(setting: Option<MessageLanguage>) {
    let language = match setting {
        Some(MessageLanguage::En) => Language::En,
        Some(MessageLanguage::Vi) => Language::Vi,
        Some(MessageLanguage::Auto) | None => from_locale(|name| std::env::var(name).ok()),
    };
    let _ = CHOSEN.set(language);
}

/// The language of the messages (the locale's until [`choose`] is called).
pub fn language() -> Language {
    *CHOSEN.get_or_init(|| from_locale(|name| std::env::var(name).ok()))
}

/// The locale's language for messages, with the standard precedence: the first of `LC_ALL`,
/// `LC_MESSAGES`, `LANG` that is set and not empty decides.
pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Language {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(var)
        .find(|value| !value.is_empty());
    match locale {
        Some(locale) if locale.to_ascii_lowercase().starts_with("vi") => Language::Vi,
        _ => Language::En,
    }
}

fn bundle(language: Language) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| [make(EN, "en"), make(VI, "vi")]);
    match language {
        Language::En => &bundles[0],
        Language::Vi => &bundles[1],
    }
}

/// A bundle of `source`; what does not parse is left out (a unit test sees that nothing is).
fn make(source: &str, tag: &str) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks: they would reach pipes and braille displays as noise.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(res, _)| res);
    let _ = bundle.add_resource(resource);
    bundle
}

/// Message `id` in the listener's language, with `args`; the English one when the language
/// lacks it, and `id` itself if neither has it (never a panic).
pub fn text(id: &str, args: Option<&FluentArgs>) -> String {
    text_in(language(), id, args)
}

/// Message `id` in `language`.
pub fn text_in(language: Language, id: &str, args: Option<&FluentArgs>) -> String {
    for bundle in [bundle(language), bundle(Language::En)] {
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned();
        }
    }
    id.to_string()
}

/// `tr!("paused-at", at = "0:42")`: a message in the listener's language.
macro_rules! tr {
    ($id:literal) => {
        $crate::messages::text($id, None)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = fluent_bundle::FluentArgs::new();
        $( args.set(stringify!($name), $value); )+
        $crate::messages::text($id, Some(&args))
    }};
}
pub(crate) use tr;

/// A decimal number as the language writes it: `1.5` in English, `1,5` in Vietnamese.
pub fn decimal(text: &str) -> String {
    match language() {
        Language::En => text.to_string(),
        Language::Vi => text.replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids of `source`'s messages, after checking that it parses whole.
    fn ids(source: &str) -> Vec<String> {
        if let Err((_, errors)) = FluentResource::try_new(source.to_string()) {
            panic!("the messages do not parse: {errors:?}");
        }
        let mut ids: Vec<String> = source
            .lines()
            .filter_map(|line| line.split_once(" = ").map(|(id, _)| id))
            .filter(|id| {
                id.starts_with(|c: char| c.is_ascii_lowercase())
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            .map(str::to_string)
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn both_languages_parse_and_have_the_same_messages() {
        assert_eq!(ids(EN), ids(VI));
        assert!(ids(EN).len() > 50);
    }

    #[test]
    fn messages_are_formatted_in_each_language() {
        let mut args = FluentArgs::new();
        args.set("number", 5);
        args.set("count", 37);
        assert_eq!(
            text_in(Language::En, "sentence-number", Some(&args)),
            "sentence 5 of 37"
        );
        assert_eq!(
            text_in(Language::Vi, "sentence-number", Some(&args)),
            "Câu 5 trên 37"
        );
        let mut one = FluentArgs::new();
        one.set("n", 1);
        assert_eq!(text_in(Language::En, "minutes", Some(&one)), "1 minute");
        let mut eight = FluentArgs::new();
        eight.set("n", 8);
        assert_eq!(text_in(Language::En, "minutes", Some(&eight)), "8 minutes");
        assert_eq!(text_in(Language::Vi, "minutes", Some(&eight)), "8 phút");
        let mut refusal = FluentArgs::new();
        refusal.set("asked", 99);
        refusal.set("count", 1);
        assert_eq!(
            text_in(Language::Vi, "no-such-sentence", Some(&refusal)),
            "Không có câu 99; bài chỉ có 1 câu: chọn câu 1"
        );
        assert_eq!(
            text_in(Language::En, "keys-4", None),
            "[ ]       slower / faster; Backspace: normal speed     9 0  volume down / up; m: mute"
        );
        assert_eq!(text_in(Language::Vi, "finished", None), "Đã đọc xong");
        assert_eq!(text_in(Language::Vi, "no-such-id", None), "no-such-id");
    }

    #[test]
    fn the_locale_follows_the_standard_precedence() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(from_locale(env(&[("LANG", "vi_VN.UTF-8")])), Language::Vi);
        assert_eq!(from_locale(env(&[("LANG", "C")])), Language::En);
        assert_eq!(from_locale(env(&[])), Language::En);
        assert_eq!(
            from_locale(env(&[
                ("LANG", "vi_VN.UTF-8"),
                ("LC_MESSAGES", "en_US.UTF-8")
            ])),
            Language::En
        );
        assert_eq!(
            from_locale(env(&[
                ("LANG", "en_US.UTF-8"),
                ("LC_MESSAGES", "en_US.UTF-8"),
                ("LC_ALL", "vi_VN")
            ])),
            Language::Vi
        );
        assert_eq!(
            from_locale(env(&[("LC_ALL", ""), ("LANG", "vi")])),
            Language::Vi
        );
    }
}
