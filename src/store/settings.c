/* settings.c: the user's settings file, read strictly and written whole. */
#include "settings.h"
#include "../audio/level.h"
#include "../core/defaults.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/arena.h"
#include "../core/fileio.h"
#include "../routine/schema.h"
#include "../routine/ytree.h"
#include "../tts/tts.h"

const char *const settings_voices[] = {"en-us", "en-gb", "en-us+f3", "en-gb+m3", "en-us+m7", NULL};
static const char *const voice_names[] = {"American English", "British English",
                                          "American English, a higher voice",
                                          "British English, a lower voice",
                                          "American English, a deeper voice"};

const char *settings_voice_name(const char *voice)
{
    for (int i = 0; settings_voices[i]; i++)
        if (strcmp(settings_voices[i], voice) == 0)
            return voice_names[i];
    return voice;
}
static const char *const detail_names[] = {"brief", "normal", "detailed", NULL};
static const char *const listening_names[] = {"open", "attention", "keys", NULL};

static const keyspec settings_keys[] = {
    {"rate", KT_INT, 80, 450, false, "speech rate in words per minute", NULL},
    {"volume", KT_INT, 10, 100, false, "loudness, 10 to 100 (never silent: the coach is heard, not seen)", NULL},
    {"detail", KT_ENUM, 0, 0, false, "how much the coach says", detail_names},
    {"voice", KT_TEXT, 1, 63, false, "an eSpeak NG voice, such as en-us or en-gb+m3", NULL},
    {"ask_next_day", KT_BOOL, 0, 0, false, "ask how your back has been since the last session", NULL},
    {"menu_timeout", KT_INT, 0, 600, false, "seconds a menu waits before it reminds you, 0 for never", NULL},
    {"listening", KT_ENUM, 0, 0, false, "what the coach listens for: open, attention (commands after 'coach') or keys", listening_names},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};

settings settings_default(void)
{
    settings s = {0, -1, DETAIL_NORMAL, "", true, 10, LISTENING_OPEN};
    return s;
}

const char *settings_detail_name(detail_level d)
{
    return d >= DETAIL_BRIEF && d <= DETAIL_DETAILED ? detail_names[d] : "normal";
}

const char *settings_listening_name(listening_mode l)
{
    return l >= LISTENING_OPEN && l <= LISTENING_KEYS ? listening_names[l] : "open";
}

coach_err settings_default_path(char *buf, size_t size, coach_diags *diags)
{
    const char *cfg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int n;
    if (cfg && cfg[0] == '/')
        n = snprintf(buf, size, "%s/coach/config.yaml", cfg);
    else if (home && *home)
        n = snprintf(buf, size, "%s/.config/coach/config.yaml", home);
    else {
        coach_diags_add(diags, NULL, 0, 0, "there is no place for settings: set HOME or XDG_CONFIG_HOME");
        return COACH_ERR_UNAVAILABLE;
    }
    if (n < 0 || (size_t)n >= size) {
        coach_diags_add(diags, NULL, 0, 0, "the settings file's name is too long");
        return COACH_ERR_USAGE;
    }
    return COACH_OK;
}

coach_err settings_parse(const char *name, const char *text, size_t len, settings *out,
                         coach_diags *diags)
{
    settings s = settings_default();
    *out = s;
    arena *a = arena_create();
    if (!a)
        return COACH_ERR_NOMEM;
    ynode *root = NULL;
    coach_err err = ytree_parse(name, text, len, a, &root, diags);
    schema_ctx c = {name, diags, a, err ? 1 : 0, 0};
    if (!err && root) {
        if (schema_expect_map(&c, root, "the settings file")) {
            schema_check_keys(&c, root, settings_keys, NULL, "the settings");
            schema_int(&c, root, settings_keys, "rate", &s.rate);
            schema_int(&c, root, settings_keys, "volume", &s.volume);
            int d = s.detail;
            if (schema_enum(&c, root, settings_keys, "detail", &d) == 1)
                s.detail = (detail_level)d;
            const char *voice = NULL;
            if (schema_text(&c, root, settings_keys, "voice", &voice) == 1) {
                const ynode *v = ytree_get(root, "voice");
                if (tts_voice_check(voice, name, v->line, v->column, COACH_ERR_DATA, diags))
                    c.errors++;
                snprintf(s.voice, sizeof s.voice, "%s", voice);
            }
            schema_bool(&c, root, settings_keys, "ask_next_day", &s.ask_next_day);
            schema_int(&c, root, settings_keys, "menu_timeout", &s.menu_timeout);
            int l = s.listening;
            if (schema_enum(&c, root, settings_keys, "listening", &l) == 1)
                s.listening = (listening_mode)l;
        }
    }
    arena_destroy(a);
    if (err || c.errors)
        return err == COACH_ERR_NOMEM ? err : COACH_ERR_DATA;
    *out = s;
    return COACH_OK;
}

