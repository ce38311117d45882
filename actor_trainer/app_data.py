"""Where the platform keeps a user's application data, as Qt's QStandardPaths.AppDataLocation names it for
ORGANIZATION/APPLICATION, worked out without Qt so the command line finds the game's folders. Pure Python
(tests/test_user_paths.py compares it with Qt's own answer)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ORGANIZATION = "ActorTrainer"  # the Qt application's organizationName and applicationName
APPLICATION = "actor-trainer"


def app_data_location(platform: str = sys.platform, environ=os.environ, home: Path | None = None) -> Path:
    """The per-user application data folder on `platform` (sys.platform's spelling)."""
    home = Path.home() if home is None else home
    if platform == "win32":
        base = Path(environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else home / ".local" / "share"
    return base / ORGANIZATION / APPLICATION
