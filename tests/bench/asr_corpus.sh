#!/usr/bin/env bash
# asr_corpus.sh OUTDIR [COACH]: generates the speech-recognition benchmark
# corpus into OUTDIR (COACH, default build/coach, gives the phrases).
#
# Everything is synthesised here, reproducibly: the phrases come from
# `coach listen --phrases` (never from a list of our own), sox's noise is
# seeded (sox -R), and every order, gap and offset is computed, not random.
#
# OUTDIR/SET.COND.wav   16 kHz mono 16-bit: one long recording per voice set
#                       and condition
# OUTDIR/SET.COND.txt   its manifest: "# key value" header lines (set,
#                       condition, duration, levels), then one line per
#                       utterance: START END COMMAND VALUE SAID, START/END
#                       in seconds of the speech itself
# OUTDIR/SET.voices     the voice of each utterance, in manifest order
# OUTDIR/corpus.id      written last: what the corpus was made from (a hash
#                       of the phrases and of these generators), as printed
#                       by `asr_corpus.sh --id [COACH]`
#
# Voice sets (every phrase in every voice of the set):
#   kal16-slt  flite kal16 and slt: the main set
#   espeak     eSpeak NG en-us, en+m3 and en+f2: a harder secondary set
#   awb-rms    flite awb and rms: held out (for checking tuning on the others)
# Conditions: clean (noise floor only), and pink, brown and babble noise at
# 20, 10 and 5 dB SNR (speech-active RMS against noise RMS), and a TV at 20
# and 10 dB: two presenters taking turns over a music bed (tv_music.py),
# through a small loudspeaker (150 Hz to 7 kHz) in a room.
# And ordinary.clean: ordinary talk (no commands intended) in eight voices
# over the noise floor; its manifest has no utterances, only its duration
# and "# said START END VOICE TEXT" lines for looking up false commands.
#
# Levels: speech -20 dBFS RMS per utterance, a pink noise floor at -48 dBFS
# RMS under everything (digital silence is not what a microphone hears).
# Takes about a minute on two cores. Needs flite, sox, a C compiler and
# libespeak-ng-dev (eSpeak NG goes through tests/bench/espeak_wav.c, so the
# espeak-ng program itself is not needed).
set -euo pipefail

readonly RATE=16000
readonly SPEECH_DB=-20   # speech level, dBFS RMS
readonly FLOOR_DB=-48    # noise floor, dBFS RMS
readonly TRIM=0.1%       # silence threshold for trimming the synthesised speech
readonly CONDITIONS="clean pink20 pink10 pink5 brown20 brown10 brown5 babble20 babble10 babble5 tv20 tv10"
# float intermediates: no clipping and no dither until the final mix
readonly F32=(-r "$RATE" -c 1 -e floating-point -b 32)

here=$(cd "$(dirname "$0")" && pwd)
self="$here/$(basename "$0")"

die() { echo "asr_corpus: $*" >&2; exit 1; }

# level FILE: "RMS PEAK" of FILE in dBFS
level() { sox "$1" -n stats 2>&1 | awk '/^RMS lev dB/ { r = $4 } /^Pk lev dB/ { p = $4 } END { print r, p }'; }
rms_db() { level "$1" | cut -d ' ' -f 1; }

# set_level IN OUT DB [PEAK]: OUT is IN (float) with its RMS level set to DB
# dBFS, but no louder than puts its peak at PEAK dBFS if PEAK is given (a
# voice with a high crest factor ends up a little below DB, as with a
# microphone's automatic gain control, rather than clipping)
set_level() {
  local g
  g=$(level "$1" | awk -v want="$3" -v pk="${4:-1000}" \
    '{ g = want - $1; if (pk - $2 < g) g = pk - $2; printf "%.3f", g }')
  sox "$1" "${F32[@]}" "$2" gain "$g"
}

