"""Column names of the mentee and mentor bases: recognition of headers and the export layout."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from app.errors import Issue
from app.xlsx_values import is_empty, normalize_header, single_line

# Field keys used by the importer.  Beyond the DTO field names:
#   "full_name"  — one ФИО cell, split into last/first/middle;
#   "birth"      — a birth date or a bare year;
#   "desired_age", "training" — parsed into two DTO fields each;
#   IGNORE       — known and deliberately not read («№ п/п»);
#   PAIRING      — a column of the pairing, formed in the application;
#   CONSENTS     — the export's «Согласия» column (consents are not imported).
IGNORE = "_ignore"
PAIRING = "_pairing"
CONSENTS = "_consents"

HEADER_SCAN_ROWS = 30  # the header may sit below title rows, within this many rows


@dataclass(frozen=True)
class Alias:
    key: str  # normalized header text
    field: str
    prefix: bool = False  # also matches headers that start with ``key``


def _a(text: str, field: str, prefix: bool = False) -> Alias:
    return Alias(normalize_header(text), field, prefix)


_COMMON = [
    _a("№ п/п", IGNORE), _a("№", IGNORE), _a("N", IGNORE), _a("п/п", IGNORE), _a("Номер", IGNORE),
    _a("ФИО", "full_name"), _a("Фамилия Имя Отчество", "full_name"), _a("Фамилия, имя, отчество", "full_name"),
    _a("Фамилия", "last_name"), _a("Имя", "first_name"), _a("Отчество", "middle_name"),
    _a("Дата рождения", "birth", True), _a("Год рождения", "birth", True), _a("Дата (год) рождения", "birth", True),
    _a("Класс", "group_name"), _a("Класс/группа", "group_name"), _a("Группа", "group_name"),
    _a("Должность", "group_name"), _a("Класс/должность", "group_name"), _a("Должность/класс", "group_name"),
    _a("Класс (группа)", "group_name"), _a("Класс, должность", "group_name"),
    _a("Категория", "category", True),
    _a("Контактные данные", "contacts", True), _a("Контакты", "contacts", True), _a("Телефон", "contacts", True),
    _a("Дата вхождения в программу", "entry_date", True), _a("Дата вхождения", "entry_date", True),
    _a("Дата включения в программу", "entry_date", True),
    _a("Результаты программы", "results", True), _a("Результат", "results", True),
    _a("Статус", "status", True),
    _a("Примечание", "notes", True), _a("Примечания", "notes", True), _a("Комментарий", "notes", True),
    _a("Педагогический стаж", "experience_years", True), _a("Стаж", "experience_years", True),
    _a("Согласия", CONSENTS, True),
    _a("Форма наставничества", PAIRING, True), _a("Место реализации программы", PAIRING, True),
    _a("Ролевая модель", PAIRING, True), _a("Наставническая пара", PAIRING, True),
]

_MENTEE = [
    _a("ФИО наставляемого", "full_name", True), _a("ФИО обучающегося", "full_name"), _a("ФИО ученика", "full_name"),
    _a("Год рождения наставляемого", "birth"),
    _a("Законный представитель", "representative", True), _a("Родитель", "representative", True),
    _a("ФИО законного представителя", "representative", True),
    _a("Основной запрос", "requests", True), _a("Запросы", "requests"), _a("Запрос", "requests"),
    _a("Запрос (подробно)", "request_text"),
    _a("Дата завершения программы", "exit_date", True), _a("Дата завершения", "exit_date", True),
    _a("Дата выхода из программы", "exit_date", True),
    _a("Ссылка на кейс", "case_url", True), _a("Ссылка на отзыв", "case_url", True),
    _a("ФИО наставника", PAIRING, True), _a("Наставник", PAIRING), _a("Место работы/учебы наставника", PAIRING, True),
]

_MENTOR = [
    _a("ФИО наставника", "full_name", True), _a("Год рождения наставника", "birth"),
    _a("Место работы/учебы наставника", "workplace", True), _a("Место работы/учебы", "workplace"),
    _a("Место работы", "workplace"), _a("Место учебы", "workplace"), _a("Организация", "workplace"),
    _a("Основные компетенции", "competencies", True), _a("Компетенции", "competencies", True),
    _a("Важные для программы достижения", "achievements", True), _a("Достижения", "achievements", True),
    _a("Интересы", "interests", True),
    _a("Желаемый возраст наставляемых", "desired_age", True), _a("Желаемый возраст", "desired_age", True),
    _a("Возраст наставляемых", "desired_age", True),
    _a("Количество наставляемых", "capacity", True), _a("Емкость", "capacity", True),
    _a("Наставляемых одновременно", "capacity", True),
    _a("Отметка о прохождении обучения", "training", True), _a("Обучение", "training", True),
    _a("Организация-партнер", "partner_name", True), _a("Организация партнер", "partner_name", True),
    _a("Партнер", "partner_name", True),
    _a("Ссылка на фото", "photo_url", True), _a("Фото", "photo_url", True),
    _a("Ссылки на кейсы", "case_url", True), _a("Ссылка на кейс", "case_url", True),
    _a("Ссылка на отзыв", "case_url", True),
    _a("ФИО наставляемого", PAIRING, True), _a("Наставляемые", PAIRING), _a("Наставляемый", PAIRING),
    _a("Место работы/учебы наставляемого", PAIRING, True), _a("Срок осуществления программы", PAIRING, True),
]

_ALIASES = {"mentees": _COMMON + _MENTEE, "mentors": _COMMON + _MENTOR}
KINDS = tuple(_ALIASES)
KIND_TITLES = {"mentees": "наставляемых", "mentors": "наставников"}


def _tables(kind: str) -> tuple[dict[str, str], list[Alias]]:
    exact: dict[str, str] = {}
    for alias in _ALIASES[kind]:
        exact[alias.key] = alias.field  # kind-specific entries come last and win
    prefixes = sorted((a for a in _ALIASES[kind] if a.prefix), key=lambda a: -len(a.key))
    return exact, prefixes


_CACHE = {kind: _tables(kind) for kind in _ALIASES}


def field_for(kind: str, header: object) -> str | None:
    """The field a header names in a base of ``kind``; None when unknown."""
    key = normalize_header(header)
    if not key:
        return None
    exact, prefixes = _CACHE[kind]
    if key in exact:
        return exact[key]
    for alias in prefixes:  # longest first, so «ФИО наставника…» beats «ФИО»
        if key.startswith(alias.key):
            return alias.field
    return None


def header_score(kind: str, cells: list[object]) -> tuple[int, bool]:
    """How much a row looks like the header: (distinct known fields, has a name column)."""
    found = {field_for(kind, c) for c in cells if isinstance(c, str)}
    found.discard(None)
    has_name = bool(found & {"full_name", "last_name"})
    return len(found), has_name


# -- the header row of a file ---------------------------------------------------

@dataclass
class ColumnMap:
    by_field: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    unknown: list[str] = field(default_factory=list)
    pairing: list[tuple[int, str]] = field(default_factory=list)
    consents: list[tuple[int, str]] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        cols = self.by_field.get(name)
        return cols[0][1] if cols else None

    def data_indices(self) -> list[int]:
        return sorted({i for cols in self.by_field.values() for i, _ in cols})


def find_header(kind: str, rows: list[tuple]) -> int | None:
    best_index, best = None, (False, 0)
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        count, has_name = header_score(kind, list(row))
        if (has_name, count) > best:
            best_index, best = index, (has_name, count)
    return best_index if best[0] else None


def map_columns(kind: str, header: tuple) -> ColumnMap:
    cols = ColumnMap()
    for index, raw in enumerate(header):
        title = single_line(raw)
        if not title:
            continue
        name = field_for(kind, title)
        if name is None:
            cols.unknown.append(title)
        elif name == PAIRING:
            cols.pairing.append((index, title))
        elif name == CONSENTS:
            cols.consents.append((index, title))
        elif name != IGNORE:
            cols.by_field[name].append((index, title))
    if cols.by_field.get("last_name"):  # separate name columns win over a single ФИО cell
        cols.by_field.pop("full_name", None)
    return cols


def _has_data(rows: list[tuple], cols: list[tuple[int, str]]) -> list[str]:
    used = [title for index, title in cols
            if any(index < len(r) and not is_empty(r[index]) for r in rows)]
    return list(dict.fromkeys(used))


def column_issues(kind: str, cols: ColumnMap, body: list[tuple]) -> list[Issue]:
    issues = []
    if cols.unknown:
        names = ", ".join(f"«{t}»" for t in dict.fromkeys(cols.unknown))
        text = (f"столбцы {names} не распознаны и не будут загружены" if len(set(cols.unknown)) > 1
                else f"столбец {names} не распознан и не будет загружен")
        issues.append(Issue(text, severity="warning"))
    pairing = _has_data(body, cols.pairing)
    if pairing:
        names = ", ".join(f"«{t}»" for t in pairing)
        verb = "не загружаются" if len(pairing) > 1 else "не загружается"
        issues.append(Issue(f"{'столбцы' if len(pairing) > 1 else 'столбец'} {names} {verb}: "
                            "пары и группы формируются в программе",
                            severity="warning"))
    if _has_data(body, cols.consents):
        issues.append(Issue("согласия не загружаются из файла: отметьте их в карточках (нужна дата подписания)",
                            field=cols.consents[0][1], severity="warning"))
    return issues


# -- export layout (domain.md §3, plus useful extra columns at the end) --------

MENTEE_EXPORT = (
    "№ п/п",
    "ФИО наставляемого",
    "Контактные данные для связи (или контакты его законных представителей)",
    "Год рождения наставляемого",
    "Основной запрос наставляемого",
    "Дата вхождения в программу",
    "ФИО наставника",
    "Место работы/учёбы наставника",
    "Форма наставничества",
    "Место реализации программы наставничества",
    "Дата завершения программы",
    "Результаты программы",
    "Ссылка на кейс/отзыв наставляемого, размещённый на сайте организации",
    # extra columns
    "Категория",
    "Класс/должность",
    "Статус",
    "Законный представитель",
    "Педагогический стаж",
    "Запрос (подробно)",
    "Примечание",
    "Согласия",
)

MENTOR_EXPORT = (
    "№ п/п",
    "ФИО наставника",
    "Место работы/учёбы наставника",
    "Контактные данные для связи",
    "Год рождения наставника",
    "Основные компетенции наставника",
    "Важные для программы достижения наставника",
    "Интересы наставника",
    "Желаемый возраст наставляемых",
    "Дата вхождения в программу",
    "ФИО наставляемого (наставляемых)",
    "Место работы/учёбы наставляемого",
    "Форма наставничества",
    "Место реализации программы",
    "Срок осуществления программы наставничества",
    "Результаты программы",
    "Ссылки на кейсы/отзывы о наставнике, размещённые на сайте организации",
    "Ссылка на фото наставника с его согласия (при наличии)",
    "Отметка о прохождении обучения",
    # extra columns
    "Категория",
    "Должность/класс",
    "Статус",
    "Количество наставляемых",
    "Организация-партнёр",
    "Педагогический стаж",
    "Примечание",
    "Согласия",
)
