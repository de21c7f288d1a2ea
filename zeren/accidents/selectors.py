"""Reads for accidents: the reporting assessment and the chain of posts answerable, as of the accident.

Everything is computed by the pure rules from plain inputs gathered here in a few queries: the
posts of the accident's unit, its county (townships and zones answer through their county's
departments) and prefecture as they stood on the accident day, each with the person who held it
THEN (not today's holder) and what it oversaw then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from zeren.org.models import Person, Portfolio, Post, Tenure, Unit, active_on
from zeren.packs.policy_rules import sector_supervisors
from zeren.policy.accidents import ReportingFinding as ComputedFinding
from zeren.policy.accidents import ReportingStep, assess_reporting, required_levels
from zeren.policy.chain import AccidentPlace, ChainEntry, ChainPost, Oversight, answerable_chain

from .models import Accident, ReportStep
from .rules import Rules, rules_for

LIST_ORDER = ("-occurred_at", "-pk")  # the list pages' and API's keyset order (index accident_time)


def accident_day(accident: Accident) -> dt.date:
    return timezone.localtime(accident.occurred_at).date()


# -- reporting -----------------------------------------------------------------------------------


@dataclass
class Assessment:
    required: list[tuple[str, str]]  # (level id, name) the report must reach, lowest first
    head_learnt_at: dt.datetime
    head_learnt_recorded: bool
    findings: list[ComputedFinding]
    late_levels: set[str] = field(default_factory=set)
    missing_levels: list[str] = field(default_factory=list)

    @property
    def on_time(self) -> bool:
        return not self.findings


def reporting_assessment(accident: Accident, rules: Rules | None = None) -> Assessment:
    """The pure ``assess_reporting`` over the recorded timeline (and recorded 谎报/瞒报 findings)."""
    rules = rules or rules_for(accident.pack)
    reporting = rules.reporting
    steps = list(accident.report_steps.all())
    learnt = next((s for s in steps if s.kind == ReportStep.Kind.LEARNT), None)
    kinds = set(accident.findings.values_list("kind", flat=True))
    findings = assess_reporting(
        grade=accident.grade,
        occurred_at=accident.occurred_at,
        head_learnt_at=learnt.at if learnt else accident.occurred_at,
        steps=[
            ReportingStep(level=s.level, reached_at=s.at)
            for s in steps
            if s.kind in (ReportStep.Kind.UNIT_REPORT, ReportStep.Kind.ESCALATION) and s.level
        ],
        rules=reporting,
        concealed="concealed" in kinds,
        falsified="false" in kinds,
    )
    names = {level.id: level.name for level in reporting.levels}
    required = [(level, names.get(level, level)) for level in required_levels(accident.grade, reporting)]
    reached = {s.level for s in steps if s.level}
    return Assessment(
        required=required,
        head_learnt_at=learnt.at if learnt else accident.occurred_at,
        head_learnt_recorded=learnt is not None,
        findings=findings,
        late_levels={f.step for f in findings if f.kind == "late" and f.step},
        missing_levels=[name for level, name in required if level not in reached],
    )


# -- who answers ----------------------------------------------------------------------------------


def chain_units(unit: Unit) -> tuple[AccidentPlace, list[Unit]]:
    """The accident's place for the chain rules and the units whose posts may answer."""
    if unit.level == Unit.Level.COUNTY:
        county, township = unit, None
    else:
        county = unit.parent if unit.parent is not None else unit
        township = unit
    prefecture = county.parent if county.level == Unit.Level.COUNTY else None
    units = [u for u in (township, county, prefecture) if u is not None]
    place = AccidentPlace(
        county_code=county.code,
        township_code=township.code if township else "",
        prefecture_code=prefecture.code if prefecture else "",
    )
    return place, units


@dataclass(frozen=True)
class ChainRow:
    """A chain entry with the post, unit and person (the holder on the accident day) as objects."""

    entry: ChainEntry
    post: Post
    person: Person | None
    acting: bool

    @property
    def clauses(self) -> list[str]:
        return self.entry.clauses


