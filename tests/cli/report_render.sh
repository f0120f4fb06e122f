#!/usr/bin/env bash
# report_render.sh REPORT_TOOL SRC: the history report as a browser draws it.
# Headless Chromium renders the report of the known log (4 sessions: pain
# before 4, 3, none, 5 and after 3, 2, none, none) to a PNG; pngtopnm makes
# it a PPM that python3 reads. In the picture: one filled blue marker per
# "before" value and one hollow orange marker per "after" value, plus one of
# each in the legend; markers of the same session one above the other;
# sessions evenly spaced; heights proportional to the values; the dose chart
# draws dead-bug where it was done. Reports of no session and of 300
# sessions render too. Exits 77 when Chromium or netpbm is missing.
set -u
tool=$(realpath "$1")
src=$(realpath "$2")
chrome=
for c in chromium chromium-browser google-chrome; do
  command -v "$c" >/dev/null && { chrome=$c; break; }
done
[ -n "$chrome" ] || { echo "SKIP: chromium missing"; exit 77; }
command -v pngtopnm >/dev/null || { echo "SKIP: pngtopnm (netpbm) missing"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0

# shot NAME: renders NAME.html to NAME.ppm (1000 px wide, the whole page)
shot() {
  timeout 120 "$chrome" --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --force-device-scale-factor=1 --user-data-dir="$tmp/profile" \
    --screenshot="$tmp/$1.png" --window-size=1000,2600 "file://$tmp/$1.html" \
    >"$1.log" 2>&1
  [ -s "$1.png" ] || { echo "FAIL: chromium drew no $1.png"; cat "$1.log"; return 1; }
  pngtopnm "$1.png" >"$1.ppm" || { echo "FAIL: pngtopnm $1.png"; return 1; }
}

"$tool" "$src/tests/data/history/known.jsonl" known.html - || { echo "FAIL: report_tool known"; exit 1; }
"$tool" "$tmp/no-such-log.jsonl" empty.html - || { echo "FAIL: report_tool empty"; exit 1; }
python3 - <<'PY' >many.jsonl
for k in range(300):
    ts = f"2026-{1 + (k // 28) % 12:02d}-{1 + k % 28:02d}T08:30:00.000+01:00"
    s = f'"ts":"{ts}","session":"m{k:03d}"'
    print('{%s,"event":"session_start","t":0,"routine":"r","title":"R"}' % s)
    print('{%s,"event":"pain","t":1,"value":%d}' % (s, k % 11))
    print('{%s,"event":"exercise_start","t":2,"exercise":"e","planned":"e","reps":%d}' % (s, 5 + k % 7))
    print('{%s,"event":"pain","t":3,"value":%d}' % (s, (k * 3) % 11))
PY
"$tool" many.jsonl many.html - || { echo "FAIL: report_tool many"; exit 1; }
for n in known empty many; do shot "$n" || fail=1; done
[ $fail -eq 0 ] || exit 1

python3 - known.ppm empty.ppm many.ppm <<'PY' || fail=1
import sys

BEFORE, AFTER, DEAD_BUG = (0x00, 0x44, 0xaa), (0xb3, 0x47, 0x00), (0x00, 0x6e, 0x4f)
TOL = 12

def read_ppm(path):
    """A binary PPM (P6) as (width, height, bytes)."""
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P6" and fields[3] == b"255", fields
    return int(fields[1]), int(fields[2]), data[pos + 1:]

def blobs(img, color, min_size=6):
    """Connected groups of pixels within TOL of color: (x, y, size, centre
    pixel matches), centre = the middle of the bounding box."""
    w, h, px = img
    r0, g0, b0 = color
    hit = bytearray(w * h)
    for i in range(w * h):
        o = 3 * i
        if abs(px[o] - r0) <= TOL and abs(px[o + 1] - g0) <= TOL and abs(px[o + 2] - b0) <= TOL:
            hit[i] = 1
    out = []
    for start in range(w * h):
        if not hit[start]:
            continue
        hit[start] = 0
        stack, pts = [start], []
        while stack:
            i = stack.pop()
            pts.append(i)
            x, y = i % w, i // w
            for j in (i - 1 if x else -1, i + 1 if x + 1 < w else -1, i - w, i + w):
                if 0 <= j < w * h and hit[j]:
                    hit[j] = 0
                    stack.append(j)
        if len(pts) < min_size:
            continue
        xs, ys = [i % w for i in pts], [i // w for i in pts]
        cx, cy = (min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2
        out.append({"x": sum(xs) / len(xs), "y": sum(ys) / len(ys), "n": len(pts),
                    "filled": cy * w + cx in set(pts)})
    return out

def ink(img):
    """Share of pixels that are not white, and of those that are dark."""
    w, h, px = img
    other = dark = 0
    for i in range(0, 3 * w * h, 3):
        s = px[i] + px[i + 1] + px[i + 2]
        other += s < 750
        dark += s < 200
    return other / (w * h), dark / (w * h)

fail = 0
def check(ok, what):
    global fail
    if not ok:
        print("FAIL:", what)
        fail = 1

def near(a, b, tol=3):
    return abs(a - b) <= tol

known, empty, many = (read_ppm(p) for p in sys.argv[1:4])

# the known log
other, dark = ink(known)
check(0.01 < other < 0.6 and dark > 0.005, f"known page looks blank or flooded ({other:.3f}, {dark:.3f})")
b, a = blobs(known, BEFORE), blobs(known, AFTER)
check(len(b) == 4, f"known: {len(b)} filled blue markers, want 4 (legend + 3 sessions): {b}")
check(len(a) == 3, f"known: {len(a)} hollow orange markers, want 3 (legend + 2 sessions): {a}")
if len(b) == 4 and len(a) == 3:
    b.sort(key=lambda m: m["y"]); a.sort(key=lambda m: m["y"])
    lb, la = b.pop(0), a.pop(0)            # the legend is above the plot
    check(near(lb["y"], la["y"]), "legend markers side by side")
    check(all(m["y"] > lb["y"] + 20 for m in b + a), "data markers below the legend")
    b.sort(key=lambda m: m["x"]); a.sort(key=lambda m: m["x"])
    b1, b2, b4 = b
    a1, a2 = a
    check(all(m["filled"] for m in b), "before markers are filled")
    check(not any(m["filled"] for m in a), "after markers are hollow")
    check(near(b1["x"], a1["x"]) and near(b2["x"], a2["x"]), "before and after of a session share x")
    step = b2["x"] - b1["x"]
    check(step > 50 and near(b4["x"] - b2["x"], 2 * step), f"sessions evenly spaced ({b1['x']}, {b2['x']}, {b4['x']})")
    unit = b2["y"] - b1["y"]               # pain 4 -> 3: one unit down the scale
    check(unit > 10, f"one pain unit is {unit} px")
    check(near(b4["y"], b1["y"] - unit), "session 4 before (5) one unit above session 1 before (4)")
    check(near(a1["y"], b2["y"]), "session 1 after (3) level with session 2 before (3)")
    check(near(a2["y"], b2["y"] + unit), "session 2 after (2) one unit below 3")
# dead-bug's markers and line share a colour: the legend, sessions 1 and 2
# joined by the line, and session 4 alone (session 3 has no dead-bug)
d = sorted(blobs(known, DEAD_BUG), key=lambda m: m["y"])
check(len(d) == 3, f"known: {len(d)} dead-bug groups in the dose chart, want 3: {d}")
if len(d) == 3:
    s12, s4 = sorted(d[1:], key=lambda m: m["x"])
    check(s12["n"] > 2 * s4["n"], "dead-bug: sessions 1 and 2 joined by a line")
    check(s4["x"] > s12["x"] + 100, "dead-bug in session 4 is right of sessions 1 and 2")

# no session: a page of words, no chart
other, dark = ink(empty)
check(dark > 0.001, "the empty report shows no text")
check(not blobs(empty, BEFORE) and not blobs(empty, AFTER), "the empty report has chart markers")

# 300 sessions: markers all along the axis, none outside the page
w, h, px = many
bb = blobs(many, BEFORE, 3)
check(len(bb) > 20, f"300 sessions: only {len(bb)} groups of blue markers")
xs = [m["x"] for m in bb if m["y"] > min(m2["y"] for m2 in bb) + 20]
check(xs and max(xs) - min(xs) > 0.7 * w, "300 sessions: markers do not span the plot")
check(blobs(many, AFTER, 3), "300 sessions: no after markers")
print("report_render: ok" if not fail else "report_render: failed")
sys.exit(fail)
PY
exit $fail
