//! `docbao render` with several articles, or with `--out-dir`: each article is rendered by a
//! worker — this program again, `render ONE -o FILE --progress-lines` — as many at once as
//! there are cores, each making one sentence at a time (`--threads 1`; alone, an article is
//! made on every core). One progress display covers the job; an article that fails is
//! reported in one sentence while the others finish, and the exit status says some failed.
//!
//! - `--out-dir DIR`: each article lands in `DIR/<its title>.<ext>` (Opus by default), put
//!   there once complete; two articles with the same title get ` (2)`, ` (3)`.
//! - `-o FILE` with several articles: they are joined in their order into one file, with a
//!   pause between them and a chapter for each (its title) and for each of its sections.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use docbao::export::subtitles::Cue;
use docbao::{
    AudioFormat, AudioOutput, CancelToken, Chapter, Encoding, OutputFile, SubtitleFormat, Tags,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::args::RenderArgs;
use crate::clock::clock;
use crate::safe::say;

/// Silence between two joined articles.
const BETWEEN_ARTICLES: Duration = Duration::from_millis(1500);
/// Longest file name made from a title, in characters (before the extension).
const MAX_NAME_CHARS: usize = 100;

/// One article of the job.
struct Job {
    /// As given on the command line.
    input: PathBuf,
    /// Where its worker writes.
    audio: PathBuf,
    subtitles: Option<PathBuf>,
}

/// What a worker said when it was done.
#[derive(Default)]
struct Done {
    title: Option<String>,
    chapters: Vec<Chapter>,
    audio: Duration,
}

/// What the workers tell the main loop.
enum Report {
    Progress {
        job: usize,
        done: usize,
        total: usize,
    },
    /// A line the worker printed for people: its error, or a warning.
    Said {
        job: usize,
        line: String,
    },
    Title {
        job: usize,
        title: String,
    },
    Chapter {
        job: usize,
        chapter: Chapter,
    },
    Audio {
        job: usize,
        audio: Duration,
    },
    /// The worker's stderr closed: it has exited, or is about to.
    Closed {
        job: usize,
    },
}

pub fn run(args: &RenderArgs) -> Result<()> {
    let inputs: Vec<PathBuf> = args.input.input.iter().chain(&args.more).cloned().collect();
    if inputs.is_empty() {
        bail!("name the articles to render (files or web addresses)");
    }
    if inputs.iter().filter(|i| i.as_os_str() == "-").count() > 1 {
        bail!("standard input (-) can be read only once");
    }
    match (&args.out_dir, &args.output) {
        (Some(dir), _) => to_folder(args, &inputs, dir),
        (None, Some(output)) => joined(args, &inputs, output),
        (None, None) => bail!("say where to write: -o FILE or --out-dir DIR"),
    }
}

/// Each article into its own file in `dir`, named after its title.
fn to_folder(args: &RenderArgs, inputs: &[PathBuf], dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        bail!(
            "{} is not a folder: create it first, or name another with --out-dir",
            dir.display()
        );
    }
    let format = args.audio.audio_format.unwrap_or(AudioFormat::Opus);
    let subtitles = match args.subtitles.as_deref() {
        None => None,
        Some(kind) => Some(subtitle_extension(kind)?),
    };
    let work = tempfile::Builder::new()
        .prefix(".docbao-render-")
        .tempdir_in(dir)
        .with_context(|| format!("cannot write into {}", dir.display()))?;
    let _work_guard = Unfinished::new(work.path());
    let jobs: Vec<Job> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| Job {
            input: input.clone(),
            audio: work.path().join(format!("{i}.{}", format.name())),
            subtitles: subtitles.map(|ext| work.path().join(format!("{i}.{ext}"))),
        })
        .collect();
    let results = run_workers(args, &jobs, Some(format))?;
    let mut taken = HashSet::new();
    let mut written = 0;
    for (job, result) in jobs.iter().zip(&results) {
        let Ok(done) = result else { continue };
        let stem = unique_stem(
            dir,
            &file_stem(done.title.as_deref(), &job.input),
            &mut taken,
            format.name(),
            subtitles,
        );
        let audio = dir.join(format!("{stem}.{}", format.name()));
        std::fs::rename(&job.audio, &audio)
            .with_context(|| format!("cannot put {} in place", audio.display()))?;
        if let (Some(from), Some(ext)) = (&job.subtitles, subtitles) {
            let to = dir.join(format!("{stem}.{ext}"));
            std::fs::rename(from, &to)
                .with_context(|| format!("cannot put {} in place", to.display()))?;
        }
        written += 1;
        if !args.quiet {
            say!("wrote {}: {} of speech", audio.display(), clock(done.audio));
        }
    }
    finish(inputs.len(), written, &results)
}

