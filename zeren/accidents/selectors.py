"""Reads for accidents: the reporting assessment and the chain of posts answerable, as of the accident.

Everything is computed by the pure rules from plain inputs gathered here in a few queries: the
posts of the accident's unit, its county (townships and zones answer through their county's
departments) and prefecture as they stood on the accident day, each with the person who held it
THEN (not today's holder) and what it oversaw then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zeren.org.models import Person, Portfolio, Post, Tenure, Unit, active_on
from zeren.packs.policy_rules import sector_supervisors
from zeren.policy.accidents import ReportingFinding as ComputedFinding
from zeren.policy.accidents import ReportingStep, assess_reporting, required_levels
from zeren.policy.chain import (
    REPEATED,
    AccidentPlace,
    ChainEntry,
    ChainPost,
    Oversight,
    SectorGroup,
    answerable_chain,
    sector_group,
)

from .models import GRADES, Accident, ReportStep
from .rules import Rules, rules_for

LIST_ORDER = ("-occurred_at", "-pk")  # the list pages' and API's keyset order (index accident_time)


def filter_accidents(
    qs: QuerySet[Accident], *, year: int | None = None, grade: str = ""
) -> QuerySet[Accident]:
    """Accidents of a year (in the display time zone: a range on ``occurred_at``, the index's column)
    and of a grade; an unknown grade matches nothing."""
    if year is not None:
        tz = timezone.get_current_timezone()
        start = dt.datetime(year, 1, 1, tzinfo=tz)
        qs = qs.filter(occurred_at__gte=start, occurred_at__lt=start.replace(year=year + 1))
    if grade:
        qs = qs.filter(grade=grade)
    return qs


def accident_day(accident: Accident) -> dt.date:
    """The day the accident happened, in the local time zone (deadlines and windows count from it)."""
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
        """Whether every report was made within its deadline (no finding of a late report)."""
        return not self.findings


def reporting_assessment(accident: Accident, rules: Rules | None = None) -> Assessment:
    """The pure ``assess_reporting`` over the recorded timeline (and recorded 谎报/瞒报 findings)."""
    rules = rules or rules_for(accident.pack)
    reporting = rules.reporting
    steps = list(accident.report_steps.all())
    learnt = next((s for s in steps if s.kind == ReportStep.Kind.LEARNT), None)
    kinds = set(accident.findings.values_list("kind", flat=True))
    local = timezone.localtime  # the pure rules word their traces in the times they are given
    findings = assess_reporting(
        grade=accident.grade,
        occurred_at=local(accident.occurred_at),
        head_learnt_at=local(learnt.at if learnt else accident.occurred_at),
        steps=[
            ReportingStep(level=s.level, reached_at=local(s.at))
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
        head_learnt_at=local(learnt.at if learnt else accident.occurred_at),
        head_learnt_recorded=learnt is not None,
        findings=findings,
        late_levels={f.step for f in findings if f.kind == "late" and f.step},
        missing_levels=[name for level, name in required if level not in reached],
    )


# -- who answers ----------------------------------------------------------------------------------


def _place(unit: Unit) -> tuple[AccidentPlace, list[Unit]]:
    """The place of ``unit`` for the chain rules (local unit, county, prefecture) and its units."""
    local: Unit | None = None
    county: Unit | None = None
    prefecture: Unit | None = None
    current: Unit | None = unit
    county_zone = False
    while current is not None:
        if current.level in (Unit.Level.TOWNSHIP, Unit.Level.ZONE) and local is None and county is None:
            local = current
        elif current.level == Unit.Level.ZONE and county is None and current.parent is not None:
            county, county_zone = current, current.parent.level == Unit.Level.PREFECTURE
        elif current.level == Unit.Level.COUNTY and county is None:
            county = current
        elif current.level == Unit.Level.PREFECTURE and prefecture is None:
            prefecture = current
        current = current.parent
    units = [u for u in (local, county, prefecture) if u is not None]
    place = AccidentPlace(
        county_code=county.code if county else "",
        township_code=local.code if local else "",
        prefecture_code=prefecture.code if prefecture else "",
        zone=bool(local and local.level == Unit.Level.ZONE),
        county_zone=county_zone,
        urban_district=bool(county and county.urban),
        unit_names={u.code: u.name for u in units},
    )
    return place, units


def chain_units(unit: Unit, also: Sequence[Unit] = ()) -> tuple[AccidentPlace, list[Unit]]:
    """The accident's place for the chain rules and the units whose posts may answer (with ``also``'s)."""
    place, units = _place(unit)
    for other in also:
        units += [u for u in _place(other)[1] if u not in units]
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
        """The clauses the chain entry cites for this person's responsibility."""
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
                organisation_name=p.organisation.name if p.organisation else "",
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
                organisation_name=post.organisation.name,
            )
        )
    return inputs, by_code, tenures


def repeated_in(unit: Unit, day: dt.date, window_days: int, *, exclude: int | None = None) -> bool:
    """Whether another accident happened in ``unit`` within ``window_days`` before ``day`` (inclusive)."""
    if window_days <= 0:
        return False
    since = day - dt.timedelta(days=window_days)
    earlier = Accident.objects.filter(unit=unit, occurred_at__date__gte=since, occurred_at__date__lte=day)
    if exclude is not None:
        earlier = earlier.exclude(pk=exclude).filter(pk__lt=exclude)
    return earlier.exists()


