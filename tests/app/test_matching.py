"""Scores, Russian explanations, require-mode filters and hard constraints of app.matching."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.matching import (Criteria, MenteeCandidate, MentorCandidate, Rule, guess_form, interest_stems, plural,
                          rank, score, with_changes)


def student(**kw) -> MenteeCandidate:
    base = dict(id=1, name="Иванов Пётр", category="обучающийся", group_name="8А", parallel=8, age=14,
                requests=("математика", "ОГЭ"), person_key="иванов петр", birth_year=2012)
    base.update(kw)
    return MenteeCandidate(**base)


def teacher(**kw) -> MentorCandidate:
    base = dict(id=10, name="Ёлкина Светлана", category="педагог", group_name="учитель математики",
                experience=20, competencies=("Математика", "огэ", "олимпиады"), age_min=10, age_max=16,
                capacity=3, free=1, person_key="елкина светлана", birth_year=1980)
    base.update(kw)
    return MentorCandidate(**base)


def senior(**kw) -> MentorCandidate:
    base = dict(id=20, name="Петров Олег", category="обучающийся", group_name="10Б", parallel=10,
                competencies=("математика",), capacity=2, free=2, person_key="петров олег", birth_year=2010)
    base.update(kw)
    return MentorCandidate(**base)


def test_explanations_in_russian():
    match = score(student(), teacher())
    assert match is not None
    assert match.reasons == ("совпадают запросы: математика, ОГЭ", "возраст в желаемом диапазоне (10–16)",
                             "свободно 1 место из 3")
    assert 0 <= match.score <= 100
    gap = score(student(), senior())
    assert gap is not None and "наставник старше на 2 класса" in gap.reasons
    outside = score(student(age=17), teacher())
    assert outside is not None and "возраст наставляемого вне желаемого (10–16)" in outside.reasons
    assert outside.score < match.score


def test_partial_request_overlap_scores_less_and_no_overlap_is_explained():
    full = score(student(), teacher())
    half = score(student(), teacher(competencies=("ОГЭ",)))
    none = score(student(), teacher(competencies=("химия",)))
    assert full.score > half.score > none.score
    assert "совпадают запросы: ОГЭ" in half.reasons
    assert "нет совпадений по запросам" in none.reasons


def test_shared_interests_from_request_text():
    e = student(words=interest_stems("Хочу заниматься шахматами и робототехникой"))
    m = teacher(words=interest_stems("шахматы, туризм"), interests="шахматы, туризм")
    match = score(e, m)
    assert "общие интересы: шахматы" in match.reasons
    plain = score(e, teacher(words=interest_stems("туризм"), interests="туризм"))
    assert match.score > plain.score


def test_require_mode_filters_out():
    criteria = with_changes(Criteria(), requests=Rule("require", 40))
    assert score(student(), teacher(competencies=("химия",)), criteria) is None
    assert score(student(), teacher(competencies=("химия",))) is not None  # «score» mode only lowers it
    age_required = with_changes(Criteria(), age=Rule("require", 15))
    assert score(student(age=17), teacher(), age_required) is None
    assert score(student(age=17), teacher(age_min=None, age_max=None), age_required) is not None  # unknown passes


def test_ignore_mode_removes_criterion_and_its_reason():
    criteria = with_changes(Criteria(), capacity=Rule("ignore", 5))
    match = score(student(), teacher(), criteria)
    assert not any(r.startswith("свободно") for r in match.reasons)


def test_student_mentor_must_be_grades_older():
    assert score(student(), senior(group_name="9Б", parallel=9)) is None  # one grade only, form required
    loose = with_changes(Criteria(), form=Rule("score", 20), parallel=Rule("score", 10))
    one = score(student(), senior(group_name="9Б", parallel=9), loose)
    assert one is not None and "наставник старше только на 1 класс (нужно не меньше 2)" in one.reasons
    assert score(student(), senior(group_name="9Б", parallel=9), with_changes(Criteria(), grade_gap=1)) is not None
    same = score(student(), senior(group_name="8В", parallel=8), loose)
    assert "параллель наставника не выше параллели наставляемого" in same.reasons
    assert score(student(), senior(group_name="8В", parallel=8),
                 with_changes(loose, parallel=Rule("require", 10))) is None


def test_teacher_mentee_needs_more_experienced_teacher():
    young = student(category="молодой специалист", group_name="учитель физики", parallel=None, age=24,
                    experience=1, requests=("адаптация",))
    ok = score(young, teacher(competencies=("адаптация",), age_min=None, age_max=None))
    assert ok is not None and "стаж наставника больше (20 лет, у наставляемого 1 год)" in ok.reasons
    assert score(young, teacher(experience=1)) is None
    assert score(young, senior()) is None
    assert score(young, teacher(category="представитель организации-партнёра", partner=True)) is None


def test_hard_constraints_always_apply():
    relaxed = Criteria(**{code: Rule("ignore", 0) for code in ("requests", "interests", "form", "age", "capacity",
                                                                 "parallel", "history")})
    assert score(student(), teacher(), relaxed) is not None
    assert score(student(banned=frozenset({10})), teacher(), relaxed) is None
    assert score(student(), teacher(free=0), relaxed) is None
    assert score(student(archived=True), teacher(), relaxed) is None
    assert score(student(), teacher(archived=True), relaxed) is None
    me = teacher(person_key="иванов петр", birth_year=2012)
    assert score(student(), me, relaxed) is None
    assert score(student(), teacher(person_key="иванов петр", birth_year=None), relaxed) is None
    assert score(student(), teacher(person_key="иванов петр", birth_year=1980), relaxed) is not None  # namesake


def test_history_banned_or_penalised():
    again = student(previous=frozenset({10}))
    assert score(again, teacher()) is None  # «no repeats» is the default
    penalised = score(again, teacher(), with_changes(Criteria(), history=Rule("score", 5)))
    assert penalised is not None and "уже были парой раньше" in penalised.reasons
    assert penalised.score < score(student(), teacher()).score


def test_rank_orders_by_score():
    mentors = [teacher(id=1, competencies=("химия",)), teacher(id=2), teacher(id=3, free=0),
               teacher(id=4, competencies=("ОГЭ",))]
    assert [m.mentor_id for m in rank(student(), mentors)] == [2, 4, 1]
    assert [m.mentor_id for m in rank(student(), mentors, limit=1)] == [2]


def test_form_guess():
    assert guess_form("обучающийся", "обучающийся") == "ученик – ученик"
    assert guess_form("молодой специалист", "педагог") == "учитель – учитель"
    assert guess_form("обучающийся", "представитель организации-партнёра") == "работодатель – ученик"
    assert guess_form("обучающийся", "студент") == "студент – ученик"
    assert guess_form("студент", "педагог", partner=True) == "работодатель – студент"
    assert guess_form("обучающийся", "педагог") == "учитель – ученик"
    assert guess_form("педагог", "родитель") == ""


def test_plural_and_criteria_json_round_trip():
    assert [plural(n, "место", "места", "мест") for n in (1, 2, 5, 11, 21, 22, 112)] == [
        "место", "места", "мест", "мест", "место", "места", "мест"]
    criteria = with_changes(Criteria(), requests=Rule("require", 70), grade_gap=3, min_score=35)
    assert Criteria.from_json(criteria.to_json()) == criteria
    assert Criteria.from_json("{}") == Criteria()
    with pytest.raises(ValidationError):
        Criteria.from_dict({"age": {"mode": "always", "weight": 10}})
    with pytest.raises(ValidationError):
        Criteria.from_dict({"age": {"mode": "score", "weight": 101}})
    with pytest.raises(ValidationError):
        Criteria.from_dict({"grade_gap": -1})


# -- services over a real database ---------------------------------------------------

def _people(session):
    from app.services.people import save_mentee, save_mentor
    from tests import factories

    ivanov = save_mentee(session, data=factories.mentee())
    sidorova = save_mentee(session, data=factories.mentee(last_name="Сидорова", first_name="Анна",
                                                          middle_name="", requests=("химия",), group_name="6Б"))
    elkina = save_mentor(session, data=factories.mentor(capacity=1))
    orlov = save_mentor(session, data=factories.mentor(last_name="Орлов", first_name="Игорь", middle_name="",
                                                       competencies=("химия", "ОГЭ"), group_name="учитель химии"))
    return ivanov, sidorova, elkina, orlov


def test_suggest_for_mentee_ranks_with_reasons(session):
    from app.services.matching import suggest_for_mentee

    ivanov, _sidorova, elkina, orlov = _people(session)
    found = suggest_for_mentee(session, mentee_id=ivanov)
    assert [s.mentor_id for s in found] == [elkina, orlov]
    assert found[0].name == "Ёлкина Светлана Викторовна" and (found[0].free, found[0].capacity) == (1, 1)
    assert "совпадают запросы: математика, ОГЭ" in found[0].reasons
    assert "свободно 1 место из 1" in found[0].reasons
    assert found[0].score > found[1].score
    assert len(suggest_for_mentee(session, mentee_id=ivanov, limit=1)) == 1


def test_db_bans_previous_pairs_and_archive_respected(session):
    from app.schemas import GroupData
    from app.services.matching import suggest_for_mentee
    from app.services.pairs import ban_match, save_group, set_status
    from app.services.people import set_mentors_archived

    ivanov, sidorova, elkina, orlov = _people(session)
    ban_match(session, mentee_id=ivanov, mentor_id=elkina, reason="конфликт")
    assert [s.mentor_id for s in suggest_for_mentee(session, mentee_id=ivanov)] == [orlov]
    old = save_group(session, data=GroupData(mentor_id=orlov, mentee_ids=(sidorova,)))
    set_status(session, group_id=old, status="dissolved", reason="переезд")
    assert orlov not in [s.mentor_id for s in suggest_for_mentee(session, mentee_id=sidorova)]
    set_mentors_archived(session, mentor_ids=[elkina], archived=True)
    assert elkina not in [s.mentor_id for s in suggest_for_mentee(session, mentee_id=sidorova)]


def test_suggest_all_and_apply_creates_drafts_within_capacity(session):
    from sqlalchemy import select

    from app.services.matching import apply_suggestions, suggest_all
    from app.services.pairs import list_groups, mentor_loads, unpaired_mentees
    from app.services.people import save_mentee
    from db.models import MentoringGroup
    from tests import factories

    ivanov, sidorova, elkina, orlov = _people(session)
    extra = save_mentee(session, data=factories.mentee(last_name="Котов", first_name="Лев", middle_name=""))
    proposals = suggest_all(session, mode="best")
    pairs = {(p.mentee_id, p.mentor_id) for p in proposals}
    assert (ivanov, elkina) in pairs or (extra, elkina) in pairs
    assert (sidorova, orlov) in pairs
    assert sum(1 for p in proposals if p.mentor_id == elkina) <= 1
    assert all(p.form == "учитель – ученик" for p in proposals)
    ids = apply_suggestions(session, proposals=proposals)
    assert len(ids) == len(proposals) == 3
    groups = {g.id: g for g in list_groups(session)}
    assert all(groups[i].status == "draft" and groups[i].source == "suggested" for i in ids)
    assert unpaired_mentees(session) == []
    assert {m.id: m.free for m in mentor_loads(session)}[elkina] == 0
    assert suggest_all(session) == []
    # applying the same proposals again fails as a whole: nothing more is written
    import pytest as _pytest

    from app.errors import AppError

    with _pytest.raises(AppError):
        apply_suggestions(session, proposals=proposals)
    assert len(session.execute(select(MentoringGroup.id)).all()) == 3


def test_apply_refuses_over_capacity_atomically(session):
    from sqlalchemy import select

    from app.services.matching import apply_suggestions, proposal_for
    from app.services.pairs import CapacityError
    from app.services.people import save_mentee
    from db.models import MentoringGroup
    from tests import factories

    ivanov, sidorova, elkina, _orlov = _people(session)
    third = save_mentee(session, data=factories.mentee(last_name="Котов", first_name="Лев", middle_name=""))
    proposals = [proposal_for(session, mentee_id=ivanov, mentor_id=elkina),
                 proposal_for(session, mentee_id=third, mentor_id=elkina)]
    with pytest.raises(CapacityError):
        apply_suggestions(session, proposals=proposals)
    assert session.execute(select(MentoringGroup.id)).all() == []
    assert sidorova


def test_cover_mode_and_criteria_settings_round_trip(session):
    from app.services.matching import load_criteria, save_criteria, suggest_all

    _people(session)
    assert load_criteria(session) == Criteria()
    changed = with_changes(Criteria(), requests=Rule("require", 60), min_score=10, grade_gap=3)
    assert save_criteria(session, criteria=changed) == changed
    assert load_criteria(session) == changed
    proposals = suggest_all(session, mode="cover")
    assert len(proposals) == 2  # every mentee placed (one request match each)
    with pytest.raises(ValidationError):
        save_criteria(session, criteria=Criteria(age=Rule("sometimes", 10)))
    assert load_criteria(session) == changed
    with pytest.raises(ValidationError):
        suggest_all(session, mode="everyone")


def test_apply_stores_planned_end_date_and_criteria_need_one_weighted(session):
    import datetime as dt

    from app.services.matching import apply_suggestions, load_criteria, save_criteria, suggest_all
    from app.services.pairs import list_groups

    _people(session)
    proposals = suggest_all(session, mode="best")
    ids = apply_suggestions(session, proposals=proposals[:1], start_date=dt.date(2026, 9, 1),
                            planned_end_date=dt.date(2027, 5, 31))
    more = apply_suggestions(session, proposals=proposals[1:2])  # omitted: nothing planned, as before
    groups = {g.id: g for g in list_groups(session)}
    assert (groups[ids[0]].start_date, groups[ids[0]].planned_end_date) == (dt.date(2026, 9, 1), dt.date(2027, 5, 31))
    assert (groups[more[0]].start_date, groups[more[0]].planned_end_date) == (None, None)
    silent = Criteria(**{code: Rule("ignore", 10) for code in ("requests", "interests", "form", "age", "capacity",
                                                               "parallel", "history")})
    zero = Criteria(**{code: Rule("score", 0) for code in ("requests", "interests", "form", "age", "capacity",
                                                           "parallel", "history")})
    for useless in (silent, zero):
        with pytest.raises(ValidationError) as err:
            save_criteria(session, criteria=useless)
        assert err.value.issues[0].field == "Критерии подбора"
    assert load_criteria(session) == Criteria()
