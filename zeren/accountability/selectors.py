"""Reads for cases: each person's proposal with its evidence, the decision history, eligibility.

Proposals are computed on every read by the pure ``propose`` from the case, the subject's recorded
facts and the evidence of art. 68 (the responsibility list of the post in force on the case's date
and the post's obligation occurrences in the year before it). Nothing is decided here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from zeren.accidents.rules import Rules, rules_for
from zeren.duties.models import ResponsibilityList
from zeren.law import cite
from zeren.obligations.models import Occurrence
from zeren.org.models import Person
from zeren.org.selectors import UNIT_PRINCIPAL_ROLES
from zeren.policy.accountability import PersonFacts, Proposal, propose
from zeren.policy.eligibility import DecisionFact, Eligibility, eligibility

from .models import Case, Decision, Subject

# Case trigger -> the pack's accountability trigger id (pack ``accountability.triggers``).
PACK_TRIGGER = {
    Case.Trigger.ACCIDENT: "accident_responsibility",
    Case.Trigger.REPORT_FAILURE: "report_failure",
    Case.Trigger.DUTY_FAILURE: "duty_failure",
    Case.Trigger.OBSTRUCTION: "obstruction",
    Case.Trigger.INTERFERENCE: "obstruction",
}
# Case trigger -> the proposal's trigger: the pack's accident and reporting triggers by their role.
PROPOSAL_TRIGGER = {
    Case.Trigger.ACCIDENT: "accident",
    Case.Trigger.REPORT_FAILURE: "reporting",
    Case.Trigger.DUTY_FAILURE: "duty_failure",
    Case.Trigger.OBSTRUCTION: "obstruction",
    Case.Trigger.INTERFERENCE: "obstruction",
}
PRINCIPAL_ROLES = (*UNIT_PRINCIPAL_ROLES, "department_principal")
# Facts about a person recorded in a case (``Subject.facts``), with their labels.
FACT_LABELS = {
    "report_responsibility": "对事故报告负有领导责任（第六十三条第一款第（三）项；默认：单位主要负责人）",
    "duties_fully_performed": "经查实已全面履行规定职责（第六十八条）",
    "deployments_implemented": "经查实已全面落实党委和政府有关工作部署（第六十八条）",
    "remedial_actions": "主动采取补救措施（第六十七条）",
    "enlarged_harm": "工作不力致伤亡、损失扩大或造成严重社会影响（第六十六条）",
    "main_leadership_responsibility": "负有主要领导责任（第六十六条）",
    "suspected_crime": "涉嫌职务违法犯罪（第六十四条第一款）",
}
EVIDENCE_DAYS = 366


def trigger_clauses(trigger: str, rules: Rules) -> list[str]:
    wanted = PACK_TRIGGER[Case.Trigger(trigger)]
    clauses = [p.clause for p in rules.pack.accountability.triggers if p.id == wanted]
    if trigger == Case.Trigger.INTERFERENCE:
        clauses.insert(0, "art_19__para_1__point_8")
    return clauses


def case_rules(case: Case) -> Rules:
    """The rules of the accident's pack version; for other cases, of the pack in force today."""
    return rules_for(case.accident.pack if case.accident else None)


# -- art. 68 evidence ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    kind: str  # list | occurrence
    text: str
    ok: bool


def list_in_force(subject: Subject, day: dt.date) -> ResponsibilityList | None:
    """The post's responsibility list version published on or before ``day`` and in force that day."""
    if subject.post_id is None:
        return None
    return (
        ResponsibilityList.objects.filter(post_id=subject.post_id, published_at__date__lte=day)
        .filter(Q(superseded_at__isnull=True) | Q(superseded_at__date__gt=day))
        .order_by("-version")
        .first()
    )


def occurrences_around(subject: Subject, day: dt.date) -> QuerySet[Occurrence]:
    """The post's obligation occurrences due in the year up to ``day`` (art. 68 evidence)."""
    if subject.post_id is None:
        return Occurrence.objects.none()
    return (
        Occurrence.objects.filter(
            post_id=subject.post_id, due__gt=day - dt.timedelta(days=EVIDENCE_DAYS), due__lte=day
        )
        .select_related("obligation")
        .order_by("due", "obligation_code")
    )


def _cite(eid: str) -> str:
    try:
        return cite(eid)
    except (ValueError, KeyError):
        return eid


