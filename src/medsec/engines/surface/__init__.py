"""Attack-surface figures, score, recommendations and release comparison (pure)."""
