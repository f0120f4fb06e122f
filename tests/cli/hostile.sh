#!/usr/bin/env bash
# hostile.sh COACH SRC: hostile files and faults (issue 16): voices that are
# paths, special files, tampered logs, shared folders, a full disk. Each
# case must end with the right exit code and sentence, never hang or crash.
set -u
coach=$(realpath "$1"); src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 1
fail=0; n=0
expect() { # expect CODE PATTERN -- ARGS...: exit code and a line of output
  local want=$1 pat=$2; shift 3
  local out rc
  n=$((n + 1))
  out=$(timeout 20 "$coach" "$@" 2>&1 </dev/null); rc=$?
  if [ $rc -ne "$want" ]; then echo "FAIL: coach $*: exit $rc, wanted $want"; echo "$out" | head -20; fail=1; return; fi
  if ! grep -qE -- "$pat" <<<"$out"; then echo "FAIL: coach $*: no /$pat/ in:"; echo "$out" | head -20; fail=1; fi
}
export XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state
mkdir -p "$XDG_CONFIG_HOME/coach"
cfg=$XDG_CONFIG_HOME/coach/config.yaml

# 1. A voice is a name eSpeak NG lists, never a path.
printf 'voice: ../../../../../../dev/zero\n' > "$cfg"
expect 65 "config.yaml:1:8: eSpeak NG has no voice '../../../../../../dev/zero'; a voice is one of .*en-us" -- config
expect 0 'using the default settings' -- run routines/desk-snack.yaml --dry-run --no-log
printf '2 quit\n' > "$tmp/quit.txt"
expect 0 'using the default settings until that file is fixed' -- menu --dry-run --no-log --script "$tmp/quit.txt"
printf 'voice: en-gb+m3\n' > "$cfg"
expect 0 'voice: en-gb\+m3' -- config
rm -f "$cfg"

# 3. Every session has a hard length limit: ten pauses of 28 minutes keep
# desk snack going past four hours; it ends there, said and logged.
t=5; for i in $(seq 10); do echo "$t pause"; t=$((t + 1700)); echo "$t resume"; t=$((t + 8)); done > "$tmp/long.script"
out=$(timeout 60 "$coach" run routines/desk-snack.yaml --dry-run --no-log --script "$tmp/long.script" 2>&1)
n=$((n + 1))
if ! grep -q '"t":14400.000,.*"text":"This session has run for four hours' <<<"$out" ||
   ! grep -q '"name":"session_end","reason":"time_limit"' <<<"$out" ||
   [ "$(grep -c session_end <<<"$out")" -ne 1 ]; then
  echo "FAIL: no clean end at the four-hour limit"; grep -E 'session_end|four hours' <<<"$out"; fail=1
fi

