//! Voices: every built-in profile speaks, defaults follow the language and are female, the
//! user's folder adds and overrides profiles, and `docbao voices` lists them all.

mod common;

use common::{Sandbox, decode, fixture, median_f0, rms, stderr, stdout};
use docbao::{Document, Gender, Lang, RenderOptions, Renderer, Voices};

fn sample_for(lang: &Lang) -> &'static str {
    match lang {
        Lang::Vi => "Hôm nay, hội nghị đã thông qua nghị quyết về phát triển kinh tế của tỉnh.",
        _ => "Today the council approved the plan to build a new bridge over the river.",
    }
}

/// `docbao render` of a fixture to `out` with an optional `--voice`.
fn render(
    sandbox: &Sandbox,
    article: &str,
    out: &str,
    voice: Option<&str>,
) -> std::process::Output {
    let article = fixture(article);
    let mut args = vec!["render", article.to_str().unwrap(), "-o", out];
    args.extend(voice.iter().flat_map(|v| ["--voice", v]));
    sandbox.run(&args)
}

#[test]
fn every_builtin_voice_speaks_in_its_register() {
    // System voices speak straight to the sound card, not into renders: tests/system_voice.rs.
    let rendering = Voices::builtin();
    let rendering = rendering
        .iter()
        .filter(|v| v.engine != docbao::EngineKind::System);
    for voice in rendering {
        let lang = voice.lang();
        let doc = Document::from_text(sample_for(&lang), Some(lang.clone())).unwrap();
        let renderer = Renderer::new(voice, RenderOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", voice.id));
        let rendering = renderer
            .render(&doc)
            .unwrap_or_else(|e| panic!("{}: {e}", voice.id));
        let seconds = rendering.samples.len() as f64 / f64::from(rendering.timeline.sample_rate);
        assert!(
            (2.0..10.0).contains(&seconds),
            "{}: {seconds:.1} s for one sentence",
            voice.id
        );
        assert!(rms(&rendering.samples) > 500.0, "{} is silent", voice.id);
        let f0 = median_f0(&rendering.samples, rendering.timeline.sample_rate);
        match voice.gender {
            Gender::Female => assert!(
                f0 > 175.0,
                "{} is meant to be female but speaks at {f0:.0} Hz",
                voice.id
            ),
            Gender::Male => assert!(
                f0 < 140.0,
                "{} is meant to be male but speaks at {f0:.0} Hz",
                voice.id
            ),
            Gender::Neutral => {}
        }
    }
}

#[test]
fn default_voice_follows_the_language_and_is_female() {
    let sandbox = Sandbox::new();
    for (article, id) in [
        ("vi-article.txt", "vi-female"),
        ("en-article.txt", "en-female"),
    ] {
        let output = render(&sandbox, article, "out.wav", None);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stderr(&output).contains(&format!("({id})")),
            "{article}: {}",
            stderr(&output)
        );
    }
    let (rate, samples) = decode(&sandbox.path("out.wav"));
    assert!(median_f0(&samples, rate) > 175.0);
}

#[test]
fn voice_by_id_or_name() {
    let sandbox = Sandbox::new();
    for (query, id) in [
        ("vi-male", "vi-male"),
        ("Giọng nữ miền Nam", "vi-south-female"),
        ("giọng nữ miền trung", "vi-central-female"),
    ] {
        let output = render(&sandbox, "vi-article.txt", "out.wav", Some(query));
        assert!(output.status.success(), "{query}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(&format!("({id})")),
            "{query}: {}",
            stderr(&output)
        );
    }
    let output = render(&sandbox, "vi-article.txt", "out.wav", Some("espeak:vi+f2"));
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn lists_every_builtin_voice_as_available() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["voices"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = stdout(&output);
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        [
            "ID",
            "NAME",
            "LANGUAGE",
            "GENDER",
            "ENGINE",
            "QUALITY",
            "SPEAKERS",
            "AVAILABLE"
        ]
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), Voices::builtin().iter().count(), "{table}");
    assert!(rows.len() >= 8, "{table}");
    for voice in Voices::builtin().iter() {
        let row = rows
            .iter()
            .find(|r| r.starts_with(&format!("{} ", voice.id)))
            .unwrap_or_else(|| panic!("{} missing", voice.id));
        // The speech service is not running in the sandbox: its voices are listed as not
        // available, with the reason.
        let available = if voice.engine == docbao::EngineKind::System {
            "no: the system speech engine cannot start"
        } else {
            "yes"
        };
        for field in [
            voice.name.as_str(),
            voice.language.as_str(),
            voice.gender.as_str(),
            voice.engine.as_str(),
            available,
        ] {
            assert!(row.contains(field), "{row:?} lacks {field}");
        }
    }
    let default = rows.iter().find(|r| r.starts_with("vi-female ")).unwrap();
    assert!(default.contains("default for vi"), "{default}");
}

