"""The drill-down of the «Свод»: one school's status, package, indicators and package history for a quarter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QLabel, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

from ui import file_dialogs, messages
from ui.municipality.summary_models import (STATUS_BACKGROUND, STATUS_LABELS, DetailIndicatorsModel,
                                            PackagesModel, datetime_text)
from ui.pairs.views import make_view
from ui.widgets import fit_to_screen

COUNT_LABELS = (("mentees", "наставляемых"), ("mentors", "наставников"), ("groups", "пар и групп"),
                ("meetings", "встреч"), ("survey_responses", "анкет"), ("indicators", "показателей"),
                ("personal_records", "записей с ФИО"))


def ask_save_path(parent: QWidget, default: str) -> Path | None:
    """The save-file dialog for the school's report; tests replace this."""
    path, _filter = file_dialogs.getSaveFileName(parent, "Сохранить отчёт школы", default, "Книга Excel (*.xlsx)")
    if not path:
        return None
    return Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")


def manifest_created(manifest: dict) -> str:
    """The manifest's «created_at» (UTC, ISO with Z) as local «ДД.ММ.ГГГГ ЧЧ:ММ»; empty when absent or odd."""
    from app.municipality.consolidate import local_time

    text = manifest.get("created_at")
    if not isinstance(text, str):
        return ""
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return datetime_text(local_time(moment))


def counts_summary(counts: dict) -> str:
    """«наставляемых 40, наставников 12, …» in a fixed order; unknown keys left out."""
    return ", ".join(f"{label} {counts[key]}" for key, label in COUNT_LABELS if isinstance(counts.get(key), int))


def package_lines(detail: Any) -> list[tuple[str, str]]:
    """(label, text) rows about the current package: created, software version, encryption, personal data."""
    current = next((p for p in detail.packages if p.current), None)
    if current is None:
        return [("Пакет", "за этот квартал не получен")]
    manifest = detail.manifest
    created = manifest_created(manifest) or datetime_text(current.created_at)
    return [
        ("Файл", current.file_name),
        ("Сформирован в школе", created),
        ("Версия программы", str(manifest.get("app_version") or "не указана")),
        ("Зашифрован", "да" if current.encrypted else "нет — пакет передан без шифрования"),
        ("Персональные данные", "есть (ФИО участников с согласием на передачу)" if current.personal_data
         else "нет (только обезличенные данные)"),
        ("Состав пакета", counts_summary(detail.counts) or "—"),
        ("Дорожная карта", roadmap_text(detail.roadmap)),
    ]


def roadmap_text(roadmap: dict) -> str:
    """«2026/2027: мероприятий 35, выполнено 4, в работе 2, …» from the package's roadmap summary."""
    summary = (roadmap or {}).get("summary") or {}
    if not summary.get("total"):
        return "не передана (пустая или пакет старой версии)"
    by_status = summary.get("by_status") or {}
    parts = [f"мероприятий {summary['total']}", f"выполнено {by_status.get('done', 0)}",
             f"в работе {by_status.get('in_progress', 0)}", f"не выполнено {by_status.get('failed', 0)}",
             f"просрочено {summary.get('overdue', 0)}"]
    if summary.get("due_in_period"):
        parts.append(f"со сроком в квартале {summary['due_in_period']}, из них выполнено "
                     f"{summary.get('done_in_period', 0)}")
    year = roadmap.get("academic_year") or ""
    return (f"{year}: " if year else "") + ", ".join(parts)


