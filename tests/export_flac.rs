//! `.flac` is lossless: what ffmpeg decodes from the file, and from a FLAC stream on standard
//! output, is the WAV render sample for sample; the file carries the title, the language and a
//! chapter per section heading, and takes well under the WAV's size.
#![cfg(unix)]

mod common;

use common::probe::{chapters, decoded_samples, probe, tag};
use common::{Sandbox, decode, fixture, stderr};

#[test]
fn flac_decodes_to_the_wav_s_samples_with_tags_and_chapters() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-sections.txt").display().to_string();
    for name in ["sections.wav", "SECTIONS.FLAC"] {
        let output = sandbox.run(&["render", "-q", &article, "-o", name]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
    }
    let flac = sandbox.path("SECTIONS.FLAC");
    assert_eq!(&std::fs::read(&flac).unwrap()[..4], b"fLaC");
    let (rate, wav) = decode(&sandbox.path("sections.wav"));
    let Some(decoded) = decoded_samples(&flac) else {
        return;
    };
    assert!(wav.len() > rate as usize * 5, "{} samples", wav.len());
    assert_eq!(decoded.len(), wav.len(), "length in samples");
    assert!(decoded == wav, "the FLAC's samples differ from the WAV's");

    let json = probe(&flac).unwrap();
    assert_eq!(json["streams"][0]["codec_name"], "flac", "{json}");
    assert_eq!(
        json["streams"][0]["sample_rate"].as_str(),
        Some(rate.to_string().as_str())
    );
    assert_eq!(
        tag(&json, "title").as_deref(),
        Some("Thị trấn ven sông chuẩn bị đón mùa nước nổi")
    );
    assert!(tag(&json, "encoder").is_some_and(|e| e.contains("docbao")));
    let names: Vec<String> = chapters(&json).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(names[1], "Gia cố bờ kè");

    let (flac_len, wav_len) = (
        std::fs::metadata(&flac).unwrap().len(),
        std::fs::metadata(sandbox.path("sections.wav"))
            .unwrap()
            .len(),
    );
    assert!(
        flac_len * 10 <= wav_len * 7,
        "FLAC {flac_len} bytes, WAV {wav_len} bytes"
    );
}

#[test]
fn a_flac_stream_on_standard_output_is_the_same_audio() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-sections.txt").display().to_string();
    let rendered = sandbox.run(&["render", "-q", &article, "-o", "ref.wav"]);
    assert!(rendered.status.success(), "{}", stderr(&rendered));
    let output = sandbox.run(&[
        "render",
        "-q",
        &article,
        "-o",
        "-",
        "--audio-format",
        "flac",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.starts_with(b"fLaC"));
    let saved = sandbox.path("streamed.flac");
    std::fs::write(&saved, &output.stdout).unwrap();
    let Some(decoded) = decoded_samples(&saved) else {
        return;
    };
    let (_, wav) = decode(&sandbox.path("ref.wav"));
    assert_eq!(decoded.len(), wav.len(), "length in samples");
    assert!(
        decoded == wav,
        "the streamed FLAC's samples differ from the WAV's"
    );
    // FLAC is lossless: a bit rate is refused in one sentence.
    let output = sandbox.run(&["render", "-q", &article, "-o", "x.flac", "--bitrate", "64k"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("docbao: a bit rate applies to Opus and MP3 only, not to FLAC"),
        "{}",
        stderr(&output)
    );
    assert!(!sandbox.path("x.flac").exists());
}
