"""``python -m app``: the same entry as the ``mentordesk`` console script."""

from ui.application import entry

if __name__ == "__main__":
    raise SystemExit(entry())
