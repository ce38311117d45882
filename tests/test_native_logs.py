"""TensorFlow's and LiteRT's start-up chatter is kept out of the commands' output; everything else passes."""

from __future__ import annotations

import os
import subprocess
import sys

from actor_trainer.native_logs import filter_lines, is_noise

CUINIT = ("E0000 00:00:1796685199.480178    9058 cuda_executor.cc:1228] failed call to cuInit: INTERNAL: CUDA "
          "error: Failed call to cuInit: UNKNOWN ERROR (303)")
ONEDNN = ("I0000 00:00:1796685199.479474    9058 port.cc:153] oneDNN custom operations are on. You may see slightly "
          "different numerical results")
ABSL = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"
XNNPACK = "INFO: Created TensorFlow Lite XNNPACK delegate for CPU."
OTHER_ERROR = "E0000 00:00:1796685199.480178    9058 op_kernel.cc:1830] OP_REQUIRES failed: out of memory"


def test_noise_lines_are_known_and_real_messages_are_not():
    for line in (CUINIT, ONEDNN, ABSL, XNNPACK):
        assert is_noise(line)
    for line in (OTHER_ERROR, "error: dataset path does not exist: /x", "Traceback (most recent call last):",
                 "UserWarning: something", "INFO: your own info line"):
        assert not is_noise(line)


def test_lines_split_across_reads_are_filtered_whole():
    text = f"{ABSL}\n{CUINIT}\nkept 1\n{XNNPACK}\n{OTHER_ERROR}\nno line break at the end".encode()
    chunks = [text[i:i + 7] for i in range(0, len(text), 7)]
    written = []
    filter_lines(iter(chunks), written.append)
    assert b"".join(written).decode() == f"kept 1\n{OTHER_ERROR}\nno line break at the end"


def run_filtered(environment: dict) -> str:
    script = ("import os, sys\n"
              "from actor_trainer.native_logs import filter_native_logs\n"
              "filter_native_logs()\n"
              f"os.write(2, {(CUINIT + chr(10) + 'real error' + chr(10)).encode()!r})\n"
              f"os.write(2, {(XNNPACK + chr(10)).encode()!r})\n"
              "print('python line', file=sys.stderr)\n"
              "raise SystemExit(3)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            env={**os.environ, **environment})
    assert result.returncode == 3
    return result.stderr


def test_a_process_keeps_its_own_stderr_and_loses_the_chatter():
    assert run_filtered({"ACTOR_TRAINER_NATIVE_LOGS": "0"}) == "real error\npython line\n"
    kept = run_filtered({"ACTOR_TRAINER_NATIVE_LOGS": "1"})  # everything, for a bug report
    assert "cuInit" in kept and XNNPACK in kept
