"""The «Журнал встреч» tab: the meeting journal, a meeting dialog, pair timelines and the attention list."""
