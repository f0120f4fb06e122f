#!/usr/bin/env bash
# docs_templates.sh SRC: docs/templates.md lists every sentence of
# src/core/templates.def exactly (scripts/gen-templates-doc makes it so).
set -u
src=$1
fail=0; n=0
while IFS= read -r row; do
  n=$((n + 1))
  grep -qxF -- "$row" "$src/docs/templates.md" || { echo "FAIL: docs/templates.md lacks: $row"; fail=1; }
done < <(grep -E '^T\(' "$src/src/core/templates.def" | sed -E 's/\|/\\|/g; s/^T\(([A-Z_]+), "(.*)"\)$/| `\1` | \2 |/')
[ "$n" -ge 50 ] || { echo "FAIL: found only $n templates"; fail=1; }
[ $fail -eq 0 ] && echo "$n templates documented; run scripts/gen-templates-doc after editing the table"
exit $fail
