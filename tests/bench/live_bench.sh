#!/usr/bin/env bash
# live_bench.sh [BUILD_DIR]: live timing, CPU and memory through a real
# PulseAudio server (null sink). Plays tests/data/live/five-minutes.yaml live
# while recording the sink's monitor, renders the same session to a file, and
# prints: onset error, tick interval jitter and drift (tests/tools/onsets),
# launch to first sound, the CPU share of one core and the peak memory of the
# live run. Takes about six minutes. Prints figures; asserts nothing.
set -u
build=$(realpath "${1:-build}")
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
. "$src/tests/pulse-env.sh"
trap 'pulse_stop; rm -rf "$tmp"' EXIT
pulse_start || { echo "live_bench: PulseAudio did not start"; exit 1; }
routine=$src/tests/data/live/five-minutes.yaml
parecord -d spk.monitor --rate=48000 --channels=1 --format=s16le --file-format=wav "$tmp/live.wav" & rec=$!
sleep 0.5
/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$build/coach" run "$routine" --no-log --stats --timeline "$tmp/live.jsonl" 2> "$tmp/run.err"
sleep 0.5
kill -INT $rec; wait $rec 2>/dev/null
"$build/coach" run "$routine" --no-log --out "$tmp/ref.wav" 2>/dev/null
echo "== live timing through PulseAudio (null sink, 48 kHz, 256-frame buffers)"
"$build/tests/onsets" "$tmp/ref.wav" "$tmp/live.wav" "$tmp/live.jsonl" 2
echo "== the live run"
grep 'stats' "$tmp/run.err" | sed 's/^coach: stats: //' | tr ';' '\n' | sed 's/^ */  /'
read -r elapsed user sys rss < "$tmp/time"
awk -v e="$elapsed" -v u="$user" -v s="$sys" -v m="$rss" 'BEGIN {
  printf "  CPU: %.2f%% of one core (%.1f s user + %.1f s system over %.0f s)\n", 100 * (u + s) / e, u, s, e
  printf "  peak memory (max RSS): %.1f MB\n", m / 1024 }'