def evidence_for(subject: Subject) -> list[Evidence]:
    day = subject.case.on
    items: list[Evidence] = []
    published = list_in_force(subject, day)
    if published is None:
        items.append(Evidence("list", f"{day:%Y-%m-%d} 时该岗位无已发布的责任清单", ok=False))
    else:
        published_on = published.published_at.date() if published.published_at else day
        items.append(
            Evidence(
                "list",
                f"责任清单《{published.title}》第{published.version}版（{published_on:%Y-%m-%d} 发布）",
                ok=True,
            )
        )
    for occ in occurrences_around(subject, day):
        done = occ.status in (Occurrence.Stored.DONE, Occurrence.Stored.DONE_LATE, Occurrence.Stored.WAIVED)
        when = f" {occ.effective_date:%Y-%m-%d}" if occ.effective_date else ""
        items.append(
            Evidence(
                "occurrence",
                f"履职事项 {occ.obligation.name}（{_cite(occ.clause)}）{occ.period_label}，"
                f"到期 {occ.due:%Y-%m-%d}："
                f"{occ.get_status_display()}{when}",
                ok=done and occ.status != Occurrence.Stored.DONE_LATE,
            )
        )
    return items


# -- proposals -----------------------------------------------------------------------------------


def finding_kinds(case: Case) -> tuple[str, ...]:
    if case.finding_id is not None and case.finding is not None:
        return (case.finding.kind,)
    if case.accident_id is not None:
        return tuple(sorted(set(case.accident.findings.values_list("kind", flat=True))))  # type: ignore[union-attr]
    return ()


def fact_values(subject: Subject) -> dict[str, bool]:
    """The subject's recorded facts, each key present. ``report_responsibility`` not yet recorded
    defaults to whether the subject is a principal of their unit (the unit's leadership answers for its
    report, art. 63 para 1 item 3); the reviewer may change it."""
    facts = subject.facts or {}
    values = {key: bool(facts.get(key, False)) for key in FACT_LABELS}
    if "report_responsibility" not in facts:
        values["report_responsibility"] = subject.role_code in PRINCIPAL_ROLES
    return values


def person_facts(subject: Subject, evidence: list[Evidence], kinds: tuple[str, ...]) -> PersonFacts:
    facts = fact_values(subject)
    return PersonFacts(
        post_code=subject.post.code if subject.post else "",
        role_code=subject.role_code,
        holder_code=subject.person.code,
        holder_name=subject.person.name,
        is_principal=subject.role_code in PRINCIPAL_ROLES,
        duties_fully_performed=facts["duties_fully_performed"],
        deployments_implemented=facts["deployments_implemented"],
        evidence=tuple(e.text for e in evidence),
        remedial_actions=facts["remedial_actions"],
        enlarged_harm=facts["enlarged_harm"],
        main_leadership_responsibility=facts["main_leadership_responsibility"],
        reporting_findings=kinds,
        report_responsibility=facts["report_responsibility"],
        suspected_crime=facts["suspected_crime"],
    )


@dataclass(frozen=True)
class SubjectView:
    subject: Subject
    proposal: Proposal
    evidence: list[Evidence]
    decisions: list[Decision]
    current: Decision | None


def proposal_for(subject: Subject, rules: Rules | None = None) -> tuple[Proposal, list[Evidence]]:
    case = subject.case
    rules = rules or case_rules(case)
    evidence = evidence_for(subject)
    proposal = propose(
        trigger=PROPOSAL_TRIGGER[Case.Trigger(case.trigger)],
        grade=case.accident.grade if case.accident else None,
        facts=person_facts(subject, evidence, finding_kinds(case)),
        rules=rules.proposal,
    )
    return proposal, evidence


def current_decision(subject: Subject) -> Decision | None:
    """The subject's decision in force: the one no later decision amends."""
    return subject.decisions.filter(amended_by__isnull=True).order_by("-recorded_at", "-pk").first()


def case_subjects(case: Case) -> list[SubjectView]:
    rules = case_rules(case)
    views: list[SubjectView] = []
    for subject in case.subjects.select_related("person", "post", "case__accident", "case__finding"):
        views.append(subject_view(subject, rules))
    return views


def subject_view(subject: Subject, rules: Rules | None = None) -> SubjectView:
    """One subject with its proposal, its evidence and its decisions (the current one apart)."""
    proposal, evidence = proposal_for(subject, rules)
    decisions = list(subject.decisions.select_related("amends", "recorded_by").order_by("recorded_at", "pk"))
    amended = {d.amends_id for d in decisions}
    current = next((d for d in reversed(decisions) if d.pk not in amended), None)
    return SubjectView(subject, proposal, evidence, decisions, current)


