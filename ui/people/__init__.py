"""The two base tabs (mentees and mentors): table model, tab widget, edit and import dialogs."""
