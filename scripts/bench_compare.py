#!/usr/bin/env python3
"""Side-by-side benchmarks, alternating runs into the same ALSA file sink.

1. `safevoice play en q_hurt` vs `aplay` (the clip as WAV) vs `ffmpeg -f alsa`
   (the clip as it is), each writing through alsa-lib into a WAV file, and the
   same for a 9.9 s clip (safevoice and aplay), and the same WAV file for
   both: a 48 kHz recording imported with `safevoice import` into a copy of
   the English catalog, played by `safevoice play` and by `aplay`;
2. the fixed costs: process start (`--version`) and start plus loading one
   language (`list en`), with `aplay --version` for reference;
3. `safevoice check --decode` over the whole catalog vs a loop of
   `ffmpeg -v error -i F -f null -` over the same files.

4. `safevoice check` (catalog load and validation, no decoding): the CPU
   time (user + system) of the whole process, median (goal: 30 ms).

Prepared clips are cached on disk (in a temporary SAFEVOICE_CACHE_DIR here),
so `play` medians are of warm runs; the first, cold run is printed too.

Prints medians and ratios. Needs: aplay (alsa-utils), ffmpeg, sox; builds
the release binary first (fat LTO, about 22 minutes from scratch on 2
cores), or, with SAFEVOICE_PROFILE=quick-release, the binary of that
profile without the window (minutes; figures are then of that build).
Usage: scripts/bench_compare.py [RUNS] [--play-only]  (--play-only skips 3.,
which takes minutes)
"""
import glob
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROFILE = os.environ.get("SAFEVOICE_PROFILE", "release")
BIN = os.path.join(ROOT, "target", PROFILE, "safevoice")
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
PLAY_ONLY = "--play-only" in sys.argv[1:]
RUNS = int(ARGS[0]) if ARGS else 15


def timed(cmd, env):
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def alternate(commands, env, runs):
    times = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(timed(cmd, env))
    return {name: statistics.median(t) for name, t in times.items()}


