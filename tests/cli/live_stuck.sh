#!/usr/bin/env bash
# live_stuck.sh COACH SRC [CASES]: a sound server that is stuck, not gone (issue 16).
# A stopped PulseAudio (SIGSTOP: it keeps its socket and never answers)
# once made `coach run` wait for ever: in PortAudio's start while its ALSA
# plugin connected, in the live loop while the output's clock stood still,
# and in stopping the microphone's stream. With a private server (GUIDE §9):
#  1. stopped before `coach run` starts: it exits 69 and says the server is
#     stuck, within PACALL_LIMIT_S (10 s) and a margin;
#  2. stopped mid-session: the session ends by itself (69), and the log and
#     the timeline end it as interrupted;
#  3. stopped mid-session, then SIGTERM: the coach ends soon (143), logged
#     as interrupted;
#  4. the kiosk, stopped mid-session: it ends (69) for systemd to start it
#     again, rather than waiting for ever;
#  5. a server starved by the coach: two live coaches at once, listening,
#     on two cores. When their streams' threads ran at real-time priority,
#     PortAudio's ALSA thread spun on the busy server's plugin and starved
#     the server's ordinary main thread: both stood still for 25 minutes.
#     Both must end, as they would alone.
# CASES is 1-5 (all, the default) or 1-4. A run that does not end in time
# is killed (and fails). Exit 77 (skip) when PulseAudio is
# not installed.
set -u
coach=$(realpath "$1"); src=$(realpath "$2")
for t in pulseaudio pactl pacat; do
  command -v $t >/dev/null || { echo "SKIP: $t is not installed"; exit 77; }
done
tmp=$(mktemp -d)
. "$src/tests/pulse-env.sh"
pid=
cleanup() {
  [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null
  [ -n "${pid_b:-}" ] && kill -9 "$pid_b" 2>/dev/null
  [ -n "${spid:-}" ] && kill -CONT "$spid" 2>/dev/null
  pulse_stop
  rm -rf "$tmp"
}
pulse_kiosk_env   # SIGPIPE ignored, clients never start a server themselves
trap cleanup EXIT # (its own cleanup: the runs below, and a stopped server)
cd "$tmp" || exit 1
fail=0
bad() { echo "FAIL: $*"; fail=1; }
# waits up to $2 seconds for pattern $1 in file $3; true when found
wait_for() { local i; for i in $(seq $(( $2 * 20 ))); do grep -q "$1" "$3" 2>/dev/null && return 0; sleep 0.05; done; return 1; }
# waits up to $1 seconds for $pid to end; its exit status in $rc, or "hung"
wait_end() {
  local i
  rc=hung
  for i in $(seq $(( $1 * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; wait "$pid" 2>/dev/null; else wait "$pid"; rc=$?; fi
  pid=
}
# a fresh server for each case; $spid is its process
fresh_server() {
  [ -n "${spid:-}" ] && kill -CONT "$spid" 2>/dev/null
  pulse_stop
  for _ in $(seq 50); do pactl info >/dev/null 2>&1 || break; sleep 0.1; done
  pulse_start || { echo "FAIL: PulseAudio did not start"; exit 1; }
  spid=$(cat "$XDG_RUNTIME_DIR/pulse/pid")
}
# the log's last record, from a case's own state folder
last_record() { tail -n 1 "$1"/coach/sessions.jsonl 2>/dev/null; }
routine=$src/routines/desk-snack.yaml

echo "case 1: the server stopped before the coach starts"
fresh_server
kill -STOP "$spid"
XDG_STATE_HOME=$tmp/s1 "$coach" run "$routine" --no-mic 2> err1.txt & pid=$!
wait_end 40
[ "$rc" = 69 ] || bad "case 1: exit $rc, not 69"
grep -q 'sound server stopped answering' err1.txt || { bad "case 1: no word of a stuck server"; cat err1.txt; }

echo "case 2: the server stopped mid-session"
fresh_server
XDG_STATE_HOME=$tmp/s2 "$coach" run "$routine" --timeline tl2.jsonl 2> err2.txt & pid=$!
wait_for 'listening on' 40 err2.txt || { bad "case 2: the coach did not start listening"; cat err2.txt; }
sleep 3
kill -STOP "$spid"
wait_end 60
[ "$rc" = 69 ] || bad "case 2: exit $rc, not 69"
grep -q 'stopped responding' err2.txt || { bad "case 2: no word of the output standing still"; cat err2.txt; }
tail -n 1 tl2.jsonl | grep -q '"name":"session_end","reason":"interrupted"' ||
  bad "case 2: the timeline does not end the session: $(tail -n 1 tl2.jsonl)"
last_record s2 | grep -q '"session_end".*"interrupted"\|"interrupted".*"session_end"' ||
  bad "case 2: the log does not end the session: $(last_record s2)"

echo "case 3: the server stopped mid-session, then SIGTERM"
fresh_server
XDG_STATE_HOME=$tmp/s3 "$coach" run "$routine" --no-mic 2> err3.txt & pid=$!
wait_for 'playing on' 40 err3.txt || { bad "case 3: the coach did not start playing"; cat err3.txt; }
sleep 3
kill -STOP "$spid"
sleep 1
kill -TERM "$pid"
wait_end 30
[ "$rc" = 143 ] || { bad "case 3: exit $rc after SIGTERM, not 143"; cat err3.txt; }
last_record s3 | grep -q '"interrupted"' || bad "case 3: the log does not end the session: $(last_record s3)"

echo "case 4: the kiosk, the server stopped mid-session"
fresh_server
mkfifo keys
XDG_STATE_HOME=$tmp/s4 "$coach" kiosk --routine "$routine" --no-mic --timeline tl4.jsonl \
  --counts counts.txt < keys > out4.txt 2> err4.txt & pid=$!
exec 3> keys   # the button
wait_for '"name":"idle"' 40 tl4.jsonl || { bad "case 4: the kiosk did not start"; cat err4.txt; }
printf ' ' >&3
wait_for '"name":"session_start"' 10 tl4.jsonl || bad "case 4: the key did not start a session"
sleep 3
kill -STOP "$spid"
wait_end 60
exec 3>&-
[ "$rc" = 69 ] || { bad "case 4: the kiosk's exit $rc, not 69"; cat err4.txt; }
grep -q 'sound server stopped answering' err4.txt || { bad "case 4: no word of a stuck server"; cat err4.txt; }
grep -q 'last: interrupted' out4.txt || bad "case 4: the lost session was not counted: $(cat out4.txt)"

if [ "${3:-1-5}" = 1-5 ]; then
echo "case 5: two live coaches at once"
fresh_server
short=$src/tests/data/live/two-at-once.yaml   # 28 s
XDG_STATE_HOME=$tmp/s5 "$coach" run "$short" --no-log 2> err5a.txt & pid=$!
XDG_STATE_HOME=$tmp/s5 "$coach" run "$short" --no-log 2> err5b.txt & pid_b=$!
wait_end 120
rc_a=$rc; pid=$pid_b
wait_end 10
[ "$rc_a" = 0 ] && [ "$rc" = 0 ] || { bad "case 5: two coaches at once ended $rc_a and $rc, not 0 and 0"; cat err5a.txt err5b.txt; }
fi

[ "$fail" = 0 ] && echo "PASS: a stuck sound server ends each run with a clear word, logged"
exit "$fail"
