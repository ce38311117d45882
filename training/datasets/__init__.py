"""Loading datasets into `Split`s: FER2013 class folders or CSV, FER+ vote distributions, posed people.

Three kinds of dataset, found by their layout (`specs.load_split`):
- class folders with train/ and validation/ (FER2013; `folders`) or the FER2013 CSV (`fer2013_csv`): one hard
  label per image;
- the FER+ layout (FER2013Train/ and FER2013Valid/, each with label.csv of 10 crowd votes per face; `ferplus`):
  a label distribution per image, used as soft targets;
- one folder of class folders without splits (ckplus-dev, cafe-dev; `posed`): everything trains, unless whole
  subjects (named by the file name: CK+'s `S###_` prefix, CAFE's `_F-AA-02` suffix, or a dataset's own
  `subject-pattern.txt`) are held out with `Folds`.
`--data DIR:WEIGHT` (`specs`) samples a dataset WEIGHT times per epoch (2 = every image twice, 0.5 = half).
Decoded folders are cached as .npz (`cache`); `python -m training pack` writes both splits into one .npz
(`bundle`). Every module returns a `split.Split` and raises `split.DatasetError`.

Every image goes through `actor_trainer.vision.preprocessing.preprocess_face`, the same function the app
uses, so the model sees in the game exactly what it saw in training.

This package imports nothing itself: import the module that is the home of what you need.
"""
