"""Actor Trainer: a game in which children practise acting out facial expressions."""

__version__ = "0.1.0"
