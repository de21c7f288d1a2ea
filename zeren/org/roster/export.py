"""The database as roster rows (one query per sheet), and the loaded pack's code lists."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from zeren.org.models import Organisation, Person, Portfolio, Post, Succession, Tenure, Unit

from .schema import ORGANISATION_FIELDS
from .writer import PackCodes


def pack_codes() -> PackCodes | None:
    """Code lists of the pack in force today, or None when no pack is loaded."""
    from zeren.catalog.packs import current_pack

    try:
        pack = current_pack()
    except Http404:
        return None
    return PackCodes(
        lists={
            "roles": list(pack.roles.order_by("position").values_list("code", "name")),
            "department_kinds": list(pack.department_kinds.order_by("position").values_list("code", "name")),
            "sectors": list(pack.sectors.order_by("position").values_list("code", "name")),
        },
        title=pack.title,
    )


def roster_rows(unit: Unit | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every sheet's rows; with ``unit``, only that unit's subtree and the people holding its posts."""
    units = Unit.objects.all()
    organisations = Organisation.objects.all()
    posts = Post.objects.all()
    tenures = Tenure.objects.all()
    portfolios = Portfolio.objects.all()
    successions = Succession.objects.all()
    people = Person.objects.all()
    if unit is not None:
        prefix = unit.path
        units = units.filter(path__startswith=prefix)
        organisations = organisations.filter(unit__path__startswith=prefix)
        posts = posts.filter(unit__path__startswith=prefix)
        tenures = tenures.filter(post__unit__path__startswith=prefix)
        portfolios = portfolios.filter(post__unit__path__startswith=prefix)
        successions = successions.filter(
            Q(predecessor__unit__path__startswith=prefix) | Q(successor__unit__path__startswith=prefix)
        )
        people = people.filter(tenures__post__unit__path__startswith=prefix).distinct()
    return {
        "units": [
            {
                "code": c,
                "name": n,
                "level": lv,
                "parent": p or "",
                "zone_kind": z,
                "position": pos,
                "urban": u,
            }
            for c, n, lv, p, z, pos, u in units.order_by("path").values_list(
                "code", "name", "level", "parent__code", "zone_kind", "position", "urban"
            )
        ],
        "organisations": [
            {
                "code": c,
                "unit": u,
                "name": n,
                "type": t,
                "kind_code": k,
                "start": s,
                "end": e,
                "safety_body": body,
                "safety_staff": staff,
            }
            for c, u, n, t, k, s, e, body, staff in organisations.order_by(
                "unit__path", "type", "name", "code"
            ).values_list(*ORGANISATION_FIELDS)
        ],
        "posts": [
            {"code": c, "organisation": o, "title": t, "role_code": r, "start": s, "end": e}
            for c, o, t, r, s, e in posts.order_by(
                "unit__path", "organisation__code", "start", "code"
            ).values_list("code", "organisation__code", "title", "role_code", "start", "end")
        ],
        "people": [
            {"code": c, "name": n, "retired_on": r, "note": note}
            for c, n, r, note in people.order_by("code").values_list("code", "name", "retired_on", "note")
        ],
        "tenures": [
            {"person": pe, "post": po, "start": s, "end": e, "acting": a, "end_reason": why}
            for pe, po, s, e, a, why in tenures.order_by("post__code", "acting", "start", "pk").values_list(
                "person__code", "post__code", "start", "end", "acting", "end_reason"
            )
        ],
        "portfolios": [
            {"post": po, "organisation": o or "", "sector_code": sc, "start": s, "end": e}
            for po, o, sc, s, e in portfolios.order_by("post__code", "start", "pk").values_list(
                "post__code", "organisation__code", "sector_code", "start", "end"
            )
        ],
        "successions": [
            {"predecessor": p, "successor": s, "on": on, "kind": k, "note": note}
            for p, s, on, k, note in successions.order_by("on", "pk").values_list(
                "predecessor__code", "successor__code", "on", "kind", "note"
            )
        ],
    }
