"""The printed journal of a pair/group: read back with pdftotext; one section per pair, each on its own pages."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from app.documents.journal import NO_MEETINGS, journal_context, render_journal
from app.errors import NotFoundError, StorageError, ValidationError
from app.schemas import GroupData
from app.schemas_meetings import MeetingData
from app.services import meetings, pairs
from app.services.people import save_mentee, save_mentor
from app.services.school import save_school
from tests import factories

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
D = dt.date
TODAY = D(2026, 11, 30)


def _text(path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def _pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def _pair(session, mentor_last: str, mentees: tuple[str, ...], *, status: str = "approved") -> tuple[int, list[int]]:
    ids = [save_mentee(session, data=factories.mentee(last_name=n, first_name="Олег", group_name="7Б"))
           for n in mentees]
    mentor = save_mentor(session, data=factories.mentor(last_name=mentor_last))
    gid = pairs.save_group(session, data=GroupData(mentor_id=mentor, mentee_ids=tuple(ids), form="учитель – ученик",
                                                   role_model="успевающий – неуспевающий",
                                                   start_date=D(2026, 9, 15), planned_end_date=D(2027, 5, 25)))
    if status != "draft":
        pairs.set_status(session, group_id=gid, status=status)
    return gid, ids


@pytest.fixture
def school(session):
    save_school(session, data=factories.school())


def _meet(session, gid: int, day: D, kind: str, **kw) -> int:
    return meetings.save_meeting(session, data=MeetingData(group_id=gid, date=day, kind=kind, **kw))


def test_one_pair_prints_facts_meetings_remarks_and_signatures(session, school, tmp_path):
    gid, _ = _pair(session, "Кузнецова", ("Соколов",))
    _meet(session, gid, D(2026, 9, 18), "встреча-знакомство", start_time="15:30", duration_min=45,
          topic='Знакомство и "правила" работы', outcome="Познакомились", next_steps="Пробная встреча")
    _meet(session, gid, D(2026, 9, 25), "пробная встреча", format="remote", topic="Пробное занятие")
    _meet(session, gid, D(2026, 10, 2), "рабочая встреча", topic="Дроби", outcome="Разобрали дроби",
          feedback_mentee=True)
    out = render_journal(session, path=tmp_path / "journal.pdf", group_ids=[gid], today=TODAY)
    text = _text(out)
    flat = re.sub(r"\s+", " ", text)
    assert "ЖУРНАЛ РАБОТЫ НАСТАВНИЧЕСКОЙ ПАРЫ" in text
    assert "МБОУ СШ № 1" in text
    assert "Наставник: Кузнецова Светлана Викторовна (учитель математики)" in flat
    assert "Наставляемый: Соколов Олег Сергеевич (7Б)" in flat
    assert "Форма наставничества: учитель – ученик" in flat and "Ролевая модель: успевающий" in flat
    assert "Срок: 15.09.2026 – 25.05.2027" in flat
    assert "Текущий этап: рабочие встречи (1)" in flat
    for line in ("18.09.2026", "15:30, 45 мин", "встреча-знакомство", "25.09.2026", "дистанционно", "02.10.2026",
                 "Разобрали дроби", "«правила»"):
        assert line in flat, line
    assert "Дальнейшие шаги: Пробная встреча" in flat
    rows = [ln for ln in text.splitlines() if re.match(r"\s*[123]\s+\d\d\.\d\d\.2026", ln)]
    assert len(rows) == 3
    assert "да / нет" in flat  # the working meeting: feedback from the mentee only
    assert "Замечания" in text
    assert "Без обратной связи от наставника" in flat or "без обратной связи от наставника" in flat
    assert "Нет встреч" in flat  # inactive since 02.10.2026 on 30.11.2026
    assert "Наставник ____________ / С.В. Кузнецова /" in flat
    assert "Куратор ____________ / О.И. Смирнова /" in flat


def test_pair_without_meetings_and_group_title(session, school, tmp_path):
    empty, _ = _pair(session, "Андреева", ("Белов",))
    group, ids = _pair(session, "Борисова", ("Волков", "Гусев"))
    _meet(session, group, D(2026, 9, 18), "встреча-знакомство", absent_mentee_ids=(ids[1],))
    out = render_journal(session, path=tmp_path / "j.pdf", group_ids=[group, empty], today=D(2026, 9, 20))
    first, second = _text(out, 1), _text(out, 2)
    assert "Андреева" in first and NO_MEETINGS in first  # ordered by mentor name, not by the ids given
    assert "ЖУРНАЛ РАБОТЫ НАСТАВНИЧЕСКОЙ ПАРЫ" in first
    assert "ЖУРНАЛ РАБОТЫ НАСТАВНИЧЕСКОЙ ГРУППЫ" in second and "Борисова" in second
    flat = re.sub(r"\s+", " ", second)
    assert "Наставляемые: Волков Олег Сергеевич (7Б); Гусев Олег Сергеевич (7Б)" in flat
    row = re.sub(r"\s+", " ", _text(out, 2).split("18.09.2026")[1])
    assert "присутствовали:" in row and "Волков О.С." in row and "отсутствовали:" in row and "Гусев О.С." in row
    assert "Замечаний нет" in second


def test_all_pairs_each_on_new_pages(session, school, tmp_path):
    ids = [_pair(session, name, (f"{name[:-1]}ин",))[0] for name in ("Яковлева", "Орлова", "Данилова")]
    _pair(session, "Черновa", ("Сидоров",), status="draft")  # a draft without meetings is not printed
    for gid in ids:
        for n in range(3):
            _meet(session, gid, D(2026, 9, 18) + dt.timedelta(days=7 * n), "рабочая встреча",
                  feedback_mentee=True, feedback_mentor=True)
    out = render_journal(session, path=tmp_path / "all.pdf", today=D(2026, 10, 10))
    assert _pages(out) == 3
    heads = [re.search(r"Наставник: (\S+)", _text(out, p)).group(1) for p in (1, 2, 3)]
    assert heads == ["Данилова", "Орлова", "Яковлева"]
    assert "Черновa" not in _text(out)


def test_long_journal_repeats_the_header_row(session, school, tmp_path):
    gid, _ = _pair(session, "Медведева", ("Титов",))
    for n in range(30):
        _meet(session, gid, D(2026, 9, 16) + dt.timedelta(days=2 * n), "рабочая встреча",
              topic=f"Тема {n + 1}", outcome="Итоги встречи " * 8, next_steps="Следующий шаг " * 5,
              feedback_mentee=True, feedback_mentor=True)
    out = render_journal(session, path=tmp_path / "long.pdf", group_ids=[gid], today=D(2026, 11, 16))
    pages = _pages(out)
    assert pages >= 2
    for p in range(1, pages + 1):
        assert "Тип встречи" in _text(out, p)
    text = _text(out)
    assert "Тема 30" in text and "Тема 1 " in text + " "
    assert _text(out, pages).count("Куратор") == 1


def test_nothing_to_print_and_unknown_pair(session, tmp_path):
    with pytest.raises(ValidationError) as err:
        render_journal(session, path=tmp_path / "none.pdf")
    assert "журнал" in str(err.value.issues[0].message)
    with pytest.raises(NotFoundError):
        render_journal(session, path=tmp_path / "none.pdf", group_ids=[999])
    assert not (tmp_path / "none.pdf").exists()


def test_no_school_profile_and_missing_folder(session, tmp_path):
    gid, _ = _pair(session, "Лебедева", ("Фомин",))
    context = journal_context(session, group_ids=[gid], today=TODAY)
    assert context.school_name == "" and context.curator_name == ""
    out = render_journal(session, path=tmp_path / "j.pdf", group_ids=[gid], today=TODAY)
    assert "Куратор ____________ / ____________________ /" in re.sub(r"\s+", " ", _text(out))
    with pytest.raises(StorageError):
        render_journal(session, path=tmp_path / "no" / "j.pdf", group_ids=[gid], today=TODAY)
