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

echo "$n hostile cases"
exit $fail