# synth VOICE OUT TEXT: says TEXT in VOICE (flite:NAME or espeak:NAME:WPM)
# into OUT, 16 kHz float, silence trimmed at both ends (so the file is the
# speech itself) and raw, unnormalised.
synth() {
  local voice=$1 out=$2 text=$3 raw="$2.raw.wav" name wpm
  case $voice in
    flite:*) flite -voice "${voice#flite:}" -t "$text" -o "$raw" ;;
    espeak:*)
      name=${voice#espeak:}; wpm=${name##*:}; name=${name%:*}
      "$ESPEAK_WAV" "$name" "$wpm" "$raw" "$text" ;;
    *) die "unknown voice $voice" ;;
  esac
  sox "$raw" "${F32[@]}" "$out" silence 1 0.02 "$TRIM" reverse silence 1 0.02 "$TRIM" reverse
  rm -f "$raw"
  [ "$(soxi -s "$out")" -gt 0 ] || die "$voice said nothing for '$text'"
}

# One synthesis job, run through xargs: "VOICE<TAB>OUT<TAB>DB<TAB>TEXT".
# The result is OUT at DB dBFS RMS.
job() {
  local voice out db text
  IFS=$'\t' read -r voice out db text <<<"$1"
  [ -s "$out" ] && return 0
  synth "$voice" "$out.tmp.wav" "$text"
  set_level "$out.tmp.wav" "$out.lvl.wav" "$db" -1
  mv "$out.lvl.wav" "$out"
  rm -f "$out.tmp.wav"
}

# corpus_id COACH: identifies what the corpus is made from (the phrases and
# these generators); bench_asr.sh rebuilds a cached corpus when it changes
corpus_id() {
  { "$1" listen --phrases; cat "$self" "$here/espeak_wav.c" "$here/tv_music.py"; } | sha256sum | cut -c 1-16
}

case ${1:-} in
  --job) job "$2"; exit 0 ;;   # internal: one synthesis job, from run_jobs
  --id) corpus_id "$(realpath "${2:-$here/../../build/coach}")"; exit 0 ;;
esac

# run_jobs FILE: runs every job line of FILE, two at a time
run_jobs() { xargs -d '\n' -n 1 -P "$JOBS" "$self" --job <"$1"; }

