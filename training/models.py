"""The model family: the report's baseline, tuned and pyramid models, and our own `actor`.

Every model takes (48, 48, 1) images with values 0..255 (see actor_trainer.vision.preprocessing) and
rescales inside, so the app feeds exactly what `preprocess_face` returns.
"""

from __future__ import annotations

import keras
from keras import layers

from actor_trainer.vision.preprocessing import INPUT_SIZE

NUM_CLASSES = 7
# Keras' default 0.99 needs ~500 steps before the moving statistics settle, longer than a short
# tuner trial on a subset; with it those trials were all judged at chance level.
BN_MOMENTUM = 0.9


def _inputs():
    inputs = keras.Input((INPUT_SIZE, INPUT_SIZE, 1), name="face")
    return inputs, layers.Rescaling(1.0 / 255.0)(inputs)


def _classifier_head(x, num_classes: int):
    return layers.Dense(num_classes, activation="softmax", dtype="float32", name="probs")(x)


def build_baseline(num_classes: int = NUM_CLASSES) -> keras.Model:
    """The report's model 1: a plain example CNN."""
    inputs, x = _inputs()
    for filters in (32, 64, 128):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dense(128, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    return keras.Model(inputs, _classifier_head(x, num_classes), name="baseline")


def conv_block(x, filters: int, kernel_size: int = 3, activation: str = "relu", padding: str = "same",
               batch_norm: bool = True, pooling: str | None = "max", dropout: float = 0.0, convs: int = 1):
    """One tuned conv block: conv(s), optional batch norm, pooling and dropout."""
    for _ in range(convs):
        x = layers.Conv2D(filters, kernel_size, padding=padding, use_bias=not batch_norm)(x)
        if batch_norm:
            x = layers.BatchNormalization(momentum=BN_MOMENTUM)(x)
        x = layers.Activation(activation)(x)
    if pooling == "max" and x.shape[1] >= 2:
        x = layers.MaxPooling2D()(x)
    elif pooling == "avg" and x.shape[1] >= 2:
        x = layers.AveragePooling2D(2)(x)
    if dropout:
        x = layers.Dropout(dropout)(x)
    return x


def dense_block(x, units: int, activation: str = "relu", batch_norm: bool = True, dropout: float = 0.0):
    x = layers.Dense(units, use_bias=not batch_norm)(x)
    if batch_norm:
        x = layers.BatchNormalization(momentum=BN_MOMENTUM)(x)
    x = layers.Activation(activation)(x)
    if dropout:
        x = layers.Dropout(dropout)(x)
    return x


def build_from_config(config: dict, num_classes: int = NUM_CLASSES, name: str = "tuned") -> keras.Model:
    """Build a conv/dense stack from a plain config (what the tuner searches and the pyramid edits).

    config = {"conv": [{"filters":.., "kernel_size":.., ...}, ...], "dense": [{"units":..}, ...]}
    """
    inputs, x = _inputs()
    for block in config["conv"]:
        x = conv_block(x, **block)
    x = layers.GlobalAveragePooling2D()(x) if config.get("global_pool") else layers.Flatten()(x)
    for block in config.get("dense", []):
        x = dense_block(x, **block)
    if config.get("head_dropout"):
        x = layers.Dropout(config["head_dropout"])(x)
    return keras.Model(inputs, _classifier_head(x, num_classes), name=name)


DEFAULT_TUNED_CONFIG = {
    "conv": [
        {"filters": 64, "kernel_size": 3, "convs": 2, "dropout": 0.1},
        {"filters": 128, "kernel_size": 3, "convs": 2, "dropout": 0.2},
        {"filters": 256, "kernel_size": 3, "convs": 2, "dropout": 0.3},
        {"filters": 256, "kernel_size": 3, "convs": 1, "dropout": 0.3},
    ],
    "dense": [{"units": 256, "dropout": 0.5}],
}


def pyramid_config(tuned: dict) -> dict:
    """The report's model 4: the best tuned model with one conv block fewer and filters that grow
    in a pyramid (each block doubles the previous one, starting from the tuned first block)."""
    blocks = [dict(block) for block in tuned["conv"][:-1]] or [dict(tuned["conv"][0])]
    start = blocks[0]["filters"]
    for depth, block in enumerate(blocks):
        block["filters"] = min(start * 2**depth, 512)
    return {**tuned, "conv": blocks}


def build_pyramid(tuned: dict | None = None, num_classes: int = NUM_CLASSES) -> keras.Model:
    return build_from_config(pyramid_config(tuned or DEFAULT_TUNED_CONFIG), num_classes, name="pyramid")


def build_actor(num_classes: int = NUM_CLASSES, width: int = 32) -> keras.Model:
    """Our default: a compact all-3x3 VGG-style network (about 1.2M parameters).

    Chosen by measurement on the 2-core CPU (see training/README.md): full 3x3 convolutions train
    about twice as fast per image as depthwise-separable ones of the same accuracy class under
    oneDNN, one conv at 48x48 keeps the fine detail FER2013 needs without paying for a full
    stack there, and global average pooling instead of a big dense layer keeps the file small.
    """
    config = {
        "conv": [
            {"filters": width, "convs": 1},
            {"filters": width * 2, "convs": 2, "dropout": 0.1},
            {"filters": width * 4, "convs": 2, "dropout": 0.2},
            {"filters": width * 8, "convs": 2, "pooling": None, "dropout": 0.3},
        ],
        "global_pool": True,
        "dense": [],
        "head_dropout": 0.4,
    }
    return build_from_config(config, num_classes, name="actor")


BUILDERS = {
    "baseline": build_baseline,
    "actor": build_actor,
    "pyramid": build_pyramid,
    "tuned": lambda num_classes=NUM_CLASSES: build_from_config(DEFAULT_TUNED_CONFIG, num_classes),
}
