//! Properties of the text front end on arbitrary input: no panic, spans that point into the
//! source, sentences in order, Vietnamese output without digits and stable under a second pass.

use docbao::{Document, Lang, text};
use proptest::prelude::*;

fn check(bytes: &[u8]) {
    let Ok(doc) = Document::from_bytes(bytes, None, "input") else {
        return;
    };
    let source = doc.text();
    let mut last_end = 0;
    for (i, sentence) in text::segment(&doc).iter().enumerate() {
        assert_eq!(sentence.index, i);
        assert!(sentence.span.start >= last_end, "sentences overlap");
        let slice = source
            .get(sentence.span.clone())
            .expect("span on char boundaries");
        assert_eq!(
            slice.split_whitespace().collect::<Vec<_>>().join(" "),
            sentence.text
        );
        assert!(sentence.text.chars().any(char::is_alphanumeric));
        last_end = sentence.span.end;
        let spoken = text::normalize(&sentence.text, doc.lang());
        assert_eq!(
            text::normalize(&spoken, doc.lang()),
            spoken,
            "normalize is idempotent"
        );
    }
}

/// Inputs fuzzing found, kept as tests.
#[test]
fn fuzz_findings() {
    check("VVVVVVVVVVVVVVVVVĐV VV VVVVVVVVVVVVVVVVV\n\nVVVVV\nVV Đ VF 9+< VF3, Toy-ta 5F 9+< VF3, Toy-ta 5G.".as_bytes());
    for text in [
        "Khởi t vụJ<! § v.\u{b}4.",
        "§ v.",
        "QH xv họp",
        "# IV",
        "Trời 25° C.",
        "( -Q.8,0TP.HCMVăn A. (-Q.9",
        "Theo NgChiềuyết định 123/QĐ)-`BNcấpD, Thône tơ 0\n=>9/2023/T)-BGDĐT.",
        "4 S.",
        "River 8.-2 milldi\u{7f}ng nohw as a l 8.-2 milr 8.-2 m2 milli Re\n",
        "#ZZZZZZZZde L.\n",
        "@Zde L. mới",
        "4/Nội\u{1}\u{1}A.",
        "4/Nội A.",
        "y\nThứ, 0/>.",
        "y\nThứ,, 0/&",
        "TS h.ThS., thành phố HÙi m\u{17fb}gửi thoHà~hS.e",
        "vv/v",
        "MmMMMMMMMM5MMM/M-MMMM5anMMMmMM1MjMMMMM",
    ] {
        check(text.as_bytes());
        let spoken = text::normalize(text, &Lang::Vi);
        assert!(
            !spoken.bytes().any(|b| b.is_ascii_digit()),
            "{text:?} → {spoken:?}"
        );
        assert_eq!(text::normalize(&spoken, &Lang::Vi), spoken, "{text:?}");
    }
    let shouted = text::normalize("VVVV ĐV VV VVVV", &Lang::Vi);
    assert_eq!(text::normalize(&shouted, &Lang::Vi), shouted);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check(&bytes);
    }

    #[test]
    fn any_text(text in "\\PC{0,300}") {
        check(text.as_bytes());
    }

    #[test]
    fn vietnamese_output_has_no_digit_and_is_stable(text in "\\PC{0,200}") {
        let spoken = text::normalize(&text, &Lang::Vi);
        prop_assert!(!spoken.bytes().any(|b| b.is_ascii_digit()), "{:?} → {:?}", text, spoken);
        prop_assert_eq!(text::normalize(&spoken, &Lang::Vi), spoken.clone());
    }

    #[test]
    fn news_rules_in_any_order(text in "([0-9]{1,3}(k|tr|tr[0-9]|p|s|g|h|h[0-9]{2}p?|kg|v|gb|cc|₫|\\$)|[0-9]{2}[A-Z]-[0-9]{3}\\.[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}(kg)?|-?[0-9]/[0-9]|[IVXLCM]{1,4}|[ivx]{1,3}|[a-z]{2,5}@[a-z]{2,5}\\.vn|[a-z]{3,6}\\.(com|vn)|#[A-Za-z]{1,5}[0-9]?|@[a-z]{2,5}|[±≥~×x&+=]|\\[[0-9]\\]|(thắng|hòa|lúc|chiếm|Công ty|thuế|Q\\.|p\\.|TP\\.|ĐT|thế kỷ|chương|Boeing|iPhone|trong đó|Thứ Hai|\\(|\\)) |[0-9]{1,2}[-.][0-9]{1,2}|[A-Z]\\.[A-Z]\\.|[.,;:]| ){0,60}") {
        let spoken = text::normalize(&text, &Lang::Vi);
        prop_assert!(!spoken.bytes().any(|b| b.is_ascii_digit()), "{:?} → {:?}", text, spoken);
        prop_assert_eq!(text::normalize(&spoken, &Lang::Vi), spoken.clone());
        check(text.as_bytes());
    }

    #[test]
    fn news_like_text(text in "([A-ZĐ][a-zàáạảãâầấậẩẫăằắặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]{0,8}|[0-9]{1,4}[./,:h%-]?|[0-9]{1,2}[/.-][0-9]{1,2}([/.-][0-9]{2,4})?|[A-ZĐ]{2,5}|(thứ|quý|ngày|tháng|khóa) |km|USD|\\$|[.!?…\"“”()/,;:]|\\.\\/\\.| |\n|\n\n){0,80}") {
        check(text.as_bytes());
        if let Ok(doc) = Document::from_text(text.clone(), Some(Lang::Vi)) {
            for sentence in text::segment(&doc) {
                let spoken = text::normalize(&sentence.text, &Lang::Vi);
                prop_assert!(!spoken.bytes().any(|b| b.is_ascii_digit()), "{:?} → {:?}", sentence.text, spoken);
                prop_assert_eq!(text::normalize(&spoken, &Lang::Vi), spoken.clone());
            }
        }
    }
}
