"""Scenario packs: parsing, FILE:LINE problems, built-in packs, round trip and atomic save."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from actor_trainer import atomic
from actor_trainer.labels import EXPRESSIONS
from actor_trainer.packs import scenarios, toml_format
from actor_trainer.packs.packs import discover_packs
from actor_trainer.packs.scenarios import Pack, Problem, Scenario, unique_pack_path
from actor_trainer.packs.toml_format import load_pack, pack_to_toml, save_pack
from actor_trainer.packs.validation import validate_pack
from actor_trainer.resources import builtin_scenarios_dir

GOOD_PACK = """\
title = "Test pack"
language = "en"
age_range = "6-12"
author = "Tester"
description = "For tests."

[[scenario]]
id = "one"
text = "Your ice cream fell on the ground."
target = "sad"
hint = "Mouth down."

[[scenario]]
id = "two"
text = "A surprise party!"
target = "surprise"
hold_seconds = 2
difficulty = "hard"
"""


def write(tmp_path: Path, text: str, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def only_problem(path: Path) -> Problem:
    pack, problems = load_pack(path)
    assert len(problems) == 1, problems
    return problems[0]


def test_good_pack_loads_every_field(tmp_path):
    path = write(tmp_path, GOOD_PACK)
    pack, problems = load_pack(path)
    assert problems == []
    assert (pack.title, pack.language, pack.age_range, pack.author) == ("Test pack", "en", "6-12", "Tester")
    assert pack.path == path and not pack.builtin
    assert pack.scenarios[0] == Scenario("one", "Your ice cream fell on the ground.", "sad", hint="Mouth down.")
    assert pack.scenarios[1].hold_seconds == 2.0 and isinstance(pack.scenarios[1].hold_seconds, float)
    assert pack.scenarios[1].min_level == "hard"
    assert pack.scenarios[0].hold_seconds is None and pack.scenarios[0].min_level is None


def test_problem_prints_as_file_line_message(tmp_path):
    assert str(Problem(tmp_path / "a.toml", 7, "bad")) == f"{tmp_path / 'a.toml'}:7: bad"


def test_unknown_expression_names_its_line(tmp_path):
    path = write(tmp_path, GOOD_PACK.replace('target = "surprise"', 'target = "sleepy"'))
    problem = only_problem(path)
    assert problem.line == 16
    assert 'unknown expression "sleepy"' in problem.message and "fear" in problem.message
    assert str(problem).startswith(f"{path}:16: ")


@pytest.mark.parametrize(("written", "canonical"), [("scared", "fear"), ("calm", "neutral"),
                                                    ("Surprised", "surprise"), ("rädd", "fear"),
                                                    ("lugn", "neutral"), ("förvånad", "surprise"),
                                                    ("äcklad", "disgust"), ("glad", "happy")])
def test_child_friendly_names_are_synonyms_in_both_languages(tmp_path, written, canonical):
    path = write(tmp_path, GOOD_PACK.replace('target = "surprise"', f'target = "{written}"'))
    pack, problems = load_pack(path)
    assert problems == []
    assert pack.scenarios[1].target == canonical
    assert f'target = "{written}"' in pack_to_toml(pack)  # the file keeps the teacher's word


def test_several_accepted_expressions_load_with_the_shown_one_first(tmp_path):
    path = write(tmp_path, GOOD_PACK.replace('target = "surprise"', 'target = ["surprised", "fear"]'))
    pack, problems = load_pack(path)
    assert problems == []
    assert pack.scenarios[1].target == "surprise" and pack.scenarios[1].alternatives == ("fear",)
    assert pack.scenarios[1].targets == ("surprise", "fear")
    assert 'target = ["surprised", "fear"]' in pack_to_toml(pack)


@pytest.mark.parametrize(("target", "words"), [
    ("[]", "empty list"),
    ('["surprise", "surprise"]', '"surprise" is listed twice'),
    ('["surprise", "surprised"]', "listed twice"),
    ('["surprise", "sleepy"]', 'unknown expression "sleepy"'),
    ('["surprise", 3]', "wrong type"),
])
def test_a_bad_list_of_expressions_names_the_file_and_line(tmp_path, target, words):
    path = write(tmp_path, GOOD_PACK.replace('target = "surprise"', f"target = {target}"))
    problems = load_pack(path)[1]
    assert problems and all(problem.line == 16 for problem in problems), problems
    assert any(words in problem.message for problem in problems), problems
    assert str(problems[0]).startswith(f"{path}:16: ")


def test_missing_text_points_at_the_scenario_header(tmp_path):
    path = write(tmp_path, GOOD_PACK.replace('text = "A surprise party!"\n', ""))
    problem = only_problem(path)
    assert problem.line == 13
    assert "missing text" in problem.message and '"two"' in problem.message


def test_empty_text_points_at_the_text_line(tmp_path):
    path = write(tmp_path, GOOD_PACK.replace('"A surprise party!"', '"   "'))
    assert only_problem(path).line == 15


def test_duplicate_id_points_at_the_second_one(tmp_path):
    path = write(tmp_path, GOOD_PACK.replace('id = "two"', 'id = "one"'))
    problem = only_problem(path)
    assert problem.line == 14
    assert 'duplicate id "one"' in problem.message and "situation 1" in problem.message


@pytest.mark.parametrize(("old", "new", "line", "words"), [
    ('text = "A surprise party!"', "text = 42", 15, "text must be text"),
    ("hold_seconds = 2", 'hold_seconds = "two"', 17, "hold_seconds must be a number"),
    ("hold_seconds = 2", "hold_seconds = true", 17, "hold_seconds must be a number"),
    ('title = "Test pack"', "title = [1, 2]", 1, "title must be text"),
    ('author = "Tester"', "author = 1979-05-27", 4, "author must be text"),
])
def test_wrong_type_names_the_key_line(tmp_path, old, new, line, words):
    path = write(tmp_path, GOOD_PACK.replace(old, new))
    problem = only_problem(path)
    assert (problem.line, "wrong type" in problem.message, words in problem.message) == (line, True, True)


def test_wrong_type_keeps_the_value_for_the_editor(tmp_path):
    pack, _ = load_pack(write(tmp_path, GOOD_PACK.replace('text = "A surprise party!"', "text = 42")))
    assert pack.scenarios[1].text == "42"


def test_scenario_written_with_single_brackets_is_a_wrong_type(tmp_path):
    path = write(tmp_path, 'title = "T"\nlanguage = "sv"\n\n[scenario]\nid = "a"\ntext = "x"\ntarget = "happy"\n')
    pack, problems = load_pack(path)
    assert pack is not None
    assert [problem.line for problem in problems] == [1, 1]
    assert "double brackets" in problems[0].message and "no situations" in problems[1].message


def test_unknown_key_is_reported_with_its_line(tmp_path):
    path = write(tmp_path, GOOD_PACK.replace('hint = "Mouth down."', 'hnit = "Mouth down."'))
    problem = only_problem(path)
    assert problem.line == 11 and 'unknown key "hnit"' in problem.message


def test_pack_level_problems(tmp_path):
    pack, problems = load_pack(write(tmp_path, '\n\nlanguage = "fi"\n'))
    assert pack is not None
    assert [(problem.line, problem.message.split(";")[0]) for problem in problems] == [
        (1, "missing title"), (1, "the pack has no situations"), (3, 'unknown language "fi"')]  # in line order


def test_hold_and_difficulty_out_of_range(tmp_path):
    text = GOOD_PACK.replace("hold_seconds = 2", "hold_seconds = 0").replace('"hard"', '"extreme"')
    pack, problems = load_pack(write(tmp_path, text))
    assert [(p.line, "hold_seconds" in p.message or "difficulty" in p.message) for p in problems] == [
        (17, True), (18, True)]


def test_not_utf8_names_the_line_and_gives_no_pack(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(GOOD_PACK.replace("Mouth down.", "Munnen nedåt.").encode("latin-1"))
    pack, problems = load_pack(path)
    assert pack is None
    assert len(problems) == 1 and problems[0].line == 11 and "not UTF-8" in problems[0].message


def test_utf8_with_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(GOOD_PACK.encode("utf-8-sig"))
    assert load_pack(path)[1] == []


@pytest.mark.parametrize(("text", "line", "cause"), [
    ('title = "T"\nlanguage = "en"\n[[scenario]\n', 3, "a bracket is missing on line 3"),
    ('title = "T"\nlanguage = en\n', 2, "put text in quotes"),
    ('title = "T\nlanguage = "en"\n', 1, "a quote is not closed on line 1"),
    ('title = "T"\nlanguage = "en"\n\n[[scenario]]\ntext = "Hi\n', 5, "a quote is not closed on line 5"),
    ("# it's a comment\ntitle = 'T\n", 2, "a quote is not closed on line 2"),
    ('title = "T"\ntitle = "again"\n', 2, "a key is written twice (line 2)"),
    ('title "T"\n', 1, "an = sign is missing on line 1"),
    ('title = "T"\n[[scenario]]\nhold_seconds = 2,5\n', 3, "numbers with a dot"),
    ('[[scenario]]\ntarget = ["surprise", "fear"\n', 2, "a list is not closed"),
])
def test_unparseable_names_the_likely_cause_and_line(tmp_path, text, line, cause):
    pack, problems = load_pack(write(tmp_path, text))
    assert pack is None
    assert [problem.line for problem in problems] == [line]
    assert cause in problems[0].message
    assert "Illegal character" not in problems[0].message and "column" not in problems[0].message


def test_wrong_type_reads_as_plain_words(tmp_path):
    problem = only_problem(write(tmp_path, GOOD_PACK.replace('title = "Test pack"', "title = 5")))
    assert problem.line == 1 and "title must be text in quotes, not the number 5" in problem.message


def test_missing_file_is_a_problem_not_an_exception(tmp_path):
    pack, problems = load_pack(tmp_path / "nope.toml")
    assert pack is None and problems[0].line == 1 and "cannot read" in problems[0].message


def test_multiline_strings_do_not_confuse_line_numbers(tmp_path):
    text = GOOD_PACK.replace('description = "For tests."', 'description = """\nid = "fake"\ntarget = 1\n"""')
    text = text.replace('target = "surprise"', 'target = "sleepy"')
    problem = only_problem(write(tmp_path, text))
    assert problem.line == 19


def test_loading_never_executes_anything(tmp_path):
    marker = tmp_path / "pwned"
    text = GOOD_PACK.replace('"Tester"', f'"__import__(\'os\').system(\'touch {marker}\')"')
    pack, problems = load_pack(write(tmp_path, text))
    assert problems == [] and not marker.exists()
    assert pack.author.startswith("__import__")


def test_validate_pack_reports_in_memory_problems():
    pack = Pack("T", "en", [Scenario("a", "x", "happy"), Scenario("a", "", "joy")])
    messages = validate_pack(pack)
    assert len(messages) == 3
    assert any("missing text" in m for m in messages)
    assert any('unknown expression "joy"' in m and '"happy"' in m for m in messages)
    assert any("duplicate id" in m for m in messages)
    assert validate_pack(Pack("T", "sv", [Scenario("a", "x", "happy")])) == []


def test_discover_skips_broken_packs_and_keeps_the_others(tmp_path):
    write(tmp_path, GOOD_PACK, "good.toml")
    write(tmp_path, GOOD_PACK.replace('"sad"', '"glum"'), "bad.toml")
    write(tmp_path, "not toml at all", "worse.toml")
    write(tmp_path, "ignored", "notes.txt")
    packs, problems = discover_packs(tmp_path, tmp_path / "missing-folder")
    assert [pack.path.name for pack in packs] == ["good.toml"]
    assert sorted(problem.path.name for problem in problems) == ["bad.toml", "worse.toml"]
    assert not packs[0].builtin


def test_builtin_packs_are_valid_marked_and_cover_everything():
    folder = builtin_scenarios_dir()
    files = sorted(folder.glob("*.toml"))
    packs, problems = discover_packs(folder)
    assert problems == [] and len(packs) == len(files) >= 6
    assert all(pack.builtin for pack in packs)
    for language in ("en", "sv"):
        own = [pack for pack in packs if pack.language == language]
        situations = [scenario for pack in own for scenario in pack.scenarios]
        assert len(own) >= 3 and len(situations) >= 40
        assert set(Counter(s.target for s in situations)) == set(EXPRESSIONS)
        assert all(s.hint for s in situations)


def test_builtin_packs_accept_several_reactions_where_a_situation_allows_them():
    packs, _ = discover_packs(builtin_scenarios_dir())
    for language in ("en", "sv"):
        several = [s for pack in packs if pack.language == language for s in pack.scenarios if s.alternatives]
        assert len(several) >= 5, language
        assert all(len(set(s.targets)) == len(s.targets) >= 2 for s in several)


def test_swedish_packs_are_written_in_swedish():
    packs, _ = discover_packs(builtin_scenarios_dir())
    swedish_text = " ".join(s.text for pack in packs if pack.language == "sv" for s in pack.scenarios)
    assert any(letter in swedish_text for letter in "åäö")
    assert " du " in f" {swedish_text.lower()} " and " the " not in f" {swedish_text.lower()} "


def tricky_pack() -> Pack:
    return Pack(
        title='Quotes " and \\ backslash',
        language="sv",
        age_range="6-9",
        author="Åsa Öberg",
        description="Line one\nline two\ttabbed \u0001 control, emoji \N{FEARFUL FACE}, 'single' \"\"\"",
        scenarios=[
            Scenario("a-1", "Mjölken luktar konstigt.", "disgust", hint="Rynka näsan # not a comment"),
            Scenario("b", 'He said "boo"', "fear", hold_seconds=1.25, min_level="easy"),
            Scenario("c", "x = 1\n[[scenario]]", "neutral", hold_seconds=3.0),
        ],
    )


def test_save_and_load_round_trip(tmp_path):
    pack = tricky_pack()
    path = tmp_path / "round.toml"
    save_pack(pack, path)
    loaded, problems = load_pack(path)
    assert problems == []
    loaded.path = None
    assert loaded == pack


def test_saved_text_is_readable_utf8(tmp_path):
    text = pack_to_toml(tricky_pack())
    assert "Åsa Öberg" in text and "\N{FEARFUL FACE}" in text
    assert text.count("[[scenario]]\n") == 3


def test_saving_builtin_packs_round_trips(tmp_path):
    packs, _ = discover_packs(builtin_scenarios_dir())
    for pack in packs:
        target = tmp_path / pack.path.name
        save_pack(pack, target)
        loaded, problems = load_pack(target)
        assert problems == [] and loaded.scenarios == pack.scenarios and loaded.title == pack.title


def test_save_keeps_a_backup_of_the_previous_version(tmp_path):
    path = tmp_path / "p.toml"
    save_pack(Pack("First", "en", [Scenario("a", "x", "happy")]), path)
    assert not scenarios.backup_path(path).exists()
    save_pack(Pack("Second", "en", [Scenario("a", "x", "happy")]), path)
    assert load_pack(path)[0].title == "Second"
    assert load_pack(scenarios.backup_path(path))[0].title == "First"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".packs.lock") == ["p.toml", "p.toml.bak"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failure_mid_save_leaves_the_old_file_intact(tmp_path, monkeypatch, failing):
    path = tmp_path / "p.toml"
    save_pack(Pack("Old", "en", [Scenario("a", "x", "happy")]), path)
    before = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, failing, broken)
    with pytest.raises(OSError):
        save_pack(Pack("New", "en", [Scenario("a", "y", "sad")] * 50), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_failure_while_writing_leaves_no_partial_file(tmp_path, monkeypatch):
    path = tmp_path / "fresh.toml"

    def unencodable(pack):
        return "title = \"\ud800\""  # a lone surrogate cannot be encoded as UTF-8

    monkeypatch.setattr(toml_format, "pack_to_toml", unencodable)
    with pytest.raises(UnicodeEncodeError):
        save_pack(Pack("T", "en", []), path)
    assert list(tmp_path.iterdir()) == []


def test_save_creates_the_folder(tmp_path):
    path = tmp_path / "deep" / "er" / "p.toml"
    save_pack(Pack("T", "en", [Scenario("a", "x", "happy")]), path)
    assert load_pack(path)[1] == []


def test_unique_pack_path(tmp_path):
    first = unique_pack_path(tmp_path, "Min klass: 2B!")
    assert first.name == "min-klass-2b.toml"
    first.write_text("")
    assert unique_pack_path(tmp_path, "Min klass 2B").name == "min-klass-2b-2.toml"
    assert unique_pack_path(tmp_path, "???").name == "pack.toml"


def test_scenarios_module_stays_pure():
    source = Path(scenarios.__file__).read_text(encoding="utf-8")
    assert "PySide6" not in source and "tensorflow" not in source and "keras" not in source
    assert os.path.basename(scenarios.__file__) == "scenarios.py"
