"""The Linux download's launcher (issue 29): packaging/actor-trainer.desktop is valid to desktop-file-validate,
and its Exec line starts the game next to it, from a folder with spaces in its name, whether the launcher passes
the file's path (%k: KDE, file managers) or starts it from its own folder (gio launch, which leaves %k empty);
the menu entry install-menu-entry.sh writes is valid too."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DESKTOP = REPO / "packaging" / "actor-trainer.desktop"


def exec_line(path: Path = DESKTOP) -> str:
    return next(line.split("=", 1)[1] for line in path.read_text().splitlines() if line.startswith("Exec="))


def exec_arguments(path: Path, desktop_file: str) -> list[str]:
    """The command a launcher runs, by the Desktop Entry spec: the string's own escapes (\\\\ -> \\), then the
    quoting of the arguments (as a POSIX shell's double quotes), then %k."""
    words = split_exec(exec_line(path).replace("\\\\", "\\"))
    return [desktop_file if word == "%k" else word for word in words if word != "%k" or desktop_file]


def split_exec(text: str) -> list[str]:
    """Arguments of an Exec value: separated by spaces; in double quotes a backslash before " ` $ or \\ gives
    that character (the spec's only quoting)."""
    words, word, quoted, index = [], None, False, 0
    while index < len(text):
        char = text[index]
        if quoted and char == "\\" and text[index + 1:index + 2] in ('"', "`", "$", "\\"):
            word, index = word + text[index + 1], index + 2
            continue
        if char == '"':
            quoted, word = not quoted, word or ""
        elif char == " " and not quoted:
            if word is not None:
                words.append(word)
            word = None
        else:
            word = (word or "") + char
        index += 1
    return words + ([word] if word is not None else [])


@pytest.fixture
def unpacked(tmp_path):
    folder = tmp_path / "my games" / "actor trainer"
    folder.mkdir(parents=True)
    shutil.copy(DESKTOP, folder)
    game = folder / "actor-trainer"
    game.write_text('#!/bin/sh\necho started > "$(dirname "$0")/started.txt"\n')
    game.chmod(0o755)
    return folder


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_the_launcher_is_valid(tmp_path, unpacked):
    done = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "share")}
    (unpacked / "actor-trainer.png").write_bytes(b"png")
    shutil.copy(REPO / "packaging" / "install-menu-entry.sh", unpacked)
    subprocess.run(["sh", str(unpacked / "install-menu-entry.sh")], check=True, env=env, capture_output=True)
    menu = home / "share" / "applications" / "actor-trainer.desktop"
    done = subprocess.run(["desktop-file-validate", str(menu)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "", done.stdout


@pytest.mark.parametrize("how", ["%k from elsewhere", "no %k, from its folder"])
def test_the_exec_line_starts_the_game_next_to_it(unpacked, tmp_path, how):
    desktop = unpacked / "actor-trainer.desktop"
    with_path = how.startswith("%k")
    subprocess.run(exec_arguments(desktop, str(desktop) if with_path else ""),
                   cwd=tmp_path if with_path else unpacked, check=True, timeout=30)
    assert (unpacked / "started.txt").read_text() == "started\n"


@pytest.mark.skipif(shutil.which("gio") is None, reason="GLib's gio not installed")
def test_gio_launch_from_the_folder_starts_the_game(unpacked):
    subprocess.run(["gio", "launch", "actor-trainer.desktop"], cwd=unpacked, check=True, timeout=30,
                   capture_output=True)
    deadline = time.monotonic() + 20  # gio returns once the child is spawned; wait for its file, not a time
    while not (unpacked / "started.txt").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (unpacked / "started.txt").read_text() == "started\n"
