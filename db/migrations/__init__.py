"""Alembic migration environment of the school database."""
