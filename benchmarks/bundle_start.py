"""Seconds from starting the unpacked app bundle to its first screen (the window shown), on a virtual display.

    python benchmarks/bundle_start.py dist/actor-trainer [--runs 5]

Each run starts `actor-trainer` under a fresh Xvfb with an empty home folder and nothing of the venv on
PATH, waits for its window with xdotool, then ends it. Also times `--self-test`. Appends
p50/p95 to benchmarks/results/bundle_start.jsonl and shows the previous run's. Figures depend on the
machine's load (the load average is recorded with them).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from results_log import append_run, percentiles, previous_run, results_file  # beside this script

RESULTS = results_file("bundle_start")


def xvfb() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        return server, ":" + pipe.readline().strip()


def user_env(home: str, display: str = "") -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "XDG_RUNTIME_DIR": home}
    return {**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"} if display else env


def first_screen_seconds(executable: Path) -> float:
    server, display = xvfb()
    try:
        with tempfile.TemporaryDirectory() as home:
            started = time.perf_counter()
            game = subprocess.Popen([str(executable)], env=user_env(home, display),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--class", "actor-trainer"],
                           env={"DISPLAY": display}, capture_output=True, timeout=60, check=True)
            seconds = time.perf_counter() - started
            game.terminate()
            game.wait(30)
            return seconds
    finally:
        server.terminate()
        server.wait(10)


def self_test_seconds(executable: Path) -> float:
    with tempfile.TemporaryDirectory() as home:
        started = time.perf_counter()
        subprocess.run([str(executable), "--self-test"], env=user_env(home), capture_output=True, timeout=120,
                       check=True)
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bundle", type=Path, help="the unpacked bundle folder (holds actor-trainer)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    executable = args.bundle / "actor-trainer"
    first_screen_seconds(executable)  # warm the disk cache, as a second start on a school PC would be
    starts = [first_screen_seconds(executable) for _ in range(args.runs)]
    tests = [self_test_seconds(executable) for _ in range(args.runs)]
    record = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "load_average_1min": round(os.getloadavg()[0], 1),
              "bundle": str(args.bundle.resolve()), "runs": args.runs,
              "seconds": {"start to first screen": percentiles(starts), "--self-test": percentiles(tests)}}
    before = previous_run(RESULTS)
    if before:
        print("previous run:", json.dumps(before)[:400])
    print(json.dumps(record))
    append_run(RESULTS, record)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
