#!/usr/bin/env bash
# docs_keys.sh SRC: every key in the loader's key tables (src/routine/*.c) is
# documented in docs/routine-format.md, written as `key`, and so is every
# enum choice. Keeps the reference true when a key is added.
set -u
src=$1
doc=$src/docs/routine-format.md
fail=0; n=0
keys=$(grep -ohE '\{"[a-z_]+", KT_' "$src"/src/routine/*.c | sed -E 's/\{"([a-z_]+)".*/\1/' | sort -u)
choices=$(grep -hE 'static const char \*const [a-z_]+(names|choices)\[\] = \{' "$src"/src/routine/*.c |
          grep -oE '"[a-z_]+"' | tr -d '"' | sort -u)
for k in $keys $choices; do
  n=$((n + 1))
  grep -qF "\`$k\`" "$doc" || { echo "FAIL: '$k' is not documented in docs/routine-format.md"; fail=1; }
done
# Numeric keys: the doc's row for the key states the code's bounds, "min-max".
while IFS='|' read -r key lo hi; do
  n=$((n + 1))
  grep -F "\`$key\`" "$doc" | grep -qE "(^|[^0-9.])$lo-$hi([^0-9]|$)" ||
    { echo "FAIL: docs/routine-format.md does not give '$key' the bounds $lo-$hi of the code"; fail=1; }
done < <(grep -ohE '\{"[a-z_]+", KT_(INT|NUM), [0-9.]+, [0-9.]+' "$src"/src/routine/*.c |
         sed -E 's/\{"([a-z_]+)", KT_[A-Z]+, ([0-9.]+), ([0-9.]+)/\1|\2|\3/' | sort -u)
[ "$n" -ge 40 ] || { echo "FAIL: found only $n keys; has the table syntax changed?"; fail=1; }
[ $fail -eq 0 ] && echo "$n keys and choices documented"
exit $fail