# The ordinary talk: paragraphs about everyday things (weather, cooking, the
# news, a telephone call, a garden, football, a dog, painting a room, a new
# job, a sore knee, a museum). Words the coach knows ("no", "yes", "next",
# "better", "stop", numbers, even "pain") turn up in them, as in real talk.
prose() {
  cat <<'EOF'
Good morning, and here is the weather for the week ahead. A band of rain moves in from the west tonight, so expect a wet start tomorrow with temperatures around eleven degrees. By the afternoon the rain should stop and the sun will break through in most places. Wednesday looks better, dry and bright, although a cold wind from the north will make it feel colder than the thermometer says. Next weekend is harder to call. One model brings another low pressure system across the country, while the other keeps it out at sea. If you are planning a trip to the coast, keep an eye on the forecast and take a warm coat just in case.

To make the soup, start by chopping two onions, three carrots and a stick of celery. Warm a little oil in a large pan and cook the vegetables slowly for about ten minutes, until they are soft but not brown. Add a tin of tomatoes, a litre of stock and a handful of red lentils. Bring it to the boil, then turn the heat down and let it simmer for twenty five minutes. Stir it now and then so that the lentils do not stick to the bottom. When the lentils are tender, blend half of the soup and stir it back in. Taste it, add salt and pepper, and serve it with warm bread. It keeps well in the fridge for three or four days.

In the news tonight, the city council has approved the plan for a new bridge across the river, after a debate that lasted almost six hours. Supporters say the bridge will cut journey times and bring more visitors to the old town. Opponents say the money would be better spent on buses and repairing the roads we already have. Work is expected to begin in the spring and could take four years. Elsewhere, the hospital has opened its new children's ward, and the local library will stay open later on Thursday evenings from next month. And finally, a swan that wandered onto the main road this morning stopped traffic for nearly an hour before a police officer guided it back to the pond.

Hello, is that you, Margaret? Yes, it's me. I was just wondering whether you still wanted to meet on Saturday. No, no, that's fine, we can make it Sunday if that is easier for you. What time were you thinking? Around two o'clock would suit me, after lunch. Shall I bring anything? Maybe some of those biscuits you made last time, everybody loved them. Oh, and did you hear about Peter? He finally sold the old car. I know, I couldn't believe it either. He said the new one is much quieter, but he keeps forgetting where the buttons are. Anyway, I had better go, the kettle is boiling. See you on Sunday then. Bye for now.

The garden is slowly waking up after the winter. The snowdrops are over, but the daffodils along the fence are just starting to open, and the apple tree has the first tiny leaves. This weekend I want to clear the old leaves from the flower beds, cut back the roses, and sow some lettuce and radishes in the raised bed by the shed. The lawn needs a first cut, but it is still too wet, so that will have to wait until next week. My neighbour gave me a bag of seed potatoes, which I will put in the big pots on the patio. Last year the slugs ate most of the beans, so this time I am going to try copper tape around the pots and see if that helps.

And they are off. It is a fast start from the home side, passing the ball quickly down the left. The winger cuts inside, looks up, and shoots, but it goes just wide of the post. The visitors look nervous in these first few minutes. Now they win a free kick in the middle of the pitch, and the captain sends it long. The defender heads it clear, and we go back the other way. That is a lovely pass through the middle, the striker is one on one with the goalkeeper, and he scores. One nil after only seven minutes. The crowd is on its feet. The manager on the touchline just nods, as if he expected nothing less.

We got the dog from the shelter three years ago, when she was about two. Nobody knew exactly what breed she was, some kind of terrier mixed with something bigger. For the first week she hid under the kitchen table and would not come out, even for food. Then one morning she walked into the bedroom, put her chin on the edge of the bed and wagged her tail, and that was that. Now she follows me everywhere. She knows the sound of the car, she knows the word walk, and she knows exactly when it is five o'clock and time for dinner. If I am late she sits by the cupboard and stares at me until I notice.

Before you start painting, take everything off the walls and fill any small holes with filler. Let it dry, then sand it smooth and wipe away the dust with a damp cloth. Cover the floor with old sheets and put masking tape along the skirting boards and around the light switches. Stir the paint well. Start with the edges, using a small brush, and then fill in the large areas with a roller, working in sections of about one metre. Do not press too hard on the roller or you will get streaks. Two thin coats are better than one thick one. Wait at least four hours between coats, and keep a window open so the room does not smell of paint for days.

So how was your first week at the new job? Honestly, it was a lot better than I expected. The people are friendly, and my manager actually explains things instead of just sending emails. The only problem is the train. It was late three days out of five, and on Wednesday it stopped outside the station for twenty minutes with no announcement at all. Could you take the bus instead? I thought about it, but it takes nearly an hour. Maybe I will cycle when the weather gets warmer. That sounds like a good idea, as long as there is somewhere to have a shower. There is, actually, in the basement. Well then, there you go, no excuses.

My knee has been giving me a bit of pain since the walk on Sunday, so I am taking it easy for a few days. The doctor said it is probably nothing serious, just a strain, and that I should rest it, put some ice on it and keep moving gently. I have been doing the stretches she showed me every morning, and it already feels a little better. I really want to be ready for the charity walk next month. It is ten miles along the canal, and last year we raised more than four hundred pounds for the hospice. If it still hurts by the end of the week I will go back and ask about seeing a physiotherapist.

The museum reopened last weekend after two years of building work, and it was worth the wait. The entrance hall is much brighter now, with a glass roof and a cafe on the ground floor. Upstairs, the old collection of clocks has a room of its own, and every hour they all chime at once, which made the children laugh. There is a new gallery about the history of the town, with old photographs of the market square, the mill and the railway station. Entry is still free, although they ask for a small donation. We spent three hours there and still did not see everything, so we will definitely go again.
EOF
}

# gpl FROM TO: lines FROM..TO of the GPL-3 text as paragraphs, one a line
# (the other half of the ordinary talk, and the babble's text)
gpl() {
  sed -n "$1,$2p" "$GPL" | awk '
    NF == 0 { if (p != "") print p; p = ""; next }
    { sub(/^ +/, ""); p = (p == "" ? $0 : p " " $0) }
    END { if (p != "") print p }' | tr -s ' '
}

