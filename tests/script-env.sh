# script-env.sh: sourced by the tests that build a simulated user's script
# from dry runs of the same session (progress.sh, tracking.sh). Needs
# $coach, $routine, $log, $tmp (the script is $tmp/script), $n (the session
# number, for messages) and $fail.
# t_of NAME [FILTER [last]]: the time of the first (or last) event NAME,
# with a line containing FILTER, in the dry run of the current script.
t_of() {
  "$coach" run "$routine" --dry-run --log-dir "$log" --script "$tmp/script" |
    grep "\"name\":\"$1\"" | grep -F "${2:-}" | if [ "${3:-}" = last ]; then tail -1; else head -1; fi |
    sed -E 's/.*"t":([0-9.]+).*/\1/'
}
# say_at NAME OFFSET TEXT [FILTER [last]]: adds TEXT to the script OFFSET
# seconds after event NAME.
say_at() {
  local t; t=$(t_of "$1" "${4:-}" "${5:-}")
  [ -n "$t" ] || { echo "FAIL: session $n: no '$1' event ${4:-} to answer"; fail=1; return; }
  echo "$(awk -v t="$t" -v o="$2" 'BEGIN { printf "%.3f", t + o }') $3" >> "$tmp/script"
}