class SchoolDetailDialog(QDialog):
    """A school's quarter at a glance; «История пакетов» asks the «Пакеты» tab to show its history.

    Signals:
        history_requested(object, object): school id and period code, when «История пакетов» is pressed.
        status_message(str): a note for the window's status bar (the report saved).
    """

    history_requested = Signal(object, object)
    status_message = Signal(str)

    def __init__(self, parent: QWidget | None, *, detail: Any, period: Any, db: Any = None, runner: Any = None,
                 folder: str = "") -> None:
        super().__init__(parent)
        self.detail, self.period, self.db, self.runner = detail, period, db, runner
        self.folder = folder or str(Path.home())
        self.saved_path: Path | None = None
        st = detail.status
        self.setWindowTitle(f"{st.name} — {period.title}")
        heading = QLabel(f"<b>{escape(detail.full_name or st.name)}</b><br>Код {escape(st.code)} · {escape(st.kind)}"
                         f" · {escape(period.title)}", self)
        heading.setWordWrap(True)
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel(STATUS_LABELS[st.status], self)
        colour = STATUS_BACKGROUND[st.status]
        self.status_label.setStyleSheet(f"background: {colour.name()}; color: black; padding: 2px 8px;")
        self.status_label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Статус:", self.status_label)
        from app.text import format_date

        self.info: dict[str, str] = {
            "Срок сдачи": format_date(st.deadline) or "не установлен",
            "Выгружен школой": datetime_text(st.submitted_at) or "—",
            "Получен": datetime_text(st.received_at) or "—",
            "Повторных отправок": str(st.resubmissions),
            "Контакт": detail.contact or "не указан",
        }
        self.info.update(dict(package_lines(detail)))
        for label, text in self.info.items():
            value = QLabel(escape(text), self)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{label}:", value)
        self.indicator_model = DetailIndicatorsModel(self)
        self.indicator_model.set_rows(list(detail.indicators))
        self.indicator_view = make_view(self.indicator_model, self, (460, 90, 100, 80), None)
        self.indicator_view.setWordWrap(True)
        self.indicator_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.package_model = PackagesModel(self)
        self.package_model.set_rows(list(detail.packages))
        self.package_view = make_view(self.package_model, self, (115, 125, 175, 75, 95, 45), None)
        rows = max(2, min(len(detail.packages), 4))
        self.package_view.setFixedHeight(self.package_view.verticalHeader().defaultSectionSize() * rows
                                         + self.package_view.horizontalHeader().sizeHint().height()
                                         + self.package_view.horizontalScrollBar().sizeHint().height() + 4)
        indicators_heading = QLabel("<b>Показатели</b>" if detail.indicators else
                                    "<b>Показатели</b> — пакета за квартал нет", self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555555;")

        buttons = QDialogButtonBox(self)
        self.history_button = QPushButton("История пакетов", self)
        self.history_button.setToolTip("Перейти на вкладку «Пакеты»: все пакеты этой организации за квартал")
        self.history_button.clicked.connect(lambda _checked=False: self.show_history())
        buttons.addButton(self.history_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.report_button = QPushButton("Сохранить отчёт школы (xlsx)…", self)
        self.report_button.setToolTip("Сохранить отчёт (report.xlsx), который школа вложила в пакет")
        self.report_button.clicked.connect(lambda _checked=False: self.save_report())
        buttons.addButton(self.report_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.report_button.setVisible(bool(detail.has_report))  # after addButton, which shows it
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("Закрыть")
        close.setDefault(True)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(indicators_heading)
        layout.addWidget(self.indicator_view, 1)
        layout.addWidget(QLabel(f"<b>Пакеты за квартал</b> (новые сверху): {len(detail.packages)}", self))
        layout.addWidget(self.package_view)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 700)

    def show_history(self) -> None:
        self.history_requested.emit(self.detail.status.school_id, self.period.code)
        self.accept()

    def save_report(self, on_done: Callable[[Path], None] | None = None) -> None:
        """Ask where to save the school's report.xlsx and write it in the background."""
        if self.db is None or self.runner is None or not self.detail.has_report:
            return
        default = str(Path(self.folder) / school_report_name(self.detail, self.period))
        path = ask_save_path(self, default)
        if path is None:
            return
        db, school_id, period = self.db, self.detail.status.school_id, self.period

        def work(_progress: Any) -> Path:
            from app.municipality.school_report import save_school_report

            with db.session() as session:
                return save_school_report(session, school_id=school_id, period=period, path=path)

        def done(saved: Path) -> None:
            self.saved_path = saved
            self.folder = str(saved.parent)
            self.note.setText(f"Отчёт школы сохранён: {saved}")
            self.status_message.emit(f"Отчёт школы сохранён: {saved}")
            if on_done is not None:
                on_done(saved)

        self.runner.run(work, on_done=done, on_error=lambda exc: messages.show_error(self, exc, title="Отчёт школы"),
                        title="Сохранение отчёта школы…", parent=self)


def school_report_name(detail: Any, period: Any) -> str:
    """«Отчёт_52-0001_2026-Q3.xlsx» (characters Windows forbids replaced)."""
    code = "".join("_" if c in '<>:"/\\|?*' else c for c in detail.status.code)
    return f"Отчёт_{code}_{period.code}.xlsx"


__all__ = ["SchoolDetailDialog", "ask_save_path", "counts_summary", "manifest_created", "package_lines",
           "roadmap_text",
           "school_report_name"]
