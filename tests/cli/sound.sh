#!/usr/bin/env bash
# sound.sh COACH SRC SOUND_RULES: how every routine sounds (issue 15;
# docs/session.md, "Timing rules" and "How a session goes"), checked on dry runs with
# tests/tools/sound_rules.c: every count said on its beat (and the side on
# alternating reps), time to move after naming a side or a position, no
# silence over 10 s (rests, walks, pauses, unanswered questions), no
# utterance over 10 s (also the urgent red flag's advice), the getting-up
# allowance. Then the checker itself must catch a timeline broken on
# purpose, so that this test can fail.
set -u
coach=$(realpath "$1"); src=$2; rules=$(realpath "$3")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
RULES=(--counts --move 5 --silence 10 --utterance 10)
GETUP=(--get-up 15) # move_seconds 5 + get_up_seconds 10

# every routine, no user: questions go unanswered
for r in "$src"/routines/*.yaml; do
  grep -q "^phases:" "$r" && continue
  n=$(basename "$r" .yaml)
  "$coach" run "$r" --dry-run --no-log > "$tmp/$n.jsonl" 2> "$tmp/err" ||
    { echo "FAIL: dry run of $n"; cat "$tmp/err"; fail=1; continue; }
  "$rules" "${RULES[@]}" "$tmp/$n.jsonl" || { echo "FAIL: $n breaks a rule"; fail=1; }
  "$rules" "${GETUP[@]}" "$tmp/$n.jsonl" > "$tmp/getup.out" || { echo "FAIL: $n: getting up too fast"; cat "$tmp/getup.out"; fail=1; }
done

# every kind of wait has a sign of life: a pause that is never resumed (it
# ends the session after 30 minutes), a pause in a rest, and "stop?" left
# unanswered while paused
printf '400 pause\n' > "$tmp/pause.txt"
printf '500 pause\n600 resume\n700 stop\n' > "$tmp/pause2.txt"
for sc in pause pause2; do
  "$coach" run "$src/routines/day-one.yaml" --dry-run --no-log --script "$tmp/$sc.txt" > "$tmp/$sc.jsonl" 2> "$tmp/err" ||
    { echo "FAIL: dry run with $sc"; cat "$tmp/err"; fail=1; }
  grep -q '"name":"pause"' "$tmp/$sc.jsonl" || { echo "FAIL: $sc: no pause"; fail=1; }
  "$rules" --silence 10 "$tmp/$sc.jsonl" || { echo "FAIL: $sc: a silent wait"; fail=1; }
done
grep -q '"reason":"stopped"' "$tmp/pause.jsonl" || { echo "FAIL: the long pause did not end the session"; fail=1; }
[ "$(grep -c '"name":"pulse"' "$tmp/pause.jsonl")" -gt 150 ] || { echo "FAIL: too few pulses in a 30-minute pause"; fail=1; }
# the urgent red flag's advice, said in parts: no utterance over 10 s
printf '57 yes\n' > "$tmp/yes.txt"
"$coach" run "$src/routines/day-one.yaml" --dry-run --no-log --script "$tmp/yes.txt" > "$tmp/yes.jsonl" 2> "$tmp/err" ||
  { echo "FAIL: dry run with a red flag"; cat "$tmp/err"; fail=1; }
grep -q '"reason":"red_flag"' "$tmp/yes.jsonl" || { echo "FAIL: the red flag did not end the session"; fail=1; }
"$rules" --utterance 10 "$tmp/yes.jsonl" || { echo "FAIL: the red flag's advice is too long"; fail=1; }
# the checker catches a long utterance
"$rules" --utterance 6 "$tmp/day-one.jsonl" > /dev/null && { echo "FAIL: a long utterance went unseen"; fail=1; }
# the checker catches a long silence
grep -v '"name":"pulse"' "$tmp/day-one.jsonl" > "$tmp/nopulse.jsonl"
"$rules" --silence 10 "$tmp/nopulse.jsonl" > /dev/null && { echo "FAIL: a long silence went unseen"; fail=1; }

# the checker catches a count dropped, a side dropped
grep -v '"text":"Three"' "$tmp/desk-snack.jsonl" > "$tmp/nocount.jsonl"
"$rules" --counts "$tmp/nocount.jsonl" > "$tmp/out" && { echo "FAIL: a dropped count went unseen"; fail=1; }
grep -q "rep 3 is not counted" "$tmp/out" || { echo "FAIL: the dropped count is not named"; cat "$tmp/out"; fail=1; }
sed -E 's/"text":"Two, left"/"text":"Two"/' "$tmp/day-one.jsonl" > "$tmp/noside.jsonl"
"$rules" --counts "$tmp/noside.jsonl" > "$tmp/out" && { echo "FAIL: a dropped side went unseen"; fail=1; }

# every exercise of the library says where the body is
ids=$(cat "$src"/routines/exercises/*.yaml | grep -c '^  - id:')
pos=$(cat "$src"/routines/exercises/*.yaml | grep -cE '^    position: (floor|seated|standing)$')
[ "$ids" = "$pos" ] || { echo "FAIL: $ids exercises, $pos with a position"; fail=1; }
# getting up and down: weeks 3-6 goes from the floor to a stick standing
# and back; the checker catches an allowance shorter than asked
grep -q ": [1-9][0-9]* getting-up" <("$rules" --get-up 15 "$tmp/weeks-3-6-capacity.jsonl") ||
  { echo "FAIL: weeks 3-6 has no getting-up allowance"; fail=1; }
"$rules" --get-up 25 "$tmp/weeks-3-6-capacity.jsonl" > /dev/null && { echo "FAIL: a short allowance went unseen"; fail=1; }

# ... and time to move too short
"$rules" --move 30 "$tmp/day-one.jsonl" > "$tmp/out" && { echo "FAIL: a short time to move went unseen"; fail=1; }
grep -q 'from the side ("Switch sides. Right side.")' "$tmp/out" || { echo "FAIL: the side change is not named"; cat "$tmp/out"; fail=1; }
# a routine's move_seconds is heard: 8 s from "Left side." to the beat
mkdir -p "$tmp/r" && cp -r "$src/routines/exercises" "$tmp/r/"
sed -E 's/^defaults:/defaults:\n  move_seconds: 8/' "$src/routines/day-one.yaml" > "$tmp/r/slow.yaml"
grep -q "move_seconds: 8" "$tmp/r/slow.yaml" || { echo "FAIL: day-one has no defaults to extend"; fail=1; }
"$coach" run "$tmp/r/slow.yaml" --dry-run --no-log > "$tmp/slow.jsonl" 2> "$tmp/err" || { echo "FAIL: dry run of slow"; cat "$tmp/err"; fail=1; }
"$rules" --move 8 "$tmp/slow.jsonl" || { echo "FAIL: move_seconds 8 is not kept"; fail=1; }
"$rules" --move 8 "$tmp/day-one.jsonl" > /dev/null && { echo "FAIL: the default is not 5 s"; fail=1; }

[ $fail = 0 ] && echo "sound: all rules hold"
exit $fail
