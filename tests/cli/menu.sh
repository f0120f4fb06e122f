#!/usr/bin/env bash
# menu.sh COACH SRC: the spoken menu from the command line (docs/menu.md).
# A dry run driven by a script shows `menu` and `choose` events and ends
# where the session would begin; settings changed by voice in a file render
# are saved, printed by `coach config`, and used by sessions; a dry run
# saves nothing; a broken settings file is reported at its line and column.
set -u
coach=$(realpath "$1"); src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state
fail=0
routines=$src/routines
cd "$tmp" || exit 1

# the list, by voice: menu, list, next, a number
printf '6 menu\n12 list\n20 next\n26 three\n' > list.script
"$coach" menu --dry-run --no-log --routines "$routines" --script list.script > list.jsonl 2> err ||
  { echo "FAIL: menu dry run"; cat err; fail=1; }
# the menu lists routines and programmes in the order of their files
third=$(basename "$(ls "$routines"/*.yaml | sed -n 3p)" .yaml)
for want in '"name":"menu","kind":"greeting"' '"name":"menu","kind":"main"' '"name":"menu","kind":"list"' \
            '"name":"command","command":"list"' "\"name\":\"choose\",\"kind\":\"list\",\"answer\":\"start\",\"value\":3,\"text\":\"$third\""; do
  grep -qF -- "$want" list.jsonl || { echo "FAIL: no $want in the menu's timeline"; fail=1; }
done
[ "$(tail -1 list.jsonl | grep -c '"name":"ack"')" -eq 1 ] || { echo "FAIL: the dry run did not end at the choice"; fail=1; }
# with no script, a dry run ends once the greeting is said and the menu waits
n=$("$coach" menu --dry-run --no-log --routines "$routines" | wc -l)
[ "$n" -ge 3 ] && [ "$n" -le 5 ] || { echo "FAIL: a dry run with no script gave $n lines"; fail=1; }

