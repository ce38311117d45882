"""Batches for training: random affine jitter, flips and lighting changes done with OpenCV.

Lighting is changed the way a room changes it (a dim exposure with sensor noise, light from one
side, a different gamma) and the crop is then standardised again by the app's own
`preprocessing.standardise`, so the model trains on what the game would hand it for that face.

Plain NumPy, no Keras: `training/keras_adapters.py` hands `FaceBatches` to `model.fit` as a
`keras.utils.PyDataset`, so the same code feeds TensorFlow, JAX or PyTorch backends (and this module's
tests run without loading a backend).
"""

from __future__ import annotations

import cv2
import numpy as np

from actor_trainer.vision.preprocessing import standardise

MAX_ROTATION = 20.0  # degrees: children tilt their heads (evaluate --perturb tilt checks +-20)


def class_weights(labels: np.ndarray, num_classes: int, power: float = 0.5, targets: np.ndarray | None = None,
                  repeats: np.ndarray | None = None) -> np.ndarray:
    """Inverse-frequency weights tempered by `power` (0: none, 1: fully balanced), mean 1 per sampled image.

    Frequencies count what an epoch really shows: soft targets add their vote shares, and an image of a
    dataset sampled twice per epoch counts twice."""
    targets = np.eye(num_classes)[labels] if targets is None else np.asarray(targets, np.float64)
    repeats = np.ones(len(targets)) if repeats is None else np.asarray(repeats, np.float64)
    counts = (targets * repeats[:, None]).sum(axis=0)
    weights = np.zeros(num_classes)
    present = counts > 0
    weights[present] = (counts[present].sum() / (present.sum() * counts[present])) ** power
    if not len(targets):
        return weights
    per_image = targets @ weights
    return weights / np.average(per_image, weights=repeats)


