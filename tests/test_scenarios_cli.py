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
    assert "OK, 1 situations" in captured.err


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


def test_module_imports_no_heavy_libraries():
    code = ("import sys, actor_trainer.cli.scenarios; "
            "print([m for m in ('PySide6', 'tensorflow', 'keras', 'actor_trainer.packs.scenarios')"
            " if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