def answerable(
    *,
    unit: Unit,
    sector_code: str | Sequence[str],
    day: dt.date,
    grade: str,
    rules: Rules,
    report_failure: bool = False,
    also_units: Sequence[Unit] = (),
    circumstances: Sequence[str] = (),
) -> list[ChainRow]:
    """Who answers for an accident in ``unit``/``sector_code`` of ``grade`` on ``day`` (arts 3-17, 73).

    ``sector_code``: one sector id or several (road traffic and school transport). ``also_units``: other
    involved units (where the vehicle is registered, where the enterprise is licensed).
    """
    sectors = [sector_code] if isinstance(sector_code, str) else list(dict.fromkeys(sector_code))
    place, units = chain_units(unit, also_units)
    involved = [_place(u)[0] for u in also_units]
    inputs, posts, tenures = chain_posts(units, day)
    entries = answerable_chain(
        grade=grade,
        sector_code=sectors,
        place=place,
        supervisors=sector_supervisors(rules.pack, sectors),
        posts=inputs,
        reach=rules.reach,
        report_failure=report_failure,
        sector_name={code: rules.sector_name(code) or code for code in sectors},
        circumstances=circumstances,
        involved=involved,
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


def involved_units(accident: Accident) -> list[Unit]:
    """The other involved units the accident names (where the vehicle is registered, ...), as recorded."""
    if not accident.also_units:
        return []
    found = {u.code: u for u in Unit.objects.filter(code__in=accident.also_units)}
    return [found[code] for code in accident.also_units if code in found]


def accident_chain(
    accident: Accident, rules: Rules | None = None, *, report_failure: bool = False
) -> list[ChainRow]:
    """Who may answer for the accident as the pack's reach rules place it, for every unit and sector
    involved; a repeat within the pack's window counts as a circumstance."""
    rules = rules or rules_for(accident.pack)
    day = accident_day(accident)
    also = involved_units(accident)
    circumstances = []
    repeated = rules.reach.circumstances.get(REPEATED)
    if repeated is not None and repeated_in(accident.unit, day, repeated.window_days, exclude=accident.pk):
        circumstances.append(REPEATED)
    return answerable(
        unit=accident.unit,
        sector_code=[accident.sector_code, *accident.also_sectors],
        day=day,
        grade=accident.grade,
        rules=rules,
        report_failure=report_failure,
        also_units=also,
        circumstances=circumstances,
    )


def reach_group(accident: Accident, rules: Rules | None = None) -> SectorGroup | None:
    """The pack's sector group that places this accident's chain (road accidents), or None for the default."""
    rules = rules or rules_for(accident.pack)
    return sector_group(rules.reach, [accident.sector_code, *accident.also_sectors], accident.grade)


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
            "likely": row.entry.likely,
            "placement": "较可能" if row.entry.likely else "可能",
            "responsibility": row.entry.responsibility,
            "tier_names": list(row.entry.tier_names),
            "circumstances": list(row.entry.circumstances),
        }
        for row in rows
    ]


# -- home pages and charts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AccidentStats:
    """A year's accidents counted by grade, by sector and by month (three aggregate queries)."""

    year: int
    total: int
    deaths: int
    by_grade: list[tuple[str, int]]  # every grade, mildest first
    by_sector: list[tuple[str, int]]  # most first
    by_month: list[int]  # January .. December


def accident_stats(qs: QuerySet[Accident], year: int) -> AccidentStats:
    """Counts over ``qs`` (already scoped to the user) for ``year`` in local time."""
    from django.db.models import Count, Sum
    from django.db.models.functions import ExtractMonth

    rows = qs.filter(occurred_at__year=year).order_by()
    grades = {r["grade"]: r["n"] for r in rows.values("grade").annotate(n=Count("pk"))}
    sectors = [
        (r["sector_name"], r["n"])
        for r in rows.values("sector_name").annotate(n=Count("pk")).order_by("-n", "sector_name")
    ]
    months = [0] * 12
    deaths = 0
    for r in (
        rows.annotate(month=ExtractMonth("occurred_at"))
        .values("month")
        .annotate(n=Count("pk"), dead=Sum("deaths"))
    ):
        months[r["month"] - 1] = r["n"]
        deaths += r["dead"] or 0
    return AccidentStats(
        year=year,
        total=sum(months),
        deaths=deaths,
        by_grade=[(grade, grades.get(grade, 0)) for grade in GRADES],
        by_sector=sectors,
        by_month=months,
    )


@dataclass(frozen=True)
class NamedAccident:
    accident: Accident
    rows: list[ChainRow]  # the chain entries naming the person (the holder on the day) or their posts


def accidents_naming(
    accidents: QuerySet[Accident], *, person_ids: set[int], post_ids: set[int], limit: int = 10
) -> list[NamedAccident]:
    """Of the ``limit`` latest ``accidents``, those whose answerable chain names one of ``person_ids``
    (the holder on the accident day) or of ``post_ids``. The chain is computed per accident, so the
    number read is capped: a home page shows the latest, the accident list shows them all."""
    found: list[NamedAccident] = []
    for accident in accidents.select_related("unit", "pack").order_by("-occurred_at", "-pk")[:limit]:
        rows = [
            row
            for row in accident_chain(accident)
            if row.post.pk in post_ids or (row.person is not None and row.person.pk in person_ids)
        ]
        if rows:
            found.append(NamedAccident(accident, rows))
    return found


def reporting_clocks(
    accidents: QuerySet[Accident], today: dt.date, limit: int = 10
) -> list[tuple[Accident, Assessment]]:
    """Accidents whose supplement window (493:art_13) is still open, with their reporting assessment:
    the clocks a unit operator watches (capped at ``limit``, the latest first)."""
    recent = accidents.filter(supplement_last_day__gte=today).select_related("unit", "pack")
    return [
        (accident, reporting_assessment(accident))
        for accident in recent.order_by("-occurred_at", "-pk")[:limit]
    ]
