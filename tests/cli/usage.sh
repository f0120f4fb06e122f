#!/usr/bin/env bash
# usage.sh COACH SRC: the command line: help, version, usage errors (64),
# missing input (66), bad data (65), and `coach run` with no engine yet (69);
# options with no command (the menu's), the user's routines folder and
# COACH_DATA_DIR.
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
expect 64 "--voice: eSpeak NG has no voice 'nonsense-voice'; a voice is one of .*en-us" -- run routines/desk-snack.yaml --dry-run --voice nonsense-voice
expect 64 "no voice '../../../../../../tmp'" -- run routines/desk-snack.yaml --dry-run --voice ../../../../../../tmp
expect 65 'bad-voice.yaml:7:10: eSpeak NG has no voice' -- run tests/data/bad/bad-voice.yaml --dry-run
expect 0  'session_end'                     -- run routines/desk-snack.yaml --dry-run --voice en-us+f3
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
expect 66 '/nonexistent: no such file'       -- run routines/day-one.yaml --dry-run --script /nonexistent
# the shared option parser (src/cli/options.c): arguments are read strictly
# from the left; --opt=value and unambiguous abbreviations are accepted; a
# value may start with '-'; a lone '-' and '--' are unknown options of run
expect 64 "unknown option '-' for run"      -- run routines/day-one.yaml -
expect 64 "unknown option '--' for run"     -- run routines/day-one.yaml --
expect 64 "unknown option '-xyz' for run"   -- run -xyz routines/day-one.yaml
expect 64 "unknown option '--no' for run"   -- run routines/day-one.yaml --no
expect 64 "unknown option '--dry-run=yes' for run" -- run routines/day-one.yaml --dry-run=yes
expect 64 'run takes one routine'           -- run routines/day-one.yaml routines/desk-snack.yaml
expect 64 "^coach: --volume must be a whole number from 0 to 100, not '-1'$" -- run routines/day-one.yaml --volume -1
expect 64 "^coach: --rate must be a whole number from 80 to 450, not ''$" -- run routines/day-one.yaml --rate=
expect 64 '^coach: --rate needs a value$'   -- run routines/day-one.yaml --ra
expect 64 "unknown option '--bogus' for run" -- run --bogus --help
expect 0  '^usage: coach run ROUTINE'       -- run --help --bogus
expect 64 "unknown argument 'extra' for the menu" -- menu extra --bogus
expect 64 "unknown option '-' for the menu" -- menu -
expect 64 '^coach: --sessions needs a value$' -- kiosk --sessions
expect 64 "^coach: --sessions must be a whole number, not '1.5'$" -- kiosk --sessions=1.5
expect 64 '--export takes a format and a file' -- history --export fhir
expect 64 "unknown argument 'extra' for history" -- history extra
expect 66 '^-: no such file'                -- check -
expect 64 "unknown option '--' for check"   -- check --
expect 64 "unknown option '--in' for listen" -- listen --in
expect 64 "unknown option 'extra' for listen" -- listen extra
rate_sep=$("$coach" run routines/desk-snack.yaml --dry-run --no-log --transcript --rate 200 2>&1)
rate_eq=$("$coach" run routines/desk-snack.yaml --dry-run --no-log --transcript --rate=200 2>&1)
rate_abbr=$("$coach" run routines/desk-snack.yaml --dry-run --no-log --transcript --ra 200 2>&1)
rate_slow=$("$coach" run routines/desk-snack.yaml --dry-run --no-log --transcript --rate 100 2>&1)
[ -n "$rate_sep" ] && [ "$rate_sep" = "$rate_eq" ] && [ "$rate_sep" = "$rate_abbr" ] ||
  { echo "FAIL: --rate=200 and --ra 200 are not --rate 200"; fail=1; }
[ "$rate_sep" != "$rate_slow" ] || { echo "FAIL: --rate changes nothing in the transcript"; fail=1; }
# options with no command are the menu's (issue 17): `coach [menu] [--dry-run ...]`
expect 0  '"name":"menu"'                    -- --dry-run --no-log
expect 0  '^usage: coach \[menu\]'           -- --dry-run --help
expect 64 "unknown option '--bogus' for the menu" -- --bogus
expect 0  '^usage: coach config'            -- config --help
expect 0  '^usage: coach devices'           -- devices --help
# the user's own routines folder ($XDG_DATA_HOME/coach/routines) is listed
# first, its routines run by id with the installed exercise library
own=$(mktemp -d); trap 'rm -rf "$own"' EXIT
mkdir -p "$own/coach/routines"
sed 's/^id: desk-snack$/id: my-break/; s/^title: .*/title: My own break/' routines/desk-snack.yaml \
  > "$own/coach/routines/my-break.yaml"
list=$(cd / && XDG_DATA_HOME=$own "$coach" list 2>&1)
[ "$(head -n1 <<<"$list" | awk '{print $1}')" = my-break ] && grep -q '^day-one ' <<<"$list" ||
  { echo "FAIL: coach list does not list the user's routines first, then the others:"; echo "$list"; fail=1; }
(cd / && XDG_DATA_HOME=$own "$coach" run my-break --dry-run --no-log | grep -q '"reason":"completed"') ||
  { echo "FAIL: coach run my-break (the user's own routine, by id)"; fail=1; }
(cd / && XDG_DATA_HOME=$own "$coach" run day-one --outline >/dev/null) ||
  { echo "FAIL: coach run day-one from / with a user folder"; fail=1; }
# COACH_DATA_DIR names the data folder (routines/, audio/)
out=$(cd / && COACH_DATA_DIR=/nonexistent/coach "$coach" list 2>&1); rc=$?
[ $rc -eq 66 ] && grep -q '/nonexistent/coach/routines' <<<"$out" ||
  { echo "FAIL: COACH_DATA_DIR=/nonexistent/coach coach list: exit $rc:"; echo "$out"; fail=1; }
# a routine named from inside its folder
( cd routines && out=$("$coach" run day-one.yaml --outline 2>&1) ) || { echo "FAIL: run from inside routines/"; fail=1; }
[ $fail -eq 0 ] && echo "usage ok"
exit $fail
