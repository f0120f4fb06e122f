#!/usr/bin/env bash
# live_menu.sh COACH SRC: the spoken menu live, by keyboard, through a
# private PulseAudio server (GUIDE §9): escape opens the menu, the down arrow
# and enter choose "List routines", "2" starts the second routine (a short
# session, played and logged), the menu comes back after it, and q quits.
# The arrows are typed as a terminal sends them (ESC [ B). Exit 77 (skip)
# when PulseAudio is not installed.
set -u
coach=$(realpath "$1"); src=$(realpath "$2")
for t in pulseaudio pactl pacat; do
  command -v $t >/dev/null || { echo "SKIP: $t is not installed"; exit 77; }
done
tmp=$(mktemp -d)
. "$src/tests/pulse-env.sh"
cleanup() {
  pulse_stop
  rm -rf "$tmp"
}
trap cleanup EXIT
pulse_start || { echo "FAIL: PulseAudio did not start"; exit 1; }
cd "$tmp" || exit 1
export XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state
fail=0
start=$(date +%s)
# the second routine of tests/data/menu is b-second (about 20 s)
{ sleep 6; printf '\033'; sleep 4; printf '\033[B'; sleep 2; printf '\n'; sleep 6; printf '2'
  sleep 35; printf 'q'; sleep 5; } |
  timeout 100 "$coach" menu --no-mic --routines "$src/tests/data/menu" --timeline menu.jsonl 2> menu.err
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: the live menu exited $rc"; cat menu.err; fail=1; }
log=$XDG_STATE_HOME/coach/sessions.jsonl
grep -q '"event":"session_start","t":0.000,"routine":"b-second"' "$log" 2>/dev/null &&
  grep -q '"event":"session_end".*"reason":"completed"' "$log" ||
  { echo "FAIL: the chosen session was not played to its end and logged"; cat "$log" 2>/dev/null; cat menu.err; fail=1; }
# the timeline is the last menu's: back after the session, then quit
grep -q '"name":"menu","kind":"main"' menu.jsonl && grep -q '"name":"choose","kind":"main","answer":"quit"' menu.jsonl ||
  { echo "FAIL: the menu did not come back and quit:"; cat menu.jsonl; fail=1; }
[ $(( $(date +%s) - start )) -lt 95 ] || { echo "FAIL: the menu took too long"; fail=1; }
[ $fail -eq 0 ] && echo "live menu: keys opened the menu, listed the routines, started the second, came back after it and quit"
exit $fail
