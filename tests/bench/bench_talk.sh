#!/usr/bin/env bash
# bench_talk.sh [BUILD_DIR]: false commands in hours of ordinary talk near
# the coach (issue 13: "proving at most one false command an hour needs
# hours of ordinary talk"). bench_asr.sh's ordinary talk is 13.4 minutes;
# this one is as long as MINUTES (default 180).
#
# The talk is read text, sentence by sentence, each paragraph in one of
# eight voices (flite and eSpeak NG, men and women, a telephone-like 8 kHz
# voice), at -22 to -18 dBFS, with 0.40-0.80 s between sentences and
# 1.20-1.60 s between paragraphs, over a pink noise floor at -48 dBFS. Its
# text, paragraphs taken by turns from each source:
#   clinic   the project's physical-therapy source texts (../shared/seeds
#            beside the checkout, or SEEDS=DIR), read aloud: the talk of a
#            clinic's waiting room, full of "pain", "stop", numbers and
#            exercises; left out, and said so, when the folder is missing
#   licences the licences in /usr/share/common-licenses (base-files) but
#            the GPL-3, whose text bench_asr.sh's babble and talk read
# Nothing here was used for tuning the recogniser.
#
# It runs `coach listen --in` on it once per mode in MODES (default "open
# attention": the `listening` setting, docs/recognition.md), and prints per
# mode the false commands and their rate an hour, by what they would do to
# a session that heard them:
#   changes   acts unasked: skip, easier, harder, pause, slower, faster,
#             louder, softer, speak slower or faster, "pain N"
#   asks      asks back before it acts: stop, a red flag
#   speaks    only says something: repeat, help, what's next, how many left
#   ignored   an answer, which means nothing outside a question: yes, no,
#             cancel, better, same, worse, a bare number, resume (when not
#             paused the coach only says so)
# then every false command with the text being said at the time. Prints
# figures; asserts nothing. The recording is kept in OUT (default
# BUILD_DIR/talk-bench) and made again only when its text or this script
# changes. Needs flite, sox, python3, a C compiler and libespeak-ng-dev.
set -euo pipefail
build=$(realpath "${1:-build}")
src=$(cd "$(dirname "$0")/../.." && pwd)
here=$src/tests/bench
self=$here/bench_talk.sh
minutes=${MINUTES:-180}
modes=${MODES:-"open attention"}
seeds=${SEEDS:-$src/../shared/seeds}
out=${OUT:-$build/talk-bench}
mkdir -p "$out"
cd "$out"
cp "$build/coach" ./coach   # a rebuild during the run cannot change what is measured
readonly F32=(-r 16000 -c 1 -e floating-point -b 32)
readonly VOICES=(flite:kal16 espeak:en-us:160 flite:slt espeak:en+f2:170
                 flite:awb espeak:en+m3:175 flite:rms flite:kal)

# 1. The text: "PARAGRAPH<TAB>SOURCE<TAB>SENTENCE" lines, about MINUTES of
# speech at 150 words a minute.
python3 - "$minutes" "$seeds" >text.tsv <<'PY'
import glob, os, re, sys
minutes, seeds = float(sys.argv[1]), sys.argv[2]

def paragraphs(path):
    """Paragraphs of a text file: blank-line separated, or one a line for a
    file with long lines; headings, URLs and lines of symbols left out."""
    text = open(path, encoding="utf-8", errors="replace").read()
    lines = text.split("\n")
    long_lines = sum(1 for l in lines if len(l) > 200) > 5
    blocks = lines if long_lines else re.split(r"\n\s*\n", text)
    for b in blocks:
        b = re.sub(r"https?://\S+|<[^>]*>|www\.\S+", " ", b)
        b = re.sub(r"[_=*#\[\]{}|~^]+", " ", b)
        b = " ".join(b.split())
        if len(b.split()) >= 8:
            yield b

sources = []
if os.path.isdir(seeds) and glob.glob(os.path.join(seeds, "*.txt")):
    sources.append(("clinic", [p for f in sorted(glob.glob(os.path.join(seeds, "*.txt")))
                              for p in paragraphs(f)]))
lic = "/usr/share/common-licenses"
names = ["Apache-2.0", "Artistic", "BSD", "CC0-1.0", "GFDL-1.3", "GPL-2",
         "LGPL-2.1", "LGPL-3", "MPL-1.1", "MPL-2.0"]
