#!/usr/bin/env bash
# voice.sh COACH SRC: voice commands in a file-mode session. A microphone
# track says "pain five" and later "skip" (flite's kal16 voice over a pink
# noise floor, in gaps where the coach is silent); the render, which decodes
# the track in lockstep, must act on both: the pain rating switches hip
# hinge to its easier variant, and "skip" skips that variant. Then the
# coach's own voice as the microphone (a render of the same session, fed
# back in) must give no command at all. Listening set to attention and to
# keys. Then bad microphone files.
set -u
coach=$(realpath "$1"); src=$(realpath "$2")
command -v flite >/dev/null && command -v sox >/dev/null || { echo "SKIP: flite or sox missing"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
routine=$src/routines/desk-snack.yaml
fail=0

. "$src/tests/voice-env.sh"
# "pain five" ends at 66.9 s (a gap in the hip hinge's reps), "skip" at 108.6 s
# (a gap in the easier variant's reps: the times come from a dry run)
voice_track mic.wav 10 "pain five" 66.9 "skip" 108.6 || { echo "FAIL: making the microphone track"; exit 1; }

"$coach" run "$routine" --no-log --out out.wav --in mic.wav --timeline tl.jsonl 2>err.txt ||
  { echo "FAIL: the run failed: $(cat err.txt)"; exit 1; }
# t of the first line matching a pattern
at() { grep -m1 -E "$1" tl.jsonl | sed -E 's/^\{"t":([0-9.]+).*/\1/'; }
tp=$(at '"command":"pain","value":5')
[ -n "$tp" ] || { echo "FAIL: 'pain five' was not heard"; grep -E 'command|rejected' tl.jsonl; fail=1; }
grep -q '"name":"variant","exercise":"hip-hinge","from":"hip-hinge","to":"wall-hip-hinge"' tl.jsonl ||
  { echo "FAIL: no switch to the easier variant"; fail=1; }
ts=$(at '"command":"skip"')
[ -n "$ts" ] || { echo "FAIL: 'skip' was not heard"; grep -E 'command|rejected' tl.jsonl; fail=1; }
grep -q '"name":"skip","exercise":"wall-hip-hinge"' tl.jsonl || { echo "FAIL: no skip event"; fail=1; }
# heard once each, soon after the speech ended (end of speech to acknowledgement)
[ "$(grep -c '"name":"command"' tl.jsonl)" -eq 2 ] || { echo "FAIL: other commands heard:"; grep '"name":"command"' tl.jsonl; fail=1; }
if [ -n "$tp" ] && [ -n "$ts" ]; then
  awk -v a="$tp" -v b="$ts" 'BEGIN { exit !(a >= 66.9 && a < 67.4 && b >= 108.6 && b < 109.1) }' ||
    { echo "FAIL: heard at $tp and $ts, not within 0.5 s of 66.9 and 108.6"; fail=1; }
  grep -B1 -m1 '"command":"pain","value":5' tl.jsonl | grep -q '"name":"ack"' ||
    { echo "FAIL: no acknowledgement earcon with the rating"; fail=1; }
fi

# listening: attention. A plain "skip" in the march's quiet middle is not
# acted on; "coach skip" in a gap between the hinge's reps is (the times come
# from a dry run with --listening attention, whose opening is longer). The
# session says how to use it. keys: the same track, nothing heard at all.
voice_track att.wav 5 "skip" 38.5 "coach skip" 69.2 || { echo "FAIL: making the attention track"; exit 1; }
"$coach" run "$routine" --no-log --listening attention --out o.wav --in att.wav --timeline att.jsonl 2>err.txt ||
  { echo "FAIL: the attention run failed: $(cat err.txt)"; fail=1; }
grep -q 'Say coach before a command' att.jsonl || { echo "FAIL: attention is not explained"; fail=1; }
cmds=$(grep '"name":"command"' att.jsonl)
[ "$(grep -c . <<<"$cmds")" -eq 1 ] && grep -q '"command":"skip"' <<<"$cmds" &&
  awk -v t="$(sed -E 's/^\{"t":([0-9.]+).*/\1/' <<<"$cmds")" 'BEGIN { exit !(t >= 69.2 && t < 69.7) }' ||
  { echo "FAIL: attention: want only 'coach skip' acted on, at 69.2 s:"; grep -E 'command|rejected' att.jsonl; fail=1; }
"$coach" run "$routine" --no-log --listening keys --out o.wav --in att.wav --timeline keys.jsonl 2>err.txt ||
  { echo "FAIL: the keys run failed: $(cat err.txt)"; fail=1; }
grep -qE '"name":"(command|rejected)"' keys.jsonl && { echo "FAIL: listening keys still heard the microphone"; fail=1; }
"$coach" run "$routine" --no-log --listening loud --dry-run >/dev/null 2>err.txt; rc=$?
[ $rc -eq 64 ] && grep -q 'open, attention or keys' err.txt || { echo "FAIL: --listening loud: exit $rc $(cat err.txt)"; fail=1; }

# the coach's own voice as the microphone: nothing it says is a command
"$coach" run "$routine" --no-log --out plain.wav 2>/dev/null
"$coach" run "$routine" --no-log --out echo.wav --in plain.wav --timeline echo.jsonl 2>/dev/null ||
  { echo "FAIL: the echo run failed"; fail=1; }
n=$(grep -c '"name":"command"' echo.jsonl)
[ "$n" -eq 0 ] || { echo "FAIL: the coach's own voice gave $n commands:"; grep '"name":"command"' echo.jsonl | head; fail=1; }
grep -q '"reason":"the coach was speaking"' echo.jsonl || { echo "FAIL: the echo was not heard at all"; fail=1; }
"$coach" run "$routine" --no-log --out ref.wav --timeline ref.jsonl 2>/dev/null
cmp -s ref.jsonl <(grep -v '"name":"rejected"' echo.jsonl) || { echo "FAIL: the echo changed the session"; fail=1; }

# bad microphone files: a clear message or a normal session, never a crash
sox -n -r 16000 -c 1 silence.wav trim 0 5
sox -R -n -r 8000 -c 2 loud.wav synth 5 pinknoise gain 30 2>/dev/null # clipped, 8 kHz stereo
head -c 3000 mic.wav > truncated.wav
for f in silence.wav loud.wav truncated.wav; do
  "$coach" run "$routine" --no-log --out o.wav --in "$f" --timeline t.jsonl 2>err.txt; rc=$?
  [ $rc -eq 0 ] || { echo "FAIL: --in $f: exit $rc: $(cat err.txt)"; fail=1; }
  grep -q '"name":"command"' t.jsonl && { echo "FAIL: --in $f gave a command"; fail=1; }
  grep -q '"reason":"completed"' t.jsonl || { echo "FAIL: --in $f: the session did not complete"; fail=1; }
done
echo "not audio" > junk.wav
"$coach" run "$routine" --no-log --out o.wav --in junk.wav 2>err.txt; rc=$?
[ $rc -eq 65 ] && grep -q 'not an audio file' err.txt || { echo "FAIL: junk --in: exit $rc: $(cat err.txt)"; fail=1; }
"$coach" run "$routine" --no-log --out o.wav --in nope.wav 2>err.txt; rc=$?
[ $rc -eq 66 ] || { echo "FAIL: missing --in: exit $rc"; fail=1; }
"$coach" run "$routine" --no-log --in mic.wav 2>err.txt; rc=$?
[ $rc -eq 64 ] || { echo "FAIL: --in without --out: exit $rc"; fail=1; }
[ $fail -eq 0 ] && echo "voice: 'pain five' at ${tp}s and 'skip' at ${ts}s acted on; the coach's own voice gave no command; bad microphone files handled"
exit $fail
