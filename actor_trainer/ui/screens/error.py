"""The error screen: no camera, a lost camera, a model that will not load, a video that will not play.

It offers the other sources the help text names: a video file (V) and a folder of pictures (F)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from actor_trainer.resources import in_app_bundle
from actor_trainer.ui.i18n import model_problem_text, source_problem_text, tr
from actor_trainer.ui.screens.common import key_button, mascot_pixmap, scaled_margins, text_label


class ErrorScreen(QWidget):
    retry_requested = Signal()
    video_requested = Signal()
    folder_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.kind = ""
        self.title, self.help = text_label("title", wrap=True), text_label(wrap=True)
        self.details = text_label("note", wrap=True)
        self.picture = QLabel()
        self.picture.setFixedSize(QSize(120, 120))
        self.retry, self.video, self.back = key_button("R", "Return"), key_button("V", "Ctrl+O"), key_button("Escape")
        self.folder = key_button("F")
        self.retry.setObjectName("primary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch()
        buttons.addWidget(self.video)
        buttons.addWidget(self.folder)
        buttons.addWidget(self.retry)
        heading = QHBoxLayout()
        heading.addWidget(self.picture)
        heading.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 24)
        layout.addLayout(heading)
        layout.addWidget(self.help)
        layout.addWidget(self.details)
        layout.addStretch()
        layout.addLayout(buttons)
        self.retry.clicked.connect(self.retry_requested)
        self.video.clicked.connect(self.video_requested)
        self.folder.clicked.connect(self.folder_requested)
        self.back.clicked.connect(self.back_requested)

    def apply_scale(self, scale: float) -> None:
        scaled_margins(self.layout(), scale, 48, 32, 48, 24)
        self.picture.setFixedSize(round(120 * scale), round(120 * scale))
        for button in (self.retry, self.video, self.folder, self.back):
            button.setMinimumHeight(round(48 * scale))

    def show_error(self, kind: str, message, lang: str) -> None:
        """`message`: the details, "" for none, a text, or a SourceError said in `lang` (ui/i18n.py)."""
        self.kind = kind
        mood = "surprise" if kind in ("camera_lost", "camera_busy") else "sad"
        self.picture.setPixmap(mascot_pixmap(mood, self.picture.width()))
        self.title.setText(tr(f"error_{kind}", lang))
        self.help.setText(tr(f"error_{kind}_help" + ("_bundle" if kind == "model" and in_app_bundle() else ""),
                             lang))
        said = model_problem_text(message, lang) if kind == "model" else source_problem_text(message, lang)
        self.details.setText(tr("details", lang, message=said) if message else "")
        for other_source in (self.video, self.folder):  # a video or pictures cannot help a model that does not load
            other_source.setVisible(kind != "model")
        self.retry.setText(tr("retry_button", lang))
        self.video.setText(tr("video_button", lang))
        self.folder.setText(tr("picture_folder_button", lang))
        self.back.setText(tr("back_to_start", lang))
