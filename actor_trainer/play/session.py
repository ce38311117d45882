"""One game from the first calm face to the summary, as a state machine. Pure Python.

finding_baseline -> playing <-> celebrating -> finished, and stopped from any of them. The window feeds
every frame result in (`feed`) and the child's actions (skip, retry, pause, next, stop?); each call
returns a `View`: what the play screen should show now, in words the screen turns into pictures.

The game is held (`paused`) while the child paused it, while it asks "Do you want to stop?" and while
the camera or video is away; the View's `overlay` says which page covers the game.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum

from actor_trainer.people.results import Summary, summarise
from actor_trainer.play.actions import CalmFace, face_measures, median_measures, movements
from actor_trainer.play.baseline import BaselineCollector
from actor_trainer.play.coaching import Cues
from actor_trainer.play.game import Game
from actor_trainer.play.judge import Status, leading_expression
from actor_trainer.play.levels import OperatingPoint
from actor_trainer.settings import Level

ALMOST = 0.7  # share of the threshold from which the child is told "Almost!" rather than "Bigger!"
RECENT_FACES = 3  # coaching reads the median of the last few face measures (a blink does not count)


class Phase(Enum):
    FINDING_BASELINE = "finding_baseline"  # the calm face at the start
    PLAYING = "playing"
    CELEBRATING = "celebrating"
    FINISHED = "finished"
    STOPPED = "stopped"


class Feedback(Enum):
    """The one short message for the child, from what the judge sees."""

    GETTING_READY = "getting_ready"  # no frame yet
    NO_FACE = "no_face"
    CALM = "calm"  # finding the baseline: rest your face
    TRY = "try"  # far from the target
    BIGGER = "bigger"  # on the way
    ALMOST = "almost"  # close, or above the threshold but another expression still wins
    HOLD = "hold"  # above the threshold, holding: countdown
    PASSED = "passed"
    PAUSED = "paused"
    DONE = "done"


class Overlay(Enum):
    """What covers the game on the play screen: nothing, the child's pause, or the question before stopping."""

    NONE = "none"
    PAUSED = "paused"
    ASK_TO_STOP = "ask_to_stop"


@dataclass(frozen=True)
class View:
    phase: Phase
    feedback: Feedback
    index: int = 0  # the current situation, from 0
    total: int = 0
    scenario: object | None = None
    targets: tuple[str, ...] = ()  # every accepted expression, the shown one first
    expression: str = ""  # the accepted expression nearest to passing
    probability: float = 0.0  # its probability (calm-face corrected)
    threshold: float = 0.5  # its threshold: the gauge's mark
    meter: float = 0.0  # 0..1 toward the target (probability / threshold): the meter and the mascot's badge
    meets: bool = False  # the judge's verdict on this frame (require_top included): the gauge's colour
    hold_fraction: float = 0.0
    countdown: int = 0  # 3, 2, 1 while holding; 0 otherwise
    baseline_progress: float = 0.0  # how far the calm-face baseline is, 0..1
    probs: dict[str, float] | None = None  # calm-face corrected probabilities: the teacher's bars
    leading: str = ""  # the child's leading expression in `probs` (the top class): what the mascot mirrors
    leading_probability: float = 0.0  # its probability: how strongly the mascot mirrors it
    hint: str = ""
    paused: bool = False  # held: the child's pause, the stop question or a lost camera
    camera: str = ""  # what the camera sees (too_dark, too_far, turned_away, two_faces); "" when fine
    overlay: Overlay = Overlay.NONE
    journey: tuple[bool, ...] = ()  # each situation played so far, in order: passed (True) or not; the journey map
    cue: tuple[str, ...] = ()  # coaching: the one or two facial actions (play/actions.py) to tell the child now
    moved: dict[str, float] | None = None  # every action's movement against the calm face: the teacher's figures


