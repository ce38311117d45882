"""Reading one image file safely: the one reader for the game's photo folders, `predict` and training.

Every image becomes BGR uint8, whatever its depth (16-bit and float images are scaled, not clipped).
The pixel count is read from the file's header and checked against MAX_PIXELS before anything is
decoded, so a small file that claims to be huge (a 650 KB PNG of 25000x25000) cannot fill the memory.
Truncated JPEGs, which OpenCV would decode with a grey bottom, are refused. Pure: OpenCV and NumPy only.
"""

from __future__ import annotations

import struct
from pathlib import Path

import cv2
import numpy as np

from actor_trainer import files
from actor_trainer.vision.source_spec import IMAGE_SUFFIXES  # noqa: F401 (the readers' suffixes, named there)

READ_FORMATS = "JPEG, PNG, GIF, BMP, TIFF, WebP, PNM"  # those whose size header_size reads before decoding
# the first bytes of the formats OpenCV decodes whose size header_size does not read: Radiance HDR, JPEG 2000
# (file and codestream), OpenEXR, Sun raster, PFM
UNREAD_FORMATS = (b"#?", b"\x00\x00\x00\x0cjP", b"\xff\x4f\xff\x51", b"v/1\x01", b"\x59\xa6\x6a\x95", b"PF", b"Pf")
MAX_PIXELS = 64_000_000  # 64 megapixels (8000 x 8000), 192 MB as BGR; any camera photo fits
MAX_FILE_BYTES = 256 * 1024 * 1024
MIN_FRAME_SIDE = 24  # a frame narrower than this cannot show a face the detectors find
# A frame whose long side is over SEARCH_MAX_SIDE (a 1080p or 4K webcam, a camera photo) is searched at
# SEARCH_SIDE on its long side: the detectors look at 240-320 pixels anyway (BlazeFace letterboxes the
# whole frame into 256x256), so nothing is lost, and a 4K frame costs what a 640x480 one does
# (../shared/cases/camera-4k; docs/vision.md).
SEARCH_MAX_SIDE = 1280
SEARCH_SIDE = 640
MAX_FRAME_PIXELS = SEARCH_MAX_SIDE * SEARCH_MAX_SIDE  # no frame is searched at more pixels than this

_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_JPEG_EOI = b"\xff\xd9"


class ImageError(Exception):
    """An image that cannot be used, with a message naming the file."""


def read_image(path: str | Path) -> np.ndarray:
    """The image at `path` as BGR uint8 (H, W, 3); raises ImageError saying why it cannot be used."""
    try:  # not cv2.imread, which fails on non-ASCII paths on Windows; never a FIFO or /dev/zero
        data = files.read_regular(path, MAX_FILE_BYTES)
    except OSError as error:
        raise ImageError(f"{path}: cannot read the file ({error.strerror or error})") from error
    return decode_image(data, str(path))


def decode_image(data: bytes, name: str = "image") -> np.ndarray:
    """Decode encoded image bytes (`name` is used in messages) after the header and truncation checks."""
    if not data:
        raise ImageError(f"{name}: empty file")
    try:
        size = header_size(data)
    except ImageError as error:
        raise ImageError(f"{name}: {error}") from None
    if size is None:  # HDR, JPEG 2000, OpenEXR, ...: OpenCV decodes them whole before anything could refuse
        if data.startswith(UNREAD_FORMATS):
            raise ImageError(f"{name}: not an image the game reads (it reads {READ_FORMATS})")
        raise ImageError(f"{name}: not an image OpenCV can read")
    _check_pixels(size, name)
    if data[:2] == b"\xff\xd8" and not _jpeg_complete(data):
        raise ImageError(f"{name}: truncated JPEG (the file ends before the image does)")
    try:
        image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        if image is None:  # 32-bit float TIFFs decode only as they are; to_bgr_uint8 scales them
            image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    except cv2.error as error:
        raise ImageError(f"{name}: not an image OpenCV can read") from error
    if image is None or image.size == 0:
        raise ImageError(f"{name}: not an image OpenCV can read")
    _check_pixels((image.shape[1], image.shape[0]), name)  # a header that understated the size
    return to_bgr_uint8(image)


def to_uint8(image: np.ndarray) -> np.ndarray:
    """The one 8-bit converter: 16-bit scaled (/ 257, rounded), float in [0, 1] x 255, anything else clipped
    to 0..255. Same shape; uint8 input comes back as it is."""
    if image.dtype == np.uint16:
        image = (image.astype(np.uint32) * 255 + 32767) // 65535
    elif np.issubdtype(image.dtype, np.floating):
        image = np.nan_to_num(image) * (255.0 if image.max(initial=0) <= 1.0 else 1.0)
    if image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    return image


def to_bgr_uint8(image: np.ndarray) -> np.ndarray:
    """Scale any depth to uint8 (to_uint8) and any channel count to BGR."""
    image = to_uint8(image)
    if image.ndim == 3 and image.shape[2] not in (3, 4):
        image = image[:, :, 0]  # grey with alpha, or an odd channel count: the first channel
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return image


def fit_frame(frame: np.ndarray) -> np.ndarray | None:
    """The frame as the face search gets it: None when it cannot show a face (empty, not 2-D, or narrower
    than MIN_FRAME_SIDE pixels, e.g. 20000x1); a frame longer than SEARCH_MAX_SIDE pixels shrunk to
    SEARCH_SIDE on its long side (`shrink_for_search`), else unchanged. Bounds the memory and time of every
    later step whatever the source sends (at most SEARCH_MAX_SIDE x SEARCH_MAX_SIDE pixels)."""
    if not isinstance(frame, np.ndarray) or frame.ndim not in (2, 3) or frame.size == 0:
        return None
    height, width = frame.shape[:2]
    if min(height, width) < MIN_FRAME_SIDE:
        return None
    if max(height, width) <= SEARCH_MAX_SIDE:
        return frame
    scale = SEARCH_SIDE / max(height, width)
    size = (int(width * scale), int(height * scale))
    if min(size) < MIN_FRAME_SIDE:
        return None
    return shrink_for_search(frame, size)


