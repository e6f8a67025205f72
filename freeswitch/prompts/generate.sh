#!/usr/bin/env bash
# ivrpay: regenerates freeswitch/sounds/ivrpay/<lang>/<name>.wav from prompts/<lang>.txt (espeak-ng + sox); recorded prompts win.
#
# Usage: bash freeswitch/prompts/generate.sh      (or: npm run prompts)
# Needs: espeak-ng, sox (Debian: apt-get install espeak-ng sox).
# Recorded prompts: drop <name>.wav (any rate/channels/bit depth sox reads) into
#   freeswitch/prompts/recorded/<lang>/ and run this again: that file is converted instead of
#   the synthesized one. Output: 8 kHz, mono, 16-bit PCM WAV (the conference room's rate),
#   silence trimmed, peak-normalized to -6 dBFS, 0.1 s before and 0.3 s after. No dither, so
#   the same text gives the same bytes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${IVRPAY_PROMPTS_OUT:-$here/../sounds/ivrpay}
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "generate.sh: $tool not found (apt-get install espeak-ng sox)" >&2; exit 2; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

voice_of() { case $1 in ja) echo ja ;; en) echo en-us ;; *) echo "$1" ;; esac; }
speed_of() { case $1 in ja) echo 150 ;; *) echo 155 ;; esac; }

count=0
for texts in "$here"/*.txt; do
  lang=$(basename "$texts" .txt)
  mkdir -p "$out/$lang"
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in '' | '#'*) continue ;; esac
    name=${line%%:*}
    text=${line#*:}
    text=${text# }
    [[ $name =~ ^[a-z0-9-]+$ && -n $text ]] || { echo "generate.sh: $texts: bad line: $line" >&2; exit 1; }
    src=$here/recorded/$lang/$name.wav
    how=recorded
    if [ ! -f "$src" ]; then
      src=$tmp/$lang-$name.wav
      how=espeak-ng
      espeak-ng -v "$(voice_of "$lang")" -s "$(speed_of "$lang")" -w "$src" -- "$text"
    fi
    pad="0.1 0.3"
    case $name in num-*) pad="0 0.04" ;; esac # number words are read back to back
    sox "$src" -D -r 8000 -c 1 -b 16 -e signed-integer "$out/$lang/$name.wav" \
      silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse norm -6 pad $pad
    printf '%-4s %-20s %-9s %ss\n' "$lang" "$name" "$how" "$(soxi -D "$out/$lang/$name.wav")"
    count=$((count + 1))
  done <"$texts"
done
# the masking sound for three-way calls: pink noise + all eight DTMF frequencies, 30 s (looped by the server);
# -R makes sox's noise repeatable, so the file is byte-identical on every run
sox -R -n -r 8000 -c 1 -b 16 -e signed-integer "$out/mask.wav" \
  synth 30 pinknoise synth 30 sine mix 697 synth 30 sine mix 770 synth 30 sine mix 852 synth 30 sine mix 941 \
  synth 30 sine mix 1209 synth 30 sine mix 1336 synth 30 sine mix 1477 synth 30 sine mix 1633 norm -3
printf '%-4s %-20s %-9s %ss\n' '*' mask sox "$(soxi -D "$out/mask.wav")"
echo "generate.sh: $count prompts and the masking sound in $out"
