#!/usr/bin/env bash
# bench_asr.sh [BUILD_DIR] [CORPUS_DIR]: the speech-recognition benchmark.
#
# Runs `BUILD_DIR/coach listen --in` on every recording of the corpus made by
# tests/bench/asr_corpus.sh (built first if CORPUS_DIR, default
# BUILD_DIR/asr-corpus, is missing or was made from other phrases or
# generators), two at a time, scores each with tests/bench/asr_score.c, and
# prints a table: accuracy per voice set and condition, false commands (and
# per hour) on the ordinary talk, latency on the clean recordings, and the
# decoding speed as a ratio of real time, each with its goal beside it.
# It reports figures; it asserts nothing, and exits 0 when it ran.
#
# Everything it produces stays in BUILD_DIR/asr-bench: coach (a copy of the
# binary under test, taken at the start, so that a rebuild during the run
# cannot mix two builds in one table), NAME.jsonl (what coach heard),
# NAME.score (asr_score -t -v: the summary, then a line per utterance and
# per extra command), NAME.time (seconds: wall user system), report.txt.
#
# Environment:
#   ASR_SETS        voice sets to run (default: kal16-slt espeak awb-rms ordinary)
#   ASR_CONDITIONS  conditions to run (default: all twelve; the ordinary talk
#                   has only "clean")
#   JOBS            decoders at a time (default: 2)
# For example, only what the goals are about:
#   ASR_SETS="kal16-slt ordinary" ASR_CONDITIONS="clean pink10 brown10 babble10" \
#     tests/bench/bench_asr.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
self="$here/$(basename "$0")"

# decode WAV OUTDIR: one decoding job (run through xargs, so it is a mode of
# this script): OUTDIR/NAME.jsonl and OUTDIR/NAME.time ("wall user system")
if [ "${1:-}" = --decode ]; then
  wav=$2 dir=$3
  name=$(basename "$wav" .wav)
  TIMEFORMAT='%R %U %S'
  rc=0
  # shellcheck disable=SC2086 # ASR_LISTEN_ARGS is a list of options
  { time "$COACH" listen --in "$wav" ${ASR_LISTEN_ARGS:-} >"$dir/$name.jsonl" 2>"$dir/$name.err" || rc=$?; } 2>"$dir/$name.time"
  if [ "$rc" -ne 0 ]; then
    echo "bench_asr: coach listen --in $wav exited $rc:" >&2
    cat "$dir/$name.err" >&2
  fi
  exit 0
fi

build=$(realpath "${1:-$src/build}")
corpus=${2:-$build/asr-corpus}
results="$build/asr-bench"
JOBS=${JOBS:-2}
ALL_CONDITIONS="clean pink20 pink10 pink5 brown20 brown10 brown5 babble20 babble10 babble5 tv20 tv10"
sets=${ASR_SETS:-kal16-slt espeak awb-rms ordinary}
conditions=${ASR_CONDITIONS:-$ALL_CONDITIONS}
[ -x "$build/coach" ] || { echo "bench_asr: no coach at $build/coach (build it with scripts/build)" >&2; exit 66; }
for tool in sox soxi cc; do
  command -v "$tool" >/dev/null || { echo "bench_asr: $tool is missing" >&2; exit 69; }