/// All articles joined into `output`, a chapter each.
fn joined(args: &RenderArgs, inputs: &[PathBuf], output: &Path) -> Result<()> {
    let format = match args.audio.audio_format {
        Some(format) => format,
        None => AudioFormat::from_path(output)?,
    };
    // Check the outputs can be written before any work is done.
    let subtitles = match args.subtitles.as_deref() {
        Some(path) => {
            let kind = SubtitleFormat::from_path(path).with_context(|| {
                format!(
                    "cannot tell the subtitle format of {}: use a name ending in .srt or .vtt",
                    path.display()
                )
            })?;
            Some((kind, OutputFile::create(path)?))
        }
        None => None,
    };
    let file = OutputFile::create(output)?;
    let work = tempfile::Builder::new().prefix("docbao-join-").tempdir()?;
    let _work_guard = Unfinished::new(work.path());
    let jobs: Vec<Job> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| Job {
            input: input.clone(),
            audio: work.path().join(format!("{i}.wav")),
            subtitles: subtitles
                .as_ref()
                .map(|_| work.path().join(format!("{i}.srt"))),
        })
        .collect();
    let results = run_workers(args, &jobs, Some(AudioFormat::Wav))?;
    let parts: Vec<(&Job, &Done)> = jobs
        .iter()
        .zip(&results)
        .filter_map(|(job, result)| result.as_ref().ok().map(|done| (job, done)))
        .collect();
    if parts.is_empty() {
        return finish(inputs.len(), 0, &results);
    }
    let sample_rate = wav_rate(&parts[0].0.audio)?;
    let tags = Tags {
        title: Some(
            parts
                .iter()
                .map(|(job, done)| file_stem(done.title.as_deref(), &job.input))
                .collect::<Vec<_>>()
                .join(" · "),
        ),
        ..Tags::default()
    };
    let encoding = Encoding {
        bitrate: args.audio.bitrate,
        tags,
    };
    let mut out = AudioOutput::with(format, file, sample_rate, &encoding)?;
    let mut chapters = Vec::new();
    let mut cues = Vec::new();
    let mut at: u64 = 0;
    for (n, (job, done)) in parts.iter().enumerate() {
        if n > 0 {
            let gap = (BETWEEN_ARTICLES.as_secs_f64() * f64::from(sample_rate)) as u64;
            let zeros = vec![0i16; gap as usize];
            out.write(&zeros)?;
            at += gap;
        }
        let start = Duration::from_secs_f64(at as f64 / f64::from(sample_rate));
        chapters.push(Chapter {
            start,
            title: file_stem(done.title.as_deref(), &job.input),
        });
        // Its sections, after its own first chapter (the title again).
        chapters.extend(done.chapters.iter().skip(1).map(|c| Chapter {
            start: start + c.start,
            title: c.title.clone(),
        }));
        if let Some(path) = &job.subtitles {
            cues.extend(read_srt(path, sample_rate)?.into_iter().map(|cue| Cue {
                start: cue.start + at,
                end: cue.end + at,
                text: cue.text,
            }));
        }
        at += copy_wav(&job.audio, sample_rate, &mut out)?;
    }
    let mut files = vec![out.finish_with_chapters(&chapters)?];
    if let Some((kind, text)) = subtitles {
        use std::io::Write as _;
        text.file()
            .write_all(kind.write(&cues, sample_rate).as_bytes())
            .with_context(|| format!("cannot write {}", text.path().display()))?;
        files.push(text);
    }
    docbao::export::commit_all(files)?;
    if !args.quiet {
        let total = Duration::from_secs_f64(at as f64 / f64::from(sample_rate));
        say!(
            "wrote {}: {} of speech, {} articles",
            output.display(),
            clock(total),
            parts.len()
        );
    }
    finish(inputs.len(), parts.len(), &results)
}

