#!/usr/bin/env bash
# Regenerates speech_8k.wav: three phrases from Festival's ked diphone voice (built from recordings of a real
# speaker), separated by inserted silences of known length, band-limited to the telephone band and resampled to
# 8 kHz with sox, plus a low white-noise floor. Needs: festival, festvox-kdlpc16k, sox.
set -euo pipefail
cd "$(dirname "$0")"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
i=0
for text in "The quick brown fox jumps over the lazy dog." "Please call me back after lunch." "Seven, eight, nine."; do
  echo "$text" > "$tmp/p$i.txt"
  text2wave -eval "(voice_ked_diphone)" -F 16000 -scale 0.7 -otype riff -o "$tmp/p$i.wav" "$tmp/p$i.txt"
  i=$((i + 1))
done
sox -n -r 16000 -c 1 -b 16 "$tmp/lead.wav" trim 0 0.6
sox -n -r 16000 -c 1 -b 16 "$tmp/gap1.wav" trim 0 1.2
sox -n -r 16000 -c 1 -b 16 "$tmp/gap2.wav" trim 0 1.0
sox -n -r 16000 -c 1 -b 16 "$tmp/tail.wav" trim 0 0.8
sox "$tmp/lead.wav" "$tmp/p0.wav" "$tmp/gap1.wav" "$tmp/p1.wav" "$tmp/gap2.wav" "$tmp/p2.wav" "$tmp/tail.wav" "$tmp/all.wav"
sox -R -n -r 16000 -c 1 -b 16 "$tmp/noise.wav" synth "$(soxi -D "$tmp/all.wav")" whitenoise vol 0.003
sox -R -m "$tmp/all.wav" "$tmp/noise.wav" -r 8000 -b 16 speech_8k.wav sinc 300-3400 rate -v 8000
for f in "$tmp"/p?.wav; do echo "$(basename "$f") $(soxi -D "$f")"; done
soxi -D speech_8k.wav
