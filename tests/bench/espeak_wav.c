/* espeak_wav.c: espeak_wav VOICE RATE OUT.wav TEXT...
 *
 * Says TEXT with eSpeak NG's VOICE (for example en-us, en+m3, en+f2) at RATE
 * words per minute and writes it to OUT.wav (16-bit mono, at eSpeak's own
 * rate, 22050 Hz). It does what `espeak-ng -v VOICE -s RATE -w OUT.wav TEXT`
 * does, through the library the project already depends on
 * (libespeak-ng-dev), so the ASR benchmark does not need the espeak-ng
 * program, which Debian packages separately. Built by tests/bench/asr_corpus.sh:
 *   cc -std=c17 -O2 -Wall -Wextra -o espeak_wav espeak_wav.c -lespeak-ng
 * Exits 0 on success, 64 on a usage error, 69 if eSpeak NG cannot start or
 * does not know VOICE, 74 on a write error. */
#include <espeak-ng/speak_lib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static short *pcm;          /* every sample eSpeak has produced */
static size_t n_pcm, cap_pcm;
static int oom;

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
    (void)events;
    if (!wav || n <= 0)
        return 0;
    if (n_pcm + (size_t)n > cap_pcm) {
        size_t cap = cap_pcm ? cap_pcm : 65536;
        while (cap < n_pcm + (size_t)n)
            cap *= 2;
        short *p = realloc(pcm, cap * sizeof *p);
        if (!p) {
            oom = 1;
            return 1; /* stop synthesis */
        }
        pcm = p;
        cap_pcm = cap;
    }
    memcpy(pcm + n_pcm, wav, (size_t)n * sizeof *wav);
    n_pcm += (size_t)n;
    return 0;
}

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static int write_wav(const char *path, int rate)
{
    unsigned char h[44];
    uint32_t data = (uint32_t)(n_pcm * 2);
    memcpy(h, "RIFF", 4);
    put_le(h + 4, 36 + data, 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_le(h + 16, 16, 4);                 /* fmt chunk size */
    put_le(h + 20, 1, 2);                  /* PCM */
    put_le(h + 22, 1, 2);                  /* mono */
    put_le(h + 24, (uint32_t)rate, 4);
    put_le(h + 28, (uint32_t)rate * 2, 4); /* bytes per second */
    put_le(h + 32, 2, 2);                  /* block align */
    put_le(h + 34, 16, 2);                 /* bits per sample */
    memcpy(h + 36, "data", 4);
    put_le(h + 40, data, 4);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(h, 1, sizeof h, f) == sizeof h;
    for (size_t i = 0; ok && i < n_pcm; i++) { /* little-endian whatever the host */
        unsigned char s[2];
        put_le(s, (uint16_t)pcm[i], 2);
        ok = fwrite(s, 1, 2, f) == 2;
    }
    return fclose(f) == 0 && ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fputs("usage: espeak_wav VOICE RATE OUT.wav TEXT...\n", stderr);
        return 64;
    }
    int wpm = atoi(argv[2]);
    if (wpm < 80 || wpm > 450) {
        fprintf(stderr, "espeak_wav: rate %s is out of range (80-450)\n", argv[2]);
        return 64;
    }
    size_t len = 1;
    for (int i = 4; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *text = calloc(len, 1);
    if (!text)
        return 70;
    for (int i = 4; i < argc; i++) {
        if (i > 4)
            strcat(text, " ");
        strcat(text, argv[i]);
    }
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0) {
        fputs("espeak_wav: eSpeak NG did not start (is espeak-ng-data installed?)\n", stderr);
        return 69;
    }
    if (espeak_SetVoiceByName(argv[1]) != EE_OK) {
        fprintf(stderr, "espeak_wav: unknown voice '%s'\n", argv[1]);
        return 69;
    }
    espeak_SetParameter(espeakRATE, wpm, 0);
    espeak_SetSynthCallback(on_samples);
    espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
    espeak_Synchronize();
    espeak_Terminate();
    free(text);
    if (oom) {
        fputs("espeak_wav: out of memory\n", stderr);
        return 70;
    }
    if (write_wav(argv[3], rate) != 0) {
        fprintf(stderr, "espeak_wav: cannot write %s\n", argv[3]);
        return 74;
    }
    free(pcm);
    return 0;
}
