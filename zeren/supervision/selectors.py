"""Reads for supervision: scoped finding lists, the overdue dashboard, per-unit facts for assessment.

``inspection_facts`` is the indicator read by the annual assessment (arts. 54–56) and by the committee
office's comprehensive rating of principals (art. 57 para 2): for each unit and year, the findings by
severity, how many were rectified on time, overdue, verified — each count with the clauses behind it.
``organisation_inspection_facts`` gives the same facts per inspected department (a target with an
organisation), for the assessment of prefecture departments.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min, QuerySet
from django.utils import timezone

from zeren.common.actor import Actor

from . import rules
from .models import Finding, Plan, Target
from .permissions import visible_targets


def visible_findings(user: Actor) -> QuerySet[Finding]:
    """The findings of the targets the user may see, with what a list row shows loaded."""
    return Finding.objects.filter(target__in=visible_targets(user)).select_related(
        "target__unit", "target__organisation", "target__plan", "owner"
    )


def overdue(qs: QuerySet[Finding], today: dt.date | None = None) -> QuerySet[Finding]:
    """The unresolved findings of ``qs`` past their rectification deadline, oldest deadline first."""
    today = today or timezone.localdate()
    return qs.filter(status__in=rules.UNRESOLVED, deadline__lt=today).order_by("deadline", "pk")


@dataclass
class UnitFacts:
    unit_id: int
    unit_name: str
    year: int
    by_severity: dict[str, int] = field(default_factory=dict)
    findings: int = 0
    verified: int = 0
    rectified_on_time: int = 0
    overdue: int = 0
    escalated: int = 0
    clauses: dict[str, list[str]] = field(default_factory=dict)  # fact -> clauses (sorted, unique)
    basis: tuple[str, ...] = ("art_53", "art_54", "art_18__para_1__point_2")

    def as_dict(self) -> dict[str, Any]:
        """The unit's supervision facts as the assessment reads them."""
        return {
            "unit_id": self.unit_id,
            "unit": self.unit_name,
            "year": self.year,
            "findings": self.findings,
            "by_severity": self.by_severity,
            "verified": self.verified,
            "rectified_on_time": self.rectified_on_time,
            "overdue": self.overdue,
            "escalated": self.escalated,
            "clauses": self.clauses,
            "basis": list(self.basis),
        }


def inspection_facts(
    *, year: int, unit_ids: list[int] | None = None, today: dt.date | None = None
) -> dict[int, UnitFacts]:
    """Per target unit, the facts of the year's findings (one query, whatever the number of units)."""
    return _facts_by("unit", year=year, ids=unit_ids, today=today)


def organisation_inspection_facts(
    *, year: int, organisation_ids: list[int], today: dt.date | None = None
) -> dict[int, UnitFacts]:
    """Per target organisation (a department inspected as such), the facts of the year's findings.

    Keyed by ``Target.organisation_id``; in each ``UnitFacts`` ``unit_id``/``unit_name`` are the
    organisation's id and name. Findings on unit-wide targets (no organisation) are not counted here.
    One query, whatever the number of organisations.
    """
    return _facts_by("organisation", year=year, ids=organisation_ids, today=today)


