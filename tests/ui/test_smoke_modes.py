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
    from ui.application import every_tab

    window = make_window()

    def broken() -> None:  # what a build missing a tab's module does
        raise ModuleNotFoundError("No module named 'ui.meetings'")

    # on the instance only: the window's own delayed build_all (a timer) keeps the real method
    monkeypatch.setattr(window.lazy, "build_all", broken)
    assert every_tab(window) == 1
    assert "MENTORDESK_TABS_FAILED ModuleNotFoundError: No module named 'ui.meetings'" in capsys.readouterr().out
