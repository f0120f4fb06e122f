#!/usr/bin/env bash
# crash_log.sh COACH CRASH_LOG SRC: the crash test of the session log. Runs
# a file-mode session 200 times into one log and kills it with SIGKILL at a
# random moment each time; after every kill the log must be readable and
# hold every event the session had reported on its timeline
# (tests/tools/crash_log.c). CRASH_SEED=N repeats a run; the seed is printed.
set -u
coach=$1; crash_log=$2; src=$3
seed=${CRASH_SEED:-$(date +%s)}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "crash_log: seed $seed (CRASH_SEED=$seed repeats this run)"
"$crash_log" "$coach" "$src/routines/desk-snack.yaml" "$tmp" 200 "$seed"
