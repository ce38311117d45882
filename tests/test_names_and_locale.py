"""Names that show as nothing are refused and names are compared in NFC; the command line prints under a locale
that is not UTF-8 (issue 29)."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from actor_trainer.people.players import PlayerError, PlayerStore

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["\x00", "\x00\x00 \x00", "\u200b", "\u200b\u200c\u200d\ufeff", "\u0301\u0301",
                                  "\u0300 \u0308", " \t ", "\u2060"])
def test_a_name_that_shows_as_nothing_is_refused(tmp_path, name):
    with pytest.raises(PlayerError) as raised:
        PlayerStore(tmp_path).add(name, "🦊")
    assert raised.value.reason == "empty"
    assert list(tmp_path.glob("*.json")) == []


def test_control_characters_are_taken_out_of_a_name(tmp_path):
    assert PlayerStore(tmp_path).add("Al\x00va", "🦊").name == "Alva"


def test_a_name_typed_in_two_unicode_forms_is_one_player(tmp_path):
    store = PlayerStore(tmp_path)
    composed, decomposed = unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José")
    assert composed != decomposed
    store.add(decomposed, "🦊")
    with pytest.raises(PlayerError) as raised:
        store.add(composed, "🐼")
    assert raised.value.reason == "duplicate"
    assert [player.name for player in store.players()] == [composed]  # stored in NFC
    assert store.history(decomposed) == [] and store.history(composed) == []


def test_the_results_print_an_emoji_avatar_under_a_latin1_locale(tmp_path):
    PlayerStore(tmp_path / "players").add("Åsa", "🦊")
    env = {**os.environ, "PYTHONIOENCODING": "iso-8859-1", "LANG": "C", "LC_ALL": "C", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "actor_trainer.cli", "results", "--folder",
                           str(tmp_path / "players")], capture_output=True, env=env, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr.decode("iso-8859-1")
    assert "? Åsa".encode("iso-8859-1") in done.stdout
