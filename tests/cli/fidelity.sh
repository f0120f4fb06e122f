#!/usr/bin/env bash
# fidelity.sh COACH SRC: the seeds' safety rules in every path a session can
# take (issue 14; docs/session.md, docs/progression.md). Each section sets
# up a log (written here from a dry run's own events, dated as it needs)
# and a script, runs a dry run or a file render with --log-dir, and checks
# what the coach did and said.
set -u
coach=$(realpath "$1"); src=$2
tmp=$(mktemp -d); trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail=0
R=$src/routines

# dry ROUTINE LOG SCRIPT OUT: a dry run of ROUTINE with the log in LOG and
# the script SCRIPT; its timeline in OUT.
dry() {
  "$coach" run "$1" --dry-run --log-dir "$2" --script "$3" > "$4" 2> "$tmp/err" ||
    { echo "FAIL: dry run of $1 exited $?"; cat "$tmp/err"; fail=1; }
}
# t_of TIMELINE NAME [FILTER [last]]: the time of the first (or last) event
# NAME with a line containing FILTER.
t_of() {
  grep "\"name\":\"$2\"" "$1" | grep -F "${3:-}" | if [ "${4:-}" = last ]; then tail -1; else head -1; fi |
    sed -E 's/.*"t":([0-9.]+).*/\1/'
}
# answer ROUTINE LOG SCRIPT NAME OFFSET TEXT [FILTER [last]]: adds TEXT to
# SCRIPT, OFFSET seconds after event NAME of the dry run so far.
answer() {
  dry "$1" "$2" "$3" "$tmp/probe.jsonl"
  local t; t=$(t_of "$tmp/probe.jsonl" "$4" "${7:-}" "${8:-}")
  [ -n "$t" ] || { echo "FAIL: $1: no '$4' event to answer"; fail=1; return; }
  echo "$(awk -v t="$t" -v o="$5" 'BEGIN { printf "%.3f", t + o }') $6" >> "$3"
}
# to_log TIMELINE LOG ID DAYS_AGO ROUTINE_ID: appends the timeline's events
# to LOG's session log as session ID, dated DAYS_AGO days before now.
to_log() {
  local ts; ts=$(date -u -d "-$4 days" +%Y-%m-%dT%H:%M:%S.000+00:00)
  mkdir -p "$2"
  grep '"type":"event"' "$1" |
    sed -E "s/^\\{\"t\":([0-9.]+),\"frame\":[0-9]+,\"type\":\"event\",\"name\":\"([a-z_]+)\"/{\"ts\":\"$ts\",\"session\":\"$3\",\"event\":\"\\2\",\"t\":\\1/" |
    sed -E "s/\"event\":\"session_start\"/\"event\":\"session_start\",\"routine\":\"$5\",\"title\":\"T\"/" \
    >> "$2/sessions.jsonl"
}
has() { # has FILE PATTERN WHAT
  grep -qE -- "$2" "$1" || { echo "FAIL: $3"; fail=1; }
}
hasnt() {
  ! grep -qE -- "$2" "$1" || { echo "FAIL: $3"; fail=1; }
}
count() { grep -cE -- "$2" "$1"; }

# ---- 1. progression sees every rating, the closing one included ----------
# core-stability from a starting 1 to a closing 7, every exercise done
# without a word of pain: nothing may go up next time, and the coach says
# why (before: nine doses raised).
log=$tmp/l1; sc=$tmp/s1; : > "$sc"
answer "$R/core-stability.yaml" "$log" "$sc" checkin 1 "one"
answer "$R/core-stability.yaml" "$log" "$sc" question 1 "no" '"red_flag"'
for k in 1 2 3 4 5; do answer "$R/core-stability.yaml" "$log" "$sc" checkin 1 "two" '' last; done
dry "$R/core-stability.yaml" "$log" "$sc" "$tmp/t1.jsonl"
# the last checkin is the closing one: answer it seven
sed -i '$d' "$sc"; answer "$R/core-stability.yaml" "$log" "$sc" checkin 1 "seven" '' last
dry "$R/core-stability.yaml" "$log" "$sc" "$tmp/t1.jsonl"
has "$tmp/t1.jsonl" '"name":"pain","value":7' "1: the closing seven was not taken"
to_log "$tmp/t1.jsonl" "$log" a1 1 core-stability
: > "$sc"; answer "$R/core-stability.yaml" "$log" "$sc" question 1 "yes" '"next_day"'
dry "$R/core-stability.yaml" "$log" "$sc" "$tmp/t1b.jsonl"
echo "1: doses raised after pain 1 -> 7: $(count "$tmp/t1b.jsonl" '"name":"progress".*"reason":"tolerated"')"
hasnt "$tmp/t1b.jsonl" '"name":"progress".*"reason":"tolerated"' "1: a dose went up after pain rose to seven at the close"
has "$tmp/t1b.jsonl" 'Your pain reached seven at one point last time, so nothing goes up today\.' "1: the coach did not say why nothing goes up"

