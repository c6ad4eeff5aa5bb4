#!/usr/bin/env python3
"""Idle cost of the window: CPU used by the real app over a quiet interval.

Starts the binary in a real window (run it under Xvfb: software rendering
with llvmpipe/lavapipe, as on virtual desktops), waits for it to settle,
then reads the process's CPU time (all threads, /proc/<pid>/stat) over
SECONDS seconds with nothing happening, on three screens: the language
finder, a language's board, and the person view (F11, sent with xdotool).

Usage (from the repository):
    xvfb-run -a -s "-screen 0 1280x1024x24" scripts/bench_idle.py [--binary PATH] [--seconds 30]
Needs: xdotool (for the person view).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 of stat; after the ")" they are 12 and 13.
    return (int(fields[11]) + int(fields[12])) / TICK


def focus_and_key(pid: int, key: str) -> None:
    deadline = time.time() + 20
    while time.time() < deadline:
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                             capture_output=True, text=True).stdout.split()
        for window in out:
            focused = subprocess.run(["xdotool", "windowfocus", "--sync", window], capture_output=True)
            if focused.returncode == 0:
                subprocess.run(["xdotool", "key", "--window", window, key], check=False)
                return
        time.sleep(0.2)
    raise SystemExit("the window never appeared")


def measure(binary: str, args: list, seconds: float, key: str | None, settle: float) -> float:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, XDG_CONFIG_HOME=home, XDG_DATA_HOME=home, XDG_CACHE_HOME=home,
                   ALSA_CONFIG_PATH=str(Path(home) / "no-alsa.conf"))
        Path(home, "no-alsa.conf").write_text("")
        proc = subprocess.Popen([binary, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(settle)
            if key:
                focus_and_key(proc.pid, key)
                time.sleep(settle)
            before = cpu_seconds(proc.pid)
            time.sleep(seconds)
            after = cpu_seconds(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    return 100.0 * (after - before) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = Path(__file__).resolve().parent.parent
    parser.add_argument("--binary", default=str(root / "target/debug/safevoice"))
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--settle", type=float, default=30.0,
                        help="seconds to wait after start and after F11 (the language's clips are "
                        "decoded ahead in the background first; a debug build on a busy machine is slow)")
    opts = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        sys.exit("no X display: run under xvfb-run")
    cases = [
        ("language finder", ["gui"], None),
        ("board (en)", ["gui", "--lang", "en"], None),
        ("person view (en)", ["gui", "--lang", "en"], "F11"),
    ]
    print(f"binary: {opts.binary}; {opts.seconds:.0f} s idle per screen")
    for name, args, key in cases:
        share = measure(opts.binary, args, opts.seconds, key, opts.settle)
        print(f"{name:20} {share:6.2f} % of one core")


if __name__ == "__main__":
    main()