# --- main ---------------------------------------------------------------
[ $# -ge 1 ] || { echo "usage: asr_corpus.sh OUTDIR [COACH]" >&2; exit 64; }
out=$1
coach=$(realpath "${2:-$here/../../build/coach}")
for tool in flite sox soxi cc; do
  command -v "$tool" >/dev/null || die "$tool is missing"
done
[ -x "$coach" ] || die "no coach at $coach (build it with scripts/build)"
GPL=/usr/share/common-licenses/GPL-3
[ -r "$GPL" ] || die "$GPL is missing (package base-files)"
JOBS=${JOBS:-2}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work="$out/work"
mkdir -p "$work/tmp"
export ESPEAK_WAV="$work/espeak_wav" JOBS TMPDIR="$work/tmp"
cc -std=c17 -O2 -Wall -Wextra -o "$ESPEAK_WAV" "$here/espeak_wav.c" -lespeak-ng

"$coach" listen --phrases >"$work/phrases.tsv"
nphr=$(wc -l <"$work/phrases.tsv")
[ "$nphr" -gt 0 ] || die "coach listen --phrases printed nothing"

# Silences for the gaps: 1.50 to 2.00 s in steps of 0.05 s; gap k is
# gap_k.wav. Utterance i is followed by gap (7 i mod 11).
for k in $(seq 0 10); do
  sox -n "${F32[@]}" "$work/gap_$k.wav" trim 0 "$(awk -v k="$k" 'BEGIN { print 1.5 + 0.05 * k }')"
done

# The voice sets: NAME and its voices.
declare -A SETS=(
  [kal16-slt]="flite:kal16 flite:slt"
  [espeak]="espeak:en-us:165 espeak:en+m3:175 espeak:en+f2:185"
  [awb-rms]="flite:awb flite:rms"
)
readonly SET_ORDER="kal16-slt espeak awb-rms"

# 1. Synthesise every phrase in every voice of every set.
: >"$work/jobs.tsv"
for set in $SET_ORDER; do
  for v in ${SETS[$set]}; do
    mkdir -p "$work/utt/${v//:/_}"
    awk -F '\t' -v v="$v" -v d="$work/utt/${v//:/_}" -v db="$SPEECH_DB" \
      '{ printf "%s\t%s/%d.wav\t%s\t%s\n", v, d, NR, db, $1 }' "$work/phrases.tsv" >>"$work/jobs.tsv"
  done
done

# 2. The ordinary talk: sentence by sentence, each paragraph in one voice,
# rotating over eight (flite's 8 kHz kal too, a telephone-like voice).
readonly TALK_VOICES=(flite:kal16 espeak:en-us:160 flite:slt espeak:en+f2:170
                      flite:awb espeak:en+m3:175 flite:rms flite:kal)
{ prose; echo; gpl 8 70; echo; gpl 73 111; } | awk 'NF' |
  awk '{ gsub(/[.!?] +/, "&\n"); n = split($0, s, "\n")
         for (i = 1; i <= n; i++) { t = s[i]; sub(/ +$/, "", t); if (t != "") print NR "\t" t } }' \
  >"$work/talk.tsv"
mkdir -p "$work/talk"
awk -F '\t' -v d="$work/talk" -v db="$SPEECH_DB" -v voices="${TALK_VOICES[*]}" '
  BEGIN { nv = split(voices, V, " ") }
  { # a paragraph level from -22 to -18 dBFS: people do not all speak alike
    printf "%s\t%s/%d.wav\t%d\t%s\n", V[($1 - 1) % nv + 1], d, NR, db + ($1 * 3) % 5 - 2, $2 }' \
  "$work/talk.tsv" >>"$work/jobs.tsv"

