"""The built app's smoke modes: «tabs» builds every lazily imported tab and reports it."""

from __future__ import annotations


def test_every_tab_builds_all_tabs(make_window, capsys):
    from ui.application import every_tab
    from ui.work_tabs import LAZY

    window = make_window()
    assert every_tab(window) == 0
    assert set(window.lazy.built) == set(LAZY)
    assert f"MENTORDESK_TABS_OK {window.tabs.count()}" in capsys.readouterr().out


def test_every_tab_reports_a_failure(make_window, capsys, monkeypatch):
    from ui import work_tabs
    from ui.application import every_tab

    window = make_window()
    monkeypatch.setitem(work_tabs.LAZY, "meetings", ("ui.no_such_module", "Tab", "Журнал встреч"))
    window.lazy.built.pop("meetings", None)
    assert every_tab(window) == 1
    assert "MENTORDESK_TABS_FAILED ModuleNotFoundError" in capsys.readouterr().out
