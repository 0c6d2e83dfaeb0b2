"""MentorDesk domain package: services, import/export, CLI; never imports Qt."""

__version__ = "0.1.0"
