"""Kill a process while it saves packs and results: no file is ever partial or empty, leftovers are cleaned.

A child process saves a scenario pack (with its backup), a player's result and a new export file (the
`write_new` that `predict` uses) again and again; the test
kills it with SIGKILL 50 times and checks every file in the folders each time. The kill lands at a point
the child announces and waits at (halfway through writing a temporary file, before or after an fsync, a
chmod, a rename or a link; which occurrence is drawn at random): the same points on a loaded machine as
on an idle one, and every kind of point is hit.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from actor_trainer import atomic
from actor_trainer.packs.toml_format import load_pack

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL"),
              pytest.mark.slow]  # fifty kills of real saver processes

REPO = Path(__file__).resolve().parent.parent
KILL_TRIALS = 50
SITUATIONS = 100

# The launcher imports once, then forks one saver per trial (an import per trial would cost seconds).
# "go KIND N" starts a saver that stops the N-th time it reaches a checkpoint of that kind, says so and
# waits there to be killed ("go - 0": never stops). Checkpoints wrap the calls actor_trainer.atomic makes.
LAUNCHER = textwrap.dedent("""
    import os
    import signal
    import sys
    import tempfile
    from datetime import datetime
    from pathlib import Path

    from actor_trainer import atomic
    from actor_trainer.play.game import ScenarioResult
    from actor_trainer.people.players import PlayerStore
    from actor_trainer.people.results import summarise
    from actor_trainer.packs.scenarios import Pack, Scenario
    from actor_trainer.packs.toml_format import save_pack

    packs, results, exports = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    SITUATIONS = int(sys.argv[4])
    ROUNDS_BEFORE_GIVING_UP = 20  # each kind is reached in every round: more rounds means it is never reached
    stop_kind, stop_at, reached = "-", 0, 0

    def checkpoint(name):
        global reached
        if name != stop_kind:
            return
        reached += 1
        if reached == stop_at:
            sys.stdout.write(f"at {name}\\n"); sys.stdout.flush()
            signal.pause()  # until the test's SIGKILL

    def around(name, function):
        def wrapped(*args, **kwargs):
            checkpoint(name + " before")
            result = function(*args, **kwargs)
            checkpoint(name + " after")
            return result
        return wrapped

    class HalfwayTemporary:
        # a temporary file that announces the point where half of its data is written
        def __init__(self, *args, **kwargs):
            self.handle = real_temporary(*args, **kwargs)
            self.name = self.handle.name
        def write(self, data):
            half = len(data) // 2
            self.handle.write(data[:half])
            self.handle.flush()
            checkpoint("write halfway")
            return half + self.handle.write(data[half:])
        def __getattr__(self, name):
            return getattr(self.handle, name)
        def __enter__(self):
            self.handle.__enter__()
            return self
        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)

    real_temporary = tempfile.NamedTemporaryFile
    tempfile.NamedTemporaryFile = HalfwayTemporary
    for name in ("fsync", "chmod", "replace", "link"):
        setattr(os, name, around(name, getattr(os, name)))

    def save_forever():
        store = PlayerStore(results)
        name = f"Alva {os.getpid()}"  # a player per saver, so each history stays small
        store.add(name, "a")
        version = 0
        while True:
            version += 1
            if stop_kind != "-" and version > ROUNDS_BEFORE_GIVING_UP:
                sys.stdout.write(f"never reached {stop_kind} {stop_at}\\n"); sys.stdout.flush()
                os._exit(0)
            # tens of KB, so that a kill often lands inside a write
            scenarios = [Scenario(f"s{i}", f"version {version} situation {i} " + "x" * 300, "happy")
                         for i in range(SITUATIONS)]
            save_pack(Pack(f"version {version}", "en", scenarios), packs / "pack.toml")
            rows = [ScenarioResult(f"s{i}", "text " * 50, "happy", True, 2.0, 1, 0.9) for i in range(100)]
            store.record_game(name, summarise(rows, player=name, now=datetime(2024, 5, 1, 10, 0)).record)
            atomic.write_new(exports / f"faces-{os.getpid()}-{version}.json", b'{"faces": "' + b"x" * 30000 + b'"}')

    for command in sys.stdin:
        stop_kind, stop_at = command.split("|")[1], int(command.split("|")[2])
        pid = os.fork()
        if pid == 0:
            save_forever()
        sys.stdout.write(f"{pid}\\n"); sys.stdout.flush()  # one write: a child's line never splits it
        os.waitpid(pid, 0)
        sys.stdout.write("gone\\n"); sys.stdout.flush()
