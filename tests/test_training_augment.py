"""Training batches: augmentation, class weights and mixup on generated images."""

from __future__ import annotations

import numpy as np

from training.augment import FaceBatches, augment_image, class_weights, mix_up

NUM_CLASSES = 7


def random_faces(count: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, (count, 48, 48), dtype=np.uint8)
    labels = np.arange(count) % NUM_CLASSES
    return images, labels


def test_class_weights_favour_rare_classes_and_average_one_per_image():
    labels = np.array([0] * 90 + [1] * 10)
    weights = class_weights(labels, 2, power=1.0)
    assert weights[1] > weights[0]
    assert abs(np.average(weights[labels]) - 1) < 1e-9
    assert np.allclose(class_weights(labels, 2, power=0.0), 1.0)


def test_augmented_image_keeps_size_and_pixel_range():
    image = random_faces(1)[0][0]
    out = augment_image(image, np.random.default_rng(1))
    assert out.shape == (48, 48)
    assert out.min() >= 0 and out.max() <= 255
    assert not np.array_equal(out, image)


def test_mixup_blends_each_example_with_a_partner_and_keeps_the_larger_share():
    rng = np.random.default_rng(3)
    x = rng.random((64, 48, 48, 1)).astype(np.float32)
    y = np.eye(NUM_CLASSES, dtype=np.float32)[np.arange(64) % NUM_CLASSES]
    w = rng.random(64).astype(np.float32)
    mixed_x, mixed_y, mixed_w = mix_up(x, y, w, alpha=0.4, rng=np.random.default_rng(5))

    assert np.allclose(mixed_y.sum(axis=1), 1.0)
    # every example's own class keeps at least half of the label
    assert np.all(mixed_y[np.arange(64), np.arange(64) % NUM_CLASSES] >= 0.5 - 1e-6)
    assert not np.allclose(mixed_x, x)
    assert mixed_x.min() >= x.min() - 1e-6 and mixed_x.max() <= x.max() + 1e-6
    assert mixed_w.min() >= w.min() - 1e-6 and mixed_w.max() <= w.max() + 1e-6


def test_mixup_only_touches_training_batches():
    images, labels = random_faces(20)
    clean = FaceBatches(images, labels, NUM_CLASSES, batch_size=20, mixup=0.4)
    x, y = clean[0]
    assert np.array_equal(x[..., 0], images.astype(np.float32))
    assert set(np.unique(y)) == {0.0, 1.0}

    weights = np.ones(NUM_CLASSES)
    mixed = FaceBatches(images, labels, NUM_CLASSES, batch_size=20, augment=True, weights=weights, mixup=0.4)
    x, y, w = mixed[0]
    assert x.shape == (20, 48, 48, 1) and y.shape == (20, NUM_CLASSES) and w.shape == (20,)
    assert np.allclose(y.sum(axis=1), 1.0)
    assert np.any((y > 0) & (y < 1))


def test_training_batches_are_reshuffled_every_epoch_and_validation_is_not():
    images, labels = random_faces(50)
    training = FaceBatches(images, labels, NUM_CLASSES, batch_size=10, augment=True)
    validation = FaceBatches(images, labels, NUM_CLASSES, batch_size=10)
    first = training.order.copy()
    training.on_epoch_end()
    validation.on_epoch_end()
    assert not np.array_equal(training.order, first)
    assert sorted(training.order) == list(range(50))
    assert np.array_equal(validation.order, np.arange(50))


def test_an_epochs_batches_depend_on_the_seed_and_the_epoch_only():
    """A run resumed at epoch 2 sees the batches the uninterrupted run saw there (order, augmentation,
    mixup), whatever was fetched before: Keras reads the first batches once more to learn their shapes."""
    images, labels = random_faces(50)
    weights = class_weights(labels, NUM_CLASSES)
    uninterrupted = FaceBatches(images, labels, NUM_CLASSES, batch_size=16, augment=True, weights=weights,
                                seed=7, mixup=0.3)
    uninterrupted[0]
    uninterrupted.on_epoch_end()
    uninterrupted[1]
    uninterrupted.on_epoch_end()
    resumed = FaceBatches(images, labels, NUM_CLASSES, batch_size=16, augment=True, weights=weights, seed=7,
                          mixup=0.3, start_epoch=2)
    resumed[0]
    assert np.array_equal(resumed.order, uninterrupted.order)
    for index in (2, 0, 1):
        for mine, theirs in zip(resumed[index], uninterrupted[index], strict=True):
            assert np.array_equal(mine, theirs)
    other_epoch = FaceBatches(images, labels, NUM_CLASSES, batch_size=16, augment=True, seed=7, start_epoch=3)
    assert not np.array_equal(other_epoch.order, uninterrupted.order)
