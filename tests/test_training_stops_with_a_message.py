"""`python -m training` ends with a message, not a traceback, when a run cannot be resumed or the disk is full
(issue 29)."""

from __future__ import annotations


def test_resuming_a_run_killed_before_its_settings_were_written_says_what_to_do(tmp_path, capsys):
    """Issue 29: a run killed before run.json was written ended `--resume` in a traceback."""
    from training.cli import main
    (tmp_path / "run").mkdir()
    assert main(["train", "--resume", str(tmp_path / "run")]) == 2
    assert "has no run.json" in capsys.readouterr().err
    (tmp_path / "run" / "run.json").write_text("{")
    assert main(["train", "--resume", str(tmp_path / "run")]) == 2
    assert "run.json cannot be read" in capsys.readouterr().err


def test_a_full_disk_while_training_ends_with_a_message(monkeypatch, capsys):
    import errno

    from training import cli

    def full(args):
        raise OSError(errno.ENOSPC, "No space left on device", "/runs/actor/last.keras")
    monkeypatch.setitem(cli.HANDLERS, "train", full)
    assert cli.main(["train", "--resume", "/runs/actor"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the disk is full (/runs/actor/last.keras)") and "--resume" in err
