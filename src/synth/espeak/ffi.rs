//! The part of libespeak-ng's C API (`speak_lib.h`, 1.51) that docbao uses, written by hand.
//!
//! Only the engine thread in [`super::thread`] may call these: libespeak-ng keeps one global
//! engine per process and none of these functions is thread-safe.

use std::ffi::{c_char, c_int, c_short, c_uint, c_void};

/// `espeak_AUDIO_OUTPUT::AUDIO_OUTPUT_SYNCHRONOUS`: audio comes back through the callback and
/// `espeak_Synth` returns only when synthesis is complete.
pub const AUDIO_OUTPUT_SYNCHRONOUS: c_int = 2;
/// `espeakINITIALIZE_DONT_EXIT`: report a missing data directory instead of calling `exit()`.
pub const INITIALIZE_DONT_EXIT: c_int = 0x8000;
/// `espeakCHARS_UTF8`.
pub const CHARS_UTF8: c_uint = 1;
/// `espeak_POSITION_TYPE::POS_CHARACTER`.
pub const POS_CHARACTER: c_int = 1;

/// `espeakPHONEMES_IPA`: `espeak_TextToPhonemes` writes IPA (UTF-8) rather than espeak's
/// ASCII phoneme names.
pub const PHONEMES_IPA: c_int = 0x02;

/// `espeak_ERROR::EE_OK`.
pub const EE_OK: c_int = 0;

/// `espeak_PARAMETER` values.
pub const PARAM_RATE: c_int = 1;
pub const PARAM_VOLUME: c_int = 2;
pub const PARAM_PITCH: c_int = 3;
pub const PARAM_RANGE: c_int = 4;

/// `espeak_EVENT_TYPE` values.
pub const EVENT_LIST_TERMINATED: c_int = 0;
pub const EVENT_WORD: c_int = 1;

/// `espeak_EVENT`.
#[repr(C)]
pub struct Event {
    pub kind: c_int,
    pub unique_identifier: c_uint,
    /// 1-based character (code point) position in the text of the `espeak_Synth` call.
    pub text_position: c_int,
    /// Word length in characters, for word events.
    pub length: c_int,
    /// Milliseconds from the start of this call's audio.
    pub audio_position: c_int,
    /// Sample offset from the start of this call's audio.
    pub sample: c_int,
    pub user_data: *mut c_void,
    /// `union { int number; const char *name; char string[8]; }`.
    pub id: [u8; 8],
}

/// `t_espeak_callback`: return 0 to continue, 1 to abort synthesis.
pub type SynthCallback =
    unsafe extern "C" fn(wav: *mut c_short, samples: c_int, events: *mut Event) -> c_int;

// Linked by build.rs: the static archive with no audio output where it is installed.
unsafe extern "C" {
    pub fn espeak_Initialize(
        output: c_int,
        buflength: c_int,
        path: *const c_char,
        options: c_int,
    ) -> c_int;
    pub fn espeak_SetSynthCallback(callback: Option<SynthCallback>);
    pub fn espeak_SetVoiceByName(name: *const c_char) -> c_int;
    pub fn espeak_SetParameter(parameter: c_int, value: c_int, relative: c_int) -> c_int;
    #[allow(clippy::too_many_arguments)]
    pub fn espeak_Synth(
        text: *const c_void,
        size: usize,
        position: c_uint,
        position_type: c_int,
        end_position: c_uint,
        flags: c_uint,
        unique_identifier: *mut c_uint,
        user_data: *mut c_void,
    ) -> c_int;
    /// Translates one clause of `*text` to phonemes and moves `*text` past it (to NULL at
    /// the end). The returned string belongs to libespeak-ng until the next call.
    pub fn espeak_TextToPhonemes(
        text: *mut *const c_void,
        textmode: c_int,
        phonememode: c_int,
    ) -> *const c_char;
    pub fn espeak_Info(path_data: *mut *const c_char) -> *const c_char;
}

unsafe extern "C" {
    /// The C library's `srand`: libespeak-ng draws breath noise from `rand()`, whose sequence
    /// other libraries in the process may move on (libpulse seeds it).
    pub fn srand(seed: c_uint);
}
