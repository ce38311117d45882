"""The model screen says what is wrong in the game's language, with advice that fits the install: the download
(the app bundle) has no `python -m training`; a video or pictures cannot help a model that does not load, so
they are not offered (issue 29)."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt

from actor_trainer.ui.i18n import TEXTS, model_problem_text
from actor_trainer.ui.main_window import MainWindow
from actor_trainer.vision.classifier import MODEL_PROBLEMS, ExpressionClassifier, ModelError
from tests.test_app import make_services


@pytest.mark.parametrize("code", MODEL_PROBLEMS)
def test_every_model_problem_is_said_in_both_languages(code):
    error = ModelError("English words for the command line", code, "/somewhere/model.tflite")
    swedish, english = model_problem_text(error, "sv"), model_problem_text(error, "en")
    assert swedish and english and swedish != english and "English words" not in swedish + english
    assert f"model_{code}" in TEXTS


def test_a_damaged_model_file_is_said_in_swedish(tmp_path):
    (tmp_path / "model.tflite").write_bytes(b"not a model")
    metadata = {"classes": ["angry"], "runtime_file": "model.tflite", "file_size": 3, "file_sha256": "0" * 64}
    with pytest.raises(ModelError) as raised:
        ExpressionClassifier.from_file(tmp_path / "model.tflite", metadata)
    assert raised.value.code == "damaged"
    assert model_problem_text(raised.value, "sv") == ("Modellfilen model.tflite är skadad: den är inte den som "
                                                     "exporterades.")


@pytest.mark.parametrize("bundle", [False, True])
def test_the_model_screen_in_swedish_offers_what_can_help(qtbot, tmp_path, director_store, monkeypatch, bundle):
    director, store = director_store
    if bundle:
        monkeypatch.setattr(sys, "frozen", True, raising=False)
    error = ModelError("The model file /x/model.tflite is damaged ... `python -m training export`.", "damaged",
                       "/x/model.tflite")
    window = MainWindow(make_services(director, tmp_path, pipeline_error=error), store)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.start.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.error, timeout=10000)
    shown = window.error.title.text() + window.error.help.text() + window.error.details.text()
    assert window.error.details.text() == ("Detaljer: Modellfilen model.tflite är skadad: den är inte den som "
                                           "exporterades.")
    assert ("python -m training" in shown) is not bundle
    assert "Ladda ner spelet igen" in shown if bundle else "Installera om" in shown
    assert window.error.video.isHidden() and window.error.folder.isHidden()
    window.on_status("no_camera", "v4l2: busy")  # a camera problem offers them again
    assert window.error.video.isVisible() and window.error.folder.isVisible()
    window.close()


@pytest.fixture
def director_store(tmp_path):
    from PySide6.QtCore import QSettings

    from actor_trainer.ui.main_window import SettingsStore
    from tests.test_app import Director
    store = SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                          first_language=lambda: "sv")
    return Director(), store
