//! `docbao render`: a text into an audio file (WAV, Opus, MP3) and subtitles.

use std::path::Path;

use anyhow::Result;
use docbao::{
    AudioSettings, CancelToken, Document, Lang, Rate, RenderOptions, Renderer, SubtitleStyle,
    Voice, Voices,
};

use crate::args::{AudioFileArgs, RenderArgs};
use crate::clock::clock;
use crate::input::read_document;
use crate::progress::Reporter;
use crate::safe::say;

pub fn run(args: &RenderArgs) -> Result<()> {
    let output = match &args.output {
        Some(output) if args.more.is_empty() => output,
        // Several articles, or a file named after the title: workers, on every core.
        _ => return crate::batch::run(args),
    };
    let doc = read_document(&args.input)?;
    let quiet = args.quiet || args.progress_lines;
    let voice = choose_voice(args.voice.voice.as_deref(), doc.lang(), quiet)?;
    let voice = args.voice.apply_speaker(voice)?;
    let target = Output {
        audio: output,
        settings: settings(&args.audio),
        subtitles: args.subtitles.as_deref(),
        style: args.style.style(),
        quiet,
        progress_lines: args.progress_lines,
        threads: args.threads,
    };
    let timeline = render_to(&doc, &voice, args.voice.rate(), &target)?;
    if args.progress_lines {
        // For the process that started this one (see `batch`): one line each, no controls.
        let one_line =
            |text: &str| docbao::article::controls::visible(text).replace(['\n', '\r'], " ");
        if let Some(title) = doc.title() {
            eprintln!("@title {}", one_line(title));
        }
        for chapter in docbao::Chapter::of(&doc, &timeline) {
            eprintln!(
                "@chapter {} {}",
                chapter.start.as_millis(),
                one_line(&chapter.title)
            );
        }
        eprintln!("@audio {}", timeline.duration().as_millis());
    }
    Ok(())
}

/// The audio settings the flags ask for.
pub fn settings(args: &AudioFileArgs) -> AudioSettings {
    AudioSettings {
        format: args.audio_format,
        bitrate: args.bitrate,
        ..AudioSettings::default()
    }
}

/// Where a render goes.
pub struct Output<'a> {
    pub audio: &'a Path,
    pub settings: AudioSettings,
    pub subtitles: Option<&'a Path>,
    /// How the subtitles are cut into cues.
    pub style: SubtitleStyle,
    /// No progress, no summary.
    pub quiet: bool,
    /// Progress as `@progress` lines for a parent process.
    pub progress_lines: bool,
    /// Sentences made at once ([`RenderOptions::threads`]; 0: one per core).
    pub threads: usize,
}

/// Renders `doc` into files, with progress and a summary unless quiet.
pub fn render_to(
    doc: &Document,
    voice: &Voice,
    rate: Rate,
    output: &Output,
) -> Result<docbao::Timeline> {
    let cancel = CancelToken::new();
    let options = RenderOptions {
        rate,
        cancel: cancel.clone(),
        subtitle_style: output.style,
        threads: output.threads,
        ..RenderOptions::default()
    };
    let renderer = Renderer::new(voice, options)?;
    warn_if_other_language(voice, doc.lang(), output.quiet);
    // From here on, Ctrl-C stops the render and leaves no unfinished file.
    crate::signals::cancel(&cancel);
    let mut reporter = if output.progress_lines {
        Reporter::Machine
    } else {
        Reporter::new(output.quiet)
    };
    let result = renderer.render_to_files_with(
        doc,
        output.audio,
        output.subtitles,
        &output.settings,
        &mut |p| reporter.update(p),
    );
    reporter.finish();
    crate::signals::exit();
    let timeline = result?;
    if !output.quiet {
        let subtitles = output
            .subtitles
            .map(|path| format!("; subtitles in {}", path.display()))
            .unwrap_or_default();
        let written = if output.audio.as_os_str() == "-" {
            "standard output".into()
        } else {
            output.audio.display().to_string()
        };
        say!(
            "wrote {written}: {} of speech, {} sentences, voice {} ({}){subtitles}",
            clock(timeline.duration()),
            timeline.sentences.len(),
            voice.name,
            voice.id,
        );
    }
    Ok(timeline)
}

/// The voice named by `--voice`, or the default for the document's language.
pub fn choose_voice(query: Option<&str>, lang: &Lang, quiet: bool) -> Result<Voice> {
    let (voice, warnings) = voice_for(query, lang)?;
    if !quiet {
        for warning in warnings {
            say!("{warning}");
        }
    }
    Ok(voice)
}

/// The voice named by `--voice`, or the default for the document's language, and the
/// warnings to show about it (`docbao: warning: …`).
pub fn voice_for(query: Option<&str>, lang: &Lang) -> Result<(Voice, Vec<String>)> {
    let voices = Voices::builtin().and_user();
    let mut warnings: Vec<String> = voices
        .problems()
        .iter()
        .map(|problem| format!("docbao: warning: {problem}"))
        .collect();
    if lang.matches("vi") {
        warnings.extend(
            docbao::text::vi::abbreviations::problems()
                .iter()
                .map(|problem| format!("docbao: warning: {problem}")),
        );
    }
    let voice = match query {
        Some(query) => voices.find(query)?,
        None => voices.default_for(lang)?,
    };
    Ok((voice, warnings))
}

/// The warning for `voice` when it is for another language than the text's: it would spell
/// the text out (20 minutes of noise for 6 of news). Said once the voice is known to speak.
pub fn other_language(voice: &Voice, lang: &Lang) -> Option<String> {
    (lang.tag() != "und" && !lang.matches(&voice.language)).then(|| {
        format!(
            "docbao: warning: the voice {} speaks {}, but the text is in {}; \
             leave --voice out for the {} voice, or give --lang if the text's language was misread",
            voice.id,
            language_name(&voice.language),
            language_name(lang.tag()),
            language_name(lang.tag()),
        )
    })
}

/// Says [`other_language`]'s warning, unless quiet.
pub fn warn_if_other_language(voice: &Voice, lang: &Lang, quiet: bool) {
    if let Some(warning) = other_language(voice, lang).filter(|_| !quiet) {
        say!("{warning}");
    }
}

/// A language's name in English, for messages (`vi` → Vietnamese); the tag itself otherwise.
fn language_name(tag: &str) -> String {
    match tag.split(['-', '_']).next().unwrap_or(tag) {
        "vi" => "Vietnamese".into(),
        "en" => "English".into(),
        "fr" => "French".into(),
        "de" => "German".into(),
        "zh" => "Chinese".into(),
        "ja" => "Japanese".into(),
        other => other.to_string(),
    }
}

/// Says what is wrong with the user's abbreviation table (each line once per run).
pub fn warn_about_abbreviations() {
    for problem in docbao::text::vi::abbreviations::problems() {
        say!("docbao: warning: {problem}");
    }
}
