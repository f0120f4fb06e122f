#!/usr/bin/env bash
# live_pulse.sh COACH ONSETS SRC: the live audio path end to end, through a
# real PulseAudio server with a null sink (no sound card needed; GUIDE §9).
# It starts its own server, runs `coach run` live (not listening: voice has
# its own test, live_voice) on a short routine while
# recording the sink's monitor, renders the same session to a file, and
# checks with the onsets tool that every sound that plays alone, from half a
# second in (the stream's first moments are the server's: onsets.c), arrives
# where the file render has it (within 2 ms), with no drift. Exit 77 (skip)
# when PulseAudio is not installed.
set -u
coach=$(realpath "$1"); onsets=$(realpath "$2"); src=$(realpath "$3")
command -v pulseaudio >/dev/null && command -v parecord >/dev/null || { echo "SKIP: PulseAudio is not installed"; exit 77; }
tmp=$(mktemp -d)
. "$src/tests/pulse-env.sh"
cleanup() {
  [ -n "${rec:-}" ] && kill "$rec" 2>/dev/null
  pulse_stop
  rm -rf "$tmp"
}
trap cleanup EXIT
pulse_start || { echo "FAIL: PulseAudio did not start"; exit 1; }

fail=0
"$coach" devices > "$tmp/devices.txt" 2>&1
grep -q 'Output devices:' "$tmp/devices.txt" && ! grep -q "none: 'coach run" "$tmp/devices.txt" ||
  { echo "FAIL: coach devices sees no output through PulseAudio"; cat "$tmp/devices.txt"; fail=1; }

routine=$src/tests/data/live/live-short.yaml
parecord -d spk.monitor --rate=48000 --channels=1 --format=s16le --file-format=wav "$tmp/live.wav" & rec=$!
sleep 0.5
if ! "$coach" run "$routine" --no-mic --no-log --timeline "$tmp/live.jsonl" 2> "$tmp/run.err"; then
  echo "FAIL: the live run failed"; cat "$tmp/run.err"; exit 1
fi
sleep 0.5
kill -INT "$rec"; wait "$rec" 2>/dev/null; rec=
grep -q 'coach: playing on' "$tmp/run.err" || { echo "FAIL: no 'playing on' message"; cat "$tmp/run.err"; fail=1; }
"$coach" run "$routine" --no-log --out "$tmp/ref.wav" --timeline "$tmp/ref.jsonl" 2>/dev/null
cmp -s "$tmp/live.jsonl" "$tmp/ref.jsonl" || { echo "FAIL: the live timeline differs from the file render's"; diff "$tmp/live.jsonl" "$tmp/ref.jsonl" | head; fail=1; }
"$onsets" "$tmp/ref.wav" "$tmp/live.wav" "$tmp/live.jsonl" 2 || { echo "FAIL: sounds arrived off their times"; fail=1; }
[ $fail -eq 0 ] && echo "live audio through PulseAudio: ok"
exit $fail
