"""One function per user-guide picture, and the list of every PNG the script writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .data import QUARTER, ROLLOVER_DAY
from .shooter import Shooter, menu_overlay


def shot_start_mode(s: Shooter) -> None:
    from ui.startup import ModeChoiceDialog

    s.dialog(ModeChoiceDialog(None, db_path=Path(r"C:\Users\kurator\AppData\Local\MentorDesk\mentordesk.sqlite3")),
             "start-mode")


def shot_school_profile(s: Shooter) -> None:
    from ui.school_dialog import SchoolDialog

    s.dialog(SchoolDialog(s.school_window(), db=s.data.school()), "school-profile")


def shot_mentees(s: Shooter) -> None:
    w = s.school_window()
    s.tab(w, w.mentees)
    w.mentees.view.selectRow(2)
    s.save(w, "mentees")


def shot_file_menu(s: Shooter) -> None:
    w = s.school_window()
    s.tab(w, w.mentees)
    s.save(w, "menu-file", overlay=menu_overlay(w, "Файл"))


def shot_mentee_card(s: Shooter) -> None:
    from app.services.people import get_mentee
    from ui.people.mentee_dialog import MenteeDialog

    w = s.school_window()
    mentee_id = w.mentees.current_id() or 1
    with s.data.school().session() as session:
        data = get_mentee(session, mentee_id=mentee_id)
    s.dialog(MenteeDialog(w, db=s.data.school(), data=data), "mentee-card")


def shot_import_check(s: Shooter) -> None:
    """The import preview of a small Excel file with a wrong date and a duplicate."""
    from openpyxl import Workbook

    from ui.people.import_dialog import ImportDialog, load_preview

    w = s.school_window()
    book = Workbook()
    sheet = book.active
    sheet.append(["База наставляемых 2026/2027"])
    sheet.append(["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс", "Категория"])
    sheet.append(["Соколова", "Дарья", "Андреевна", dt.date(2013, 4, 12), "7А", "обучающийся"])
    sheet.append(["Ильин", "Матвей", "Сергеевич", "31.02.2012", "8Б", "обучающийся"])
    sheet.append(["Кузнецова", "Полина", "", dt.date(2014, 9, 3), "6В", "обучающийся"])
    sheet.append(["", "Артём", "Олегович", dt.date(2012, 1, 20), "8А", "обучающийся"])
    path = s.data.root / "наставляемые.xlsx"
    book.save(path)
    preview = load_preview(w, db=s.data.school(), kind="mentees", path=path, runner=w.runner)
    if preview is None:
        raise SystemExit("import-check: файл не прочитан")
    s.dialog(ImportDialog(w, db=s.data.school(), preview=preview, runner=w.runner), "import-check", size=(1100, 560))


def shot_pairs(s: Shooter) -> None:
    w = s.school_window()
    s.tab(w, w.pairs)
    w.pairs.waiting_view.selectRow(0)
    s.save(w, "pairs")


def shot_suggestions(s: Shooter) -> None:
    from ui.pairs import pairs_tab

    w = s.school_window()
    s.tab(w, w.pairs)
    w.pairs.waiting_view.selectRow(0)
    s.settle()
    with s.capture(pairs_tab, "suggestions", size=(900, 480)):
        w.pairs.suggest_for_mentee()


def shot_order(s: Shooter) -> None:
    from app.services.orders import orderable_group_ids
    from ui.pairs.order_dialog import OrderDialog

    w = s.school_window()
    with s.data.school().session() as session:
        orderable = set(orderable_group_ids(session))
    rows = [g for g in w.pairs.group_model.all_rows() if g.id in orderable]
    s.dialog(OrderDialog(w, db=s.data.school(), runner=w.runner, groups=rows), "order")


def shot_meetings(s: Shooter) -> None:
    w = s.school_window()
    tab = w.meetings
    s.tab(w, tab)
    tab.view.selectRow(1)
    s.save(w, "meetings")


def shot_meeting_dialog(s: Shooter) -> None:
    from ui.meetings.meeting_dialog import MeetingDialog

    w = s.school_window()
    tab = w.meetings
    ids = tab.selected_ids()
    meeting_id = ids[0] if ids else None
    s.dialog(MeetingDialog(w, db=s.data.school(), meeting_id=meeting_id), "meeting-dialog")


def shot_surveys(s: Shooter) -> None:
    w = s.school_window()
    s.tab(w, w.surveys)
    s.save(w, "surveys")


def shot_roadmap(s: Shooter) -> None:
    w = s.school_window()
    s.tab(w, w.roadmap)
    s.save(w, "roadmap")


def shot_partners(s: Shooter) -> None:
    from ui.partners import partners_dialog

    w = s.school_window()
    with s.capture(partners_dialog, "partners", size=(1150, 560)):
        partners_dialog.edit_partners(w)


def shot_rollover(s: Shooter) -> None:
    """The wizard's first page as it looks in June, when the school year is over (the demo year is 2026/2027)."""
    from app.rollover import plan_rollover
    from ui.rollover_dialog import RolloverWizard, _templates

    w, db = s.school_window(), s.data.school()

    def planner(leaving: set[str] | None) -> Any:
        with db.session() as session:
            return plan_rollover(session, leaving_classes=leaving, today=ROLLOVER_DAY)

    wizard = RolloverWizard(plan=planner(None), templates=_templates(), planner=planner,
                            applier=lambda *a: None, runner=w.runner, parent=w)
    s.dialog(wizard, "new-year", size=(900, 600))


