# pulse-env.sh: sourced by the live tests and benchmark. pulse_start starts a
# private PulseAudio server with a 48 kHz null sink "spk" (the default sink)
# and a 16 kHz virtual microphone "mic" fed by the sink "micsink" (GUIDE §9),
# plus a keepalive stream; pulse_stop stops it; pulse_kiosk_env and
# pulse_play_at below. Needs $tmp, a scratch folder.
pulse_start() {
  export XDG_RUNTIME_DIR=$tmp/xdg HOME=$tmp/home
  mkdir -p -m700 "$XDG_RUNTIME_DIR" "$HOME"
  unset PULSE_SERVER
  # the server keeps its own files in a folder of its own (the tests'
  # XDG_CONFIG_HOME points inside a file, so that nothing is written there)
  mkdir -p -m700 "$tmp/pulse-config"
  XDG_CONFIG_HOME=$tmp/pulse-config pulseaudio --daemonize=yes --exit-idle-time=-1 --system=false -n --disallow-exit \
    --load="module-native-protocol-unix" \
    --load="module-null-sink sink_name=spk rate=48000" \
    --load="module-null-sink sink_name=micsink rate=16000 channels=1" \
    --load="module-remap-source master=micsink.monitor source_name=mic" \
    --log-target=file:"$tmp/pulse.log" 2>"$tmp/pulse.err" || { cat "$tmp/pulse.err"; return 1; }
  for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
  pactl set-default-sink spk && pactl set-default-source mic || return 1
  # keep the null sink awake: idle, it wakes only every 2 s (an artefact of the null sink)
  pacat -p --raw --latency-msec=20 -d spk /dev/zero & pulse_keepalive=$!
  sleep 2.5
}

pulse_stop() {
  [ -n "${pulse_keepalive:-}" ] && kill "$pulse_keepalive" 2>/dev/null
  pulse_keepalive=
  pulseaudio --kill 2>/dev/null
}

# pulse_play_at ERR LEAD TRACK: once the coach writing ERR says it listens
# ("listening on ... (N s into the session)"), waits until LEAD seconds into
# the session and plays TRACK into the virtual microphone; returns 1, with
# the reason, when it never listens or started after LEAD (a slow start
# cannot move the words into the coach's speech).
pulse_play_at() {
  local err=$1 lead=$2 track=$3 at wait_s
  # up to 30 s: a sanitized build loading the recogniser's models on a
  # loaded machine took more than 5
  for _ in $(seq 600); do grep -q 'listening on' "$err" && break; sleep 0.05; done
  grep -q 'listening on' "$err" || { echo "FAIL: coach is not listening"; cat "$err"; return 1; }
  at=$(sed -n -E 's/.*listening on .*\(([0-9.]+) s into the session\).*/\1/p' "$err")
  wait_s=$(echo "$lead - ${at:-99} - 0.05" | bc -l) # 0.05: paplay's own start
  if [ "$(echo "$wait_s < 0" | bc -l)" = 1 ]; then
    echo "FAIL: coach started listening ${at:-?} s into the session, after the track's $lead s"; cat "$err"; return 1
  fi
  sleep "$wait_s"
  paplay -d micsink "$track"
}

# pulse_kiosk_env: for a live kiosk the test kills its sound server under:
# on exit the button's pipe (fd 3) is closed, the kiosk ($kiosk) killed,
# the server stopped and $tmp removed; SIGPIPE is ignored; and clients never
# autospawn a server, so a dead one stays dead until pulse_start.
pulse_kiosk_env() {
  trap 'exec 3>&- 2>/dev/null; [ -n "${kiosk:-}" ] && kill "$kiosk" 2>/dev/null; pulse_stop; rm -rf "$tmp"' EXIT
  trap "" PIPE
  printf 'autospawn = no\n' > "$tmp/client.conf"
  export PULSE_CLIENTCONFIG=$tmp/client.conf
}
