"""Scenario packs: the pack model, validation, TOML files, the teacher's pack files."""
