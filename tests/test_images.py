"""actor_trainer.vision.images: the one image reader (depth scaling, header size limit, truncated files)."""

from __future__ import annotations

import struct
import zlib

import cv2
import numpy as np
import pytest

from actor_trainer.vision import images
from actor_trainer.vision.images import MAX_PIXELS, ImageError, header_size, read_image


def gradient(height=30, width=40) -> np.ndarray:
    row = np.linspace(0, 255, width, dtype=np.float32)
    image = np.tile(row, (height, 1))
    return np.dstack([image, image[::-1], 255 - image]).astype(np.uint8)


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".bmp", ".tif", ".webp", ".pgm", ".ppm"])
def test_header_size_matches_every_format_opencv_writes(tmp_path, suffix):
    image = gradient(30, 40)
    if suffix == ".pgm":
        image = image[:, :, 0]
    path = tmp_path / f"picture{suffix}"
    assert cv2.imwrite(str(path), image)
    assert header_size(path.read_bytes()) == (40, 30)
    assert read_image(path).shape == (30, 40, 3)


def test_sixteen_bit_images_are_scaled_not_clipped(tmp_path):
    wide = np.full((20, 20), 32768, np.uint16)  # mid grey in 16 bits
    cv2.imwrite(str(tmp_path / "deep.png"), wide)
    image = read_image(tmp_path / "deep.png")
    assert image.dtype == np.uint8 and image.shape == (20, 20, 3)
    assert abs(int(image.mean()) - 128) <= 1


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims the given size (the data is a few bytes)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + \
        chunk(b"IEND", b"")


def test_a_huge_image_is_refused_from_its_header_before_decoding(tmp_path, monkeypatch):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_claiming(25000, 25000))
    monkeypatch.setattr(images.cv2, "imdecode", lambda *a: pytest.fail("decoded a too large image"))
    with pytest.raises(ImageError) as error:
        read_image(path)
    message = str(error.value)
    assert str(path) in message and "25000x25000" in message and f"{MAX_PIXELS // 1_000_000} megapixels" in message


def test_a_huge_jpeg_is_refused_from_its_header(tmp_path):
    ok, encoded = cv2.imencode(".jpg", gradient())
    data = bytearray(encoded.tobytes())
    at = data.find(b"\xff\xc0")
    data[at + 5:at + 9] = struct.pack(">HH", 20000, 20000)
    (tmp_path / "big.jpg").write_bytes(bytes(data))
    with pytest.raises(ImageError, match="too large"):
        read_image(tmp_path / "big.jpg")


def test_truncated_jpeg_is_refused(tmp_path):
    ok, encoded = cv2.imencode(".jpg", gradient(200, 200))
    data = encoded.tobytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(ImageError, match="truncated JPEG") as error:
        read_image(tmp_path / "cut.jpg")
    assert "cut.jpg" in str(error.value)
    (tmp_path / "whole.jpg").write_bytes(data + b"\0\0trailing bytes after the end are fine")
    assert read_image(tmp_path / "whole.jpg").shape == (200, 200, 3)


def test_truncated_png_is_refused(tmp_path):
    ok, encoded = cv2.imencode(".png", np.random.default_rng(0).integers(0, 255, (100, 100), np.uint8))
    data = encoded.tobytes()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    with pytest.raises(ImageError, match="cut.png"):
        read_image(tmp_path / "cut.png")


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"hello, not a picture", "not an image"),
    (b"\xff\xd8\xff", "broken image header"),
    (b"\x89PNG\r\n\x1a\n\0\0", "broken image header"),
])
def test_broken_files_name_the_file_and_the_reason(tmp_path, content, reason):
    path = tmp_path / "bad.jpg"
    path.write_bytes(content)
    with pytest.raises(ImageError, match=reason) as error:
        read_image(path)
    assert str(path) in str(error.value)


def test_missing_file_and_folder_are_image_errors(tmp_path):
    with pytest.raises(ImageError, match="cannot read"):
        read_image(tmp_path / "missing.png")
    with pytest.raises(ImageError, match="cannot read"):
        read_image(tmp_path)


def test_non_ascii_paths_work(tmp_path):
    path = tmp_path / "glädje ansikte.png"
    ok, encoded = cv2.imencode(".png", gradient())
    path.write_bytes(encoded.tobytes())
    assert read_image(path).shape == (30, 40, 3)


@pytest.mark.parametrize("name, header", [
    ("huge.hdr", b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 12000 +X 12000\n"),
    ("huge.jp2", b"\x00\x00\x00\x0cjP  \r\n\x87\n\x00\x00\x00\x14ftypjp2 "),
    ("huge.exr", b"v/1\x01\x02\x00\x00\x00"),
    ("huge.ras", b"\x59\xa6\x6a\x95" + (12000).to_bytes(4, "big") * 2),
])
def test_formats_whose_size_is_not_read_from_the_header_are_refused_before_decoding(tmp_path, monkeypatch, name,
                                                                                     header):
    """HDR and JPEG 2000 files of 12000x12000 reached 1.3-2.2 GB in OpenCV before being refused (issue 29)."""
    path = tmp_path / name
    path.write_bytes(header + bytes(1000))
    monkeypatch.setattr(cv2, "imdecode", lambda *args: pytest.fail("decoded"))
    with pytest.raises(ImageError, match="not an image the game reads"):
        read_image(path)