""")


class Savers:
    """Start a saver process on demand and kill it with SIGKILL."""

    def __init__(self, packs: Path, results: Path, exports: Path):
        command = [sys.executable, "-c", LAUNCHER, str(packs), str(results), str(exports), str(SITUATIONS)]
        self.launcher = subprocess.Popen(command, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                         env={**os.environ, "PYTHONPATH": str(REPO)})

    def start(self, kind: str = "-", occurrence: int = 0) -> int:
        """A new saver; it stops the `occurrence`-th time it reaches a checkpoint of `kind` (see
        `wait_for_checkpoint`), or never with the defaults."""
        self.launcher.stdin.write(f"go|{kind}|{occurrence}\n")
        self.launcher.stdin.flush()
        return int(self.launcher.stdout.readline())

    def wait_for_checkpoint(self) -> str:
        """The name of the checkpoint where the saver now waits ("replace before", "write halfway", ...)."""
        line = self.launcher.stdout.readline().strip()
        assert line.startswith("at "), line
        return line[3:]

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


def check_folders(packs: Path, results: Path, exports: Path, seen: set[str]) -> int:
    """Assert every visible file is whole (results: the new ones); remove the leftovers as the app does at
    start; return how many there were."""
    for path in (packs / "pack.toml", packs / "pack.toml.bak"):
        if path.exists():
            assert_complete_pack(path)
    for path in results.glob("*.json"):  # each player's file: whole, every game in it whole
        games = json.loads(path.read_text(encoding="utf-8"))["games"]
        assert all(len(game["situations"]) == 100 for game in games)
        seen.add(path.name)
    for path in exports.glob("*.json"):  # write_new: a name appears only with its whole file
        assert len(json.loads(path.read_text(encoding="utf-8"))["faces"]) == 30000
    removed = sum((atomic.remove_leftovers(folder) for folder in (packs, results, exports)), [])
    assert sorted(p.name for p in packs.iterdir() if p.name != ".packs.lock") in (
        [], ["pack.toml"], ["pack.toml", "pack.toml.bak"])
    assert all(not p.name.startswith(".") or p.name == ".players.lock" for p in results.iterdir())
    return len(removed)


KINDS = ("write halfway", "fsync before", "fsync after", "chmod before", "chmod after", "replace before",
         "replace after", "link before", "link after")
LATEST_OCCURRENCE = 4  # a round of saving reaches each kind one to six times: kills fall in the first rounds


def test_fifty_kills_never_leave_a_partial_or_empty_pack_backup_or_result(tmp_path):
    packs, results, exports = tmp_path / "packs", tmp_path / "results", tmp_path / "exports"
    for folder in (packs, results, exports):
        folder.mkdir()
    rng = random.Random(14)
    savers = Savers(packs, results, exports)
    leftovers, seen, hit = 0, set(), set()
    try:
        for trial in range(KILL_TRIALS):
            kind = KINDS[trial % len(KINDS)]
            # the first kill comes after two whole rounds: from then on a pack, its backup and a result exist
            occurrence = 2 if trial == 0 else rng.randint(1, LATEST_OCCURRENCE)
            pid = savers.start("link after" if trial == 0 else kind, occurrence)
            hit.add(savers.wait_for_checkpoint())
            savers.kill(pid)
            leftovers += check_folders(packs, results, exports, seen)
    finally:
        savers.close()
    assert (packs / "pack.toml").exists() and (packs / "pack.toml.bak").exists() and any(results.glob("*.json"))
    assert hit == set(KINDS)
    assert leftovers > 0  # some kills left a temporary file behind, and it was removed
    print(f"{KILL_TRIALS} kills at {len(hit)} kinds of point, {leftovers} leftover temporary files removed")


READER_CHECKS = 120


def test_two_savers_at_once_never_show_a_reader_a_half_written_pack_or_backup(tmp_path):
    packs, results, exports = tmp_path / "packs", tmp_path / "results", tmp_path / "exports"
    for folder in (packs, results, exports):
        folder.mkdir()
    first, second = Savers(packs, results, exports), Savers(packs, results, exports)
    pids = [first.start(), second.start()]  # never stopping: they race each other
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
    check_folders(packs, results, exports, set())


# ------------------------------------------------------------------ the save of a finished game

GAME_KILLS = 30

# Imports once, then forks one saver per trial ("TRIAL STOP_AT" on stdin). The saver records games for
# Alva and says "saved N" after each save returns (the summary screen's "Saved for Alva."). Every lock,
# fsync and rename of a save counts as a point; at point STOP_AT the saver says "stopped" and stops
# itself, and the test kills it there: the kill lands where the child said, never after a sleep.
# A game has 4 points: the lock taken, the temporary fsynced, the rename, the folder fsynced.
GAME_SAVER = textwrap.dedent("""
    import os
    import signal
    import sys
    from datetime import datetime
    from pathlib import Path

    import filelock

    from actor_trainer import atomic
    from actor_trainer.play.game import ScenarioResult
    from actor_trainer.people.players import PlayerStore
    from actor_trainer.people.results import summarise

    folder = Path(sys.argv[1])
    rows = [ScenarioResult(f"s{i}", "text " * 50, "happy", True, 2.0, 1, 0.9) for i in range(20)]

    def save_until(trial, stop_at):
        points = [0]

        def counted(function):
            def wrapper(*args, **kwargs):
                points[0] += 1
                if points[0] == stop_at:
                    sys.stdout.write("stopped\\n"); sys.stdout.flush()
                    os.kill(os.getpid(), signal.SIGSTOP)
                return function(*args, **kwargs)
            return wrapper

        atomic.os = type("os", (), {n: getattr(os, n) for n in dir(os) if not n.startswith("__")})
        atomic.os.fsync, atomic.os.replace = counted(os.fsync), counted(os.replace)
        filelock.FileLock.acquire = counted(filelock.FileLock.acquire)
        store = PlayerStore(folder)
        for game in range(1, 100):
            store.record_game("Alva", summarise(rows, "Alva", f"trial {trial} game {game}", "normal",
                                                now=datetime(2024, 5, 1, 10, 0)).record)
            sys.stdout.write(f"saved {game}\\n"); sys.stdout.flush()

    for command in sys.stdin:
        trial, stop_at = map(int, command.split())
        pid = os.fork()
        if pid == 0:
            save_until(trial, stop_at)
            os._exit(0)
        sys.stdout.write(f"{pid}\\n"); sys.stdout.flush()  # one write: a child's line never splits it
        os.waitpid(pid, 0)
        sys.stdout.write("gone\\n"); sys.stdout.flush()