# 3. The babble's five talkers, each reading a different part of the GPL's
# terms as one long stream.
readonly BABBLE_VOICES=(flite:awb espeak:en-us:170 flite:rms espeak:en+f3:175 flite:slt)
readonly BABBLE_LINES=("154 207" "208 342" "343 434" "435 539" "540 620")
mkdir -p "$work/babble"
for i in "${!BABBLE_VOICES[@]}"; do
  # shellcheck disable=SC2086  # two numbers
  printf '%s\t%s\t%s\t%s\n' "${BABBLE_VOICES[$i]}" "$work/babble/talker$i.wav" "$SPEECH_DB" \
    "$(gpl ${BABBLE_LINES[$i]} | tr '\n' ' ')" >>"$work/jobs.tsv"
done

# The TV's two presenters, by turns, each paragraph of the Apache licence's
# first part in one of them (voices no other set or talker uses).
readonly TV_VOICES=(espeak:en-gb-x-gbclan:170 espeak:en-gb-x-gbcwmd+f3:165)
mkdir -p "$work/tv"
sed -n 1,120p /usr/share/common-licenses/Apache-2.0 | awk '
    NF == 0 { if (p != "") print p; p = ""; next }
    { sub(/^ +/, ""); p = (p == "" ? $0 : p " " $0) }
    END { if (p != "") print p }' | tr -s ' ' | awk 'length($0) > 40' |
  awk -v d="$work/tv" -v db="$SPEECH_DB" -v v0="${TV_VOICES[0]}" -v v1="${TV_VOICES[1]}" \
    '{ printf "%s\t%s/%03d.wav\t%s\t%s\n", (NR % 2 ? v0 : v1), d, NR, db, $0 }' >>"$work/jobs.tsv"

echo "asr_corpus: synthesising $(wc -l <"$work/jobs.tsv") utterances and sentences ($JOBS at a time)"
run_jobs "$work/jobs.tsv"

# mix OUT IN...: OUT (16-bit) is the sum of the INs (float); warns on clipping
mix() {
  local o=$1 args=() f
  shift
  for f in "$@"; do args+=(-v 1 "$f"); done
  if ! sox -D -m "${args[@]}" -b 16 "$o" 2>"$work/mix.err"; then
    cat "$work/mix.err" >&2
    die "mixing $o failed"
  fi
  if grep -q clip "$work/mix.err"; then
    echo "asr_corpus: note: $(basename "$o"): $(grep -o 'clipped [0-9]* samples' "$work/mix.err" | head -1)"
  fi
}

# noise KIND SECONDS DB OUT: seeded KIND noise (pinknoise, brownnoise) at
# DB dBFS RMS. OFFSET (seconds) skips the start of the seeded sequence, so
# that two noises of the same kind are not the same noise.
noise() {
  local kind=$1 secs=$2 db=$3 o=$4 skip=${5:-0}
  sox -R -n "${F32[@]}" "$work/noise.tmp.wav" synth "$(awk -v a="$secs" -v b="$skip" 'BEGIN { print a + b }')" "$kind" \
    trim "$skip"
  set_level "$work/noise.tmp.wav" "$o" "$db"
  rm -f "$work/noise.tmp.wav"
}