done
mkdir -p "$results"
rm -f "$results"/*.jsonl "$results"/*.score "$results"/*.time "$results"/*.err
cp "$build/coach" "$results/coach"
COACH="$results/coach"
export COACH
built=$(date -r "$build/coach" '+%Y-%m-%d %H:%M:%S')

# elapsed START: seconds since START (a date +%s.%N)
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }'; }

# 1. The corpus, cached: rebuilt when it was made from other phrases or
# generators than today's.
want=$("$here/asr_corpus.sh" --id "$COACH")
corpus_secs=cached
if [ "$(cat "$corpus/corpus.id" 2>/dev/null || true)" != "$want" ]; then
  # never remove a folder that is not a corpus (or the rest of one)
  if [ -d "$corpus" ] && [ -n "$(ls -A "$corpus")" ] && [ ! -e "$corpus/corpus.id" ] && [ ! -d "$corpus/work" ]; then
    echo "bench_asr: $corpus is not an ASR corpus; give another CORPUS_DIR" >&2
    exit 73
  fi
  echo "bench_asr: generating the corpus in $corpus"
  t0=$(now)
  rm -rf "$corpus"
  "$here/asr_corpus.sh" "$corpus" "$COACH"
  corpus_secs="$(elapsed "$t0") s"
fi

# 2. The scorer
cc -std=c17 -O2 -Wall -Wextra -o "$results/asr_score" "$here/asr_score.c"

# 3. Decode the selected recordings, two at a time, longest first (so the
# two decoders finish together)
files=()
for s in $sets; do
  for c in $conditions; do
    if [ -f "$corpus/$s.$c.wav" ]; then files+=("$corpus/$s.$c.wav"); fi
  done
done
[ ${#files[@]} -gt 0 ] || { echo "bench_asr: nothing selected (ASR_SETS='$sets' ASR_CONDITIONS='$conditions')" >&2; exit 64; }
audio=0
for f in "${files[@]}"; do
  audio=$(awk -v a="$audio" -v b="$(soxi -D "$f")" 'BEGIN { print a + b }')
done
echo "bench_asr: decoding ${#files[@]} recordings, $(printf '%.0f' "$audio") s of audio, $JOBS at a time"
t0=$(now)
for f in "${files[@]}"; do printf '%s\t%s\n' "$(soxi -s "$f")" "$f"; done | sort -rn | cut -f 2 |
  xargs -d '\n' -P "$JOBS" -I {} "$self" --decode {} "$results"
decode_wall=$(elapsed "$t0")

# 4. Score each, and the report
for f in "${files[@]}"; do
  name=$(basename "$f" .wav)
  "$results/asr_score" -t -v "$corpus/$name.txt" "$results/$name.jsonl" >"$results/$name.score"
done

# goal CONDITION: the accuracy goal of a condition, if it has one
goal() {
  case $1 in
    clean) echo ">=99%" ;;
    pink10 | brown10) echo ">=95%" ;;
    babble10) echo ">=80%" ;;
    *) echo "" ;;
  esac
}

names=()
for f in "${files[@]}"; do names+=("$(basename "$f" .wav)"); done
quiet_scores=()   # the command recordings without babble or a TV (in voices, failures are of another kind)
for name in "${names[@]}"; do
  [[ $name == ordinary.* || $name == *.babble* || $name == *.tv* ]] || quiet_scores+=("$results/$name.score")
done

{
  echo "== speech recognition benchmark: $build/coach (built $built, sha256 $(sha256sum "$COACH" | cut -c 1-12))"
  echo "corpus: $corpus (id $want; generation: $corpus_secs)"
  echo
  echo "accuracy per utterance (extra: commands heard between utterances; latency: reported end - true end"
  echo "of speech; why missed: the most frequent reason coach gave for the missed ones, with its count)"
  printf '%-10s %-9s %4s %8s %7s %7s %6s %17s  %-6s %s\n' set condition n correct wrong missed extra "latency med/p95" goal "why missed"
  for name in "${names[@]}"; do
    IFS=$'\t' read -r set cond n ok bad miss extra _ med p95 <"$results/$name.score"
    [ "$n" -gt 0 ] || continue
    why=$(awk -F '\t' '$1 == "missed" { n[$7]++ }
      END { for (r in n) if (n[r] > b) { b = n[r]; w = r }; if (b) printf "%s %d", w, b }' "$results/$name.score")
    awk -v s="$set" -v c="$cond" -v n="$n" -v ok="$ok" -v bad="$bad" -v miss="$miss" -v x="$extra" \
      -v med="$med" -v p95="$p95" -v goal="$(goal "$cond")" -v why="$why" 'BEGIN {
        lat = med < 0 ? "-" : sprintf("%d / %d ms", med, p95)
        printf "%-10s %-9s %4d %7.1f%% %6.1f%% %6.1f%% %6d %17s  %-6s %s\n",
          s, c, n, 100 * ok / n, 100 * bad / n, 100 * miss / n, x, lat, goal, why }'
  done
  echo

  # latency over every correct utterance of the clean command recordings
  clean=()
  for name in "${names[@]}"; do
    [[ $name == *.clean && $name != ordinary.* ]] && clean+=("$results/$name.score")
  done
  if [ ${#clean[@]} -gt 0 ]; then
    awk -F '\t' '$1 == "ok" { print $6 }' "${clean[@]}" | sort -n | awk '
      { v[NR] = $1 }
      END { if (NR == 0) { print "latency on clean speech: no correct utterance"; exit }
            m = int((50 * NR + 99) / 100); p = int((95 * NR + 99) / 100)
            printf "latency on clean speech (%d correct utterances): median %d ms, p95 %d ms   goal: median <=250 ms\n",
              NR, v[m], v[p] }'
  fi

  if [[ " ${names[*]} " == *" ordinary.clean "* ]]; then
    IFS=$'\t' read -r _ _ _ _ _ _ extra secs _ _ <"$results/ordinary.clean.score"
    awk -v x="$extra" -v s="$secs" 'BEGIN {
      printf "ordinary talk (%.1f min, no commands intended): %d false commands, %.1f per hour   goal: <=1 per hour\n",
        s / 60, x, x * 3600 / s }'
  fi

  # decoding speed: per decoder (wall, each decoder has a core) and CPU
  times=()
  for name in "${names[@]}"; do times+=("$results/$name.time"); done
  awk -v audio="$audio" -v wall="$decode_wall" -v jobs="$JOBS" '
    { w += $1; cpu += $2 + $3 }
    END { printf "decoding: %.0f s of audio in %d s, %d at a time: %.2f x real time per decoder (CPU %.2f x)   goal: <1 x, to keep up live\n",
            audio, wall, jobs, w / audio, cpu / audio }' "${times[@]}"

  if [ ${#quiet_scores[@]} -gt 0 ]; then
    echo
    echo "phrases missed or wrong most often, in the clean, pink and brown recordings above (15 most):"
    echo "  failed of said, phrase, how, and what it most often became"
    awk -F '\t' '
      $1 == "ok" { n[$5]++ }
      $1 == "missed" || $1 == "wrong" { n[$5]++; bad[$5]++; kind[$5, $1]++
        h = $1 == "missed" ? ($6 == "" ? $7 : $7 ": \"" $6 "\"") : $6
        heard[$5, h]++ }
      END {
        for (k in heard) { split(k, a, SUBSEP); if (heard[k] > best[a[1]]) { best[a[1]] = heard[k]; eg[a[1]] = a[2] } }
        for (s in bad) printf "%d\t  %3d of %3d  %-18s missed %3d wrong %3d   %dx %s\n",
          bad[s], bad[s], n[s], s, kind[s, "missed"], kind[s, "wrong"], best[s], eg[s] }' "${quiet_scores[@]}" |
      sort -t "$(printf '\t')" -k1,1nr -k2 | head -15 | cut -f 2-
  fi

  if [[ " ${names[*]} " == *" ordinary.clean "* ]]; then
    echo
    echo "false commands in the ordinary talk, by text (15 most): count, durations (end - start, s), scores, confidences"
    awk -F '\t' '$1 == "extra" {
        n[$7]++; c[$7] = $5 ($6 >= 0 ? "/" $6 : "")
        d[$7] = d[$7] (d[$7] == "" ? "" : " ") $4
        sc[$7] = sc[$7] (sc[$7] == "" ? "" : " ") $8
        cf[$7] = cf[$7] (cf[$7] == "" ? "" : " ") $9 }
      END { for (t in n) printf "%d\t  %3d  %-22s %-14s dur %s | score %s | conf %s\n", n[t], n[t], "\"" t "\"", c[t], d[t], sc[t], cf[t] }' \
      "$results/ordinary.clean.score" | sort -t "$(printf '\t')" -k1,1nr -k2 | head -15 | cut -f 2-
  fi
  echo
  echo "details (every missed, wrong and extra command): $results/*.score"
} | tee "$results/report.txt"
