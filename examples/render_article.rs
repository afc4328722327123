//! Render an article to a WAV file with SRT subtitles beside it, using the voice docbao would
//! choose for the article's language, and print where each sentence starts.
//!
//! ```sh
//! cargo run --example render_article -- article.txt article.wav
//! ```

use std::path::PathBuf;

use docbao::{Document, RenderOptions, Renderer, Voices};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let input = args
        .next()
        .unwrap_or_else(|| "tests/fixtures/vi-article.txt".into());
    let output = args.next().unwrap_or_else(|| "article.wav".into());
    let subtitles = output.with_extension("srt");

    // Plain text in; the language is recognised (Vietnamese by its diacritics).
    let doc = Document::from_path(&input, None)?;
    // The user's voices win over the built-in ones; the default is the female voice.
    let voice = Voices::builtin().and_user().default_for(doc.lang())?;
    let renderer = Renderer::new(&voice, RenderOptions::default())?;
    let timeline =
        renderer.render_to_files(&doc, &output, Some(&subtitles), &mut |_progress| {})?;

    println!(
        "{}: {} sentences, {:.1} s, voice {} ({})",
        output.display(),
        timeline.sentences.len(),
        timeline.duration().as_secs_f64(),
        voice.name,
        voice.id
    );
    for timed in &timeline.sentences {
        println!(
            "{:>8.2} s  {}",
            timeline.time_of(timed.start).as_secs_f64(),
            timed.sentence.text
        );
    }
    Ok(())
}
