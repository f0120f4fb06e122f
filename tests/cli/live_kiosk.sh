#!/usr/bin/env bash
# live_kiosk.sh COACH SRC: the live kiosk outlives its sound server. With a
# private PulseAudio (GUIDE §9), `coach kiosk` idles; a key (the button,
# typed through a pipe) starts the desk snack; PulseAudio is killed
# mid-session and started again on the same socket. The kiosk must notice
# (the output's clock stands still), wait without a word, come back to
# idle by itself, start a second session on a key, and end cleanly on
# SIGTERM. Prints the recovery time (server back to kiosk idle). Exit 77
# (skip) when PulseAudio is not installed.
set -u
coach=$(realpath "$1"); src=$(realpath "$2")
for t in pulseaudio pactl pacat; do
  command -v $t >/dev/null || { echo "SKIP: $t is not installed"; exit 77; }
done
tmp=$(mktemp -d)
. "$src/tests/pulse-env.sh"
pulse_kiosk_env
pulse_start || { echo "FAIL: PulseAudio did not start"; exit 1; }
cd "$tmp" || exit 1
fail=0
bad() { echo "FAIL: $*"; fail=1; }
now() { date +%s.%N; }
# waits up to $2 seconds for pattern $1 in file $3; true when found
wait_for() { local i; for i in $(seq $(( $2 * 20 ))); do grep -q "$1" "$3" 2>/dev/null && return 0; sleep 0.05; done; return 1; }
count() { grep -c "$1" "$2" 2>/dev/null || true; }

mkfifo keys
"$coach" kiosk --routine "$src/routines/desk-snack.yaml" --no-mic --timeline tl.jsonl \
  --counts counts.txt < keys > out.txt 2> err.txt & kiosk=$!
exec 3> keys   # the button
wait_for 'playing on' 20 err.txt || { echo "FAIL: the kiosk did not start playing"; cat err.txt; exit 1; }
wait_for '"name":"idle"' 5 tl.jsonl || bad "no idle event"
sleep 1
printf ' ' >&3
wait_for '"name":"session_start"' 5 tl.jsonl || bad "the key did not start a session"
sleep 4
# the sound server dies mid-session
t_kill=$(now)
pulse_stop
wait_for 'waiting for the sound output' 10 err.txt || bad "the kiosk did not notice the server was gone"
t_noticed=$(now)
kill -0 "$kiosk" 2>/dev/null || bad "the kiosk died with the server"
said_before=$(count '"type":"say"' tl.jsonl)
sleep 3
[ "$(count '"type":"say"' tl.jsonl)" -eq "$said_before" ] || bad "the kiosk spoke while the server was gone"
# back, on the same socket
t_back=$(now)
( wait_for 'sound output is back' 30 err.txt && now > back.time ) & watcher=$!
pulse_start || { echo "FAIL: PulseAudio did not start again"; exit 1; }
wait "$watcher" || bad "the kiosk did not come back"
t_idle=$(cat back.time 2>/dev/null || now)
[ "$(count '"name":"idle"' tl.jsonl)" -ge 2 ] || bad "no idle event after the restart"
grep -q 'last: interrupted' out.txt || bad "the lost session was not counted: $(cat out.txt)"
sleep 1
printf '\n' >&3
for _ in $(seq 100); do [ "$(count '"name":"session_start"' tl.jsonl)" -ge 2 ] && break; sleep 0.05; done
[ "$(count '"name":"session_start"' tl.jsonl)" -ge 2 ] || bad "no second session after the restart"
sleep 2
kill -TERM "$kiosk"
wait "$kiosk"; rc=$?; kiosk=
[ $rc -eq 0 ] || bad "the kiosk exited $rc on SIGTERM"
awk -F'"frame":' '{ split($2, a, ","); if (a[1] + 0 < prev) { print "frame goes back at line " NR; exit 1 } prev = a[1] + 0 }' \
  tl.jsonl || bad "the timeline's frames go back across the restart"
# both sessions counted, neither completed: the one the server's death cut,
# and the one SIGTERM stopped (it was not counted at all before)
[ "$(cat counts.txt 2>/dev/null)" = "2 0" ] || bad "counts file '$(cat counts.txt 2>/dev/null)', not '2 0'"
[ "$(count 'last: interrupted' out.txt)" -eq 2 ] || bad "not both sessions counted as interrupted: $(cat out.txt)"
if [ $fail -ne 0 ]; then
  echo "--- stderr"; cat err.txt; echo "--- stdout"; cat out.txt
  grep -E '"name":"(idle|session_start|session_end)"' tl.jsonl
else
  awk -v k="$t_kill" -v n="$t_noticed" -v b="$t_back" -v i="$t_idle" 'BEGIN {
    printf "live kiosk: PulseAudio killed mid-session, noticed in %.1f s; restarted, the kiosk idle again %.1f s after the server was started; a second session started on a key\n", n - k, i - b }'
fi
exit $fail
