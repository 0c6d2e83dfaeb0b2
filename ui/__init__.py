"""Qt Widgets user interface; talks to app/ services only, never writes SQL."""