# ---- 2. doses stay within bounds, whatever the log says --------------------
# a log record asking for 1000 reps of dead bug (routine: 4), then one of 7
# (above the 6 progression can reach from 4: a clinician lowered the dose
# since): both restart from the routine's 4, never 1000 or 1001
P=$src/tests/data/progress/progress.yaml
for logged in 1000 7; do
  log=$tmp/l2-$logged; sc=$tmp/s2; : > "$sc"
  dry "$P" "$log" "$sc" "$tmp/t2.jsonl"
  sed -i 's/"exercise":"dead-bug","planned":"dead-bug","sets":1,"reps":4/"exercise":"dead-bug","planned":"dead-bug","sets":1,"reps":'$logged'/' "$tmp/t2.jsonl"
  to_log "$tmp/t2.jsonl" "$log" b-$logged 1 progress-check
  : > "$sc"; answer "$P" "$log" "$sc" question 1 "yes" '"next_day"'
  dry "$P" "$log" "$sc" "$tmp/t2b.jsonl"
  has "$tmp/t2b.jsonl" '"name":"exercise_start","exercise":"dead-bug","planned":"dead-bug","sets":1,"reps":4[,}]' \
    "2: a logged $logged reps did not restart dead bug at the routine's 4: $(grep -o '"exercise":"dead-bug","planned[^}]*' "$tmp/t2b.jsonl" | head -1)"
done

# a clinician lowered dead bug from 6 reps to 4 after a session at 5 (under
# the new cap of 6): the log says the routine's dose was 6 then, so the
# next session starts at the routine's 4
log=$tmp/l2-lowered; sc=$tmp/s2; : > "$sc"
dry "$P" "$log" "$sc" "$tmp/t2.jsonl"
sed -i 's/"exercise":"dead-bug","planned":"dead-bug","sets":1,"reps":4,"routine_dose":4/"exercise":"dead-bug","planned":"dead-bug","sets":1,"reps":5,"routine_dose":6/' "$tmp/t2.jsonl"
has "$tmp/t2.jsonl" '"reps":5,"routine_dose":6' "2: the test could not write its log"
to_log "$tmp/t2.jsonl" "$log" b-lowered 1 progress-check
: > "$sc"; answer "$P" "$log" "$sc" question 1 "yes" '"next_day"'
dry "$P" "$log" "$sc" "$tmp/t2b.jsonl"
has "$tmp/t2b.jsonl" '"name":"exercise_start","exercise":"dead-bug","planned":"dead-bug","sets":1,"reps":4[,}]' \
  "2: a clinician's lower dose (6 to 4) was not obeyed after a session at 5"

# ---- 3. a closing rating worse than the start gets words that help ---------
log=$tmp/l3; sc=$tmp/s3; : > "$sc"
answer "$P" "$log" "$sc" checkin 1 "one"
answer "$P" "$log" "$sc" checkin 1 "five" '' last
dry "$P" "$log" "$sc" "$tmp/t3.jsonl"
has "$tmp/t3.jsonl" "That's more than when you started, so next time nothing will go up" "3: a closing five after a starting one did not say what happens next"
has "$tmp/t3.jsonl" "If it hasn't settled by tomorrow, we'll back off a step" "3: no word about tomorrow"
hasnt "$tmp/t3.jsonl" 'Well done for showing up' "3: congratulated after pain rose from one to five"

# ---- 4. "harder" right after a pain step-down is refused ------------------
C=$R/core-stability.yaml
log=$tmp/l4; sc=$tmp/s4; : > "$sc"
answer "$C" "$log" "$sc" rep 1 "pain five" '"dead-bug"'
answer "$C" "$log" "$sc" variant 15 "harder" '"reason":"pain"'
dry "$C" "$log" "$sc" "$tmp/t4.jsonl"
has "$tmp/t4.jsonl" '"name":"variant","exercise":"dead-bug","from":"dead-bug","to":"heel-taps","reason":"pain"' "4: pain five did not ease dead bug"
hasnt "$tmp/t4.jsonl" '"name":"variant","exercise":"heel-taps","from":"heel-taps","to":"dead-bug"' "4: harder brought dead bug back 15 s after a pain step-down"
has "$tmp/t4.jsonl" 'Not today: your pain went up in this one' "4: the refusal was not said"

