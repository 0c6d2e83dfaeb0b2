"""Validation issues shown inline: a summary above the form and red borders on the fields named in them.

Editing a marked field takes its border and its lines out of the summary at once (the rest stay until the next
«Сохранить»)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.errors import Issue

HEADING = "Не сохранено — исправьте:"
# the first signal a field widget has that tells it was edited (QLineEdit: by the user only)
EDIT_SIGNALS = ("textEdited", "currentIndexChanged", "dateChanged", "valueChanged", "toggled", "textChanged")


def issue_line(issue: Issue) -> str:
    text = issue.describe()
    return text[:1].upper() + text[1:]


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Red border on a field with an error (the ``invalid`` property of STYLE)."""
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def edit_signal(widget: QWidget):  # noqa: ANN201 - a Qt SignalInstance
    """The widget's «was edited» signal (see EDIT_SIGNALS), None for a widget without one."""
    for name in EDIT_SIGNALS:
        if hasattr(type(widget), name):
            return getattr(widget, name)
    return None


class InlineIssues:
    """Errors listed in ``issues_label`` above a form and marked on ``field_widgets`` (field name → widget)."""

    issues_label: QLabel
    field_widgets: dict[str, QWidget]
    _mark = staticmethod(mark_invalid)

    def show_issues(self, issues: list[Issue]) -> None:
        self.clear_issues()
        self._shown = [(issue, self.field_widgets.get(issue.field or "")) for issue in issues]
        self._render()
        watched = self.__dict__.setdefault("_watched", set())
        for _issue, widget in self._shown:
            if widget is None:
                continue
            mark_invalid(widget, True)
            signal = edit_signal(widget)
            if signal is not None and id(widget) not in watched:
                watched.add(id(widget))
                signal.connect(lambda *_a, w=widget: self.field_edited(w))

    def field_edited(self, widget: QWidget) -> None:
        """The user changed a marked field: its border and its lines go; the summary hides when nothing is left."""
        shown = getattr(self, "_shown", [])
        if not any(w is widget for _i, w in shown):
            return
        mark_invalid(widget, False)
        self._shown = [(i, w) for i, w in shown if w is not widget]
        self._render()

    def _render(self) -> None:
        if not self._shown:
            self.issues_label.hide()
            return
        self.issues_label.setText(HEADING + "\n" + "\n".join(f"• {issue_line(i)}" for i, _w in self._shown))
        self.issues_label.show()

    def clear_issues(self) -> None:
        self._shown = []
        self.issues_label.hide()
        for widget in set(self.field_widgets.values()):
            mark_invalid(widget, False)

    def marked_fields(self) -> list[str]:
        """Names of the fields highlighted as invalid (for tests and accessibility)."""
        return [name for name, w in self.field_widgets.items() if w.property("invalid")]