# the user's own routines ($XDG_DATA_HOME/coach/routines, issue 17) come
# first, hide an installed one of the same id, and run with the installed
# exercise library (their folder has none)
mkdir -p own/coach/routines
sed -e 's/^id: .*/id: my-walk/' -e 's/^title: .*/title: My own walk/' "$routines/desk-snack.yaml" > own/coach/routines/my-walk.yaml
sed -e 's/^title: .*/title: My desk break/' "$routines/desk-snack.yaml" > own/coach/routines/desk-snack.yaml
n_inst=$(ls "$routines"/*.yaml | wc -l)
printf '2 list\n20 next\n28 start\n' > own.script
XDG_DATA_HOME=$tmp/own "$coach" menu --dry-run --no-log --transcript --script own.script > own.txt 2> err ||
  { echo "FAIL: menu dry run with the user's routines"; cat err; fail=1; }
grep -q "One: My desk break" own.txt && grep -q "Two: My own walk" own.txt && grep -q "Starting My own walk" own.txt &&
  ! grep -q "Two minute desk break" own.txt && grep -qi "There are $( [ "$n_inst" -eq 11 ] && echo twelve || echo "[a-z-]*") routines" own.txt ||
  { echo "FAIL: the user's own routines are not listed first, or not in place of the installed one"; cat own.txt; fail=1; }
XDG_DATA_HOME=$tmp/own "$coach" run "$tmp/own/coach/routines/my-walk.yaml" --dry-run --no-log > /dev/null 2> err ||
  { echo "FAIL: the user's own routine does not run by its path"; cat err; fail=1; }

# a programme resumes where the user left off: ten completed sessions of its
# first phase (two weeks of five) over fifteen days, and four of its second
# (three a week) over the last ten days, make this week four of twelve (a
# phase moves on by its sessions and its weeks together), and the greeting
# offers it
mkdir -p log
ago=(30 28 27 25 24 22 21 19 18 16 10 8 6 3)
for k in $(seq 1 14); do
  r=weeks-1-2-calm; [ "$k" -gt 10 ] && r=weeks-3-6-capacity
  d=$(date -u -d "-${ago[$((k - 1))]} days" +%Y-%m-%dT08:00:00.000+00:00)
  printf '{"ts":"%s","session":"s%d","event":"session_start","t":0,"routine":"%s","title":"T"}\n' "$d" "$k" "$r"
  printf '{"ts":"%s","session":"s%d","event":"session_end","t":600,"reason":"completed"}\n' "$d" "$k"
done > log/sessions.jsonl
printf '9 start\n' > prog.script
"$coach" menu --dry-run --transcript --log-dir log --routines "$routines" > prog.txt
grep -q 'Welcome back. Say start for Twelve weeks to a stronger back, week four of twelve, or say menu.' prog.txt ||
  { echo "FAIL: the programme is not offered where it was left:"; cat prog.txt; fail=1; }
"$coach" menu --dry-run --log-dir log --routines "$routines" --script prog.script > prog.jsonl
grep -q '"name":"choose","kind":"greeting","answer":"start","value":1,"text":"back-twelve-weeks"' prog.jsonl ||
  { echo "FAIL: start did not choose the programme"; fail=1; }

# settings by voice in a render to a file: saved, and used by sessions
printf '6 settings\n14 faster\n20 faster\n26 next\n32 louder\n38 next\n44 change\n50 change\n56 quit\n' > set.script
"$coach" menu --out menu.wav --no-log --routines "$routines" --script set.script --timeline set.jsonl 2> err ||
  { echo "FAIL: menu render"; cat err; fail=1; }
grep -q '"name":"setting","field":"rate","previous":185,"value":205' set.jsonl || { echo "FAIL: no rate setting event"; fail=1; }
grep -q '"name":"choose","kind":"settings","answer":"quit"' set.jsonl || { echo "FAIL: did not quit"; fail=1; }
cfg=$("$coach" config 2>&1) || { echo "FAIL: coach config: $cfg"; fail=1; }
for want in 'rate: 205' 'volume: 90' 'detail: brief' 'ask_next_day: true' 'menu_timeout: 10' 'listening: open'; do
  grep -q "^$want" <<<"$cfg" || { echo "FAIL: coach config lacks '$want':"; echo "$cfg"; fail=1; }
done
[ "$(stat -c %a "$XDG_CONFIG_HOME/coach/config.yaml")" = 600 ] || { echo "FAIL: the settings file is not private"; fail=1; }
# a session now speaks faster and leaves out the form cues (brief)
"$coach" run "$routines/desk-snack.yaml" --dry-run --no-log > brief.jsonl
XDG_CONFIG_HOME=$tmp/none "$coach" run "$routines/desk-snack.yaml" --dry-run --no-log > normal.jsonl
grep -q 'Let your arms swing gently' normal.jsonl && ! grep -q 'Let your arms swing gently' brief.jsonl ||
  { echo "FAIL: brief detail still says the form cues"; fail=1; }
bt=$(tail -1 brief.jsonl | sed -E 's/.*"t":([0-9.]+).*/\1/'); nt=$(tail -1 normal.jsonl | sed -E 's/.*"t":([0-9.]+).*/\1/')
awk -v b="$bt" -v n="$nt" 'BEGIN { exit !(b < n) }' || { echo "FAIL: a faster, briefer session is not shorter ($bt s vs $nt s)"; fail=1; }
# detailed: the form cues again in every set
mkdir -p "$tmp/detailed/coach" && printf 'detail: detailed\n' > "$tmp/detailed/coach/config.yaml"
XDG_CONFIG_HOME=$tmp/detailed "$coach" run "$routines/day-one.yaml" --dry-run --no-log > detailed.jsonl
XDG_CONFIG_HOME=$tmp/none "$coach" run "$routines/day-one.yaml" --dry-run --no-log > day-normal.jsonl
cue='Soften your knees and send your hips back'
[ "$(grep -c "$cue" detailed.jsonl)" -gt "$(grep -c "$cue" day-normal.jsonl)" ] ||
  { echo "FAIL: detailed does not repeat the form cues in later sets"; fail=1; }
# a dry run of the menu saves nothing
cp "$XDG_CONFIG_HOME/coach/config.yaml" before.yaml
printf '6 settings\n14 slower\n20 quit\n' > dry.script
"$coach" menu --dry-run --no-log --routines "$routines" --script dry.script > /dev/null
cmp -s before.yaml "$XDG_CONFIG_HOME/coach/config.yaml" || { echo "FAIL: a dry run changed the settings"; fail=1; }

# listening from the settings file: attention is explained at the start
mkdir -p "$tmp/attention/coach" && printf 'listening: attention\n' > "$tmp/attention/coach/config.yaml"
XDG_CONFIG_HOME=$tmp/attention "$coach" run "$routines/desk-snack.yaml" --dry-run --no-log > att.jsonl
grep -q 'Say coach before a command' att.jsonl || { echo "FAIL: listening: attention from the settings is not used"; fail=1; }
# a broken settings file: coach config says where (65); sessions use the defaults
printf 'rate: 20\nvolum: 50\ndetail: loud\nlistening: always\n' > "$XDG_CONFIG_HOME/coach/config.yaml"
out=$("$coach" config 2>&1); rc=$?
[ $rc -eq 65 ] || { echo "FAIL: coach config on a broken file: exit $rc"; fail=1; }
for want in 'config.yaml:1:7: .rate. is 20, out of range' "config.yaml:2:1: unknown key 'volum'.*did you mean 'volume'" 'config.yaml:3:9: .*detail' 'config.yaml:4:12: .*listening'; do
  grep -qE -- "$want" <<<"$out" || { echo "FAIL: no /$want/ in:"; echo "$out"; fail=1; }
done
out=$("$coach" run "$routines/desk-snack.yaml" --dry-run --no-log 2>&1 >/dev/null)
grep -q 'using the default settings' <<<"$out" || { echo "FAIL: a session with broken settings: $out"; fail=1; }
"$coach" config extra >/dev/null 2>&1; [ $? -eq 64 ] || { echo "FAIL: coach config extra is not 64"; fail=1; }
"$coach" menu --bogus >/dev/null 2>&1; [ $? -eq 64 ] || { echo "FAIL: coach menu --bogus is not 64"; fail=1; }
[ -e "$XDG_STATE_HOME" ] && { echo "FAIL: the menu wrote under the state folder with --no-log"; fail=1; }
[ $fail -eq 0 ] && echo "menu: list, choice, settings saved and used, dry runs keep nothing, broken settings reported"
exit $fail
