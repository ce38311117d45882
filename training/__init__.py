"""Retraining module for the Actor Trainer expression model (backend-agnostic Keras 3)."""
