"""Structural pass for the ``assessment`` section (docs/pack-format.md, docs/assessment.md)."""

from __future__ import annotations

from .model_accidents import FAILURE_KINDS, GRADES
from .model_assessment import (
    BARRED_PRINCIPAL,
    DEDUCTION_FACTS,
    MEMBERS,
    RANKING_KEYS,
    RATING_LEVELS,
    RULES,
    SHARE_ROUNDING,
    TIES,
    VETO_TRIGGERS,
    AssessmentData,
    CeilingData,
    DeductionData,
    GroupData,
    IndicatorData,
    LetterData,
    RatingLevelData,
    RatingsData,
    VetoTriggerData,
)
from .model_base import Choice
from .reader import Raw, Reader, join

_CHOICE = ("local_choice", "note", "source")
_KEYS = (
    "clauses", "scale", "groups", "indicators", "deductions", "veto", "pass_mark", "ranking", "pass_on",
    "share_rounding", "publication", "letter", "ratings", "barred_principal",
)  # fmt: skip


def assessment(r: Reader, raw: Raw) -> AssessmentData | None:
    path = "assessment"
    if raw.get(path) is None:
        return None
    a = r.entry(r.mapping(raw[path], path), path, _KEYS)
    veto, veto_clause, veto_choice = _veto(r, a, path)
    pass_mark = _block(r, a, "pass_mark", path, ("points",))
    ranking = _block(r, a, "ranking", path, ("order", "ties"))
    pass_on = _block(r, a, "pass_on", path, ("value",))
    rounding = _block(r, a, "share_rounding", path, ("rule",))
    publication = _block(r, a, "publication", path, (), choice=False)
    barred = _barred(r, a, path)
    order = r.texts(ranking[0], "order", join(path, "ranking"))
    for i, key in enumerate(order):
        if key and key not in RANKING_KEYS:
            r.error(join(join(path, "ranking.order"), i), f"{key!r} is not one of {', '.join(RANKING_KEYS)}")
    return AssessmentData(
        clauses=r.texts(a, "clauses", path),
        scale=r.integer(a, "scale", path, minimum=1),
        groups=_groups(r, a, path),
        indicators=_indicators(r, a, path),
        deductions=_deductions(r, a, path),
        veto_clause=veto_clause,
        veto_triggers=veto,
        veto_choice=veto_choice,
        pass_mark=r.integer(pass_mark[0], "points", join(path, "pass_mark")),
        pass_mark_clause=pass_mark[1],
        pass_mark_choice=pass_mark[2],
        ranking=order,
        ranking_clause=ranking[1],
        ranking_choice=ranking[2],
        ranking_ties=r.enum(ranking[0], "ties", join(path, "ranking"), TIES),
        pass_on=r.flag(pass_on[0], "value", join(path, "pass_on")),
        pass_on_clause=pass_on[1],
        pass_on_choice=pass_on[2],
        share_rounding=r.enum(rounding[0], "rule", join(path, "share_rounding"), SHARE_ROUNDING),
        share_rounding_clause=rounding[1],
        share_rounding_choice=rounding[2],
        publication_clause=publication[1],
        letter=_letter(r, a, path),
        ratings=_ratings(r, a, path),
        barred_principal=barred[0],
        barred_principal_clause=barred[1],
        barred_principal_choice=barred[2],
    )


def _barred(r: Reader, a: Raw, path: str) -> tuple[str, str, Choice]:
    """``barred_principal``: what art. 65 does to a unit whose principal is barred (a local choice)."""
    if a.get("barred_principal") is None:
        return "unit_loses_award", "", Choice()
    m, clause, choice = _block(r, a, "barred_principal", path, ("value",))
    return r.enum(m, "value", join(path, "barred_principal"), BARRED_PRINCIPAL), clause, choice


def _letter(r: Reader, a: Raw, path: str) -> LetterData | None:
    if a.get("letter") is None:
        return None
    where = join(path, "letter")
    keys = (
        "clause", "title", "issuer", "issuer_body", "issuer_roles", "sign_by", "work", "paragraphs", *_CHOICE
    )  # fmt: skip
    m = r.entry(r.mapping(a["letter"], where), where, keys)
    sign_by = r.text(m, "sign_by", where)
    if sign_by and not _is_month_day(sign_by):
        r.error(join(where, "sign_by"), f"{sign_by!r} is not a MM-DD day")
    return LetterData(
        clause=r.clause(m, "clause", where),
        title=r.text(m, "title", where),
        issuer=r.text(m, "issuer", where),
        issuer_body=r.ident(m, "issuer_body", where) if "issuer_body" in m else "",
        issuer_roles=r.texts(m, "issuer_roles", where),
        sign_by=sign_by,
        work=r.texts(m, "work", where, required=False),
        paragraphs=r.texts(m, "paragraphs", where),
        choice=r.choice(m, where, required=True),
    )


