"""Scenario packs that try to break the loader: deep nesting, huge files, saving keeps permissions."""

from __future__ import annotations

import os
import sys

import pytest

from actor_trainer.cli import main as cli_main
from actor_trainer.packs import scenarios
from actor_trainer.packs.packs import discover_packs
from actor_trainer.packs.scenarios import Pack, Scenario
from actor_trainer.packs.toml_format import load_pack, save_pack

GOOD_PACK = """title = "Good"
language = "en"

[[scenario]]
id = "one"
text = "A present!"
target = "happy"
"""


def nested_pack(depth: int = 500) -> str:
    return GOOD_PACK + "hint = " + "[" * depth + "]" * depth + "\n"


def test_deeply_nested_lists_give_a_file_line_problem(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text(nested_pack())
    assert len(path.read_bytes()) < 1200  # the 1 KB pack from the issue
    pack, problems = load_pack(path)
    assert pack is None
    assert [str(problem) for problem in problems] == [f"{path}:8: lists or tables nested too deeply to read"]


def test_a_deep_pack_does_not_stop_the_others_from_loading(tmp_path):
    (tmp_path / "a-deep.toml").write_text(nested_pack(2000))
    (tmp_path / "b-good.toml").write_text(GOOD_PACK)
    packs, problems = discover_packs(tmp_path)
    assert [pack.title for pack in packs] == ["Good"]
    assert [problem.path.name for problem in problems] == ["a-deep.toml"]


def test_validate_keeps_checking_the_files_after_a_deep_one(tmp_path, capsys):
    (tmp_path / "a-deep.toml").write_text(nested_pack())
    (tmp_path / "b-good.toml").write_text(GOOD_PACK)
    assert cli_main(["scenarios", "validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert f"{tmp_path / 'a-deep.toml'}:8:" in captured.out
    assert "b-good.toml: OK, 1 situation " in captured.err
    assert "2 files, 1 problem" in captured.err


def test_a_huge_pack_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_text(GOOD_PACK + "#" * scenarios.MAX_PACK_BYTES)
    pack, problems = load_pack(path)
    assert pack is None and "too large" in problems[0].message and problems[0].line == 1


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_saving_a_pack_keeps_its_permissions(tmp_path):
    path = tmp_path / "shared.toml"
    path.write_text(GOOD_PACK)
    os.chmod(path, 0o644)
    save_pack(Pack("Good", "en", [Scenario("one", "A present!", "happy")]), path)
    assert path.stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "shared.toml.bak").stat().st_mode & 0o777 == 0o644
