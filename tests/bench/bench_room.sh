#!/usr/bin/env bash
# bench_room.sh [BUILD_DIR]: commands said at moments of a session, through
# simulated rooms (`coach run --out --in --echo`, docs/recognition.md).
#
# For each room (make_room: delay, echo gain over the user, RT60) it renders
# desk-snack with a microphone track in which one command is said, once per
# render, at N moments: half while the coach is talking (inside one of its
# sentences), half in its gaps. A command counts as acted on when its
# "command" event comes within 1.5 s of the end of its speech; one that is
# not counts as asked again when the "say again" cue comes then instead. It
# also renders the session with the echo alone and counts commands (and
# "say again" cues) from the coach's own voice. It prints the figures and
# the canceller's ERLE and convergence time, and the median time from the end of a command's speech to
# its acknowledgement; it asserts nothing. Voices: flite's kal16 and slt, which
# the recogniser was never tuned on in this benchmark's rooms.
#
# Environment: OUT (its folder, default BUILD_DIR/room-bench), N (moments per room, default 10), ROOMS ("DELAY_MS:GAIN_DB:RT60"
# items, default "20:0:0.3 30:6:0.5 60:12:0.6": GAIN_DB is the echo over the
# user), HEADROOM (below), AEC (off: --no-aec), SHIFT (default 0: the
# phrase and voice said at moment i are those of moment i + SHIFT, so that
# runs with SHIFT 0, 1, 2, ... say other commands in other voices at the
# same moments: more trials than the session has moments).
# COACH_AEC=webrtc (or webrtc-low, webrtc-high), with a BUILD_DIR configured
# -DCOACH_AEC_WEBRTC=ON, measures webrtc-audio-processing's canceller instead
# of speexdsp's (docs/recognition.md).
set -euo pipefail
build=$(realpath "${1:-build}")
src=$(cd "$(dirname "$0")/../.." && pwd)
n=${N:-10}
rotate=${SHIFT:-0}
rooms=${ROOMS:-"20:0:0.3 30:6:0.5 60:12:0.6"}
aec=()
[ "${AEC:-on}" = off ] && aec=(--no-aec)
out=${OUT:-$build/room-bench}
rm -rf "$out"; mkdir -p "$out"; cd "$out"
# copies of the binaries under test: a rebuild during the run cannot mix two builds
cp "$build/coach" "$build/tests/make_room" .
coach=$out/coach make_room=$out/make_room
: > moments.log
. "$src/tests/voice-env.sh"
routine=$src/routines/desk-snack.yaml
"$coach" run "$routine" --dry-run --no-log > dry.jsonl
# moments: the middle of sentences longer than 2 s (talking), and the middle
# of silences longer than 2 s (gaps), from 12 s on (after convergence)
python3 - "$n" > moments.txt <<'PY'
import json, sys, random
n = int(sys.argv[1]); random.seed(7)
talk, gaps, busy = [], [], []
for line in open("dry.jsonl"):
    a = json.loads(line)
    if a["type"] == "say":
        busy.append((a["t"], a["t"] + a["dur"]))
        if a["t"] > 12 and a["dur"] > 2.0:
            talk.append(a["t"] + a["dur"] / 2 + 0.4)
    elif a["type"] == "earcon":
        busy.append((a["t"], a["t"] + 0.35))
busy.sort()
end = 0
for s, e in busy:
    if s - end > 2.2 and end > 12:
        gaps.append(end + (s - end) / 2 + 0.4)
    end = max(end, e)
