"""The per-user folder is found without Qt, and it is the folder Qt itself names for the game."""

from __future__ import annotations

from pathlib import Path

import pytest

from actor_trainer.app_data import APPLICATION, ORGANIZATION, app_data_location
from actor_trainer.user_paths import players_dir, user_data_dir


@pytest.fixture
def named_app(qapp):
    names = qapp.organizationName(), qapp.applicationName()
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationName(APPLICATION)
    yield qapp
    qapp.setOrganizationName(names[0])
    qapp.setApplicationName(names[1])


@pytest.mark.parametrize("xdg", [None, "absolute"])
def test_the_folder_is_the_one_qt_names(named_app, tmp_path, monkeypatch, xdg):
    from PySide6.QtCore import QStandardPaths

    monkeypatch.delenv("ACTOR_TRAINER_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert user_data_dir() == Path(qt)


def test_each_platform_has_its_own_folder(tmp_path):
    home = tmp_path
    assert app_data_location("win32", {"APPDATA": "C:/Users/a/AppData/Roaming"}, home) == \
        Path("C:/Users/a/AppData/Roaming/ActorTrainer/actor-trainer")
    assert app_data_location("darwin", {}, home) == home / "Library/Application Support/ActorTrainer/actor-trainer"
    assert app_data_location("linux", {"XDG_DATA_HOME": "relative"}, home) == \
        home / ".local/share/ActorTrainer/actor-trainer"


def test_actor_trainer_home_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTOR_TRAINER_HOME", str(tmp_path))
    assert players_dir() == tmp_path / "players"