/// The summary, and the exit status: an error when an article failed.
fn finish(total: usize, written: usize, results: &[Result<Done, String>]) -> Result<()> {
    let failed = results.iter().filter(|r| r.is_err()).count();
    if failed == 0 {
        return Ok(());
    }
    bail!(
        "{failed} of {total} articles could not be rendered ({written} written); each is named above"
    )
}

/// Runs a worker per job, as many at a time as there are cores, and gathers what each said.
fn run_workers(
    args: &RenderArgs,
    jobs: &[Job],
    format: Option<AudioFormat>,
) -> Result<Vec<Result<Done, String>>> {
    let program = std::env::current_exe().context("cannot find docbao's own program")?;
    let parallel = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    // Articles made side by side take the cores already: one sentence at a time each.
    let threads = if parallel > 1 { 1 } else { args.threads };
    let cancel = CancelToken::new();
    crate::signals::cancel(&cancel);
    let (sender, receiver) = mpsc::channel();
    let mut display = Display::new(args.quiet, jobs.len());
    let mut results: Vec<Option<Result<Done, String>>> = (0..jobs.len()).map(|_| None).collect();
    let mut done: Vec<Done> = (0..jobs.len()).map(|_| Done::default()).collect();
    let mut said: Vec<Vec<String>> = vec![Vec::new(); jobs.len()];
    let mut warned = HashSet::new();
    let mut running: Vec<(usize, Child)> = Vec::new();
    let mut next = 0;
    let mut open = 0;
    loop {
        while running.len() < parallel && next < jobs.len() && !cancel.is_cancelled() {
            let child = spawn(&program, args, &jobs[next], format, threads)?;
            running.push((next, watch(next, child, &sender)?));
            open += 1;
            next += 1;
        }
        if running.is_empty() {
            break;
        }
        let report = match receiver.recv_timeout(Duration::from_millis(200)) {
            Ok(report) => Some(report),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) if open == 0 => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        if cancel.is_cancelled() {
            for (_, child) in &mut running {
                stop(child);
            }
        }
        match report {
            Some(Report::Progress { job, done, total }) => display.progress(job, done, total),
            Some(Report::Said { job, line }) => {
                // A warning (the same from every worker, often) is shown once.
                if line.starts_with("docbao: warning:") && warned.insert(line.clone()) {
                    display.say(&line);
                }
                said[job].push(line);
            }
            Some(Report::Title { job, title }) => done[job].title = Some(title),
            Some(Report::Chapter { job, chapter }) => done[job].chapters.push(chapter),
            Some(Report::Audio { job, audio }) => done[job].audio = audio,
            Some(Report::Closed { job }) => {
                open -= 1;
                let Some(at) = running.iter().position(|(j, _)| *j == job) else {
                    continue;
                };
                let (_, mut child) = running.swap_remove(at);
                let status = child.wait().context("a render worker was lost")?;
                let result = if status.success() {
                    Ok(std::mem::take(&mut done[job]))
                } else {
                    Err(said[job]
                        .iter()
                        .rev()
                        .find(|line| !line.starts_with("hint:"))
                        .cloned()
                        .unwrap_or_else(|| format!("its render stopped ({status})")))
                };
                if let Err(reason) = &result
                    && !cancel.is_cancelled()
                {
                    let reason = reason.strip_prefix("docbao: ").unwrap_or(reason);
                    let input = jobs[job].input.display().to_string();
                    display.say(&if reason.contains(&input) {
                        format!("docbao: {reason}")
                    } else {
                        format!("docbao: {input}: {reason}")
                    });
                }
                display.finished(job);
                results[job] = Some(result);
            }
            None => {}
        }
    }
    display.clear();
    crate::signals::exit();
    if cancel.is_cancelled() {
        return Err(docbao::Error::Cancelled.into());
    }
    Ok(results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("it was not rendered".into())))
        .collect())
}