sources.append(("licences", [p for n in names if os.path.exists(os.path.join(lic, n))
                             for p in paragraphs(os.path.join(lic, n))]))
budget = minutes * 150
words, para, idx = 0, 0, [0] * len(sources)
while words < budget and any(i < len(s[1]) for i, s in zip(idx, sources)):
    for k, (name, paras) in enumerate(sources):
        if idx[k] >= len(paras) or words >= budget:
            continue
        p = paras[idx[k]]
        idx[k] += 1
        para += 1
        for s in re.split(r"(?<=[.!?;:])\s+", p):
            s = s.strip()
            if len(re.findall(r"[A-Za-z]{2,}", s)) >= 2:   # not a stray "I...")"
                print(f"{para}\t{name}\t{s}")
                words += len(s.split())
if words < budget:
    print(f"bench_talk: only {words} words of text, about {words / 150:.0f} minutes",
          file=sys.stderr)
PY
id=$( { cat text.tsv "$self" "$here/asr_corpus.sh" "$here/espeak_wav.c"; } | sha256sum | cut -c 1-16)
echo "bench_talk: text: $(cut -f 1 text.tsv | sort -u | wc -l) paragraphs, $(wc -l <text.tsv) sentences," \
  "$(cut -f 3 text.tsv | wc -w) words; sources: $(cut -f 2 text.tsv | sort | uniq -c | awk '{ printf "%s%s %s sentences", s, $2, $1; s = ", " }')"
[ -d "$seeds" ] || echo "bench_talk: no clinic talk: $seeds is missing"

# 2. The recording (made again only when the text or the generators change).
if [ "$(cat talk.id 2>/dev/null)" != "$id" ] || [ ! -s talk.wav ]; then
  rm -rf work talk.wav talk.id
  mkdir -p work/s work/tmp
  export ESPEAK_WAV=$out/work/espeak_wav TMPDIR=$out/work/tmp
  cc -std=c17 -O2 -Wall -Wextra -o "$ESPEAK_WAV" "$here/espeak_wav.c" -lespeak-ng
  awk -F '\t' -v d="$out/work/s" -v voices="${VOICES[*]}" '
    BEGIN { nv = split(voices, V, " ") }
    { printf "%s\t%s/%d.wav\t%d\t%s\n", V[($1 - 1) % nv + 1], d, NR, -20 + ($1 * 3) % 5 - 2, $3 }' \
    text.tsv >work/jobs.tsv
  echo "bench_talk: synthesising $(wc -l <work/jobs.tsv) sentences"
  # (a sample or two clipped in resampling flite's raw voice is not news)
  SOX_OPTS=-V1 xargs -d '\n' -n 1 -P 2 "$here/asr_corpus.sh" --job <work/jobs.tsv
  for k in $(seq 0 8); do
    sox -n "${F32[@]}" "work/pause_$k.wav" trim 0 "$(awk -v k="$k" 'BEGIN { print 0.4 + 0.05 * k }')"
    sox -n "${F32[@]}" "work/ppause_$k.wav" trim 0 "$(awk -v k="$k" 'BEGIN { print 1.2 + 0.05 * k }')"
  done
  # the sentences with their pauses, and where each was said
  python3 - <<'PY'
import struct
def frames(path):
    with open(path, "rb") as f:
        data = f.read()
    i = 12
    while i < len(data):
        cid, n = data[i:i + 4], struct.unpack("<I", data[i + 4:i + 8])[0]
        if cid == b"data":
            return min(n, len(data) - i - 8) // 4
        i += 8 + n + (n & 1)
    raise SystemExit(f"bench_talk: {path}: no data")
parts, pos, prev = ["work/ppause_8.wav"], frames("work/ppause_8.wav"), None
with open("text.tsv") as t, open("work/said.txt", "w") as said:
    for i, line in enumerate(t, 1):
        para, src, text = line.rstrip("\n").split("\t", 2)
        if prev is not None and para != prev:
            p = f"work/ppause_{i * 5 % 9}.wav"
            parts.append(p); pos += frames(p)
        prev = para
        f = f"work/s/{i}.wav"
        n = frames(f)
        said.write(f"{pos / 16000:.3f}\t{(pos + n) / 16000:.3f}\t{src}\t{text}\n")
        p = f"work/pause_{i * 5 % 9}.wav"
        parts += [f, p]; pos += n + frames(p)
