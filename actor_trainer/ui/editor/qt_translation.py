"""Qt's own words (Save, Discard, Cancel, the file dialogs) in the app's language: one translator per
language for the whole application, installed in place of the one before."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

_qt_translators: dict[str, QTranslator] = {}


def use_qt_translation(language: str) -> None:
    """Qt's own words (Save, Discard, Cancel, the file dialogs) in the app's language."""
    app = QCoreApplication.instance()
    if app is None:
        return
    for translator in _qt_translators.values():
        app.removeTranslator(translator)
    if language == "en":
        return
    translator = _qt_translators.get(language)
    if translator is None:
        translator = QTranslator(app)
        if not translator.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            return
        _qt_translators[language] = translator
    app.installTranslator(translator)
