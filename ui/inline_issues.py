"""Validation issues shown inline: a summary above the form and red borders on the fields named in them."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.errors import Issue


def issue_line(issue: Issue) -> str:
    text = issue.describe()
    return text[:1].upper() + text[1:]


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Red border on a field with an error (the ``invalid`` property of STYLE)."""
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class InlineIssues:
    """Errors listed in ``issues_label`` above a form and marked on ``field_widgets`` (field name → widget)."""

    issues_label: QLabel
    field_widgets: dict[str, QWidget]
    _mark = staticmethod(mark_invalid)

    def show_issues(self, issues: list[Issue]) -> None:
        self.clear_issues()
        self.issues_label.setText("Не сохранено — исправьте:\n" + "\n".join(f"• {issue_line(i)}" for i in issues))
        self.issues_label.show()
        for issue in issues:
            widget = self.field_widgets.get(issue.field or "")
            if widget is not None:
                mark_invalid(widget, True)

    def clear_issues(self) -> None:
        self.issues_label.hide()
        for widget in set(self.field_widgets.values()):
            mark_invalid(widget, False)

    def marked_fields(self) -> list[str]:
        """Names of the fields highlighted as invalid (for tests and accessibility)."""
        return [name for name, w in self.field_widgets.items() if w.property("invalid")]
