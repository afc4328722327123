//! The voices a client may ask for: those that can render on this machine, by id or name —
//! never a voice made up from the request (`espeak:…`, a model file's path) — and OpenAI's
//! voice names, which take the default voice of the text's language (female or male as the
//! name is).

use serde_json::{Value, json};

use super::error::ApiError;
use crate::voice::Origin;
use crate::{EngineKind, Gender, Lang, Voice, VoiceError, Voices, synth};

/// OpenAI's voices that sound female (or neutral: alloy), and those that sound male.
const OPENAI_FEMALE: &[&str] = &["alloy", "coral", "nova", "sage", "shimmer", "marin"];
const OPENAI_MALE: &[&str] = &["ash", "ballad", "echo", "fable", "onyx", "verse", "cedar"];

pub(crate) struct Catalog {
    /// Every voice known (for the order of defaults).
    all: Voices,
    /// The ids of those that render here.
    usable: Vec<String>,
}

impl Catalog {
    /// The built-in voices, the user's and the installed ones that can render here (checked
    /// once, at start).
    pub fn load() -> Catalog {
        let all = Voices::builtin().and_user();
        let usable = all
            .iter()
            .filter(|v| v.engine != EngineKind::System && synth::check(v).is_ok())
            .map(|v| v.id.clone())
            .collect();
        Catalog { all, usable }
    }

    pub fn is_empty(&self) -> bool {
        self.usable.is_empty()
    }

    pub fn len(&self) -> usize {
        self.usable.len()
    }

    fn is_usable(&self, voice: &Voice) -> bool {
        self.usable.contains(&voice.id)
    }

    /// The usable voices, in catalog order (for `lang` only, when given: best first).
    /// External programs' voices (the command engine) come last.
    pub fn list<'a>(&'a self, lang: Option<&'a Lang>) -> Vec<&'a Voice> {
        let mut list: Vec<&Voice> = match lang {
            Some(lang) => self
                .all
                .for_language(lang)
                .filter(|v| self.is_usable(v))
                .collect(),
            None => self.all.iter().filter(|v| self.is_usable(v)).collect(),
        };
        list.sort_by_key(|v| v.engine == EngineKind::Command);
        list
    }

    /// The voice `query` names for a text in `lang`; the language's default without one.
    pub fn choose(&self, query: Option<&str>, lang: &Lang) -> Result<Voice, ApiError> {
        let Some(query) = query.map(str::trim).filter(|q| !q.is_empty()) else {
            return self.default_for(lang, Gender::Female);
        };
        let lower = query.to_lowercase();
        if OPENAI_FEMALE.contains(&lower.as_str()) {
            return self.default_for(lang, Gender::Female);
        }
        if OPENAI_MALE.contains(&lower.as_str()) {
            return self.default_for(lang, Gender::Male);
        }
        let unknown = || {
            ApiError::bad_request(
                "unknown_voice",
                format!("there is no voice '{query}' on this server: GET /api/voices lists them"),
            )
            .param("voice")
        };
        if lower.starts_with("espeak:") || lower.ends_with(".onnx") || query.contains(['/', '\\']) {
            return Err(unknown());
        }
        match self.all.find(query) {
            Ok(voice) if self.is_usable(&voice) => Ok(voice),
            Ok(_) => Err(ApiError::bad_request(
                "voice_unavailable",
                format!("the voice '{query}' cannot speak on this server"),
            )
            .param("voice")),
            Err(error @ VoiceError::Unknown { .. }) => Err(ApiError::from_voice(&error)),
            Err(_) => Err(unknown()),
        }
    }

    /// The default voice for `lang`, of `gender` if there is one.
    fn default_for(&self, lang: &Lang, gender: Gender) -> Result<Voice, ApiError> {
        let candidates = self.list(Some(lang));
        // (An external program's voice, one process per sentence, comes last.)
        candidates
            .iter()
            .find(|v| v.gender == gender)
            .or_else(|| candidates.first())
            .map(|v| (*v).clone())
            .ok_or_else(|| {
                ApiError::new(
                    axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                    "no_voice",
                    format!("this server has no voice for the language '{lang}'"),
                )
                .param("voice")
            })
    }
}

/// A voice as the API shows it.
pub(crate) fn describe(voice: &Voice, default: bool) -> Value {
    json!({
        "id": voice.id,
        "name": voice.name,
        "language": voice.language,
        "gender": voice.gender.as_str(),
        "engine": voice.engine.as_str(),
        "natural": matches!(voice.origin, Origin::Installed(_)) || voice.engine == EngineKind::Piper,
        "default": default,
    })
}
