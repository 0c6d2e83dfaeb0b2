"""Work tabs after «Пары и группы» («Журнал встреч», «Анкеты», «Мониторинг», «Дорожная карта») are built lazily.

The window shows with light placeholders; a tab is built when it is activated, asked for
(``window.meetings``), or right after the window appears (``build_all`` from a short timer).
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QWidget

LAZY: dict[str, tuple[str, str, str]] = {
    "meetings": ("ui.meetings.meetings_tab", "MeetingsTab", "Журнал встреч"),
    "surveys": ("ui.surveys.surveys_tab", "SurveysTab", "Анкеты"),
    "monitoring": ("ui.monitoring.monitoring_tab", "MonitoringTab", "Мониторинг"),
    "roadmap": ("ui.roadmap.roadmap_tab", "RoadmapTab", "Дорожная карта"),
}


class LazyTabs:
    """Placeholders in the window's tab widget, replaced by the real tabs on demand."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.built: dict[str, QWidget] = {}
        self.placeholders: dict[str, QWidget] = {}
        for name, (_module, _cls, title) in LAZY.items():
            placeholder = QWidget(window.tabs)
            self.placeholders[name] = placeholder
            window.tabs.addTab(placeholder, title)

    def get(self, name: str) -> Any:
        if name not in self.built:
            self._build(name)
        return self.built[name]

    def build_for(self, widget: QWidget | None) -> None:
        """Build the tab a placeholder stands for (called when it becomes current)."""
        for name, placeholder in list(self.placeholders.items()):
            if placeholder is widget:
                self.get(name)

    def build_all(self) -> None:
        for name in list(self.placeholders):
            self.get(name)

    def is_placeholder(self, widget: QWidget | None) -> bool:
        return any(widget is p for p in self.placeholders.values())

    def _build(self, name: str) -> None:
        module, cls, title = LAZY[name]
        window, tabs = self.window, self.window.tabs
        tab = getattr(importlib.import_module(module), cls)(runner=window.runner, parent=tabs)
        self.built[name] = tab
        placeholder = self.placeholders.pop(name)
        index = tabs.indexOf(placeholder)
        was_current = tabs.currentIndex() == index
        blocker = QSignalBlocker(tabs)
        tabs.removeTab(index)
        tabs.insertTab(index, tab, title)
        if was_current:
            tabs.setCurrentIndex(index)
        del blocker
        placeholder.deleteLater()
        window.wire_work_tab(tab)
        if hasattr(tab, "restore_state"):
            tab.restore_state(window.settings)
        if window.db is not None:
            tab.set_database(window.db)