# ---- 5. a switch of variant says its set-up and safety cue first ----------
log=$tmp/l5; sc=$tmp/s5; : > "$sc"
answer "$C" "$log" "$sc" rep 1 "harder" '"hip-hinge-dowel"'
dry "$C" "$log" "$sc" "$tmp/t5.jsonl"
tv=$(t_of "$tmp/t5.jsonl" variant '"to":"romanian-deadlift"')
ts=$(grep -F '"text":"Start light.' "$tmp/t5.jsonl" | head -1 | sed -E 's/.*"t":([0-9.]+).*/\1/')
tr=$(grep '"name":"rep","exercise":"romanian-deadlift"' "$tmp/t5.jsonl" | head -1 | sed -E 's/.*"t":([0-9.]+).*/\1/')
awk -v v="${tv:-x}" -v s="${ts:-x}" -v r="${tr:-x}" 'BEGIN { exit !(v != "x" && s != "x" && r != "x" && v + 0 <= s + 0 && s + 0 < r + 0) }' ||
  { echo "FAIL: 5: Romanian deadlift's 'Start light' not said between the switch ($tv) and its first rep ($tr): $ts"; fail=1; }
W=$R/weeks-3-6-capacity.yaml
log=$tmp/l5b; sc=$tmp/s5b; : > "$sc"
answer "$W" "$log" "$sc" hold_start 2 "easier" '"hip-flexor-stretch"'
dry "$W" "$log" "$sc" "$tmp/t5b.jsonl"
tv=$(t_of "$tmp/t5b.jsonl" variant '"to":"standing-hip-flexor-stretch"')
th=$(grep '"name":"hold_start","exercise":"standing-hip-flexor-stretch"' "$tmp/t5b.jsonl" | head -1 | sed -E 's/.*"t":([0-9.]+).*/\1/')
safety=$(awk '/id: standing-hip-flexor-stretch/ { on = 1 } on && /safety:/ { sub(/.*safety: /, ""); print; exit }' "$R/exercises/stretches.yaml")
tsafe=$(grep -F "\"text\":\"$safety\"" "$tmp/t5b.jsonl" | tail -1 | sed -E 's/.*"t":([0-9.]+).*/\1/')
awk -v v="${tv:-x}" -v s="${tsafe:-x}" -v h="${th:-x}" 'BEGIN { exit !(v != "x" && s != "x" && h != "x" && v + 0 <= s + 0 && s + 0 < h + 0) }' ||
  { echo "FAIL: 5: the standing stretch's safety cue not said between the switch ($tv) and its hold ($th): $tsafe"; fail=1; }

# ---- 6. the red-flag screen: every seed red flag, short questions ---------
D=$R/day-one.yaml
log=$tmp/l6; sc=$tmp/s6; : > "$sc"
dry "$D" "$log" "$sc" "$tmp/t6.jsonl"
[ "$(count "$tmp/t6.jsonl" '"name":"question","kind":"red_flag"')" -ge 4 ] || { echo "FAIL: 6: the screen is not split into short questions"; fail=1; }
for flag in 'lost weight without trying' 'fever' 'night sweats' 'bladder or bowels' 'numbness around your bottom' \
            'numbness or weakness in a leg or foot that is new, or spreading' 'a bad fall or an accident' \
            'already checked, and that is not getting worse, counts as no'; do
  has "$tmp/t6.jsonl" "$flag" "6: the screen does not ask about '$flag'"
done
# each question is short enough to hold in mind (under 200 characters)
grep '"kind":"red_flag"' -A1 "$tmp/t6.jsonl" | grep '"type":"say"' | sed -E 's/.*"text":"([^"]*)".*/\1/' |
  awk 'length($0) > 200 { print "FAIL: 6: a long question: " $0; bad = 1 } END { exit bad }' || fail=1
# "skip" does not skip it: the question is asked again, with why
: > "$sc"; answer "$D" "$log" "$sc" question 3 "skip" '"red_flag"'
dry "$D" "$log" "$sc" "$tmp/t6b.jsonl"
has "$tmp/t6b.jsonl" 'This one needs a yes or no before we go on' "6: skip on the screen did not say it needs an answer"
tq=$(t_of "$tmp/t6b.jsonl" command '"skip"')
awk -v t="$tq" -F'"t":' '{ split($2, a, ","); if (a[1] + 0 > t && /"type":"say"/ && /trouble passing urine/) found = 1 } END { exit !found }' "$tmp/t6b.jsonl" ||
  { echo "FAIL: 6: the skipped question was not asked again"; fail=1; }
