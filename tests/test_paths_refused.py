"""Folders and files the app cannot use (issue 29): what the app makes is 0700/0600 whatever the umask; a save
replaces a symbolic link itself, never what it points to; FIFOs and devices are refused before anything reads
or writes them; a settings file that is a link, a FIFO or a folder is left alone (the game still opens)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from actor_trainer import atomic, files

REPO = Path(__file__).resolve().parents[1]
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes, FIFOs and links")


@pytest.fixture
def open_umask():
    old = os.umask(0)
    yield
    os.umask(old)


@posix_only
def test_new_files_and_folders_are_private_whatever_the_umask(tmp_path, open_umask):
    target = tmp_path / "made" / "by" / "the app" / "export.toml"
    atomic.write_text(target, "x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    for folder in (tmp_path / "made", tmp_path / "made" / "by", tmp_path / "made" / "by" / "the app"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert atomic.write_new(tmp_path / "made" / "face.jpg", b"jpeg")
    assert stat.S_IMODE((tmp_path / "made" / "face.jpg").stat().st_mode) == 0o600


@posix_only
def test_an_existing_file_keeps_its_mode(tmp_path, open_umask):
    path = tmp_path / "shared.toml"
    path.write_text("old")
    path.chmod(0o644)
    atomic.write_text(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@posix_only
def test_a_save_replaces_a_link_and_never_writes_through_it(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("not the app's")
    target.chmod(0o644)
    link = tmp_path / "settings.toml"
    link.symlink_to(target)
    atomic.write_text(link, "the app's", backup=True)
    assert target.read_text() == "not the app's" and stat.S_IMODE(target.stat().st_mode) == 0o644
    assert not link.is_symlink() and link.read_text() == "the app's"


@posix_only
@pytest.mark.parametrize("special", ["fifo", "device", "link to a device", "folder"])
def test_fifos_devices_and_folders_are_refused_before_writing(tmp_path, special):
    path = tmp_path / "export.csv"
    if special == "fifo":
        os.mkfifo(path)
    elif special == "device":
        path = Path("/dev/null")
    elif special == "link to a device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    with pytest.raises(files.NotARegularFile):
        atomic.write_text(path, "a,b\n", backup=True)
    if special == "fifo":
        assert stat.S_ISFIFO(path.stat().st_mode)  # left as it was


SETTINGS_CHECK = textwrap.dedent("""
    import sys
    from actor_trainer.ui.app import open_settings, settings_file
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("ActorTrainer"); app.setApplicationName("actor-trainer")
    settings = open_settings()
    settings.setValue("language", "sv"); settings.sync()
    print(settings.fileName() != str(settings_file()))
""")


@posix_only
@pytest.mark.parametrize("special", ["fifo", "link", "link to a device", "folder"])
def test_a_settings_file_that_is_no_file_is_left_alone(tmp_path, special):
    home = tmp_path / "home"
    path = home / ".config" / "ActorTrainer" / "actor-trainer.conf"
    path.parent.mkdir(parents=True)
    target = tmp_path / "important.txt"
    target.write_text("keep me")
    target.chmod(0o644)
    {"fifo": lambda: os.mkfifo(path), "link": lambda: path.symlink_to(target),
     "link to a device": lambda: path.symlink_to("/dev/zero"), "folder": path.mkdir}[special]()
    env = {**os.environ, "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    env.pop("XDG_CONFIG_HOME", None)
    done = subprocess.run([sys.executable, "-c", SETTINGS_CHECK], capture_output=True, text=True, timeout=60,
                          env=env, cwd=REPO)
    assert done.returncode == 0 and done.stdout.strip() == "True", done.stderr
    assert "is left alone" in done.stderr
    assert target.read_text() == "keep me" and stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.fixture
def foreign_folder(tmp_path, monkeypatch):
    """A players folder with two players that this user may not change (as another user's: chmod says EPERM,
    and so does every write)."""
    import errno

    from actor_trainer.people.players import PlayerStore
    folder = tmp_path / "players"
    store = PlayerStore(folder)
    store.add("Alva", "🦊")
    store.add("Noah", "🐼")
    real_chmod, real_write = Path.chmod, atomic.write_bytes

    def chmod(path, mode, **kwargs):
        if Path(path) == folder:
            raise PermissionError(errno.EPERM, "Operation not permitted", str(path))
        return real_chmod(path, mode, **kwargs)

    def write(path, *args, **kwargs):
        if Path(path).parent == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_write(path, *args, **kwargs)
    monkeypatch.setattr(Path, "chmod", chmod)
    monkeypatch.setattr(atomic, "write_bytes", write)
    return folder


@pytest.mark.parametrize("csv", [None, "-"])
def test_results_of_a_folder_this_user_may_not_change_open_read_only(foreign_folder, capsys, csv):
    import argparse

    from actor_trainer.cli import results
    code = results.run(argparse.Namespace(player=None, csv=Path(csv) if csv else None, folder=foreign_folder))
    out, err = capsys.readouterr()
    assert code == 0 and (csv or ("Alva" in out and "Noah" in out))  # (the CSV has no rows: nobody played)
    assert "cannot be written by this user" in err and "Traceback" not in err


def test_the_game_opens_a_folder_it_may_not_change_read_only_with_a_message(qtbot, foreign_folder, tmp_path):
    pytest.importorskip("PySide6")
    from PySide6.QtCore import QSettings

    from actor_trainer.people.players import PlayerStore
    from actor_trainer.ui.main_window import MainWindow, SettingsStore
    from tests.test_app import Director, make_services, start
    store = SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                          first_language=lambda: "sv")
    window = MainWindow(make_services(Director(), tmp_path, players=PlayerStore(foreign_folder),
                                      pending_dir=tmp_path / "pending"), store)
    qtbot.addWidget(window)
    window.show()
    assert window.players.read_only and window.start.player.findData("Noah") >= 0
    assert window.start.players_note.text().startswith("Spelarmappen kan inte ändras")
    assert window.start.new_player.isHidden()
    start(window, qtbot, player="Noah")
    window.ask_to_stop()
    window.stop_game()
    assert window.summary_screen.saved.text().startswith("Resultatet kunde inte sparas: spelet får inte skriva")
    assert window.finished.save.pending is not None  # kept aside for a user who may write the folder
    window.close()


@posix_only
@pytest.mark.parametrize("special", ["fifo", "link to a device", "fifo named like a video"])
def test_a_fifo_or_a_device_as_the_source_is_refused_without_opening_it(tmp_path, special):
    from actor_trainer.ui.i18n import source_problem_text
    from actor_trainer.vision.frames import SourceError, open_source
    path = tmp_path / ("clip.mp4" if "video" in special else "source")
    if special.startswith("fifo"):
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(SourceError) as raised:
        open_source(str(path))
    assert raised.value.code == "not_a_file"
    assert source_problem_text(raised.value, "sv") == f"{path.name} är ingen vanlig fil, så spelet kan inte spela den."