def epoch_order(repeats: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Image indices for one epoch, shuffled: each image floor(r) times, plus a random pick of the images
    for the fractional parts, so the epoch always has round(sum(r)) images."""
    whole = np.floor(repeats).astype(np.int64)
    order = np.repeat(np.arange(len(repeats)), whole)
    fraction = repeats - whole
    extra = int(round(repeats.sum())) - len(order)
    if extra > 0:
        order = np.concatenate([order, rng.choice(len(repeats), extra, replace=False, p=fraction / fraction.sum())])
    rng.shuffle(order)
    return order


def random_affine(image: np.ndarray, rng: np.random.Generator, max_rotation: float = MAX_ROTATION,
                  max_scale: float = 0.12, max_shift: float = 0.1) -> np.ndarray:
    size = image.shape[0]
    angle = rng.uniform(-max_rotation, max_rotation)
    scale = 1.0 + rng.uniform(-max_scale, max_scale)
    matrix = cv2.getRotationMatrix2D((size / 2 - 0.5, size / 2 - 0.5), angle, scale)
    matrix[:, 2] += rng.uniform(-max_shift, max_shift, 2) * size
    return cv2.warpAffine(image, matrix, (size, size), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REFLECT_101)


def augment_image(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A (48, 48) uint8 preprocessed face -> an augmented (48, 48) float32 face holding 0..255."""
    image = random_affine(image, rng)
    if rng.random() < 0.5:
        image = image[:, ::-1]
    image = standardise(classroom(room_light(image, rng), rng)).astype(np.float32)
    if rng.random() < 0.25:
        image = _erase_patch(image, rng)
    return np.clip(image, 0, 255)


def room_light(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Light as a room gives it, on a uint8 face: uneven light from one side (p 0.4), a gamma of
    0.7-1.4 (p 0.3), and a dim exposure of x0.2-0.8 (p 0.5) with sensor noise of sigma 0-6 (p 0.5),
    quantised to uint8 as a camera would."""
    pixels = image.astype(np.float32) / 255.0
    if rng.random() < 0.4:
        pixels = pixels * side_light(image.shape[0], rng)
    if rng.random() < 0.3:
        pixels = np.power(np.clip(pixels, 0, 1), rng.uniform(0.7, 1.4))
    pixels = pixels * 255.0
    if rng.random() < 0.5:
        pixels = pixels * rng.uniform(0.2, 0.8)
    if rng.random() < 0.5:
        pixels = pixels + rng.normal(0.0, rng.uniform(0.0, 6.0), pixels.shape)
    return np.clip(np.rint(pixels), 0, 255).astype(np.uint8)


# What a classroom does to a face, each drawn on the 48x48 crop (the face fills its middle: eyes near row 19,
# mouth near row 37 of 48, docs/vision.md): probability of each per augmented image.
CLASSROOM = {"backlight": 0.12, "hand": 0.08, "hair": 0.05, "glare": 0.05, "blur": 0.1}


def classroom(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(48, 48) uint8 face -> the same face as a classroom may show it: a bright window behind (the face dark,
    the edges of the crop bright), a hand over the mouth, hair over the brow, glare on glasses, motion blur;
    each with its CLASSROOM probability. uint8 in and out; the label stays (the game says what is in the way)."""
    for name, chance in CLASSROOM.items():
        if rng.random() < chance:
            image = _CLASSROOM_STEPS[name](image, rng)
    return image


def _ellipse_mask(size: int, centre, axes, soft: float = 3.0) -> np.ndarray:
    mask = np.zeros((size, size), np.float32)
    cv2.ellipse(mask, (int(centre[0]), int(centre[1])), (int(axes[0]), int(axes[1])), 0, 0, 360, 1.0, -1)
    return cv2.GaussianBlur(mask, (0, 0), soft)


def backlight(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The face at x0.25-0.6 exposure inside a bright surround (gray 190-255) that fills the crop's edges."""
    size = image.shape[0]
    face = _ellipse_mask(size, (size / 2 + rng.normal(0, 1.5), size * 0.54), (size * 0.36, size * 0.44))
    bright = rng.uniform(190, 255)
    pixels = image.astype(np.float32) * rng.uniform(0.25, 0.6)
    return np.clip(np.rint(pixels * face + bright * (1 - face)), 0, 255).astype(np.uint8)


def hand_over_mouth(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A hand (an even, lightly shaded blob about the face's own brightness) over the mouth and chin."""
    size = image.shape[0]
    centre = (size / 2 + rng.normal(0, 3), size * rng.uniform(0.72, 0.82))
    mask = _ellipse_mask(size, centre, (size * rng.uniform(0.22, 0.34), size * rng.uniform(0.13, 0.2)), 1.5)
    level = float(image[size // 4: 3 * size // 4, size // 4: 3 * size // 4].mean()) + rng.uniform(-25, 25)
    shade = level * side_light(size, rng) * 0.5 + level * 0.5
    return np.clip(np.rint(image * (1 - mask) + shade * mask), 0, 255).astype(np.uint8)


def hair_over_brow(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A dark band (hair, a hat's band) from the top of the crop down over part of the brow, at a slant."""
    size = image.shape[0]
    rows = np.arange(size, dtype=np.float32)[:, None] + np.linspace(-1, 1, size)[None, :] * rng.uniform(-6, 6)
    mask = np.clip((size * rng.uniform(0.22, 0.42) - rows) / 2.0, 0, 1)
    return np.clip(np.rint(image * (1 - mask) + rng.uniform(5, 50) * mask), 0, 255).astype(np.uint8)


def glare(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Bright reflections of glasses over one or both eyes."""
    size = image.shape[0]
    pixels = image.astype(np.float32)
    for x in rng.permutation([size * 0.33, size * 0.67])[: rng.integers(1, 3)]:
        mask = _ellipse_mask(size, (x + rng.normal(0, 1.5), size * 0.4 + rng.normal(0, 1.5)),
                             (rng.uniform(3, 6), rng.uniform(2, 4)), 1.0)
        pixels = pixels * (1 - mask) + rng.uniform(215, 255) * mask
    return np.clip(np.rint(pixels), 0, 255).astype(np.uint8)


def motion_blur(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A head moving during the exposure: a line blur of 3-7 pixels at any angle."""
    length = int(rng.integers(3, 8))
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1.0 / length
    turn = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1.0)
    kernel = cv2.warpAffine(kernel, turn, (length, length))
    kernel /= max(float(kernel.sum()), 1e-6)
    return cv2.filter2D(image, -1, kernel, borderType=cv2.BORDER_REFLECT_101)


_CLASSROOM_STEPS = {"backlight": backlight, "hand": hand_over_mouth, "hair": hair_over_brow, "glare": glare,
                    "blur": motion_blur}


def side_light(size: int, rng: np.random.Generator) -> np.ndarray:
    """A (size, size) gain ramp: brighter on one side, 1 +- up to 0.6 across the face."""
    angle = rng.uniform(0, 2 * np.pi)
    ramp = np.linspace(-0.5, 0.5, size, dtype=np.float32)
    gradient = np.cos(angle) * ramp[None, :] + np.sin(angle) * ramp[:, None]
    return 1.0 + rng.uniform(0.2, 1.2) * gradient


def _erase_patch(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    size = image.shape[0]
    h, w = rng.integers(size // 8, size // 3, 2)
    y, x = rng.integers(0, size - h), rng.integers(0, size - w)
    image[y:y + h, x:x + w] = rng.uniform(0, 255)
    return image


class FaceBatches:
    """(images, targets, sample weights) batches; shuffled and augmented when training.

    Targets are one-hot labels, or `targets` (label distributions such as FER+ votes). `repeats` samples
    each image that many times per training epoch (a dataset's weight).

    Every random draw is a function of (seed, epoch, batch): epoch E's order comes from a generator seeded
    with (seed, E), batch I's augmentation and mixup from (seed, E, I) (`batch(E, I)`). Indexed it serves
    epoch `epoch`, which on_epoch_end moves on; `keras_adapters.endless` serves every epoch in one stream, so
    that what an epoch sees never depends on when Keras fetches ahead."""

    def __init__(self, images, labels, num_classes, batch_size=64, augment=False, weights=None,
                 seed=0, mixup=0.0, targets=None, repeats=None, start_epoch: int = 0):
        self.images, self.labels = images, labels
        self.targets = (np.eye(num_classes, dtype=np.float32)[labels] if targets is None
                        else np.asarray(targets, np.float32))
        self.num_classes, self.batch_size, self.augment = num_classes, batch_size, augment
        self.mixup = mixup if augment else 0.0
        self.sample_weights = None if weights is None else (self.targets @ weights).astype(np.float32)
        self.repeats = None if repeats is None or not augment else np.asarray(repeats, np.float64)
        self.seed = int(seed)
        self._orders: dict[int, np.ndarray] = {}
        self.set_epoch(start_epoch)

    def __len__(self):
        return int(np.ceil(len(self.order) / self.batch_size))

    def __getitem__(self, index):
        return self.batch(self.epoch, index)

    def epoch_order(self, epoch: int) -> np.ndarray:
        """Image indices of epoch `epoch` (from 0): shuffled, or sampled by `repeats`, when training."""
        if epoch not in self._orders:
            rng = np.random.default_rng((self.seed, int(epoch)))
            if self.repeats is not None:
                order = epoch_order(self.repeats, rng)
            elif self.augment:
                order = rng.permutation(len(self.labels))
            else:
                order = np.arange(len(self.labels))
            self._orders = dict(list(self._orders.items())[-1:])  # two epochs kept: the one ending, the next
            self._orders[epoch] = order
        return self._orders[epoch]

    def batch(self, epoch: int, index: int):
        """Batch `index` of epoch `epoch`: (x (B, 48, 48, 1) float32 0..255, y (B, classes)[, w (B,)])."""
        batch = self.epoch_order(epoch)[index * self.batch_size:(index + 1) * self.batch_size]
        rng = np.random.default_rng((self.seed, int(epoch), int(index)))
        images = self.images[batch]
        if self.augment:
            images = np.stack([augment_image(image, rng) for image in images])
        x = images.astype(np.float32)[..., None]
        y = self.targets[batch]
        w = None if self.sample_weights is None else self.sample_weights[batch]
        if self.mixup > 0:
            x, y, w = mix_up(x, y, w, self.mixup, rng)
        return (x, y) if w is None else (x, y, w)

    def set_epoch(self, epoch: int) -> None:
        self.epoch = int(epoch)
        self.order = self.epoch_order(self.epoch)

    def on_epoch_end(self):
        self.set_epoch(self.epoch + 1)


def mix_up(x, y, w, alpha: float, rng: np.random.Generator):
    """Blend every example with another one of the batch (mixup, Zhang et al. 2018).

    Each example keeps the larger share (lambda >= 0.5), so it stays mostly itself."""
    share = rng.beta(alpha, alpha, len(x)).astype(np.float32)
    share = np.maximum(share, 1 - share)
    partner = rng.permutation(len(x))
    x = share[:, None, None, None] * x + (1 - share[:, None, None, None]) * x[partner]
    y = share[:, None] * y + (1 - share[:, None]) * y[partner]
    if w is not None:
        w = share * w + (1 - share) * w[partner]
    return x, y, w
