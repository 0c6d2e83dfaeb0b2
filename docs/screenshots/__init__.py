"""Pieces of docs/make_screenshots.py: demo data (data), the grabber (shooter), the pictures (shots)."""
