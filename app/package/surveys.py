"""The surveys member: aggregates per template and role for a period, no open answers."""

from __future__ import annotations

from typing import Any

from app.periods import Period


def _satisfaction(result) -> dict[str, Any]:  # noqa: ANN001 - SatisfactionResult
    def pct(value: float | None) -> float | None:
        return None if value is None else round(value, 2)

    return {"n": result.n, "mean_pct": pct(result.mean_pct), "share7_pct": pct(result.share7_pct),
            "chosen_method": result.chosen_method, "chosen_pct": pct(result.chosen_pct),
            "templates": list(result.templates)}


def survey_member(session, *, period: Period) -> dict[str, Any]:  # noqa: ANN001 - sqlmodel Session
    """Counts, per-question means and distributions, satisfaction by both methods (domain.md §5)."""
    from sqlalchemy import select

    from app.survey_analytics import load_data, satisfaction, template_stats
    from db.models import SurveyTemplate

    data = load_data(session)
    rows = [r for r in data.rows if period.contains(r.answered_on)]
    uuids = dict(session.execute(select(SurveyTemplate.id, SurveyTemplate.uuid)).all())
    templates = []
    for template_id in sorted({r.template_id for r in rows}):
        template = data.templates.get(template_id)
        if template is None:
            continue
        for role in ("mentee", "mentor"):
            mine = [r for r in rows if r.template_id == template_id and r.respondent_role == role]
            if not mine:
                continue
            stats = template_stats(template, mine)
            templates.append({
                "template": uuids.get(template_id, ""), "title": template.title, "purpose": template.purpose,
                "role": role, "responses": stats.responses,
                "questions": [{"key": q.key, "text": q.text, "type": q.type, "answered": q.answered,
                               "mean": None if q.mean is None else round(q.mean, 3),
                               "max": q.max if q.type == "scale" else None,
                               "distribution": [{"value": label, "count": count} for label, count in q.distribution]}
                              for q in stats.questions if q.type != "text"],
            })
    window = (period.start, period.end)
    return {
        "responses": len(rows), "method": data.method,
        "satisfaction": {role: _satisfaction(satisfaction(data.templates, rows, role=role, method=data.method,
                                                          period=window)) for role in ("mentee", "mentor")},
        "templates": templates,
    }
