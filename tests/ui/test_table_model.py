"""PersonTableModel: Qt model contract, display roles, Python filtering and sorting."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt

from app.listing import MENTEE_COLUMNS, RowFilter, filter_rows, load_mentee_rows, sort_rows
from app.schemas import PersonRow
from app.text import fold
from ui.people.table_model import PersonTableModel


def make_row(row_id: int, name: str, *, date_key: int = 0, archived: bool = False, group: str = "7А") -> PersonRow:
    values = (name, f"{date_key}", "обучающийся", group, "", "", "", "в программе", "")
    keys = (fold(name), date_key, "обучающийся", (7, fold(group)), "", "", 0, "в программе", "")
    return PersonRow(id=row_id, values=values, sort_keys=keys, search_key=fold("\t".join(values)),
                     archived=archived, category="обучающийся", group_name=group, parallel=7, status="active",
                     has_partner=False)


def test_model_passes_qtmodeltester(qtmodeltester, session, people):
    model = PersonTableModel(MENTEE_COLUMNS)
    model.set_rows(load_mentee_rows(session))
    assert model.rowCount() == 4 and model.columnCount() == len(MENTEE_COLUMNS)
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.set_filter(RowFilter(text="иван"))
    qtmodeltester.check(model)


def test_display_tooltip_and_archived_foreground():
    model = PersonTableModel(MENTEE_COLUMNS)
    model.set_rows([make_row(1, "Иванов Пётр"), make_row(2, "Архивова Анна", archived=True)])
    index = model.index(0, 0)
    assert model.data(index) == "Иванов Пётр"
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == "Иванов Пётр"
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) is None
    assert model.row_id(index) == 1
    assert model.headerData(0, Qt.Orientation.Horizontal) == "ФИО"
    assert (model.active_total, model.archived_total) == (1, 1)
    model.set_filter(RowFilter(archived=True))
    assert model.rowCount() == 1
    brush = model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert brush is not None and brush.color().red() == 128


def test_sort_is_python_and_keeps_persistent_indexes():
    rows = [make_row(i, f"Человек {i:03d}", date_key=(i * 37) % 101) for i in range(100)]
    model = PersonTableModel(MENTEE_COLUMNS)
    model.set_rows(rows)
    from PySide6.QtCore import QPersistentModelIndex

    tracked = QPersistentModelIndex(model.index(10, 0))
    tracked_id = model.row_id(model.index(10, 0))
    model.sort(1, Qt.SortOrder.AscendingOrder)
    keys = [model.row_at(n).sort_keys[1] for n in range(model.rowCount())]
    assert keys == sorted(keys)
    assert model.row_id(model.index(tracked.row(), 0)) == tracked_id
    model.sort(1, Qt.SortOrder.DescendingOrder)
    keys = [model.row_at(n).sort_keys[1] for n in range(model.rowCount())]
    assert keys == sorted(keys, reverse=True)
    assert model.sort_state() == (1, Qt.SortOrder.DescendingOrder)


def test_new_rows_keep_the_current_sort():
    model = PersonTableModel(MENTEE_COLUMNS)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_rows([make_row(1, "Яковлев"), make_row(2, "Абрамова"), make_row(3, "Ёлкин")])
    assert [model.row_at(n).values[0] for n in range(3)] == ["Абрамова", "Ёлкин", "Яковлев"]


@pytest.mark.parametrize("seed", range(5))
def test_narrowing_while_typing_matches_a_full_filter(seed):
    """Typing on narrows the visible rows; the result equals filtering everything from scratch."""
    gen = random.Random(seed)
    syllables = ["ив", "ан", "ов", "ел", "ки", "на", "ё", "пе", "тр", " "]
    rows = [make_row(i, "".join(gen.choice(syllables) for _ in range(6)), date_key=gen.randrange(50),
                     archived=gen.random() < 0.1) for i in range(400)]
    model = PersonTableModel(MENTEE_COLUMNS)
    model.set_rows(rows)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    text = ""
    for ch in "иван ел":
        text += ch
        model.set_filter(RowFilter(text=text))
        expected = filter_rows(sort_rows(rows, column=1), RowFilter(text=text))
        assert [model.row_at(n).id for n in range(model.rowCount())] == [r.id for r in expected]
    model.set_filter(RowFilter(text="ив"))  # deleting characters widens again
    assert model.rowCount() == len(filter_rows(rows, RowFilter(text="ив")))


def test_row_of_id_and_invalid_index():
    model = PersonTableModel(MENTEE_COLUMNS)
    model.set_rows([make_row(5, "Пятый"), make_row(9, "Девятый")])
    assert model.row_of_id(9) is not None
    assert model.row_of_id(42) is None
    from PySide6.QtCore import QModelIndex

    assert model.row_id(QModelIndex()) is None
    assert model.data(QModelIndex()) is None


def test_presorted_orders_are_adopted_only_for_the_same_rows():
    rows = [make_row(i, f"Человек {i:03d}", date_key=(i * 37) % 101) for i in range(50)]
    model = PersonTableModel(MENTEE_COLUMNS)
    model.set_rows(rows)
    orders = PersonTableModel.presort(rows, model.columnCount())
    assert not model.adopt_presorted(list(rows), orders)  # another list: stale, ignored
    assert model.adopt_presorted(rows, orders)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert [model.row_at(n).id for n in range(model.rowCount())] == \
        [r.id for r in sort_rows(rows, column=1)][::-1]
