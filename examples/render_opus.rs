//! Render an article to an Ogg Opus file with tags and chapters, the way an embedder would,
//! and print the chapters written.
//!
//! ```sh
//! cargo run --example render_opus                                  # the project's example article
//! cargo run --example render_opus -- article.txt article.opus      # any text or HTML file
//! ffprobe -hide_banner article.opus                                # the tags and chapters
//! ```
//!
//! The chapters are the article's section headings; an article without any gets one chapter
//! per paragraph here, to show chapters of one's own. When the headings are all one wants,
//! one call does it all: `renderer.render_to_files_with(&doc, path, None, &AudioSettings {
//! tags: Some(tags), ..Default::default() }, &mut |_| {})`.

use std::path::PathBuf;
use std::time::Duration;

use docbao::{
    AudioFormat, AudioOutput, BlockKind, Chapter, Document, Encoding, OutputFile, RenderOptions,
    Renderer, Tags, Voices,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let input = args
        .next()
        .unwrap_or_else(|| "examples/articles/vi-thu-vien.txt".into());
    let output = args
        .next()
        .unwrap_or_else(|| std::env::temp_dir().join("docbao-example.opus"));

    // The article, and the voice docbao would choose for its language.
    let doc = Document::from_path(&input, None)?;
    let voice = Voices::builtin().default_for(doc.lang())?;
    let renderer = Renderer::new(&voice, RenderOptions::default())?;

    // The tags: what the document says of itself (title, language; a web page's site, author,
    // date and address), with an artist of our own.
    let tags = Tags {
        artist: Some(format!("docbao, voice {}", voice.name)),
        ..Tags::of(&doc)
    };

    // The file: written beside its name and put in place only once complete (see
    // `OutputFile`), encoded as the audio is made, at the default 24 kbit/s.
    let file = OutputFile::create(&output)?;
    let encoding = Encoding {
        bitrate: None,
        tags,
    };
    let mut opus = AudioOutput::with(AudioFormat::Opus, file, renderer.sample_rate(), &encoding)?;
    let timeline =
        renderer.render_with(&doc, &mut |samples| Ok(opus.write(samples)?), &mut |_| {})?;

    // The chapters go into the header when the file is finished, so they can come from the
    // timeline: one per section heading, or here one per paragraph when there is none.
    let mut chapters = Chapter::of(&doc, &timeline);
    if chapters.is_empty() {
        let mut block = None;
        for timed in &timeline.sentences {
            let b = timed.sentence.block;
            let kind = doc.blocks()[b].kind;
            if block != Some(b) && matches!(kind, BlockKind::Title | BlockKind::Paragraph) {
                chapters.push(Chapter {
                    // The first chapter starts the file (a dateline before it included).
                    start: if chapters.is_empty() {
                        Duration::ZERO
                    } else {
                        timeline.time_of(timed.start)
                    },
                    // Named by its first words.
                    title: timed
                        .sentence
                        .text
                        .split_whitespace()
                        .take(8)
                        .collect::<Vec<_>>()
                        .join(" "),
                });
            }
            block = Some(b);
        }
    }
    opus.finish_with_chapters(&chapters)?.commit()?;

    println!(
        "{}: {:.1} s of speech, voice {}, {} bytes",
        output.display(),
        timeline.duration().as_secs_f64(),
        voice.name,
        std::fs::metadata(&output)?.len()
    );
    for (n, chapter) in chapters.iter().enumerate() {
        println!(
            "chapter {:>2} at {:>6.1} s  {}",
            n + 1,
            chapter.start.as_secs_f64(),
            chapter.title
        );
    }
    Ok(())
}
