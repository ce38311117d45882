"""Kill a process while it saves packs and results: no file is ever partial or empty, leftovers are cleaned.

A child process saves a scenario pack (with its backup) and a player's result again and again; the test
kills it with SIGKILL at a random moment, 50 times, and checks every file in the folders each time.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from actor_trainer import atomic
from actor_trainer.packs.scenarios import load_pack

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

REPO = Path(__file__).resolve().parent.parent
KILL_TRIALS = 50
SITUATIONS = 100

# The launcher imports once, then forks one saver per trial (an import per trial would cost seconds).
LAUNCHER = textwrap.dedent("""
    import os
    import sys
    from datetime import datetime
    from pathlib import Path

    from actor_trainer.play.game import ScenarioResult
    from actor_trainer.people.results import save_summary, summarise
    from actor_trainer.packs.scenarios import Pack, Scenario, save_pack

    packs, results = Path(sys.argv[1]), Path(sys.argv[2])
    SITUATIONS = int(sys.argv[3])

    def save_forever():
        version = 0
        while True:
            version += 1
            # tens of KB, so that a kill often lands inside a write
            scenarios = [Scenario(f"s{i}", f"version {version} situation {i} " + "x" * 300, "happy")
                         for i in range(SITUATIONS)]
            save_pack(Pack(f"version {version}", "en", scenarios), packs / "pack.toml")
            rows = [ScenarioResult(f"s{i}", "text " * 200, "happy", True, 2.0, 1, 0.9) for i in range(100)]
            save_summary(summarise(rows, player="Alva", now=datetime(2024, 5, 1, 10, 0)), results)

    for command in sys.stdin:
        pid = os.fork()
        if pid == 0:
            save_forever()
        print(pid, flush=True)
        os.waitpid(pid, 0)
        print("gone", flush=True)
""")


class Savers:
    """Start a saver process on demand and kill it with SIGKILL."""

    def __init__(self, packs: Path, results: Path):
        command = [sys.executable, "-c", LAUNCHER, str(packs), str(results), str(SITUATIONS)]
        self.launcher = subprocess.Popen(command, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                         env={**os.environ, "PYTHONPATH": str(REPO)})

    def start(self) -> int:
        self.launcher.stdin.write("go\n")
        self.launcher.stdin.flush()
        return int(self.launcher.stdout.readline())

    def kill(self, pid: int) -> None:
        os.kill(pid, signal.SIGKILL)
        assert self.launcher.stdout.readline().strip() == "gone"

    def close(self) -> None:
        self.launcher.stdin.close()
        self.launcher.wait(timeout=30)
        self.launcher.stdout.close()


def assert_complete_pack(path: Path) -> None:
    pack, problems = load_pack(path)
    assert pack is not None and problems == [], f"{path} is partial: {problems[:1]}"
    assert len(pack.scenarios) == SITUATIONS and pack.title.startswith("version ")


def check_folders(packs: Path, results: Path, seen: set[Path]) -> int:
    """Assert every visible file is whole (results: the new ones); remove the leftovers as the app does at
    start; return how many there were."""
    for path in (packs / "pack.toml", packs / "pack.toml.bak"):
        if path.exists():
            assert_complete_pack(path)
    for path in set(results.glob("*.json")) - seen:
        assert path.stat().st_size > 0, f"empty result {path.name}"
        assert len(json.loads(path.read_text(encoding="utf-8"))["scenarios"]) == 100
        seen.add(path)
    removed = atomic.remove_leftovers(packs) + atomic.remove_leftovers(results)
    assert sorted(p.name for p in packs.iterdir()) in ([], ["pack.toml"], ["pack.toml", "pack.toml.bak"])
    assert all(not p.name.startswith(".") for p in results.iterdir())
    return len(removed)


def test_fifty_kills_never_leave_a_partial_or_empty_pack_backup_or_result(tmp_path):
    packs, results = tmp_path / "packs", tmp_path / "results"
    packs.mkdir()
    results.mkdir()
    rng = random.Random(14)
    savers = Savers(packs, results)
    leftovers, seen = 0, set()
    try:
        for _ in range(KILL_TRIALS):
            pid = savers.start()
            time.sleep(rng.uniform(0.0, 0.05))
            savers.kill(pid)
            leftovers += check_folders(packs, results, seen)
    finally:
        savers.close()
    assert (packs / "pack.toml").exists() and any(results.glob("*.json"))
    print(f"{KILL_TRIALS} kills, {leftovers} leftover temporary files removed")


READER_CHECKS = 120


def test_two_savers_at_once_never_show_a_reader_a_half_written_pack_or_backup(tmp_path):
    packs, results = tmp_path / "packs", tmp_path / "results"
    packs.mkdir()
    results.mkdir()
    first, second = Savers(packs, results), Savers(packs, results)
    pids = [first.start(), second.start()]
    try:
        checked = 0
        while checked < READER_CHECKS:
            for path in (packs / "pack.toml", packs / "pack.toml.bak"):
                if path.exists():  # once there, a file is only ever replaced, never removed
                    assert_complete_pack(path)
                    checked += 1
    finally:
        for savers, pid in ((first, pids[0]), (second, pids[1])):
            savers.kill(pid)
            savers.close()
    check_folders(packs, results, set())
