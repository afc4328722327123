/* libespeak-ng opens an audio device (through pcaudiolib) in espeak_Initialize even when it is
 * asked for synthesis only: with a PulseAudio server that is frozen or slow, that probe alone
 * stalls the start for 30 seconds. docbao never lets libespeak-ng play anything (it collects
 * the samples through a callback and plays them itself), so where it links libespeak-ng
 * statically it supplies pcaudiolib's few entry points here: no device is ever created, and
 * every call on the (absent) device is a no-op. libespeak-ng checks for a NULL device. */
#include <stddef.h>
#include <stdint.h>

struct audio_object;

struct audio_object *create_audio_device_object(const char *device, const char *application_name,
                                                const char *description) {
    (void)device;
    (void)application_name;
    (void)description;
    return NULL;
}

int audio_object_open(struct audio_object *object, int format, uint32_t rate, uint8_t channels) {
    (void)object;
    (void)format;
    (void)rate;
    (void)channels;
    return 0;
}

void audio_object_close(struct audio_object *object) { (void)object; }

void audio_object_destroy(struct audio_object *object) { (void)object; }

int audio_object_write(struct audio_object *object, const void *data, size_t bytes) {
    (void)object;
    (void)data;
    (void)bytes;
    return 0;
}

int audio_object_drain(struct audio_object *object) {
    (void)object;
    return 0;
}

int audio_object_flush(struct audio_object *object) {
    (void)object;
    return 0;
}

const char *audio_object_strerror(struct audio_object *object, int error) {
    (void)object;
    (void)error;
    return "no audio output";
}
