"""Completion and recognition on the pairs tab: «Завершить…», undo, letters, certificates, «Номинации…»."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton

from ui import messages

COMPLETABLE = ("approved", "working")  # as app.services.completion (not imported here: it loads SQLAlchemy)


class CompletionActions:
    """The buttons and actions the pairs tab shows; ``update`` follows the selection."""

    def __init__(self, tab: Any) -> None:
        self.tab = tab
        self.complete_button = QPushButton("Завершить…", tab)
        self.complete_button.setToolTip("Завершить утверждённую или работающую пару: дата, результаты, кейс, "
                                        "итоговая анкета")
        self.complete_button.clicked.connect(lambda _checked=False: complete_selected(tab))
        self.results_button = QPushButton("Итоги", tab)
        self.results_button.setToolTip("Отменить завершение, благодарственное письмо, сертификат пары")
        menu = QMenu(self.results_button)
        self.reopen_action = QAction("Отменить завершение", tab)
        self.letter_action = QAction("Благодарственное письмо наставнику…", tab)
        self.certificate_action = QAction("Сертификат пары…", tab)
        self.reopen_action.triggered.connect(lambda _checked=False: reopen_selected(tab))
        self.letter_action.triggered.connect(lambda _checked=False: mentor_letter(tab))
        self.certificate_action.triggered.connect(lambda _checked=False: pair_certificate(tab))
        for action in (self.reopen_action, self.letter_action, self.certificate_action):
            menu.addAction(action)
        self.results_button.setMenu(menu)
        self.nominations_button = QPushButton("Номинации…", tab)
        self.nominations_button.setToolTip("«Наставник года» и «Лучшая пара»: данные, балл, экспорт, письма")
        self.nominations_button.clicked.connect(lambda _checked=False: open_nominations(tab))

    def update(self, one: Any) -> None:
        has_db = self.tab.db is not None
        status = one.status if one is not None else ""
        self.complete_button.setEnabled(has_db and status in COMPLETABLE)
        self.reopen_action.setEnabled(has_db and status == "finished")
        self.letter_action.setEnabled(has_db and one is not None and status != "draft")
        self.certificate_action.setEnabled(has_db and status in ("approved", "working", "finished"))
        self.results_button.setEnabled(any(a.isEnabled() for a in (self.reopen_action, self.letter_action,
                                                                   self.certificate_action)))
        self.nominations_button.setEnabled(has_db)

    def add_to_menu(self, menu: QMenu) -> None:
        """Context-menu entries of the selected pair."""
        menu.addSeparator()
        complete = menu.addAction(self.complete_button.text())
        complete.setEnabled(self.complete_button.isEnabled())
        complete.triggered.connect(lambda _checked=False: complete_selected(self.tab))
        for action in (self.reopen_action, self.letter_action, self.certificate_action):
            menu.addAction(action)


def _one(tab: Any) -> Any:
    rows = tab.selected_groups()
    return rows[0] if len(rows) == 1 and tab.db is not None else None


def complete_selected(tab: Any) -> bool:
    """Open the completion form for the selected approved/working pair."""
    from ui.pairs.completion_dialog import CompletionDialog
    from ui.pairs.pairs_tab import run_dialog

    row = _one(tab)
    if row is None or row.status not in COMPLETABLE:
        messages.inform(tab, title="Завершить", text="Выберите одну утверждённую или работающую пару.")
        return False
    try:
        dialog = CompletionDialog(tab, db=tab.db, group_id=row.id)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(tab, exc)
        return False
    if not run_dialog(dialog) or not dialog.saved:
        return False
    tab.changed(select_group=row.id)
    tab.status_message.emit(f"Пара № {row.id} завершена")
    return True


def reopen_selected(tab: Any) -> bool:
    """Undo a completion (the pair works again; what was typed is kept)."""
    from app.services.completion import reopen_group

    row = _one(tab)
    if row is None or row.status != "finished":
        return False
    if not messages.confirm(tab, title="Отменить завершение",
                            text=f"Пара № {row.id}: {row.mentor_name} — {', '.join(row.mentee_names)}\n\n"
                                 "Вернуть в статус «работает»? Результаты и ссылка сохранятся.",
                            yes="Вернуть"):
        return False
    try:
        with tab.db.session() as session:
            reopen_group(session, group_id=row.id)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(tab, exc)
        return False
    tab.changed(select_group=row.id)
    tab.status_message.emit(f"Завершение пары № {row.id} отменено")
    return True


def mentor_letter(tab: Any) -> Any:
    """«Благодарственное письмо» to the selected pair's mentor for the year the pair ended (or works) in."""
    import datetime as dt

    from app.documents.certificates import mentor_letter_context
    from app.periods import academic_year_of
    from ui.pairs.nominations_dialog import show_certificate

    row = _one(tab)
    if row is None:
        return None
    year = academic_year_of(row.end_date or dt.date.today()).code
    return show_certificate(tab, tab.db, lambda s: mentor_letter_context(s, mentor_id=row.mentor_id, year=year))


def pair_certificate(tab: Any) -> Any:
    from app.documents.certificates import pair_certificate_context
    from ui.pairs.nominations_dialog import show_certificate

    row = _one(tab)
    if row is None:
        return None
    return show_certificate(tab, tab.db, lambda s: pair_certificate_context(s, group_id=row.id))


def open_nominations(tab: Any) -> Any:
    from ui.pairs.nominations_dialog import NominationsDialog
    from ui.pairs.pairs_tab import run_dialog

    if tab.db is None:
        return None
    try:
        dialog = NominationsDialog(tab, db=tab.db)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(tab, exc)
        return None
    run_dialog(dialog)
    return dialog


__all__ = ["CompletionActions", "complete_selected", "mentor_letter", "open_nominations", "pair_certificate",
           "reopen_selected"]
