/* keys.c: raw terminal input, polled without blocking. */
#include "keys.h"

#include "../session/commands.h"

#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved;
static volatile sig_atomic_t raw;  /* the terminal is in raw mode */
static bool open_, ended;

static void restore(void)
{
    if (raw) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        raw = 0;
    }
}

static struct termios raw_mode;

/* Ctrl-C, SIGTERM, SIGHUP, SIGQUIT: the terminal back as it was, then the
 * default action. */
static void on_signal(int sig)
{
    restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_continue(int sig);

/* Ctrl-Z (SIGTSTP): the terminal back as it was while stopped. */
static void on_stop(int sig)
{
    (void)sig;
    bool was_raw = raw;
    restore();
    raw = was_raw ? 2 : 0; /* 2: raw again when continued */
    signal(SIGTSTP, SIG_DFL);
    raise(SIGTSTP);
}

/* SIGCONT: raw mode again, and Ctrl-Z caught again. */
static void on_continue(int sig)
{
    (void)sig;
    if (raw == 2 && tcsetattr(STDIN_FILENO, TCSANOW, &raw_mode) == 0)
        raw = 1;
    else if (raw == 2)
        raw = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigaction(SIGTSTP, &sa, NULL);
}

bool keys_open(void)
{
    open_ = true;
    ended = false;
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved) != 0)
        return false;
    struct termios t = saved;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &t) != 0)
        return false;
    raw_mode = t;
    raw = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    sa.sa_handler = on_stop;
    sigaction(SIGTSTP, &sa, NULL);
    sa.sa_handler = on_continue;
    sigaction(SIGCONT, &sa, NULL);
    static bool registered;
    if (!registered)
        registered = atexit(restore) == 0;
    return true;
}

int keys_read(void *ctx)
{
    (void)ctx;
    if (!open_ || ended)
        return -1;
    struct pollfd p = {STDIN_FILENO, POLLIN, 0};
    if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
        return -1;
    unsigned char ch;
    ssize_t n = read(STDIN_FILENO, &ch, 1);
    if (n <= 0) {
        ended = true; /* end of input (a pipe closed, /dev/null): no more keys */
        return -1;
    }
    if (ch != 27)
        return ch == '\r' ? '\n' : ch;
    /* an arrow is ESC [ A-D, sent at once; a lone ESC is the escape key */
    unsigned char seq[2];
    struct pollfd q = {STDIN_FILENO, POLLIN, 0};
    if (poll(&q, 1, 20) <= 0 || read(STDIN_FILENO, &seq[0], 1) != 1 || seq[0] != '[')
        return KEY_ESCAPE;
    if (poll(&q, 1, 20) <= 0 || read(STDIN_FILENO, &seq[1], 1) != 1)
        return KEY_ESCAPE;
    switch (seq[1]) {
    case 'A': return KEY_UP;
    case 'B': return KEY_DOWN;
    case 'C': return KEY_RIGHT;
    case 'D': return KEY_LEFT;
    default: return KEY_ESCAPE;
    }
}

void keys_restore_now(void)
{
    restore();
}

void keys_close(void)
{
    restore();
    open_ = false;
}
