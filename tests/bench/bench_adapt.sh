#!/usr/bin/env bash
# bench_adapt.sh [BUILD_DIR]: does adapting the acoustic model to synthetic
# multi-condition speech help? (issue 13 asks for MAP adaptation with
# sphinxtrain's tools to be measured, trained on voices the benchmarks
# never use.) It
#   1. synthesises the training set: every phrase of `coach listen
#      --phrases` in 6 of 10 eSpeak NG voices no benchmark uses, and 300
#      sentences of prose (Python's docstrings and /usr/share/doc's READMEs,
#      words in the dictionary only), each clean or in pink noise (20, 10
#      dB) or babble (20, 10, 5 dB) of five more such voices reading other
#      sentences, over a -48 dBFS floor;
#   2. MAP-adapts Debian's en-us model to it (sphinx_fe, bw, map_adapt; the
#      model ships no mixture_weights, so sendump_mixw.py rebuilds them from
#      its sendump): means and variances (TAU: map_adapt's fixed prior
#      weight; unset, its Bayesian means);
#   3. runs bench_asr.sh (its corpus: flite's kal16+slt and awb+rms, which
#      the training never heard, and three other eSpeak NG voices) with the
#      model and with the adapted one (`coach listen --model`), on ASR_SETS
#      and ASR_CONDITIONS (default: all three sets; clean, pink10,
#      babble20, babble10);
#   4. decodes the real human recordings of pocketsphinx-testdata (a
#      LibriVox reader, a speaker saying playing cards, "go forward ten
#      meters": 96 words) with pocketsphinx_continuous and the en-us
#      language model, clean and mixed with babble at 20 and 10 dB (flite
#      voices reading the Apache licence), with both models: word error
#      rates.
# Prints both tables; asserts nothing. Everything stays in OUT (default
# BUILD_DIR/adapt-bench); the adapted model is OUT/model. About 10 minutes.
# Needs sphinxtrain, sphinxbase-utils, pocketsphinx (its programs),
# pocketsphinx-testdata, flite, sox, python3, a C compiler and
# libespeak-ng-dev.
set -euo pipefail
build=$(realpath "${1:-build}")
src=$(cd "$(dirname "$0")/../.." && pwd)
here=$src/tests/bench
out=${OUT:-$build/adapt-bench}
model=/usr/share/pocketsphinx/model/en-us
st=/usr/lib/sphinxtrain
testdata=/usr/share/pocketsphinx/test/data
die() { echo "bench_adapt: $*" >&2; exit 1; }
for t in "$st/bw" "$st/map_adapt" "$(command -v sphinx_fe || true)" "$(command -v pocketsphinx_mdef_convert || true)" \
         "$(command -v pocketsphinx_continuous || true)" "$testdata/librivox/transcription" \
         "$(command -v flite || true)" "$(command -v sox || true)"; do
  [ -n "$t" ] && [ -e "$t" ] ||
    die "needs sphinxtrain, sphinxbase-utils, pocketsphinx, pocketsphinx-testdata, flite and sox (apt-get install them)"
done
[ -x "$build/coach" ] || die "no $build/coach: build first"
mkdir -p "$out"
cd "$out"
rm -rf train model acc real
mkdir -p train/utt train/bab real
F32=(-r 16000 -c 1 -e floating-point -b 32)
cc -std=c17 -O2 -o espeak_wav "$here/espeak_wav.c" -lespeak-ng

# 1. The training set. Prose: sentences whose words are all in the dictionary.
python3 - "$model/cmudict-en-us.dict" <<'PY'
import ast, glob, random, re, sys
words = set()
for line in open(sys.argv[1]):
    w = line.split()[0]
    words.add(w.split("(")[0])
texts = []
for f in glob.glob("/usr/share/doc/*/README*"):
    try: texts.append(open(f, errors="ignore").read())
    except OSError: pass
for f in sorted(glob.glob("/usr/lib/python3*/*.py")):
    try: tree = ast.parse(open(f).read())
    except Exception: continue
    for n in ast.walk(tree):
        if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            d = ast.get_docstring(n)
            if d: texts.append(d)
