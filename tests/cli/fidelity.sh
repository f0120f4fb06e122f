#!/usr/bin/env bash
# fidelity.sh COACH SRC: the seeds' safety rules in every path a session can
# take (issue 14; docs/session.md, docs/progression.md). Each section sets
# up a log (written here from a dry run's own events, dated as it needs)
# and a script, runs a dry run or a file render with --log-dir, and checks
# what the coach did and said.
set -u
coach=$(realpath "$1"); src=$2
tmp=$(mktemp -d); trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail=0
R=$src/routines

# dry ROUTINE LOG SCRIPT OUT: a dry run of ROUTINE with the log in LOG and
# the script SCRIPT; its timeline in OUT.
dry() {
  "$coach" run "$1" --dry-run --log-dir "$2" --script "$3" > "$4" 2> "$tmp/err" ||
    { echo "FAIL: dry run of $1 exited $?"; cat "$tmp/err"; fail=1; }
}
# t_of TIMELINE NAME [FILTER [last]]: the time of the first (or last) event
# NAME with a line containing FILTER.
t_of() {
  grep "\"name\":\"$2\"" "$1" | grep -F "${3:-}" | if [ "${4:-}" = last ]; then tail -1; else head -1; fi |
    sed -E 's/.*"t":([0-9.]+).*/\1/'
}
# answer ROUTINE LOG SCRIPT NAME OFFSET TEXT [FILTER [last]]: adds TEXT to
# SCRIPT, OFFSET seconds after event NAME of the dry run so far.
answer() {
  dry "$1" "$2" "$3" "$tmp/probe.jsonl"
  local t; t=$(t_of "$tmp/probe.jsonl" "$4" "${7:-}" "${8:-}")
  [ -n "$t" ] || { echo "FAIL: $1: no '$4' event to answer"; fail=1; return; }
  echo "$(awk -v t="$t" -v o="$5" 'BEGIN { printf "%.3f", t + o }') $6" >> "$3"
}
# to_log TIMELINE LOG ID DAYS_AGO ROUTINE_ID: appends the timeline's events
# to LOG's session log as session ID, dated DAYS_AGO days before now.
to_log() {
  local ts; ts=$(date -u -d "-$4 days" +%Y-%m-%dT%H:%M:%S.000+00:00)
  mkdir -p "$2"
  grep '"type":"event"' "$1" |
    sed -E "s/^\\{\"t\":([0-9.]+),\"frame\":[0-9]+,\"type\":\"event\",\"name\":\"([a-z_]+)\"/{\"ts\":\"$ts\",\"session\":\"$3\",\"event\":\"\\2\",\"t\":\\1/" |
    sed -E "s/\"event\":\"session_start\"/\"event\":\"session_start\",\"routine\":\"$5\",\"title\":\"T\"/" \
    >> "$2/sessions.jsonl"
}
has() { # has FILE PATTERN WHAT
  grep -qE -- "$2" "$1" || { echo "FAIL: $3"; fail=1; }
}
hasnt() {
  ! grep -qE -- "$2" "$1" || { echo "FAIL: $3"; fail=1; }
}
count() { grep -cE -- "$2" "$1"; }

# ---- 1. progression sees every rating, the closing one included ----------
# core-stability from a starting 1 to a closing 7, every exercise done
# without a word of pain: nothing may go up next time, and the coach says
# why (before: nine doses raised).
log=$tmp/l1; sc=$tmp/s1; : > "$sc"
answer "$R/core-stability.yaml" "$log" "$sc" checkin 1 "one"
answer "$R/core-stability.yaml" "$log" "$sc" question 1 "no" '"red_flag"'
for k in 1 2 3 4 5; do answer "$R/core-stability.yaml" "$log" "$sc" checkin 1 "two" '' last; done
dry "$R/core-stability.yaml" "$log" "$sc" "$tmp/t1.jsonl"
# the last checkin is the closing one: answer it seven
sed -i '$d' "$sc"; answer "$R/core-stability.yaml" "$log" "$sc" checkin 1 "seven" '' last
dry "$R/core-stability.yaml" "$log" "$sc" "$tmp/t1.jsonl"
has "$tmp/t1.jsonl" '"name":"pain","value":7' "1: the closing seven was not taken"
to_log "$tmp/t1.jsonl" "$log" a1 1 core-stability
: > "$sc"; answer "$R/core-stability.yaml" "$log" "$sc" question 1 "yes" '"next_day"'
dry "$R/core-stability.yaml" "$log" "$sc" "$tmp/t1b.jsonl"
echo "1: doses raised after pain 1 -> 7: $(count "$tmp/t1b.jsonl" '"name":"progress".*"reason":"tolerated"')"
hasnt "$tmp/t1b.jsonl" '"name":"progress".*"reason":"tolerated"' "1: a dose went up after pain rose to seven at the close"
has "$tmp/t1b.jsonl" 'Your pain reached seven at one point last time, so nothing goes up today\.' "1: the coach did not say why nothing goes up"

[ $fail -eq 0 ] && echo "every safety rule held"
exit $fail
