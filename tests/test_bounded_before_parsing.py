"""Nesting is bounded before the TOML parser runs (issue 29): a pack whose keys nest 150,000 deep (dotted keys,
a table header, inline tables) is refused with FILE:LINE without the parser ever seeing it; real packs pass."""

from __future__ import annotations

import tomllib

import pytest

from actor_trainer.packs import toml_format
from actor_trainer.packs.packs import discover_packs
from actor_trainer.resources import builtin_scenarios_dir

DEPTH = 150_000
HEAD = 'title = "Deep"\nlanguage = "en"\n'
DEEP = {
    "dotted key": HEAD + ".".join(["k"] * DEPTH) + " = 1\n",
    "table header": HEAD + "[" + ".".join(["k"] * DEPTH) + "]\n",
    "inline tables": HEAD + "k = " + "{a = " * DEPTH + "1" + "}" * DEPTH + "\n",
    "quoted dotted key": HEAD + ".".join(['"k"'] * DEPTH) + " = 1\n",
}


@pytest.fixture
def no_parser(monkeypatch):
    def refuse(text):
        raise AssertionError("the parser saw a pack nested too deeply")
    monkeypatch.setattr(toml_format.tomllib, "loads", refuse)


@pytest.mark.parametrize("kind", DEEP)
def test_a_pack_nested_150000_deep_is_refused_before_parsing(tmp_path, no_parser, kind):
    path = tmp_path / "deep.toml"
    path.write_text(DEEP[kind], encoding="utf-8")
    packs, problems = discover_packs(tmp_path / "none", tmp_path)
    assert packs == [] and len(problems) == 1
    assert problems[0].line == 3 and "nested too deeply" in str(problems[0])


def test_every_built_in_pack_is_within_the_bounds(monkeypatch):
    seen = []
    real = tomllib.loads
    monkeypatch.setattr(toml_format.tomllib, "loads", lambda text: seen.append(1) or real(text))
    packs, problems = discover_packs(builtin_scenarios_dir(), builtin_scenarios_dir() / "none")
    assert packs and not problems and len(seen) == len(packs)


def test_dots_inside_strings_and_comments_do_not_count(tmp_path):
    text = ('title = "A. B. C. ' + ". " * 100 + '"\nlanguage = "en"  # ' + "." * 100 + "\n"
            '[[scenario]]\nid = "x"\ntext = "' + "..." * 50 + '"\nexpression = "happy"\n')
    assert toml_format.too_deep_line(text) is None
