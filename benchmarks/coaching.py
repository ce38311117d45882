"""Do the coached facial actions move the expected way? Each person's expression photos against their calm photo.

    python benchmarks/coaching.py --data ../shared/datasets/cafe-dev ../shared/datasets/ckplus-dev [--json OUT]

For every photo of a dataset laid out in expression folders, the game's own face search (BlazeFace) and
face mesh (vision/face_mesh.py) give 468 landmarks, and play/actions.py their measures. People come from
the file names (training/datasets/posed.py: CAFE `F-AA-02`, CK+ `S010`); a person's calm face is their
neutral photo (CAFE's closed-mouth `neutral_` pose when there is one, else the median of their neutral
photos). People without a neutral photo are left out and counted (ckplus-dev has none). For each of a
person's other photos and each action the expression is made of (play/coaching.py EXPECTED), the action
"moves the expected way" when its movement against the calm face is positive.

Prints, per expression and action, the share of photos that moved the expected way, the median movement
(eye distances) and a split-half check (people alternately in two halves: the share in each half, to see
whether a share picked on this data holds on other children), then the RELIABILITY table to paste into
play/coaching.py. The last line is one JSON object: `agreement` (over every photo and action the game
coaches, by play/coaching.py's table), `per_expression` (photos, coached actions, their agreement, and
every expected action's share, median and halves), `people`, `left_out`; it is also appended to
benchmarks/results/coaching.jsonl (unless --no-save).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np

from actor_trainer import atomic
from actor_trainer.labels import canonical_expression
from actor_trainer.play.actions import face_measures, median_measures, movements
from actor_trainer.play.coaching import EXPECTED, MIN_RELIABILITY, RELIABILITY, coached_actions

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp"}
SMALL_IMAGE = 160  # face crops smaller than this (CK+48) are enlarged before the face search


def subject_of(name: str) -> str:
    from training.datasets.posed import subject_of as posed_subject

    return posed_subject(name)


def photo_measures(data: Path) -> list[tuple[str, str, str, dict]]:
    """(person, expression, file name, measures) for every photo whose face the mesh reads."""
    from actor_trainer.vision.face_mesh import default_mesh
    from actor_trainer.vision.faces import make_detector

    detector, mesh = make_detector(), default_mesh()
    rows = []
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        expression = canonical_expression(folder.name)
        if expression is None:
            continue
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
            image = cv2.imread(str(path))
            if image is None:
                continue
            if max(image.shape[:2]) < SMALL_IMAGE:
                image = cv2.resize(image, None, fx=4, fy=4, interpolation=cv2.INTER_CUBIC)
            faces = detector.detect(image)
            face = max(faces, key=lambda f: f[2] * f[3]) if faces else (0, 0, image.shape[1], image.shape[0])
            points = mesh.landmarks(image, face)
            measures = face_measures(points) if points is not None else None
            if measures is not None:
                rows.append((subject_of(path.name), expression, path.name, measures))
    return rows


def calm_faces(rows) -> dict[str, dict]:
    """person -> calm measures: the closed-mouth neutral pose when there is one, else all neutral photos."""
    neutral = defaultdict(list)
    for person, expression, name, measures in rows:
        if expression == "neutral":
            neutral[person].append((name, measures))
    calm = {}
    for person, photos in neutral.items():
        closed = [m for name, m in photos if name.lower().startswith("neutral_")]
        calm[person] = median_measures(closed or [m for _, m in photos])
    return calm


def tally(rows, calm) -> dict:
    """(expression, action) -> {"moved": [movement per photo], "people": [person per photo]}."""
    table = defaultdict(lambda: {"moved": [], "people": []})
    for person, expression, _name, measures in rows:
        if expression == "neutral" or person not in calm:
            continue
        moved = movements(measures, calm[person])
        for action in EXPECTED.get(expression, ()):
            table[(expression, action)]["moved"].append(moved[action])
            table[(expression, action)]["people"].append(person)
    return table


def share(values) -> float:
    return round(float(np.mean(np.asarray(values) > 0)), 3) if len(values) else float("nan")


def summarise(table, people: list[str]) -> dict:
    half = {person: index % 2 for index, person in enumerate(sorted(people))}
    per_expression = {}
    hits = total = 0
    for expression, actions in EXPECTED.items():
        coached = coached_actions(expression)
        entry = {"photos": 0, "coached": list(coached), "actions": {}}
        coached_hits = coached_total = 0
        for action in actions:
            data = table.get((expression, action))
            if not data or not data["moved"]:
                continue
            moved, owners = np.asarray(data["moved"]), data["people"]
            halves = [share([m for m, p in zip(moved, owners, strict=True) if half[p] == h]) for h in (0, 1)]
            entry["photos"] = len(moved)
            entry["actions"][action] = {"share": share(moved), "median": round(float(np.median(moved)), 4),
                                        "halves": halves}
            if action in coached:
                coached_hits += int(np.sum(moved > 0))
                coached_total += len(moved)
        entry["agreement"] = round(coached_hits / coached_total, 3) if coached_total else None
        hits, total = hits + coached_hits, total + coached_total
        per_expression[expression] = entry
    return {"agreement": round(hits / total, 3) if total else None, "per_expression": per_expression}


def reliability_literal(per_expression: dict) -> str:
    """The RELIABILITY table for play/coaching.py, from this run."""
    lines = []
    for expression, entry in per_expression.items():
        for action, figures in entry["actions"].items():
            lines.append(f'    ("{expression}", "{action}"): ({figures["share"]:.3f}, {figures["median"]:.4f}),')
    return "RELIABILITY = {\n" + "\n".join(lines) + "\n}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, nargs="+", required=True, help="dataset folders of expression folders")
    parser.add_argument("--json", type=Path, help="also write the result object to this file")
    parser.add_argument("--no-save", action="store_true", help="do not append to benchmarks/results/coaching.jsonl")
    args = parser.parse_args()
    started = time.perf_counter()
    rows, left_out, people = [], {}, []
    for data in args.data:
        if not data.is_dir():
            parser.error(f"{data} is not a folder")
        found = photo_measures(data)
        calm = calm_faces(found)
        persons = {person for person, *_ in found}
        left_out[data.name] = sorted(persons - set(calm))
        people += [f"{data.name}/{person}" for person in calm]
        rows += [(f"{data.name}/{p}", e, n, m) for p, e, n, m in found if p in calm]
        print(f"{data}: {len(found)} photos read, {len(calm)} people with a calm face, "
              f"{len(persons - set(calm))} people without one left out")
    calm = calm_faces(rows)
    result = summarise(tally(rows, calm), people)
    print(f"\n{'expression':9s} {'action':17s} {'share':>6s} {'median':>8s}  halves   coached (>= {MIN_RELIABILITY})")
    for expression, entry in result["per_expression"].items():
        for action, figures in entry["actions"].items():
            mark = "yes" if action in entry["coached"] else ""
            print(f"{expression:9s} {action:17s} {figures['share']:6.3f} {figures['median']:+8.4f}  "
                  f"{figures['halves'][0]:.2f}/{figures['halves'][1]:.2f}  {mark}")
    print("\n" + reliability_literal(result["per_expression"]))
    if not RELIABILITY:
        print("play/coaching.py has no RELIABILITY table yet: agreement is None until it is pasted in")
    result.update(people=len(people), left_out={name: len(persons) for name, persons in left_out.items()},
                  data=[str(d) for d in args.data], when=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                  seconds=round(time.perf_counter() - started, 1))
    if args.json:
        atomic.write_text(args.json, json.dumps(result, indent=1) + "\n")
    if not args.no_save:
        from results_log import append_run, results_file  # beside this script (tests import this module without it)

        append_run(results_file("coaching"), result)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