def _is_month_day(text: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(f"2024-{text}")  # a leap year: 02-29 is a valid due day
    except ValueError:
        return False
    return len(text) == 5


def _ratings(r: Reader, a: Raw, path: str) -> RatingsData | None:
    if a.get("ratings") is None:
        return None
    where = join(path, "ratings")
    keys = ("clause", "levels", "excellent_min_score", "inspection_min_percent", "incompetent_from_form",
            "bar_clause", *_CHOICE)  # fmt: skip
    m = r.entry(r.mapping(a["ratings"], where), where, keys)
    levels = []
    for l_where, item in r.items(m, "levels", where):
        r.entry(item, l_where, ("id", "name"))
        levels.append(
            RatingLevelData(id=r.enum(item, "id", l_where, RATING_LEVELS), name=r.text(item, "name", l_where))
        )
    if [x.id for x in levels] != list(RATING_LEVELS) and len(levels) == len(RATING_LEVELS):
        r.error(join(where, "levels"), f"levels must be, best first: {', '.join(RATING_LEVELS)}")
    elif len(levels) != len(RATING_LEVELS):
        r.error(join(where, "levels"), f"expected {len(RATING_LEVELS)} levels: {', '.join(RATING_LEVELS)}")
    return RatingsData(
        clause=r.clause(m, "clause", where),
        levels=tuple(levels),
        excellent_min_score=r.integer(m, "excellent_min_score", where),
        inspection_min_percent=_percent(r, m, "inspection_min_percent", where),
        incompetent_from_form=r.ident(m, "incompetent_from_form", where),
        bar_clause=r.clause(m, "bar_clause", where),
        choice=r.choice(m, where, required=True),
    )


def _block(
    r: Reader, a: Raw, key: str, path: str, keys: tuple[str, ...], *, choice: bool = True
) -> tuple[Raw, str, Choice]:
    where = join(path, key)
    m = r.entry(r.mapping(a.get(key) or {}, where), where, (*keys, "clause", *(_CHOICE if choice else ())))
    if a.get(key) is None:
        r.error(where, "missing mapping")
    return m, r.clause(m, "clause", where), r.choice(m, where, required=choice) if choice else Choice()


def _groups(r: Reader, a: Raw, path: str) -> tuple[GroupData, ...]:
    result = []
    for where, item in r.items(a, "groups", path):
        keys: tuple[str, ...] = ("id", "name", "members", "principal_roles", "reward", "fine", "clause")
        keys += ("organisation_types", "prefecture_zones")
        r.entry(item, where, (*keys, *_CHOICE))
        result.append(
            GroupData(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                members=r.enum(item, "members", where, MEMBERS),
                principal_roles=r.texts(item, "principal_roles", where),
                reward=r.ident(item, "reward", where),
                fine=r.ident(item, "fine", where),
                clause=r.clause(item, "clause", where),
                organisation_types=r.texts(item, "organisation_types", where, required=False),
                prefecture_zones=r.flag(item, "prefecture_zones", where),
                choice=r.choice(item, where),
            )
        )
    return tuple(result)


def _indicators(r: Reader, a: Raw, path: str) -> tuple[IndicatorData, ...]:
    result = []
    keys = ("id", "name", "rule", "weight", "clause", "late_credit_percent", "ceilings", "per_excess_percent")
    for where, item in r.items(a, "indicators", path):
        r.entry(item, where, (*keys, *_CHOICE))
        ceilings = []
        for c_where, c in r.items(item, "ceilings", where, required=False):
            r.entry(c, c_where, ("group", "accidents_max", "deaths_max"))
            ceilings.append(
                CeilingData(
                    group=r.ident(c, "group", c_where),
                    accidents_max=r.integer(c, "accidents_max", c_where),
                    deaths_max=r.integer(c, "deaths_max", c_where),
                )
            )
        result.append(
            IndicatorData(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                rule=r.enum(item, "rule", where, RULES),
                weight=r.integer(item, "weight", where, minimum=1),
                clause=r.clause(item, "clause", where),
                late_credit_percent=_percent(r, item, "late_credit_percent", where),
                ceilings=tuple(ceilings),
                per_excess_percent=_percent(r, item, "per_excess_percent", where),
                choice=r.choice(item, where),
            )
        )
    return tuple(result)


def _percent(r: Reader, item: Raw, key: str, where: str) -> int:
    value = r.opt_integer(item, key, where) or 0
    if value > 100:
        r.error(join(where, key), f"a percentage must be at most 100, got {value}")
    return value


def _deductions(r: Reader, a: Raw, path: str) -> tuple[DeductionData, ...]:
    result = []
    for where, item in r.items(a, "deductions", path, required=False):
        r.entry(item, where, ("id", "name", "fact", "points", "cap", "clause", *_CHOICE))
        result.append(
            DeductionData(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                fact=r.enum(item, "fact", where, DEDUCTION_FACTS),
                points=r.integer(item, "points", where, minimum=1),
                cap=r.integer(item, "cap", where, minimum=1),
                clause=r.clause(item, "clause", where),
                choice=r.choice(item, where),
            )
        )
    return tuple(result)


def _veto(r: Reader, a: Raw, path: str) -> tuple[tuple[VetoTriggerData, ...], str, Choice]:
    where = join(path, "veto")
    if a.get("veto") is None:
        r.error(where, "missing mapping")
    m = r.entry(r.mapping(a.get("veto") or {}, where), where, ("clause", "triggers", *_CHOICE))
    triggers = []
    for t_where, item in r.items(m, "triggers", where):
        r.entry(item, t_where, ("trigger", "name", "grade", "kinds"))
        trigger = r.enum(item, "trigger", t_where, VETO_TRIGGERS)
        grade = r.enum(item, "grade", t_where, GRADES) if trigger == "accident_grade_at_least" else ""
        kinds = r.texts(item, "kinds", t_where) if trigger == "report_failure" else ()
        for j, kind in enumerate(kinds):
            if kind and kind not in FAILURE_KINDS:
                r.error(join(join(t_where, "kinds"), j), f"{kind!r} is not one of {', '.join(FAILURE_KINDS)}")
        triggers.append(
            VetoTriggerData(trigger=trigger, name=r.text(item, "name", t_where), grade=grade, kinds=kinds)
        )
    return tuple(triggers), r.clause(m, "clause", where), r.choice(m, where, required=True)
