"""Native libraries' start-up chatter kept out of the user's output. Pure Python: no Qt, no TensorFlow.

TensorFlow and LiteRT write straight to file descriptor 2 from C++, before and beside Python's logging:
`E0000 ... failed call to cuInit: ...` on every machine without a GPU (an ERROR that is no error: training
then runs on the CPU, and says so itself), `I0000 ... oneDNN custom operations are on ...`, `WARNING: All log
messages before absl::InitializeLog() ...`, and `INFO: Created TensorFlow Lite XNNPACK delegate for CPU.`
each time a model loads. TF_CPP_MIN_LOG_LEVEL does not reach the lines written before absl starts.

`filter_native_logs()` puts a pipe on descriptor 2 for the rest of the process: a thread forwards every line
to the real stderr except those NOISE matches (whole lines only; Python's own warnings and tracebacks pass).
ACTOR_TRAINER_NATIVE_LOGS=1 keeps everything (for a bug report).
"""

from __future__ import annotations

import atexit
import os
import re
import sys
import threading

KEEP_ALL = "ACTOR_TRAINER_NATIVE_LOGS"
NOISE = re.compile(
    r"^(?:"
    r"[IW]\d{4} [\d:.]+\s+\d+ \S+:\d+\] .*"  # absl INFO and WARNING lines of TensorFlow and XLA
    r"|E\d{4} [\d:.]+\s+\d+ \S+:\d+\] .*(?:cuInit|CUDA|cuda|cuDNN|cuFFT|cuBLAS).*"  # no GPU here
    r"|WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|To enable the following instructions: .* rebuild TensorFlow with the appropriate compiler flags\."
    r"|INFO: Created TensorFlow Lite XNNPACK delegate for CPU\."
    r")\r?$")
_installed: list = []


def is_noise(line: str) -> bool:
    """True for a line of the native libraries' start-up chatter (NOISE), without its line break."""
    return NOISE.match(line) is not None


def filter_lines(chunks, write) -> None:
    """Forward the text of `chunks` (bytes, in any pieces) to `write` line by line, NOISE left out; a last line
    without a line break is forwarded at the end."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        *lines, pending = pending.split(b"\n")
        kept = [line + b"\n" for line in lines if not is_noise(line.decode("utf-8", "replace"))]
        if kept:
            write(b"".join(kept))
    if pending and not is_noise(pending.decode("utf-8", "replace")):
        write(pending)


def filter_native_logs() -> bool:
    """Filter descriptor 2 for the rest of the process (once; later calls do nothing). False when it was not
    installed: ACTOR_TRAINER_NATIVE_LOGS=1, or a platform without os.pipe/dup2 semantics (Windows)."""
    if _installed or os.environ.get(KEEP_ALL) == "1" or os.name != "posix":
        return False
    try:
        sys.stderr.flush()
        real = os.dup(2)
        read_end, write_end = os.pipe()
        os.dup2(write_end, 2)
        os.close(write_end)
    except OSError:
        return False

    def chunks():
        while chunk := os.read(read_end, 65536):
            yield chunk

    def write(data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(real, view):]

    thread = threading.Thread(target=filter_lines, args=(chunks(), write), name="native-log-filter", daemon=True)
    thread.start()
    _installed.append((real, thread))
    atexit.register(_restore)
    return True


def _restore() -> None:
    """At exit: the real stderr back on descriptor 2, and everything still in the pipe forwarded."""
    if not _installed:
        return
    real, thread = _installed.pop()
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os.dup2(real, 2)  # closes the pipe's last write end: the thread reads to the end and stops
    thread.join(timeout=2.0)