seen, good = set(), []
for s in re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", " ".join(texts))):
    if re.search(r"[^A-Za-z ,.'!?;:-]", s): continue
    ws = [w.strip(",.!?;:'-").lower() for w in s.split()]
    ws = [w for w in ws if w]
    if 5 <= len(ws) <= 16 and all(w in words for w in ws):
        t = " ".join(ws)
        if t not in seen:
            seen.add(t); good.append(t)
random.seed(7); random.shuffle(good)
if len(good) < 800: sys.exit(f"bench_adapt: only {len(good)} sentences of prose found")
open("train/sentences.txt", "w").write("\n".join(good[:300]) + "\n")
open("train/babble.txt", "w").write("\n".join(good[300:]) + "\n")
PY
# The babble: five more voices, each reading every fifth of the other sentences.
bvoices=(en+Annie:170 en+david:165 en+linda:175 en+john:160 en+steph:170)
for i in 0 1 2 3 4; do
  v=${bvoices[$i]}
  ./espeak_wav "${v%:*}" "${v#*:}" train/bab/r$i.wav "$(awk -v i=$i 'NR % 5 == i' train/babble.txt | tr '\n' ' ')"
  sox -V1 train/bab/r$i.wav "${F32[@]}" train/bab/t$i.wav
done
len=$(for i in 0 1 2 3 4; do soxi -D train/bab/t$i.wav; done | sort -n | head -1)
mix=()
for i in 0 1 2 3 4; do
  sox -V1 train/bab/t$i.wav "${F32[@]}" train/bab/l$i.wav trim "$(awk -v i=$i -v l="$len" 'BEGIN { printf "%.2f", i * 0.21 * l }')" "$len"
  mix+=(-v 0.2 train/bab/l$i.wav)
done
sox -V1 -m "${mix[@]}" "${F32[@]}" train/babble.wav
sox -V1 -R -n "${F32[@]}" train/pink.wav synth "$len" pinknoise
sox -V1 -R -n "${F32[@]}" train/floor.wav synth "$len" pinknoise trim 0 "$len"
# The utterances: ID VOICE CONDITION LEVEL OFFSET TEXT
python3 - "$len" > train/jobs.tsv <<PY
import random, subprocess, sys
length = float(sys.argv[1])
random.seed(2027)
voices = "en+m1:160 en+m2:170 en+m4:180 en+m5:165 en+m7:170 en+f1:175 en+f4:160 en-gb-scotland+m6:165 en-029+f5:170 en-us-nyc+m1:175".split()
phrases = [l.split("\t")[0] for l in subprocess.run(["$build/coach", "listen", "--phrases"], capture_output=True, text=True, check=True).stdout.splitlines()]
items = [(v, p) for p in phrases for v in random.sample(voices, 6)]
items += [(random.choice(voices), s) for s in open("train/sentences.txt").read().split("\n") if s]
conditions = ["clean", "clean", "pink20", "pink10", "babble20", "babble20", "babble10", "babble10", "babble5"]
for k, (v, t) in enumerate(items):
    print(f"u{k:05d}\t{v}\t{random.choice(conditions)}\t{random.uniform(-23, -17):.1f}\t{random.uniform(0, length - 20):.2f}\t{t}")
