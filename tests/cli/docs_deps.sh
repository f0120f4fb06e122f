#!/usr/bin/env bash
# docs_deps.sh SRC: the README's dependency table says what scripts/deps.txt
# (the one list scripts/install-deps installs from) says: every package of
# the list is in a row of the table whose "for" column is the list's, and
# every package of the table is in the list (issue 17).
set -u
src=$1
fail=0
list=$(grep -vE '^\s*(#|$)' "$src/scripts/deps.txt" | awk '{print $1, $2}')
rows=$(awk '/^## Dependencies/ { on = 1; next } /^## / { on = 0 } on && /^\| `/' "$src/README.md")
[ -n "$rows" ] || { echo "FAIL: no dependency table in README.md"; exit 1; }
while read -r pkg for; do
  row=$(grep -F "\`$pkg\`" <<<"$rows" | head -n1)
  if [ -z "$row" ]; then echo "FAIL: README.md's table lacks $pkg ($for)"; fail=1; continue; fi
  have=$(awk -F'|' '{gsub(/ /, "", $3); print $3}' <<<"$row")
  [ "$have" = "$for" ] || { echo "FAIL: README.md says $pkg is for '$have', scripts/deps.txt '$for'"; fail=1; }
done <<<"$list"
for pkg in $(awk -F'|' '{print $2}' <<<"$rows" | grep -oE '`[^`]+`' | tr -d '`'); do
  grep -q "^$pkg " <<<"$list" || { echo "FAIL: README.md's table names $pkg, scripts/deps.txt does not"; fail=1; }
done
[ $fail -eq 0 ] && echo "the README's $(wc -l <<<"$list") packages agree with scripts/deps.txt"
exit $fail
