"""Realistic, deterministic demo data for a school database (mentees, mentors, partners, consents)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

BASE_DATE = dt.date(2026, 9, 1)  # start of the academic year the demo describes
PREVIOUS_YEAR = dt.date(2025, 9, 1)
ARCHIVED_AT = dt.datetime(2026, 10, 20, 9, 0)
CHUNK = 5000
_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)

from app.demo_data import (  # noqa: E402 - data pools live in their own module
    MALE,
    MALE_NAMES,
    FEMALE_NAMES,
    SURNAMES,
    LETTERS,
    SUBJECT_GENITIVE,
    TEACHER_TAGS,
    STUDENT_MENTOR_TAGS,
    PARTNER_TAGS,
    SUBJECT_TEACHER_TAGS,
    GRADE_REQUESTS,
    PARTNERS,
    OTHER_TEACHER_POSTS,
    DEMO_SCHOOL,
)


class _Random(random.Random):
    """Mersenne Twister with cheaper choice/randrange/randint (one ``random()`` each, no rejection loop)."""

    def choice(self, seq):  # noqa: ANN001, ANN201
        return seq[int(self.random() * len(seq))]

    def randrange(self, start: int, stop: int | None = None) -> int:  # type: ignore[override]
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


@dataclass(frozen=True)
class DemoResult:
    """What the demo added: mentees, mentors, partner organisations used, meetings and survey responses."""

    mentees: int
    mentors: int
    partners: int
    meetings: int = 0
    responses: int = 0


def feminine(surname: str) -> str:
    """The feminine form of a masculine surname (Иванов → Иванова, Троицкий → Троицкая)."""
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith(("ий", "ый", "ой")):
        return surname[:-2] + "ая"
    return surname  # Коваленко, Черных: the same for both


class _Gen:
    """The seeded generator of people; every choice goes through ``self.rng``."""

    def __init__(self, rng: random.Random, requests: list[str], competencies: list[str]) -> None:
        self.rng = rng
        self.requests = requests or ["учебная мотивация"]
        self.competencies = competencies or ["учебная мотивация"]
        self._good: dict[tuple[int, frozenset[str]], list[str]] = {}

    def uuid(self) -> str:
        """A version-4 UUID from the seeded generator (same text as ``uuid.UUID(int=n, version=4)``)."""
        h = f"{self.rng.getrandbits(128) & _UUID_CLEAR | _UUID_SET:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def person(self, *, female: bool | None = None) -> tuple[str, str, str, bool, str]:
        """Surname, first name, patronymic, gender and the family's (masculine) surname."""
        rng = self.rng
        female = rng.random() < 0.5 if female is None else female
        surname = rng.choice(SURNAMES)
        father = MALE[rng.choice(MALE_NAMES)]
        if female:
            return feminine(surname), rng.choice(FEMALE_NAMES), father[1], True, surname
        return surname, rng.choice(MALE_NAMES), father[0], False, surname

    def phone(self) -> str:
        r = self.rng.randrange(10**9)
        return f"+7 9{r // 10**7 % 100:02d} {r // 10**4 % 1000:03d}-{r // 100 % 100:02d}-{r % 100:02d}"

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def pick(self, pool: list[str], preferred: frozenset[str], k: int) -> list[str]:
        """Up to ``k`` tags, mostly from ``preferred`` when the curator's list has them."""
        key = (id(pool), preferred)
        good = self._good.get(key)
        if good is None:
            good = self._good[key] = [t for t in pool if t in preferred] or pool
        chosen = self.rng.sample(good, min(k, len(good)))
        if len(pool) > len(good) and self.rng.random() < 0.2:
            extra = self.rng.choice(pool)
            if extra not in chosen:
                chosen.append(extra)
        return chosen

    def consents(self, owner: str, owner_id: int, *, signed: dt.date, minor: bool, parent: str) -> list[dict]:
        rng = self.rng
        if rng.random() >= 0.97:
            return []
        kinds = ["processing"]
        if rng.random() < 0.8:
            kinds.append("transfer")
        if rng.random() < 0.3:
            kinds.append("publication")
        rows = []
        for kind in kinds:
            revoked = signed + dt.timedelta(days=30) if kind == "publication" and rng.random() < 0.05 else None
            rows.append({"uuid": self.uuid(), "mentee_id": owner_id if owner == "mentee" else None,
                         "mentor_id": owner_id if owner == "mentor" else None, "kind": kind,
                         "signer": "representative" if minor else "self",
                         "representative_name": parent if minor else "", "signed_on": signed,
                         "revoked_on": revoked})
        return rows

    def parent_of(self, family: str) -> str:
        """A legal representative of a child of the ``family`` (mother or father)."""
        mother = self.rng.random() < 0.75
        _, first, middle, _, _ = self.person(female=mother)
        return f"{feminine(family) if mother else family} {first} {middle}"


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _student_birth(gen: _Gen, grade: int) -> dt.date:
    """Age 6 + grade on 1 September of the demo year (7 in the 1st class)."""
    age = 6 + grade
    start = dt.date(BASE_DATE.year - age - 1, 9, 2)
    return gen.date_between(start, dt.date(BASE_DATE.year - age, 9, 1))


