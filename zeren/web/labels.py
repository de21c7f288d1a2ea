"""Chinese labels for the codes a person can meet on a page.

Pack codes (roles, sectors, department kinds, traits, bodies, obligations, features, report levels) take
their names from the pack in force, read once per process; the small vocabularies that are not pack data
(frequencies, organisation types) are here. App states take theirs from their model's choices
(``get_<field>_display``); audit actions and field names live in ``zeren.audit.labels``.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

FREQUENCIES = {
    "annual": "每年",
    "half_yearly": "每半年",
    "quarterly": "每季度",
    "monthly": "每月",
    "periodic": "定期",
}
PARAMETER_SECTIONS = {
    "money": "资金",
    "money.rewards": "奖励",
    "money.fines": "罚款",
    "accountability": "问责",
    "accountability.triggers": "问责情形",
    "accountability.forms": "问责方式",
    "accountability.department_forms": "部门问责方式",
    "accountability.deciding_organs": "决定机关",
    "local_choices": "地方选择",
}
CLASSIFICATIONS = {"implemented": "已实现", "declarative": "原则性规定（展示）"}
VOCABULARIES: dict[str, dict[str, str]] = {
    "frequency": FREQUENCIES,
    "section": PARAMETER_SECTIONS,
    "classification": CLASSIFICATIONS,
}


@lru_cache(maxsize=4)
def pack_labels(pack_id: str | None = None) -> dict[str, dict[str, str]]:
    """``{"role": {code: name}, "sector": …, "kind": …, "trait": …, "body": …, "obligation": …, …}``."""
    from zeren.catalog.packs import PackUnavailable, pure_pack

    try:
        pack = pure_pack(pack_id or settings.ZEREN_DEFAULT_PACK)
    except PackUnavailable:
        return {}
    labels = {
        "role": {r.id: r.name for r in pack.roles},
        "sector": {s.id: s.name for s in pack.sectors},
        "kind": {k.id: k.name for k in pack.department_kinds},
        "trait": {t.id: t.name for t in pack.traits},
        "body": {b.id: b.name for b in pack.bodies},
        "obligation": {o.id: o.name for o in pack.obligations},
        "feature": {f.id: f.name for f in pack.features},
    }
    if pack.accidents is not None:
        labels["level"] = {level.id: level.name for level in pack.accidents.levels}
    return labels


def app_labels() -> dict[str, dict[str, str]]:
    """App states people meet outside their own pages, from the apps' choices."""
    from zeren.obligations.selectors import LABELS as OCCURRENCE_STATUS

    return {"occurrence_status": dict(OCCURRENCE_STATUS)}


def label(code: object, vocabulary: str = "") -> str:
    """The Chinese name of ``code`` in ``vocabulary`` (any vocabulary when empty); the code when unknown."""
    text = "" if code is None else str(code)
    if not text:
        return ""
    tables = {**pack_labels(), **VOCABULARIES, **app_labels()}
    if vocabulary:
        return tables.get(vocabulary, {}).get(text, text)
    for table in tables.values():
        if text in table:
            return table[text]
    return text
