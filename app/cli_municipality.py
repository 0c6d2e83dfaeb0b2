"""The ``municipality`` command group (the education department's database) and the school's ``setup apply``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID = 0, 2


def add_parsers(sub) -> None:  # noqa: ANN001 - argparse subparsers action
    """Register ``municipality …`` and ``setup apply`` under ``sub``."""
    json_flag = dict(action="store_true", default=argparse.SUPPRESS, help="вывод в JSON для программ")
    mun = sub.add_parser("municipality", help="режим управления образования: реестр школ, пакеты, свод")
    cmds = mun.add_subparsers(dest="municipality_command", metavar="ДЕЙСТВИЕ", required=True)

    init = cmds.add_parser("init", help="создать управление образования в базе (и пару ключей)")
    init.add_argument("--name", required=True, help="наименование управления образования")
    init.add_argument("--region", default="", help="регион")
    init.add_argument("--specialist", default="", help="ответственный специалист")
    init.add_argument("--json", **json_flag)

    schools = cmds.add_parser("schools", help="реестр организаций")
    scmds = schools.add_subparsers(dest="schools_command", metavar="ДЕЙСТВИЕ", required=True)
    add = scmds.add_parser("add", help="добавить организацию")
    add.add_argument("--code", required=True)
    add.add_argument("--name", required=True, help="полное наименование")
    add.add_argument("--short", default="", help="краткое наименование")
    add.add_argument("--kind", default="школа", help="школа, колледж или «организация ДО»")
    add.add_argument("--contact", default="")
    add.add_argument("--json", **json_flag)
    imp = scmds.add_parser("import", help="загрузить реестр из xlsx (Код | Полное наименование | …)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--json", **json_flag)
    lst = scmds.add_parser("list", help="список организаций")
    lst.add_argument("--include-archived", action="store_true")
    lst.add_argument("--json", **json_flag)

    setup = cmds.add_parser("setup-file", help="файл настройки для школы (код, ключ, календарь)")
    setup.add_argument("--school", required=True, help="код организации")
    setup.add_argument("--out", type=Path, required=True, help="файл настройки (.mdsetup)")
    setup.add_argument("--json", **json_flag)

    keys = cmds.add_parser("keys", help="ключи шифрования пакетов")
    kcmds = keys.add_subparsers(dest="keys_command", metavar="ДЕЙСТВИЕ", required=True)
    export = kcmds.add_parser("export", help="выгрузить ключ в файл")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--private", type=Path, help="файл закрытого ключа (для хранения в надёжном месте)")
    which.add_argument("--public", type=Path, help="файл открытого ключа")
    export.add_argument("--json", **json_flag)

    load = cmds.add_parser("import", help="загрузить пакеты школ (файлы или папки)")
    load.add_argument("paths", type=Path, nargs="+", metavar="FILE_OR_DIR")
    load.add_argument("--json", **json_flag)

    report = cmds.add_parser("report", help="сводный отчёт за квартал в xlsx")
    report.add_argument("--quarter", required=True, help="квартал ГГГГ-Qn, например 2026-Q4")
    report.add_argument("--out", type=Path, required=True, help="файл xlsx")
    report.add_argument("--json", **json_flag)

    school_setup = sub.add_parser("setup", help="настройка школы файлом управления образования")
    setup_cmds = school_setup.add_subparsers(dest="setup_command", metavar="ДЕЙСТВИЕ", required=True)
    apply = setup_cmds.add_parser("apply", help="применить файл настройки (код, ключ, календарь)")
    apply.add_argument("file", type=Path)
    apply.add_argument("--json", **json_flag)


def _open(path: Path, *, create: bool = False):  # noqa: ANN202 - Database
    """Open the database. A missing file is created (as a municipality database) only with ``create`` (``init``);
    any other command refuses it and leaves no file behind."""
    from app.database import open_database
    from app.errors import AppError
    from app.services.mode import set_mode

    existed = Path(path).exists()
    if not existed and not create:
        raise AppError(f"Файл базы «{path}» не найден — создайте базу управления образования: "
                       f"mentordesk --db {_quoted(path)} municipality init --name …")
    db = open_database(path)
    if not existed:
        with db.session() as session:
            set_mode(session, mode="municipality")
    return db


def _quoted(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def _remove_new(path: Path) -> None:
    """Delete a database file this command created (and SQLite's side files) after the command failed."""
    for name in (str(path), f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        Path(name).unlink(missing_ok=True)


def run(args: argparse.Namespace, *, db_path, emit) -> int:  # noqa: ANN001 - callables from app.cli
    """Dispatch a ``municipality`` subcommand; AppError propagates to app.cli (exit 2)."""
    command = args.municipality_command
    if command == "schools":
        command = f"schools-{args.schools_command}"
    handler = {"init": _init, "schools-add": _schools_add, "schools-import": _schools_import,
               "schools-list": _schools_list, "setup-file": _setup_file, "keys": _keys_export,
               "import": _import, "report": _report}[command]
    return handler(args, db_path(args), emit)


def _with_session(path: Path, work, *, create: bool = False):  # noqa: ANN001, ANN202
    existed = Path(path).exists()
    db = None
    try:
        db = _open(path, create=create)
        with db.session() as session:
            return work(session)
    except BaseException:
        if not existed and Path(path).exists():
            if db is not None:
                db.close()
                db = None
            _remove_new(path)  # never leave an empty database behind a failed ``init``
        raise
    finally:
        if db is not None:
            db.close()


def _init(args, path, emit) -> int:  # noqa: ANN001
    from app.errors import Issue, ValidationError
    from app.municipality.register import init_municipality

    if not args.name.strip():
        raise ValidationError([Issue("обязательное поле", field="--name")])
    profile = _with_session(path, lambda s: init_municipality(s, name=args.name, region=args.region,
                                                              specialist=args.specialist), create=True)
    emit(args, f"Управление образования «{profile.name}» создано в базе {path}; ключ шифрования {profile.key_id}",
         {"name": profile.name, "region": profile.region, "key_id": profile.key_id, "db": str(path)})
    return EXIT_OK


def _schools_add(args, path, emit) -> int:  # noqa: ANN001
    from app.municipality.register import add_school

    entry = _with_session(path, lambda s: add_school(s, code=args.code, full_name=args.name, short_name=args.short,
                                                     kind=args.kind, contact=args.contact))
    emit(args, f"Организация добавлена: {entry.code} «{entry.short_name or entry.full_name}» ({entry.kind})",
         _school_json(entry))
    return EXIT_OK


def _school_json(entry) -> dict:  # noqa: ANN001
    return {"id": entry.id, "code": entry.code, "full_name": entry.full_name, "short_name": entry.short_name,
            "kind": entry.kind, "contact": entry.contact, "archived": entry.archived}


def _schools_import(args, path, emit) -> int:  # noqa: ANN001
    from app.errors import AppError
    from app.municipality.schools_xlsx import import_schools

    if not args.file.is_file():
        raise AppError(f"Файл «{args.file}» не найден")
    count = _with_session(path, lambda s: import_schools(s, path=args.file))
    emit(args, f"Загружено организаций: {count}", {"added": count, "file": str(args.file)})
    return EXIT_OK


def _schools_list(args, path, emit) -> int:  # noqa: ANN001
    from app.municipality.register import list_schools, require_municipality

    def work(session):  # noqa: ANN001, ANN202
        require_municipality(session)
        return list_schools(session, include_archived=args.include_archived)

    rows = _with_session(path, work)
    lines = [f"{r.code}\t{r.short_name or r.full_name}\t{r.kind}" + ("\t(архив)" if r.archived else "")
             for r in rows]
    lines.append(f"Организаций: {len(rows)}")
    emit(args, "\n".join(lines), {"schools": [_school_json(r) for r in rows]})
    return EXIT_OK


def _setup_file(args, path, emit) -> int:  # noqa: ANN001
    from app.errors import AppError
    from app.municipality.setup_file import write_setup_file

    if not args.out.parent.is_dir():
        raise AppError(f"Папка «{args.out.parent}» не найдена — файл настройки не записан")
    out = _with_session(path, lambda s: write_setup_file(s, school_code=args.school, path=args.out))
    emit(args, f"Файл настройки для организации «{args.school}» записан: {out}. Передайте его школе: "
               "«mentordesk setup apply ФАЙЛ» или «Файл → Загрузить файл настройки от управления образования…»",
         {"file": str(out), "school": args.school})
    return EXIT_OK


def _keys_export(args, path, emit) -> int:  # noqa: ANN001
    from app.errors import AppError
    from app.municipality.register import export_private_key, export_public_key, get_profile

    target = args.private or args.public
    if not target.parent.is_dir():
        raise AppError(f"Папка «{target.parent}» не найдена — ключ не записан")

    def work(session):  # noqa: ANN001, ANN202
        if args.private:
            export_private_key(session, path=target)
        else:
            export_public_key(session, path=target)
        return get_profile(session)

    profile = _with_session(path, work)
    if args.private:
        print("Внимание: закрытый ключ расшифровывает пакеты всех школ. Храните файл в надёжном месте "
              "и не передавайте его школам — им нужен только открытый ключ.", file=sys.stderr)
    kind = "закрытый" if args.private else "открытый"
    emit(args, f"Ключ ({kind}) записан: {target}; идентификатор {profile.key_id}",
         {"file": str(target), "kind": "private" if args.private else "public", "key_id": profile.key_id})
    return EXIT_OK


def _import(args, path, emit) -> int:  # noqa: ANN001
    from app.errors import AppError
    from app.municipality.importer import import_paths
    from app.municipality.register import require_municipality

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        raise AppError("Не найдено: " + ", ".join(f"«{p}»" for p in missing) + " — пакеты не загружены")

    def work(session):  # noqa: ANN001, ANN202
        require_municipality(session)
        return import_paths(session, paths=list(args.paths))

    summary = _with_session(path, work)

    def items(rows) -> list[dict]:  # noqa: ANN001
        return [{"file": str(r.path), "school": r.school_code, "period": r.period, "reason": r.reason,
                 "warnings": list(r.warnings)} for r in rows]

    payload = {"accepted": items(summary.new), "replaced": items(summary.replaced),
               "historical": items(summary.historical), "unchanged": items(summary.unchanged),
               "rejected": items(summary.rejected), "skipped": items(summary.skipped)}
    # the per-file summary goes to stdout; each rejection reason once, to stderr (exit 2), as other commands do
    emit(args, "\n".join(summary.lines(rejections=False)), payload)
    for line in summary.rejection_lines():
        print(line, file=sys.stderr)
    return EXIT_INVALID if summary.rejected else EXIT_OK


def _report(args, path, emit) -> int:  # noqa: ANN001
    from app.errors import AppError, Issue, ValidationError
    from app.municipality.register import require_municipality
    from app.municipality.report_xlsx import write_report_xlsx
    from app.periods import parse_period

    try:
        period = parse_period(args.quarter)
    except ValidationError:
        period = None
    if period is None or period.kind != "quarter":
        raise ValidationError([Issue(f"«{args.quarter}» — ожидается квартал ГГГГ-Qn, например 2026-Q4",
                                     field="--quarter")])
    if not args.out.parent.is_dir():
        raise AppError(f"Папка «{args.out.parent}» не найдена — отчёт не записан")

    def work(session):  # noqa: ANN001, ANN202
        require_municipality(session)
        return write_report_xlsx(session, period=period, path=args.out)

    out = _with_session(path, work)
    emit(args, f"Сводный отчёт за {period.title} записан: {out}", {"file": str(out), "period": period.code})
    return EXIT_OK


def run_setup(args: argparse.Namespace, *, db_path, emit) -> int:  # noqa: ANN001
    """``setup apply FILE`` in a school database; the key goes to ``keys/<database file stem>/`` beside it."""
    from app.database import open_database
    from app.municipality.setup_file import apply_setup_file, read_setup_file
    from app.text import format_date

    read_setup_file(path=args.file)  # a bad file: nothing is created or written
    path = Path(db_path(args)).resolve()
    db = open_database(path)
    try:
        with db.session() as session:
            setup = apply_setup_file(session, path=args.file, key_folder=path.parent / "keys" / path.stem)
    finally:
        db.close()
    key_path = path.parent / "keys" / path.stem / "municipality.pub"  # one key folder per database
    lines = [f"Файл настройки применён: {setup.school_code} «{setup.school_short_name or setup.school_full_name}», "
             f"управление образования «{setup.municipality_name}»",
             f"Ключ шифрования пакетов: {key_path} ({setup.key_id})"]
    lines += [f"Срок сдачи за {code}: {format_date(day)}" for code, day in setup.calendar]
    emit(args, "\n".join(lines), {"school": setup.school_code, "municipality": setup.municipality_name,
                                  "key_path": str(key_path), "key_id": setup.key_id,
                                  "calendar": {code: day.isoformat() for code, day in setup.calendar}})
    return EXIT_OK
