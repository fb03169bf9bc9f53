"""Small reference data written for Parallax (no downloads)."""
