"""The crop the game judges, named, so a model can say which crop it was trained on (model.json "crop").

Pure Python with no imports from the rest of vision/, so the classifier, the face detection and training
can all read it without an import circle.
"""

from __future__ import annotations

# Chosen with benchmarks/crop_margin.py on photos-dev (table in docs/vision.md): the square crop is
# the detected box grown by this fraction of its size on every side.
DEFAULT_MARGIN = 0.1
# The crop the game judges, named so a model can say which crop it was trained on (model.json "crop"):
# BlazeFace detection on the frame, the box mapped onto the cascade's geometry, grown by DEFAULT_MARGIN,
# turned so the eyes are level, cut from the grayscale frame (`model_crop`), then preprocess_face.
# Raise CROP_VERSION whenever any of those steps changes what the model sees; training's cache is keyed by it.
CROP_ID = "blazeface-eye-levelled-gray"
CROP_VERSION = 1


def crop_identity() -> dict:
    """The game's crop as model.json and the training cache record it: {"id", "version", "margin"}."""
    return {"id": CROP_ID, "version": CROP_VERSION, "margin": DEFAULT_MARGIN}


def crop_mismatch(recorded) -> str | None:
    """Why a model trained on the crop `recorded` (model.json's "crop", or None when it names none) is not
    judged on the crop it learned, in words; None when it is the game's crop."""
    game = crop_identity()
    if not isinstance(recorded, dict):
        return (f"the model does not say which face crop it was trained on; the game crops with "
                f"{game['id']} v{game['version']}: retrain it (python -m training train) so both match")
    if (recorded.get("id"), recorded.get("version"), recorded.get("margin")) != (
            game["id"], game["version"], game["margin"]):
        return (f"the model was trained on the face crop {recorded.get('id')} v{recorded.get('version')} "
                f"(margin {recorded.get('margin')}), the game crops with {game['id']} v{game['version']} "
                f"(margin {game['margin']}): its figures do not hold in the game until it is retrained")
    return None
