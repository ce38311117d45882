"""The play screen: the calm-face baseline, live feedback, success, and the pause or stop question over the game.

Widgets only: what to show comes from the session's View (actor_trainer.play.session), rendered by
main_window.MainWindow."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from actor_trainer.labels import EMOJI
from actor_trainer.play.session import Feedback, Overlay, Phase, View
from actor_trainer.ui.coaching import CoachCard, teacher_lines
from actor_trainer.ui.i18n import expression_name, tr
from actor_trainer.ui.mascot import Mascot
from actor_trainer.ui.rewards import Celebration, JourneyMap
from actor_trainer.ui.screens.common import key_button, mascot_pixmap, scaled_margins, text_label
from actor_trainer.ui.widgets import ExpressionBars, FeedbackWord, HoldRing, Meter, MirrorView, TargetGauge

FEEDBACK_COLOURS = {Feedback.ALMOST: "#ef6c00", Feedback.HOLD: "#2e7d32", Feedback.PASSED: "#2e7d32",
                    Feedback.NO_FACE: "#c62828"}


class PlayScreen(QWidget):
    skip_requested = Signal()
    retry_requested = Signal()
    pause_requested = Signal()
    stop_requested = Signal()  # Esc: ask first
    stop_confirmed = Signal()
    stop_cancelled = Signal()  # No: only ever back to the game (a second click of it must not ask again)
    next_requested = Signal()
    read_again_requested = Signal()
    hint_shown = Signal(str)  # the hint's text, to be read aloud

    LIVE, SUCCESS, PAUSED, CONFIRM = range(4)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lang = "sv"
        self.scale = 1.0
        self.overlay = Overlay.NONE  # what covers the game (show_overlay)
        self.progress = text_label("note")
        self.journey = JourneyMap()
        self.journey.setFixedHeight(56)
        self.read_again = key_button("L")
        top = QHBoxLayout()
        top.addWidget(self.progress)
        top.addWidget(self.journey, 1)
        top.addWidget(self.read_again)
        self.situation = text_label("situation", wrap=True)
        self.mascot = Mascot()
        self.target = text_label("target", wrap=True, centre=True)
        mascot_column = QVBoxLayout()
        mascot_column.addWidget(self.mascot, 1)
        mascot_column.addWidget(self.target)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._live_page())
        self.pages.addWidget(self._success_page())
        self.pages.addWidget(self._paused_page())
        self.pages.addWidget(self._confirm_page())
        body = QHBoxLayout()
        body.addLayout(mascot_column, 2)
        body.addWidget(self.pages, 3)
        self.skip, self.retry = key_button("S", "Right"), key_button("R")
        self.pause, self.stop = key_button("Space", "P"), key_button("Escape")
        self.buttons = QWidget()
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.stop, self.retry, self.pause):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.skip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 12)
        layout.addLayout(top)
        layout.addWidget(self.situation)
        layout.addLayout(body, 1)
        layout.addWidget(self.hint_card)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("D"), self, self.toggle_teacher_view)
        for button, signal in ((self.skip, self.skip_requested), (self.retry, self.retry_requested),
                               (self.pause, self.pause_requested), (self.stop, self.stop_requested),
                               (self.next, self.next_requested), (self.read_again, self.read_again_requested),
                               (self.resume, self.pause_requested), (self.stop_yes, self.stop_confirmed),
                               (self.stop_no, self.stop_cancelled)):
            button.clicked.connect(signal)

    def _live_page(self) -> QWidget:
        self.mirror = MirrorView()
        self.feedback = FeedbackWord()
        self.hold = HoldRing()
        self.meter = Meter()
        self.hint_card = QFrame()
        self.hint_card.setObjectName("hintCard")
        self.hint_picture = QLabel()
        self.hint = text_label("hint", wrap=True)
        card = QHBoxLayout(self.hint_card)
        card.addWidget(self.hint_picture, 0, Qt.AlignmentFlag.AlignVCenter)
        card.addWidget(self.hint, 1)
        self.hint_card.setVisible(False)
        self.teacher_panel = QWidget()
        self.gauge, self.bars = TargetGauge(), ExpressionBars()
        teacher = QVBoxLayout(self.teacher_panel)
        teacher.setContentsMargins(0, 0, 0, 0)
        self.camera_note = text_label("note", wrap=True)  # what the camera sees, for the teacher
        teacher.addWidget(self.gauge)
        teacher.addWidget(self.bars)
        teacher.addWidget(self.camera_note)
        self.coach_note = text_label("note", wrap=True)  # coaching's measures, for the teacher
        teacher.addWidget(self.coach_note)
        teacher.addStretch()
        self.teacher_panel.setVisible(False)
        words = QHBoxLayout()
        words.addWidget(self.feedback, 1)
        words.addWidget(self.hold)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.mirror, 1)
        self.coach_card = CoachCard()  # which part of the face to move (issue 31)
        column.addWidget(self.coach_card)
        column.addLayout(words)
        column.addWidget(self.meter)
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(column, 3)
        row.addWidget(self.teacher_panel, 2)
        return page

    def _success_page(self) -> QWidget:
        self.celebration = Celebration()
        self.celebration.setMinimumHeight(100)
        self.success_title = text_label("title", centre=True)
        self.success_sub = text_label("target", wrap=True, centre=True)
        self.next = key_button("Return", "Enter")
        self.next.setObjectName("primary")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.success_title)
        layout.addWidget(self.success_sub)
        layout.addWidget(self.celebration, 1)
        layout.addWidget(self.next, 0, Qt.AlignmentFlag.AlignCenter)
        return page

    def _paused_page(self) -> QWidget:
        self.paused_title = text_label("big", centre=True)
        self.paused_sub = text_label("target", wrap=True, centre=True)
        self.resume = key_button()
        self.resume.setObjectName("primary")
        page = QWidget()
        page.setObjectName("pausedPage")
        layout = QVBoxLayout(page)
        layout.addStretch()
        layout.addWidget(self.paused_title)
        layout.addWidget(self.paused_sub)
        layout.addWidget(self.resume, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch()
        return page

    def _confirm_page(self) -> QWidget:
        self.confirm_title = text_label("title", wrap=True, centre=True)
        # the safe answer is the default: Enter (the child's "Next" on every success screen), Space and Esc
        # keep playing; only Y (J for "Ja") or a click on Yes stops
        self.stop_yes = key_button("Y", "J")
        self.stop_no = key_button("Return", "Enter", "Space", "Escape")
        self.stop_no.setObjectName("primary")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch()
        layout.addWidget(self.confirm_title)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.stop_yes)
        row.addWidget(self.stop_no)
        row.addStretch()
        layout.addLayout(row)
        layout.addStretch()
        return page

    # ------------------------------------------------------------------ language and settings
    def retranslate(self, lang: str, paused: bool = False) -> None:
        self.lang = lang
        self.skip.setText(tr("skip", lang))
        self.retry.setText(tr("retry", lang))
        self.pause.setText(tr("resume" if paused else "pause", lang))
        self.stop.setText(tr("stop", lang))
        self.next.setText(tr("next", lang))
        self.read_again.setText(tr("read_again", lang))
        self.success_title.setText(tr("success", lang))
        self.paused_title.setText("⏸ " + tr("paused_title", lang))
        self.paused_sub.setText(tr("paused_sub", lang))
        self.resume.setText(tr("resume", lang))
        self.confirm_title.setText(tr("confirm_stop_title", lang))
        self.stop_yes.setText(tr("confirm_stop_yes", lang))
        self.stop_no.setText(tr("confirm_stop_no", lang))
        self.teacher_panel.setToolTip(tr("teacher_view", lang))
        self.bars.retranslate(lang)
        self.coach_card.retranslate(lang)
        self.feedback.set_words(self.feedback_words(), 30 * self.scale)

    def apply_scale(self, scale: float) -> None:
        self.scale = scale
        scaled_margins(self.layout(), scale, 24, 8, 24, 12)
        self.journey.setFixedHeight(round(56 * scale))
        self.hold.set_size(round(96 * scale))
        self.meter.setMinimumHeight(round(48 * scale))
        self.mirror.setMinimumSize(round(320 * min(scale, 1.0)), round(200 * min(scale, 1.0)))
        self.mascot.setMinimumSize(round(140 * min(scale, 1.0)), round(140 * min(scale, 1.0)))
        self.feedback.set_words(self.feedback_words(), 30 * scale)
        self.hint_picture.setFixedSize(round(72 * scale), round(72 * scale))
        self.coach_card.apply_scale(scale)
        self.celebration.setMinimumHeight(round(100 * min(scale, 1.0)))
        for button in self.findChildren(QPushButton):
            button.setMinimumHeight(round(48 * scale))

    def feedback_words(self) -> list[str]:
        """Every word the feedback may show in this language (the countdown at its widest)."""
        words = [tr(f"fb_{kind}", self.lang) for kind in ("getting_ready", "calm", "try", "bigger", "almost",
                                                          "passed")]
        return [*words, tr("fb_hold", self.lang, count=8), tr("paused", self.lang)]

    def set_calm(self, calm: bool) -> None:
        self.mascot.set_calm(calm)
        self.feedback.calm = calm
        self.celebration.set_calm(calm)
        self.journey.set_calm(calm)
        self.coach_card.set_calm(calm)

    def toggle_teacher_view(self) -> None:
        self.teacher_panel.setVisible(not self.teacher_panel.isVisible())

    # ------------------------------------------------------------------ what the session says
    def show_baseline(self, situations: int) -> None:
        self.journey.set_situations(situations)
        self.overlay = Overlay.NONE  # a new game: nothing over it
        self.pages.setCurrentIndex(self.LIVE)
        self.buttons.setEnabled(True)
        self.progress.setText("")
        self.situation.setText(tr("baseline_title", self.lang))
        self.target.setText(tr("baseline_sub", self.lang))
        self.show_hint("")
        self.skip.setText(tr("baseline_skip", self.lang))
        self.retry.setEnabled(False)
        self.pause.setEnabled(True)
        self.mascot.reset()
        self.mascot.show_target("neutral")
        self.clear_live()
        self.meter.setVisible(False)  # the ring shows the baseline's progress

    def clear_live(self) -> None:
        """Nothing left over from a previous game or situation: empty meter, ring, gauge and bars."""
        self.meter.set_value(0.0)
        self.hold.set_fraction(0.0)
        self.gauge.set_values(0.0, self.gauge.threshold)
        self.bars.set_probabilities(None)
        self.feedback.set_text("")
        self.coach_card.show_cue(())
        self.coach_note.setText("")

    def show_scenario(self, view: View, show_target: bool) -> None:
        self.pages.setCurrentIndex(self.LIVE)
        self.buttons.setEnabled(True)
        self.progress.setText(f"{view.index + 1} / {view.total}")
        self.progress.setToolTip(tr("progress", self.lang, index=view.index + 1, total=view.total))
        self.journey.set_current(view.index)
        self.situation.setText(view.scenario.text)
        shown = view.targets[0]
        self.target.setText(self.target_text(view.targets) if show_target else tr("guess", self.lang))
        self.skip.setText(tr("skip", self.lang))
        if show_target:
            self.mascot.show_target(shown)
        else:
            self.mascot.reset()
        self.show_hint("")
        self.clear_live()
        self.meter.setVisible(True)
        for button in (self.skip, self.retry, self.pause):
            button.setEnabled(True)

    def target_text(self, targets) -> str:
        """"Show: surprised 😮 or scared 😨"; a name never parts from its emoji at a line break."""
        names = f" {tr('or', self.lang)} ".join(f"{expression_name(name, self.lang)}\u00a0{EMOJI[name]}"
                                               for name in targets)
        return tr("show", self.lang, name=names, emoji="").rstrip() if len(targets) == 1 \
            else tr("show_one_of", self.lang, names=names)

    def show_live(self, view: View) -> None:
        """One frame's feedback: the word, the meter, the countdown ring, the mirror mascot, teacher bars."""
        colour = FEEDBACK_COLOURS.get(view.feedback, "#1a237e")
        self.feedback.set_text(self.feedback_text(view), colour, view.feedback)
        self.mirror.set_message(self.camera_message(view))
        self.camera_note.setText(tr(f"teacher_cam_{view.camera}", self.lang) if view.camera else "")
        if view.phase is Phase.FINDING_BASELINE:
            self.hold.set_fraction(view.baseline_progress)
            self.bars.set_probabilities(view.probs)
            return
        self.meter.set_value(view.meter)
        self.hold.set_fraction(view.hold_fraction, view.countdown)
        self.gauge.set_values(view.probability, view.threshold, view.meets)
        self.bars.set_probabilities(view.probs)
        self.mascot.mirror(view.leading, view.leading_probability, match=view.meter)  # the session's one rule
        self.coach_card.show_cue(view.cue)
        self.coach_note.setText(teacher_lines(view.targets[0], view.moved, self.lang) if view.targets else "")
        if view.hint and not self.hint.text():  # a hard one: a hint and a kind word from the mascot
            self.show_hint(view.hint, view.targets[0] if view.targets else "neutral")
            self.mascot.encourage()
            self.hint_shown.emit(view.hint)

    def show_hint(self, hint: str, expression: str = "neutral") -> None:
        """The hint big, beside the mascot making the face (a picture for children who do not read yet)."""
        self.hint.setText(tr("hint", self.lang, hint=hint) if hint else "")
        if hint:
            self.hint_picture.setPixmap(mascot_pixmap(expression, self.hint_picture.width()))
        self.hint_card.setVisible(bool(hint))

    def camera_message(self, view: View) -> str:
        """The child's line over the mirror: what the camera sees first, else "come closer" without a face."""
        if view.camera:
            return tr(f"cam_{view.camera}", self.lang)
        return tr("no_face", self.lang) if view.feedback is Feedback.NO_FACE else ""

    def feedback_text(self, view: View) -> str:
        if view.feedback is Feedback.HOLD:
            return tr("fb_hold", self.lang, count=view.countdown)
        if view.feedback in (Feedback.NO_FACE, Feedback.DONE):
            return ""
        if view.feedback is Feedback.PAUSED:
            return tr("paused", self.lang)
        return tr(f"fb_{view.feedback.value}", self.lang)

    def mark_journey(self, journey) -> None:
        """`journey`: the View's, passed or not per situation played. A star flies onto the stone of every situation
        passed since the last call; skipped ones stay empty."""
        for index, passed in enumerate(journey):
            if index < len(self.journey.results) and self.journey.results[index] is None:
                self.journey.mark(index, passed)

    def show_success(self, expression: str) -> int:
        """Returns the celebration's variant (its sound goes with it)."""
        self.success_sub.setText(tr("success_sub", self.lang,
                                    name=f"{expression_name(expression, self.lang)} {EMOJI[expression]}"))
        self.pages.setCurrentIndex(self.SUCCESS)
        self.coach_card.show_cue(())
        self.retry.setEnabled(False)
        self.pause.setEnabled(False)
        self.meter.set_value(1.0)
        self.next.setFocus()
        self.mascot.celebrate()
        return self.celebration.play()

    def show_overlay(self, overlay: Overlay, celebrating: bool = False) -> None:
        """The page the session puts over the game: the pause, the stop question, or (NONE) the live or
        success page again. Nothing changes when that page is already shown."""
        if overlay is self.overlay:
            return
        self.overlay = overlay
        if overlay is not Overlay.ASK_TO_STOP:
            self.retranslate(self.lang, paused=overlay is Overlay.PAUSED)
        pages = {Overlay.PAUSED: self.PAUSED, Overlay.ASK_TO_STOP: self.CONFIRM}
        self.pages.setCurrentIndex(pages.get(overlay, self.SUCCESS if celebrating else self.LIVE))
        # while asking, the row keeps its place (nothing on the screen moves) but its buttons and their keys
        # rest: only the question's two answers work
        self.buttons.setEnabled(overlay is not Overlay.ASK_TO_STOP)
        self.mascot.set_waiting(overlay is not Overlay.NONE)  # a calm face while the game is held
        if overlay is Overlay.ASK_TO_STOP:
            self.stop_no.setFocus()

    @property
    def asking_to_stop(self) -> bool:
        """The stop question is on the screen."""
        return self.pages.currentIndex() == self.CONFIRM
