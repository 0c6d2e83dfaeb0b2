"""Tests of the documentation: the user guide and its screenshot script."""
