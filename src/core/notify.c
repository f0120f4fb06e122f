/* notify.c: sd_notify without libsystemd. */
#include "notify.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

bool notify_send(const char *state)
{
    const char *path = getenv("NOTIFY_SOCKET");
    if (!path || !state)
        return false;
    size_t len = strlen(path);
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    /* a path needs its NUL; an abstract name ("@" for the leading NUL) does not */
    if ((path[0] != '/' && path[0] != '@') || len < 2 ||
        len > sizeof addr.sun_path - (path[0] == '/' ? 1 : 0))
        return false;
    memcpy(addr.sun_path, path, len);
    if (path[0] == '@')
        addr.sun_path[0] = '\0'; /* abstract: no file, the name follows a NUL */
    socklen_t alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
                                 (path[0] == '@' ? 0 : 1));
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    ssize_t n = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (const struct sockaddr *)&addr, alen);
    close(fd);
    return n == (ssize_t)strlen(state);
}

void notify_watchdog(double interval_s)
{
    static double last = -1e9;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    double now = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
    if (now - last < interval_s)
        return;
    last = now;
    notify_send("WATCHDOG=1");
}
