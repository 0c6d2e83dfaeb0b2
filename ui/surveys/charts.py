"""QtCharts bar charts of the survey analytics: one question's distribution, pre vs post means."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

BLUE, ORANGE, GREY = QColor(79, 130, 189), QColor(217, 140, 51), QColor(166, 166, 166)


def chart_view(parent: QWidget | None, title: str) -> QChartView:
    """An empty chart in a view: no animation, legend at the bottom, antialiased."""
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    view = QChartView(chart, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return view


def _clear(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
        axis.deleteLater()


def set_bars(chart: QChart, *, title: str, categories: Sequence[str],
             sets: Sequence[tuple[str, Sequence[float], QColor]], value_max: float | None = None,
             integer: bool = True) -> QBarSeries | None:
    """Replace the chart's content with one bar series of ``sets`` over ``categories`` (None when empty)."""
    _clear(chart)
    chart.setTitle(title)
    if not categories or not sets:
        chart.legend().setVisible(False)
        return None
    series = QBarSeries()
    top = 0.0
    for name, values, colour in sets:
        bar_set = QBarSet(name)
        bar_set.setColor(colour)
        bar_set.setBorderColor(colour)
        bar_set.setLabelColor(QColor(30, 30, 30))
        for v in values:
            bar_set.append(float(v))
            top = max(top, float(v))
        series.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    series.setLabelsPrecision(2 if integer else 3)
    chart.addSeries(series)
    x_axis = QBarCategoryAxis()
    x_axis.append(list(categories))
    y_axis = QValueAxis()
    upper = value_max if value_max is not None else max(top * 1.2, 1.0)
    if integer:
        whole = max(int(upper + 0.999), 1)
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10**9) if whole / s <= 5)
        upper = float(-(-whole // step) * step)  # a whole number of steps, so every tick is an integer
        y_axis.setLabelFormat("%d")
        y_axis.setTickCount(int(upper // step) + 1)
    else:
        y_axis.setLabelFormat("%.0f")
        y_axis.setTickCount(6 if upper == 10 else 5)
    y_axis.setRange(0, upper)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)
    chart.legend().setVisible(len(sets) > 1)
    return series


def bar_sets(chart: QChart) -> list[QBarSet]:
    """The bar sets shown (for tests and for the status text)."""
    return [s for series in chart.series() if isinstance(series, QBarSeries) for s in series.barSets()]


__all__ = ["BLUE", "GREY", "ORANGE", "bar_sets", "chart_view", "set_bars"]
