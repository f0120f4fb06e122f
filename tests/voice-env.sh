# voice-env.sh: sourced by the voice tests. voice_track OUT TAIL PHRASE END
# [PHRASE END ...] writes OUT, a 16 kHz microphone track in which flite's
# kal16 voice (or $VOICE) says each PHRASE so that its speech ends at END seconds (its
# own leading and trailing silence cut), followed by TAIL seconds, all over
# a pink-noise floor (digital silence is not what a microphone hears; the
# noise is seeded, so the track is the same every time). Works in the
# current folder; needs flite, sox and bc.
voice_track() {
  local out=$1 tail=$2 at=0 i=0 parts=()
  shift 2
  while [ $# -ge 2 ]; do
    flite -voice "${VOICE:-kal16}" -t "$1" -o vt-raw.wav &&
      sox vt-raw.wav -r 16000 "vt-$i.wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse ||
      return 1
    local gap
    gap=$(echo "$2 - $at - $(soxi -D "vt-$i.wav")" | bc -l)
    sox -n -r 16000 -c 1 "vt-gap-$i.wav" trim 0 "$gap" || return 1
    parts+=("vt-gap-$i.wav" "vt-$i.wav")
    at=$2 i=$((i + 1))
    shift 2
  done
  sox -n -r 16000 -c 1 vt-tail.wav trim 0 "$tail" &&
    sox "${parts[@]}" vt-tail.wav vt-speech.wav &&
    sox -R -n -r 16000 -c 1 vt-floor.wav synth "$(soxi -D vt-speech.wav)" pinknoise vol 0.01 &&
    sox -R -m vt-speech.wav vt-floor.wav "$out"
}