# 4. Special files: a FIFO (which would block), a device (never ending),
# a folder; as config.yaml, sessions.jsonl, --in, a routine.
mkfifo "$tmp/fifo"
lib=$tmp/lib; mkdir -p "$lib/exercises"; cp routines/exercises/*.yaml "$lib/exercises/"
cp routines/desk-snack.yaml "$lib/"
mkfifo "$cfg"
expect 66 'config.yaml: this is a pipe \(FIFO\), not a regular file' -- config
expect 0 'using the default settings' -- run routines/desk-snack.yaml --dry-run --no-log
rm -f "$cfg"; ln -s /dev/zero "$cfg"
expect 66 'config.yaml: this is a device' -- config
rm -f "$cfg"
mkdir -m 700 "$tmp/log"; mkfifo "$tmp/log/sessions.jsonl"
expect 74 'sessions.jsonl: this is a pipe' -- history --log-dir "$tmp/log" --quiet
rm -f "$tmp/log/sessions.jsonl"; ln -s /dev/zero "$tmp/log/sessions.jsonl"
expect 74 'sessions.jsonl: this is a symbolic link' -- history --log-dir "$tmp/log" --quiet
expect 74 'sessions.jsonl: .*symbolic link' -- run routines/desk-snack.yaml --out /dev/null --log-dir "$tmp/log"
rm -f "$tmp/log/sessions.jsonl"
expect 66 'fifo: this is a pipe' -- run routines/desk-snack.yaml --out /dev/null --no-log --in "$tmp/fifo"
expect 66 'null: this is a device' -- run routines/desk-snack.yaml --out /dev/null --no-log --in /dev/null
expect 66 'fifo: this is a pipe' -- listen --in "$tmp/fifo"
expect 66 'fifo: this is a pipe' -- run routines/desk-snack.yaml --out /dev/null --no-log --echo "$tmp/fifo"
mkfifo "$lib/fifo.yaml"
expect 66 'fifo.yaml: this is a pipe' -- check "$lib/fifo.yaml"
expect 65 'fifo.yaml: this is a pipe' -- run "$lib/fifo.yaml" --dry-run --no-log
rm -f "$lib/fifo.yaml"

# 6. The log: created 0600 without following links; a folder others can
# write to is refused; a log of another's, or 0644, is not used as it is.
log=$tmp/own
expect 0 'rendered the session' -- run routines/desk-snack.yaml --out /dev/null --log-dir "$log"
n=$((n + 1))
[ "$(stat -c %a "$log/sessions.jsonl")" = 600 ] && [ "$(stat -c %a "$log")" = 700 ] ||
  { echo "FAIL: the log is not 0600 in a 0700 folder"; ls -la "$log"; fail=1; }
chmod 644 "$log/sessions.jsonl"
expect 0 'rendered the session' -- run routines/desk-snack.yaml --out /dev/null --log-dir "$log"
n=$((n + 1))
[ "$(stat -c %a "$log/sessions.jsonl")" = 600 ] || { echo "FAIL: a 0644 log was not made 0600"; fail=1; }
mkdir -m 777 "$tmp/shared"
expect 74 'shared: cannot write the session log: other users can write in this folder' -- run routines/desk-snack.yaml --out /dev/null --log-dir "$tmp/shared"
n=$((n + 1))
[ -e "$tmp/shared/sessions.jsonl" ] && { echo "FAIL: a log was written in a shared folder"; fail=1; }
mkdir -m 700 "$tmp/planted"; echo 'planted' > "$tmp/target"; ln -s "$tmp/target" "$tmp/planted/sessions.jsonl"
expect 74 'symbolic link' -- run routines/desk-snack.yaml --out /dev/null --log-dir "$tmp/planted"
n=$((n + 1))
[ "$(cat "$tmp/target")" = planted ] || { echo "FAIL: the log was written through a link"; fail=1; }
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
  mkdir -m 700 "$tmp/theirs"; touch "$tmp/theirs/sessions.jsonl"; chown nobody "$tmp/theirs/sessions.jsonl"
  expect 74 'belongs to another user' -- run routines/desk-snack.yaml --out /dev/null --log-dir "$tmp/theirs"
fi

# 8. --report and --export never overwrite the log (by any name), and
# are written 0600 by temporary file and rename.
expect 64 'this is the session log itself' -- history --log-dir "$log" --report "$log/sessions.jsonl"
ln -s "$log/sessions.jsonl" "$tmp/alias.html"
expect 64 'this is the session log itself' -- history --log-dir "$log" --export fhir "$tmp/alias.html"
n=$((n + 1))
[ "$(grep -c session_end "$log/sessions.jsonl")" = 2 ] || { echo "FAIL: the log was overwritten"; fail=1; }
expect 0 'wrote the report' -- history --log-dir "$log" --report "$tmp/r.html"
expect 0 'FHIR R4' -- history --log-dir "$log" --export fhir "$tmp/f.json"
n=$((n + 1))
[ "$(stat -c %a "$tmp/r.html")" = 600 ] && [ "$(stat -c %a "$tmp/f.json")" = 600 ] ||
  { echo "FAIL: outputs not 0600"; ls -la "$tmp"; fail=1; }
ls "$tmp"/*.tmp-* 2>/dev/null && { echo "FAIL: a temporary file left"; fail=1; }
# --timeline, written as the session goes: never the log, never through a
# link to a file, never a pipe nobody reads (that would hang); 0600; a
# device (/dev/stdout, below) is written directly
expect 64 'this is the session log itself' -- run routines/desk-snack.yaml --dry-run --log-dir "$log" --timeline "$tmp/alias.html"
echo theirs > "$tmp/victim"; ln -s "$tmp/victim" "$tmp/tl-link"
expect 74 'symbolic link to a file' -- run routines/desk-snack.yaml --dry-run --no-log --timeline "$tmp/tl-link"
mkfifo "$tmp/tl-fifo"
expect 74 'pipe \(FIFO\) that nothing reads' -- kiosk --dry-run --timeline "$tmp/tl-fifo"
expect 0 '' -- menu --dry-run --no-log --script "$tmp/quit.txt" --timeline "$tmp/tl.jsonl"
n=$((n + 1))
[ "$(grep -c session_end "$log/sessions.jsonl")" = 2 ] && [ "$(cat "$tmp/victim")" = theirs ] &&
  [ "$(stat -c %a "$tmp/tl.jsonl")" = 600 ] && [ -s "$tmp/tl.jsonl" ] ||
  { echo "FAIL: a timeline wrote where it must not"; ls -la "$tmp"; fail=1; }

# 7. A full disk (a file size limit of 2 KiB, SIGXFSZ ignored): no torn
# record, and the user hears at once that the session is no longer saved.
full=$tmp/full; mkdir -m 700 "$full"
out=$(bash -c 'trap "" XFSZ; ulimit -f 2; exec "$0" run routines/desk-snack.yaml --out /dev/null --log-dir "$1" --timeline /dev/stdout 2>/dev/null' "$coach" "$full")
rc=$?
n=$((n + 1))
if [ "$(tail -c 1 "$full/sessions.jsonl" | od -An -c | tr -d ' ')" != '\n' ]; then
  echo "FAIL: a torn record after a full disk"; tail -c 100 "$full/sessions.jsonl"; fail=1
fi
while IFS= read -r line; do
  python3 -c 'import json,sys; json.loads(sys.argv[1])' "$line" 2>/dev/null || { echo "FAIL: not a record: $line"; fail=1; }
done < "$full/sessions.jsonl"
grep -q '"text":"A note: I can no longer save this session' <<<"$out" || { echo "FAIL: the failure was not said"; fail=1; }
last_logged=$(tail -n 1 "$full/sessions.jsonl" | sed 's/.*"t":\([0-9.]*\).*/\1/')
said=$(grep '"A note' <<<"$out" | sed 's/.*"t":\([0-9.]*\).*/\1/')
awk -v a="$last_logged" -v b="$said" 'BEGIN { exit !(b - a < 30) }' || { echo "FAIL: said at $said, long after the last record at $last_logged"; fail=1; }
[ $rc -eq 74 ] || { echo "FAIL: a full disk exit $rc, wanted 74"; fail=1; }