hasnt "$tmp/t6b.jsonl" '"text":"Moving on\."' "6: skip moved on past the screen"
# "yes" to the bladder question: urgent advice, said as urgent
: > "$sc"; answer "$D" "$log" "$sc" question 12 "yes" '"red_flag"'
dry "$D" "$log" "$sc" "$tmp/t6c.jsonl"
has "$tmp/t6c.jsonl" '"name":"session_end","reason":"red_flag"' "6: yes to the bladder question did not end the session"
# (said in parts since issue 15: no utterance over 10 s)
has "$tmp/t6c.jsonl" '"text":"[^"]*This is urgent\.' "6: bladder and bowel advice not urgent"
has "$tmp/t6c.jsonl" '"text":"[^"]*get medical care today, straight away\.' "6: bladder and bowel advice not said"

# ---- 7. red flags in ordinary words, mid-session; kinds get their advice ---
while IFS='|' read -r words advice; do
  sc=$tmp/s7; : > "$sc"
  answer "$D" "$log" "$sc" rep 1 "$words" '"dead-bug"'
  answer "$D" "$log" "$sc" question 6 "yes" '"red_flag"' last
  dry "$D" "$log" "$sc" "$tmp/t7.jsonl"
  has "$tmp/t7.jsonl" "\"name\":\"command\",\"command\":\"red_flag\"" "7: '$words' was not heard as a red flag"
  has "$tmp/t7.jsonl" 'I think I heard you mention' "7: '$words' was not asked back"
  has "$tmp/t7.jsonl" "$advice" "7: '$words' did not get its advice ($advice)"
done <<'EOS'
my foot is numb|get medical advice today
pins and needles|get medical advice today
tingling down my leg|get medical advice today
my leg gave way|get medical advice today
I have a fever|needs a medical check before you exercise again
I've been losing weight|needs a medical check before you exercise again
I can't control my bladder|This is urgent
numbness between my legs|This is urgent
I've wet myself|This is urgent
I had a fall|have your back checked by a doctor
EOS

# ---- 8. every form cue is said, the first before the movement -------------
# For each routine's exercises (as a dry run with no answers does them),
# every cue of the library appears, and the first before the first beat.
cues_of() { # cues_of ID: the exercise's cues, one a line
  awk -v id="$1" '$0 ~ "^  - id: "id"$" { on = 1; next } on && /^  - id:/ { exit }
    on && /^    cues:/ { c = 1; next } on && c && /^      - / { sub(/^      - /, ""); print; next } on && c { c = 0 }' "$R"/exercises/*.yaml
}
for r in "$R"/*.yaml; do
  grep -q '^steps:' "$r" || continue
  : > "$tmp/none"; dry "$r" "$tmp/l8" "$tmp/none" "$tmp/t8.jsonl"
  for id in $(grep '"name":"exercise_start"' "$tmp/t8.jsonl" | sed -E 's/.*"exercise":"([^"]+)".*/\1/' | sort -u); do
    first=1
    while IFS= read -r cue; do
      [ -n "$cue" ] || continue
      grep -qF "\"text\":\"$cue\"" "$tmp/t8.jsonl" || { echo "FAIL: 8: $(basename "$r"): $id never says '$cue'"; fail=1; }
      if [ $first = 1 ]; then
        awk -v id="$id" -v cue="\"text\":\"$cue\"" '
          index($0, "\"name\":\"exercise_start\",\"exercise\":\"" id "\"") { on = 1; said = 0; next }
          on && index($0, cue) { said = 1 }
          on && /"name":"(rep|hold_start)"/ { if (!said) bad = 1; on = 0 }
          on && /"name":"set_start"/ && /"type":"event"/ && !/"name":"set_start"/ { }
          END { exit bad }' "$tmp/t8.jsonl" || { echo "FAIL: 8: $(basename "$r"): $id's first cue comes after the movement starts"; fail=1; }
        first=0
      fi
    done < <(cues_of "$id")
  done
done

