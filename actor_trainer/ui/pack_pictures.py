"""A pack's picture, the same wherever a pack is shown (the start screen's cards, the editor's pack list): its
own emoji, the image file next to it, or the theatre masks when it names neither."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImageReader, QPixmap

DEFAULT_PACK_PICTURE = "🎭"
# A pack's picture is drawn at most about 200 pixels wide: it is read shrunk to PICTURE_SIDE, and one whose header
# says more than MAX_PICTURE_PIXELS is not read at all (a 60-megapixel picture took the start from about 120 MB
# to 820 MB).
PICTURE_SIDE = 512
MAX_PICTURE_PIXELS = 16_000_000


def pack_picture(pack) -> str:
    """The pack's own emoji (its `picture`), or the theatre masks when it names none or names an image file."""
    return pack.picture if pack.picture and pack.picture_file() is None else DEFAULT_PACK_PICTURE


def pack_image(pack) -> QPixmap | None:
    """The image file the pack's `picture` names, when it loads: a regular file (never a FIFO or a device), its
    size read from the header first, decoded shrunk to fit PICTURE_SIDE; None otherwise (the masks are shown)."""
    path = pack.picture_file()
    if path is None or not path.is_file():
        return None
    reader = QImageReader(str(path))
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > MAX_PICTURE_PIXELS:
        return None
    if max(size.width(), size.height()) > PICTURE_SIDE:
        reader.setScaledSize(size.scaled(QSize(PICTURE_SIDE, PICTURE_SIDE), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return QPixmap.fromImage(image) if not image.isNull() else None