def _status_dates(gen: _Gen, statuses: tuple[tuple[str, float], ...]) -> tuple[str, dt.date, dt.date | None]:
    rng = gen.rng
    roll, status = rng.random(), statuses[-1][0]
    for name, share in statuses:
        if roll < share:
            status = name
            break
        roll -= share
    if status in ("finished", "left"):
        entry = gen.date_between(PREVIOUS_YEAR, PREVIOUS_YEAR + dt.timedelta(days=90))
        if status == "finished":
            return status, entry, gen.date_between(dt.date(2026, 5, 15), dt.date(2026, 5, 31))
        return status, entry, gen.date_between(entry + dt.timedelta(days=30), dt.date(2026, 6, 30))
    return status, gen.date_between(BASE_DATE, BASE_DATE + dt.timedelta(days=45)), None


def _mentee_row(gen: _Gen, row_id: int, now: dt.datetime) -> tuple[dict, list[dict]]:
    rng = gen.rng
    last, first, middle, _female, family = gen.person()
    status, entry, exit_date = _status_dates(gen, (("active", 0.85), ("finished", 0.1), ("left", 0.05)))
    row = {"id": row_id, "uuid": gen.uuid(), "last_name": last, "first_name": first, "middle_name": middle,
           "representative": "", "request_text": "", "results": "", "case_url": "", "notes": "",
           "experience_years": None, "entry_date": entry, "exit_date": exit_date, "status": status,
           "archived_at": ARCHIVED_AT if rng.random() < 0.03 else None, "created_at": now, "updated_at": now}
    if rng.random() < 0.04:  # a teacher: a young specialist or an experienced one with a request
        young = rng.random() < 0.65
        subject = rng.choice(tuple(SUBJECT_GENITIVE))
        experience = rng.randrange(0, 4) if young else rng.randrange(4, 26)
        year = BASE_DATE.year - 22 - experience - rng.randrange(0, 4 if young else 9)  # graduated at 22+
        birth = gen.date_between(dt.date(year - 1, 9, 2), dt.date(year, 9, 1))
        tags = gen.pick(gen.requests, TEACHER_TAGS, rng.randint(1, 2))
        if subject in gen.requests and subject not in tags and rng.random() < 0.3:
            tags.append(subject)
        row.update(category="молодой специалист" if young else "педагог",
                   group_name=f"учитель {SUBJECT_GENITIVE[subject]}", experience_years=float(experience),
                   birth_date=birth, birth_year=birth.year, contacts=gen.phone(), requests=tags)
        minor, parent = False, ""
    else:
        grade = rng.choice((1, 2, 3, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 11))
        birth = _student_birth(gen, grade)
        preferred = GRADE_REQUESTS[grade]
        parent = gen.parent_of(family)
        row.update(category="обучающийся", group_name=f"{grade}{rng.choice(LETTERS)}", birth_date=birth,
                   birth_year=birth.year, contacts=f"{gen.phone()} (законный представитель)",
                   representative=parent, requests=gen.pick(gen.requests, preferred, rng.randint(1, 3)))
        minor = True
    if status == "finished":
        row["results"] = rng.choice(("повышение успеваемости", "участие в олимпиаде муниципального этапа",
                                     "защита индивидуального проекта", "успешная адаптация"))
    elif status == "left":
        row["notes"] = "выбыл(а) из образовательной организации"
    signed = max(entry - dt.timedelta(days=rng.randrange(0, 10)), entry.replace(day=1))
    if minor and _age_on(birth, signed) >= 18:
        minor = False
    return row, gen.consents("mentee", row_id, signed=signed, minor=minor, parent=parent)


