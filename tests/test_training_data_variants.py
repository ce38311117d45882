"""Training data as people have it (issue 21, item 10): FER2013 CSV variants, FER+'s two label layouts,
`pack` keeping the votes and reporting skipped rows, and the training-data claims of docs/reliability.md
checked again (16-bit PNGs, class-folder junk, symlinks in class folders). Inputs are generated here,
modelled on ../shared/cases/fer-csv-variants and ferplus-layouts."""

from __future__ import annotations

import os
import sys
from argparse import Namespace

import cv2
import numpy as np
import pytest
from conftest import make_class_folders, synthetic_face

from actor_trainer.vision.images import read_image
from actor_trainer.vision.preprocessing import preprocess_face
from training.cli import run_pack
from training.datasets.specs import load_split
from training.datasets.split import DatasetError

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symlinks and /dev/zero")


def pixels(label: int) -> str:
    face = synthetic_face(label, np.random.default_rng(label), size=8)
    return " ".join(str(v) for v in face.ravel())


def fer_csv(path, header="emotion,pixels,Usage", bom=False, usage=True, junk=False, order=("e", "p", "u")):
    usages = ["Training"] * 4 + ["PublicTest"] * 2
    lines = [header]
    for index, usage_name in enumerate(usages):
        cells = {"e": str(index % 7), "p": pixels(index % 7), "u": usage_name}
        lines.append(",".join(cells[key] for key in order if usage or key != "u"))
    if junk:
        lines += ['"exported by a spreadsheet",,', "total,6,rows"]
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("variant", ["clean", "bom", "spaced", "reordered"])
def test_fer2013_csvs_as_spreadsheets_save_them_are_read(tmp_path, variant):
    options = {"clean": {}, "bom": {"bom": True},
               "spaced": {"header": "emotion, Usage, pixels", "order": ("e", "u", "p")},
               "reordered": {"header": "Pixels,EMOTION,usage", "order": ("p", "e", "u")}}[variant]
    path = fer_csv(tmp_path / "fer.csv", **options)
    assert len(load_split(path, "train")) == 4 and len(load_split(path, "validation")) == 2


def test_without_a_usage_column_every_row_trains_and_the_message_says_there_is_no_validation(tmp_path, capsys):
    path = fer_csv(tmp_path / "train.csv", header="emotion,pixels", usage=False)
    assert len(load_split(path, "train")) == 6
    validation = load_split(path, "validation")
    assert len(validation) == 0 and "no validation split" in next(iter(validation.excluded))
    assert run_pack(Namespace(data=path, out=tmp_path / "x.npz", cache_dir=tmp_path / "cache")) == 0
    out = capsys.readouterr().out
    assert "6 train, 0 validation" in out and "no Usage column" in out


def test_trailing_spreadsheet_junk_without_usage_is_skipped_with_its_line(tmp_path):
    path = fer_csv(tmp_path / "train.csv", header="emotion,pixels", usage=False, junk=True)
    split = load_split(path, "train")
    assert len(split) == 6 and [line.split(": ")[0] for line in split.skipped] == [f"{path}:8", f"{path}:9"]


@pytest.mark.parametrize("header, words", [("emotion,Usage", "no pixels column (columns found: emotion, usage)"),
                                           ("label,image", "no emotion or pixels column")])
