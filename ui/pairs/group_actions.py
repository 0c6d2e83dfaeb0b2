"""Actions on the selected pairs of the pairs tab: edit, replace the mentor, delete drafts, pin, status, bans."""

from __future__ import annotations

from typing import Any

from app.schemas import GroupData
from ui import messages


def _what(row: Any) -> str:
    noun = "Пара" if len(row.mentee_ids) == 1 else "Группа"
    return f"{noun} № {row.id}: {row.mentor_name} — {', '.join(row.mentee_names)}"


def _write(tab: Any, fn: Any, **kwargs: Any) -> bool:
    """Run one service call in a session; errors become a message."""
    try:
        with tab.db.session() as session:
            fn(session, **kwargs)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(tab, exc)
        return False
    return True


def edit_group(tab: Any) -> int | None:
    from ui.pairs.group_dialog import GroupDialog
    from ui.pairs.pairs_tab import run_dialog

    groups = tab.selected_groups()
    if len(groups) != 1 or tab.db is None:
        return None
    row = groups[0]
    if row.status not in ("draft", "approved", "working"):
        messages.inform(tab, title="Изменить", text="Завершённую или расформированную пару изменить нельзя.")
        return None
    data = GroupData(mentor_id=row.mentor_id, mentee_ids=row.mentee_ids, form=row.form, role_model=row.role_model,
                     kind=row.kind, goal=row.goal, start_date=row.start_date,
                     planned_end_date=row.planned_end_date, id=row.id)
    names = [f"{n} ({g})" if g else n for n, g in zip(row.mentee_names, row.mentee_groups)]
    mentor = f"{row.mentor_name} ({row.mentor_position})" if row.mentor_position else row.mentor_name
    dialog = GroupDialog(tab, db=tab.db, data=data, mentor_name=mentor, mentee_names=names, status=row.status)
    if run_dialog(dialog) and dialog.saved_id is not None:
        tab.changed(select_group=dialog.saved_id)
        return dialog.saved_id
    if dialog.replace_requested:
        return row.id if replace_mentor(tab) else None
    return None


def replace_mentor(tab: Any) -> bool:
    """«Заменить наставника…» of the selected approved/working pair, then offer the amending order."""
    from ui.pairs.amend_dialog import ReplaceMentorDialog, amend_order
    from ui.pairs.pairs_tab import run_dialog

    groups = tab.selected_groups()
    if len(groups) != 1 or tab.db is None:
        return False
    row = groups[0]
    if row.status not in ("approved", "working"):
        messages.inform(tab, title="Заменить наставника",
                        text="Заменить наставника можно в утверждённой или работающей паре; "
                             "в черновике наставника меняют через «Изменить».")
        return False
    dialog = ReplaceMentorDialog(tab, db=tab.db, row=row)
    if not run_dialog(dialog) or not dialog.replaced:
        return False
    tab.changed(select_group=row.id)
    if messages.confirm(tab, title="Наставник заменён", text="Сформировать приказ о внесении изменений?",
                        yes="Сформировать", no="Позже"):
        amend_order(tab, only={row.id})
    return True


def delete_drafts(tab: Any) -> int:
    from app.services.pairs import delete_draft

    rows = [g for g in tab.selected_groups() if g.status == "draft"]
    if not rows:
        return 0
    text = (f"Удалить черновик?\n{_what(rows[0])}" if len(rows) == 1
            else f"Удалить черновики: {len(rows)}?")
    if not messages.confirm(tab, title="Удалить черновик", text=text, yes="Удалить"):
        return 0
    done = sum(1 for row in rows if _write(tab, delete_draft, group_id=row.id))
    tab.changed()
    return done


def toggle_pin(tab: Any) -> None:
    from app.services.pairs import set_pinned

    rows = tab.selected_groups()
    if not rows:
        return
    pinned = not rows[0].pinned
    for row in rows:
        if not _write(tab, set_pinned, group_id=row.id, pinned=pinned):
            break
    tab.changed(select_group=rows[0].id)


def change_status(tab: Any, status: str) -> bool:
    from app.services.pairs import set_status
    from ui.pairs.group_dialog import StatusDialog
    from ui.pairs.pairs_tab import run_dialog

    rows = tab.selected_groups()
    if len(rows) != 1:
        return False
    dialog = StatusDialog(tab, status=status, what=_what(rows[0]))
    if not run_dialog(dialog):
        return False
    reason, on = dialog.values()
    if not _write(tab, set_status, group_id=rows[0].id, status=status, reason=reason, on=on):
        return False
    tab.changed(select_group=rows[0].id)
    if status == "dissolved" and rows[0].order_id is not None and messages.confirm(
            tab, title="Пара расформирована", text="Сформировать приказ о внесении изменений?",
            yes="Сформировать", no="Позже"):
        from ui.pairs.amend_dialog import amend_order

        amend_order(tab, only={rows[0].id})
    return True


def ban_selected(tab: Any) -> int:
    """Mark the mentor of a draft impossible with each of its mentees and discard the draft."""
    from app.services.pairs import ban_match, delete_draft

    rows = tab.selected_groups()
    if len(rows) != 1 or rows[0].status != "draft":
        return 0
    row = rows[0]
    whom = "этому наставляемому" if len(row.mentee_ids) == 1 else "этим наставляемым"
    if not messages.confirm(tab, title="Невозможное сочетание",
                            text=f"{_what(row)}\n\nОтметить сочетание как невозможное? Подбор больше не предложит "
                                 f"наставника {row.mentor_name} {whom}, черновик будет удалён.", yes="Отметить"):
        return 0
    count = 0
    for mentee_id in row.mentee_ids:
        if _write(tab, ban_match, mentee_id=mentee_id, mentor_id=row.mentor_id, reason="отмечено куратором"):
            count += 1
    _write(tab, delete_draft, group_id=row.id)
    tab.changed()
    return count


__all__ = ["ban_selected", "change_status", "delete_drafts", "edit_group", "replace_mentor", "toggle_pin"]