#[test]
fn filters_by_language_and_gender() {
    let sandbox = Sandbox::new();
    let ids = |args: &[&str]| -> Vec<String> {
        let output = sandbox.run(args);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&["voices", "--lang", "vi", "--gender", "female"]),
        [
            "vi-central-female",
            "vi-female-system",
            "vi-female",
            "vi-south-female"
        ]
    );
    assert_eq!(ids(&["voices", "--lang", "en"]), ["en-female", "en-male"]);
    assert_eq!(
        ids(&["voices", "--gender", "male"]),
        ["en-male", "vi-male-command", "vi-male"]
    );
    assert_eq!(ids(&["voices", "--engine", "command"]), ["vi-male-command"]);
    let none = sandbox.run(&["voices", "--lang", "de"]);
    assert!(!none.status.success());
    assert!(
        stderr(&none).contains("no voice matches language de"),
        "{}",
        stderr(&none)
    );
}

#[test]
fn user_folder_adds_overrides_and_reports_bad_profiles() {
    let sandbox = Sandbox::new();
    sandbox.add_user_voice(
        "mine.toml",
        "id = \"my-voice\"\nname = \"Giọng của tôi\"\nlanguage = \"vi\"\ngender = \"female\"\nengine = \"espeak\"\nrate_wpm = 200\n[espeak]\nvoice = \"vi+f5\"\n",
    );
    sandbox.add_user_voice(
        "override.toml",
        "id = \"vi-male\"\nname = \"Giọng nam trầm\"\nlanguage = \"vi\"\ngender = \"male\"\nengine = \"espeak\"\n[espeak]\nvoice = \"vi\"\npitch = 30\n",
    );
    sandbox.add_user_voice(
        "missing-variant.toml",
        "id = \"ghost\"\nname = \"Ghost\"\nlanguage = \"vi\"\ngender = \"neutral\"\nengine = \"espeak\"\n[espeak]\nvoice = \"vi+nosuchvariant\"\n",
    );
    sandbox.add_user_voice("broken.toml", "id = \"broken\"\nname = ");

    let output = sandbox.run(&["voices"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = stdout(&output);
    let row = |id: &str| {
        table
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} missing:\n{table}"))
            .to_string()
    };
    assert!(row("my-voice").contains("Giọng của tôi") && row("my-voice").contains("yes"));
    // The user's female Vietnamese voice comes before the built-in one as the default.
    assert!(row("my-voice").contains("default for vi"), "{table}");
    assert!(row("vi-male").contains("Giọng nam trầm"), "{table}");
    assert!(
        row("ghost").contains("no: the espeak speech engine has no voice 'vi+nosuchvariant'"),
        "{}",
        row("ghost")
    );
    assert!(
        stderr(&output).contains("broken.toml"),
        "no warning for the broken file: {}",
        stderr(&output)
    );

    let rendered = render(&sandbox, "vi-article.txt", "out.wav", Some("Giọng của tôi"));
    assert!(rendered.status.success(), "{}", stderr(&rendered));
    let ghost = render(&sandbox, "vi-article.txt", "out2.wav", Some("ghost"));
    assert_eq!(ghost.status.code(), Some(1));
    assert!(
        stderr(&ghost).contains("has no voice 'vi+nosuchvariant'"),
        "{}",
        stderr(&ghost)
    );
    assert!(!sandbox.path("out2.wav").exists());
}
