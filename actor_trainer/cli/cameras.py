"""`actor-trainer cameras`: list the cameras that open and deliver a picture."""

from __future__ import annotations


def add_arguments(parser) -> None:
    parser.add_argument("--max-index", type=int, default=8, help="highest camera index to try, exclusive (default 8)")


def run(args) -> int:
    from actor_trainer.vision.frames import list_cameras

    cameras = list_cameras(args.max_index)
    if not cameras:
        print("No camera found. Plug in a webcam (and close other programs using it), then try again.")
        return 1
    for index in cameras:
        print(f"camera {index}: opens")
    return 0