def test_a_csv_without_the_needed_columns_is_refused_at_line_1(tmp_path, header, words):
    path = tmp_path / "odd.csv"
    path.write_text(header + "\n1,2\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=f"{path}:1: {words}".replace("(", r"\(").replace(")", r"\)")):
        load_split(path, "train")


def test_an_empty_split_names_the_first_row_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("emotion,pixels,Usage\n9,1 2 3 4,Training\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"split 'train' is empty .*first row refused: .*bad.csv:2: label 9"):
        load_split(path, "train")


# ------------------------------------------------------------------ FER+


VOTES = ["4,0,0,1,3,2,0,0,0,0", "6,0,1,1,0,0,0,0,2,0", "0,8,0,1,0,0,0,0,1,0", "0,0,0,0,0,0,0,0,0,10"]


def ferplus(root, new_layout: bool):
    for split, usage in (("FER2013Train", "Training"), ("FER2013Valid", "PublicTest")):
        folder = root / split
        folder.mkdir(parents=True)
        lines = ["Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF"] \
            if new_layout else []
        for index, votes in enumerate(VOTES):
            name = f"fer{index:07d}.png"
            cv2.imwrite(str(folder / name), synthetic_face(index, np.random.default_rng(index)))
            lines.append(f"{usage},{name},{votes}" if new_layout else f'{name},"(0, 0, 48, 48)",{votes}')
        lines.append(f"{usage},,{VOTES[0]}" if new_layout else f',"(0, 0, 48, 48)",{VOTES[0]}')  # no image name
        (folder / "label.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("new_layout", [False, True])
def test_both_ferplus_layouts_give_the_same_faces_and_votes(tmp_path, new_layout):
    split = load_split(ferplus(tmp_path / "fp", new_layout), "train")
    assert len(split) == 3 and split.excluded  # the not-a-face row: too few expression votes
    assert split.targets.shape == (3, 7) and np.allclose(split.targets.sum(axis=1), 1)
    line = 6 if new_layout else 5
    assert split.skipped == [f"{tmp_path / 'fp' / 'FER2013Train' / 'label.csv'}:{line}: no image name"]


def test_an_unknown_ferplus_header_is_refused_naming_the_layouts(tmp_path):
    root = ferplus(tmp_path / "fp", True)
    label = root / "FER2013Train" / "label.csv"
    label.write_text("Image,Box,Votes\n" + label.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(DatasetError, match=r"label.csv:1: not a FER\+ label layout .*fer2013new.csv"):
        load_split(root, "train")


def test_pack_keeps_the_vote_distributions_and_reports_skipped_rows(tmp_path, capsys):
    root = ferplus(tmp_path / "fp", False)
    out = tmp_path / "fp.npz"
    assert run_pack(Namespace(data=root, out=out, cache_dir=tmp_path / "cache")) == 0
    printed = capsys.readouterr().out
    assert printed.count("no image name") == 2 and "with vote distributions" in printed
    packed, direct = load_split(out, "train"), load_split(root, "train")
    assert np.array_equal(packed.targets, direct.targets) and np.array_equal(packed.images, direct.images)


# ------------------------------------------------------------------ docs/reliability.md's claims, checked again


def test_a_sixteen_bit_png_trains_as_the_game_sees_it(tmp_path):
    folder = tmp_path / "set" / "happy"
    folder.mkdir(parents=True)
    deep = (synthetic_face(3, np.random.default_rng(0)).astype(np.uint16) * 257)
    cv2.imwrite(str(folder / "deep.png"), deep)
    split = load_split(tmp_path / "set", "train")
    assert np.array_equal(split.images[0], preprocess_face(read_image(folder / "deep.png")))
    assert split.images[0].max() < 255  # not clipped white


@posix_only
def test_class_folder_junk_and_symlinks_are_named_or_read_never_fatal(tmp_path):
    root = make_class_folders(tmp_path / "set", per_class=2, classes=("happy", "sad"))
    happy = root / "happy"
    (happy / "notes.txt").write_text("not an image")
    (happy / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (happy / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    (happy / "nested").mkdir()
    good = sorted(happy.glob("*.png"))[0]
    (root / "sad" / "linked.png").symlink_to(good)  # a link to a real image: read
    (root / "sad" / "zero.png").symlink_to("/dev/zero")  # a link to a device: skipped, never read forever
    split = load_split(root, "train")
    assert len(split) == 5
    assert any("zero.png" in line and "not a readable file" in line for line in split.skipped)
    assert not any("notes.txt" in line or "Thumbs.db" in line for line in split.skipped)  # not images: ignored
    assert os.path.exists(good)

