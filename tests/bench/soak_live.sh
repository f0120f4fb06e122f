#!/usr/bin/env bash
# soak_live.sh [BUILD_DIR]: the kiosk for hours, live through a private
# PulseAudio server (null sink; GUIDE §9), as a clinic runs it. A simulated
# visitor comes every VISIT_EVERY seconds (default 240) to the idle kiosk
# (one in a session waits its turn): by turns saying
# "start" into the virtual microphone (flite's voice) and pressing the
# button (a key through a pipe); each session plays to its end. The sound
# server is killed and started again every RESTART_EVERY seconds (default
# 3600). Every minute the kiosk's resident memory is sampled. At the end it
# prints: visits, sessions started and completed (the timeline and the
# counts file), restarts and how many the kiosk came back from, the RSS at
# the first and last samples after the first session and its most, and
# whether the kiosk was still running; and, at each restart, a line of the
# figures so far. HOURS (default 8) sets the length
# (HOURS=0.25 for a quarter-hour check). Prints figures; asserts nothing.
# Needs pulseaudio, pactl, paplay, flite and sox. Not run by CI.
set -u
build=$(realpath "${1:-build}")
src=$(cd "$(dirname "$0")/../.." && pwd)
hours=${HOURS:-8} visit_every=${VISIT_EVERY:-240} restart_every=${RESTART_EVERY:-3600}
tmp=$(mktemp -d)
. "$src/tests/pulse-env.sh"
pulse_kiosk_env
pulse_start >/dev/null || { echo "soak_live: PulseAudio did not start"; exit 1; }
cd "$tmp" || exit 1
flite -voice kal16 -t "start" -o raw.wav && sox raw.wav -r 16000 start.wav gain -n -3 ||
  { echo "soak_live: cannot make the visitor's voice"; exit 1; }
count() { grep -c "$1" "$2" 2>/dev/null || true; }

mkfifo keys
"$build/coach" kiosk --routine "$src/routines/desk-snack.yaml" --timeline tl.jsonl \
  --counts counts.txt < keys > out.txt 2> err.txt & kiosk=$!
exec 3> keys
for _ in $(seq 200); do grep -q 'playing on' err.txt && break; sleep 0.1; done

# a line at each restart: a soak cut short (a machine's session ends) still
# leaves its figures so far
progress() {
  echo "  after $(( ($1 - start_t) / 60 )) min: visits $visits, sessions started $(count '"name":"session_start"' tl.jsonl), completed $(count '"name":"session_end","reason":"completed"' tl.jsonl); restarts $restarts, come back from $(count 'sound output is back' err.txt); resident memory now $(awk '/VmRSS/ { printf "%.1f MB", $2 / 1024 }' /proc/$kiosk/status 2>/dev/null)"
}
end=$(echo "$(date +%s) + $hours * 3600" | bc | cut -d. -f1)
start_t=$(date +%s) next_visit=$(( $(date +%s) + 20 )) next_restart=$(( $(date +%s) + restart_every ))
next_sample=$(date +%s) visits=0 restarts=0
: > rss.txt
while [ "$(date +%s)" -lt "$end" ] && kill -0 "$kiosk" 2>/dev/null; do
  now=$(date +%s)
  if [ "$now" -ge "$next_sample" ]; then
    echo "$((now - start_t)) $(awk '/VmRSS/ {print $2}' /proc/$kiosk/status)" >> rss.txt
    next_sample=$((now + 60))
  fi
  if [ "$now" -ge "$next_restart" ]; then
    progress "$now"
    echo "$((now - start_t)) restart" >> rss.txt
    pulse_stop; sleep 2; pulse_start >/dev/null || { echo "soak_live: PulseAudio did not start again"; break; }
    restarts=$((restarts + 1)) next_restart=$((now + restart_every))
  fi
  # a visitor comes to an idle kiosk (one in a session waits its turn): the
  # kiosk's last idle or session_start event says which (a session cut by
  # a restart has no session_end, but the kiosk idles again)
  if [ "$now" -ge "$next_visit" ] &&
     [ "$(grep -oE '"name":"(idle|session_start)"' tl.jsonl | tail -n1)" != '"name":"idle"' ]; then
    next_visit=$((now + 10))
  elif [ "$now" -ge "$next_visit" ]; then
    visits=$((visits + 1))
    if [ $((visits % 2)) -eq 1 ]; then paplay -d micsink start.wav; else printf ' ' >&3; fi
    next_visit=$((now + visit_every))
  fi
  sleep 1
done
alive=no; kill -0 "$kiosk" 2>/dev/null && alive=yes
kill -TERM "$kiosk" 2>/dev/null; wait "$kiosk"; rc=$?; kiosk=
echo "== soak: the kiosk live for $(( ($(date +%s) - start_t) / 60 )) minutes (desk snack; a visitor every $visit_every s; PulseAudio restarted every $restart_every s)"
echo "  visits: $visits (by turns voice and button); sessions started $(count '"name":"session_start"' tl.jsonl), ended $(count '"name":"session_end"' tl.jsonl) (completed $(count '"name":"session_end","reason":"completed"' tl.jsonl)); counts file: $(cat counts.txt 2>/dev/null)"
echo "  restarts: $restarts; the kiosk came back $(count 'sound output is back' err.txt) times"
awk '$2 == "restart" { r = r " |"; next } NR == 1 { next } { if (!first) first = $2; last = $2; if ($2 > most) most = $2; n++; r = r sprintf(" %.1f", $2 / 1024) }
  END { printf "  resident memory: %.1f MB at first, %.1f MB at last, %.1f MB at most (%d samples, a minute apart)\n  by minute (| a restart):%s\n", first / 1024, last / 1024, most / 1024, n, r }' rss.txt
echo "  still running at the end: $alive; exit on SIGTERM: $rc"