def chain_posts(
    units: list[Unit], day: dt.date
) -> tuple[list[ChainPost], dict[str, Post], dict[str, Tenure]]:
    """The posts of ``units`` on ``day`` as pure inputs, with their holders and portfolios then."""
    posts = list(
        Post.objects.filter(active_on(day), unit__in=units)
        .filter(active_on(day, "organisation__"))
        .select_related("organisation", "unit")
        .order_by("unit__path", "organisation__name", "title")
    )
    holders: dict[int, Tenure] = {}
    for tenure in (
        Tenure.objects.filter(active_on(day), post__in=posts)
        .select_related("person")
        .order_by("acting", "start")
    ):
        holders.setdefault(tenure.post_id, tenure)  # the full holder first, else the acting one
    oversees: dict[int, list[Oversight]] = {}
    for p in Portfolio.objects.filter(active_on(day), post__in=posts).select_related("organisation"):
        oversees.setdefault(p.post_id, []).append(
            Oversight(
                organisation_code=p.organisation.code if p.organisation else "",
                kind_code=p.organisation.kind_code if p.organisation else "",
                sector_code=p.sector_code,
            )
        )
    inputs: list[ChainPost] = []
    by_code: dict[str, Post] = {}
    tenures: dict[str, Tenure] = {}
    for post in posts:
        held = holders.get(post.pk)
        by_code[post.code] = post
        if held is not None:
            tenures[post.code] = held
        inputs.append(
            ChainPost(
                post_code=post.code,
                unit_code=post.unit.code,
                role_code=post.role_code,
                title=post.title,
                organisation_code=post.organisation.code,
                kind_code=post.organisation.kind_code,
                holder_code=held.person.code if held else "",
                holder_name=held.person.name if held else "",
                oversees=tuple(oversees.get(post.pk, ())),
            )
        )
    return inputs, by_code, tenures


def answerable(
    *,
    unit: Unit,
    sector_code: str,
    day: dt.date,
    grade: str,
    rules: Rules,
    report_failure: bool = False,
) -> list[ChainRow]:
    """Who answers for an accident in ``unit``/``sector_code`` of ``grade`` on ``day`` (arts 3–17)."""
    place, units = chain_units(unit)
    inputs, posts, tenures = chain_posts(units, day)
    entries = answerable_chain(
        grade=grade,
        sector_code=sector_code,
        place=place,
        supervisors=sector_supervisors(rules.pack, sector_code),
        posts=inputs,
        reach=rules.reach,
        report_failure=report_failure,
    )
    rows: list[ChainRow] = []
    for entry in entries:
        tenure = tenures.get(entry.post_code)
        rows.append(
            ChainRow(
                entry=entry,
                post=posts[entry.post_code],
                person=tenure.person if tenure else None,
                acting=bool(tenure and tenure.acting),
            )
        )
    return rows


def accident_chain(
    accident: Accident, rules: Rules | None = None, *, report_failure: bool = False
) -> list[ChainRow]:
    return answerable(
        unit=accident.unit,
        sector_code=accident.sector_code,
        day=accident_day(accident),
        grade=accident.grade,
        rules=rules or rules_for(accident.pack),
        report_failure=report_failure,
    )


def find_unit(value: str) -> Unit | None:
    """A unit by code or Chinese name."""
    return Unit.objects.filter(Q(code=value) | Q(name=value)).order_by("path").first()


def chain_payload(rows: list[ChainRow]) -> list[dict[str, Any]]:
    """The chain as JSON-ready rows (the CLI's and the API's ``posts``)."""
    return [
        {
            "post": row.post.code,
            "title": row.post.title,
            "unit": row.post.unit.code,
            "unit_name": row.post.unit.name,
            "role": row.post.role_code,
            "holder": row.person.code if row.person else None,
            "holder_name": row.person.name if row.person else None,
            "acting": row.acting,
            "reason": row.entry.reason,
            "tiers": list(row.entry.tiers),
            "clauses": list(row.entry.clauses),
        }
        for row in rows
    ]
