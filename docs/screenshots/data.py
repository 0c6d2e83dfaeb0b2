"""Demo databases, setup files and packages for the user-guide screenshots, built with the application's CLI."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any

QUARTER, PREVIOUS_QUARTER = "2026-Q4", "2026-Q3"  # the demo describes the 2026/2027 school year
MUNICIPALITY = ("Управление образования администрации Лукояновского муниципального округа",
                "Нижегородская область", "Главный специалист Е.В. Смирнова")
OTHER_SCHOOLS = (  # code, full name, short name, demo seed, mentees; the demo school itself is 52-0313
    ("52-0301", "Муниципальное бюджетное общеобразовательное учреждение «Гимназия № 1»", "Гимназия № 1", 5, 60),
    ("52-0302", "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 2»", "СШ № 2", 7, 45),
    ("52-0304", "Государственное бюджетное профессиональное образовательное учреждение «Лукояновский "
                "педагогический колледж»", "Педколледж", 11, 50),
)
ROLLOVER_DAY = dt.date(2027, 6, 15)  # «Новый учебный год» is offered from 1 June
LATE_SCHOOL = "52-0305"  # in the register, sends nothing: «не сдал»


def cli(*argv: str) -> None:
    """Run the application's own command line in this process; any failure stops the script."""
    import io

    from app.cli import main

    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        code = main([str(a) for a in argv])
    if code != 0:
        raise SystemExit(f"mentordesk {' '.join(map(str, argv))}: код {code}\n{output.getvalue()}")


class Data:
    """The demo databases, built on first use in ``root``."""

    def __init__(self, root: Path, *, mentees: int) -> None:
        self.root, self.mentees = root, mentees
        self._school: Any = None
        self._municipality: Any = None
        self.stick = root / "flash"

    @property
    def school_path(self) -> Path:
        path = self.root / "MentorDesk" / "mentordesk.sqlite3"  # as in the user's data folder
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            cli("--db", path, "demo", "--mentees", self.mentees, "--seed", 1)
        return path

    def school(self) -> Any:
        from app.database import open_database

        if self._school is None:
            self._school = open_database(self.school_path)
        return self._school

    def municipality(self) -> Any:
        """A municipality database with four schools' packages for two quarters (one school sends nothing)."""
        from app.database import open_database

        if self._municipality is not None:
            return self._municipality
        m = self.root / "municipality.sqlite3"
        cli("--db", m, "municipality", "init", "--name", MUNICIPALITY[0], "--region", MUNICIPALITY[1],
            "--specialist", MUNICIPALITY[2])
        schools = [("52-0313", "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
                    "школа № 3»", "МБОУ СОШ № 3", 0, 0), *OTHER_SCHOOLS]
        for code, full, short, *_ in schools:
            cli("--db", m, "municipality", "schools", "add", "--code", code, "--name", full, "--short", short,
                "--kind", "колледж" if "колледж" in full else "школа", "--contact", f"school{code[-2:]}@example.ru")
        cli("--db", m, "municipality", "schools", "add", "--code", LATE_SCHOOL, "--short", "ООШ № 5",
            "--name", "Муниципальное бюджетное общеобразовательное учреждение «Основная школа № 5»")
        self.stick.mkdir(exist_ok=True)
        early = self.root / "early"
        early.mkdir(exist_ok=True)
        for code, _full, _short, seed, mentees in schools:
            path = self.school_path if code == "52-0313" else self.root / f"{code}.sqlite3"
            if code != "52-0313":
                cli("--db", path, "demo", "--mentees", mentees, "--seed", seed)
            setup = self.root / f"{code}.mdsetup"
            cli("--db", m, "municipality", "setup-file", "--school", code, "--out", setup)
            cli("--db", path, "setup", "apply", setup)
            cli("--db", path, "package", "export", "--quarter", PREVIOUS_QUARTER, "--out", early, "--force")
            cli("--db", path, "package", "export", "--quarter", QUARTER, "--out", self.stick, "--force")
        cli("--db", m, "municipality", "import", early)
        whole = (self.stick / "52-0302_2026-Q4.mdpkg").read_bytes()  # a copy cut short, as by a pulled-out stick
        (self.stick / "52-0302_2026-Q4 (копия).mdpkg").write_bytes(whole[:len(whole) // 2])
        self._municipality = open_database(m)
        return self._municipality

    def close(self) -> None:
        for db in (self._school, self._municipality):
            if db is not None:
                db.close()
