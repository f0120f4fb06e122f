#!/usr/bin/env bash
# package.sh BUILD SRC [CPACK]: the Debian package (issue 17, docs/packaging.md).
# Builds it with CPack from the build tree BUILD into a scratch folder,
# inspects it (its files and its Depends), unpacks it with `dpkg -x` into a
# scratch root, and runs the unpacked program there from another folder
# against its own data: `coach list`, `coach check` of its routines, a dry
# run and a render to WAV, and COACH_DATA_DIR. Skipped (77) where dpkg-deb,
# dpkg-shlibdeps or cpack is missing (not a Debian machine).
set -u
build=$(realpath "$1"); src=$(realpath "$2"); cpack=${3:-cpack}
for t in dpkg-deb dpkg-shlibdeps "$cpack"; do
  command -v "$t" >/dev/null || { echo "SKIP: $t is not installed (apt-get install dpkg-dev)"; exit 77; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
err() { echo "FAIL: $*"; fail=1; }

# 1. build it: the build tree's CPack configuration, the output elsewhere
start=$(date +%s)
if ! "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log"; echo "FAIL: cpack -G DEB"; exit 1
fi
deb=$(ls "$tmp"/out/coach_*.deb 2>/dev/null | head -n1)
[ -f "$deb" ] || { cat "$tmp/cpack.log"; echo "FAIL: cpack made no coach_*.deb"; exit 1; }
echo "built $(basename "$deb"): $(stat -c %s "$deb") bytes in $(( $(date +%s) - start )) s"

# 2. what it holds
files=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
for f in /usr/bin/coach /usr/share/coach/routines/day-one.yaml /usr/share/coach/routines/desk-snack.yaml \
         /usr/share/coach/routines/exercises/core.yaml /usr/share/coach/audio/tick.wav \
         /usr/share/coach/audio/start.wav /usr/share/man/man1/coach.1 \
         /usr/lib/systemd/system/coach-kiosk.service /usr/share/doc/coach/README.md \
         /usr/share/doc/coach/packaging.md /usr/share/doc/coach/kiosk.md; do
  grep -qx -- "$f" <<<"$files" || err "the package lacks $f"
done
n=$(grep -c '^/usr/share/coach/routines/.*\.yaml$' <<<"$files")
want=$(cd "$src/routines" && find . -name '*.yaml' | wc -l)
[ "$n" -eq "$want" ] || err "the package holds $n routine and exercise files, the checkout $want"
grep -v '^/usr/' <<<"$files" | grep -v '^/$' && err "the package installs outside /usr"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for p in libespeak-ng espeak-ng-data libportaudio2 libpocketsphinx pocketsphinx-en-us libyaml \
         libspeexdsp libsndfile libfftw3; do
  grep -q -- "$p" <<<"$depends" || err "Depends does not name $p"
done
[ "$(dpkg-deb -f "$deb" Package)" = coach ] || err "the package is not called coach"

# 3. unpacked into a scratch root, run from elsewhere, on its own data
root=$tmp/root; mkdir -p "$root" "$tmp/elsewhere" "$tmp/home"
dpkg -x "$deb" "$root" || { echo "FAIL: dpkg -x"; exit 1; }
coach=$root/usr/bin/coach
grep -qx 'ExecStart=/usr/bin/coach kiosk.*' "$root/usr/lib/systemd/system/coach-kiosk.service" ||
  err "the unit does not start /usr/bin/coach: $(grep ExecStart= "$root/usr/lib/systemd/system/coach-kiosk.service")"
# a routine only the scratch root has: listed, so the data is the root's own
sed 's/^id: desk-snack$/id: only-here/' "$root/usr/share/coach/routines/desk-snack.yaml" \
  > "$root/usr/share/coach/routines/only-here.yaml"
cd "$tmp/elsewhere" || exit 1
export HOME=$tmp/home XDG_DATA_HOME=$tmp/home/data XDG_STATE_HOME=$tmp/home/state XDG_CONFIG_HOME=$tmp/home/config
unset COACH_DATA_DIR
list=$("$coach" list 2>&1) || err "the unpacked coach list exits $?: $list"
grep -q '^only-here ' <<<"$list" || err "the unpacked coach list does not read the scratch root's routines:"$'\n'"$list"
grep -q '^day-one ' <<<"$list" || err "the unpacked coach list lacks day-one"
out=$("$coach" check "$root/usr/share/coach/routines" 2>&1) || err "coach check of the installed routines: $out"
"$coach" run only-here --dry-run --no-log > dry.jsonl 2>dry.err || err "dry run: $(cat dry.err)"
grep -q '"name":"session_end","reason":"completed"' dry.jsonl || err "the unpacked dry run did not complete"
"$coach" run desk-snack --out desk.wav --no-log --timeline desk.jsonl 2>wav.err || err "render: $(cat wav.err)"
[ "$(stat -c %s desk.wav 2>/dev/null || echo 0)" -gt 1000000 ] || err "the render made no WAV file"
grep -q '"type":"earcon","name":"start"' desk.jsonl || err "the render played no earcon"
# the earcons come from the root's audio/: without them the render fails
mv "$root/usr/share/coach/audio" "$root/usr/share/coach/audio.away"
"$coach" run desk-snack --out none.wav --no-log >/dev/null 2>&1 && err "a render with the root's earcons gone still worked: they come from elsewhere"
mv "$root/usr/share/coach/audio.away" "$root/usr/share/coach/audio"
# COACH_DATA_DIR overrides the data folder
mkdir -p "$tmp/data"; cp -r "$root/usr/share/coach/routines" "$root/usr/share/coach/audio" "$tmp/data/"
mv "$tmp/data/routines/only-here.yaml" "$tmp/data/routines/elsewhere.yaml"
sed -i 's/^id: only-here$/id: elsewhere/' "$tmp/data/routines/elsewhere.yaml"
list=$(COACH_DATA_DIR=$tmp/data "$coach" list 2>&1)
grep -q '^elsewhere ' <<<"$list" && ! grep -q '^only-here ' <<<"$list" ||
  err "COACH_DATA_DIR=$tmp/data coach list does not list that folder's routines:"$'\n'"$list"
# the user's own routines first
mkdir -p "$XDG_DATA_HOME/coach/routines"
sed 's/^id: desk-snack$/id: mine/' "$root/usr/share/coach/routines/desk-snack.yaml" > "$XDG_DATA_HOME/coach/routines/mine.yaml"
[ "$("$coach" list 2>&1 | head -n1 | awk '{print $1}')" = mine ] || err "the user's routine is not listed first"
echo "the whole test took $(( $(date +%s) - start )) s"
[ $fail -eq 0 ] && echo "package ok"
exit $fail
