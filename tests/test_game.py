from actor_trainer.labels import EXPRESSIONS
from actor_trainer.packs.scenarios import Scenario as Scene
from actor_trainer.play.baseline import fit_baseline
from actor_trainer.play.game import Game, scenarios_for_level
from actor_trainer.settings import LEVELS, Settings, level_named

PACK = [Scene("ice", "Your ice cream fell", "sad"), Scene("gift", "A present!", "happy"),
        Scene("spider", "A spider", "fear", hold_seconds=0.5)]


def showing(target: str, value: float = 0.9) -> dict[str, float]:
    rest = (1.0 - value) / (len(EXPRESSIONS) - 1)
    return {name: value if name == target else rest for name in EXPRESSIONS}


class Clock:
    def __init__(self):
        self.now = 0.0

    def tick(self, step=0.1):
        self.now += step
        return self.now


def play_until_passed(game, clock, frames=40):
    for _ in range(frames):
        game.update(showing(game.current.target), clock.tick())
        if game.celebrating:
            return True
    return False


def test_whole_pack_success_path():
    game, clock = Game(PACK, LEVELS["normal"]), Clock()
    while not game.finished:
        assert play_until_passed(game, clock)
        game.advance()
    assert [r.passed for r in game.results] == [True, True, True]
    assert [r.scenario_id for r in game.results] == ["ice", "gift", "spider"]
    assert game.results[0].seconds >= 1.0
    assert game.results[2].seconds < 1.0  # the scenario's own hold time wins


def test_updates_are_ignored_while_celebrating_or_paused():
    game, clock = Game(PACK, LEVELS["normal"]), Clock()
    play_until_passed(game, clock)
    game.update(showing("happy"), clock.tick())
    assert game.index == 0 and len(game.results) == 1
    game.advance()
    game.pause()
    for _ in range(30):
        game.update(showing("happy"), clock.tick())
    assert game.index == 1 and game.state.hold_fraction == 0.0
    game.resume()
    assert play_until_passed(game, clock)


def test_skip_records_a_failed_result_and_moves_on():
    game, clock = Game(PACK, LEVELS["normal"]), Clock()
    for _ in range(5):
        game.update(showing("neutral"), clock.tick())
    game.skip()
    assert game.current.id == "gift"
    assert game.results[0].passed is False and game.results[0].seconds > 0


def test_retry_restarts_the_hold_and_counts_attempts():
    game, clock = Game(PACK, LEVELS["normal"]), Clock()
    for _ in range(8):
        game.update(showing("sad"), clock.tick())
    game.retry()
    assert game.state.hold_fraction == 0.0
    assert play_until_passed(game, clock)
    assert game.results[0].attempts == 2
    assert game.results[0].seconds > 1.5  # time before the retry still counts


def test_no_face_waits_and_hint_appears_after_active_time():
    level = level_named("easy")
    game, clock = Game(PACK, level), Clock()
    for _ in range(200):
        game.update(None, clock.tick())
    assert not game.show_hint and game.judge.active_seconds == 0
    for _ in range(int(level.hint_after_seconds * 10) + 2):
        game.update(showing("neutral"), clock.tick())
    assert game.show_hint


def test_the_baseline_is_applied_to_what_the_judge_sees():
    resting = {**showing("sad", 0.6), "neutral": 0.3}
    game = Game([Scene("calm", "Be calm", "neutral")], LEVELS["normal"], fit_baseline([resting] * 20))
    clock = Clock()
    assert play_until_passed(game, clock)


def test_harder_levels_require_more():
    easy, normal, hard = (LEVELS[name] for name in ("easy", "normal", "hard"))
    assert easy.threshold <= normal.threshold <= hard.threshold
    assert easy.hold_seconds <= normal.hold_seconds <= hard.hold_seconds
    assert easy.show_target and not hard.show_target


def test_scenarios_for_level_leaves_out_harder_ones():
    pack = [Scene("a", "a", "happy", min_level="easy"), Scene("b", "b", "sad", min_level="hard"),
            Scene("c", "c", "sad")]
    assert [s.id for s in scenarios_for_level(pack, "easy")] == ["a", "c"]
    assert [s.id for s in scenarios_for_level(pack, "hard")] == ["a", "b", "c"]
    assert [s.id for s in scenarios_for_level(pack[1:2], "easy")] == ["b"]


def test_settings_round_trip_and_bad_values():
    settings = Settings(camera=2, language="en", level="hard", read_aloud=False)
    assert Settings.from_dict(settings.to_dict()) == settings
    stored = {"camera": "3", "language": "xx", "difficulty": "impossible", "read_aloud": "false",
              "window_width": "oops"}
    loaded = Settings.from_dict(stored)
    assert (loaded.camera, loaded.language, loaded.level, loaded.read_aloud) == (3, "sv", "normal", False)
    assert loaded.window_width == 1280
