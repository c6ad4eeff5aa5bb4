#!/usr/bin/env bash
# Regenerate the audio fixtures under tests/fixtures/audio (committed; the
# tests do not need sox or ffmpeg). Every good fixture is a 1-second sweep
# from 300 Hz to 3 kHz at -6 dBFS, so tests can compare them with one another.
# Needs: sox, ffmpeg, vorbis-tools.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/tests/fixtures/audio"
mkdir -p "$out"
cd "$out"
rm -f ./*.wav ./*.flac ./*.ogg ./*.mp3 ./*.m4a ./*.bin
master=/tmp/sv_fix_master.wav
sox -n -r 48000 -c 1 -b 24 "$master" synth 1.0 sine 300-3000 vol 0.5
# sweep RATE CHANNELS [sox output options] FILE: the master sweep, converted.
sweep() { sox -D "$master" -r "$1" -c "$2" "${@:3}"; }

# Good files: every format, a spread of rates and channel layouts.
sweep 8000 1 -b 16 wav_8k_mono_s16.wav
sweep 44100 2 -b 24 wav_44k_stereo_s24.wav
sweep 96000 6 -b 32 -e floating-point wav_96k_6ch_f32.wav
sweep 192000 1 -b 16 wav_192k_mono_s16.wav
sweep 48000 2 -b 16 flac_48k_stereo.flac
sweep 22050 8 -b 16 flac_22k_8ch.flac
sweep 22050 1 -b 16 /tmp/sv_fix_22k.wav && oggenc -Q -q 2 -o ogg_22k_mono.ogg /tmp/sv_fix_22k.wav
sweep 44100 2 -b 16 /tmp/sv_fix_44k.wav && oggenc -Q -q 2 -o ogg_44k_stereo.ogg /tmp/sv_fix_44k.wav
ffmpeg -v error -y -i /tmp/sv_fix_44k.wav -c:a libmp3lame -b:a 64k mp3_44k_stereo.mp3
ffmpeg -v error -y -i /tmp/sv_fix_22k.wav -ar 16000 -c:a libmp3lame -b:a 32k mp3_16k_mono.mp3
ffmpeg -v error -y -i /tmp/sv_fix_44k.wav -c:a aac -b:a 64k m4a_44k_stereo.m4a

# Broken files: each must give its own clear error.
: > bad_empty.wav
head -c 2000 ogg_44k_stereo.ogg > bad_truncated.ogg
head -c 30000 wav_44k_stereo_s24.wav > bad_truncated.wav
head -c 3000 flac_48k_stereo.flac > bad_truncated.flac
head -c 8192 /dev/urandom > bad_random.ogg
python3 - <<'PY'
import struct
# A WAV header whose data chunk claims 2 GB but holds 100 samples.
fmt = struct.pack('<HHIIHH', 1, 1, 16000, 32000, 2, 16)
data = b'\x10\x00' * 100
wav = b'RIFF' + struct.pack('<I', 0x7FFFFFF0) + b'WAVE' + b'fmt ' + struct.pack('<I', 16) + fmt
wav += b'data' + struct.pack('<I', 0x7FFFFFE0) + data
open('bad_huge_header.wav', 'wb').write(wav)
PY
ffmpeg -v error -y -i /tmp/sv_fix_22k.wav -c:a libopus -b:a 16k bad_opus_codec.ogg
ffmpeg -v error -y -i /tmp/sv_fix_22k.wav -c:a adpcm_ima_wav bad_adpcm_codec.wav
rm -f /tmp/sv_fix_22k.wav /tmp/sv_fix_44k.wav "$master"
ls -l "$out"