def shot_monitoring(s: Shooter) -> None:
    w = s.school_window()
    tab = w.monitoring
    s.tab(w, tab)
    index = tab.period_box.findData(QUARTER)
    if index >= 0:
        tab.period_box.setCurrentIndex(index)
    s.settle(300)
    s.save(w, "monitoring")


def shot_package(s: Shooter) -> None:
    from ui.monitoring.package_dialog import PackageDialog

    s.data.municipality()  # the school has applied its setup file: the package is encrypted
    w = s.school_window()
    tab = w.monitoring
    s.dialog(PackageDialog(w, db=s.data.school(), runner=w.runner, period_code=QUARTER, today=tab.today),
             "package", size=(900, 600))


def shot_backup_menu(s: Shooter) -> None:
    w = s.school_window()
    s.tab(w, w.mentees)
    s.save(w, "menu-service", overlay=menu_overlay(w, "Сервис"))


def shot_about(s: Shooter) -> None:
    w = s.school_window()
    s.modal("about", w.act_about.trigger)


def shot_mun_summary(s: Shooter) -> None:
    w = s.municipality_window()
    s.tab(w, w.summary)
    w.summary.set_period(QUARTER)
    s.settle(300)
    s.save(w, "mun-summary")
    w.summary.pages.setCurrentIndex(1)
    s.settle(300)
    s.save(w, "mun-indicators")
    w.summary.pages.setCurrentIndex(0)


def shot_mun_import(s: Shooter) -> None:
    from ui.municipality import packages_tab

    w = s.municipality_window()
    s.tab(w, w.packages)
    original = packages_tab.ask_folder
    packages_tab.ask_folder = lambda parent: s.data.stick
    try:
        with s.capture(packages_tab, "mun-import", size=(1100, 520)):
            w.packages.folder_button.click()
    finally:
        packages_tab.ask_folder = original
    s.settle(300)
    s.save(w, "mun-packages")


def shot_mun_schools(s: Shooter) -> None:
    w = s.municipality_window()
    s.tab(w, w.schools)
    s.save(w, "mun-schools")


SHOTS: dict[str, Callable[[Shooter], None]] = {
    "start-mode": shot_start_mode,
    "school-profile": shot_school_profile,
    "mentees": shot_mentees,
    "menu-file": shot_file_menu,
    "mentee-card": shot_mentee_card,
    "import-check": shot_import_check,
    "pairs": shot_pairs,
    "suggestions": shot_suggestions,
    "order": shot_order,
    "meetings": shot_meetings,
    "meeting-dialog": shot_meeting_dialog,
    "surveys": shot_surveys,
    "roadmap": shot_roadmap,
    "partners": shot_partners,
    "new-year": shot_rollover,
    "monitoring": shot_monitoring,
    "package": shot_package,
    "menu-service": shot_backup_menu,
    "about": shot_about,
    "mun-import": shot_mun_import,  # also writes mun-packages.png
    "mun-summary": shot_mun_summary,  # also writes mun-indicators.png
    "mun-schools": shot_mun_schools,
}
# pictures written by another picture's function
EXTRA = {"mun-import": ("mun-packages",), "mun-summary": ("mun-indicators",)}


def image_names() -> list[str]:
    """Every PNG the script writes (without «.png»)."""
    return [n for name in SHOTS for n in (name, *EXTRA.get(name, ()))]
