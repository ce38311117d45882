"""`actor-trainer predict`: judge the expression in images, folders of images or videos.

Frames are only read; nothing is written unless --annotate names a folder for annotated copies.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="images, folders of images or videos")
    parser.add_argument("--json", action="store_true", help="one JSON object per image or video frame")
    parser.add_argument("--annotate", type=Path, metavar="OUT_DIR",
                        help="write a copy of each judged image/frame with the face box and label into OUT_DIR")
    parser.add_argument("--model", type=Path, metavar="DIR",
                        help="model folder written by `python -m training export --dest DIR`")
    parser.add_argument("--every", type=int, default=10, metavar="N", help="judge every N-th video frame (default 10)")
    parser.add_argument("--detector", choices=["blazeface", "haar", "yunet"], default="blazeface",
                        help="face detector (default blazeface, shipped; haar: OpenCV's cascade)")
    parser.add_argument("--yunet-model", type=Path, metavar="ONNX",
                        help="YuNet face detector file (for --detector yunet)")


def run(args) -> int:
    from actor_trainer.vision.classifier import ModelError
    from actor_trainer.vision.faces import DetectorError
    from actor_trainer.vision.pipeline import build_pipeline

    try:
        pipeline = build_pipeline(args.model, args.detector, args.yunet_model)
    except (ModelError, DetectorError) as error:
        print(f"actor-trainer predict: {error}", file=sys.stderr)
        return 2
    judged = problems = 0
    for path in args.paths:
        for item in _items(path, args.every):
            if isinstance(item, str):
                print(f"skipped: {item}", file=sys.stderr)
                problems += 1
                continue
            name, frame_index, frame, timestamp, fresh = item
            if fresh:
                pipeline.reset()
            result = pipeline.process(frame, timestamp)
            record = _record(name, frame_index, result)
            print(json.dumps(record) if args.json else _text_line(record), flush=True)
            if args.annotate:
                _write_annotated(args.annotate, name, frame_index, result)
            judged += 1
    if problems:
        print(f"{problems} path(s) could not be read", file=sys.stderr)
    return 0 if judged and not problems else 1


def _items(path: Path, every: int):
    """(name, frame index or None, frame, timestamp, start-fresh) for every image or sampled video frame,
    or a message string for what cannot be read."""
    from actor_trainer.vision.frames import VideoFileSource, is_video, media_files
    from actor_trainer.vision.images import ImageError, read_image

    if path.is_dir():
        files = media_files(path)
        if not files:
            yield f"{path}: no images or videos in this folder"
        for file in files:
            yield from _items(file, every)
    elif not path.exists():
        yield f"{path}: no such file or folder"
    elif is_video(path):
        try:  # an animated GIF is a few stills in a row: every one of them is judged
            source = VideoFileSource(path, every=1 if path.suffix.lower() == ".gif" else every)
        except Exception as error:
            yield f"{path}: {error}"
            return
        with source:
            first = True
            while (frame := source.read()) is not None:
                yield str(path), source.index, frame, source.timestamp, first
                first = False
            if first:
                yield f"{path}: no frames could be read"
    else:
        try:
            frame = read_image(path)
        except ImageError as error:
            yield str(error)
            return
        yield str(path), None, frame, 0.0, True


def _box(box) -> dict:
    x, y, w, h = box
    return {"x": int(x), "y": int(y), "w": int(w), "h": int(h)}


def _record(name: str, frame_index: int | None, result) -> dict:
    """`face`: the judged face (null when none); `faces`: every face found, the judged one first;
    `camera`: one of pipeline.CAMERA_CONDITIONS (too_dark, too_close, backlit, covered, brows_hidden, glare,
    too_far, turned_away, two_faces) or null; a face that cannot be read (pipeline.NOT_JUDGED) has no label."""
    record = {"path": name}
    if frame_index is not None:
        record["frame"] = frame_index
    record.update(face=None if result.box is None else _box(result.box), label=None, probs=None,
                  faces=[_box(box) for box in result.faces], face_count=len(result.faces), camera=result.camera)
    probs = result.raw_probs if frame_index is None else result.probs
    if result.box is not None and probs is not None:
        record.update(label=max(probs, key=probs.get), probs={name: round(p, 4) for name, p in probs.items()})
    return record


def _text_line(record: dict) -> str:
    where = record["path"] + (f" frame {record['frame']}" if "frame" in record else "")
    count = record["face_count"]
    extra = f"; {count} faces, the judged one first" if count > 1 else ""
    camera = f"; camera: {record['camera'].replace('_', ' ')}" if record["camera"] else ""
    if record["face"] is None:
        return f"{where}: no face found{camera}"
    face = record["face"]
    at = f"face at {face['x']},{face['y']} size {face['w']}x{face['h']}"
    if record["label"] is None:
        why = (record["camera"] or "too_dark").replace("_", " ")
        return f"{where}: not judged, {why} ({at}{extra})"
    top = sorted(record["probs"].items(), key=lambda kv: -kv[1])[:3]
    others = ", ".join(f"{name} {p:.2f}" for name, p in top)
    return f"{where}: {record['label']} ({at}; {others}{extra}{camera})"


def _write_annotated(out_dir: Path, name: str, frame_index: int | None, result) -> None:
    import cv2

    from actor_trainer import atomic

    atomic.make_folder(out_dir)  # 0700, as the copies are 0600: they show the children's faces
    image = result.frame.copy()
    for x, y, w, h in result.faces[1:]:
        cv2.rectangle(image, (x, y), (x + w, y + h), (0, 160, 255), 1)  # other faces: thin orange
    if result.box is not None and result.probs is not None:
        x, y, w, h = result.box
        cv2.rectangle(image, (x, y), (x + w, y + h), (0, 200, 0), 2)
        label = max(result.probs, key=result.probs.get)
        cv2.putText(image, f"{label} {result.probs[label]:.2f}", (x, max(15, y - 6)), cv2.FONT_HERSHEY_SIMPLEX,
                    0.6, (0, 200, 0), 2)
    stem = Path(name).stem + (f"_frame{frame_index:06d}" if frame_index is not None else "")
    ok, data = cv2.imencode(".jpg", image)
    if ok:
        _write_unique(out_dir / f"{stem}.jpg", data.tobytes())


def _write_unique(path: Path, data: bytes) -> Path:
    """Write atomically under `path`, or NAME_1, NAME_2, ... when the name is taken (never overwrites)."""
    from actor_trainer import atomic

    counter = 1
    candidate = path
    while not atomic.write_new(candidate, data):
        candidate = path.with_name(f"{path.stem}_{counter}{path.suffix}")
        counter += 1
    return candidate