PY
# utt LINE: one utterance, at its level, over the floor, in its noise
utt() {
  local id v c db off text d r fr nr snr mix
  IFS=$'\t' read -r id v c db off text <<<"$1"
  local F32=(-r 16000 -c 1 -e floating-point -b 32) u=train/utt/$id
  ./espeak_wav "${v%:*}" "${v#*:}" "$u.r.wav" "$text"
  sox -V1 "$u.r.wav" "${F32[@]}" "$u.s.wav" silence 1 0.02 0.1% reverse silence 1 0.02 0.1% reverse
  r=$(sox "$u.s.wav" -n stats 2>&1 | awk '/^RMS lev dB/ { print $4 }')
  # at its level, and never over -1 dBFS at its peak
  sox -V1 "$u.s.wav" "${F32[@]}" "$u.p.wav" gain "$(awk -v a="$db" -v r="$r" 'BEGIN { print a - r }')" gain -l 0 pad 0.3 0.3
  d=$(soxi -D "$u.p.wav")
  sox -V1 train/floor.wav "${F32[@]}" "$u.f.wav" trim "$off" "$d"
  fr=$(sox "$u.f.wav" -n stats 2>&1 | awk '/^RMS lev dB/ { print $4 }')
  mix=(-v 1 "$u.p.wav" -v "$(awk -v r="$fr" 'BEGIN { print 10 ^ ((-48 - r) / 20) }')" "$u.f.wav")
  if [ "$c" != clean ]; then
    snr=${c//[a-z]/}
    sox -V1 "train/${c//[0-9]/}.wav" "${F32[@]}" "$u.n.wav" trim "$off" "$d"
    nr=$(sox "$u.n.wav" -n stats 2>&1 | awk '/^RMS lev dB/ { print $4 }')
    mix+=(-v "$(awk -v a="$db" -v s="$snr" -v r="$nr" 'BEGIN { print 10 ^ ((a - s - r) / 20) }')" "$u.n.wav")
  fi
  sox -V1 -D -m "${mix[@]}" -b 16 "$u.wav"
  rm -f "$u".[rspfn].wav
}
export -f utt
tr '\n' '\0' <train/jobs.tsv | xargs -0 -P 2 -I{} bash -c 'utt "$1"' _ {}
cut -f 1 train/jobs.tsv | sed 's|^|utt/|' >train/train.fileids
awk -F '\t' '{ printf "<s> %s </s> (%s)\n", $6, $1 }' train/jobs.tsv >train/train.transcription
echo "bench_adapt: training set: $(wc -l <train/jobs.tsv) utterances, $(cat train/utt/*.wav | wc -c | awk '{ printf "%.0f", $1 / 32000 / 60 }') minutes"

# 2. MAP adaptation (means and variances; the mixture weights and the
# transition matrices stay the model's).
sphinx_fe -lowerf 130 -upperf 6800 -nfilt 25 -transform dct -lifter 22 -samprate 16000 \
  -c train/train.fileids -di train -do train/mfc -ei wav -eo mfc -mswav yes >fe.log 2>&1 || die "sphinx_fe failed (fe.log)"
pocketsphinx_mdef_convert -text "$model/en-us/mdef" mdef.txt >mdef.log 2>&1
nsen=$(awk '$2 == "n_tied_state" { print $1 }' mdef.txt)
python3 "$here/sendump_mixw.py" "$model/en-us/sendump" "$nsen" mixture_weights
mkdir -p acc
"$st/bw" -hmmdir "$model/en-us" -moddeffn mdef.txt -mixwfn mixture_weights -ts2cbfn .ptm. \
  -feat 1s_c_d_dd -svspec 0-12/13-25/26-38 -cmn current -agc none -dictfn "$model/cmudict-en-us.dict" \
  -fdictfn "$model/en-us/noisedict" -ctlfn train/train.fileids -lsnfn train/train.transcription \
  -cepdir train/mfc -accumdir acc >bw.log 2>&1 || die "bw failed (bw.log)"
mkdir -p model/en-us
cp "$model/en-us/"* model/en-us/
ln -s "$model/cmudict-en-us.dict" "$model/en-us-phone.lm.bin" "$model/en-us.lm.bin" model/
tau=()
[ -n "${TAU:-}" ] && tau=(-bayesmean no -fixedtau yes -tau "$TAU")
"$st/map_adapt" -moddeffn mdef.txt -ts2cbfn .ptm. -meanfn "$model/en-us/means" -varfn "$model/en-us/variances" \
  -mixwfn mixture_weights -tmatfn "$model/en-us/transition_matrices" -accumdir acc "${tau[@]}" \
  -mapmeanfn model/en-us/means -mapvarfn model/en-us/variances -mapmixwfn mixw.map -maptmatfn tmat.map \
  >map.log 2>&1 || die "map_adapt failed (map.log)"
echo "bench_adapt: adapted model in $out/model ($([ -n "${TAU:-}" ] && echo "tau $TAU" || echo "Bayesian means"))"

# 3. The command benchmark, with each model.
export ASR_SETS=${ASR_SETS:-awb-rms kal16-slt espeak} ASR_CONDITIONS=${ASR_CONDITIONS:-clean pink10 babble20 babble10}
for m in model adapted; do
  if [ $m = adapted ]; then ASR_LISTEN_ARGS="--model $out/model"; else ASR_LISTEN_ARGS=""; fi
  ASR_LISTEN_ARGS=$ASR_LISTEN_ARGS bash "$here/bench_asr.sh" "$build" >"asr-$m.txt" 2>&1 || die "bench_asr failed ($out/asr-$m.txt)"
done

# 4. Real human speech.
i=0
for v in awb rms slt kal16 awb; do
  sed -n "$((i * 40 + 1)),$((i * 40 + 40))p" /usr/share/common-licenses/Apache-2.0 | tr '\n' ' ' >real/t$i.txt
  flite -voice "$v" -f real/t$i.txt -o real/b$i.raw.wav
  sox -V1 real/b$i.raw.wav "${F32[@]}" real/b$i.wav trim $((i * 7)) 60
  i=$((i + 1))
done
sox -V1 -m -v 0.2 real/b0.wav -v 0.2 real/b1.wav -v 0.2 real/b2.wav -v 0.2 real/b3.wav -v 0.2 real/b4.wav real/babble.wav
{
  sed -E 's/<s> (.*) <\/s> \((.*)\)/\2\t\1/' "$testdata/librivox/transcription" | sed "s|^|$testdata/librivox/|; s|\t|.wav\t|"
  sed -E 's/<s> (.*) +<\/s> \((.*)\)/\2\t\1/' "$testdata/cards/cards.transcription" | sed "s|^|$testdata/cards/|; s|\t|.wav\t|"
  sox -V1 -t raw -r 16000 -e signed -b 16 -c 1 "$testdata/goforward.raw" real/goforward.wav
  printf '%s\t%s\n' "$out/real/goforward.wav" "go forward ten meters"
} | sed 's/ *	/	/; s/ *$//' >real/ref.tsv
for m in model adapted; do
  dir=$model; [ $m = adapted ] && dir=$out/model
  for c in clean babble20 babble10; do
    : >"real/$m-$c.tsv"
    while IFS=$'\t' read -r wav ref; do
      in=$wav
      if [ $c != clean ]; then
        d=$(soxi -D "$wav")
        r=$(sox "$wav" -n stats 2>&1 | awk '/^RMS lev dB/ { print $4 }')
        sox -V1 real/babble.wav real/n.wav trim 5 "$d"
        nr=$(sox real/n.wav -n stats 2>&1 | awk '/^RMS lev dB/ { print $4 }')
        sox -V1 -D -m -v 1 "$wav" -v "$(awk -v a="$r" -v s="${c#babble}" -v n="$nr" 'BEGIN { print 10 ^ ((a - s - n) / 20) }')" real/n.wav -b 16 real/mix.wav
        in=real/mix.wav
      fi
      hyp=$(pocketsphinx_continuous -infile "$in" -hmm "$dir/en-us" -lm "$dir/en-us.lm.bin" -dict "$dir/cmudict-en-us.dict" 2>/dev/null | tr '\n' ' ')
      printf '%s\t%s\n' "$ref" "$hyp" >>"real/$m-$c.tsv"
    done <real/ref.tsv
  done
done

# The tables.
echo
echo "commands (bench_asr.sh, percent right; the training never heard these voices):"
printf "%-10s %-10s %8s %8s\n" set condition model adapted
paste <(awk '$1 ~ /^(awb-rms|kal16-slt|espeak)$/ && $3 ~ /^[0-9]+$/ { print $1, $2, $4 }' asr-model.txt) \
      <(awk '$1 ~ /^(awb-rms|kal16-slt|espeak)$/ && $3 ~ /^[0-9]+$/ { print $4 }' asr-adapted.txt) |
  awk '{ printf "%-10s %-10s %8s %8s\n", $1, $2, $3, $4 }'
echo
echo "real human speech (pocketsphinx-testdata, 96 words; word error rate, lower is better):"
printf "%-10s %8s %8s\n" condition model adapted
for c in clean babble20 babble10; do
  printf "%-10s" "$c"
  for m in model adapted; do
    python3 - "real/$m-$c.tsv" <<'PY'
import sys
def dist(a, b):
    d = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        p, d[0] = d[:], i
        for j, y in enumerate(b, 1):
            d[j] = min(p[j] + 1, d[j - 1] + 1, p[j - 1] + (x != y))
    return d[-1]
e = n = 0
for line in open(sys.argv[1]):
    ref, hyp = line.rstrip("\n").split("\t")
    e += dist(ref.split(), hyp.split()); n += len(ref.split())
print(f" {100 * e / n:7.1f}%", end="")
PY
  done
  echo
done
