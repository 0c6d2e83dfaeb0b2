"""The «Анкеты» tab: survey templates, their editor, blank questionnaires and entry from paper."""
