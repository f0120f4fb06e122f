/* notify.h: the systemd notification protocol (sd_notify(3)) without
 * libsystemd: one datagram to the socket named by $NOTIFY_SOCKET (a path,
 * or "@name" for an abstract socket). With no $NOTIFY_SOCKET (not started
 * by systemd, or no Type=notify) every call does nothing. */
#ifndef COACH_NOTIFY_H
#define COACH_NOTIFY_H

#include <stdbool.h>

/* Sends state ("READY=1", "WATCHDOG=1", "STOPPING=1", "STATUS=..."); true
 * when it was sent, false when there is no socket or it failed (nothing
 * to do about it: systemd is told on a best-effort basis). */
bool notify_send(const char *state);

/* Sends WATCHDOG=1 when the last was sent at least interval_s ago
 * (CLOCK_MONOTONIC); cheap enough for every turn of a control loop. */
void notify_watchdog(double interval_s);

#endif
