#!/usr/bin/env bash
# usage.sh COACH SRC: the command line: help, version, usage errors (64),
# missing input (66), bad data (65), and `coach run` with no engine yet (69).
set -u
coach=$(realpath "$1"); src=$2
cd "$src" || exit 1
fail=0
expect() { # expect CODE PATTERN -- ARGS...: exit code and a line of output
  local want=$1 pat=$2; shift 3
  local out rc
  out=$(timeout 20 "$coach" "$@" 2>&1); rc=$?
  if [ $rc -ne "$want" ]; then echo "FAIL: coach $*: exit $rc, wanted $want"; echo "$out"; fail=1; return; fi
  if ! grep -qE -- "$pat" <<<"$out"; then echo "FAIL: coach $*: no /$pat/ in:"; echo "$out"; fail=1; fi
}
expect 0  'usage:'                          -- --help
expect 0  '^coach [0-9]+\.[0-9]+\.[0-9]+$'  -- --version
expect 64 "unknown command 'dance'"         -- dance
expect 64 "unknown option '--bogus' for check" -- check --bogus routines
expect 64 'usage: coach check'              -- check
expect 64 '--library needs a folder'        -- check --library
expect 66 'nope.yaml: no such file'         -- check nope.yaml
expect 66 'cannot open this folder'         -- list /nonexistent/coach
expect 64 "unknown option '--fast' for list" -- list --fast
expect 64 'run needs a routine'             -- run
expect 64 "unknown option '--bogus' for run" -- run routines/day-one.yaml --bogus
expect 64 '--rate needs a value'            -- run routines/day-one.yaml --rate
expect 66 'no such routine'                 -- run routines/nothing-here.yaml
expect 65 'unknown key .stpes.'             -- run tests/data/bad/unknown-key.yaml
expect 69 "no output device is called 'no-such-device'" -- run routines/day-one.yaml --no-log --device no-such-device
expect 64 '--out renders audio, --dry-run renders none' -- run routines/day-one.yaml --dry-run --out x.wav
expect 64 '--in \(a WAV file as the microphone\) goes with --out' -- run routines/desk-snack.yaml --in x.wav
expect 66 'nope.wav: no such file'          -- run routines/desk-snack.yaml --no-log --out /dev/null --in /nonexistent/nope.wav
expect 69 "no voice or language 'nonsense-voice'" -- run routines/desk-snack.yaml --dry-run --voice nonsense-voice
expect 0  'session_end'                     -- run routines/desk-snack.yaml --dry-run --voice en-gb
expect 0  'Output devices:'                 -- devices
expect 64 'devices takes no arguments'      -- devices extra
# with no sound output at all, a live run says so and names --out (exit 69)
if "$coach" devices 2>/dev/null | grep -q "none: 'coach run ROUTINE --out FILE.wav'"; then
  expect 69 'no sound output device found; use --out FILE.wav' -- run routines/day-one.yaml --no-log
  # coach alone is the spoken menu: it needs a speaker, and says what works without
  expect 69 'the spoken menu needs a sound output' --
fi
# a session whose log cannot be written does not start (74), and says how
# to run without one; the default place is used when no --log-dir is given
expect 74 'cannot create the session log.s folder.*--no-log' -- run routines/desk-snack.yaml --out /dev/null --log-dir /dev/null/log
expect 74 'cannot create the session log'   -- run routines/desk-snack.yaml --out /dev/null
expect 0  '9\. walk: 10 minutes'            -- run routines/day-one.yaml --outline
expect 0  'if better'                       -- run routines/direction-test.yaml --outline
expect 0  '"name":"session_end","reason":"completed"' -- run routines/desk-snack.yaml --dry-run
expect 0  'Ready... go.'                    -- run routines/desk-snack.yaml --dry-run --transcript
expect 64 '--rate must be a whole number from 80 to 450' -- run routines/day-one.yaml --rate 20
expect 64 '--volume must be a whole number' -- run routines/day-one.yaml --volume loud
expect 64 '--transcript goes with --dry-run' -- run routines/day-one.yaml --transcript
expect 66 'cannot open the file'            -- run routines/day-one.yaml --dry-run --script /nonexistent
# a routine named from inside its folder
( cd routines && out=$("$coach" run day-one.yaml --outline 2>&1) ) || { echo "FAIL: run from inside routines/"; fail=1; }
[ $fail -eq 0 ] && echo "usage ok"
exit $fail
