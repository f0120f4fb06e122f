#!/usr/bin/env bash
# layers_catch.sh SRC_DIR: the layer check fails where it must: on a copy of
# src/ with an upward include, and on one with a folder left out of the order.
set -uo pipefail
root=$1
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/docs"
cp "$root/docs/development.md" "$tmp/docs/"
cp -r "$root/src" "$tmp/src"
bash "$here/layers.sh" "$tmp" > /dev/null || { echo "FAIL: the untouched copy fails"; exit 1; }
echo '#include "../session/engine.h"' >> "$tmp/src/audio/mixer.c"
out=$(bash "$here/layers.sh" "$tmp") && { echo "FAIL: an upward include passed"; exit 1; }
grep -q 'audio/mixer.c (audio) includes "../session/engine.h" (session), a higher layer' <<<"$out" ||
  { echo "FAIL: not named: $out"; exit 1; }
sed -i '$d' "$tmp/src/audio/mixer.c"
mkdir "$tmp/src/extra" && echo '#include "../core/arena.h"' > "$tmp/src/extra/x.c"
out=$(bash "$here/layers.sh" "$tmp") && { echo "FAIL: a folder out of the order passed"; exit 1; }
grep -q 'src/extra/ is not in the layer order' <<<"$out" || { echo "FAIL: not named: $out"; exit 1; }
echo "layers_catch: an upward include and an unknown folder are both refused"