# 4. Each voice set's speech track: its utterances in a fixed shuffled
# order, 2.0 s of lead-in, then utterance, gap, utterance... and its
# manifest lines.
mapfile -t PHRASES <"$work/phrases.tsv"
longest=0
for set in $SET_ORDER; do
  # the items "VOICE<TAB>PHRASE_NUMBER", shuffled by a small fixed generator
  for v in ${SETS[$set]}; do
    seq 1 "$nphr" | sed "s/^/${v}\t/"
  done | awk -F '\t' 'BEGIN { x = 4242 } { x = (x * 171) % 30269; print x "\t" $0 }' |
    sort -n -k1,1 | cut -f 2- >"$work/$set.order"
  parts=("$work/gap_10.wav")
  pos=$(soxi -s "$work/gap_10.wav")
  active=()
  : >"$work/$set.body"
  : >"$out/$set.voices"
  i=0
  while IFS=$'\t' read -r v line; do
    f="$work/utt/${v//:/_}/$line.wav"
    n=$(soxi -s "$f")
    gap="$work/gap_$(((i * 7) % 11)).wav"
    IFS=$'\t' read -r said cmd val <<<"${PHRASES[$((line - 1))]}"
    awk -v s="$pos" -v n="$n" -v r="$RATE" -v c="$cmd" -v val="$val" -v t="$said" \
      'BEGIN { printf "%.3f %.3f %s %s %s\n", s / r, (s + n) / r, c, val, t }' >>"$work/$set.body"
    tag=${v#*:}
    echo "${tag%%:*}" >>"$out/$set.voices"
    parts+=("$f" "$gap")
    active+=("$f")
    pos=$((pos + n + $(soxi -s "$gap")))
    i=$((i + 1))
  done <"$work/$set.order"
  sox "${parts[@]}" "${F32[@]}" "$work/$set.speech.wav"
  sox "${active[@]}" "${F32[@]}" "$work/$set.active.wav"   # the speech alone
  longest=$(awk -v a="$longest" -v b="$(soxi -D "$work/$set.speech.wav")" 'BEGIN { print (a > b ? a : b) }')
done

# 5. The babble: the five talkers, each looped and offset against the
# others, summed; as long as the longest set, trimmed to each.
talkers=()
for i in "${!BABBLE_VOICES[@]}"; do
  t="$work/babble/talker$i.wav"
  len=$(soxi -D "$t")
  off=$(awk -v i="$i" -v l="$len" 'BEGIN { printf "%.2f", (i * 0.37 % 1) * l }')
  reps=$(awk -v l="$len" -v o="$off" -v s="$longest" 'BEGIN { printf "%d", (s + o) / l + 1 }')
  sox "$t" "${F32[@]}" "$work/babble/loop$i.wav" repeat "$reps" trim "$off" "$longest"
  talkers+=(-v 0.2 "$work/babble/loop$i.wav")   # scaled: float clips at 1 too
done
sox -m "${talkers[@]}" "${F32[@]}" "$work/babble/all.wav"

# 5b. The TV: the presenters' paragraphs with 0.3 s between them, looped
# to the longest set, over the music bed 8 dB under them, through a TV's
# loudspeaker (150 Hz to 7 kHz) and a little of the room's reverberation.
sox -n "${F32[@]}" "$work/tv/pause.wav" trim 0 0.3
tvparts=()
for f in "$work/tv/"[0-9]*.wav; do tvparts+=("$f" "$work/tv/pause.wav"); done
sox "${tvparts[@]}" "${F32[@]}" "$work/tv/talk.wav"
python3 "$here/tv_music.py" "$work/tv/music.wav" "$RATE" || die "tv_music.py failed"
loop_to() { # loop_to IN OUT: IN repeated to the longest set's length
  sox "$1" "${F32[@]}" "$2" repeat "$(awk -v l="$(soxi -D "$1")" -v s="$longest" 'BEGIN { printf "%d", s / l + 1 }')" trim 0 "$longest"
}
loop_to "$work/tv/talk.wav" "$work/tv/talk-loop.wav"
loop_to "$work/tv/music.wav" "$work/tv/music-loop.wav"
set_level "$work/tv/talk-loop.wav" "$work/tv/talk-l.wav" -20
set_level "$work/tv/music-loop.wav" "$work/tv/music-l.wav" -28
sox -m "$work/tv/talk-l.wav" "$work/tv/music-l.wav" "${F32[@]}" "$work/tv/all.wav" sinc 150-7000 reverb 20 50 60

# 6. Every condition of every set: speech + floor (+ noise at its SNR).
for set in $SET_ORDER; do
  act_db=$(rms_db "$work/$set.active.wav")
  secs=$(soxi -D "$work/$set.speech.wav")
  noise pinknoise "$secs" "$FLOOR_DB" "$work/$set.floor.wav" 13.7
  sox "$work/babble/all.wav" "${F32[@]}" "$work/$set.babble.wav" trim 0 "$secs"
  sox "$work/tv/all.wav" "${F32[@]}" "$work/$set.tv.wav" trim 0 "$secs"
  for cond in $CONDITIONS; do
    kind=${cond%%[0-9]*}
    snr=${cond#"$kind"}
    inputs=("$work/$set.speech.wav" "$work/$set.floor.wav")
    ndb=
    if [ "$kind" != clean ]; then
      ndb=$(awk -v a="$act_db" -v s="$snr" 'BEGIN { printf "%.2f", a - s }')
      case $kind in
        pink | brown) noise "${kind}noise" "$secs" "$ndb" "$work/$set.noise.wav" ;;
        babble | tv) set_level "$work/$set.$kind.wav" "$work/$set.noise.wav" "$ndb" ;;
      esac
      inputs+=("$work/$set.noise.wav")
    fi
    mix "$out/$set.$cond.wav" "${inputs[@]}"
    {
      echo "# set $set"
      echo "# condition $cond"
      echo "# voices ${SETS[$set]}"
      echo "# speech_dbfs $SPEECH_DB speech_active_dbfs $act_db floor_dbfs $FLOOR_DB"
      [ -z "$ndb" ] || echo "# noise $kind snr_db $snr noise_dbfs $ndb"
      echo "# duration $(soxi -D "$out/$set.$cond.wav")"
      cat "$work/$set.body"
    } >"$out/$set.$cond.txt"
  done
  echo "asr_corpus: $set: $(wc -l <"$out/$set.voices") utterances, $(printf '%.0f' "$secs") s per condition"