# 5. A tampered log's doses (1000 reps, a 100000-second hold) are no doses:
# the next session starts from the routine's own, and never says them.
R=tests/data/progress/progress.yaml
mkdir -m 700 "$tmp/p5"
"$coach" run "$R" --out /dev/null --log-dir "$tmp/p5" >/dev/null 2>&1
sed -i 's/"reps":[0-9]*/"reps":1000/; s/"hold":[0-9]*/"hold":100000/' "$tmp/p5/sessions.jsonl"
out=$("$coach" run "$R" --dry-run --log-dir "$tmp/p5" 2>&1)
n=$((n + 1))
if grep -qiE 'thousand|"reps":1000|"hold":100000|three hundred' <<<"$out" ||
   ! grep -q '"name":"exercise_start","exercise":"dead-bug","planned":"dead-bug","sets":1,"reps":4' <<<"$out"; then
  echo "FAIL: a tampered dose reached the session"; grep -E 'exercise_start|thousand' <<<"$out"; fail=1
fi

# 10. Invalid UTF-8, controls and bidi overrides from the log never reach
# an output raw; true and 3.7 are no pain ratings.
mkdir -m 700 "$tmp/p10"
{ printf '{"ts":"2026-11-02T08:30:00.000+01:00","session":"s1","event":"session_start","t":0.0,"routine":"r","title":"Evil \\u001b[2J\\u202e title \\u0085"}\n'
  printf '{"ts":"2026-11-02T08:30:01.000+01:00","session":"s1","event":"pain","t":1.0,"value":true}\n'
  printf '{"ts":"2026-11-02T08:30:02.000+01:00","session":"s1","event":"pain","t":2.0,"value":3.7}\n'
  printf '{"ts":"2026-11-02T08:30:03.000+01:00","session":"s1","event":"pain","t":3.0,"value":2}\n'
  printf '{"ts":"2026-11-02T08:30:04.000+01:00","session":"s2","event":"session_start","t":0.0,"routine":"r","title":"Bad \xff\xfe bytes"}\n'
  printf '{"ts":"2026-11-02T08:30:05.000+01:00","session":"s1","event":"session_end","t":5.0,"reason":"completed\xc3"}\n'
} > "$tmp/p10/sessions.jsonl"
for args in "--json" "--quiet" "--export fhir -" "--report -"; do
  n=$((n + 1))
  out=$("$coach" history --log-dir "$tmp/p10" --now 2026-11-03T00:00:00+01:00 $args 2>/dev/null)
  if ! iconv -f UTF-8 -t UTF-8 <<<"$out" >/dev/null 2>&1 || LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]' <<<"$out"; then
    echo "FAIL: history $args: invalid UTF-8 or a control reached the output"; fail=1
  fi