def _mentor_row(gen: _Gen, row_id: int, now: dt.datetime, school: str,
                partners: list[tuple[int, str, tuple[str, ...]]]) -> tuple[dict, list[dict]]:
    rng = gen.rng
    last, first, middle, _female, family = gen.person()
    status, entry, _ = _status_dates(gen, (("active", 0.7), ("candidate", 0.2), ("finished", 0.1)))
    row = {"id": row_id, "uuid": gen.uuid(), "last_name": last, "first_name": first, "middle_name": middle,
           "achievements": "", "interests": "", "results": "", "case_url": "", "photo_url": "", "notes": "",
           "training_date": None, "training_document": "", "partner_id": None, "entry_date": entry,
           "status": status, "desired_age_min": None, "desired_age_max": None, "experience_years": None,
           "archived_at": ARCHIVED_AT if rng.random() < 0.02 else None, "created_at": now, "updated_at": now}
    roll = rng.random()
    minor, parent = False, ""
    if roll < 0.62 or not partners:  # a teacher of the school
        experience = rng.randrange(5, 36)
        birth_year = 2026 - 22 - experience - rng.randrange(0, 6)
        if rng.random() < 0.8:
            subject = rng.choice(tuple(SUBJECT_GENITIVE))
            post, own = f"учитель {SUBJECT_GENITIVE[subject]}", (subject,)
            extra = SUBJECT_TEACHER_TAGS
        else:
            post, own = rng.choice(OTHER_TEACHER_POSTS)
            extra = frozenset(own) | TEACHER_TAGS
        tags = [t for t in own if t in gen.competencies]
        tags += [t for t in gen.pick(gen.competencies, extra, rng.randint(1, 3)) if t not in tags]
        row.update(category="педагог", group_name=post, workplace=school, experience_years=float(experience),
                   birth_date=None, birth_year=birth_year, contacts=gen.phone(), competencies=tags,
                   capacity=rng.choice((2, 3, 3, 3, 4, 5)), desired_age_min=rng.choice((7, 10, 12)),
                   desired_age_max=rng.choice((15, 17, 18)),
                   achievements=rng.choice(("", "Почётная грамота Минпросвещения России",
                                            "победитель конкурса «Учитель года» (муниципальный этап)",
                                            "высшая квалификационная категория")),
                   interests=rng.choice(("", "краеведение", "туризм", "шахматы", "хоровое пение", "робототехника")))
    elif roll < 0.9:  # a senior student
        grade = rng.choice((9, 10, 11))
        birth = _student_birth(gen, grade)
        parent = gen.parent_of(family)
        minor = _age_on(birth, entry - dt.timedelta(days=10)) < 18
        row.update(category="обучающийся", group_name=f"{grade}{rng.choice(LETTERS)}", workplace=school,
                   birth_date=birth, birth_year=birth.year, contacts=gen.phone(), capacity=rng.choice((1, 2)),
                   competencies=gen.pick(gen.competencies, STUDENT_MENTOR_TAGS,
                                         rng.randint(1, 3)),
                   desired_age_min=7, desired_age_max=grade + 4,
                   achievements=rng.choice(("", "призёр регионального этапа ВсОШ", "лидер школьного самоуправления")))
    else:  # a representative of a partner organisation
        partner_id, partner, posts = rng.choice(partners)
        birth_year = rng.randrange(1965, 2000)
        row.update(category="представитель организации-партнёра", group_name=rng.choice(posts),
                   workplace=partner, partner_id=partner_id, birth_date=None, birth_year=birth_year,
                   contacts=gen.phone(), capacity=rng.choice((2, 3, 5)), experience_years=None,
                   competencies=gen.pick(gen.competencies, PARTNER_TAGS, rng.randint(2, 3)),
                   desired_age_min=14, desired_age_max=18)
    if status != "candidate":
        row["training_date"] = gen.date_between(dt.date(2026, 3, 1), dt.date(2026, 8, 28))
        row["training_document"] = f"Удостоверение о повышении квалификации № {rng.randrange(100, 9999)}"
    signed = max(entry - dt.timedelta(days=rng.randrange(0, 10)), entry.replace(day=1))
    return row, gen.consents("mentor", row_id, signed=signed, minor=minor, parent=parent)


