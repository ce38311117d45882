"""Imports and migrations under the folder lock the saves use (issue 29): two processes importing the same pack
while a third keeps starting the app (removing leftovers) make one file per import and never fail; two
processes folding the same old results folder in at once both succeed and add each game once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

from actor_trainer.packs.scenarios import Pack, Scenario
from actor_trainer.packs.toml_format import save_pack
from actor_trainer.people.players import PlayerStore
from actor_trainer.people.results import summarise
from actor_trainer.play.game import ScenarioResult

REPO = Path(__file__).resolve().parent.parent
IMPORTS_EACH = 20
GAMES = 150

IMPORTER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from actor_trainer.packs.packs import import_pack
    source, folder = Path(sys.argv[1]), Path(sys.argv[2])
    sys.stdin.readline()
    for _ in range(COUNT):
        print(import_pack(source, folder).name, flush=True)
""").replace("COUNT", str(IMPORTS_EACH))

STARTER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from actor_trainer import atomic
    from actor_trainer.packs.toml_format import LOCK_NAME, pack_lock
    folder = Path(sys.argv[1])
    sys.stdin.readline()
    for _ in range(COUNT):
        with pack_lock(folder / LOCK_NAME):  # what every start does (user_paths.remove_leftovers)
            atomic.remove_leftovers(folder)
""").replace("COUNT", str(IMPORTS_EACH * 4))


def run_together(scripts: list[list[str]], env) -> list[subprocess.CompletedProcess]:
    children = [subprocess.Popen([sys.executable, "-c", *args], cwd=REPO, stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                for args in scripts]
    for child in children:  # all have imported; now they start together
        child.stdin.write("go\n")
        child.stdin.flush()
    return [(child, *child.communicate(timeout=600)) for child in children]


def test_two_processes_importing_one_pack_make_one_file_per_import(tmp_path):
    source, folder = tmp_path / "shared.toml", tmp_path / "packs"
    save_pack(Pack("Delad " + "lång titel " * 40, "sv", [Scenario("a", "Glass", "happy")]), source)
    folder.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = run_together([[IMPORTER, str(source), str(folder)], [IMPORTER, str(source), str(folder)],
                         [STARTER, str(folder)]], env)
    assert [child.returncode for child, _out, _err in done] == [0, 0, 0], [err[-1500:] for _c, _o, err in done]
    names = [line for _child, out, _err in done[:2] for line in out.splitlines()]
    on_disk = sorted(path.name for path in folder.glob("*.toml"))
    assert len(names) == 2 * IMPORTS_EACH and sorted(names) == on_disk  # one file per import, none overwritten
    assert all(len(name.encode()) < 255 for name in names)  # a long title still makes a file name


MIGRATOR = textwrap.dedent("""
    import sys
    from pathlib import Path
    from actor_trainer.people.players import PlayerStore, import_old_results
    results, players = Path(sys.argv[1]), Path(sys.argv[2])
    sys.stdin.readline()
    report = import_old_results(results, PlayerStore(players))
    print(report.imported, report.already, flush=True)
""")


def test_two_processes_folding_in_the_old_results_at_once_both_succeed(tmp_path):
    results, players = tmp_path / "results", tmp_path / "players"
    results.mkdir()
    rows = [ScenarioResult("a", "Glass", "happy", True, 2.0, 1, 0.9)]
    for number in range(GAMES):
        when = datetime(2024, 5, 1, 10, 0) + timedelta(minutes=number)
        game = summarise(rows, "Alva", f"Pack {number}", "normal", now=when)
        (results / f"game-{number}.json").write_text(json.dumps(game.to_dict()))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = run_together([[MIGRATOR, str(results), str(players)], [MIGRATOR, str(results), str(players)]], env)
    assert [child.returncode for child, _out, _err in done] == [0, 0], [err[-1500:] for _c, _o, err in done]
    counts = sorted(out.split() for _child, out, _err in done)
    assert counts == [["0", "0"], [str(GAMES), "0"]]  # one imported all, the other found the folder already done
    assert len(PlayerStore(players).history("Alva")) == GAMES
    assert not results.exists() and (tmp_path / "results-imported").is_dir()
