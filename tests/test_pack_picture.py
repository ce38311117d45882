"""A pack's own picture: an emoji or an image next to the pack, validated with FILE:LINE, kept when saved."""

from __future__ import annotations

from actor_trainer.packs.toml_format import load_pack, pack_to_toml
from actor_trainer.resources import builtin_scenarios_dir
from actor_trainer.ui.i18n import problem_text

HEAD = 'title = "Zoo"\nlanguage = "en"\n'
SITUATION = '\n[[scenario]]\nid = "a"\ntext = "A lion yawns."\ntarget = "surprise"\n'


def write(tmp_path, picture_line: str):
    path = tmp_path / "zoo.toml"
    path.write_text(HEAD + picture_line + SITUATION, encoding="utf-8")
    return path


def test_an_emoji_picture_is_read_and_saved_back(tmp_path):
    pack, problems = load_pack(write(tmp_path, 'picture = "🦁"\n'))
    assert problems == [] and pack.picture == "🦁" and pack.picture_file() is None
    assert 'picture = "🦁"' in pack_to_toml(pack)


def test_an_image_next_to_the_pack_is_accepted_only_when_it_is_there(tmp_path):
    path = write(tmp_path, 'picture = "lion.png"\n')
    pack, problems = load_pack(path)
    assert [(p.line, p.message) for p in problems] == [(3, 'picture file "lion.png" not found next to the pack')]
    (tmp_path / "lion.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    pack, problems = load_pack(path)
    assert problems == [] and pack.picture_file() == tmp_path / "lion.png"


def test_words_or_paths_are_not_pictures_and_the_line_is_named(tmp_path):
    for value, expected in (("lion", "neither an emoji"), ("../x/lion.png", "no folders"), ("🦁 lion", "neither")):
        path = write(tmp_path, f'picture = "{value}"\n')
        _, problems = load_pack(path)
        assert len(problems) == 1 and problems[0].line == 3 and expected in problems[0].message, problems
        assert str(problems[0]).startswith(f"{path}:3: ")
        assert problem_text(problems[0].message, "sv") != problems[0].message  # Swedish for the editor
    _, problems = load_pack(write(tmp_path, "picture = 3\n"))
    assert problems[0].line == 3 and "wrong type" in problems[0].message


def test_the_built_in_packs_have_pictures_that_fit_their_names():
    pictures = {path.stem: load_pack(path)[0].picture for path in builtin_scenarios_dir().glob("*.toml")}
    assert pictures == {"en-home": "🏠", "sv-hemma": "🏠", "en-school": "🏫", "sv-skolan": "🏫",
                        "en-out-and-about": "🌳", "sv-fritid": "🌳"}


def test_a_huge_pack_picture_is_not_decoded_and_a_large_one_is_read_shrunk(tmp_path, qapp):
    """Issue 29: a 60-megapixel pack picture took the start from about 120 MB to 820 MB."""
    import struct
    import zlib

    from actor_trainer.packs.scenarios import Pack
    from actor_trainer.ui.pack_pictures import PICTURE_SIDE, pack_image

    def png(width, height):
        row = b"\x00" + b"\x80" * (width * 3)
        body = zlib.compress(row * height)
        chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data  # noqa: E731
                                    + struct.pack(">I", zlib.crc32(kind + data)))
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    huge = tmp_path / "huge.png"
    huge.write_bytes(png(1, 1)[:16] + struct.pack(">II", 10000, 6000) + png(1, 1)[24:])  # the header says 60 MP
    assert pack_image(Pack("P", "en", [], picture="huge.png", path=tmp_path / "p.toml")) is None
    (tmp_path / "big.png").write_bytes(png(2000, 1000))
    image = pack_image(Pack("P", "en", [], picture="big.png", path=tmp_path / "p.toml"))
    assert image is not None and (image.width(), image.height()) == (PICTURE_SIDE, PICTURE_SIDE // 2)
