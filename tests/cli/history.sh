#!/usr/bin/env bash
# history.sh COACH SRC: `coach history` on a known log (tests/data/history/
# known.jsonl: four sessions, a torn last line): the printed summary, its
# JSON, the summary said into a WAV file, the exports' messages, an empty
# log, a log it cannot read (74) and usage errors (64).
set -u
coach=$(realpath "$1"); src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/log" "$tmp/empty"
cp "$src/tests/data/history/known.jsonl" "$tmp/log/sessions.jsonl"
now=2026-11-21T09:00:00+01:00
fail=0
out=$("$coach" history --log-dir "$tmp/log" --now "$now" --quiet 2>"$tmp/err")
want="In the last seven days you did two sessions, and four in the last thirty.
Your last session, Day one, was yesterday.
Over the last thirty days, your pain before a session went from four to five.
After a session, it went from three to two.
The exercise you skipped most is bird dog: one time.
Each exercise as you last started it: dead bug, nine reps; bird dog, six reps; hip hinge, five reps."
[ "$out" = "$want" ] || { echo "FAIL: the summary:"; diff <(echo "$want") <(echo "$out"); fail=1; }
grep -q '1 line of .* is not a complete record' "$tmp/err" || { echo "FAIL: the torn line is not reported"; cat "$tmp/err"; fail=1; }
json=$("$coach" history --log-dir "$tmp/log" --now "$now" --json 2>/dev/null)
for f in '"sessions_7_days":2' '"sessions_30_days":4' '"sessions":4' '"end":null' \
         '"pain_before":{"ratings":3,"first":4,"last":5}' '"most_skipped":{"exercise":"bird-dog","times":1}' \
         '{"exercise":"dead-bug","variant":"dead-bug","sets":2,"reps":9,"hold":null'; do
  grep -qF -- "$f" <<<"$json" || { echo "FAIL: --json lacks $f: $json"; fail=1; }
done
[ "$(wc -l <<<"$json")" -eq 1 ] || { echo "FAIL: --json is not one line"; fail=1; }
# the summary said into a file: speech, seconds of it
"$coach" history --log-dir "$tmp/log" --now "$now" --out "$tmp/h.wav" >/dev/null 2>"$tmp/err" ||
  { echo "FAIL: --out"; cat "$tmp/err"; fail=1; }
secs=$(soxi -D "$tmp/h.wav" 2>/dev/null || echo 0)
awk -v s="$secs" 'BEGIN { exit !(s > 15 && s < 60) }' || { echo "FAIL: the spoken summary lasts $secs s"; fail=1; }
rms=$(sox "$tmp/h.wav" -n stat 2>&1 | awk '/RMS +amplitude/ { print $3 }')
awk -v r="$rms" 'BEGIN { exit !(r > 0.01) }' || { echo "FAIL: the spoken summary is silent ($rms)"; fail=1; }
# exports say what they wrote
"$coach" history --log-dir "$tmp/log" --export fhir "$tmp/b.json" 2>"$tmp/err" &&
  grep -q 'wrote 7 pain ratings from 4 sessions' "$tmp/err" || { echo "FAIL: --export"; cat "$tmp/err"; fail=1; }
"$coach" history --log-dir "$tmp/log" --report "$tmp/r.html" 2>"$tmp/err" && grep -q '<svg' "$tmp/r.html" ||
  { echo "FAIL: --report"; cat "$tmp/err"; fail=1; }
# nothing yet
out=$("$coach" history --log-dir "$tmp/empty" --quiet 2>&1)
[ "$out" = "There are no sessions in your history yet. Your first one will be remembered here." ] ||
  { echo "FAIL: empty: $out"; fail=1; }
# errors
mkdir "$tmp/bad" "$tmp/bad/sessions.jsonl"
"$coach" history --log-dir "$tmp/bad" --quiet >/dev/null 2>&1; rc=$?
[ $rc -eq 74 ] || { echo "FAIL: an unreadable log: exit $rc, wanted 74"; fail=1; }
for args in "--bogus" "--export" "--export pdf x" "--json --quiet" "--rate 20" "--now yesterday" "extra"; do
  # shellcheck disable=SC2086 # each is a list of arguments
  "$coach" history --log-dir "$tmp/log" $args >/dev/null 2>&1; rc=$?
  [ $rc -eq 64 ] || { echo "FAIL: history $args: exit $rc, wanted 64"; fail=1; }
done
[ $fail -eq 0 ] && echo "history: summary, JSON, speech, exports and errors as expected"
exit $fail
