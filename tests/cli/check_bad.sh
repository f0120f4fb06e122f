#!/usr/bin/env bash
# check_bad.sh COACH SRC: every file in tests/data/bad/ is refused by the real
# `coach check` with exit 65 and the exact file:line:column problems its
# "# expect:" comments name. Also: random bytes and an oversized file are
# refused cleanly (exit 65, no crash, no hang).
set -u
coach=$1; src=$2
dir=$src/tests/data/bad
fail=0; n=0
for f in "$dir"/*.yaml; do
  grep -q '^# helper' "$f" && continue
  n=$((n + 1))
  out=$(timeout 20 "$coach" check "$f" 2>&1); rc=$?
  if [ $rc -ne 65 ]; then
    echo "FAIL $f: exit $rc, wanted 65"; echo "$out"; fail=1; continue
  fi
  expects=$(grep -a '^# expect: ' "$f" | sed 's/^# expect: //')
  if [ -z "$expects" ]; then echo "FAIL $f: no '# expect:' lines"; fail=1; continue; fi
  while IFS= read -r want; do
    # "L:C: words": a line "FILE:L:C: ..." that contains the words;
    # "NAME.yaml: words": a line "DIR/NAME.yaml: ..." that contains them
    case $want in
      [0-9]*:[0-9]*:*) prefix="$f:${want%%: *}: "; words=${want#*: } ;;
      *) prefix="$dir/${want%%: *}: "; words=${want#*: } ;;
    esac
    if ! grep -aF -- "$prefix" <<<"$out" | grep -aqF -- "$words"; then
      echo "FAIL $f: missing: $prefix...$words"; echo "$out"; fail=1
    fi
  done <<<"$expects"
done

# Random bytes and a file over the size limit.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
RANDOM=42
for i in $(seq 20); do
  f=$tmp/random-$i.yaml
  for j in $(seq 200); do printf "\\$(printf '%03o' $((RANDOM % 256)))"; done > "$f"
  timeout 20 "$coach" check "$f" >/dev/null 2>"$tmp/err"; rc=$?
  if [ $rc -ne 65 ] || ! grep -q "random-$i.yaml:" "$tmp/err"; then
    echo "FAIL random bytes $i: exit $rc"; cat "$tmp/err"; fail=1
  fi
  n=$((n + 1))
done
head -c 1100000 /dev/zero | tr '\0' '#' > "$tmp/huge.yaml"
out=$(timeout 20 "$coach" check "$tmp/huge.yaml" 2>&1); rc=$?
if [ $rc -ne 65 ] || ! grep -q "huge.yaml: the file is over 1048576 bytes (1024 KiB); coach files may be at most 1024 KiB" <<<"$out"; then
  echo "FAIL huge file: exit $rc"; echo "$out"; fail=1
fi
n=$((n + 1))
# Shapes that a naive checker would take quadratic time over: a mapping of
# 100,000 keys, 45,000 branches, 40,000 repeats of one answer. Each is
# refused with its problems; `timeout` turns a hang into a failure.
mkdir -p "$tmp/keys" "$tmp/branches" "$tmp/answers"
for i in $(seq 100000); do echo "k$i: 1"; done > "$tmp/keys/k.yaml"
{ printf 'id: a\ntitle: T\ndescription: D\nsteps: [{rest: 5}]\nbranches:\n'
  for i in $(seq 45000); do echo "  b$i: [{rest: 5}]"; done; } > "$tmp/branches/b.yaml"
{ printf 'id: a\ntitle: T\ndescription: D\nsteps:\n  - question: yes_no\n    ask: A?\n    answers:\n'
  for i in $(seq 40000); do echo '      "yes": continue'; done
  echo '    default: "no"'; } > "$tmp/answers/a.yaml"
# 10 questions in each of 12 nested branches: 10^12 paths. Refused by the
# fan-out limit; `coach list` of the folder stays quick (issue 16).
mkdir -p "$tmp/nested"
qs() { for i in $(seq 10); do printf '%s- question: yes_no\n%s  ask: Q%d?\n%s  answers: {"yes": {branch: %s}}\n%s  default: "yes"\n' "$2" "$2" "$i" "$2" "$1" "$2"; done; }
{ printf 'id: nested\ntitle: N\ndescription: D\nsteps:\n'; qs b1 '  '; echo 'branches:'
  for l in $(seq 12); do echo "  b$l:"; if [ "$l" -lt 12 ]; then qs "b$((l + 1))" '    '; else echo '    - rest: 5'; fi; done
} > "$tmp/nested/n.yaml"
out=$(timeout 10 "$coach" list "$tmp/nested" 2>&1); rc=$?
if [ $rc -eq 124 ]; then echo "FAIL: coach list hangs on nested branches"; fail=1; fi
n=$((n + 1))
for case in "nested/n.yaml:46:3: the branches lead to 2111111111110 steps along all their paths; a routine may have at most 10000" \
            "keys/k.yaml:1:1: unknown key 'k1'" "keys/k.yaml:1:1: the routine has 99990 more unknown keys" \
            "branches/b.yaml:6:3: there are 45000 branches; a routine may have at most 100" \
            "answers/a.yaml:9:7: the answer 'yes' appears twice (first at line 8)"; do
  f=$tmp/${case%%:*}
  out=$(timeout 60 "$coach" check "$f" 2>&1); rc=$?
  if [ $rc -ne 65 ] || ! grep -qF -- "$tmp/$case" <<<"$out"; then
    echo "FAIL: $case (exit $rc)"; head -n 5 <<<"$out"; fail=1
  fi
  n=$((n + 1))
done
# A FIFO named *.yaml must not hang the folder's check.
mkdir -p "$tmp/fifo/exercises"
cp "$src"/routines/exercises/*.yaml "$tmp/fifo/exercises/"
cp "$src/routines/desk-snack.yaml" "$tmp/fifo/"
mkfifo "$tmp/fifo/zz.yaml"
out=$(timeout 20 "$coach" check "$tmp/fifo/desk-snack.yaml" 2>&1); rc=$?
if [ $rc -ne 0 ]; then echo "FAIL: a FIFO beside a routine (exit $rc)"; echo "$out"; fail=1; fi
out=$(timeout 20 "$coach" check "$tmp/fifo/zz.yaml" 2>&1); rc=$?
if [ $rc -ne 66 ] || ! grep -q 'not a regular file' <<<"$out"; then echo "FAIL: a FIFO checked (exit $rc)"; echo "$out"; fail=1; fi
n=$((n + 2))

# A folder whose one file has hundreds of problems still reports another's.
mkdir -p "$tmp/cap/exercises"
cp "$src"/routines/exercises/*.yaml "$tmp/cap/exercises/"
{ printf 'id: a\ntitle: A\ndescription: A\nsteps:\n'; for i in $(seq 190); do echo "  - exercise: nosuch$i"; echo "    rset: 1"; done; } > "$tmp/cap/a.yaml"
printf 'id: b\ntitle: B\ndescription: B\nsteps: [{exercise: walk, reps: 5}, {rest: 0}]\n' > "$tmp/cap/b.yaml"
out=$(timeout 20 "$coach" check "$tmp/cap/b.yaml" 2>&1); rc=$?
if [ $rc -ne 65 ] || ! grep -q 'b.yaml: 2 problems' <<<"$out"; then echo "FAIL: problems hidden by another file's (exit $rc)"; echo "$out" | tail -3; fail=1; fi
n=$((n + 1))

# Ids that share long prefixes: suggestions must not make checking quadratic.
mkdir -p "$tmp/quad"
long=$(printf 'a%.0s' $(seq 58))
{ echo "exercises:"
  for i in $(seq 1000); do
    printf '  - {id: %s%d, name: n, kind: timed, start: s, cues: [a, b], safety: s, duration: 60, easier: %sx%d}\n' "$long" "$i" "$long" "$i"
  done; } > "$tmp/quad/lib.yaml"
out=$(timeout 60 "$coach" check "$tmp/quad/lib.yaml" 2>&1); rc=$?
if [ $rc -ne 65 ]; then echo "FAIL: long similar ids (exit $rc)"; echo "$out" | tail -3; fail=1; fi
n=$((n + 1))

# YAML-shaped garbage: random text over YAML's own characters.
for i in $(seq 30); do
  f=$tmp/garbage-$i.yaml
  alphabet=(' ' ' ' ' ' '-' ':' '[' ']' '{' '}' ',' '&' '*' '!' '#' '|' '>' "'" '"' 'a' 'b' 'id' 'steps' 'rest' '1' '2' $'\n' $'\n' $'\n' $'\t')
  for j in $(seq 300); do printf '%s' "${alphabet[RANDOM % ${#alphabet[@]}]}"; done > "$f"
  timeout 20 "$coach" check "$f" >/dev/null 2>"$tmp/err"; rc=$?
  if [ $rc -ne 65 ] && [ $rc -ne 0 ]; then echo "FAIL: garbage $i: exit $rc"; cat "$tmp/err"; fail=1; fi
  n=$((n + 1))
done
echo "$n broken files checked"
exit $fail
