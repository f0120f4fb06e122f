#!/usr/bin/env bash
# gen_history.sh N [SEED]: prints a session log of N sessions (about 16
# records each, one session a day going back from 2026-12-01), the shape
# coach writes: for measuring `coach history` on years of use (issue 16:
# 100,000 sessions must read in linear time and bounded memory).
#   tests/bench/gen_history.sh 100000 > /tmp/log/sessions.jsonl
#   /usr/bin/time -v build/coach history --log-dir /tmp/log --quiet --now 2026-12-02T00:00:00+00:00
set -eu
n=${1:?usage: gen_history.sh N [SEED]}
seed=${2:-1}
awk -v n="$n" -v seed="$seed" 'BEGIN {
  srand(seed);
  split("dead-bug bird-dog hip-hinge glute-bridge cat-camel", ex, " ");
  split("day-one core-stability desk-snack", rt, " ");
  split("Day one|Core stability|One minute desk break", ti, "|");
  base = 1796083200; # 2026-12-01T00:00:00Z
  gap = n > 3650 ? 14400 : 86400; # a day apart; 4 hours apart for more than ten years
  for (i = 0; i < n; i++) {
    t = base - (n - i) * gap + 8 * 3600;
    id = sprintf("%s-%08x", strftime("%Y%m%d-%H%M%S", t, 1), int(rand() * 4294967295));
    r = int(rand() * 3) + 1;
    s = 0;
    rec(t, s, id, "\"event\":\"session_start\"", ",\"routine\":\"" rt[r] "\",\"title\":\"" ti[r] "\"");
    s += 9; rec(t, s, id, "\"event\":\"answer\"", ",\"kind\":\"next_day\",\"answer\":\"yes\"");
    s += 6; rec(t, s, id, "\"event\":\"pain\"", ",\"value\":" int(rand() * 6));
    for (k = 1; k <= 5; k++) {
      s += 20; rec(t, s, id, "\"event\":\"exercise_start\"", ",\"exercise\":\"" ex[k] "\",\"planned\":\"" ex[k] "\",\"sets\":2,\"reps\":" 6 + int(rand() * 6));
      if (rand() < 0.2) { s += 15; rec(t, s, id, "\"event\":\"pain\"", ",\"exercise\":\"" ex[k] "\",\"value\":" int(rand() * 8)); }
      s += 60; rec(t, s, id, "\"event\":\"exercise_end\"", ",\"exercise\":\"" ex[k] "\",\"reason\":\"" (rand() < 0.1 ? "skipped" : "completed") "\"");
    }
    s += 10; rec(t, s, id, "\"event\":\"pain\"", ",\"value\":" int(rand() * 6));
    s += 5; rec(t, s, id, "\"event\":\"session_end\"", ",\"reason\":\"completed\"");
  }
}
function rec(t, s, id, ev, rest) {
  printf "{\"ts\":\"%s.000+00:00\",\"session\":\"%s\",%s,\"t\":%d.000%s}\n", strftime("%Y-%m-%dT%H:%M:%S", t + s, 1), id, ev, s, rest;
}'
