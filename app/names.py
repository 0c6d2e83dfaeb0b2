"""Russian personal names in documents: «И.О. Фамилия» and the accusative/dative short form."""

from __future__ import annotations

from app.text import clean


def initials_last(name: str) -> str:
    """«Кузнецова Наталья Викторовна» → «Н.В. Кузнецова» (signature form)."""
    parts = clean(name).split(" ")
    if len(parts) < 2:
        return clean(name)
    return f"{''.join(p[0] + '.' for p in parts[1:3])} {parts[0]}"


def _decline_surname(surname: str, *, female: bool, case: str) -> str:
    """Accusative ("acc") or dative ("dat") of a Russian surname; indeclinable ones stay as they are."""
    if female:
        for end in ("ова", "ева", "ёва", "ина", "ына"):
            if surname.endswith(end):
                return surname[:-1] + ("у" if case == "acc" else "ой")
        if surname.endswith("ая"):
            return surname[:-2] + ("ую" if case == "acc" else "ой")
        return surname
    if surname.endswith(("ий", "ый", "ой")):
        return surname[:-2] + ("ого" if case == "acc" else "ому")
    if surname and surname[-1].lower() in "бвгджзклмнпрстфхцчшщ":
        return surname + ("а" if case == "acc" else "у")
    return surname


def declined_short(name: str, *, case: str) -> str:
    """«Морозова Елена Александровна» → «Морозову Е.А.» (acc) / «Морозовой Е.А.» (dat)."""
    parts = clean(name).split(" ")
    if not parts or not parts[0]:
        return ""
    middle = parts[2] if len(parts) > 2 else ""
    female = middle.endswith("на") if middle else (len(parts) > 1 and parts[1].endswith(("а", "я")))
    surname = _decline_surname(parts[0], female=female, case=case)
    initials = "".join(p[0] + "." for p in parts[1:3])
    return f"{surname} {initials}".strip()
