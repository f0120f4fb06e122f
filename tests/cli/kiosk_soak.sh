#!/usr/bin/env bash
# kiosk_soak.sh COACH SRC [SESSIONS]: the kiosk for hundreds of sessions
# back to back, rendered to /dev/null (file mode: the player, the mixer and
# the sound store run as live, as fast as the CPU allows). A visitor says
# "start" one second after each idle, "louder" (forgotten by the next
# session) and a pain rating in each session. Every session must complete,
# the counts must add up, and the memory in use (resident, printed with
# each counts line by --stats) must stay flat: the most of the last third
# of the sessions no more than 1 MiB above the most of the first third.
# SESSIONS defaults to 300 (about a minute); the sanitizer build runs fewer.
set -u
coach=$(realpath "$1"); src=$(realpath "$2"); n=${3:-300}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
export XDG_RUNTIME_DIR=$tmp/run
mkdir -p -m700 "$XDG_RUNTIME_DIR"
# ASan keeps freed memory in quarantine (256 MiB by default), which would
# look like growth: a small quarantine still catches use after free
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4:thread_local_quarantine_size_kb=64"
R=$src/routines/desk-snack.yaml
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# one visit, from an idle: its length (idle to idle, in frames) from a dry run
printf '1 start\n3 louder\n30 pain two\n' > visit.txt
cycle=$("$coach" kiosk --routine "$R" --dry-run --script visit.txt 2>/dev/null |
        grep '"name":"idle"' | sed -n 2p | sed -E 's/.*"frame":([0-9]+).*/\1/')
[ -n "$cycle" ] && [ "$cycle" -gt 48000 ] || { echo "FAIL: no cycle length from a dry run"; exit 1; }
awk -v c="$cycle" -v n="$n" 'BEGIN { for (k = 0; k < n; k++) {
  t = k * c / 48000; printf "%.6f start\n%.6f louder\n%.6f pain two\n", t + 1, t + 3, t + 30 } }' > soak.txt

start=$(date +%s.%N)
"$coach" kiosk --routine "$R" --out /dev/null --script soak.txt --sessions "$n" --stats \
  --counts counts.txt > soak.out 2> soak.err; rc=$?
end=$(date +%s.%N)
[ $rc -eq 0 ] || bad "the soak exited $rc: $(tail -3 soak.err)"
lines=$(grep -c 'coach kiosk: sessions started' soak.out)
[ "$lines" -eq "$n" ] || bad "$lines sessions reported, not $n"
done_n=$(grep -c '(last: completed)' soak.out)
[ "$done_n" -eq "$n" ] || bad "$done_n of $n sessions completed"
[ "$(cat counts.txt 2>/dev/null)" = "$n $n" ] || bad "counts file '$(cat counts.txt 2>/dev/null)', not '$n $n'"
grep -oE 'resident memory [0-9]+' soak.out | awk '{ print $3 }' > rss.txt
read -r first last verdict < <(awk -v n="$n" '
  { r[NR] = $1 }
  END {
    third = int(NR / 3); if (third < 1) { print 0, 0, "few"; exit }
    for (i = 1; i <= third; i++) if (r[i] > a) a = r[i]
    for (i = NR - third + 1; i <= NR; i++) if (r[i] > b) b = r[i]
    print a, b, (b <= a + 1024 ? "flat" : "grows")
  }' rss.txt)
[ "$verdict" = flat ] || bad "memory grows: $first kB at most in the first third, $last kB in the last"
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
[ $fail -eq 0 ] && echo "kiosk soak: $n sessions in $secs s ($(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.1f", n / s }') a second), resident memory $first kB (first third, most) -> $last kB (last third, most)"
exit $fail