@dataclass(frozen=True)
class PossibleRow:
    """A post the case keeps as possible (``Case.possible``, the chain's JSON form) and, once it has been
    listed (列为问责对象), the subject it became."""

    entry: dict[str, Any]
    subject_id: int | None
    decided: bool = False  # the subject has a decision: it can no longer be withdrawn

    @property
    def post(self) -> str:
        return str(self.entry.get("post", ""))


def possible_posts(case: Case) -> list[PossibleRow]:
    """The case's possible posts in the chain's order, each with its subject when the post is one (promoted
    after the inquiry, or added by hand) and whether that subject has a decision: one query."""
    entries = [p for p in case.possible if isinstance(p, dict)]
    codes = [str(p.get("post", "")) for p in entries]
    listed: dict[str, tuple[int, bool]] = {}
    rows = (
        case.subjects.filter(post__code__in=codes)
        .annotate(decided=Exists(Decision.objects.filter(subject=OuterRef("pk"))))
        .order_by("position", "pk")
        .values_list("post__code", "pk", "decided")
    )
    for code, pk, decided in rows:
        listed.setdefault(code, (pk, decided))
    unlisted: tuple[int | None, bool] = (None, False)
    pairs = zip(entries, codes, strict=True)
    return [PossibleRow(entry, *listed.get(code, unlisted)) for entry, code in pairs]


# -- eligibility (the veto of art. 65; the clauses cited come from the pack) ----------------------------


def decision_facts(person: Person, cases: QuerySet[Case] | None = None) -> list[DecisionFact]:
    """The person's decisions in force (amended ones excluded), wherever they serve now (the bar follows
    the person: the pack's ``veto.after_transfer``).

    ``cases`` limits the decisions to those cases (a reader's visible cases); None reads them all.
    """
    return decision_facts_for([person], cases).get(person.pk, [])


def decision_facts_for(
    persons: list[Person], cases: QuerySet[Case] | None = None
) -> dict[int, list[DecisionFact]]:
    """``decision_facts`` for many people in one query (the assessment reads every principal's)."""
    codes = {p.pk: p.code for p in persons}
    rows = Decision.objects.filter(
        subject__person_id__in=list(codes), amended_by__isnull=True, outcome=Decision.Outcome.ACCOUNTABLE
    ).select_related("subject__case")
    if cases is not None:
        rows = rows.filter(subject__case__in=cases.values("pk"))
    result: dict[int, list[DecisionFact]] = {}
    for d in rows.order_by("decided_on", "pk"):
        result.setdefault(d.subject.person_id, []).append(
            DecisionFact(
                person_code=codes[d.subject.person_id],
                form=d.form,
                decided_on=d.decided_on,
                accident_related=d.leadership_responsibility
                and (d.subject.case.accident_id is not None or d.subject.case.finding_id is not None),
                case_ref=d.subject.case.number,
                sanction_grade=d.sanction_grade,
            )
        )
    return result


def check_eligibility(person: Person, on: dt.date, *, cases: QuerySet[Case] | None = None) -> Eligibility:
    """Whether the art. 65 veto bars ``person`` on ``on`` (assessment, awards, promotion).

    A page or API reader passes their visible cases: decisions in cases they may not read stay hidden.
    """
    rules = rules_for(on=on)
    return eligibility(
        on=on,
        decisions=decision_facts(person, cases),
        veto_periods=rules.veto_periods,
        period_sources=rules.veto_period_sources,
        clauses=rules.veto_clauses,
        form_names=rules.form_names,
    )


# -- home pages ----------------------------------------------------------------------------------------


def cases_naming(cases: QuerySet[Case], person_ids: set[int], limit: int = 10) -> list[Case]:
    """Of ``cases`` (scoped to the reader), those with a subject among ``person_ids``, latest first."""
    if not person_ids:
        return []
    return list(cases.filter(subjects__person_id__in=person_ids).distinct().order_by("-on", "-pk")[:limit])


def recent_cases(cases: QuerySet[Case], limit: int = 10) -> tuple[int, list[Case]]:
    """How many ``cases`` there are and the latest ``limit`` with their subjects' count."""
    from django.db.models import Count

    latest = cases.annotate(subject_count=Count("subjects")).order_by("-opened_at", "-pk")[:limit]
    return cases.count(), list(latest)


def undecided_subjects(cases: QuerySet[Case]) -> int:
    """Subjects of ``cases`` with no decision recorded yet (what a reviewer still has to read)."""
    return Subject.objects.filter(case__in=cases, decisions__isnull=True).count()