def _partners(session, gen: _Gen, kinds: list[str]) -> list[tuple[int, str, tuple[str, ...]]]:  # noqa: ANN001
    """Ids of the demo partner organisations, created when missing (inside the caller's transaction)."""
    from sqlalchemy import insert, select

    from app.text import fold
    from db.models import PartnerOrganization

    existing = {fold(name): pid for pid, name in session.execute(
        select(PartnerOrganization.id, PartnerOrganization.name))}
    out = []
    for name, kind, posts in PARTNERS:
        if fold(name) not in existing:
            session.execute(insert(PartnerOrganization), [{
                "uuid": gen.uuid(), "name": name, "kind": kind if kind in kinds or not kinds else kinds[0],
                "contact": gen.phone(), "archived": False}])
            existing[fold(name)] = session.execute(
                select(PartnerOrganization.id).where(PartnerOrganization.name == name)).scalar_one()
        out.append((existing[fold(name)], name, posts))
    return out


def _insert_many(session, table, rows: list[dict]) -> None:  # noqa: ANN001
    """One executemany of ``rows`` (same keys) in the session's transaction.

    Values go through SQLAlchemy's own bind processors of each column type (dates, JSON), so they are
    stored exactly as ``session.execute(insert(table), rows)`` would store them, at a third of its cost.
    """
    keys = list(rows[0])
    dialect = session.get_bind().dialect
    procs = (table.c[k].type.dialect_impl(dialect).bind_processor(dialect) for k in keys)
    processors = [(n, proc) for n, proc in enumerate(procs) if proc]
    data = []
    for row in rows:
        values = [row[k] for k in keys]
        for n, proc in processors:
            values[n] = proc(values[n])
        data.append(tuple(values))
    sql = f"INSERT INTO {table.name} ({', '.join(keys)}) VALUES ({', '.join('?' * len(keys))})"
    session.connection().exec_driver_sql(sql, data)


def _write(session, gen: _Gen, *, mentees: int, mentors: int, school: str,  # noqa: ANN001
           partners: list, progress: Callable[[int, int], None] | None) -> set[int]:
    """Generate and bulk-insert people with their consents, chunk by chunk; returns partner ids used."""
    from sqlalchemy import func, select

    from db.models import Consent, Mentee, Mentor, utcnow

    now = utcnow()
    used: set[int] = set()
    done, total = 0, mentees + mentors
    for table, count in ((Mentor, mentors), (Mentee, mentees)):
        start = session.execute(select(func.coalesce(func.max(table.id), 0))).scalar_one()
        for chunk_start in range(0, count, CHUNK):
            rows, consents = [], []
            for i in range(start + chunk_start + 1, start + min(count, chunk_start + CHUNK) + 1):
                if table is Mentee:
                    row, row_consents = _mentee_row(gen, i, now)
                else:
                    row, row_consents = _mentor_row(gen, i, now, school, partners)
                    if row["partner_id"]:
                        used.add(row["partner_id"])
                rows.append(row)
                consents += row_consents
            _insert_many(session, table.__table__, rows)
            if consents:
                _insert_many(session, Consent.__table__, consents)
            done += len(rows)
            if progress is not None:
                progress(done, total)
    return used


