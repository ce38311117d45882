"""The coaching cue on the play screen at 1024x600, 1280x800 and 1920x1080, in Swedish and English: the longest
cue the game can give, beside a hint and with the teacher view's measures, is never cut, overlaps nothing and
stays inside the window (the checks of tests/test_layout.py)."""

from __future__ import annotations

import itertools

import pytest

pytest.importorskip("PySide6")

from actor_trainer.play.coaching import EXPECTED, coached_actions
from actor_trainer.ui.coaching import cue_text, teacher_lines
from tests.qt_waits import wait_until_settled
from tests.test_layout import SIZE_PARAMS, open_window, problems_on_screen, store  # noqa: F401 (a fixture)


def longest_cue(lang: str) -> tuple[str, ...]:
    """The two coached actions of one expression whose line is longest in `lang` (or the longest single one)."""
    cues = [pair for expression in EXPECTED for pair in itertools.permutations(coached_actions(expression), 2)]
    cues += [(action,) for expression in EXPECTED for action in coached_actions(expression)]
    return max(cues, key=lambda actions: len(cue_text(actions, lang)))


@pytest.mark.parametrize("size", SIZE_PARAMS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_longest_cue_fits_with_a_hint_and_the_teacher_view(qtbot, tmp_path, store, size, lang):  # noqa: F811
    window, _director = open_window(qtbot, tmp_path, store, size, lang)
    window.start.start.click()
    qtbot.waitUntil(lambda: window.game is not None, timeout=10000)
    qtbot.waitUntil(lambda: window.play.progress.text().startswith("1 / "), timeout=10000)
    window.stop_worker()  # no more frames: the cue and the figures shown here stay as they are
    play = window.play
    cue = longest_cue(lang)
    play.coach_card.show_cue(cue)
    qtbot.waitUntil(play.coach_card.line.isVisible)
    assert play.coach_card.line.text() == cue_text(cue, lang) != ""
    wait_until_settled(qtbot, window)
    problems = problems_on_screen(window, f"cue {cue}")
    play.show_hint("Think of something sad, like a lost toy.", "sad")
    wait_until_settled(qtbot, window)
    problems += problems_on_screen(window, "cue and hint")
    play.toggle_teacher_view()
    moved = {action: -0.012 for action in EXPECTED["fear"]}
    play.coach_note.setText(teacher_lines("fear", moved, lang))
    assert play.coach_note.text().count("\n") == len(EXPECTED["fear"])
    wait_until_settled(qtbot, window)
    problems += problems_on_screen(window, "cue, hint and the teacher view")
    window.close()
    assert problems == [], "\n".join(problems)
