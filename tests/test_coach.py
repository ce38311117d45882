"""The front door to the core, without Qt: a game from (pack, player, level) with the model's own profile,
and model.json parsed once into that profile; the start screen tells the same plan the game plays."""

from __future__ import annotations

import json
from datetime import datetime

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.packs.scenarios import Pack, Scenario
from actor_trainer.people.players import PlayerStore
from actor_trainer.people.results import summarise
from actor_trainer.play import levels as levels_module
from actor_trainer.play.coach import Coach, profile_of
from actor_trainer.play.game import ScenarioResult
from actor_trainer.play.model_profile import ModelProfile
from actor_trainer.play.session import Phase
from actor_trainer.vision.classifier import read_metadata

CALM = {name: 0.02 for name in EXPRESSIONS} | {"neutral": 0.88}
PACK = Pack("Zoo", "en", [Scenario("ice", "Ice cream fell.", "sad"), Scenario("gift", "A puppy!", "happy"),
                          Scenario("ghost", "A ghost!", "fear", min_level="hard")])


def model_json(**thresholds) -> dict:
    levels = {name: {"require_top": name != "easy",
                     "thresholds": {c: thresholds.get(c, 0.4) for c in EXPRESSIONS}} for name in
              ("easy", "normal", "hard")}
    return {"classes": list(EXPRESSIONS), "levels": levels, "temperature": 1.5, "neutral_reference": CALM,
            "posed_subjects_trained": ["S005"]}


def test_read_metadata_parses_the_profile_once(tmp_path, monkeypatch):
    (tmp_path / "model.json").write_text(json.dumps(model_json(sad=0.7)))
    calls = []
    parse = levels_module.parse_levels
    monkeypatch.setattr(levels_module, "parse_levels", lambda *a: (calls.append(1), parse(*a))[1])
    profile = read_metadata(tmp_path)
    assert isinstance(profile, ModelProfile) and len(calls) == 1
    assert profile.levels["normal"].threshold("sad") == 0.7 and profile.levels["normal"].require_top
    assert not profile.levels["easy"].require_top
    assert profile.temperature == 1.5 and profile.calm_reference == CALM
    assert profile["posed_subjects_trained"] == ["S005"]  # still reads like model.json for the tools


def test_a_game_starts_with_the_levels_operating_point_and_the_models_calm_face():
    coach = Coach(profile=ModelProfile.parse(model_json(sad=0.7)), baseline_seconds=0.0)
    session = coach.start(PACK, level_name="normal")
    assert [s.id for s in session.scenarios] == ["ice", "gift"]  # the hard one is left out on normal
    assert session.operating_point.threshold("sad") == 0.7 and session.calm_reference == CALM
    assert [s.id for s in coach.start(PACK, level_name="hard").scenarios] == ["ice", "gift", "ghost"]
    session.skip_baseline()
    assert session.phase is Phase.PLAYING and session.game.judge.thresholds == {"sad": 0.7}


def alvas_coach(folder) -> Coach:
    """A coach whose player Alva failed sad three times (so sad comes back once in her next game)."""
    players = PlayerStore(folder)
    players.add("Alva", "a")
    for _ in range(3):
        rows = [ScenarioResult("ice", "t", "sad", False, 20.0, 1, 0.1),
                ScenarioResult("gift", "t", "happy", True, 1.0, 1, 0.9)]
        players.record_game("Alva", summarise(rows, "Alva", "Zoo", "normal", now=datetime(2024, 5, 1, 9)).record)
    return Coach(players)


def test_a_players_hard_expressions_come_back(tmp_path):
    coach = alvas_coach(tmp_path)
    assert [s.id for s in coach.start(PACK, "Alva").scenarios].count("ice") == 2
    assert [s.id for s in coach.start(PACK, "").scenarios].count("ice") == 1  # a guest plays the pack as it is


def test_the_plan_is_what_the_game_plays_and_what_the_start_screen_tells(tmp_path, qtbot):
    coach = alvas_coach(tmp_path)
    plan = coach.plan(PACK, "Alva", "normal")
    assert list(plan.scenarios) == coach.start(PACK, "Alva", "normal").scenarios
    assert (plan.level.name, plan.total, plan.at_level, plan.left_out, plan.extra) == ("normal", 3, 2, 1, 1)
    guest = coach.plan(PACK, "", "hard")
    assert (guest.at_level, guest.left_out, guest.extra) == (3, 0, 0)
    from actor_trainer.ui.i18n import tr_count
    from actor_trainer.ui.screens.start import StartScreen

    start = StartScreen()
    qtbot.addWidget(start)
    start.lang = "en"
    start.plan = coach.plan
    start.set_players(coach.players.players(), "Alva")
    start.set_packs([PACK], "Zoo", [], "en")
    start.level.setCurrentIndex(start.level.findData("normal"))
    start.show_counts()
    note = start.level_note.text()
    assert tr_count("left_out_note", 1, "en") in note and tr_count("practice_note", 1, "en") in note


def test_a_model_loaded_while_finding_the_baseline_judges_that_game():
    coach = Coach(baseline_seconds=1.0)
    session = coach.start(PACK)
    assert not session.operating_point.measured
    model = type("Pipeline", (), {"classifier": type("Classifier", (), {"metadata": model_json(sad=0.6)})()})()
    coach.use_model(model, session)
    assert session.operating_point.threshold("sad") == 0.6 and session.calm_reference == CALM
    for step in range(30):
        session.feed(CALM, step / 10)
    assert session.phase is Phase.PLAYING and session.game.judge.thresholds == {"sad": 0.6}


def test_broken_levels_fall_back_to_the_defaults():
    broken = type("Classifier", (), {"metadata": {"classes": list(EXPRESSIONS), "levels": {"easy": {}}}})()
    profile = profile_of(type("Pipeline", (), {"classifier": broken})())
    assert not profile.levels["normal"].measured
    assert not profile_of(None).levels["normal"].measured