def fill_demo(session, *, mentees: int, mentors: int | None = None, seed: int = 1,  # noqa: ANN001
              progress: Callable[[int, int], None] | None = None, today: dt.date | None = None) -> DemoResult:
    """Add ``mentees`` mentees and ``mentors`` mentors (default ≈ mentees/6, at least 5) in one transaction.

    The same seed on an empty database gives the same people; on a non-empty one the seed is combined
    with the current row counts so that identifiers never collide. A school profile is saved when none.
    ``progress(done, total)`` may raise ``Cancelled``; then nothing is written. The new pairs then get
    meetings up to ``today`` and survey responses (app.demo_meetings, a transaction of its own).
    """
    from sqlalchemy import func, select, text

    from app.demo_contingent import fill_demo_contingent
    from app.demo_meetings import fill_demo_meetings
    from app.demo_pairs import add_demo_pairs
    from app.schemas import SchoolData
    from app.services import reference
    from app.services.school import get_school, save_school
    from db.engine import transaction
    from db.models import Mentee, Mentor, MentoringGroup

    if mentees < 0 or (mentors is not None and mentors < 0):
        from app.errors import Issue, ValidationError

        raise ValidationError([Issue("число записей не может быть отрицательным", field="Количество")])
    n_mentors = max(5, round(mentees / 6)) if mentors is None else mentors
    school = get_school(session)
    school_name = school.short_name if school and school.short_name else DEMO_SCHOOL["short_name"]
    requests = reference.names(session, list_code="request_tag")
    competencies = reference.names(session, list_code="competency_tag")
    partner_kinds = reference.names(session, list_code="partner_kind")
    with transaction(session):
        cache = session.execute(text("PRAGMA cache_size")).scalar_one()
        session.execute(text("PRAGMA cache_size=-65536"))  # 64 MiB: random UUID indexes stay in memory
        try:
            have = [session.execute(select(func.count()).select_from(t)).scalar_one() for t in (Mentee, Mentor)]
            rng = _Random(seed if have == [0, 0] else f"{seed}/{have[0]}/{have[1]}")
            gen = _Gen(rng, requests, competencies)
            partners = _partners(session, gen, partner_kinds) if n_mentors else []
            after = [session.execute(select(func.coalesce(func.max(t.id), 0))).scalar_one() for t in (Mentee, Mentor)]
            used = _write(session, gen, mentees=mentees, mentors=n_mentors, school=school_name,
                          partners=partners, progress=progress)
            pair_rng = _Random(rng.getrandbits(64))  # pairs never change the people a seed gives
            meeting_seed = rng.getrandbits(64)
            groups_before = session.execute(select(func.coalesce(func.max(MentoringGroup.id), 0))).scalar_one()
            add_demo_pairs(session, rng=pair_rng, uuid=_Gen(pair_rng, [], []).uuid, mentee_after=after[0],
                           mentor_after=after[1], school=school)
        finally:
            session.execute(text(f"PRAGMA cache_size={int(cache)}"))
    if school is None:
        save_school(session, data=SchoolData(**DEMO_SCHOOL))
    meetings, responses = fill_demo_meetings(session, seed=meeting_seed, today=today, group_after=groups_before)
    fill_demo_contingent(session, today=today)
    from app.demo_roadmap import fill_demo_roadmap

    fill_demo_roadmap(session, today=today)
    from app.demo_partners import fill_demo_partners

    fill_demo_partners(session, today=today)
    return DemoResult(mentees=mentees, mentors=n_mentors, partners=len(used), meetings=meetings,
                      responses=responses)
