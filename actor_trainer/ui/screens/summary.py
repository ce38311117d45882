"""The summary screen: a game's stickers, one row per situation, what was easy and hard."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from actor_trainer.labels import EMOJI
from actor_trainer.people.results import tries
from actor_trainer.ui.i18n import decimal, expression_name, tr
from actor_trainer.ui.rewards import StickerSheet
from actor_trainer.ui.screens.common import key_button, mascot_pixmap, scaled_margins, text_label


class SummaryScreen(QWidget):
    play_again_requested = Signal()
    back_requested = Signal()
    save_again_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title, self.stars = text_label("title", wrap=True), text_label("stars")
        self.mascot = QLabel()
        self.mascot.setFixedSize(120, 120)
        self.sheet = StickerSheet()
        self.rows = QVBoxLayout()
        self.rows.addStretch()
        rows = QWidget()
        rows.setLayout(self.rows)
        self.rows_area = QScrollArea()
        self.rows_area.setWidget(rows)
        self.rows_area.setWidgetResizable(True)
        self.rows_area.setFrameShape(QFrame.Shape.NoFrame)
        self.notes, self.saved = text_label("note", wrap=True), text_label("note", wrap=True)
        self.play_again, self.back = key_button("Return", "Enter"), key_button("Escape")
        self.play_again.setObjectName("primary")
        self.save_again = key_button("S")  # shown only after a save that failed
        self.save_again.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch()
        buttons.addWidget(self.save_again)
        buttons.addWidget(self.play_again)
        headline = QVBoxLayout()
        headline.addWidget(self.title)
        headline.addWidget(self.stars)
        headline.addStretch()
        top = QHBoxLayout()
        top.addWidget(self.mascot)
        top.addLayout(headline, 1)
        middle = QHBoxLayout()
        middle.addWidget(self.sheet, 3)
        middle.addWidget(self.rows_area, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.saved)
        layout.addLayout(buttons)
        self.play_again.clicked.connect(self.play_again_requested)
        self.back.clicked.connect(self.back_requested)
        self.save_again.clicked.connect(self.save_again_requested)
        self.row_labels: list[QLabel] = []

    def show_summary(self, summary, saved_note: str, lang: str) -> None:
        if summary.stopped:
            self.title.setText(tr("summary_stopped", lang, index=summary.stopped_at,
                                       total=summary.total_scenarios))
        else:
            self.title.setText(tr("summary_title_named", lang, player=summary.player) if summary.player
                               else tr("summary_title", lang))
        situations = summary.record.situations  # records.SituationRecord, the typed record that is saved
        tried = tries(situations)  # the situation stopped in is no failure: no empty star for it
        self.sheet.set_results([(situation.expression, situation.passed) for situation in tried])
        passed = sum(1 for situation in tried if situation.passed)  # one scale: a sticker per situation tried
        self.stars.setText(tr("summary_all_done", lang, passed=passed, total=len(tried)) if tried else "")
        self.mascot.setPixmap(mascot_pixmap("happy" if passed else "neutral", self.mascot.width()))
        self._show_rows(situations, lang)
        none = tr("summary_none", lang)
        self.notes.setText(tr("summary_easy", lang, names=_names(summary.easy_expressions, lang) or none) + "   "
                           + tr("summary_hard", lang, names=_names(summary.hard_expressions, lang) or none))
        self.show_saved(saved_note, lang)
        self.play_again.setText(tr("play_again", lang))
        self.back.setText(tr("back_to_start", lang))

    def show_saved(self, note: str, lang: str, can_retry: bool = False) -> None:
        """Whether the game was saved (`note`, in the child's language); `can_retry`: a save failed and Save
        again (S) is offered."""
        self.saved.setObjectName("warning" if can_retry else "note")
        self.saved.setStyleSheet("")  # the new object name's style
        self.saved.setText(note)
        self.save_again.setText(tr("save_again", lang))
        self.save_again.setVisible(can_retry)

    def _show_rows(self, situations, lang: str) -> None:
        for label in self.row_labels:
            label.hide()
            label.deleteLater()
        self.row_labels = []
        for situation in situations:
            if situation.unfinished:
                mark = f'<span style="color:#757575">{tr("unfinished", lang)}</span>'
            elif situation.passed:
                seconds = tr("seconds_short", lang, seconds=decimal(situation.seconds, lang))
                mark = f'<span style="color:#2e7d32">✔ {seconds}</span>'
            else:
                mark = f'<span style="color:#757575">{tr("skipped", lang)}</span>'
            label = QLabel(f'{EMOJI[situation.expression]} {mark} &nbsp; {_escape(situation.text)}')
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            self.rows.insertWidget(len(self.row_labels), label)
            self.row_labels.append(label)

    def apply_scale(self, scale: float) -> None:
        scaled_margins(self.layout(), scale, 32, 16, 32, 16)
        self.mascot.setFixedSize(round(120 * scale), round(120 * scale))
        for button in (self.play_again, self.back, self.save_again):
            button.setMinimumHeight(round(48 * scale))

    @property
    def row_count(self) -> int:
        return len(self.row_labels)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _names(expressions, lang: str) -> str:
    return ", ".join(f"{EMOJI[name]} {expression_name(name, lang)}" for name in expressions)
