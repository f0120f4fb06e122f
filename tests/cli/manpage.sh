#!/usr/bin/env bash
# manpage.sh COACH SRC: docs/coach.1 renders without a warning, and agrees
# with the program: every subcommand has its subsection ".SS coach NAME", and
# each subsection names exactly the options `coach NAME --help` prints (both
# ways); every option of `coach --help` is in the page; every environment
# variable the source reads (getenv) is in ENVIRONMENT, and every exit code
# (sysexits) in EXIT STATUS. Skipped (77) without groff.
set -u
coach=$(realpath "$1"); src=$2
page=$src/docs/coach.1
command -v groff >/dev/null || { echo "SKIP: groff is not installed"; exit 77; }
fail=0
err() { echo "FAIL: $*"; fail=1; }

# 1. it renders cleanly: groff's warnings all on, and man's own check
w=$(groff -man -ww -z "$page" 2>&1)
[ -z "$w" ] || err "groff -man -ww warns about docs/coach.1:"$'\n'"$w"
if command -v man >/dev/null; then
  w=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
  [ -z "$w" ] || err "man --warnings about docs/coach.1:"$'\n'"$w"
fi

# the page's source as plain text: \- is -, font changes dropped
plain=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g' "$page")
# options named in a text (standard input), one a line, sorted, --help left out
options() { grep -oE -- '--[a-z][a-z0-9-]*' | grep -vx -- '--help' | sort -u; }
# the source of subsection "coach NAME", up to the next .SS or .SH
section() { awk -v want="coach $1" '
  /^\.S[SH]/ { on = ($0 == ".SS " want) ; next } on' <<<"$plain"; }

# 2. the subcommands of main.c's table, and the menu's options without one
cmds=$(sed -n '/^static const main_command commands\[\]/,/^};/p' "$src/src/cli/main.c" |
       grep -oE '^\s*\{"[a-z]+"' | grep -oE '[a-z]+' | grep -vx help)
[ -n "$cmds" ] || err "no subcommands read from src/cli/main.c"
for c in $cmds; do
  if ! grep -qx ".SS coach $c" <<<"$plain"; then err "coach.1 has no subsection '.SS coach $c'"; continue; fi
  h=$("$coach" "$c" --help 2>&1); rc=$?
  [ $rc -eq 0 ] || err "coach $c --help exits $rc"
  want=$(options <<<"$h"); have=$(section "$c" | options)
  missing=$(comm -23 <(echo "$want") <(echo "$have") | tr '\n' ' ')
  extra=$(comm -13 <(echo "$want") <(echo "$have") | tr '\n' ' ')
  [ -z "${missing// }" ] || err "coach $c --help names options coach.1's 'coach $c' does not: $missing"
  [ -z "${extra// }" ] || err "coach.1's 'coach $c' names options coach $c --help does not: $extra"
  echo "coach $c: $(echo $want | wc -w) options agree"
done
top=$("$coach" --help | options)
for o in $top; do grep -qe "$o" <<<"$plain" || err "coach --help names $o, coach.1 does not"; done
# with no subcommand, the options are the menu's: the usage says so
"$coach" --dry-run --help | grep -q '^usage: coach \[menu\]' || err "coach --dry-run --help is not the menu's"

# 3. every environment variable the program reads, and every exit code
envs=$(grep -rhoE 'getenv\("[A-Z_]+"\)' "$src/src" | grep -oE '[A-Z_]+' | sort -u)
envsec=$(awk '/^\.SH/ { on = ($0 == ".SH ENVIRONMENT"); next } on' <<<"$plain")
for v in $envs; do grep -qx ".B $v" <<<"$envsec" || err "coach.1's ENVIRONMENT lacks $v (the source reads it)"; done
exits=$(awk '/^\.SH/ { on = ($0 == ".SH EXIT STATUS"); next } on' <<<"$plain")
codes=$(grep -hoE '\b(64|65|66|69|70|74)\b' "$src/src/core/diag.c" "$src/src/cli/cli.h" | sort -u)
for c in 0 $codes; do grep -qx ".B $c" <<<"$exits" || err "coach.1's EXIT STATUS lacks $c"; done
for s in FILES EXAMPLES; do grep -qx ".SH $s" <<<"$plain" || err "coach.1 has no $s section"; done
[ $fail -eq 0 ] && echo "manpage ok"
exit $fail
