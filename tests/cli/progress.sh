#!/usr/bin/env bash
# progress.sh COACH SRC: progression across sessions (docs/progression.md),
# through the real log: seven file-mode sessions of a three-exercise routine,
# each built on the one before.
#   1. first session: the routine's doses; pain stays at two.
#   2. "yes" to the next-day question: one more rep of dead bug and a longer
#      side plank; the pinned bird dog stays; then pain five in dead bug.
#   3. "yes", but pain rose in dead bug: heel taps instead of it; the side
#      plank is held, as a rating of session 2 rose; one sentence says both.
#   4. "yes" after heel taps went well: back up to dead bug; side plank up.
#   5. "no": what went up in session 4 comes back down.
#   6. pain eight at the start: the session ends before any exercise.
#   7. after that flare-up nothing goes up, and nothing is forgotten: each
#      exercise starts where it was last started.
# Each session's script is built from dry runs of the same session (a dry
# run reads the log too, so it plans exactly what the render will).
set -u
coach=$(realpath "$1"); src=$2
tmp=$(mktemp -d); trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
routine=$src/tests/data/progress/progress.yaml
log=$tmp/log
fail=0

. "$src/tests/script-env.sh"
# session N: renders the session with the script built so far, then dates
# it eight days back: a dose goes up at most once a week (seed 000: "a small
# dose each week"), and these sessions stand for a week apart each.
session() {
  "$coach" run "$routine" --out "$tmp/s$n.wav" --log-dir "$log" --script "$tmp/script" \
    --timeline "$tmp/s$n.jsonl" 2> "$tmp/err" ||
    { echo "FAIL: session $n exited $?"; cat "$tmp/err"; fail=1; }
  sed -i "s/\"ts\":\"$(date +%Y-%m-%d)T/\"ts\":\"$(date -d '-8 days' +%Y-%m-%d)T/" "$log/sessions.jsonl"
}
has() { # has N PATTERN WHAT: session N's timeline has a line matching PATTERN
  grep -qE -- "$2" "$tmp/s$1.jsonl" || { echo "FAIL: session $1: $3"; fail=1; }
}
hasnt() {
  ! grep -qE -- "$2" "$tmp/s$1.jsonl" || { echo "FAIL: session $1: $3"; fail=1; }
}

# 1: a first session
n=1; : > "$tmp/script"
say_at checkin 1 "two"
say_at exercise_start 8 "pain two" '"dead-bug"'
say_at checkin 1 "one" '' last
session
hasnt 1 '"name":"question","kind":"next_day"' "a first session asks about the last one"
has 1 '"name":"exercise_start","exercise":"dead-bug","planned":"dead-bug","sets":1,"reps":4' "dead bug at the routine's 4 reps"
has 1 '"name":"exercise_start","exercise":"side-plank","planned":"side-plank","sets":1,"reps":1,"hold":10' "side plank at 10 s"
has 1 '"name":"session_end","reason":"completed"' "session 1 did not complete"
has 1 'Before we finish: how is your back now' "no closing pain question"
has 1 '"name":"pain","value":1' "the closing rating was not taken"

# 2: tolerated and "yes": one variable up per exercise, the pinned one kept
n=2; : > "$tmp/script"
say_at question 1 "yes"
say_at checkin 1 "two"
say_at exercise_start 8 "pain five" '"dead-bug"'
session
has 2 '"name":"question","kind":"next_day"' "no next-day question"
has 2 '"name":"answer","kind":"next_day","answer":"yes"' "the answer was not heard"
has 2 '"name":"progress","exercise":"dead-bug","field":"reps","previous":4,"value":5,"reason":"tolerated"' "dead bug did not go from 4 to 5 reps"
has 2 '"name":"progress","exercise":"side-plank","field":"hold","previous":10,"value":12,"reason":"tolerated"' "side plank did not go from 10 to 12 s"
hasnt 2 '"name":"progress","exercise":"bird-dog"' "the pinned bird dog changed"
has 2 'so today a little more: dead bug to five reps and side plank to twelve-second holds\.' "the one sentence saying what changed and why"
has 2 '"name":"exercise_start","exercise":"dead-bug","planned":"dead-bug","sets":1,"reps":5' "dead bug not started at 5 reps"
has 2 '"name":"exercise_start","exercise":"bird-dog","planned":"bird-dog","sets":1,"reps":3' "bird dog not at its pinned 3 reps"
has 2 '"name":"variant","exercise":"dead-bug","from":"dead-bug","to":"heel-taps","reason":"pain"' "pain five did not ease dead bug"

# 3: pain rose in dead bug: step back to heel taps; and because a rating of
# session 2 rose (seed 000: "only if your back tolerated the last one"),
# nothing else goes up: the side plank stays at 12 s, and the coach says why
n=3; : > "$tmp/script"
say_at question 1 "yes"
say_at checkin 1 "one"
say_at checkin 1 "zero" '' last
session
has 3 '"name":"progress","exercise":"dead-bug","from":"dead-bug","to":"heel-taps","field":"variant","reason":"pain"' "dead bug did not step back to heel taps"
hasnt 3 '"name":"progress","exercise":"side-plank"' "the side plank went up after a session whose pain rose"
has 3 'today a little less: heel taps instead of dead bug\. Your pain reached five at one point last time, so nothing goes up today\.' "the sentence for a step back and a hold"
has 3 '"name":"exercise_start","exercise":"heel-taps","planned":"dead-bug"' "heel taps not done in dead bug's place"
has 3 '"name":"exercise_start","exercise":"side-plank","planned":"side-plank","sets":1,"reps":1,"hold":12' "side plank not kept at 12 s"