/// Starts the worker for `job`.
fn spawn(
    program: &Path,
    args: &RenderArgs,
    job: &Job,
    format: Option<AudioFormat>,
    threads: usize,
) -> Result<Child> {
    let mut command = Command::new(program);
    command
        .arg("render")
        .arg(&job.input)
        .arg("-o")
        .arg(&job.audio);
    if let Some(subtitles) = &job.subtitles {
        command.arg("--subtitles").arg(subtitles);
        command
            .arg("--subtitles-style")
            .arg(match args.style.style() {
                docbao::SubtitleStyle::Lines => "lines",
                docbao::SubtitleStyle::Words => "words",
                _ => "sentences",
            });
    }
    if let Some(format) = format {
        command.args(["--audio-format", format.name()]);
    }
    command.arg("--threads").arg(threads.to_string());
    if !matches!(format, Some(AudioFormat::Wav | AudioFormat::Flac))
        && let Some(bitrate) = args.audio.bitrate
    {
        command.arg("--bitrate").arg(bitrate.to_string());
    }
    let input = &args.input;
    if let Some(lang) = input.lang.lang() {
        command.arg("--lang").arg(lang.to_string());
    }
    if let Some(format) = input.format {
        command.arg("--format").arg(match format {
            docbao::article::Format::Text => "text",
            docbao::article::Format::Html => "html",
        });
    }
    if input.raw {
        command.arg("--raw");
    }
    if input.skip_captions {
        command.arg("--skip-captions");
    }
    command
        .arg("--timeout")
        .arg(input.timeout.as_secs_f64().to_string());
    let voice = &args.voice;
    if let Some(name) = &voice.voice {
        command.arg("--voice").arg(name);
    }
    command.arg("--rate").arg(match voice.rate() {
        docbao::Rate::Factor(factor) => factor.to_string(),
        docbao::Rate::Wpm(wpm) => format!("{wpm}wpm"),
    });
    if let Some(speaker) = &voice.speaker {
        command.arg("--speaker").arg(speaker);
    }
    command.arg("--progress-lines");
    let stdin = if job.input.as_os_str() == "-" {
        Stdio::inherit()
    } else {
        Stdio::null()
    };
    command
        .stdin(stdin)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start a render worker (docbao itself)")
}

/// Reads what the worker for `job` says, on a thread, into `sender`.
fn watch(job: usize, mut child: Child, sender: &mpsc::Sender<Report>) -> Result<Child> {
    let stderr = child
        .stderr
        .take()
        .context("a render worker has no stderr")?;
    let sender = sender.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if sender.send(parse(job, line)).is_err() {
                return;
            }
        }
        let _ = sender.send(Report::Closed { job });
    });
    Ok(child)
}

/// A line from a worker.
fn parse(job: usize, line: String) -> Report {
    let mut words = line.splitn(4, ' ');
    let said = |line: String| Report::Said { job, line };
    match words.next() {
        Some("@progress") => {
            let mut number = || words.next().and_then(|w| w.parse::<usize>().ok());
            match (number(), number()) {
                (Some(done), Some(total)) => Report::Progress { job, done, total },
                _ => said(line),
            }
        }
        Some("@title") => Report::Title {
            job,
            title: line["@title ".len().min(line.len())..].to_string(),
        },
        Some("@chapter") => match words.next().and_then(|w| w.parse::<u64>().ok()) {
            Some(ms) => Report::Chapter {
                job,
                chapter: Chapter {
                    start: Duration::from_millis(ms),
                    title: line.splitn(3, ' ').nth(2).unwrap_or_default().to_string(),
                },
            },
            None => said(line),
        },
        Some("@audio") => match words.next().and_then(|w| w.parse::<u64>().ok()) {
            Some(ms) => Report::Audio {
                job,
                audio: Duration::from_millis(ms),
            },
            None => said(line),
        },
        _ => said(line),
    }
}

/// Asks a worker to stop (it removes its unfinished file).
fn stop(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        return;
    }
    let _ = child.kill();
}

/// The extension for `--subtitles` with `--out-dir`: `srt` or `vtt` (a file name ending in
/// one is taken for its extension).
fn subtitle_extension(kind: &Path) -> Result<&'static str> {
    let text = kind.to_string_lossy().to_ascii_lowercase();
    if text == "srt" || text.ends_with(".srt") {
        Ok("srt")
    } else if text == "vtt" || text.ends_with(".vtt") {
        Ok("vtt")
    } else {
        bail!("with --out-dir, --subtitles takes srt or vtt (each article gets its own file)")
    }
}

