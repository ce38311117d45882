"""`actor-trainer scenarios validate`: FILE:LINE output and exit status."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from actor_trainer.cli import scenarios as scenarios_cli
from actor_trainer.resources import builtin_scenarios_dir

GOOD = 'title = "T"\nlanguage = "en"\n\n[[scenario]]\nid = "a"\ntext = "Hello"\ntarget = "happy"\n'


def validate(*paths: Path) -> int:
    parser = argparse.ArgumentParser()
    scenarios_cli.add_arguments(parser)
    return scenarios_cli.run(parser.parse_args(["validate", *map(str, paths)]))


def test_good_files_exit_zero_and_print_no_problems(tmp_path, capsys):
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    assert validate(good) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "OK, 1 situation (en)" in captured.err and "1 file, 0 problems" in captured.err


def test_every_problem_is_printed_as_file_line_message(tmp_path, capsys):
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace('"happy"', '"gloomy"') + '\n[[scenario]]\nid = "a"\ntarget = "sad"\n',
                   encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_bytes(b'title = "\xe5"\n')
    assert validate(good, bad, broken) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{bad}:7: ") and "gloomy" in lines[0]
    assert any(line.startswith(f"{bad}:9: ") and "missing text" in line for line in lines)
    assert any(line.startswith(f"{bad}:10: ") and "duplicate id" in line for line in lines)
    assert lines[-1].startswith(f"{broken}:1: not UTF-8")
    assert len(lines) == 4


def test_a_folder_means_its_pack_files(capsys):
    assert validate(builtin_scenarios_dir()) == 0
    assert capsys.readouterr().err.count(": OK,") >= 6


def test_missing_file_or_empty_folder_is_an_error(tmp_path, capsys):
    assert validate(tmp_path / "nope.toml") == 1
    assert capsys.readouterr().out.startswith(f"{tmp_path / 'nope.toml'}:1: cannot read")
    assert validate(tmp_path) == 1


def test_no_file_checks_the_built_in_and_the_users_packs(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ACTOR_TRAINER_HOME", str(tmp_path))
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "mine.toml").write_text(GOOD.replace('"happy"', '"gloomy"'), encoding="utf-8")
    assert validate() == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"{tmp_path / 'packs' / 'mine.toml'}:7: ") and "gloomy" in captured.out
    builtin = sorted(builtin_scenarios_dir().glob("*.toml"))
    assert captured.err.count(": OK,") == len(builtin) >= 6
    assert f"{len(builtin) + 1} files, 1 problem" in captured.err
    (tmp_path / "packs" / "mine.toml").unlink()
    assert validate() == 0


def test_module_imports_no_heavy_libraries():
    code = ("import sys, actor_trainer.cli.scenarios; "
            "print([m for m in ('PySide6', 'tensorflow', 'keras', 'actor_trainer.packs.scenarios')"
            " if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_hidden_and_mac_companion_files_are_skipped(tmp_path, capsys, monkeypatch):
    """A pack folder copied by a Mac to a USB stick: `._NAME` (AppleDouble, binary) beside each pack, a
    `.DS_Store`, a hidden `.draft.toml`: a folder is its visible packs only, in validate and in the game."""
    from actor_trainer.packs import packs

    for folder in (tmp_path / "stick", tmp_path / "home" / "packs"):
        folder.mkdir(parents=True)
        (folder / "mine.toml").write_text(GOOD, encoding="utf-8")
        (folder / "._mine.toml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02")
        (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
        (folder / ".draft.toml").write_text('title = "unclosed\n', encoding="utf-8")
    assert validate(tmp_path / "stick") == 0
    assert "1 file, 0 problems" in capsys.readouterr().err
    monkeypatch.setenv("ACTOR_TRAINER_HOME", str(tmp_path / "home"))
    assert validate() == 0
    found, problems = packs.discover_packs(tmp_path / "home" / "packs")
    assert [pack.path.name for pack in found] == ["mine.toml"] and problems == []
    library = packs.discover(builtin_scenarios_dir(), tmp_path / "home" / "packs")
    assert library.unreadable == [] and library.packs[-1].path.name == "mine.toml"


def test_a_mac_companion_named_on_purpose_says_which_file_to_choose(tmp_path, capsys):
    companion = tmp_path / "._mine.toml"
    companion.write_bytes(b"\x00\x05\x16\x07Mac OS X")
    assert validate(companion) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{companion}:1: ") and 'choose "mine.toml" itself' in out


def test_texts_too_long_for_the_screen_are_warned_about_and_the_pack_still_plays(tmp_path, capsys):
    story = tmp_path / "story.toml"
    text = GOOD.replace('"Hello"', '"' + "A long story. " * 20 + '"')
    story.write_text(text + 'hint = "' + "Look down. " * 12 + '"\n', encoding="utf-8")
    assert validate(story) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].startswith(f"{story}:6: warning: ") and "the text is 279 characters" in lines[0]
    assert lines[1].startswith(f"{story}:8: warning: ") and "the hint is 131 characters" in lines[1]
    assert "1 file, 0 problems, 2 warnings" in captured.err


def test_problems_are_listed_in_line_order(tmp_path, capsys):
    """A misspelt key and an unknown expression in one situation, and a pack key further up: by line."""
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "T"\nlanguage = "en"\nauthr = "Me"\n\n[[scenario]]\nid = "a"\ntext = "Hi"\n'
                   'target = "hapy"\nhnit = "Smile"\n\n[[scenario]]\nid = "a"\n', encoding="utf-8")
    assert validate(bad) == 1
    numbers = [int(line.split(":")[1]) for line in capsys.readouterr().out.splitlines()]
    assert numbers == sorted(numbers) and len(numbers) >= 5