random.shuffle(talk); random.shuffle(gaps)
for t in sorted(talk[: n // 2]): print("talk", round(t, 2))
for t in sorted(gaps[: n - n // 2]): print("gap", round(t, 2))
PY
# "echo over the user" is measured, not assumed. The room's direct path is
# HEADROOM dB (default 6) under what the coach plays, so that the echo never
# clips the microphone (the coach's peaks reach -1.3 dBFS), and each command
# is brought to the coach's own speech level (its output's RMS with the
# pauses left out) less HEADROOM less the room's gain, so that the gain is
# how much louder the echo is than the user. (Until 2026-12-07 the room's
# gain was its direct path's, a 48 kHz response lost 9.5 dB in --echo, and
# the commands were as flite made them: the labels were not the levels.)
active_db() { sox "$1" -t wav - silence 1 0.02 1% -1 0.1 1% 2>/dev/null | sox -t wav - -n stats 2>&1 | awk '/^RMS lev dB/ { print $4 }'; }
"$coach" run "$routine" --no-log --out plain.wav 2>/dev/null
coach_db=$(active_db plain.wav)
headroom=${HEADROOM:-6}
echo "the coach's speech: $coach_db dBFS RMS (pauses left out); the room's direct path $headroom dB under it; each command that level less the room's gain"
phrases=("pain five" "skip" "pause" "pain three" "repeat" "easier" "pain six" "what's next" "pain two" "stop")
printf "%-16s %-6s %-6s %-6s %-12s %-12s %-10s %s\n" room where said acted "asked again" "own-voice" "ERLE" "converged"
for room in $rooms; do
  IFS=: read -r delay gain rt <<<"$room"
  "$make_room" "room-$delay.wav" "$delay" "-$headroom" "$rt" 48000
  # the echo alone: commands from the coach's own voice
  "$coach" run "$routine" --no-log --out own.wav --echo "room-$delay.wav" "${aec[@]}" \
    --timeline own.jsonl --stats 2> own.err
  own=$(grep -c '"name":"command"' own.jsonl || true)
  own_again=$(grep -c '"name":"again"' own.jsonl || true)
  erle=$(sed -n -E 's/.*enhancement ([0-9.]+) dB.*/\1/p' own.err)
  conv=$(sed -n -E 's/.*converged after ([0-9.]+) s.*/\1/p' own.err)
  declare -A said=() acted=() again=()
  i=0
  while read -r where t; do
    k=$((i + rotate))
    ph=${phrases[$((k % ${#phrases[@]}))]}
    voice=kal16; [ $((k % 2)) -eq 1 ] && voice=slt
    VOICE=$voice voice_track "mic-raw-$i.wav" 3 "$ph" "$t" >/dev/null 2>&1 || { i=$((i + 1)); continue; }
    sox "mic-raw-$i.wav" "mic-$i.wav" gain "$(awk -v c="$coach_db" -v u="$(active_db vt-0.wav)" -v h="$headroom" -v g="$gain" 'BEGIN { printf "%.2f", c - h - g - u }')"
    "$coach" run "$routine" --no-log --out o.wav --in "mic-$i.wav" --echo "room-$delay.wav" \
      "${aec[@]}" --timeline "t-$i.jsonl" 2>/dev/null || true
    said[$where]=$(( ${said[$where]:-0} + 1 ))
    want=$(printf '%s\n' "$ph" | sed -E 's/^pain (.*)$/"command":"pain"/; s/^what.s next$/"command":"whats_next"/; s/^([a-z]+)$/"command":"\1"/')
    if awk -v t="$t" -v w="$want" -F'[:,]' 'index($0, "\"name\":\"command\"") && index($0, w) { if ($2 >= t - 0.2 && $2 <= t + 1.5) ok=1 } END { exit !ok }' "t-$i.jsonl"; then
      acted[$where]=$(( ${acted[$where]:-0} + 1 ))
      # the acknowledgement's latency: from the end of the speech to the command
      awk -v t="$t" -v w="$want" -F'[:,]' 'index($0, "\"name\":\"command\"") && index($0, w) && $2 >= t - 0.2 && !done { printf "%.0f\n", ($2 - t) * 1000; done = 1 }' "t-$i.jsonl" >> latency.txt
      echo "  $where $t '$ph' ($voice): acted on" >> moments.log
    else
      asked=
      if awk -v t="$t" -F'[:,]' 'index($0, "\"name\":\"again\"") { if ($2 >= t - 0.2 && $2 <= t + 1.5) ok=1 } END { exit !ok }' "t-$i.jsonl"; then
        again[$where]=$(( ${again[$where]:-0} + 1 )) asked=" (asked again)"
      fi
      echo "  $where $t '$ph' ($voice): not$asked: $(awk -v t="$t" -F'[:,]' '($2 >= t - 1.5 && $2 <= t + 1.5) && /"rejected"|"command"/' "t-$i.jsonl" | sed -E 's/.*"name":"([a-z]+)".*"(reason|command)":"([^"]*)".*"?text"?:?"?([^"]*)"?.*/\1 \3 \4/' | tr '\n' ';')" >> moments.log
    fi
    i=$((i + 1))
  done < moments.txt
  for where in talk gap; do
    printf "%-16s %-6s %-6s %-6s %-12s %-12s %-10s %s\n" "$delay ms +$gain dB $rt s" "$where" \
      "${said[$where]:-0}" "${acted[$where]:-0}" "${again[$where]:-0}" "$own (again $own_again)" \
      "${erle:--} dB" "${conv:--} s"
  done
  unset said acted again
done
if [ -s latency.txt ]; then
  echo "acknowledgement after the end of speech, median of $(wc -l < latency.txt): $(sort -n latency.txt | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }') ms"
fi
echo "each moment (also in $out/moments.log):"
cat moments.log
