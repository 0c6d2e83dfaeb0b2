"""The ``package`` subcommands: export a quarter's package, verify a package, generate a key pair."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0


def add_parser(sub) -> None:  # noqa: ANN001 - argparse subparsers action
    """Register ``package export|verify|keygen`` under ``sub``."""
    package = sub.add_parser("package", help="пакет мониторинга за квартал для управления образования")
    commands = package.add_subparsers(dest="package_command", metavar="ДЕЙСТВИЕ", required=True)
    json_flag = dict(action="store_true", default=argparse.SUPPRESS, help="вывод в JSON для программ")

    export = commands.add_parser("export", help="сформировать пакет за квартал и записать в папку")
    export.add_argument("--quarter", required=True, help="квартал ГГГГ-Qn, например 2026-Q4")
    export.add_argument("--out", type=Path, required=True, help="папка (например, флеш-накопитель)")
    export.add_argument("--force", action="store_true", help="выгрузить несмотря на ошибки проверки квартала")
    export.add_argument("--json", **json_flag)

    verify = commands.add_parser("verify", help="проверить пакет (целостность, формат, схему)")
    verify.add_argument("file", type=Path)
    verify.add_argument("--key", type=Path, help="закрытый ключ: проверить и содержимое зашифрованного пакета")
    verify.add_argument("--json", **json_flag)

    keygen = commands.add_parser("keygen", help="создать пару ключей X25519 для шифрования пакетов")
    keygen.add_argument("--private", type=Path, required=True, help="файл закрытого ключа (хранить у себя)")
    keygen.add_argument("--public", type=Path, required=True, help="файл открытого ключа (передать школам)")
    keygen.add_argument("--label", default="", help="подпись ключа, например название управления")
    keygen.add_argument("--json", **json_flag)


def run(args: argparse.Namespace, *, db_path, emit) -> int:  # noqa: ANN001 - callables from app.cli
    """Dispatch a ``package`` subcommand; AppError propagates to app.cli (exit 2)."""
    return {"export": _export, "verify": _verify, "keygen": _keygen}[args.package_command](args, db_path, emit)


def _export(args: argparse.Namespace, db_path, emit) -> int:  # noqa: ANN001
    from app.database import open_database
    from app.errors import AppError, Issue, ValidationError
    from app.package import write_package
    from app.periods import parse_period

    import datetime as dt

    try:
        period = parse_period(args.quarter)
    except ValidationError:
        period = None
    if period is None or period.kind != "quarter":
        raise ValidationError([Issue(f"«{args.quarter}» — пакет формируется за квартал: ГГГГ-Qn, например 2026-Q4",
                                     field="--quarter")])
    if period.start > dt.date.today():
        raise ValidationError([Issue(f"{period.title} ещё не начался — выгружать нечего", field="--quarter")])
    if not args.out.is_dir():
        raise AppError(f"Папка «{args.out}» не найдена — пакет не записан")
    db = open_database(db_path(args))
    try:
        with db.session() as session:
            for item in _check(session, period):
                label = "Ошибка проверки" if item.severity == "error" else "Предупреждение"
                print(f"{label}: {item.message}", file=sys.stderr)
                if item.severity == "error" and not args.force:
                    raise AppError("Квартал не готов к выгрузке: исправьте ошибки проверки "
                                   "(или повторите с --force)")
            result = write_package(session, period=period, folder=args.out)
    finally:
        db.close()
    for warning in result.warnings:
        print(f"Предупреждение: {warning}", file=sys.stderr)
    state = "зашифрован" if result.encrypted else "НЕ зашифрован"
    emit(args, f"Пакет записан и проверен: {result.path}\nSHA-256: {result.sha256}\nРазмер: {result.size} байт; "
               f"{state}; персональные данные: {'есть' if result.personal_data else 'нет'}",
         {"file": str(result.path), "sha256": result.sha256, "size": result.size, "encrypted": result.encrypted,
          "personal_data": result.personal_data, "counts": result.counts, "warnings": list(result.warnings)})
    return EXIT_OK


def _check(session, period) -> list:  # noqa: ANN001
    try:
        from app.quarter_check import check_quarter
    except ImportError:
        return []
    items = list(check_quarter(session, period=period))
    return sorted(items, key=lambda i: i.severity != "warning")  # warnings printed before a blocking error


def _verify(args: argparse.Namespace, db_path, emit) -> int:  # noqa: ANN001
    from app.package import verify_package

    info = verify_package(path=args.file, private_key_path=args.key)
    if info.content_verified:
        m = info.manifest or {}
        text = (f"Пакет в порядке: {info.path.name}\nШкола: {m['school']['code']} «{m['school']['name']}»; "
                f"период {m['period']['code']}; формат {m['format_version']}; "
                f"{'зашифрован' if info.encrypted else 'не зашифрован'}\nSHA-256: {info.sha256}")
    else:
        text = (f"Конверт пакета в порядке: {info.path.name} (зашифрован для ключа {info.key_id}); "
                f"содержимое можно проверить с закрытым ключом (--key)\nSHA-256: {info.sha256}")
    emit(args, text, {"file": str(info.path), "valid": True, "sha256": info.sha256, "size": info.size,
                      "encrypted": info.encrypted, "content_verified": info.content_verified, "key_id": info.key_id,
                      "school": info.school_code or None, "period": info.period or None,
                      "counts": (info.manifest or {}).get("counts")})
    return EXIT_OK


def _keygen(args: argparse.Namespace, db_path, emit) -> int:  # noqa: ANN001
    from app.errors import AppError
    from app.package import generate_keypair

    for path in (args.private, args.public):
        if path.exists():
            raise AppError(f"Файл «{path}» уже существует — ключ не перезаписан")
    kid = generate_keypair(private_path=args.private, public_path=args.public, label=args.label)
    emit(args, f"Ключи созданы: закрытый {args.private} (храните у себя), открытый {args.public} "
               f"(передайте школам); идентификатор {kid}",
         {"private": str(args.private), "public": str(args.public), "key_id": kid})
    return EXIT_OK
