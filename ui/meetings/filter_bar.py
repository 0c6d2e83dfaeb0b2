"""The filter bar of the «Журнал встреч» tab (period, pair, mentor, type, format, feedback, search)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton

from app.schemas_meetings import MEETING_FORMATS
from ui.widgets import DateField


def build_filters(tab: Any) -> None:
    """Create the filter widgets as attributes of ``tab`` and its two layouts ``filter_bar``/``filter_bar2``."""
    tab.date_from, tab.date_to = DateField(tab), DateField(tab)
    for field, tip in ((tab.date_from, "с какой даты (пусто — с начала)"),
                       (tab.date_to, "по какую дату (пусто — по сегодня и далее)")):
        field.edit.setPlaceholderText("все время" if field is tab.date_from else "ДД.ММ.ГГГГ")
        field.setToolTip(tip)
        field.setMaximumWidth(135)
        field.changed.connect(tab.apply_filters)
    tab.group_combo, tab.mentor_combo = QComboBox(tab), QComboBox(tab)
    tab.kind_combo, tab.format_combo = QComboBox(tab), QComboBox(tab)
    tab.group_combo.setMinimumContentsLength(38)
    tab.mentor_combo.setMinimumContentsLength(16)
    tab.kind_combo.setMinimumContentsLength(14)
    tab.format_combo.setMinimumContentsLength(12)
    for combo, first in ((tab.group_combo, "Все пары и группы"), (tab.mentor_combo, "Все наставники"),
                         (tab.kind_combo, "Все типы встреч"), (tab.format_combo, "Любой формат")):
        combo.addItem(first, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.currentIndexChanged.connect(tab.apply_filters)
    for code, text in MEETING_FORMATS.items():
        tab.format_combo.addItem(text, code)
    tab.missing_box = QCheckBox("Без обратной связи", tab)
    tab.missing_box.setToolTip("Рабочие встречи, после которых нет обратной связи от наставляемого "
                                "или наставника")
    tab.missing_box.toggled.connect(tab.apply_filters)
    tab.search = QLineEdit(tab)
    tab.search.setPlaceholderText("Поиск: ФИО, тема, итоги (Ctrl+F)")
    tab.search.setClearButtonEnabled(True)
    tab.search.textChanged.connect(tab.apply_filters)
    tab.reset_button = QPushButton("Сбросить", tab)
    tab.reset_button.setToolTip("Показать все встречи")
    tab.reset_button.clicked.connect(lambda _c=False: tab.reset_filters())
    tab.filter_bar = QHBoxLayout()
    for widget in (QLabel("Период с", tab), tab.date_from, QLabel("по", tab), tab.date_to,
                   tab.group_combo, tab.mentor_combo):
        tab.filter_bar.addWidget(widget)
    tab.filter_bar.addStretch(1)
    tab.filter_bar2 = QHBoxLayout()
    for widget in (tab.kind_combo, tab.format_combo, tab.missing_box):
        tab.filter_bar2.addWidget(widget)
    tab.filter_bar2.addWidget(tab.search, 1)
    tab.filter_bar2.addWidget(tab.reset_button)
