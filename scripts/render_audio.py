#!/usr/bin/env python3
"""Render the synthetic clips of every language that has an espeak-ng voice.

For each message (and each gender variant) whose clip is missing or was made
from a different text or voice, this script:
  1. renders the text with espeak-ng, with the voice from language.toml,
     slightly slower than default for clarity (a female variant for text_f);
  2. trims leading and trailing silence and resamples to 16 kHz mono (sox);
  3. encodes Ogg Vorbis (oggenc), which the app decodes with symphonia;
  4. writes the clip's provenance (engine and version, voice, text hash) into
     <code>/audio.toml.
Recorded clips (source = "recorded") are never touched. Running it again when
nothing changed changes nothing.

Needs: espeak-ng, sox, vorbis-tools (oggenc). Usage:
    scripts/render_audio.py [--messages DIR] [CODE ...]
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

RATE_WPM = 145          # espeak-ng default is 175: a little slower for clarity
FEMALE_VARIANT = "+f3"
SAMPLE_RATE = 16000
VORBIS_QUALITY = "-1"   # ~2.5 kB/s for speech at 16 kHz mono: keeps messages/ small


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def engine_version() -> str:
    out = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=True).stdout
    # "eSpeak NG text-to-speech: 1.51  Data at: ..."
    version = out.split(":")[1].split()[0] if ":" in out else "unknown"
    return f"espeak-ng {version}"


def toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


SENTENCE_ENDS = "။၊.?!؟।۔"


def speak(text: str, voice: str, wav: Path, tmp: Path) -> None:
    """espeak-ng `text` into `wav`. espeak-ng 1.51 overflows a buffer on some
    long inputs (seen with Burmese): on failure, speak the text in pieces,
    sentence by sentence, then word groups, and join them."""
    txt = tmp / f"{wav.stem}.txt"
    txt.write_text(text, encoding="utf-8")
    run = subprocess.run(["espeak-ng", "-v", voice, "-s", str(RATE_WPM), "-f", str(txt), "-w", str(wav)],
                         capture_output=True)
    if run.returncode == 0:
        return
    pieces, current = [], ""
    for ch in text:
        current += ch
        if ch in SENTENCE_ENDS:
            pieces.append(current.strip())
            current = ""
    if current.strip():
        pieces.append(current.strip())
    pieces = [p for p in pieces if p]
    if len(pieces) < 2:
        words = text.split()
        if len(words) < 2:
            raise subprocess.CalledProcessError(run.returncode, "espeak-ng", run.stdout, run.stderr)
        half = len(words) // 2
        pieces = [" ".join(words[:half]), " ".join(words[half:])]
    parts = []
    for i, piece in enumerate(pieces):
        part = tmp / f"{wav.stem}.{i}.wav"
        speak(piece, voice, part, tmp)
        parts.append(str(part))
    subprocess.run(["sox", *parts, str(wav)], check=True, capture_output=True)


def render(text: str, voice: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        trimmed = Path(tmp) / "trimmed.wav"
        speak(text, voice, raw, Path(tmp))
        subprocess.run(["sox", str(raw), "-c", "1", str(trimmed), "rate", str(SAMPLE_RATE),
                        "silence", "1", "0.02", "0.3%", "reverse", "silence", "1", "0.02", "0.3%", "reverse"],
                       check=True, capture_output=True)
        tmp_out = out.with_suffix(".ogg.tmp")
        subprocess.run(["oggenc", "-Q", "-q", VORBIS_QUALITY, "-o", str(tmp_out), str(trimmed)],
                       check=True, capture_output=True)
        os.replace(tmp_out, out)


def clip_toml(clip: dict) -> str:
    lines = ["[[clip]]"]
    for key in ("message", "gender", "file", "source", "engine", "voice", "speaker", "recorded_on", "text_sha256"):
        if clip.get(key) is not None:
            lines.append(f"{key} = {toml_str(clip[key])}")
    return "\n".join(lines)


def process_language(root: Path, code: str, ids: list, engine: str) -> str:
    lang_dir = root / code
    meta = tomllib.loads((lang_dir / "language.toml").read_text(encoding="utf-8"))
    voice = meta.get("voice")
    if not voice:
        return f"{code}: no voice, text only"
    texts = tomllib.loads((lang_dir / "texts.toml").read_text(encoding="utf-8"))
    audio_path = lang_dir / "audio.toml"
    old = tomllib.loads(audio_path.read_text(encoding="utf-8")).get("clip", []) if audio_path.exists() else []
    existing = {(c["message"], c.get("gender")): c for c in old}
    (lang_dir / "audio").mkdir(exist_ok=True)

    clips, rendered = [], 0
    for mid in ids:
        entry = texts.get(mid)
        if entry is None:
            continue
        if "text_f" in entry and "text_m" in entry:
            variants = [("f", entry["text_f"], voice + FEMALE_VARIANT), ("m", entry["text_m"], voice)]
        else:
            variants = [(None, entry["text"], voice)]
        for gender, text, variant_voice in variants:
            current = existing.get((mid, gender))
            if current and current.get("source") == "recorded":
                clips.append(current)
                continue
            name = f"audio/{mid}.{gender}.ogg" if gender else f"audio/{mid}.ogg"
            wanted = {
                "message": mid, "gender": gender, "file": name, "source": "synthetic",
                "engine": engine, "voice": variant_voice, "text_sha256": sha256(text),
            }
            fresh = (current and current.get("text_sha256") == wanted["text_sha256"]
                     and current.get("voice") == variant_voice and (lang_dir / current["file"]).is_file())
            if fresh:
                clips.append(current)
                continue
            render(text, variant_voice, lang_dir / name)
            rendered += 1
            clips.append(wanted)
    # Keep recorded clips of messages the loop did not reach.
    covered = {(c["message"], c.get("gender")) for c in clips}
    clips += [c for c in old if c.get("source") == "recorded" and (c["message"], c.get("gender")) not in covered]
    body = (f"# Clips of {meta['name']}. Synthetic clips are written by scripts/render_audio.py;\n"
            "# recorded clips by the app's recorder. See messages/README.md.\n\n"
            + "\n\n".join(clip_toml(c) for c in clips) + "\n")
    if not audio_path.exists() or audio_path.read_text(encoding="utf-8") != body:
        tmp = audio_path.with_suffix(".toml.tmp")
        tmp.write_text(body, encoding="utf-8")
        os.replace(tmp, audio_path)
    # Remove synthetic files no clip points to any more.
    used = {c["file"] for c in clips}
    for f in sorted((lang_dir / "audio").glob("*.ogg")):
        rel = f"audio/{f.name}"
        if rel not in used and not any(c["file"] == rel and c.get("source") == "recorded" for c in old):
            f.unlink()
    return f"{code}: {len(clips)} clips, {rendered} rendered"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", default=str(Path(__file__).resolve().parent.parent / "messages"))
    parser.add_argument("codes", nargs="*")
    args = parser.parse_args()
    root = Path(args.messages)
    catalog = tomllib.loads((root / "catalog.toml").read_text(encoding="utf-8"))
    ids = [m["id"] for m in sorted(catalog["message"], key=lambda m: m["order"])]
    codes = args.codes or sorted(p.name for p in root.iterdir() if (p / "language.toml").is_file())
    engine = engine_version()
    failed = False
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for code, result in zip(codes, pool.map(lambda c: _safe(process_language, root, c, ids, engine), codes)):
            print(result)
            failed |= result.startswith(f"{code}: ERROR")
    return 1 if failed else 0


def _safe(fn, root, code, ids, engine):
    try:
        return fn(root, code, ids, engine)
    except (subprocess.CalledProcessError, OSError, tomllib.TOMLDecodeError, KeyError) as err:
        detail = err.stderr.decode(errors="replace").strip() if isinstance(err, subprocess.CalledProcessError) and err.stderr else str(err)
        return f"{code}: ERROR {detail}"


if __name__ == "__main__":
    sys.exit(main())
