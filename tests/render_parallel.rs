//! An espeak voice says each sentence the same whatever came before it, so a render made on
//! several cores is the single-core render, sample for sample.

mod common;

use common::{Sandbox, fixture, stderr};
use docbao::{Document, RenderOptions, Voices};

/// libespeak-ng keeps state from one utterance to the next (its pitch flutter, gain, echo):
/// a sentence said after another used to come out a few ms longer or shorter, and different
/// from its first sample.
#[test]
fn a_sentence_sounds_the_same_after_any_other() {
    let voice = Voices::builtin().find("vi-female").unwrap();
    let last = "Giá xăng tăng mạnh trong tháng mười hai.";
    let texts = [
        last.to_string(),
        format!("Hôm nay trời nắng đẹp, nhiều người đi chơi ở công viên.\n\n{last}"),
        format!("Một.\n\nHai ba bốn năm sáu bảy tám chín mười.\n\n{last}"),
    ];
    let mut heard = Vec::new();
    for text in &texts {
        let doc = Document::from_text(text.as_str(), None).unwrap();
        let rendering = docbao::render(&doc, &voice, &RenderOptions::default()).unwrap();
        let sentence = rendering.timeline.sentences.last().unwrap();
        assert_eq!(sentence.sentence.text, last);
        heard.push(rendering.samples[sentence.start as usize..sentence.end as usize].to_vec());
    }
    assert!(heard[0].len() > 22_050, "{} samples", heard[0].len());
    for (i, samples) in heard.iter().enumerate().skip(1) {
        assert_eq!(samples.len(), heard[0].len(), "text {i}: another length");
        assert!(samples == &heard[0], "text {i}: other samples");
    }
}

#[test]
fn a_render_on_several_cores_is_the_single_core_render() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-article.txt");
    let mut files = Vec::new();
    for threads in ["1", "2", "3"] {
        let out = format!("t{threads}.wav");
        let srt = format!("t{threads}.srt");
        let output = sandbox.run(&[
            "render",
            article.to_str().unwrap(),
            "-o",
            &out,
            "--subtitles",
            &srt,
            "--threads",
            threads,
            "--quiet",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        files.push((
            std::fs::read(sandbox.path(&out)).unwrap(),
            std::fs::read_to_string(sandbox.path(&srt)).unwrap(),
        ));
    }
    assert!(files[0].0.len() > 100_000, "{} bytes", files[0].0.len());
    for (i, (audio, subtitles)) in files.iter().enumerate().skip(1) {
        assert!(audio == &files[0].0, "--threads {}: other audio", i + 1);
        assert_eq!(
            subtitles,
            &files[0].1,
            "--threads {}: other subtitles",
            i + 1
        );
    }
}