/// A file name (without extension) for an article: its title, else the input's own name.
/// Safe anywhere: no folder separators, no control characters, no leading dot, not too long.
fn file_stem(title: Option<&str>, input: &Path) -> String {
    let from_input = || {
        input
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let raw = title.map(str::to_string).unwrap_or_else(from_input);
    let mut name = String::new();
    for c in raw.chars() {
        let c = if c.is_control()
            || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        {
            ' '
        } else {
            c
        };
        if c.is_whitespace() && (name.is_empty() || name.ends_with(' ')) {
            continue;
        }
        name.push(if c.is_whitespace() { ' ' } else { c });
        if name.chars().count() >= MAX_NAME_CHARS {
            break;
        }
    }
    let name = name
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    if name.is_empty() {
        "article".to_string()
    } else {
        name
    }
}

/// `stem`, or `stem (2)`, `stem (3)`…: a name no other article of this job took, whose files
/// can be replaced (a regular file or nothing, never a link, a folder or a device).
fn unique_stem(
    dir: &Path,
    stem: &str,
    taken: &mut HashSet<String>,
    ext: &str,
    subtitles: Option<&str>,
) -> String {
    let free = |name: &str| {
        let replaceable = |path: PathBuf| match std::fs::symlink_metadata(path) {
            Ok(meta) => meta.is_file(),
            Err(_) => true,
        };
        !taken.contains(name)
            && replaceable(dir.join(format!("{name}.{ext}")))
            && subtitles.is_none_or(|s| replaceable(dir.join(format!("{name}.{s}"))))
    };
    let mut name = stem.to_string();
    let mut n = 2;
    while !free(&name) {
        name = format!("{stem} ({n})");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// The cues of a SubRip file a worker wrote (docbao's own: number, times, text lines), with
/// times in samples at `sample_rate`.
fn read_srt(path: &Path, sample_rate: u32) -> Result<Vec<Cue>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read back {}", path.display()))?;
    let time = |t: &str| -> Option<u64> {
        let (hms, ms) = t.trim().split_once(',')?;
        let mut parts = hms.split(':').map(|p| p.parse::<u64>().ok());
        let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
        let ms = ((h * 60 + m) * 60 + s) * 1000 + ms.parse::<u64>().ok()?;
        Some(ms * u64::from(sample_rate) / 1000)
    };
    let mut cues = Vec::new();
    for block in text.split("\n\n").filter(|b| !b.trim().is_empty()) {
        let mut lines = block.lines().skip(1);
        let parsed = lines
            .next()
            .and_then(|times| times.split_once(" --> "))
            .and_then(|(start, end)| Some((time(start)?, time(end)?)));
        let Some((start, end)) = parsed else {
            bail!("cannot read back {}: a cue without times", path.display());
        };
        cues.push(Cue {
            start,
            end,
            text: lines.collect::<Vec<_>>().join("\n"),
        });
    }
    Ok(cues)
}

/// The sample rate of a WAV file a worker wrote.
fn wav_rate(path: &Path) -> Result<u32> {
    let reader = hound::WavReader::open(path)
        .with_context(|| format!("cannot read back {}", path.display()))?;
    Ok(reader.spec().sample_rate)
}

/// Appends the samples of the WAV file at `path` to `out`; returns how many.
fn copy_wav(path: &Path, sample_rate: u32, out: &mut AudioOutput) -> Result<u64> {
    let mut reader = hound::WavReader::open(path)
        .with_context(|| format!("cannot read back {}", path.display()))?;
    if reader.spec().sample_rate != sample_rate {
        bail!("the articles were rendered at different sample rates: join them with one voice");
    }
    let mut chunk = Vec::with_capacity(8192);
    let mut count = 0;
    for sample in reader.samples::<i16>() {
        chunk.push(sample.with_context(|| format!("cannot read back {}", path.display()))?);
        if chunk.len() == chunk.capacity() {
            out.write(&chunk)?;
            count += chunk.len() as u64;
            chunk.clear();
        }
    }
    out.write(&chunk)?;
    count += chunk.len() as u64;
    Ok(count)
}

/// A folder of work in progress, removed by a forced exit (a second Ctrl-C) as unfinished
/// files are; the `TempDir` removes it otherwise.
struct Unfinished(PathBuf);

impl Unfinished {
    fn new(path: &Path) -> Unfinished {
        docbao::export::register_unfinished(path);
        Unfinished(path.to_path_buf())
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        docbao::export::forget_unfinished(&self.0);
    }
}

/// One progress display for the whole job: a bar on a terminal, a line per article otherwise.
struct Display {
    bar: Option<ProgressBar>,
    quiet: bool,
    /// Each article's share done, 0 to 1.
    shares: Vec<f64>,
    finished: usize,
}

impl Display {
    fn new(quiet: bool, jobs: usize) -> Display {
        let bar = (!quiet
            && std::io::IsTerminal::is_terminal(&std::io::stderr())
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb"))
        .then(|| {
            let bar = ProgressBar::with_draw_target(Some(1000), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("rendering {bar:30} {percent}% · {msg} · {eta} left")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_message(format!("0 of {jobs} articles"));
            bar
        });
        Display {
            bar,
            quiet,
            shares: vec![0.0; jobs],
            finished: 0,
        }
    }

    fn progress(&mut self, job: usize, done: usize, total: usize) {
        self.shares[job] = done as f64 / total.max(1) as f64;
        self.draw();
    }

    fn finished(&mut self, job: usize) {
        self.shares[job] = 1.0;
        self.finished += 1;
        self.draw();
        if self.bar.is_none() && !self.quiet {
            say!(
                "rendering: {} of {} articles done",
                self.finished,
                self.shares.len()
            );
        }
    }

    fn draw(&self) {
        if let Some(bar) = &self.bar {
            let share: f64 = self.shares.iter().sum::<f64>() / self.shares.len().max(1) as f64;
            bar.set_position((share * 1000.0) as u64);
            bar.set_message(format!(
                "{} of {} articles",
                self.finished,
                self.shares.len()
            ));
        }
    }

    /// A message above the bar (errors are shown even when quiet).
    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| say!("{line}")),
            None => say!("{line}"),
        }
    }

    fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_titles_are_safe() {
        let input = Path::new("/tmp/page.html");
        assert_eq!(
            file_stem(Some("Hà Nội: mưa lớn/ngập"), input),
            "Hà Nội mưa lớn ngập"
        );
        assert_eq!(file_stem(Some("../../etc/passwd"), input), "etc passwd");
        assert_eq!(file_stem(Some("\u{1b}[31m  "), input), "[31m");
        assert_eq!(file_stem(None, input), "page");
        assert_eq!(file_stem(Some("..."), input), "article");
        assert_eq!(
            file_stem(Some(&"x".repeat(500)), input).chars().count(),
            MAX_NAME_CHARS
        );
    }

    #[test]
    fn same_titles_get_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let mut taken = HashSet::new();
        assert_eq!(
            unique_stem(dir.path(), "Tin", &mut taken, "opus", None),
            "Tin"
        );
        assert_eq!(
            unique_stem(dir.path(), "Tin", &mut taken, "opus", None),
            "Tin (2)"
        );
        std::fs::create_dir(dir.path().join("Khác.opus")).unwrap();
        assert_eq!(
            unique_stem(dir.path(), "Khác", &mut taken, "opus", None),
            "Khác (2)"
        );
    }

    #[test]
    fn worker_lines() {
        assert!(matches!(
            parse(1, "@progress 3 10 4500".into()),
            Report::Progress {
                job: 1,
                done: 3,
                total: 10
            }
        ));
        match parse(0, "@chapter 2500 Phần hai: mở rộng".into()) {
            Report::Chapter { chapter, .. } => {
                assert_eq!(chapter.start, Duration::from_millis(2500));
                assert_eq!(chapter.title, "Phần hai: mở rộng");
            }
            _ => panic!("not a chapter"),
        }
        assert!(matches!(
            parse(0, "@title Tin".into()),
            Report::Title { .. }
        ));
        assert!(matches!(
            parse(0, "docbao: no such file".into()),
            Report::Said { .. }
        ));
        assert!(matches!(
            parse(0, "@progress x".into()),
            Report::Said { .. }
        ));
    }
}
