"""Builders of valid DTOs for tests; override any field by keyword."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from app.schemas import ConsentData, MenteeData, MentorData, SchoolData


def school(**overrides) -> SchoolData:
    base = SchoolData(full_name="Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»",
                      short_name="МБОУ СШ № 1", municipality="Лукояновский муниципальный округ", code="52-001",
                      director_name="Петрова Анна Сергеевна", director_position="Директор",
                      curator_name="Смирнова Ольга Ивановна", curator_contact="+7 900 000-00-00",
                      regulation_number="41", regulation_date=dt.date(2026, 9, 1), academic_year="2026/2027")
    return replace(base, **overrides)


def mentee(**overrides) -> MenteeData:
    base = MenteeData(last_name="Иванов", first_name="Пётр", middle_name="Сергеевич",
                      birth_date=dt.date(2012, 3, 14), category="обучающийся", group_name="8А",
                      requests=("математика", "ОГЭ"), entry_date=dt.date(2026, 9, 15),
                      consents=(ConsentData(kind="processing", signer="representative",
                                            representative_name="Иванова Мария Павловна",
                                            signed_on=dt.date(2026, 9, 10)),))
    return replace(base, **overrides)


def mentor(**overrides) -> MentorData:
    base = MentorData(last_name="Ёлкина", first_name="Светлана", middle_name="Викторовна", birth_year=1980,
                      category="педагог", group_name="учитель математики", workplace="МБОУ СШ № 1",
                      experience_years=20, competencies=("математика", "ОГЭ"), capacity=3, status="active",
                      training_date=dt.date(2026, 10, 1), training_document="Сертификат № 12")
    return replace(base, **overrides)