open("work/parts.txt", "w").write("\n".join(parts) + "\n")
PY
  # sox takes the parts in groups (a command line has a limit), then the groups
  split -l 400 -d -a 3 work/parts.txt work/group.
  for g in work/group.*; do
    mapfile -t files <"$g"
    sox "${files[@]}" "${F32[@]}" "$g.wav"
  done
  sox work/group.*.wav "${F32[@]}" work/speech.wav
  secs=$(soxi -D work/speech.wav)
  sox -R -n "${F32[@]}" work/floor.raw.wav synth "$secs" pinknoise
  g=$(sox work/floor.raw.wav -n stats 2>&1 | awk '/^RMS lev dB/ { printf "%.3f", -48 - $4 }')
  sox work/floor.raw.wav "${F32[@]}" work/floor.wav gain "$g"
  sox -D -m -v 1 work/speech.wav -v 1 work/floor.wav -b 16 talk.wav
  mv work/said.txt said.txt
  rm -rf work
  echo "$id" >talk.id
fi
secs=$(soxi -D talk.wav)
printf 'bench_talk: %.1f minutes of talk\n' "$(awk -v s="$secs" 'BEGIN { print s / 60 }')"

# 3. The recogniser on it, each mode beside the others.
for m in $modes; do
  args=()
  case $m in
    open) ;;
    attention) args=(--attention) ;;
    *) echo "bench_talk: unknown mode $m (open, attention)" >&2; exit 64 ;;
  esac
  { /usr/bin/time -f '%U %S %M' ./coach listen --in talk.wav --no-log "${args[@]}" >"$m.jsonl" 2>"$m.err"
    tail -n 1 "$m.err" >"$m.time"; } &
done
wait

# 4. The figures.
python3 - "$secs" $modes <<'PY'
import bisect, json, sys
secs, modes = float(sys.argv[1]), sys.argv[2:]
said = [l.rstrip("\n").split("\t", 3) for l in open("said.txt")]
starts = [float(s[0]) for s in said]
CHANGES = {"skip", "easier", "harder", "pause", "slower", "faster", "louder", "softer",
           "speak_slower", "speak_faster"}
ASKS = {"stop", "red_flag"}
SPEAKS = {"repeat", "help", "whats_next", "how_many_left"}
def kind(c, text):
    if c == "pain":   # a bare number is a rating only after a pain question
        return "changes" if ("pain" in text or "hurt" in text) else "ignored"
    return ("changes" if c in CHANGES else "asks" if c in ASKS
            else "speaks" if c in SPEAKS else "ignored")
hours = secs / 3600
print(f"{'mode':<10} {'minutes':>7} {'false':>6} {'an hour':>8}   "
      f"{'changes':>12} {'asks':>12} {'speaks':>12} {'ignored':>12}   {'cpu':>6} {'peak RSS':>9}")
found = {}
for m in modes:
    hits = []
    for line in open(f"{m}.jsonl"):
        try:
            u = json.loads(line)
        except ValueError:
            continue
        if u.get("command"):
            hits.append((u, kind(u["command"], u.get("text", ""))))
    found[m] = hits
    n = {k: sum(1 for _, h in hits if h == k) for k in ("changes", "asks", "speaks", "ignored")}
    try:
        user, sys_, rss = open(f"{m}.time").read().split()
        cpu = f"{(float(user) + float(sys_)) / secs:.3f}"
        rss = f"{int(rss) / 1024:.0f} MB"
    except (OSError, ValueError):
        cpu, rss = "?", "?"
    cell = lambda k: f"{n[k]} ({n[k] / hours:.1f}/h)"
    print(f"{m:<10} {secs / 60:>7.1f} {len(hits):>6} {len(hits) / hours:>8.1f}   "
          f"{cell('changes'):>12} {cell('asks'):>12} {cell('speaks'):>12} {cell('ignored'):>12}   "
          f"{cpu:>6} {rss:>9}")
print("(cpu: seconds of CPU a second of talk, one decoder)")
for m in modes:
    print(f"\n{m}: every false command, with what was being said")
    for u, k in found[m]:
        i = max(0, bisect.bisect_right(starts, u["start"]) - 1)
        s = said[i]
        value = f" {u['value']}" if "value" in u else ""
        print(f"  {u['start']:8.1f} s  {k:<8} {u['command']}{value} (heard \"{u.get('text', '')}\", "
              f"confidence {u.get('confidence', '?')})  in {s[2]}: \"{s[3][:90]}\"")
PY