done
out=$("$coach" history --log-dir "$tmp/p10" --now 2026-11-03T00:00:00+01:00 --export fhir - 2>/dev/null)
n=$((n + 1))
[ "$(grep -c '"valueInteger"' <<<"$out")" = 1 ] || { echo "FAIL: true or 3.7 became a pain rating"; grep valueInteger <<<"$out"; fail=1; }

# 9. A render stopped by a signal is a whole WAV file, put in place; one
# killed outright leaves the earlier file as it was, and its temporary file
# beside it, whose header was kept up to date (playable, not 0 bytes).
wav=$tmp/render.wav
"$coach" run routines/desk-snack.yaml --no-log --out "$wav" 2>/dev/null
full=$(soxi -s "$wav" 2>/dev/null || echo 0)
n=$((n + 1))
[ "$full" -gt 0 ] || { echo "FAIL: the first render made no WAV file"; fail=1; }
"$coach" run routines/weeks-3-6-capacity.yaml --no-log --out "$wav" 2>"$tmp/sig.err" & pid=$!
part() { ls "$wav".tmp-* 2>/dev/null | head -1; }
grown() { local p; p=$(part); [ -n "$p" ] && [ "$(stat -c %s "$p")" -gt 500000 ]; }
for _ in $(seq 100); do grown && break; sleep 0.05; done
kill -TERM $pid; wait $pid; rc=$?
n=$((n + 1))
got=$(soxi -s "$wav" 2>/dev/null || echo 0)
{ [ $rc -eq 143 ] && [ -z "$(part)" ] && [ "$got" -gt 0 ] && [ "$got" != "$full" ] &&
  grep -q 'stopped by a signal: the session so far is in' "$tmp/sig.err"; } ||
  { echo "FAIL: SIGTERM during a render: exit $rc, $got samples (a whole render: $full)"; cat "$tmp/sig.err"; fail=1; }
"$coach" run routines/desk-snack.yaml --no-log --out "$wav" 2>/dev/null
"$coach" run routines/weeks-3-6-capacity.yaml --no-log --out "$wav" 2>/dev/null & pid=$!
for _ in $(seq 100); do grown && break; sleep 0.05; done
kill -KILL $pid; wait $pid 2>/dev/null
n=$((n + 1))
[ "$(soxi -s "$wav" 2>/dev/null || echo 0)" = "$full" ] || { echo "FAIL: a killed render changed the earlier file"; fail=1; }
kept=$(soxi -s "$(part)" 2>/dev/null || echo 0)
[ "$kept" -gt 0 ] || { echo "FAIL: a killed render's temporary file has an empty header"; fail=1; }
# a render into a device is written straight into it: never a file renamed
# over it (run as root, that once replaced /dev/null with a regular file)
"$coach" run routines/desk-snack.yaml --no-log --out /dev/null 2>/dev/null
n=$((n + 1))
[ -c /dev/null ] || { echo "FAIL: rendering into /dev/null replaced it"; fail=1; }

# 13. Smaller: a symbolic link loop, an empty folder, a file over 1 MiB.
ln -s "$tmp/loop-b.yaml" "$tmp/loop-a.yaml"; ln -s "$tmp/loop-a.yaml" "$tmp/loop-b.yaml"
expect 66 'loop-a.yaml: cannot open the file: its symbolic links go round in a loop' -- check "$tmp/loop-a.yaml"
mkdir "$tmp/empty"
expect 66 'this folder holds no .yaml files' -- check "$tmp/empty"
head -c 5000000 /dev/zero | tr '\0' '#' > "$tmp/big.yaml"
expect 65 'big.yaml: the file is over 1048576 bytes \(1024 KiB\); coach files may be at most 1024 KiB' -- check "$tmp/big.yaml"

echo "$n hostile cases"
exit $fail