""")


def test_thirty_kills_during_game_saves_lose_no_game_the_child_was_told_was_saved(tmp_path):
    from actor_trainer.people.players import PlayerStore

    folder = tmp_path / "players"
    PlayerStore(folder).add("Alva", "a")
    launcher = subprocess.Popen([sys.executable, "-c", GAME_SAVER, str(folder)], cwd=REPO, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    lost = extra = 0
    stages = set()
    try:
        for trial in range(GAME_KILLS):
            stop_at = 1 + trial  # every point of the first games: lock, fsync, rename, folder fsync
            launcher.stdin.write(f"{trial} {stop_at}\n")
            launcher.stdin.flush()
            pid = int(launcher.stdout.readline())
            acknowledged = []
            for line in launcher.stdout:
                if line.strip() == "stopped":
                    break
                acknowledged.append(f"trial {trial} game {line.split()[1]}")
            os.kill(pid, signal.SIGKILL)
            assert launcher.stdout.readline().strip() == "gone"
            stages.add((stop_at - 1) % 4)
            store = PlayerStore(folder)  # what the next start sees (leftovers removed at start-up)
            store.remove_leftovers()
            records, damage = store.history_and_damage("Alva")
            assert damage == [] and store.damaged() == []
            mine = {record.pack for record in records if record.pack.startswith(f"trial {trial} ")}
            lost += len(set(acknowledged) - mine)
            extra += len(mine - set(acknowledged))  # the game being saved when the kill came: kept whole
            assert len(mine - set(acknowledged)) <= 1
            assert all(len(record.situations) == 20 for record in records)
            assert not any(path.name.endswith(".tmp") for path in folder.iterdir())
    finally:
        launcher.stdin.close()
        launcher.wait(timeout=30)
        launcher.stdout.close()
    assert lost == 0 and stages == {0, 1, 2, 3}
    print(f"{GAME_KILLS} kills during game saves: {lost} acknowledged games lost, {extra} in-flight games kept")
