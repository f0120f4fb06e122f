#!/usr/bin/env bash
# docs_examples.sh COACH SRC: every YAML example in docs/routine-format.md is
# a valid file: the routine and programme examples are checked in a copy of
# routines/, the exercise example (its id renamed) inside a copy of the
# exercise library. The reference cannot drift from what coach accepts.
set -u
coach=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp -r "$src"/routines/. "$tmp"/
awk -v dir="$tmp" '
  /^```yaml$/ { n++; file = sprintf("%s/example-%d.yaml", dir, n); inblock = 1; next }
  /^```$/     { inblock = 0; next }
  inblock     { print > file }
' "$src/docs/routine-format.md"
fail=0; n=0
for f in "$tmp"/example-*.yaml; do
  n=$((n + 1))
  if grep -q '^exercises:' "$f"; then
    sed -E 's/^  - id: (.*)$/  - id: doc-\1/' "$f" > "$tmp/exercises/$(basename "$f")"
    rm "$f"
    f=$tmp/exercises/$(basename "$f")
  fi
  out=$("$coach" check "$f" 2>&1) || { echo "FAIL: the example in block $n does not pass coach check:"; echo "$out"; cat "$f"; fail=1; }
done
[ "$n" -ge 4 ] || { echo "FAIL: found only $n examples"; fail=1; }
[ $fail -eq 0 ] && echo "$n examples pass coach check"
exit $fail