coach_err settings_load(const char *path, settings *out, coach_diags *diags)
{
    *out = settings_default();
    /* a FIFO, a device or a folder as config.yaml is refused, not waited on */
    int fd;
    coach_err err = coach_open_read(path, COACH_OPEN_MISSING_OK, &fd, diags);
    if (err || fd < 0)
        return err;
    char buf[8192];
    size_t n = 0;
    bool bad = false;
    while (n < sizeof buf) {
        ssize_t k = read(fd, buf + n, sizeof buf - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            bad = true;
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    bool too_big = n == sizeof buf;
    close(fd);
    if (bad) {
        coach_diags_add(diags, path, 0, 0, "cannot read the settings");
        return COACH_ERR_IO;
    }
    if (too_big) {
        coach_diags_add(diags, path, 0, 0, "the settings file is over 8 KiB; it holds a few short lines");
        return COACH_ERR_DATA;
    }
    return settings_parse(path, buf, n, out, diags);
}

void settings_write(const settings *s, FILE *f)
{
    fputs("# coach's settings (docs/menu.md). Change them by voice in the menu's\n"
          "# settings, or here; `coach config` prints them.\n", f);
    if (s->rate > 0)
        fprintf(f, "rate: %d            # speech rate, words a minute (80-450)\n", s->rate);
    else
        fprintf(f, "# rate: %d         # speech rate, words a minute (80-450); unset: each routine's\n",
                COACH_DEFAULT_RATE);
    /* the level it means (docs/audio.md): 3 dB a step of 10 around -18 LUFS */
    int v = s->volume >= 0 ? s->volume : COACH_DEFAULT_VOLUME;
    char level[48] = "silent";
    if (v > 0)
        snprintf(level, sizeof level, "about %.0f LUFS", LEVEL_TARGET_LUFS + 0.3 * (v - LEVEL_VOLUME_REF));
    if (s->volume >= 0)
        fprintf(f, "volume: %d          # 0-100, 3 dB a step of 10: %s\n", s->volume, level);
    else
        fprintf(f, "# volume: %d        # 0-100, 3 dB a step of 10: %s; unset: each routine's\n",
                COACH_DEFAULT_VOLUME, level);
    fprintf(f, "detail: %s       # brief, normal or detailed: how much the coach says\n",
            settings_detail_name(s->detail));
    if (s->voice[0])
        fprintf(f, "voice: %s\n", s->voice);
    else
        fputs("# voice: en-us      # an eSpeak NG voice; unset: each routine's\n", f);
    fprintf(f, "ask_next_day: %s   # ask how your back has been since the last session\n",
            s->ask_next_day ? "true" : "false");
    fprintf(f, "menu_timeout: %d     # seconds a menu waits before it reminds you; 0: never\n",
            s->menu_timeout);
    fprintf(f, "listening: %s      # open, attention (commands after \"coach\") or keys (no microphone)\n",
            settings_listening_name(s->listening));
}

/* mkdir -p of path's folder, 0700. */
static int make_parent(const char *path)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
        return -1;
    char *slash = strrchr(tmp, '/');
    if (!slash || slash == tmp)
        return 0;
    *slash = '\0';
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(tmp, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

coach_err settings_save(const char *path, const settings *s, coach_diags *diags)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (make_parent(path) != 0) {
        coach_diags_add(diags, path, 0, 0, "cannot make the settings folder: %s", strerror(errno));
        return COACH_ERR_IO;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        coach_diags_add(diags, path, 0, 0, "cannot save the settings: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return COACH_ERR_IO;
    }
    settings_write(s, f);
    bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        coach_diags_add(diags, path, 0, 0, "cannot save the settings: %s", strerror(errno));
        unlink(tmp);
        return COACH_ERR_IO;
    }
    return COACH_OK;
}
