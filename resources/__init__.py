"""Data files shipped with MentorDesk (reference lists, fonts), read via importlib.resources."""
