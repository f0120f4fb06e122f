#!/usr/bin/env bash
# session.sh COACH SRC: coached sessions through the real binary, with real
# eSpeak NG lengths: every routine runs to its end in a dry run; the
# timeline is in time order, the same twice, and the same in --timeline
# FILE; golden timelines match; scripts steer the session; a malformed
# script is refused with its line (exit 65).
set -u
coach=$(realpath "$1"); src=$2
cd "$src" || exit 1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0; n=0
for r in routines/*.yaml; do
  grep -q '^phases:' "$r" && continue
  n=$((n + 1))
  if ! "$coach" run "$r" --dry-run --timeline "$tmp/tl.jsonl" > "$tmp/out.jsonl" 2>"$tmp/err"; then
    echo "FAIL: $r: dry run failed"; cat "$tmp/err"; fail=1; continue
  fi
  tail -n1 "$tmp/out.jsonl" | grep -q '"name":"session_end","reason":"completed"' ||
    { echo "FAIL: $r: does not end completed"; tail -n2 "$tmp/out.jsonl"; fail=1; }
  cmp -s "$tmp/out.jsonl" "$tmp/tl.jsonl" || { echo "FAIL: $r: --timeline differs from stdout"; fail=1; }
  # frames never go back; t is frame / 48000 to the millisecond
  awk -F'"frame":' '{ split($2, a, ","); f = a[1] + 0; if (f < last) { print "back at line " NR; exit 1 } last = f }' \
    "$tmp/out.jsonl" || { echo "FAIL: $r: frames go back"; fail=1; }
  "$coach" run "$r" --dry-run > "$tmp/again.jsonl" 2>/dev/null
  cmp -s "$tmp/out.jsonl" "$tmp/again.jsonl" || { echo "FAIL: $r: two dry runs differ"; fail=1; }
  grep -c '"name":"exercise_start"' "$tmp/out.jsonl" | grep -qv '^0$' || { echo "FAIL: $r: no exercise"; fail=1; }
done

# golden timelines (scripts/update-golden rewrites them; review the diff)
"$coach" run routines/desk-snack.yaml --dry-run > "$tmp/g1.jsonl"
diff -u tests/golden/desk-snack.jsonl "$tmp/g1.jsonl" > "$tmp/d1" || { echo "FAIL: desk-snack golden differs:"; head -20 "$tmp/d1"; fail=1; }
"$coach" run routines/direction-test.yaml --dry-run --script tests/golden/direction-test-better.script > "$tmp/g2.jsonl"
diff -u tests/golden/direction-test-better.jsonl "$tmp/g2.jsonl" > "$tmp/d2" || { echo "FAIL: direction-test golden differs:"; head -20 "$tmp/d2"; fail=1; }
"$coach" run routines/direction-test.yaml --dry-run --transcript --script tests/golden/direction-test-better.script > "$tmp/g2.txt"
diff -u tests/golden/direction-test-better.txt "$tmp/g2.txt" > /dev/null || { echo "FAIL: direction-test transcript golden differs"; fail=1; }
n=$((n + 3))

# a script steers the day-one session: pain five in the open book, then skip
cat > "$tmp/s.txt" <<'EOS'
8 pain two       # the starting rating
27.6 no          # no to each of the four red-flag questions
39.5 no
46.0 no
52.2 no
361.5 pain five  # during the open book
409.5 skip
EOS
"$coach" run routines/day-one.yaml --dry-run --script "$tmp/s.txt" > "$tmp/s.jsonl" 2>&1
for want in '"name":"pain","value":2' '"name":"variant","exercise":"open-book","from":"open-book","to":"knee-rocks"' \
            '"name":"skip","exercise":"knee-rocks","reason":"user"' '"text":"Skipping knee rocks."' \
            '"name":"session_end","reason":"completed"'; do
  grep -qF "$want" "$tmp/s.jsonl" || { echo "FAIL: scripted day-one lacks $want"; fail=1; }
done
n=$((n + 1))

# malformed scripts: every bad line, with its position, exit 65
printf '10 skip\nskip now\n-5 pain six\n12\n' > "$tmp/bad.txt"
out=$("$coach" run routines/desk-snack.yaml --dry-run --script "$tmp/bad.txt" 2>&1); rc=$?
[ $rc -eq 65 ] || { echo "FAIL: malformed script exit $rc"; fail=1; }
for want in "bad.txt:2:1: a script line starts with the time" "bad.txt:3:1: the time -5 is out of range" \
            "bad.txt:4:3: nothing is said at 12.000 seconds"; do
  grep -qF "$want" <<<"$out" || { echo "FAIL: malformed script: missing '$want'"; echo "$out"; fail=1; }
done
n=$((n + 1))
[ $fail -eq 0 ] && echo "$n session checks ok"
exit $fail
