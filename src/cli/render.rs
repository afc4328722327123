//! `docbao render`: a text into a WAV file and subtitles.

use std::path::Path;

use anyhow::Result;
use docbao::{
    CancelToken, Document, Lang, Rate, RenderOptions, Renderer, SubtitleStyle, Voice, Voices,
};

use crate::args::RenderArgs;
use crate::clock::clock;
use crate::input::read_document;
use crate::progress::Reporter;
use crate::safe::say;

pub fn run(args: &RenderArgs) -> Result<()> {
    let doc = read_document(&args.input)?;
    let voice = choose_voice(args.voice.voice.as_deref(), doc.lang(), args.quiet)?;
    let voice = args.voice.apply_speaker(voice)?;
    let output = Output {
        wav: &args.output,
        subtitles: args.subtitles.as_deref(),
        style: args.style.style(),
        quiet: args.quiet,
    };
    render_to(&doc, &voice, args.voice.rate, &output)
}

/// Where a render goes.
pub struct Output<'a> {
    pub wav: &'a Path,
    pub subtitles: Option<&'a Path>,
    /// How the subtitles are cut into cues.
    pub style: SubtitleStyle,
    /// No progress, no summary.
    pub quiet: bool,
}

/// Renders `doc` into files, with progress and a summary unless quiet.
pub fn render_to(doc: &Document, voice: &Voice, rate: Rate, output: &Output) -> Result<()> {
    let cancel = CancelToken::new();
    let options = RenderOptions {
        rate,
        cancel: cancel.clone(),
        subtitle_style: output.style,
        ..RenderOptions::default()
    };
    let renderer = Renderer::new(voice, options)?;
    // From here on, Ctrl-C stops the render and leaves no unfinished file.
    crate::signals::cancel(&cancel);
    let mut reporter = Reporter::new(output.quiet);
    let result = renderer.render_to_files(doc, output.wav, output.subtitles, &mut |p| {
        reporter.update(p)
    });
    reporter.finish();
    crate::signals::exit();
    let timeline = result?;
    if !output.quiet {
        let subtitles = output
            .subtitles
            .map(|path| format!("; subtitles in {}", path.display()))
            .unwrap_or_default();
        say!(
            "wrote {}: {} of speech, {} sentences, voice {} ({}){subtitles}",
            output.wav.display(),
            clock(timeline.duration()),
            timeline.sentences.len(),
            voice.name,
            voice.id,
        );
    }
    Ok(())
}

/// The voice named by `--voice`, or the default for the document's language.
pub fn choose_voice(query: Option<&str>, lang: &Lang, quiet: bool) -> Result<Voice> {
    let voices = Voices::builtin().and_user();
    if !quiet {
        for problem in voices.problems() {
            say!("docbao: warning: {problem}");
        }
        if lang.matches("vi") {
            warn_about_abbreviations();
        }
    }
    Ok(match query {
        Some(query) => voices.find(query)?,
        None => voices.default_for(lang)?,
    })
}

/// Says what is wrong with the user's abbreviation table (each line once per run).
pub fn warn_about_abbreviations() {
    for problem in docbao::text::vi::abbreviations::problems() {
        say!("docbao: warning: {problem}");
    }
}