def shrink_for_search(frame: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """`frame` shrunk to `size` (width, height) in two steps: nearest pixels to twice the size, then
    INTER_AREA halves it (each pixel the mean of four). About 1.5 ms for 3840x2160 -> 640x360 where one
    INTER_AREA step takes 7 ms (measured on the 2-core development machine); sharp enough for the
    48x48 crop, which averages about 4x4 of these pixels."""
    width, height = size
    if frame.shape[1] > 2 * width and frame.shape[0] > 2 * height:
        frame = cv2.resize(frame, (2 * width, 2 * height), interpolation=cv2.INTER_NEAREST)
    return cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA)


def _check_pixels(size: tuple[int, int], name: str) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise ImageError(f"{name}: the header says the image is {width}x{height} pixels")
    if width * height > MAX_PIXELS:
        raise ImageError(f"{name}: image too large ({width}x{height} pixels; "
                         f"the limit is {MAX_PIXELS // 1_000_000} megapixels)")


# ---------------------------------------------------------------- headers


def header_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from the header of a JPEG, PNG, GIF, BMP, TIFF, WebP or PNM file; None for other
    formats. Raises ImageError for a header too short or broken to give a size."""
    for magic, reader in _READERS:
        if data.startswith(magic):
            try:
                return reader(data)
            except (struct.error, IndexError, ValueError) as error:
                raise ImageError(f"broken image header ({error})") from error
    return None


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def _gif_size(data: bytes) -> tuple[int, int]:
    return struct.unpack("<HH", data[6:10])


def _bmp_size(data: bytes) -> tuple[int, int]:
    if struct.unpack("<I", data[14:18])[0] == 12:  # OS/2 BITMAPCOREHEADER
        return struct.unpack("<HH", data[18:22])
    width, height = struct.unpack("<ii", data[18:26])
    return width, abs(height)  # negative height: rows stored top-down


def _jpeg_size(data: bytes) -> tuple[int, int]:
    position, marker = _jpeg_find(data, lambda m: m in _JPEG_SOF)
    height, width = struct.unpack(">HH", data[position + 5:position + 9])
    return width, height


def _jpeg_find(data: bytes, wanted) -> tuple[int, int]:
    """Walk the JPEG segments from SOI to the first marker `wanted(marker)` accepts: (its offset, marker)."""
    position = 2
    while True:
        if data[position] != 0xFF:
            raise ValueError("not at a JPEG marker")
        while data[position + 1] == 0xFF:  # fill bytes
            position += 1
        marker = data[position + 1]
        if wanted(marker):
            return position, marker
        if marker == 0xDA or marker == 0xD9:
            raise ValueError("no frame header before the image data")
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            position += 2
        else:
            position += 2 + struct.unpack(">H", data[position + 2:position + 4])[0]


def _jpeg_complete(data: bytes) -> bool:
    """True when an end-of-image marker follows the image data. Inside the entropy-coded data every
    0xFF byte is followed by 0x00 or a restart marker, so FF D9 there can only be the real end."""
    try:
        start, _ = _jpeg_find(data, lambda m: m == 0xDA)
    except (IndexError, ValueError, struct.error):
        return False
    return data.find(_JPEG_EOI, start) != -1


def _tiff_size(data: bytes) -> tuple[int, int]:
    order = "<" if data[:2] == b"II" else ">"
    (offset,) = struct.unpack(order + "I", data[4:8])
    (count,) = struct.unpack(order + "H", data[offset:offset + 2])
    found = {}
    for entry in range(count):
        at = offset + 2 + 12 * entry
        tag, kind = struct.unpack(order + "HH", data[at:at + 4])
        if tag in (256, 257):
            short = kind == 3
            found[tag] = struct.unpack(order + ("H" if short else "I"), data[at + 8:at + (10 if short else 12)])[0]
    return found[256], found[257]


def _webp_size(data: bytes) -> tuple[int, int] | None:
    if data[8:12] != b"WEBP":
        return None  # another RIFF file (a WAV or AVI); OpenCV will refuse it
    chunk = data[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        (bits,) = struct.unpack("<I", data[21:25])
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    raise ValueError("unknown WebP chunk")


def _pnm_size(data: bytes) -> tuple[int, int]:
    head = data[:4096]
    if head[:2] == b"P7":  # PAM: WIDTH and HEIGHT lines
        fields = dict(line.split(None, 1) for line in head.decode("ascii", "replace").splitlines()[1:] if " " in line)
        return int(fields["WIDTH"]), int(fields["HEIGHT"])
    lines = [line.split(b"#", 1)[0] for line in head[2:].split(b"\n")]
    tokens = b" ".join(lines).split()
    return int(tokens[0]), int(tokens[1])


_READERS = (
    (b"\x89PNG\r\n\x1a\n", _png_size),
    (b"\xff\xd8", _jpeg_size),
    (b"GIF87a", _gif_size),
    (b"GIF89a", _gif_size),
    (b"BM", _bmp_size),
    (b"II*\x00", _tiff_size),
    (b"MM\x00*", _tiff_size),
    (b"RIFF", _webp_size),
    *((f"P{kind}".encode(), _pnm_size) for kind in "1234567"),
)
