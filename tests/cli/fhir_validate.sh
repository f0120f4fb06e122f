#!/usr/bin/env bash
# fhir_validate.sh REPORT_TOOL SRC: the FHIR exports of the known log, of a
# log with awkward strings and times (and tracking answers, skipped ones
# left out), and of an empty log validate against
# the FHIR R4 JSON schema's definitions (tests/data/fhir/, a subset of HL7's
# fhir.schema.json) with python3-jsonschema. Broken copies of the export (a
# status FHIR does not have, a value as a string, no code, an unknown
# element, a time without its offset) must fail, so the check can fail.
# Exits 77 when no python3 with jsonschema is installed.
set -u
tool=$(realpath "$1")
src=$(realpath "$2")
schema=$src/tests/data/fhir/fhir-r4-subset.schema.json
py=
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import jsonschema' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || { echo "SKIP: python3 with jsonschema (python3-jsonschema) missing"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0

"$tool" "$src/tests/data/history/known.jsonl" - known.json || { echo "FAIL: report_tool on known.jsonl"; fail=1; }
"$tool" "$tmp/no-such-log.jsonl" - empty.json || { echo "FAIL: report_tool on a missing log"; fail=1; }
cat > awkward.jsonl <<'LOG'
{"ts":"2026-11-02T08:30:00.000+01:00","session":"s1","event":"session_start","t":0.0,"routine":"r","title":"Say \"ah\" \\ now\t<b> – ünïcode"}
{"ts":"2026-11-02T08:30:12.5Z","session":"s1","event":"pain","t":12.0,"value":0}
{"ts":"2026-11-02T08:30:13.000+23:00","session":"s1","event":"pain","t":13.0,"value":10}
{"ts":"2026-11-02T08:30:14-05:00","session":"s1","event":"exercise_start","t":14.0,"exercise":"x","planned":"x","reps":3}
{"ts":"2026-11-02T08:30:15-05:00","session":"s1","event":"pain","t":15.0,"value":7}
{"ts":"2026-11-02T08:40:00-05:00","session":"s1","event":"tracking","t":600.0,"field":"morning_stiffness","value":15}
{"ts":"2026-11-02T08:40:05-05:00","session":"s1","event":"tracking","t":605.0,"answer":"skip","field":"sitting"}
{"ts":"2026-11-02T08:40:10-05:00","session":"s1","event":"tracking","t":610.0,"field":"confidence","value":6}
LOG
"$tool" awkward.jsonl - awkward.json || { echo "FAIL: report_tool on awkward.jsonl"; fail=1; }

"$py" - "$schema" known.json empty.json awkward.json <<'PY' || fail=1
import copy, json, sys
import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft6Validator.check_schema(schema)
validator = jsonschema.Draft6Validator(schema)

def problems(doc):
    """The schema's complaints about doc, as sentences; a missing definition
    is named as such."""
    try:
        return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
                for e in validator.iter_errors(doc)]
    except Exception as e:  # an unresolvable $ref: the subset lacks a definition
        return [f"the subset lacks a definition the document needs: {str(e)[:200]}"]

fail = 0
docs = {}
for path in sys.argv[2:]:
    doc = json.load(open(path))
    docs[path] = doc
    errs = problems(doc)
    for e in errs:
        print(f"FAIL: {path}: {e}")
    fail |= bool(errs)

known = docs["known.json"]
entries = known.get("entry", [])
if len(entries) != 7:
    print(f"FAIL: known.json has {len(entries)} entries, want 7"); fail = 1
if "entry" in docs["empty.json"]:
    print("FAIL: empty.json has an entry"); fail = 1
if [e["resource"]["valueInteger"] for e in docs["awkward.json"]["entry"]] != [0, 10, 7, 15, 6]:
    print("FAIL: awkward.json values"); fail = 1
# the tracking answers: text only, no code claimed (docs/export.md)
for e in docs["awkward.json"]["entry"][3:]:
    if "coding" in e["resource"]["code"] or not e["resource"]["code"].get("text"):
        print("FAIL: a tracking observation claims a code, or has no text"); fail = 1

# broken copies must be refused: the check can fail
def broken(what, change):
    global fail
    doc = copy.deepcopy(known)
    change(doc["entry"][0]["resource"])
    if not problems(doc):
        print(f"FAIL: a broken export passed: {what}"); fail = 1

broken("status 'done'", lambda r: r.__setitem__("status", "done"))
broken("valueInteger as a string", lambda r: r.__setitem__("valueInteger", "4"))
broken("no code", lambda r: r.pop("code"))
broken("an unknown element", lambda r: r.__setitem__("painScore", 4))
broken("a time without its offset", lambda r: r.__setitem__("effectiveDateTime", "2026-11-02T08:30:12"))
broken("an empty note text", lambda r: r["note"][0].__setitem__("text", ""))
doc = copy.deepcopy(known); doc["type"] = "bag"
if not problems(doc):
    print("FAIL: a broken export passed: Bundle.type 'bag'"); fail = 1
doc = copy.deepcopy(known); doc["timestamp"] = "2026-11-21"
if not problems(doc):
    print("FAIL: a broken export passed: a timestamp that is not an instant"); fail = 1
print(f"{len(docs)} exports valid, 8 broken copies refused" if not fail else "fhir_validate: failed")
sys.exit(fail)
PY
[ $fail -eq 0 ] && echo "fhir_validate: ok"
exit $fail