def _facts_by(group: str, *, year: int, ids: list[int] | None, today: dt.date | None) -> dict[int, UnitFacts]:
    """The facts of ``year``'s findings grouped by their target's ``unit`` or ``organisation``."""
    today = today or timezone.localdate()
    key, name = f"target__{group}_id", f"target__{group}__name"
    qs = Finding.objects.filter(target__plan__year=year, **{f"{key}__isnull": False})
    if ids is not None:
        qs = qs.filter(**{f"{key}__in": ids})
    rows = list(
        qs.annotate(first_report=Min("reports__reported_on")).values(
            "pk", key, name, "severity", "status", "deadline", "clause", "first_report", "escalated_at"
        )
    )
    facts: dict[int, UnitFacts] = {}
    clause_sets: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in rows:
        gid = r[key]
        f = facts.setdefault(gid, UnitFacts(gid, r[name], year, dict.fromkeys(rules.SEVERITIES, 0)))
        f.findings += 1
        f.by_severity[r["severity"]] += 1
        clause_sets[gid]["findings"].add(r["clause"])
        clause_sets[gid][r["severity"]].add(r["clause"])
        verified = r["status"] == rules.VERIFIED
        checks = {
            "verified": verified,
            "rectified_on_time": rules.rectified_on_time(
                first_report_on=r["first_report"], deadline=r["deadline"], verified=verified
            ),
            "overdue": rules.is_overdue(status=r["status"], deadline=r["deadline"], today=today),
            "escalated": r["escalated_at"] is not None,
        }
        for fact, hit in checks.items():
            if hit:
                setattr(f, fact, getattr(f, fact) + 1)
                clause_sets[gid][fact].add(r["clause"])
    for gid, f in facts.items():
        f.clauses = {k: sorted(v) for k, v in sorted(clause_sets[gid].items())}
    return facts


def findings_matrix(plan: Plan) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
    """(clauses by descending count, unit names, counts[(clause, unit)]) for a plan's findings."""
    counts: Counter[tuple[str, str]] = Counter()
    units: dict[str, str] = {}
    from django.db.models import Count

    rows = (  # counted in SQL: one row per (clause, unit), however many findings
        Finding.objects.filter(target__plan=plan)
        .order_by()
        .values_list("clause", "target__unit__path", "target__unit__name")
        .annotate(n=Count("pk"))
    )
    for clause, path, name, n in rows:
        counts[(clause, name)] += n
        units[path] = name
    totals: Counter[str] = Counter()
    for (clause, _), n in counts.items():
        totals[clause] += n
    clauses = sorted(totals, key=lambda c: (-totals[c], c))
    return clauses, [units[p] for p in sorted(units)], dict(counts)


def plan_targets(plan: Plan) -> QuerySet[Target]:
    """The plan's targets with their checklist and finding counts (annotated: no query per row)."""
    from django.db.models import Count

    return (
        plan.targets.select_related("unit", "organisation")
        .annotate(
            item_count=Count("items", distinct=True),
            finding_count=Count("findings", distinct=True),
        )
        .order_by("unit__path", "pk")
    )


TARGET_ORDER = ("unit__path", "pk")
PLAN_ORDER = ("-year", "-pk")


def filter_plans(
    qs: QuerySet[Plan], *, year: int | None = None, status: str | None = None, kind: str | None = None
) -> QuerySet[Plan]:
    """Plans narrowed on the server: an unknown status or kind matches nothing."""
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def plan_findings(plan: Plan, *, status: str | None = None, unit: str | None = None) -> QuerySet[Finding]:
    """A plan's findings (by id), narrowed by rectification state and by the target's unit code."""
    qs = Finding.objects.filter(target__plan=plan).select_related(
        "target__unit", "target__organisation", "owner"
    )
    if status:
        qs = qs.filter(status=status)
    if unit:
        qs = qs.filter(target__unit__code=unit)
    return qs.order_by("pk")


# -- home pages and charts ----------------------------------------------------------------------------


def findings_by_status(qs: QuerySet[Finding], year: int | None = None) -> list[tuple[str, int]]:
    """Findings (found in ``year`` when given) counted per rectification state, every state listed."""
    from django.db.models import Count

    rows = qs.filter(found_on__year=year) if year is not None else qs
    counts = {r["status"]: r["n"] for r in rows.order_by().values("status").annotate(n=Count("pk"))}
    return [(label, counts.get(value, 0)) for value, label in Finding.Status.choices]


def to_rectify(qs: QuerySet[Finding], limit: int = 10) -> tuple[int, list[Finding]]:
    """Findings the unit still owes a rectification report for, the nearest deadline first."""
    pending = qs.filter(status__in=rules.UNRESOLVED)
    return pending.count(), list(pending.order_by("deadline", "pk")[:limit])
