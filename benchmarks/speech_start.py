"""Seconds from starting the game to its first window, for each state of the speech server (issue 29).

    python benchmarks/speech_start.py [--runs 5]

Cases: `none` (no speech server: the client's connection is refused), `silent` (a server that takes the
connection and never answers: the client blocks for good) and, where speech-dispatcher is installed,
`no-sound` (speech-dispatcher with no sound server, started here on its own socket). Each run is a fresh
process on Qt's offscreen platform with an empty home folder; the window is built with the game's own
services and shown. Appends p50/p95 to benchmarks/results/speech_start.jsonl. Figures depend on the
machine's load (the load average is recorded with them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from results_log import append_run, percentiles, previous_run, results_file  # beside this script

ROOT = Path(__file__).resolve().parent.parent
RESULTS = results_file("speech_start")
FIRST_WINDOW = """
import sys, time
started = float(sys.argv[1])
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from actor_trainer.ui.app import default_services, open_settings
from actor_trainer.ui.main_window import MainWindow, SettingsStore
window = MainWindow(default_services(), SettingsStore(open_settings()))
window.show()
app.processEvents()
print(time.time() - started, flush=True)
import os
os._exit(0)
"""


def first_window_seconds(address: str) -> float:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "XDG_RUNTIME_DIR": home, "QT_QPA_PLATFORM": "offscreen",
               "SPEECHD_ADDRESS": address}
        done = subprocess.run([sys.executable, "-c", FIRST_WINDOW, str(time.time())], env=env, capture_output=True,
                              text=True, timeout=120, check=True)
        return float(done.stdout.split()[-1])


def silent_server(folder: Path) -> str:
    """A socket that takes every connection and never answers; its speechd address."""
    path = folder / "silent.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(64)
    taken = []
    threading.Thread(target=lambda: [taken.append(server.accept()) for _ in iter(int, 1)], daemon=True).start()
    return f"unix_socket:{path}"


def speech_dispatcher(folder: Path) -> tuple[subprocess.Popen, str] | None:
    """speech-dispatcher on its own socket, with whatever sound output this machine has (none in CI)."""
    if shutil.which("speech-dispatcher") is None:
        return None
    path = folder / "speechd.sock"
    server = subprocess.Popen(["speech-dispatcher", "-s", "-t", "0", "--communication-method", "unix_socket",
                               "--socket-path", str(path)], env={**os.environ, "XDG_RUNTIME_DIR": str(folder)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 10
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return server, f"unix_socket:{path}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        cases = {"none": f"unix_socket:{folder}/nobody.sock", "silent": silent_server(Path(folder))}
        dispatcher = speech_dispatcher(Path(folder))
        if dispatcher is not None:
            cases["no-sound"] = dispatcher[1]
        try:
            for name, address in cases.items():
                first_window_seconds(address)  # warm the disk cache
                values = [first_window_seconds(address) for _ in range(args.runs)]
                figures[name] = percentiles(values)
                print(f"{name:>9}: first window p50 {figures[name]['p50']:.2f} s, p95 {figures[name]['p95']:.2f} s")
        finally:
            if dispatcher is not None:  # the server and its output modules: the session it was started in
                os.killpg(dispatcher[0].pid, signal.SIGKILL)
                dispatcher[0].wait(10)
    record = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "load_average_1min": round(os.getloadavg()[0], 1),
              "runs": args.runs, "first_window_seconds": figures}
    before = previous_run(RESULTS)
    if before:
        print("previous run:", json.dumps(before)[:400])
    append_run(RESULTS, record)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
