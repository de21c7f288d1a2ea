"""Collect the year's plain facts per assessed unit, with a bounded number of queries.

Counties (``Unit.Level.COUNTY``) are assessed over their subtree (the county, its departments and townships:
本辖区), and so are the functional zones directly under the prefecture when the pack ranks them with the
counties (group ``prefecture_zones``; art. 1 para 2); prefecture departments (organisations of the
prefecture unit) over their own occurrences, lists and principals, and over the accidents in the sectors
their department kind supervises (pack ``sectors``; 本行业). Every figure comes from one aggregate query per
source, never a loop over occurrences: obligations (2 queries: the counties' and zones' from the occurrence
tallies, the departments' from their rows), accidents and reporting findings (2), posts and published lists
(2), principals' tenures (1), inspections (the supervision app's selector, when installed). Eligibility
(art. 65) is decided per principal from ``decision_facts_for`` (one query for all) by the pure
``zeren.policy.eligibility``, with the veto periods in force on the assessment day; signed letters (1).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from zeren.accidents.models import Accident, ReportingFinding
from zeren.accidents.rules import rules_for
from zeren.accountability.selectors import decision_facts_for
from zeren.duties.models import ResponsibilityList
from zeren.obligations.models import Occurrence, Tally
from zeren.obligations.selectors import rate_aggregates, tally_rate_aggregates
from zeren.org.models import Organisation, Post, Tenure, Unit
from zeren.packs.model import Pack
from zeren.policy.assessment import AccidentFact, Principal, UnitFacts
from zeren.policy.eligibility import eligibility as check

from .rules import section


def principal_types(pack: Pack, group_id: str) -> tuple[str, ...]:
    """The organisation types holding a group's principal posts: each principal role's body, mapped to
    organisation types by the pack (``organisation.bodies``; a county's 党委 and 政府)."""
    group = section(pack).group(group_id)
    bodies = {r.id: r.body for r in pack.roles}
    types = [t for role in group.principal_roles for t in pack.organisation.types_of(bodies.get(role, ""))]
    return tuple(dict.fromkeys(types))


NO_INSPECTIONS = "巡查督查模块未安装，巡查整改指标不适用"
NO_LETTER = "未登记已签订的目标管理责任书，事故控制指标按政策包默认值"
NO_KIND = "部门未登记部门类型，无法确定所监管行业的事故，一票否决待定"


def _active_in(year: int, prefix: str = "") -> Q:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Q(**{f"{prefix}start__lte": last}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": first})
    )


class _Entity:
    def __init__(
        self, code: str, name: str, group: str, *, path: str = "", org_id: int | None = None
    ) -> None:
        self.code, self.name, self.group, self.path, self.org_id = code, name, group, path, org_id
        self.unit_id: int | None = None
        self.kind_code = ""
        self.data: dict[str, Any] = {"notes": []}


def _entities(pack: Pack, year: int) -> list[_Entity]:
    a = section(pack)
    groups = {g.members: g.id for g in a.groups}
    result: list[_Entity] = []
    if "county" in groups:
        units = Q(level=Unit.Level.COUNTY)
        if a.group(groups["county"]).prefecture_zones:  # pack: zones under the prefecture rank as counties
            units |= Q(level=Unit.Level.ZONE, parent__level=Unit.Level.PREFECTURE)
        for u in Unit.objects.filter(units).order_by("path"):
            e = _Entity(u.code, u.name, groups["county"], path=u.path)
            e.unit_id = u.pk
            result.append(e)
    if "prefecture_department" in groups:
        types = a.group(groups["prefecture_department"]).organisation_types  # pack: who ranks as 地直部门
        orgs = (
            Organisation.objects.filter(_active_in(year), unit__level=Unit.Level.PREFECTURE, type__in=types)
            .select_related("unit")
            .order_by("unit__path", "code")
        )
        for o in orgs:
            e = _Entity(o.code, o.name, groups["prefecture_department"], org_id=o.pk)
            e.kind_code = o.kind_code
            result.append(e)
    return result


assessed_entities = _entities  # public name: who is assessed in a year (also the letters' parties)


def _county_index(entities: list[_Entity]) -> dict[str, _Entity]:
    return {e.path: e for e in entities if e.path}


def _county_of(index: dict[str, _Entity], path: str) -> _Entity | None:
    """The assessed county whose subtree holds ``path``: a dict lookup per path prefix, not a scan."""
    parts = path.split("/")
    for depth in range(1, len(parts)):
        found = index.get("/".join(parts[:depth]) + "/")
        if found is not None:
            return found
    return None


def _obligations(entities: list[_Entity], year: int, cutoff: dt.date) -> None:
    keys = ("due_to_date", "done", "done_late", "waived", "overdue")
    counties = _county_index(entities)
    depts = {e.org_id: e for e in entities if e.org_id}
    base = Occurrence.objects.filter(year=year).order_by()
    for e in entities:
        e.data |= dict.fromkeys(("obligations_due", *(f"obligations_{k}" for k in keys[1:])), 0)

    def add(e: _Entity, row: dict[str, Any]) -> None:
        e.data["obligations_due"] += row["due_to_date"]
        for k in keys[1:]:
            e.data[f"obligations_{k}"] += row[k]

    # Counties from the occurrence tallies (a few rows per unit and due date, kept with the rows)
    tallies = Tally.objects.filter(year=year).order_by().values("unit__path")
    for row in tallies.annotate(**tally_rate_aggregates(cutoff)):
        county = _county_of(counties, row["unit__path"])
        if county is not None:
            add(county, row)
    if depts:
        rows = base.filter(organisation_id__in=list(depts)).values("organisation_id")
        for row in rows.annotate(**rate_aggregates(cutoff)):
            add(depts[row["organisation_id"]], row)


def _accidents(entities: list[_Entity], pack: Pack, year: int) -> None:
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    rows = list(
        Accident.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
        .order_by()
        .values("pk", "unit__path", "sector_code", "grade", "deaths")
    )
    kinds: dict[int, list[str]] = defaultdict(list)
    for f in ReportingFinding.objects.filter(accident_id__in=[r["pk"] for r in rows]).values(
        "accident_id", "kind"
    ):
        kinds[f["accident_id"]].append(f["kind"])
    supervised = {
        k.id: {s.id for s in pack.sectors_of_kind(k.id) if any(
            sup.kind == k.id and sup.capacity != "contributing" for sup in s.supervisors
        )}
        for k in pack.department_kinds
    }  # fmt: skip
    counties = _county_index(entities)
    by_sector: dict[str, list[_Entity]] = defaultdict(list)  # 本行业: the departments supervising a sector
    for e in entities:
        e.data["accident_events"] = []
        if e.org_id and e.kind_code not in supervised:
            e.data |= {"accidents": None, "deaths": None, "report_failures": None}
            e.data["notes"].append(NO_KIND)
        else:
            e.data |= {"accidents": {}, "deaths": 0, "report_failures": {}}
        if e.org_id:
            for sector in supervised.get(e.kind_code, ()):
                by_sector[sector].append(e)
    for r in rows:
        owners: list[_Entity | None] = [_county_of(counties, r["unit__path"]), *by_sector[r["sector_code"]]]
        for owner in owners:
            if owner is None or owner.data["accidents"] is None:
                continue
            owner.data["accidents"][r["grade"]] = owner.data["accidents"].get(r["grade"], 0) + 1
            owner.data["deaths"] += r["deaths"]
            for kind in kinds[r["pk"]]:
                owner.data["report_failures"][kind] = owner.data["report_failures"].get(kind, 0) + 1
            owner.data["accident_events"].append(
                AccidentFact(r["pk"], r["grade"], r["deaths"], tuple(sorted(kinds[r["pk"]])))
            )


def _lists(entities: list[_Entity], year: int) -> None:
    """Posts in office during the year and those with a list published by 31 Dec (art. 74), counted in
    SQL per organisation (one row per organisation, never one per post)."""
    last = dt.date(year, 12, 31)
    published = ResponsibilityList.objects.filter(
        post_id=OuterRef("pk"), published_at__date__lte=last, status__in=["published", "superseded"]
    )
    rows = (
        Post.objects.filter(_active_in(year))
        .annotate(has_list=Exists(published))
        .values("organisation_id", "organisation__unit__path")
        .annotate(due=Count("pk"), done=Count("pk", filter=Q(has_list=True)))
        .order_by()
    )
    counties = _county_index(entities)
    depts = {e.org_id: e for e in entities if e.org_id}
    for e in entities:
        e.data |= {"lists_due": 0, "lists_published": 0}
    for row in rows:
        owner = depts.get(row["organisation_id"]) or _county_of(counties, row["organisation__unit__path"])
        if owner is not None:
            owner.data["lists_due"] += row["due"]
            owner.data["lists_published"] += row["done"]


def principal_tenures(
    entities: list[_Entity], pack: Pack, period: Q
) -> Iterator[tuple[_Entity, int, Tenure]]:
    """``(entity, post order, tenure)`` for each tenure in ``period`` of a group's principal posts: the
    department's own posts, or a county's party committee and government posts (one query for all)."""
    roles = {g.id: g.principal_roles for g in section(pack).groups}
    unit_types = {
        t for g in section(pack).groups if g.members == "county" for t in principal_types(pack, g.id)
    }
    by_unit = {e.unit_id: e for e in entities if e.unit_id}
    by_org = {e.org_id: e for e in entities if e.org_id}
    tenures = (
        Tenure.objects.filter(period, post__role_code__in={r for rs in roles.values() for r in rs})
        .filter(
            Q(post__organisation_id__in=list(by_org))
            | Q(post__organisation__unit_id__in=list(by_unit), post__organisation__type__in=unit_types)
        )
        .select_related("person", "post__organisation")
        .order_by("acting", "start", "pk")
    )
    for t in tenures:
        org = t.post.organisation
        e = by_org.get(org.pk) or (by_unit.get(org.unit_id) if org.type in unit_types else None)
        if e is not None and t.post.role_code in roles[e.group]:
            yield e, roles[e.group].index(t.post.role_code), t


def _principals(entities: list[_Entity], pack: Pack, year: int, on: dt.date) -> None:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    until = min(last, on)  # days served up to the run's cut-off, not a full year of a running year
    days: dict[int, dict[tuple[str, int], list[Any]]] = defaultdict(dict)
    for e, order, t in principal_tenures(entities, pack, _active_in(year)):
        span = (min(t.end or until, until) - max(t.start, first)).days + 1
        if span <= 0:
            continue  # took up the post after the cut-off
        entry = days[id(e)].setdefault((t.person.code, order), [t.person, 0])
        entry[1] += span
    rules = rules_for(on=on)  # art. 65 veto periods in force on the assessment day
    people = {person.pk: person for entries in days.values() for person, _ in entries.values()}
    decided_by = decision_facts_for(list(people.values()))
    veto_clauses, form_names = rules.veto_clauses, rules.form_names  # cited and named in the bar reasons
    for e in entities:
        principals = []
        for (code, order), (person, span) in sorted(days[id(e)].items(), key=lambda kv: (kv[0][1], kv[0][0])):
            decisions = decided_by.get(person.pk, [])
            eligibility = check(on=on, decisions=decisions, veto_periods=rules.veto_periods,
                                period_sources=rules.veto_period_sources, clauses=veto_clauses,
                                form_names=form_names)  # fmt: skip
            decided = tuple(d.form for d in decisions if first <= d.decided_on <= last and d.form)
            bar = () if eligibility.eligible else tuple(eligibility.reasons)
            principals.append(Principal(code, order, span, eligibility.eligible, person.name, decided, bar))
        e.data["principals"] = principals


def _inspections(entities: list[_Entity], year: int, cutoff: dt.date) -> None:
    counties = {e.unit_id: e for e in entities if e.unit_id}
    if not apps.is_installed("zeren.supervision"):
        for e in entities:
            e.data |= {"findings": None}
            e.data["notes"].append(NO_INSPECTIONS)
        return
    from zeren.supervision.selectors import (  # optional app
        inspection_facts,
        organisation_inspection_facts,
    )

    facts = inspection_facts(year=year, unit_ids=list(counties), today=cutoff)
    depts = [e.org_id for e in entities if e.org_id]
    by_org = organisation_inspection_facts(year=year, organisation_ids=depts, today=cutoff) if depts else {}
    for e in entities:
        f = facts.get(e.unit_id) if e.unit_id is not None else by_org.get(e.org_id or 0)
        e.data |= {
            "findings": f.findings if f else 0,
            "findings_on_time": f.rectified_on_time if f else 0,
            "findings_verified": f.verified if f else 0,
        }


def _letters(entities: list[_Entity], year: int) -> None:
    """The signed letter's ceilings per unit (art. 55 para 1); without one, the pack's group default."""
    from .models import ResponsibilityLetter

    signed = {
        code: (targets, signed_on)
        for code, targets, signed_on in ResponsibilityLetter.objects.filter(
            year=year, status=ResponsibilityLetter.Status.SIGNED
        ).values_list("unit_code", "targets", "signed_on")
    }
    for e in entities:
        letter = signed.get(e.code)
        if letter is None:
            e.data |= {"ceilings": None, "letter": ""}
            e.data["notes"].append(NO_LETTER)
            continue
        targets, signed_on = letter
        e.data["ceilings"] = (int(targets["accidents_max"]), int(targets["deaths_max"]))
        e.data["letter"] = f"{year}年度目标管理责任书（{signed_on}签订）"


def collect_facts(*, pack: Pack, year: int, on: dt.date) -> list[UnitFacts]:
    """Per assessed unit, the facts of ``year`` (obligations cut off at ``on`` when the year is running)."""
    cutoff = min(on, dt.date(year, 12, 31))
    entities = _entities(pack, year)
    _obligations(entities, year, cutoff)
    _inspections(entities, year, cutoff)
    _accidents(entities, pack, year)
    _lists(entities, year)
    _principals(entities, pack, year, on)
    _letters(entities, year)
    result = []
    for e in entities:
        data: dict[str, Any] = {
            k: (tuple(v) if k in ("principals", "notes", "accident_events") else v) for k, v in e.data.items()
        }
        result.append(UnitFacts(unit=e.code, name=e.name, group=e.group, **data))
    return result


def facts_as_json(facts: list[UnitFacts]) -> list[dict[str, Any]]:
    """Canonical plain-JSON form of the facts (hashed into ``inputs_hash``; stored with the run): what
    ``json_safe(asdict(f))`` gives, without ``asdict``'s deep copy of every value (a third of the
    assessment's time at 1,000 counties)."""
    return [_plain(f) for f in facts]


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def json_safe(value: Any) -> Any:
    """Tuples as lists, recursively (``asdict`` keeps tuples; JSON has only lists)."""
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def facts_from_json(rows: list[dict[str, Any]]) -> list[UnitFacts]:
    """The inverse of ``facts_as_json``: a stored run's facts back as ``UnitFacts`` (what-if starts here)."""
    result = []
    for row in rows:
        data = dict(row)
        data["principals"] = tuple(
            Principal(
                **{
                    **p,
                    "decisions": tuple(p.get("decisions", ())),
                    "bar_reasons": tuple(p.get("bar_reasons", ())),
                }
            )
            for p in row.get("principals", ())
        )
        data["accident_events"] = tuple(
            AccidentFact(**{**a, "report_failures": tuple(a.get("report_failures", ()))})
            for a in row.get("accident_events", ())
        )
        data["notes"] = tuple(row.get("notes", ()))
        ceilings = row.get("ceilings")
        data["ceilings"] = tuple(ceilings) if ceilings is not None else None
        result.append(UnitFacts(**data))
    return result
