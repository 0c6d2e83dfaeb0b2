"""Russian texts for argparse's own messages («usage:», «invalid choice»…), installed before parsing."""

from __future__ import annotations

import argparse

RUSSIAN: dict[str, str] = {
    "usage: ": "использование: ",
    "positional arguments": "аргументы",
    "options": "параметры",
    "optional arguments": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "show program's version number and exit": "показать версию программы и выйти",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "недопустимое значение %(value)r (возможны: %(choices)s)",
    "invalid %(type)s value: %(value)r": "недопустимое значение %(value)r",
    "the following arguments are required: %s": "не указаны обязательные аргументы: %s",
    "unrecognized arguments: %s": "неизвестные аргументы: %s",
    "expected one argument": "нужно указать одно значение",
    "expected at least one argument": "нужно указать хотя бы одно значение",
    "expected at most one argument": "можно указать не больше одного значения",
    "not allowed with argument %s": "нельзя указывать вместе с %s",
    "one of the arguments %s is required": "нужно указать один из аргументов: %s",
    "ambiguous option: %(option)s could match %(matches)s": "неоднозначный параметр %(option)s: подходят %(matches)s",
    "ignored explicit argument %r": "лишнее значение %r",
    "can't open '%(filename)s': %(error)s": "не удалось открыть «%(filename)s»: %(error)s",
    "unexpected option string: %s": "неожиданный параметр: %s",
}
_PLURAL: dict[str, tuple[str, str, str]] = {
    "expected %s argument": ("нужно указать %s значение", "нужно указать %s значения", "нужно указать %s значений"),
}


def _translate(message: str) -> str:
    return RUSSIAN.get(message, message)


def _ntranslate(singular: str, plural_form: str, n: int) -> str:
    forms = _PLURAL.get(singular)
    if forms is None:
        return singular if n == 1 else plural_form
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    return forms[1] if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else forms[2]


def install() -> None:
    """Make argparse speak Russian (it looks ``_``/``ngettext`` up in its module at call time)."""
    argparse._ = _translate  # type: ignore[attr-defined]
    argparse.ngettext = _ntranslate  # type: ignore[attr-defined]