# ---- 9. programme phases move on by tolerated sessions and weeks together ---
# ten sessions of the first phase in two days: still week one, not the
# loading phase; fifteen days of them whose pain rose: still week one; the
# same fifteen days, tolerated: week three (the second phase)
prog_log() { # prog_log DIR PAIN_AFTER DAYS_AGO...: weeks-1-2-calm sessions
  local dir=$1 after=$2; shift 2; mkdir -p "$dir"; local k=0
  for a in "$@"; do
    k=$((k + 1)); local d; d=$(date -u -d "-$a days" +%Y-%m-%dT08:00:00.000+00:00)
    printf '{"ts":"%s","session":"p%d","event":"session_start","t":0,"routine":"weeks-1-2-calm","title":"T"}\n' "$d" "$k"
    printf '{"ts":"%s","session":"p%d","event":"pain","t":9,"value":1}\n' "$d" "$k"
    printf '{"ts":"%s","session":"p%d","event":"exercise_start","t":20,"exercise":"pelvic-tilt","planned":"pelvic-tilt","sets":1,"reps":10}\n' "$d" "$k"
    printf '{"ts":"%s","session":"p%d","event":"exercise_end","t":90,"exercise":"pelvic-tilt","reason":"completed"}\n' "$d" "$k"
    printf '{"ts":"%s","session":"p%d","event":"pain","t":100,"value":%d}\n' "$d" "$k" "$after"
    printf '{"ts":"%s","session":"p%d","event":"session_end","t":110,"reason":"completed"}\n' "$d" "$k"
  done > "$dir/sessions.jsonl"
}
week_of() { # the programme's place, as the menu's list says it
  printf '8 list\n' > "$tmp/list.txt"
  "$coach" menu --dry-run --transcript --log-dir "$1" --routines "$R" --script "$tmp/list.txt" 2>/dev/null |
    grep -o 'Twelve weeks to a stronger back, a programme. You are in week [a-z]* of twelve' | head -1 | sed 's/, a programme. You are in/,/'
}
prog_log "$tmp/p1" 1 2 2 2 2 2 1 1 1 1 1
w=$(week_of "$tmp/p1"); [ "$w" = "Twelve weeks to a stronger back, week one of twelve" ] ||
  { echo "FAIL: 9: ten sessions in two days gave '$w', not week one"; fail=1; }
prog_log "$tmp/p2" 5 16 15 13 12 10 9 7 6 4 3
w=$(week_of "$tmp/p2"); [ "$w" = "Twelve weeks to a stronger back, week one of twelve" ] ||
  { echo "FAIL: 9: sessions whose pain rose from one to five counted: '$w', not week one"; fail=1; }
prog_log "$tmp/p3" 1 16 15 13 12 10 9 7 6 4 3
w=$(week_of "$tmp/p3"); [ "$w" = "Twelve weeks to a stronger back, week three of twelve" ] ||
  { echo "FAIL: 9: two weeks of tolerated sessions gave '$w', not week three"; fail=1; }

# ---- 10. the seeds' doses and words ---------------------------------------
: > "$tmp/none"; dry "$W" "$tmp/l10" "$tmp/none" "$tmp/t10.jsonl"
has "$tmp/t10.jsonl" '"name":"exercise_start","exercise":"hamstring-glide","planned":"hamstring-glide","sets":2,"reps":1[0-5][,}]' "10: hamstring glides are not two sets of 10 to 15 (seed 000)"
has "$tmp/t10.jsonl" '"name":"exercise_start","exercise":"hip-flexor-stretch","planned":"hip-flexor-stretch","sets":[23],' "10: the hip flexor stretch is not two or three rounds (seed 000)"
has "$tmp/t10.jsonl" 'after four to six weeks of steady practice nothing has changed' "10: weeks 3-6 do not say when to revisit the diagnosis (seed 000)"
dry "$R/weeks-1-2-calm.yaml" "$tmp/l10" "$tmp/none" "$tmp/t10b.jsonl"
has "$tmp/t10b.jsonl" 'check with a clinician who knows your back' "10: the programme does not say to consult a professional before starting (seed 003)"
# the direction test, worse both ways: no reassurance the seeds do not give
T=$R/direction-test.yaml
sc=$tmp/s10; : > "$sc"
answer "$T" "$tmp/l10" "$sc" question 5 "worse" '"better_same_worse"'
answer "$T" "$tmp/l10" "$sc" question 5 "worse" '"better_same_worse"' last
dry "$T" "$tmp/l10" "$sc" "$tmp/t10c.jsonl"
has "$tmp/t10c.jsonl" '"name":"answer","kind":"better_same_worse","answer":"worse"' "10: the direction test's answers were not heard"
hasnt "$tmp/t10c.jsonl" 'does not mean anything is wrong' "10: worse both ways was told nothing is wrong"
has "$tmp/t10c.jsonl" 'talk to your clinician before you try these movements again' "10: worse both ways was not sent to the clinician"

[ $fail -eq 0 ] && echo "every safety rule held"
exit $fail
