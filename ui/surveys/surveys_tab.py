"""The «Анкеты» tab: survey templates on the left, the responses of the selected one on the right."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QTableView,
                               QVBoxLayout, QWidget)

from ui import messages
from ui.pairs.views import make_view, search_box, titled
from ui.surveys.models import ResponseModel, TemplateModel

TEMPLATE_WIDTHS = (225, 100, 120, 55, 70, 60)
RESPONSE_WIDTHS = (85, 220, 110, 150, 90)


def responses_word(n: int) -> str:
    """«1 ответ», «3 ответа», «5 ответов»."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} ответ"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"{n} ответа"
    return f"{n} ответов"


class SurveysTab(QWidget):
    """Survey templates and responses over an opened database (``set_database``); reads in the background.

    Signals:
        data_changed: this tab changed the database.
        counts_changed: the status-bar text changed.
        load_failed(object): the background load raised.
        status_message(str): a short note for the window's status bar.
    """

    data_changed = Signal()
    status_message = Signal(str)
    counts_changed = Signal()
    load_failed = Signal(object)
    title = "Анкеты"

    def __init__(self, *, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db: Any = None
        self.loaded = False
        self._generation = 0
        self._responses: list = []
        self._versions: dict[int, dict] = {}
        self.template_model = TemplateModel(self)
        self.response_model = ResponseModel(self)
        self.template_view = make_view(self.template_model, self, TEMPLATE_WIDTHS, None)
        self.template_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.response_view = make_view(self.response_model, self, RESPONSE_WIDTHS,
                                       (0, Qt.SortOrder.DescendingOrder))
        self.show_archive = QCheckBox("Показать архив", self)
        self.search = search_box("Поиск по ответам (ФИО, форма, ответ)", self)

        def button(text: str, slot: Callable[[], Any], tip: str = "") -> QPushButton:
            b = QPushButton(text, self)
            b.setToolTip(tip)
            b.clicked.connect(lambda _checked=False: slot())
            return b

        self.copy_button = button("Копировать", self.copy_template, "Копия анкеты, которую можно изменить")
        self.edit_button = button("Изменить…", self.edit_template, "Вопросы, их типы и порядок (Enter)")
        self.archive_button = button("В архив", self.toggle_archive, "Скрыть анкету из списка (ответы остаются)")
        self.blank_button = button("Бланк для печати…", self.print_blank,
                                   "Пустой бланк или бланки для человека, пары или группы")
        self.entry_button = button("Ввод с бумаги…", self.enter_from_paper,
                                   "Быстрый ввод заполненных бланков: строка — респондент, столбец — вопрос")
        self.import_button = button("Импорт из Яндекс/Google Форм…", self.import_forms,
                                    "Ответы из файла xlsx/csv, выгруженного из формы")
        self.analytics_button = button("Аналитика…", self.open_analytics,
                                       "Средние, сравнение «до» и «после», удовлетворённость")
        self.delete_button = button("Удалить ответы", self.delete_responses, "Удалить выбранные ответы (Delete)")
        self.summary = QLabel(self)
        self.summary.setStyleSheet("color: palette(mid);")

        top_bar = QHBoxLayout()
        for b in (self.copy_button, self.edit_button, self.archive_button, self.blank_button):
            top_bar.addWidget(b)
        top_bar.addSpacing(12)
        for b in (self.entry_button, self.import_button, self.analytics_button):
            top_bar.addWidget(b)
        top_bar.addStretch(1)
        top_bar.addWidget(self.summary)
        response_bar = QHBoxLayout()
        response_bar.addWidget(self.search, 1)
        response_bar.addWidget(self.delete_button)
        self.response_title = QLabel("<b>Ответы</b>", self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(4)
        head = QHBoxLayout()
        head.addWidget(self.response_title)
        head.addLayout(response_bar, 1)
        right_layout.addLayout(head)
        right_layout.addWidget(self.response_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(titled("Анкеты", self.show_archive, self.template_view))
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([640, 720])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top_bar)
        layout.addWidget(self.splitter, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.show_archive.toggled.connect(self._toggle_archived)
        self.template_view.selectionModel().selectionChanged.connect(lambda *_: self.show_template())
        self.template_model.modelReset.connect(self.update_buttons)
        self.response_view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.response_model.modelReset.connect(self.update_buttons)
        self.template_view.doubleClicked.connect(lambda _i: self.edit_template())
        self.template_view.activated.connect(lambda _i: self.edit_template())
        self.update_buttons()

    # -- state -----------------------------------------------------------------
    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("surveys/splitter")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("surveys/splitter", self.splitter.saveState())

    # -- loading ---------------------------------------------------------------
    def set_database(self, db: Any) -> None:
        self.db = db
        self.reload()

    def reload(self, *, select_template: int | None = None) -> None:
        """Templates (archived too), responses and every template's versions in one background read."""
        if self.db is None:
            return
        self._generation += 1
        generation, db = self._generation, self.db
        keep = select_template if select_template is not None else self.current_template_id()

        def work(_progress: Callable[[int, int], None]) -> tuple:
            from app.services.surveys import list_responses, list_templates, template_versions

            with db.session() as session:
                templates = list_templates(session, include_archived=True)
                versions = {t.id: template_versions(session, template_id=t.id) for t in templates}
                return templates, list_responses(session), versions

        def done(result: tuple) -> None:
            if generation == self._generation:
                self.set_data(*result, select_template=keep)

        self.runner.run(work, on_done=done, on_error=self.load_failed.emit)

    def set_data(self, templates: list, responses: list, versions: dict, *,
                 select_template: int | None = None) -> None:
        self._responses, self._versions = list(responses), dict(versions)
        self.template_model.set_rows(templates)
        self.loaded = True
        self.select_template(select_template)
        if self.current_template_id() is None and self.template_model.rowCount():
            self.template_view.selectRow(0)
        self.show_template()
        self.counts_changed.emit()

    def _toggle_archived(self, on: bool) -> None:
        keep = self.current_template_id()
        self.template_model.show_archived = on
        self.template_model.refilter()
        self.select_template(keep)
        self.show_template()

    def select_template(self, template_id: int | None) -> None:
        row = self.template_model.row_of_id(template_id) if template_id is not None else None
        if row is None:
            self.template_view.clearSelection()
        else:
            self.template_view.selectRow(row)

    def current_template(self) -> Any:
        rows = self.template_view.selectionModel().selectedRows()
        return self.template_model.row_at(rows[0].row()) if rows else None

    def current_template_id(self) -> int | None:
        template = self.current_template()
        return template.id if template is not None else None

    def show_template(self) -> None:
        """The responses of the selected template, with a column per current question."""
        template = self.current_template()
        if template is None:
            self.response_model.set_template((), {}, [])
            self.response_title.setText("<b>Ответы</b>")
        else:
            versions = self._versions.get(template.id, {})
            questions = versions.get(template.version, ())
            rows = [r for r in self._responses if r.template_id == template.id]
            self.response_model.set_template(questions, versions, rows)
            self.response_model.set_text(self.search.text())
            self.response_title.setText(f"<b>Ответы: {responses_word(len(rows))}</b>")
            header = self.response_view.horizontalHeader()
            for n in range(len(ResponseModel.FIXED), self.response_model.columnCount()):
                header.resizeSection(n, 120)
        self.update_buttons()

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.response_model.set_text(self.search.text())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_responses(self) -> list:
        rows = sorted({i.row() for i in self.response_view.selectionModel().selectedRows()})
        return [self.response_model.row_at(r) for r in rows if r < self.response_model.rowCount()]

    def update_buttons(self) -> None:
        template = self.current_template()
        one = self.db is not None and template is not None
        for b in (self.copy_button, self.edit_button, self.archive_button, self.blank_button, self.entry_button,
                  self.import_button):
            b.setEnabled(one)
        self.analytics_button.setEnabled(self.db is not None)
        self.archive_button.setText("Из архива" if template is not None and template.archived else "В архив")
        self.delete_button.setEnabled(self.db is not None and bool(self.selected_responses()))

    def counts_text(self) -> str:
        if not self.loaded:
            return ""
        active = [t for t in self.template_model.all_rows() if not t.archived]
        return f"Анкет: {len(active)} · ответов: {len(self._responses)}"

    # -- actions ---------------------------------------------------------------
    def changed(self, *, select_template: int | None = None) -> None:
        self.reload(select_template=select_template)
        self.data_changed.emit()

    def copy_template(self) -> int | None:
        template = self.current_template()
        if template is None or self.db is None:
            return None
        from app.services.surveys import copy_template

        try:
            with self.db.session() as session:
                new_id = copy_template(session, template_id=template.id)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc)
            return None
        self.changed(select_template=new_id)
        self.status_message.emit(f"Создана копия анкеты «{template.title}»")
        self.edit_template(template_id=new_id)  # the copy, not the row still selected while the list reloads
        return new_id

    def edit_template(self, *, template_id: int | None = None) -> int | None:
        template = self.current_template()
        if template_id is None and template is not None:
            template_id = template.id
        if template_id is None or self.db is None:
            return None
        from ui.surveys.template_dialog import edit_template

        saved = edit_template(self, db=self.db, template_id=template_id)
        if saved is not None:
            self.changed(select_template=saved)
            self.status_message.emit("Анкета сохранена")
        return saved

    def toggle_archive(self) -> None:
        template = self.current_template()
        if template is None or self.db is None:
            return
        from app.services.surveys import set_archived

        try:
            with self.db.session() as session:
                set_archived(session, template_id=template.id, archived=not template.archived)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc)
            return
        self.changed(select_template=template.id)
        self.status_message.emit(f"Анкета «{template.title}» " + ("возвращена из архива" if template.archived
                                                                  else "перенесена в архив"))

    def print_blank(self) -> Any:
        template = self.current_template()
        if template is None or self.db is None:
            return None
        from ui.surveys.blank_dialog import print_blank

        return print_blank(self, db=self.db, template_id=template.id)

    def enter_from_paper(self) -> int:
        template = self.current_template()
        if template is None or self.db is None:
            return 0
        from ui.surveys.entry_grid import enter_responses

        saved = enter_responses(self, db=self.db, template_id=template.id)
        if saved:
            self.changed(select_template=template.id)
            self.status_message.emit(f"Сохранено: {responses_word(saved)}")
        return saved

    def import_forms(self) -> bool:
        template = self.current_template()
        if template is None or self.db is None:
            return False
        from ui.surveys.forms_import_dialog import run_forms_import

        imported = bool(run_forms_import(self, db=self.db, template_id=template.id))
        if imported:
            self.changed(select_template=template.id)
        return imported

    def open_analytics(self) -> None:
        if self.db is None:
            return
        from ui.surveys.analytics_dialog import show_analytics

        show_analytics(self, db=self.db, template_id=self.current_template_id())

    def delete_responses(self) -> int:
        rows = self.selected_responses()
        if not rows or self.db is None:
            return 0
        text = (f"Удалить {responses_word(len(rows))}?" if len(rows) > 1
                else f"Удалить ответ «{rows[0].respondent_name}»?") + "\nОтменить удаление будет нельзя."
        if not messages.confirm(self, title="Удалить ответы", text=text, yes="Удалить"):
            return 0
        from app.services.surveys import delete_responses

        try:
            with self.db.session() as session:
                count = delete_responses(session, response_ids=[r.id for r in rows])
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, exc)
            return 0
        self.changed(select_template=self.current_template_id())
        self.status_message.emit(f"Удалено: {responses_word(count)}")
        return count


__all__ = ["SurveysTab", "responses_word"]
