#!/usr/bin/env bash
# check_routines.sh COACH SRC: the real routine library passes `coach check`
# as a folder and file by file, and `coach list` shows every routine and
# programme with a length.
set -u
coach=$1; src=$2
cd "$src" || exit 1
fail=0
out=$("$coach" check routines 2>&1); rc=$?
if [ $rc -ne 0 ]; then echo "FAIL: coach check routines exited $rc"; echo "$out"; fail=1; fi
files=(routines/*.yaml routines/exercises/*.yaml)
for f in "${files[@]}"; do
  grep -qxF "$f: ok" <<<"$out" || { echo "FAIL: $f not reported ok"; fail=1; }
  "$coach" check "$f" >/dev/null 2>&1 || { echo "FAIL: coach check $f alone"; fail=1; }
done
grep -q "checked ${#files[@]} files: 0 with problems" <<<"$out" || { echo "FAIL: summary"; echo "$out"; fail=1; }

list=$("$coach" list routines 2>&1); rc=$?
[ $rc -eq 0 ] || { echo "FAIL: coach list exited $rc"; fail=1; }
for f in routines/*.yaml; do
  id=$(sed -n 's/^id: *//p' "$f" | head -n1)
  line=$(grep -E "^$id " <<<"$list")
  if [ -z "$line" ]; then echo "FAIL: $id not listed"; fail=1; continue; fi
  if grep -q '^phases:' "$f"; then
    grep -q 'programme: [0-9]* phases over [0-9]* weeks' <<<"$line" || { echo "FAIL: $line"; fail=1; }
  else
    grep -Eq '[0-9]+ exercises?, (about [0-9]+ minutes?|under a minute)' <<<"$line" || { echo "FAIL: $line"; fail=1; }
  fi
done
# the day-one routine of the seeds holds its eight parts and lasts 20-40 minutes
day=$(grep '^day-one ' <<<"$list")
mins=$(sed -n 's/.*about \([0-9]*\) minutes.*/\1/p' <<<"$day")
[ -n "$mins" ] && [ "$mins" -ge 20 ] && [ "$mins" -le 40 ] || { echo "FAIL: day-one length: $day"; fail=1; }
[ $fail -eq 0 ] && echo "${#files[@]} routine files ok; list ok"
exit $fail