# 4: heel taps went well and "yes": back up to dead bug at the routine's
# reps; the side plank goes on up
n=4; : > "$tmp/script"
say_at question 1 "yes"
say_at checkin 1 "one"
say_at checkin 1 "zero" '' last
session
has 4 '"name":"progress","exercise":"dead-bug","from":"heel-taps","to":"dead-bug","field":"variant","reason":"tolerated"' "heel taps did not go back up to dead bug"
has 4 '"name":"exercise_start","exercise":"dead-bug","planned":"dead-bug","sets":1,"reps":4' "dead bug not back at 4 reps"
has 4 '"name":"progress","exercise":"side-plank","field":"hold","previous":12,"value":14,"reason":"tolerated"' "side plank did not go from 12 to 14 s"

# 5: "no" the next day (seed 001: lingering symptoms, "back up a step"):
# what went up last time comes back down
n=5; : > "$tmp/script"
say_at question 1 "no"
say_at checkin 1 "one"
say_at checkin 1 "zero" '' last
session
has 5 '"name":"progress","exercise":"dead-bug","from":"dead-bug","to":"heel-taps","field":"variant","reason":"not_settled"' "dead bug did not back off to heel taps after a no"
has 5 '"name":"progress","exercise":"side-plank","field":"hold","previous":14,"value":12,"reason":"not_settled"' "side plank did not back off from 14 to 12 s after a no"
hasnt 5 '"name":"progress","exercise":"bird-dog"' "the pinned bird dog changed"
has 5 "Since your back hasn't settled, we'll back off a step today: heel taps instead of dead bug and side plank to twelve-second holds\." "the back-off sentence"
has 5 '"name":"exercise_start","exercise":"side-plank","planned":"side-plank","sets":1,"reps":1,"hold":12' "side plank not at 12 s"

# 6: a flare-up: pain eight at the start ends the session before any exercise
n=6; : > "$tmp/script"
say_at question 1 "yes"
say_at checkin 1 "eight"
session
has 6 '"name":"session_end","reason":"pain"' "pain eight did not end the session"
hasnt 6 '"name":"exercise_start"' "an exercise started after pain eight"

# 7: after it, nothing goes up, and nothing is forgotten: each exercise is
# where it was last started (session 5), not back at the routine's dose
n=7; : > "$tmp/script"
say_at question 1 "yes"
say_at checkin 1 "two"
session
hasnt 7 '"name":"progress"' "a dose changed right after a session ended for pain"
has 7 '"name":"exercise_start","exercise":"side-plank","planned":"side-plank","sets":1,"reps":1,"hold":12' "side plank not kept at 12 s"
has 7 '"name":"exercise_start","exercise":"heel-taps","planned":"dead-bug"' "heel taps not kept"

# the log holds the five sessions, and history reads them back
out=$("$coach" history --log-dir "$log" --quiet 2>&1)
grep -q "and seven in the last thirty" <<<"$out" || { echo "FAIL: history: $out"; fail=1; }
grep -q "side plank, twelve-second holds" <<<"$out" || { echo "FAIL: history levels: $out"; fail=1; }
grep -q "your pain before a session stayed at two" <<<"$out" || { echo "FAIL: history pain before: $out"; fail=1; }
grep -q "After a session, it went from one to zero" <<<"$out" || { echo "FAIL: history pain after: $out"; fail=1; }
[ "$(grep -c '"event":"session_end"' "$log/sessions.jsonl")" -eq 7 ] ||
  { echo "FAIL: the log does not hold seven ended sessions"; fail=1; }
# --no-log neither reads nor writes it: a first session again
"$coach" run "$routine" --dry-run --no-log --log-dir "$log" | grep -q '"kind":"next_day"' &&
  { echo "FAIL: --no-log still read the log"; fail=1; }
# 8: a session the same day as the last raise: nothing goes up again within
# the week, and the coach says so (the log's last session is today's)
n=8; : > "$tmp/script"
say_at question 1 "yes"
say_at checkin 1 "one"
say_at checkin 1 "zero" '' last
session
n=9; : > "$tmp/script"
say_at question 1 "yes"
say_at checkin 1 "one"
say_at checkin 1 "zero" '' last
sed -i "s/\"ts\":\"$(date -d '-8 days' +%Y-%m-%d)T\([^\"]*\)\",\"session\":\"$(grep -o '"session":"[^"]*"' "$log/sessions.jsonl" | tail -1 | cut -d'"' -f4)\"/\"ts\":\"$(date +%Y-%m-%d)T\1\",\"session\":\"$(grep -o '"session":"[^"]*"' "$log/sessions.jsonl" | tail -1 | cut -d'"' -f4)\"/" "$log/sessions.jsonl"
session
has 8 '"name":"progress".*"reason":"tolerated"' "session 8 raised nothing: this test cannot tell"
hasnt 9 '"name":"progress".*"reason":"tolerated"' "a dose went up twice within a week"
has 9 'Anything that went up in the last week stays where it is' "the weekly hold was not said"

[ $fail -eq 0 ] && echo "seven sessions progressed, stepped back, kept, came back up and held after a flare-up as docs/progression.md says"
exit $fail