@dataclass
class Session:
    scenarios: list
    level: Level
    operating_point: OperatingPoint
    baseline_seconds: float = 3.0
    calm_reference: dict[str, float] | None = None  # the model's own calm face (model.json); None: default
    game: Game | None = None
    paused_by_child: bool = False  # Space, P or the Resume button
    asking_to_stop: bool = False  # Esc: "Do you want to stop playing?" is on the screen
    source_away: bool = False  # the camera or video is lost (the error screen is shown)
    _phase: Phase = Phase.FINDING_BASELINE  # never CELEBRATING: that is the game's (see `phase`)
    _collector: BaselineCollector | None = None
    _last: View | None = None
    _stopped_index: int | None = None
    _probs: dict[str, float] | None = field(default=None, repr=False)
    _camera: str = ""
    cues: Cues = field(default_factory=Cues)  # coaching's timing; `set_calm` makes it gentle
    _calm_face: CalmFace = field(default_factory=CalmFace, repr=False)  # the calm face's measures
    _recent_faces: list = field(default_factory=list, repr=False)
    _moved: dict[str, float] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.scenarios = list(self.scenarios)
        if not self.scenarios:
            raise ValueError("a session needs at least one situation")
        self._collector = BaselineCollector(self.baseline_seconds, reference=self.calm_reference)
        self._last = View(Phase.FINDING_BASELINE, Feedback.GETTING_READY, total=len(self.scenarios))

    # ------------------------------------------------------------------ what the screen shows
    @property
    def view(self) -> View:
        return self._last

    @property
    def total(self) -> int:
        return len(self.scenarios)

    @property
    def paused(self) -> bool:
        """The game is held: no frame is judged and the clocks stand still."""
        return self.paused_by_child or self.asking_to_stop or self.source_away

    @property
    def overlay(self) -> Overlay:
        """Which page covers the game: the stop question over the pause, the pause over the game."""
        if self.asking_to_stop:
            return Overlay.ASK_TO_STOP
        return Overlay.PAUSED if self.paused_by_child else Overlay.NONE

    @property
    def phase(self) -> Phase:
        """Where the game is. CELEBRATING is read from the game (the judge's verdict: Judge.passed owns "passed"),
        never stored here, so the two cannot disagree."""
        if self._phase is Phase.PLAYING and self.game is not None and self.game.celebrating:
            return Phase.CELEBRATING
        return self._phase

    @property
    def over(self) -> bool:
        return self.phase in (Phase.FINISHED, Phase.STOPPED)

    @property
    def stopped_at(self) -> int | None:
        """The situation (from 1) the child stopped at, or None when the game was not stopped."""
        return None if self._stopped_index is None else self._stopped_index + 1

    # ------------------------------------------------------------------ frames
    def feed(self, probs: dict[str, float] | None, timestamp: float, camera: str | None = None,
             face: dict[str, float] | None = None, mesh=None) -> View:
        """One frame's smoothed probabilities (None: no face, or one too dark to judge) at `timestamp`
        seconds, what the camera sees (`FrameResult.camera`), passed on in the View, and the face's measures
        when the face mesh read it on this frame (play/actions.py `face_measures`; None on most frames), or
        the mesh itself (`FrameResult.mesh`: (468, 2+) points), measured here."""
        if face is None and mesh is not None:
            face = face_measures(mesh)
        self._camera = camera or ""
        if self.phase is Phase.FINDING_BASELINE:
            return self._find_baseline(probs, timestamp, face)
        if self.phase is Phase.PLAYING:
            return self._judge(probs, timestamp, face)
        return self._last

    def set_calm(self, calm: bool) -> None:
        """Calm mode: coaching cues come later, more rarely and one action at a time."""
        self.cues.calm = calm

    def _find_baseline(self, probs, timestamp: float, face=None) -> View:
        if self.paused:
            return self._last
        self._collector.add(probs, timestamp)
        if probs is not None:
            self._calm_face.add(face)
        if self._collector.done:
            return self._start_playing()
        self._last = View(Phase.FINDING_BASELINE, Feedback.CALM if probs is not None else Feedback.NO_FACE,
                          total=self.total, baseline_progress=self._collector.progress, probs=probs,
                          camera=self._camera)
        return self._last

    def _judge(self, probs, timestamp: float, face=None) -> View:
        if self.paused:
            return self._last
        state = self.game.update(probs, timestamp)  # a pass turns the phase to CELEBRATING (see `phase`)
        self._probs = self.game.probs
        self._coach(probs, face, timestamp, state)
        return self._show()

    def _coach(self, probs, face, timestamp: float, state) -> None:
        """The face's movements against the calm face, and the cue for the shown expression (play/coaching.py):
        only while playing a situation whose target is shown, with a calm face measured."""
        if probs is None:
            self._recent_faces.clear()
        elif face:
            self._recent_faces = [*self._recent_faces, face][-RECENT_FACES:]
        self._moved = movements(median_measures(self._recent_faces), self._calm_face.reference)
        if self.phase is not Phase.PLAYING or not self.level.show_target:
            self.cues.reset()
            return
        trying = self._moved is not None and state.status not in (Status.HOLDING, Status.PASSED) \
            and state.meter < ALMOST
        self.cues.update(self.game.current.targets[0], self._moved, timestamp, trying)

    def use_model(self, operating_point: OperatingPoint, calm_reference: dict[str, float] | None) -> None:
        """The model finished loading while the child was still resting their face: judge with its own
        operating point and aim the calm-face baseline at its own calm face. No effect once playing."""
        if self.game is None:
            self.operating_point, self.calm_reference = operating_point, calm_reference
            self._collector.reference = calm_reference

    # ------------------------------------------------------------------ the child's actions
    def skip_baseline(self) -> View:
        return self._start_playing() if self.phase is Phase.FINDING_BASELINE else self._last

    def skip(self) -> View:
        """Skip the calm-face baseline, the current situation, or the rest of the celebration."""
        if self.phase is Phase.FINDING_BASELINE:
            return self.skip_baseline()
        if self.phase is Phase.CELEBRATING:
            return self.advance()
        if self.phase is Phase.PLAYING:
            self.game.skip()
            return self._next_or_finish()
        return self._last

    def retry(self) -> View:
        if self.phase is Phase.PLAYING:
            self.game.retry()
            self._probs = None
            self.cues.reset()
            return self._show()
        return self._last

    def advance(self) -> View:
        """After the celebration: the next situation, or the end."""
        if self.phase is not Phase.CELEBRATING:
            return self._last
        self.game.advance()
        return self._next_or_finish()

    def set_paused(self, paused: bool) -> View:
        """The child pauses (True) or resumes (False); ignored while the stop question is asked."""
        if self.over or self.asking_to_stop or paused == self.paused_by_child:
            return self._last
        self.paused_by_child = paused
        return self._hold_changed()

    def toggle_pause(self) -> View:
        """Space, P or Resume: pause the game, or resume it."""
        return self.set_paused(not self.paused_by_child)

    def ask_to_stop(self) -> View:
        """Esc: hold the game and ask "Do you want to stop playing?"."""
        if self.over or self.asking_to_stop:
            return self._last
        self.asking_to_stop = True
        return self._hold_changed()

    def cancel_stop(self) -> View:
        """No: back to the game as it was, still paused if the child had paused it."""
        if self.over or not self.asking_to_stop:
            return self._last
        self.asking_to_stop = False
        return self._hold_changed()

    def confirm_stop(self) -> View:
        """Yes: the game ends as stopped (see `stop`); nothing happens unless the question was asked."""
        return self.stop() if self.asking_to_stop else self._last

    def set_source_away(self, away: bool) -> View:
        """The camera or video is lost (True; the game is held) or back (False; held only if still paused)."""
        if self.over or away == self.source_away:
            return self._last
        self.source_away = away
        return self._hold_changed()

    def stop(self) -> View:
        """The child stops early: the unfinished situation is kept, marked as where they stopped."""
        if self.over:
            return self._last
        if self.phase is Phase.PLAYING:
            self._stopped_index = self.game.index
            self.game.skip()  # records the unfinished situation (not passed)
        elif self.phase is Phase.CELEBRATING:
            self._stopped_index = self.game.index
        else:
            self._stopped_index = 0
        self._phase = Phase.STOPPED
        self.asking_to_stop = False
        self._last = View(Phase.STOPPED, Feedback.DONE, index=self._stopped_index, total=self.total,
                          journey=self._journey())
        return self._last

    # ------------------------------------------------------------------ the end
    def summary(self, player: str = "", pack_title: str = "", now: datetime | None = None) -> Summary | None:
        """The game's summary (finished or stopped), or None when no situation was played."""
        results = self.game.results if self.game is not None else []
        if not results:
            return None
        unfinished = self.phase is Phase.STOPPED and len(results) == (self._stopped_index or 0) + 1 \
            and not results[-1].passed
        return summarise(results, player, pack_title, self.level.name, now=now, total=self.total,
                         stopped_at=self.stopped_at, unfinished_last=unfinished)

    # ------------------------------------------------------------------ helpers
    def _hold_changed(self) -> View:
        """The game held or let go (the game's clocks follow), and the View saying so."""
        paused = self.paused
        if self.game is not None and self.game.paused != paused:
            self.game.pause() if paused else self.game.resume()
        self._last = replace(self._last, paused=paused, overlay=self.overlay,
                             feedback=Feedback.PAUSED if paused else self._resumed_feedback())
        return self._last

    def _start_playing(self) -> View:
        self.cues.reset()
        baseline = self._collector.result()
        self.game = Game(self.scenarios, self.level, baseline, self.operating_point)
        if self.paused:
            self.game.pause()
        self._phase = Phase.PLAYING
        self._probs = None
        return self._show()

    def _next_or_finish(self) -> View:
        self._probs = None
        self.cues.reset()
        if self.game.finished:
            self._phase = Phase.FINISHED
            self._last = View(Phase.FINISHED, Feedback.DONE, index=self.total, total=self.total,
                              journey=self._journey())
            return self._last
        self._phase = Phase.PLAYING
        return self._show()

    def _show(self) -> View:
        game, state = self.game, self.game.state
        scenario = game.current if self.phase is not Phase.CELEBRATING else game.scenarios[game.index]
        meter = state.meter
        leading, leading_probability = leading_expression(self._probs)
        self._last = View(
            phase=self.phase, feedback=self._feedback(state.status, meter), index=game.index, total=self.total,
            scenario=scenario, targets=scenario.targets, expression=state.expression,
            probability=state.target_probability, threshold=state.threshold, meter=meter, meets=state.meets,
            hold_fraction=state.hold_fraction,
            countdown=_countdown(state.status, state.hold_fraction, game.judge.hold_seconds),
            probs=self._probs, leading=leading, leading_probability=leading_probability,
            hint=scenario.hint if game.show_hint and not self.paused else "",
            paused=self.paused, camera=self._camera, overlay=self.overlay, journey=self._journey(),
            cue=self.cues.cue.actions if self.cues.cue is not None and self.phase is Phase.PLAYING else (),
            moved=self._moved)
        return self._last

    def _journey(self) -> tuple[bool, ...]:
        return tuple(result.passed for result in self.game.results) if self.game is not None else ()

    def _feedback(self, status: Status, meter: float) -> Feedback:
        if self.paused:
            return Feedback.PAUSED
        if self.phase is Phase.CELEBRATING:
            return Feedback.PASSED
        if self._probs is None:
            return Feedback.NO_FACE
        if status is Status.HOLDING:
            return Feedback.HOLD
        if meter >= ALMOST:
            return Feedback.ALMOST
        return Feedback.BIGGER if meter >= ALMOST / 2 else Feedback.TRY

    def _resumed_feedback(self) -> Feedback:
        if self.phase is Phase.FINDING_BASELINE:
            return Feedback.CALM
        if self.phase is Phase.CELEBRATING:
            return Feedback.PASSED
        return self._feedback(self.game.state.status, self._last.meter)


def _countdown(status: Status, hold_fraction: float, hold_seconds: float) -> int:
    """The whole seconds of the hold still to go, counted as a clock counts them ("2, 1" over a 2 s hold, "1"
    over a 1 s hold); 0 when not holding."""
    if status is not Status.HOLDING:
        return 0
    return max(1, math.ceil(round(hold_seconds * (1.0 - hold_fraction), 6)))

