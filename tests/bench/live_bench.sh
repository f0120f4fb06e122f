#!/usr/bin/env bash
# live_bench.sh [BUILD_DIR [ROUTINE]]: live timing, CPU and memory through a
# real PulseAudio server (null sink). Plays ROUTINE (default
# tests/data/live/five-minutes.yaml, about six minutes) live while recording
# the sink's monitor, renders the same session to a file, and prints: onset
# error, tick interval jitter and drift (tests/tools/onsets), launch to
# first sound, underflows, late sounds and clips made ahead (--stats), the
# CPU share of one core and the peak memory of the live run. LOAD=N keeps N
# cores busy meanwhile (stress-ng --cpu N: issue 16's busy machine is
# LOAD=2). Prints figures; asserts nothing.
set -u
build=$(realpath "${1:-build}")
src=$(cd "$(dirname "$0")/../.." && pwd)
routine=$(realpath "${2:-$src/tests/data/live/five-minutes.yaml}")
load=${LOAD:-0}
tmp=$(mktemp -d)
. "$src/tests/pulse-env.sh"
trap 'pulse_stop; [ -n "${stress:-}" ] && kill "$stress" 2>/dev/null; rm -rf "$tmp"' EXIT
pulse_start || { echo "live_bench: PulseAudio did not start"; exit 1; }
if [ "$load" -gt 0 ]; then
  command -v stress-ng >/dev/null || { echo "live_bench: LOAD needs stress-ng"; exit 1; }
  stress-ng --cpu "$load" --quiet & stress=$!
fi
parecord -d spk.monitor --rate=48000 --channels=1 --format=s16le --file-format=wav "$tmp/live.wav" & rec=$!
sleep 0.5
/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$build/coach" run "$routine" --no-log --stats --timeline "$tmp/live.jsonl" 2> "$tmp/run.err"
sleep 0.5
kill -INT $rec; wait $rec 2>/dev/null
[ -n "${stress:-}" ] && kill "$stress" 2>/dev/null; stress=
"$build/coach" run "$routine" --no-log --out "$tmp/ref.wav" 2>/dev/null
echo "== live timing through PulseAudio (null sink, 48 kHz, 256-frame buffers; stress-ng --cpu $load)"
"$build/tests/onsets" "$tmp/ref.wav" "$tmp/live.wav" "$tmp/live.jsonl" 2
echo "== the live run"
grep 'stats' "$tmp/run.err" | sed 's/^coach: stats: //' | tr ';' '\n' | sed 's/^ */  /'
read -r elapsed user sys rss < "$tmp/time"
awk -v e="$elapsed" -v u="$user" -v s="$sys" -v m="$rss" 'BEGIN {
  printf "  CPU: %.2f%% of one core (%.1f s user + %.1f s system over %.0f s)\n", 100 * (u + s) / e, u, s, e
  printf "  peak memory (max RSS): %.1f MB\n", m / 1024 }'
