/* ALSA prints its configuration errors ("cannot find card '0'") straight to stderr when a
 * machine has no sound card. docbao reports a missing device in one sentence of its own, so
 * it replaces ALSA's error handler with one that says nothing. The handler is variadic, which
 * stable Rust cannot define: hence these few lines of C. */
#include <alsa/asoundlib.h>

static void docbao_alsa_silent(const char *file, int line, const char *function, int err, const char *fmt, ...) {
    (void)file;
    (void)line;
    (void)function;
    (void)err;
    (void)fmt;
}

void docbao_alsa_quiet(void) {
    snd_lib_error_set_handler(docbao_alsa_silent);
}
