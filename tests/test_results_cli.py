import csv
import stat
from datetime import datetime

from actor_trainer.cli import main
from actor_trainer.people.players import PlayerStore
from actor_trainer.people.results import summarise
from actor_trainer.play.game import ScenarioResult


def players(tmp_path):
    store = PlayerStore(tmp_path / "players")
    for name, avatar in (("Alva", "\N{FROG FACE}"), ("Bo", "\N{DOG FACE}")):
        store.add(name, avatar)
        results = [ScenarioResult("a", "t", "happy", True, 2.0, 1, 0.9),
                   ScenarioResult("b", "t", "fear", name == "Bo", 8.0, 2, 0.4)]
        store.record_game(name, summarise(results, name, "School", "normal", now=datetime(2024, 5, 1, 9)).record)
    return tmp_path / "players"


def test_results_prints_each_child_and_the_class(tmp_path, capsys):
    assert main(["results", "--folder", str(players(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "Alva: 1 game\n" in out and "Bo: 1 game\n" in out and "Class overview" in out
    fear_line = next(line for line in out.splitlines() if line.strip().startswith("fear") and "%" in line)
    assert "0%" in fear_line


def test_results_for_one_player_and_unknown_player(tmp_path, capsys):
    folder = players(tmp_path)
    assert main(["results", "--folder", str(folder), "--player", "bo"]) == 0
    out = capsys.readouterr().out
    assert "Bo:" in out and "Alva" not in out and "Class overview" not in out
    assert main(["results", "--folder", str(folder), "--player", "Nobody"]) == 2
    assert "no player called Nobody" in capsys.readouterr().err


def test_results_csv_file(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    for name in ("LC_ALL", "LC_NUMERIC"):
        monkeypatch.delenv(name, raising=False)
    target = tmp_path / "out" / "class.csv"
    assert main(["results", "--folder", str(players(tmp_path)), "--csv", str(target)]) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfplayer,date,")
    with target.open(encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    assert [(row["player"], row["expression"], row["passed"]) for row in rows] == [
        ("Alva", "fear", "0"), ("Alva", "happy", "1"), ("Bo", "fear", "1"), ("Bo", "happy", "1")]
    assert rows[0]["attempts"] == "2" and rows[0]["pack"] == "School" and rows[0]["date"].startswith("2024-05-01")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Wrote 4 rows" in capsys.readouterr().out


def test_results_csv_for_a_swedish_spreadsheet_and_one_row(tmp_path, capsys, monkeypatch):
    """Swedish Excel splits on ';' and reads '2,0' as a number; a BOM keeps å, ä, ö; "1 row", not "1 rows"."""
    monkeypatch.setenv("LC_ALL", "sv_SE.UTF-8")
    folder = players(tmp_path)
    target = tmp_path / "klass.csv"
    assert main(["results", "--folder", str(folder), "--player", "Bo", "--csv", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfplayer;date;pack;")
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert len(rows) == 2 and all("," in row["seconds"] and "." not in row["seconds"] for row in rows)
    assert main(["results", "--folder", str(folder), "--player", "Bo", "--csv", str(target),
                 "--csv-format", "plain"]) == 0
    assert target.read_bytes().startswith(b"player,date,")
    capsys.readouterr()
    store = PlayerStore(folder)
    store.add("Åsa", "a")
    summary = summarise([ScenarioResult("a", "t", "happy", True, 2.0, 1, 0.5)], player="Åsa", pack_title="Hemma",
                        level="normal", now=datetime(2024, 5, 3, 9))
    store.record_game("Åsa", summary.record)
    assert main(["results", "--folder", str(folder), "--player", "Åsa", "--csv", str(target)]) == 0
    assert "Wrote 1 row to" in capsys.readouterr().out
    assert target.read_bytes().decode("utf-8-sig").splitlines()[1].startswith("Åsa;")