done

# 7. The ordinary talk: sentences with pauses (0.40 to 0.80 s; 1.20 to 1.60 s
# between paragraphs) over the noise floor.
for k in $(seq 0 8); do
  sox -n "${F32[@]}" "$work/pause_$k.wav" trim 0 "$(awk -v k="$k" 'BEGIN { print 0.4 + 0.05 * k }')"
  sox -n "${F32[@]}" "$work/ppause_$k.wav" trim 0 "$(awk -v k="$k" 'BEGIN { print 1.2 + 0.05 * k }')"
done
parts=("$work/gap_10.wav")
pos=$(soxi -s "$work/gap_10.wav")
prev=1
i=0
: >"$work/talk.said"
while IFS=$'\t' read -r para text; do
  i=$((i + 1))
  f="$work/talk/$i.wav"
  if [ "$para" != "$prev" ]; then
    p="$work/ppause_$(((i * 5) % 9)).wav"
    parts+=("$p"); pos=$((pos + $(soxi -s "$p")))
    prev=$para
  fi
  n=$(soxi -s "$f")
  v=${TALK_VOICES[$(((para - 1) % ${#TALK_VOICES[@]}))]}
  awk -v s="$pos" -v n="$n" -v r="$RATE" -v v="$v" -v t="$text" \
    'BEGIN { printf "# said %.3f %.3f %s %s\n", s / r, (s + n) / r, v, t }' >>"$work/talk.said"
  p="$work/pause_$(((i * 5) % 9)).wav"
  parts+=("$f" "$p")
  pos=$((pos + n + $(soxi -s "$p")))
done <"$work/talk.tsv"
parts+=("$work/gap_10.wav")
sox "${parts[@]}" "${F32[@]}" "$work/talk.speech.wav"
secs=$(soxi -D "$work/talk.speech.wav")
noise pinknoise "$secs" "$FLOOR_DB" "$work/talk.floor.wav" 29.3
mix "$out/ordinary.clean.wav" "$work/talk.speech.wav" "$work/talk.floor.wav"
{
  echo "# set ordinary"
  echo "# condition clean"
  echo "# voices ${TALK_VOICES[*]}"
  echo "# floor_dbfs $FLOOR_DB"
  echo "# duration $(soxi -D "$out/ordinary.clean.wav")"
  cat "$work/talk.said"
} >"$out/ordinary.clean.txt"
echo "asr_corpus: ordinary talk: $i sentences, $(printf '%.0f' "$secs") s"

rm -rf "$work"
corpus_id "$coach" >"$out/corpus.id"
