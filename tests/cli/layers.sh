#!/usr/bin/env bash
# layers.sh SRC_DIR: every #include in src/ goes to its own folder or to a
# lower layer, in the order docs/development.md states (the line
# "core → routine → ..." under "## Layers"); include/coach counts as core.
# Fails on an upward include, on a folder missing from the order, and on
# two folders that include each other.
set -euo pipefail
root=$1
order=$(grep -m1 -E '^core( → [a-z]+)+$' "$root/docs/development.md" || true)
if [ -z "$order" ]; then
  echo "FAIL: docs/development.md has no layer line such as 'core → routine → ... → cli'"
  exit 1
fi
declare -A rank
i=0
for layer in $(echo "$order" | sed 's/ → / /g'); do
  rank[$layer]=$i
  i=$((i + 1))
done
fail=0
declare -A edge
checked=0
while IFS= read -r file; do
  rel=${file#"$root/src/"}
  from=${rel%%/*}
  if [ -z "${rank[$from]+x}" ]; then
    echo "FAIL: src/$from/ is not in the layer order of docs/development.md"
    fail=1
    continue
  fi
  dir=$(dirname "$file")
  while IFS= read -r inc; do
    checked=$((checked + 1))
    if [[ $inc == coach/* ]]; then
      to=core # the public headers (include/coach) are the bottom layer
    else
      target=$(realpath -m "$dir/$inc")
      case $target in
        "$root/src/"*) t=${target#"$root/src/"}; to=${t%%/*} ;;
        *) echo "FAIL: $rel includes \"$inc\", outside src/"; fail=1; continue ;;
      esac
      if [ ! -f "$target" ]; then
        echo "FAIL: $rel includes \"$inc\", which is not there (paths are relative to the file)"
        fail=1
        continue
      fi
    fi
    if [ -z "${rank[$to]+x}" ]; then
      echo "FAIL: $rel includes src/$to/, which is not in the layer order"
      fail=1
      continue
    fi
    if [ "$from" != "$to" ]; then
      edge[$from>$to]=1
      if [ "${rank[$to]}" -gt "${rank[$from]}" ]; then
        echo "FAIL: $rel ($from) includes \"$inc\" ($to), a higher layer"
        fail=1
      fi
    fi
  done < <(sed -n -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]+"([^"]+)".*/\1/p' "$file")
done < <(find "$root/src" -name '*.[ch]' -o -name '*.def' | sort)
for e in "${!edge[@]}"; do
  a=${e%%>*}
  b=${e##*>}
  if [ -n "${edge[$b>$a]+x}" ]; then
    echo "FAIL: src/$a/ and src/$b/ include each other"
    fail=1
  fi
done
if [ $fail -ne 0 ]; then
  exit 1
fi
echo "layers: $checked includes checked against: $order"
