"""Probabilities to verdicts: judge, calm-face baseline, levels, game and session."""
