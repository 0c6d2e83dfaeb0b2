"""«Динамика» of the «Свод»: a line chart (QtCharts) of one municipal indicator over the last quarters."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.municipality.consolidate import short_title
from app.periods import ROMAN, parse_period

LINE_COLOUR = QColor(79, 130, 189)


def quarter_label(code: str) -> str:
    """«2026-Q3» → «III кв. 2026»."""
    p = parse_period(code)
    return f"{ROMAN[(p.start.month - 1) // 3 + 1]} кв. {p.start.year}"


def plotted(line: list[tuple[str, float | None]]) -> list[tuple[int, float]]:
    """(category index, value rounded to tenths) of the quarters that have a value."""
    return [(n, round(value, 1)) for n, (_code, value) in enumerate(line) if value is not None]


class TrendPanel(QWidget):
    """An indicator chooser and the chart of its municipal value (%) over up to 8 quarters."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtCharts import QChart, QChartView

        self.periods: list[str] = []
        self.lines: dict[str, list[tuple[str, float | None]]] = {}
        self.titles: dict[str, str] = {}
        self.wanted = ""  # the indicator to show first (restored from settings)
        self.indicator_box = QComboBox(self)
        self.indicator_box.setMinimumContentsLength(36)
        self.indicator_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.indicator_box.setToolTip("Показатель, значение которого по муниципалитету показано на графике")
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555555;")
        self.chart = QChart()
        self.chart.setLocalizeNumbers(True)
        self.chart.setLocale(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
        self.chart.legend().hide()
        self.chart.setMargins(QMargins(6, 6, 12, 6))
        self.chart.setBackgroundRoundness(0)
        self.view = QChartView(self.chart, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(260)
        top = QHBoxLayout()
        top.addWidget(QLabel("Показатель:", self))
        top.addWidget(self.indicator_box)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        self.indicator_box.currentIndexChanged.connect(lambda _n: self.redraw())

    def current_code(self) -> str:
        return self.indicator_box.currentData() or ""

    def set_current_code(self, code: str) -> None:
        index = self.indicator_box.findData(code)
        if index >= 0:
            self.indicator_box.setCurrentIndex(index)

    def set_data(self, *, periods: list[str], lines: dict[str, list[tuple[str, float | None]]],
                 titles: dict[str, str]) -> None:
        """``lines``: indicator code → (period code, percent) over ``periods``; indicators without any percent
        (the partners' count) are left out of the chooser."""
        keep = self.current_code() or self.wanted
        self.periods, self.titles = list(periods), dict(titles)
        self.lines = {code: line for code, line in lines.items() if any(v is not None for _p, v in line)}
        self.indicator_box.blockSignals(True)
        self.indicator_box.clear()
        for code in self.lines:
            self.indicator_box.addItem(short_title(code, titles.get(code, "")), code)
            self.indicator_box.setItemData(self.indicator_box.count() - 1, titles.get(code, code),
                                           Qt.ItemDataRole.ToolTipRole)
        index = self.indicator_box.findData(keep)
        self.indicator_box.setCurrentIndex(index if index >= 0 else 0)
        self.indicator_box.blockSignals(False)
        self.indicator_box.setEnabled(bool(self.lines))
        self.redraw()

    def redraw(self) -> None:
        from PySide6.QtCharts import QBarCategoryAxis, QLineSeries, QValueAxis

        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        code = self.current_code()
        labels = [quarter_label(p) for p in self.periods]
        if not code:
            self.heading.setText("")
            self.note.setText("За выбранные кварталы нет значений показателей в процентах: динамику строить не по "
                              "чему. Она появится, когда будут загружены пакеты школ.")
            return
        line = self.lines[code]
        points = plotted(line)
        self.heading.setText(f"<b>{self.titles.get(code, code)}</b> — значение по муниципалитету, %")
        series = QLineSeries()
        series.setName(short_title(code, self.titles.get(code, "")))
        for x, y in points:
            series.append(x, y)
        pen = QPen(LINE_COLOUR)
        pen.setWidth(3)
        series.setPen(pen)
        series.setPointsVisible(True)
        series.setPointLabelsVisible(True)
        series.setPointLabelsFormat("@yPoint %")
        series.setPointLabelsClipping(False)
        self.chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        x_axis.append(labels)
        x_axis.setTitleText("Квартал")
        y_axis = QValueAxis()
        top = max((y for _x, y in points), default=0)
        y_axis.setRange(0, 100 if top <= 100 else top * 1.1)
        y_axis.setTickCount(6)
        y_axis.setLabelFormat("%.0f")
        y_axis.setTitleText("Значение, %")
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        missing = [quarter_label(p) for p, v in line if v is None]
        note = ("Значение за каждый квартал посчитано так же, как на вкладке «Итоги по муниципалитету»: "
                "из сумм числителей и знаменателей (анкеты — взвешенное среднее).")
        if missing:
            note += f" Нет данных за: {', '.join(missing)}."
        self.note.setText(note)

    def point_values(self) -> list[tuple[str, float]]:
        """(quarter label, value) of the plotted points (for tests and the status line)."""
        line = self.lines.get(self.current_code(), [])
        return [(quarter_label(line[x][0]), y) for x, y in plotted(line)]


__all__ = ["TrendPanel", "plotted", "quarter_label"]
