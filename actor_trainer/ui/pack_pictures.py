"""A pack's picture, the same wherever a pack is shown (the start screen's cards, the editor's pack list): its
own emoji, the image file next to it, or the theatre masks when it names neither."""

from __future__ import annotations

from PySide6.QtGui import QPixmap

DEFAULT_PACK_PICTURE = "🎭"


def pack_picture(pack) -> str:
    """The pack's own emoji (its `picture`), or the theatre masks when it names none or names an image file."""
    return pack.picture if pack.picture and pack.picture_file() is None else DEFAULT_PACK_PICTURE


def pack_image(pack) -> QPixmap | None:
    """The image file the pack's `picture` names, when it loads."""
    path = pack.picture_file()
    image = QPixmap(str(path)) if path is not None and path.is_file() else None
    return image if image is not None and not image.isNull() else None
