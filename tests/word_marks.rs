//! Word marks from libespeak-ng: in order, inside their sentence, on word boundaries of the
//! spoken text.

use docbao::{Document, RenderOptions, Voices};

#[test]
fn word_marks_follow_the_spoken_text() {
    for (text, voice) in [
        (
            "Hôm nay trời đẹp. Chúng tôi đi dạo quanh hồ Hoàn Kiếm, rồi ăn phở.",
            "vi-female",
        ),
        (
            "The library reopened on Monday. Visitors queued outside before nine.",
            "en-male",
        ),
    ] {
        let doc = Document::from_text(text, None).unwrap();
        let voice = Voices::builtin().find(voice).unwrap();
        let rendering = docbao::render(&doc, &voice, &RenderOptions::default()).unwrap();
        for timed in &rendering.timeline.sentences {
            let words: Vec<&str> = timed
                .words
                .iter()
                .map(|w| &timed.spoken[w.spoken.clone()])
                .collect();
            let expected: Vec<&str> = timed
                .spoken
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .collect();
            assert_eq!(words, expected, "words of {:?}", timed.spoken);
            assert!(
                timed.words.windows(2).all(|w| w[0].start < w[1].start),
                "marks out of order"
            );
            assert!(
                timed
                    .words
                    .iter()
                    .all(|w| (timed.start..timed.end).contains(&w.start)),
                "mark outside its sentence"
            );
        }
    }
}
