"""The app bundle's entry point (PyInstaller freezes this file): the same `actor-trainer` command."""

from actor_trainer.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
