"""Waiting in the tools that drive the real app (screenshots.py, camera_screenshots.py, teacher_screenshots.py):
Qt's events keep flowing while a script waits for the window to reach a state, or to settle.

Imported by the scripts beside it (`from app_waits import ...`: the script's folder is on the path when it runs).
"""

from __future__ import annotations

import time
from collections.abc import Callable

STEP_SECONDS = 0.02  # between two looks: the app runs 50 rounds of events a second meanwhile


def wait_until(app, condition: Callable[[], bool], timeout: float) -> bool:
    """Process `app`'s events until `condition()` holds (True) or `timeout` seconds passed (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if condition():
            return True
        time.sleep(STEP_SECONDS)
    return False


def settle(app, seconds: float) -> None:
    """Process `app`'s events for `seconds` (animations finish, the window repaints)."""
    wait_until(app, lambda: False, seconds)
