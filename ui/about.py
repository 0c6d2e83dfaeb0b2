"""«Справка → О программе»: version, build, licences of bundled components and where the data lives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app.about_info import AboutInfo, about_info, platform_text

open_url = QDesktopServices.openUrl  # module-level so tests can see what would be opened


def icon_pixmap(size: int = 64) -> QPixmap:
    from importlib import resources

    path = resources.files("resources").joinpath("icons/mentordesk-256.png")
    pixmap = QPixmap(str(path))
    return pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation) if not pixmap.isNull() else pixmap


class AboutDialog(QDialog):
    """Version and build, the data folder with a button to open it, and the table of components' licences."""

    def __init__(self, parent: QWidget | None, *, info: AboutInfo) -> None:
        super().__init__(parent)
        self.info = info
        self.setWindowTitle("О программе")
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(icon_pixmap())
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        self.title = title = QLabel(f"<b style='font-size:15pt'>MentorDesk {info.version}</b><br>"
                       f"АРМ куратора программы наставничества<br>"
                       f"<span style='color:#555'>Версия {info.version}, {info.build}; "
                       f"Qt {qVersion()}; {platform_text()}</span>")
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head.addWidget(title, 1)
        layout.addLayout(head)
        layout.addWidget(QLabel("Работает без интернета; все данные хранятся на этом компьютере."))

        self.data_label = QLabel(self._data_text())
        self.data_label.setWordWrap(True)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.data_label)
        buttons_row = QHBoxLayout()
        self.open_data = QPushButton("Открыть папку с данными")
        self.open_data.setToolTip(str(self._data_folder()))
        self.open_data.clicked.connect(lambda: open_url(QUrl.fromLocalFile(str(self._data_folder()))))
        buttons_row.addWidget(self.open_data)
        self.open_licences = QPushButton("Тексты лицензий…")
        if info.licences_dir is not None:
            self.open_licences.clicked.connect(lambda: open_url(QUrl.fromLocalFile(str(info.licences_dir))))
        else:
            self.open_licences.setEnabled(False)
            self.open_licences.setToolTip("Тексты лицензий лежат в папке программы собранной версии; при установке "
                                          "через pip — в метаданных каждого пакета Python")
        buttons_row.addWidget(self.open_licences)
        buttons_row.addStretch(1)
        layout.addLayout(buttons_row)

        layout.addWidget(QLabel("Использованные компоненты и их лицензии:"))
        self.table = QTableWidget(len(info.components), 3)
        self.table.setHorizontalHeaderLabels(["Компонент", "Версия", "Лицензия"])
        for row, component in enumerate(info.components):
            for col, text in enumerate((component.name, component.version, component.licence)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("Qt и Qt for Python (PySide6) используются по лицензии GNU LGPL 3.0; шрифт "
                                "Liberation Serif — по лицензии SIL Open Font License 1.1."))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        layout.addWidget(close)
        self.resize(640, 560)

    def _data_folder(self) -> Path:
        return self.info.db_path.parent if self.info.db_path is not None else self.info.data_dir

    def _data_text(self) -> str:
        lines = [f"Папка с данными: {self._data_folder()}"]
        if self.info.db_path is not None:
            lines.append(f"Файл базы данных: {self.info.db_path.name}; резервные копии — в папке «backups» рядом")
        if self.info.db_path is not None and self.info.db_path.parent != self.info.data_dir:
            lines.append(f"Папка программы по умолчанию: {self.info.data_dir}")
        return "\n".join(lines)


def show_about(parent: QWidget, *, db: Any) -> None:
    """Open the About dialog for the window's database (``db`` may be None before one is open)."""
    dialog = AboutDialog(parent, info=about_info(db_path=getattr(db, "path", None)))
    dialog.exec()