def cpu_time(cmd, env):
    """User + system CPU seconds of one run of `cmd` (and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    # Always: `cargo bench` writes its own build (other LTO settings) to the
    # same target/release, and this is a no-op when the release build is fresh.
    if PROFILE == "release":
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    else:
        subprocess.run(["cargo", "build", "--profile", PROFILE, "--no-default-features", "--bin", "safevoice", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        conf = os.path.join(tmp, "asound.conf")
        with open(conf, "w") as f:
            f.write(
                'pcm.!default {\n type plug\n slave { pcm "sink" format S16_LE rate 48000 channels 2 }\n}\n'
                'pcm.sink {\n type file\n slave.pcm { type null }\n file "%s/out.wav"\n format "wav"\n}\n' % tmp
            )
        env = dict(os.environ, ALSA_CONFIG_PATH=conf, SAFEVOICE_CACHE_DIR=os.path.join(tmp, "cache"))
        fear = os.path.join(ROOT, "messages", "en", "audio", "do_not_fear.ogg")
        fear_wav = os.path.join(tmp, "do_not_fear.wav")
        subprocess.run(["sox", fear, fear_wav], check=True)
        cold = timed([BIN, "play", "en", "do_not_fear"], env)
        fear_play = alternate(
            {
                "safevoice play do_not_fear": [BIN, "play", "en", "do_not_fear"],
                "aplay (WAV) do_not_fear": ["aplay", "-q", fear_wav],
            },
            env,
            RUNS,
        )
        check_cpu = statistics.median(cpu_time([BIN, "check"], env) for _ in range(RUNS))
        clip = os.path.join(ROOT, "messages", "en", "audio", "q_hurt.ogg")
        wav = os.path.join(tmp, "q_hurt.wav")
        subprocess.run(["sox", clip, wav], check=True)
        play = alternate(
            {
                "safevoice play": [BIN, "play", "en", "q_hurt"],
                "aplay (WAV)": ["aplay", "-q", wav],
                "ffmpeg -f alsa": ["ffmpeg", "-v", "error", "-nostdin", "-i", clip, "-f", "alsa", "default"],
            },
            env,
            RUNS,
        )
        # A long clip: the time should not grow much with the length.
        long_clip = os.path.join(ROOT, "messages", "en", "audio", "not_punished.ogg")
        long_wav = os.path.join(tmp, "not_punished.wav")
        subprocess.run(["sox", long_clip, long_wav], check=True)
        long_play = alternate(
            {
                "safevoice play (11.5 s)": [BIN, "play", "en", "not_punished"],
                "aplay (WAV, 9.9 s)": ["aplay", "-q", long_wav],
            },
            env,
            RUNS,
        )
        # The same WAV file for both: what a recording imported by a native
        # speaker becomes (mono, 48 kHz, 16-bit), played from a catalog copy.
        msgs = os.path.join(tmp, "messages")
        os.makedirs(msgs)
        shutil.copy(os.path.join(ROOT, "messages", "catalog.toml"), msgs)
        for sub in ("profiles", "en"):
            shutil.copytree(os.path.join(ROOT, "messages", sub), os.path.join(msgs, sub))
        take = os.path.join(tmp, "q_hurt_48k.wav")
        subprocess.run(["sox", clip, "-r", "48000", "-c", "2", "-b", "16", take], check=True)
        subprocess.run([BIN, "--messages", msgs, "import", "en", "q_hurt", take], check=True, stdout=subprocess.DEVNULL)
        imported = os.path.join(msgs, "en", "audio", "q_hurt.rec.wav")
        same_wav = alternate(
            {
                "safevoice play (WAV)": [BIN, "--messages", msgs, "play", "en", "q_hurt"],
                "aplay (same WAV)": ["aplay", "-q", imported],
            },
            env,
            RUNS,
        )
        # Fixed costs: what part of `play` is process start and catalog load.
        fixed = alternate(
            {
                "safevoice --version": [BIN, "--version"],
                "safevoice list en": [BIN, "list", "en"],
                "aplay --version": ["aplay", "--version"],
            },
            env,
            RUNS,
        )
        files = sorted(glob.glob(os.path.join(ROOT, "messages", "*", "audio", "*.*")))
        decode = {}
        if not PLAY_ONLY:
            loop = os.path.join(tmp, "ffmpeg_loop.sh")
            with open(loop, "w") as f:
                f.write("#!/bin/sh\nfor f in \"$@\"; do ffmpeg -v error -nostdin -i \"$f\" -f null - || exit 1; done\n")
            os.chmod(loop, 0o755)
            decode = alternate(
                {
                    "safevoice check --decode": [BIN, "check", "--decode"],
                    "ffmpeg loop": [loop, *files],
                },
                env,
                max(3, RUNS // 5),
            )
    print(f"Medians over {RUNS} alternating runs (play) and {max(3, RUNS // 5)} (decode), into the ALSA file sink:")
    for name, t in {**fear_play, **play, **long_play, **same_wav, **fixed, **decode}.items():
        print(f"  {name:<28} {t * 1000:9.1f} ms")
    print(f"  safevoice play do_not_fear, first (cold cache) run: {cold * 1000:.1f} ms")
    print(f"  safevoice check, CPU (user + system), median: {check_cpu * 1000:.1f} ms  (goal <= 30)")
    print(f"  play / aplay, do_not_fear = {fear_play['safevoice play do_not_fear'] / fear_play['aplay (WAV) do_not_fear']:.2f}  (goal <= 2)")
    sv = play["safevoice play"]
    print(f"  play / aplay  = {sv / play['aplay (WAV)']:.2f}  (goal <= 1)")
    print(f"  play / ffmpeg = {sv / play['ffmpeg -f alsa']:.2f}  (goal <= 0.33)")
    print(f"  play / aplay, 9.9 s clip = {long_play['safevoice play (9.9 s)'] / long_play['aplay (WAV, 9.9 s)']:.2f}")
    print(f"  play / aplay, same WAV file = {same_wav['safevoice play (WAV)'] / same_wav['aplay (same WAV)']:.2f}")
    if decode:
        print(f"  check --decode / ffmpeg loop = {decode['safevoice check --decode'] / decode['ffmpeg loop']:.3f}  (goal <= 0.25, {len(files)} files)")


if __name__ == "__main__":
    main()
