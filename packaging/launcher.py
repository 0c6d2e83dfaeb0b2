"""Entry script of the built application: the same as the ``mentordesk`` console script."""

import sys

from ui.application import entry

if __name__ == "__main__":
    sys.exit(entry())
