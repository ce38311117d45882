"""Two processes saving the same player history and the same pack at once lose no update (issue 21, item 3).

Each process waits for "go" on stdin, then records 100 games for one player and makes 50 edits to one pack
(each edit adds a situation), interleaved. Without the locks about half the updates vanished.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from actor_trainer.packs.scenarios import Pack, Scenario
from actor_trainer.packs.toml_format import PackChangedError, edit_pack, load_pack, save_pack
from actor_trainer.people.players import PlayerStore

REPO = Path(__file__).resolve().parent.parent
GAMES_EACH, EDITS_EACH = 100, 50

SAVER = textwrap.dedent("""
    import sys
    from datetime import datetime
    from pathlib import Path

    from actor_trainer.play.game import ScenarioResult
    from actor_trainer.people.players import PlayerStore
    from actor_trainer.people.results import summarise
    from actor_trainer.packs.scenarios import Scenario
    from actor_trainer.packs.toml_format import edit_pack

    players, pack, me = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    store = PlayerStore(players)
    rows = [ScenarioResult("a", "t", "happy", True, 2.0, 1, 0.9)]
    sys.stdin.readline()
    for number in range(GAMES_EACH):
        store.record_game("Alva", summarise(rows, "Alva", f"{me} {number}", "normal", now=datetime(2024, 5, 1)).record)
        if number % 2 == 0:
            edit_pack(pack, lambda p, n=number: p.scenarios.append(Scenario(f"{me}-{n}", f"{me} {n}", "sad")))
""").replace("GAMES_EACH", str(GAMES_EACH))


def test_two_processes_saving_at_once_lose_no_game_and_no_pack_edit(tmp_path):
    players, pack_path = tmp_path / "players", tmp_path / "packs" / "ours.toml"
    PlayerStore(players).add("Alva", "a")
    save_pack(Pack("Ours", "en", [Scenario("first", "First", "happy")]), pack_path)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    savers = [subprocess.Popen([sys.executable, "-c", SAVER, str(players), str(pack_path), name], cwd=REPO,
                               stdin=subprocess.PIPE, text=True, env=env) for name in ("one", "two")]
    for saver in savers:  # both have imported and wait; now they start together
        saver.stdin.write("go\n")
        saver.stdin.flush()
    assert [saver.wait(timeout=600) for saver in savers] == [0, 0]
    games = [record.pack for record in PlayerStore(players).history("Alva")]
    assert len(games) == 2 * GAMES_EACH and len(set(games)) == 2 * GAMES_EACH  # 0 of 200 lost
    pack, problems = load_pack(pack_path)
    assert problems == [] and len(pack.scenarios) == 1 + 2 * EDITS_EACH  # 0 of 100 lost
    print(f"{len(games)} of {2 * GAMES_EACH} games kept, {len(pack.scenarios) - 1} of {2 * EDITS_EACH} pack edits")


def test_saving_a_pack_someone_else_changed_since_it_was_opened_is_refused(tmp_path):
    path = tmp_path / "ours.toml"
    save_pack(Pack("Ours", "en", [Scenario("first", "First", "happy")]), path)
    mine, _ = load_pack(path)
    edit_pack(path, lambda pack: pack.scenarios.append(Scenario("theirs", "Theirs", "sad")))  # the other window
    mine.scenarios.append(Scenario("mine", "Mine", "fear"))
    try:
        save_pack(mine, path)
        raise AssertionError("the other edit would be lost")
    except PackChangedError as error:
        assert "changed by someone else" in str(error)
    assert [s.id for s in load_pack(path)[0].scenarios] == ["first", "theirs"]
    again, _ = load_pack(path)  # opened again, the change lands
    again.scenarios.append(Scenario("mine", "Mine", "fear"))
    save_pack(again, path)
    save_pack(again, path)  # saving twice from one editor is no conflict
    assert [s.id for s in load_pack(path)[0].scenarios] == ["first", "theirs", "mine"]
