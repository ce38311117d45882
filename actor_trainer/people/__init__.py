"""Players and their histories, progress figures, end-of-game summaries."""
