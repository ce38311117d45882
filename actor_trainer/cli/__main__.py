"""`python -m actor_trainer.cli` runs the same entry point as the `actor-trainer` script."""

from actor_trainer.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
