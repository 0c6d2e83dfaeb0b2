"""Command-line front (design.md §4): argparse, exit codes 0/1/2, Russian messages."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__
from app.errors import AppError

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2
GuiEntry = Callable[[Path | None], int]


def build_parser() -> argparse.ArgumentParser:
    from app.cli_text import install

    install()
    parser = argparse.ArgumentParser(prog="mentordesk", description="MentorDesk — АРМ куратора наставничества")
    parser.add_argument("--version", action="version", version=f"MentorDesk {__version__}",
                        help="показать версию программы и выйти")
    parser.add_argument("--db", type=Path, help="файл базы данных (или переменная MENTORDESK_DB)")
    parser.add_argument("--json", action="store_true", help="вывод в JSON для программ")
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА")

    demo = sub.add_parser("demo", help="заполнить базу демонстрационными данными")
    demo.add_argument("--mentees", type=int, default=300, metavar="N", help="сколько наставляемых (по умолчанию 300)")
    demo.add_argument("--mentors", type=int, default=None, metavar="N",
                      help="сколько наставников (по умолчанию — пропорционально наставляемым)")
    demo.add_argument("--seed", type=int, default=1, metavar="N",
                      help="начальное число генератора: одно и то же даёт одни и те же данные")

    imp = sub.add_parser("import", help="загрузить базу наставляемых или наставников из xlsx/csv")
    imp.add_argument("kind", choices=("mentees", "mentors"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="только проверить, ничего не записывать")
    dup = imp.add_mutually_exclusive_group()
    dup.add_argument("--skip-duplicates", dest="skip_duplicates", action="store_true", default=True,
                     help="пропустить найденные дубликаты (по умолчанию, как в окне программы)")
    dup.add_argument("--keep-duplicates", dest="skip_duplicates", action="store_false",
                     help="загрузить и возможные дубликаты")

    exp = sub.add_parser("export", help="выгрузить базу в xlsx")
    exp.add_argument("kind", choices=("mentees", "mentors", "pairs", "meetings", "surveys", "roadmap"))
    exp.add_argument("file", type=Path)
    exp.add_argument("--include-archived", action="store_true",
                     help="mentees, mentors: выгрузить и архивных (выбывших) — по умолчанию только действующих")
    exp.add_argument("--year", help="roadmap: учебный год ГГГГ/ГГГГ (по умолчанию текущий учебный год школы)")

    order = sub.add_parser("order", help="приказ об утверждении пар (групп) в PDF; регистрирует приказ")
    order.add_argument("--pairs", help="номера пар (групп) через запятую; по умолчанию все неутверждённые")
    order.add_argument("--out", type=Path, required=True, help="файл PDF")
    order.add_argument("--number", help="номер приказа (по умолчанию следующий по реестру)")
    order.add_argument("--date", help="дата приказа ДД.ММ.ГГГГ (по умолчанию сегодня)")

    match = sub.add_parser("match", help="предложить наставников всем, у кого нет пары")
    match.add_argument("--mode", choices=("best", "cover"), default="best",
                       help="best — лучшее совпадение, cover — никого не оставить без наставника")
    match.add_argument("--apply", action="store_true", help="сохранить предложения как черновики пар")

    bak = sub.add_parser("backup", help="резервная копия базы")
    bak.add_argument("--out", type=Path, required=True)

    res = sub.add_parser("restore", help="восстановить базу из резервной копии")
    res.add_argument("file", type=Path)

    from app.cli_package import add_parser as add_package_parser

    add_package_parser(sub)
    from app.cli_municipality import add_parsers as add_municipality_parsers

    add_municipality_parsers(sub)
    return parser


def _db_path(args: argparse.Namespace) -> Path:
    from app.paths import default_db_path

    return args.db if args.db else default_db_path()


def _emit(args: argparse.Namespace, text: str, payload: dict) -> None:
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, default=str))
    else:
        print(text)


def _cmd_demo(args: argparse.Namespace) -> int:
    from app.database import open_database
    from app.demo import fill_demo

    db = open_database(_db_path(args))
    try:
        with db.session() as session:
            result = fill_demo(session, mentees=args.mentees, mentors=args.mentors, seed=args.seed)
    finally:
        db.close()
    _emit(args, f"Демонстрационные данные: наставляемых {result.mentees}, наставников {result.mentors}, "
                f"встреч {result.meetings}, анкет {result.responses}.",
          {"mentees": result.mentees, "mentors": result.mentors, "meetings": result.meetings,
           "responses": result.responses})
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from app.database import open_database
    from app.xlsx_import import commit_import, read_preview

    if not args.file.is_file():
        raise AppError(f"Файл «{args.file}» не найден")
    db = open_database(_db_path(args))
    try:
        with db.session() as session:
            preview = read_preview(session=session, kind=args.kind, path=args.file)
            for issue in preview.warnings():
                print(f"Предупреждение: {issue.describe()}", file=sys.stderr)
            preview.raise_for_errors()
            if args.dry_run:
                _emit(args, f"Проверка пройдена: строк к загрузке {preview.importable_count(skip_duplicates=args.skip_duplicates)}, "
                      f"дубликатов {preview.duplicate_count()}. Ничего не записано (--dry-run).",
                      {"dry_run": True, "rows": len(preview.rows), "duplicates": preview.duplicate_count()})
                return EXIT_OK
            result = commit_import(session, preview=preview, skip_duplicates=args.skip_duplicates)
    finally:
        db.close()
    _emit(args, f"Загружено записей: {result.added}; пропущено дубликатов: {result.skipped}.",
          {"added": result.added, "skipped": result.skipped})
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from app.database import open_database
    from app.pairs_export import export_pairs
    from app.xlsx_export import export_base

    db = open_database(_db_path(args))
    try:
        with db.session() as session:
            if args.kind == "pairs":
                count = export_pairs(session, path=args.file)
            elif args.kind == "meetings":
                from app.meetings_export import write_meetings_xlsx

                count = write_meetings_xlsx(session, path=args.file)
            elif args.kind == "surveys":
                from app.surveys_export import write_surveys_xlsx

                count = write_surveys_xlsx(session, path=args.file)
            elif args.kind == "roadmap":
                from app.roadmap_xlsx import export_roadmap, default_year

                count = export_roadmap(session, path=args.file, academic_year=args.year or default_year(session))
            else:
                count = export_base(session, kind=args.kind, path=args.file, include_archived=args.include_archived)
    finally:
        db.close()
    _emit(args, f"Выгружено записей: {count} → {args.file}", {"rows": count, "file": str(args.file)})
    return EXIT_OK


def _cmd_match(args: argparse.Namespace) -> int:
    from app.database import open_database
    from app.services.matching import apply_suggestions, suggest_all
    from app.services.pairs import unpaired_mentees

    db = open_database(_db_path(args))
    try:
        with db.session() as session:
            waiting = len(unpaired_mentees(session))
            proposals = suggest_all(session, mode=args.mode)
            created = apply_suggestions(session, proposals=proposals) if args.apply else []
    finally:
        db.close()
    lines = [f"{p.mentee_name}{f' ({p.mentee_group})' if p.mentee_group else ''} → {p.mentor_short}"
             f"{f' ({p.mentor_group})' if p.mentor_group else ''}: {p.score:.0f}"
             + (f" — {'; '.join(p.reasons)}" if p.reasons else "") for p in proposals]
    lines.append(f"Предложено пар: {len(proposals)}; без наставника остаются: {waiting - len(proposals)}")
    if args.apply:
        lines.append(f"Сохранено черновиков пар: {len(created)}")
    _emit(args, "\n".join(lines), {
        "mode": args.mode, "unmatched": waiting - len(proposals), "created_group_ids": created,
        "proposals": [{"mentee_id": p.mentee_id, "mentee": p.mentee_name, "mentor_id": p.mentor_id,
                       "mentor": p.mentor_name, "form": p.form, "score": round(p.score, 1),
                       "reasons": list(p.reasons)} for p in proposals]})
    return EXIT_OK


def _cmd_backup(args: argparse.Namespace) -> int:
    from app.backup import backup_to

    path = _db_path(args)
    if not path.is_file():
        raise AppError(f"База данных «{path}» не найдена")
    dest = backup_to(db_path=path, dest=args.out)
    _emit(args, f"Резервная копия записана: {dest}", {"file": str(dest)})
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from app.backup import check_integrity, restore_from
    from app.errors import StorageError

    problem = check_integrity(args.file)
    if problem:
        raise StorageError(f"Копию «{args.file}» нельзя восстановить: {problem}")
    safety = restore_from(db_path=_db_path(args), source=args.file)
    note = f" Прежнее состояние сохранено в {safety}." if safety else ""
    _emit(args, f"База восстановлена из {args.file}.{note}", {"restored": str(args.file),
                                                               "previous": str(safety) if safety else None})
    return EXIT_OK


def _cmd_order(args: argparse.Namespace) -> int:
    import datetime as dt

    from app.database import open_database
    from app.documents.order import render_order
    from app.errors import Issue, ValidationError
    from app.services import orders
    from app.text import format_date, parse_date

    try:
        date = parse_date(args.date) if args.date else dt.date.today()
    except ValueError as exc:
        raise ValidationError([Issue(str(exc), field="--date")]) from None
    try:
        ids = [int(x) for x in args.pairs.replace(" ", "").split(",") if x] if args.pairs else None
    except ValueError:
        raise ValidationError([Issue(f"«{args.pairs}» — ожидаются номера пар через запятую",
                                     field="--pairs")]) from None
    if not args.out.parent.is_dir():
        raise AppError(f"Папка «{args.out.parent}» не найдена — приказ не сформирован")
    db = open_database(_db_path(args))
    try:
        with db.session() as session:
            ids = ids if ids is not None else orders.orderable_group_ids(session)
            if not ids:
                raise AppError("Нет пар (групп) для утверждения: все черновики и действующие пары уже в приказах")
            number = args.number or orders.next_order_number(session, year=date.year)
            order_id = orders.create_approval_order(  # the PDF is written before the order is committed
                session, group_ids=ids, number=number, date=date,
                on_created=lambda new_id: render_order(context=orders.order_context(session, order_id=new_id),
                                                       path=args.out))
    finally:
        db.close()
    _emit(args, f"Приказ № {number} от {format_date(date)}: пар/групп {len(ids)} → {args.out}",
          {"order_id": order_id, "number": number, "date": date.isoformat(), "groups": len(ids),
           "file": str(args.out)})
    return EXIT_OK


COMMANDS = {"demo": _cmd_demo, "import": _cmd_import, "export": _cmd_export, "match": _cmd_match,
            "backup": _cmd_backup, "restore": _cmd_restore,
            "order": _cmd_order}


def _cmd_package(args: argparse.Namespace) -> int:
    from app.cli_package import run

    return run(args, db_path=_db_path, emit=_emit)


COMMANDS["package"] = _cmd_package


def _cmd_municipality(args: argparse.Namespace) -> int:
    from app.cli_municipality import run

    return run(args, db_path=_db_path, emit=_emit)


def _cmd_setup(args: argparse.Namespace) -> int:
    from app.cli_municipality import run_setup

    return run_setup(args, db_path=_db_path, emit=_emit)


COMMANDS["municipality"] = _cmd_municipality
COMMANDS["setup"] = _cmd_setup


def main(argv: Sequence[str] | None = None, *, gui: GuiEntry | None = None) -> int:
    """Run a command; without one start the GUI through ``gui``."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        if gui is None:
            print("Графический интерфейс недоступен из этой точки входа", file=sys.stderr)
            return EXIT_ERROR
        return gui(args.db)
    try:
        return COMMANDS[args.command](args)
    except AppError as exc:  # typed, expected: bad input or state; nothing was written
        print(f"Ошибка: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("Прервано.", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - last resort: report, never a traceback wall
        print(f"Непредвиденная ошибка: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR
