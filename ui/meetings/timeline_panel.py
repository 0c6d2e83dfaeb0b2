"""The selected meeting's pair: its stage, meetings in date order and warnings; printing the pair journals."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.meeting_rules import needs_feedback
from app.schemas_meetings import STAGES, PairTimeline
from app.text import format_date

WARN_COLORS = {"no_feedback": "#b00020", "first_not_intro": "#b00020", "inactive": "#b35c00",
               "no_planning": "#b35c00", "no_final": "#b35c00"}
MEETING_ID = Qt.ItemDataRole.UserRole


def mark(got: bool) -> str:
    return "✓" if got else "✗"


class TimelinePanel(QWidget):
    """Shows a PairTimeline; clicking a meeting asks the journal to select it.

    Signals:
        meeting_clicked(int): the id of the meeting clicked in the list.
    """

    meeting_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline: PairTimeline | None = None
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.stage = QLabel(self)
        self.stage.setWordWrap(True)
        self.meetings = QListWidget(self)
        self.meetings.setAlternatingRowColors(True)
        self.meetings.itemActivated.connect(self._activated)
        self.meetings.itemClicked.connect(self._activated)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.meetings.setWordWrap(True)
        info = QVBoxLayout()
        info.setSpacing(4)
        info.addWidget(self.title)
        info.addWidget(self.stage)
        info.addWidget(self.warnings)
        info.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(info, 1)
        layout.addWidget(self.meetings, 1)
        self.set_timeline(None)

    def _activated(self, item: QListWidgetItem) -> None:
        meeting_id = item.data(MEETING_ID)
        if meeting_id is not None:
            self.meeting_clicked.emit(int(meeting_id))

    def set_message(self, text: str) -> None:
        """No pair to show: a hint instead."""
        self.timeline = None
        self.title.setText("<b>Пара / группа</b>")
        self.stage.setText(text)
        self.meetings.clear()
        self.meetings.hide()
        self.warnings.clear()
        self.warnings.hide()

    def set_timeline(self, timeline: PairTimeline | None, *, kinds: dict[int, str] | None = None,
                     current: int | None = None) -> None:
        """Show ``timeline``; ``kinds`` gives meeting type names by id, ``current`` is highlighted."""
        if timeline is None:
            self.set_message("Выберите встречу в журнале — здесь появятся все встречи её пары и замечания.")
            return
        self.timeline = timeline
        facts, kinds = timeline.facts, kinds or {}
        self.title.setText(f"<b>{escape(facts.label)}</b>")
        self.stage.setText(f"Этап: {timeline.stage_text} · встреч: {len(facts.meetings)}")
        self.meetings.clear()
        self.meetings.show()
        for fact in facts.meetings:
            kind = kinds.get(fact.id) or STAGES.get(fact.stage, STAGES["other"])
            text = f"{format_date(fact.date)} — {kind}"
            if needs_feedback(fact.stage) or fact.feedback_mentee or fact.feedback_mentor:
                text += f" — ОС: наставляемый {mark(fact.feedback_mentee)}, наставник {mark(fact.feedback_mentor)}"
            item = QListWidgetItem(text)
            item.setData(MEETING_ID, fact.id)
            if needs_feedback(fact.stage) and not (fact.feedback_mentee and fact.feedback_mentor):
                item.setForeground(QBrush(QColor(176, 0, 32)))
            if fact.id == current:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.meetings.addItem(item)
            if fact.id == current:
                self.meetings.scrollToItem(item)
        if not facts.meetings:
            self.meetings.addItem(QListWidgetItem("встреч ещё нет"))
        if timeline.warnings:
            lines = [f'<span style="color:{WARN_COLORS.get(w.code, "#b35c00")}">⚠ {escape(w.message)}</span>'
                     for w in timeline.warnings]
            self.warnings.setText("<br>".join(lines))
            self.warnings.show()
        else:
            self.warnings.setText('<span style="color:#2e7d32">Замечаний нет</span>')
            self.warnings.show()

    def warning_texts(self) -> list[str]:
        return [w.message for w in self.timeline.warnings] if self.timeline else []


def load_timeline(tab: Any, group_id: int | None) -> None:
    """Show ``group_id``'s timeline in the journal tab's panel (read through the tab's runner)."""
    from ui import messages

    panel, ids = tab.timeline, tab.selected_ids()
    current = ids[0] if ids else None
    if group_id is None or tab.db is None:
        tab._timeline_group = None
        if tab.loaded and not tab.model.all_rows():
            panel.set_message("Встреч пока нет. «Добавить встречу» (Ctrl+N) — записать первую встречу пары.")
        elif tab.loaded and not tab.model.rowCount():
            panel.set_message("Нет встреч, подходящих под фильтр. «Сбросить» — показать все.")
        else:
            panel.set_timeline(None)
        return
    kinds = {r.id: r.kind for r in tab.model.all_rows() if r.group_id == group_id}
    if group_id == tab._timeline_group and panel.timeline is not None:
        panel.set_timeline(panel.timeline, kinds=kinds, current=current)
        return
    tab._timeline_group = group_id
    tab._timeline_generation += 1
    generation, db = tab._timeline_generation, tab.db

    def work(_progress: Any) -> Any:
        from app.services.meetings import pair_timeline

        with db.session() as session:
            return pair_timeline(session, group_id=group_id)

    def done(timeline: Any) -> None:
        if generation == tab._timeline_generation:
            panel.set_timeline(timeline, kinds=kinds, current=current)

    def failed(exc: BaseException) -> None:
        if generation == tab._timeline_generation:
            panel.set_message(messages.error_text(exc))

    tab.runner.run(work, on_done=done, on_error=failed)


def print_pair_journal(tab: Any) -> None:
    """«Журнал пары (PDF)»: the pair of the selected meeting, or the pair chosen in the filter."""
    from ui import messages

    group_id = tab.journal_group()
    if group_id is None:
        messages.inform(tab, title="Журнал пары", text="Выберите встречу пары или пару в фильтре.")
        return
    print_journal(tab, [group_id])


def print_journal(tab: Any, group_ids: list[int] | None) -> None:
    """Render «Журнал работы наставнической пары (группы)» in the background, then preview it."""
    from ui import messages, pdf_preview

    if tab.db is None:
        return
    name = f"journal_pair_{group_ids[0]}.pdf" if group_ids else "journal_all.pdf"
    title = "Журнал работы наставнической пары (группы)" if group_ids else "Журналы работы наставнических пар"
    path, db = pdf_preview.preview_dir() / name, tab.db

    def work(_progress: Any) -> Any:
        from app.documents.journal import render_journal

        with db.session() as session:
            return render_journal(session, path=path, group_ids=group_ids)

    tab.runner.run(work, on_done=lambda p: pdf_preview.show_pdf(tab, path=p, title=title),
                   on_error=lambda exc: messages.show_error(tab, exc, title="Журнал встреч"),
                   title="Готовлю журнал…", parent=tab)


__all__ = ["TimelinePanel", "load_timeline", "print_journal", "print_pair_journal"]
