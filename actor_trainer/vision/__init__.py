"""Camera to probabilities: frame sources, face detection and crop, preprocessing, classifier, smoothing."""
