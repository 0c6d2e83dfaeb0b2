"""The municipality mode's window, tabs and dialogs («Управление образования»)."""
