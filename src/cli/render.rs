//! `docbao render`: a text into a WAV file and subtitles.

use anyhow::Result;
use docbao::{CancelToken, RenderOptions, Renderer, Voice, Voices};

use crate::args::RenderArgs;
use crate::clock::clock;
use crate::input::read_document;
use crate::progress::Reporter;

pub fn run(args: &RenderArgs, cancel: CancelToken) -> Result<()> {
    let doc = read_document(&args.input)?;
    let voice = choose_voice(args.voice.as_deref(), doc.lang(), args.quiet)?;
    let options = RenderOptions {
        rate: args.rate,
        cancel,
        ..RenderOptions::default()
    };
    let renderer = Renderer::new(&voice, options)?;
    let mut reporter = Reporter::new(args.quiet);
    let result =
        renderer.render_to_files(&doc, &args.output, args.subtitles.as_deref(), &mut |p| {
            reporter.update(p)
        });
    reporter.finish();
    let timeline = result?;
    if !args.quiet {
        let subtitles = args
            .subtitles
            .as_ref()
            .map(|path| format!("; subtitles in {}", path.display()))
            .unwrap_or_default();
        eprintln!(
            "wrote {}: {} of speech, {} sentences, voice {} ({}){subtitles}",
            args.output.display(),
            clock(timeline.duration()),
            timeline.sentences.len(),
            voice.name,
            voice.id,
        );
    }
    Ok(())
}

/// The voice named by `--voice`, or the default for the document's language.
pub fn choose_voice(query: Option<&str>, lang: &docbao::Lang, quiet: bool) -> Result<Voice> {
    let voices = Voices::builtin().and_user();
    if !quiet {
        for problem in voices.problems() {
            eprintln!("docbao: warning: {problem}");
        }
    }
    Ok(match query {
        Some(query) => voices.find(query)?,
        None => voices.default_for(lang)?,
    })
}
