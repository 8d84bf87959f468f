"""The analysis engine: pure functions over spaCy Docs that return small frozen records."""
