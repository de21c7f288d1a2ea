"""Writes for accountability: open cases, record interference, record facts and decisions.

Keyword-only, atomic, audited in the same transaction. A case's subjects are fixed when it opens:
the people who held the answerable posts on the case's date (for an accident, its day), so a later
transfer never changes who is named. Decisions are append-only; an amendment references the decision
it replaces, which must be the subject's current one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from zeren.accidents.models import Accident, ReportingFinding
from zeren.accidents.rules import Rules, rules_for
from zeren.accidents.selectors import ChainRow, accident_chain, accident_day, chain_payload
from zeren.audit.services import record_event, snapshot
from zeren.common.actor import Actor, acting_user
from zeren.org.models import Organisation, Person, Post, Unit
from zeren.org.selectors import holders_of

from .errors import AlreadyDecided, AlreadySubject, InvalidCase, InvalidDecision, StaleAmendment
from .models import Case, Decision, InterferenceRecord, Subject
from .permissions import find_person, find_post, in_scope, person_missing
from .selectors import (
    FACT_LABELS,
    case_rules,
    check_eligibility,
    current_decision,
    fact_values,
    trigger_clauses,
)

__all__ = [
    "add_subject",
    "check_eligibility",
    "open_case",
    "open_case_for_accident",
    "open_case_for_finding",
    "open_case_for_interference",
    "promote_possible",
    "record_decision",
    "record_interference",
    "set_subject_facts",
]

MITIGATIONS = ("", "从轻", "减轻", "从重")


def _check_scope(
    actor: Actor, unit: Unit, people: Sequence[Person] = (), posts: Sequence[Post | None] = ()
) -> None:
    """A user names only units, people and posts in their own subtree (the system and CLI: anything)."""
    problem = in_scope(actor, unit=unit, people=people, posts=posts)
    if problem is not None:
        raise InvalidCase(problem, field="unit" if problem.startswith("没有单位") else "people")


def _create_case(*, actor: Actor, **fields: Any) -> Case:
    _check_scope(actor, fields["unit"])
    case = Case.objects.create(opened_by=acting_user(actor), **fields)
    record_event(
        actor=actor,
        action="accountability.open_case",
        obj=case,
        after=snapshot(case),
        unit_path=case.unit.path,
    )
    return case


def _possible(rows: Sequence[ChainRow]) -> list[dict[str, Any]]:
    """The chain's possible posts, as the case keeps them (not subjects: to be verified by the inquiry), in
    the chain's own JSON form."""
    return chain_payload([row for row in rows if not row.entry.likely])


def _chain_basis(
    clauses: Sequence[str], reason: str, responsibility: str, trigger_clauses: Sequence[str]
) -> list[dict[str, str]]:
    """A chain post's basis as its subject keeps it: each of the post's clauses with the chain's reason and
    the responsibility it is examined for, then the case's trigger clauses."""
    basis = [{"clause": c, "reason": reason, "responsibility": responsibility} for c in clauses]
    return basis + [{"clause": c, "reason": "问责情形"} for c in trigger_clauses]


def _subjects_from_chain(case: Case, rows: Sequence[ChainRow], trigger_clause: list[str]) -> None:
    """The chain's likely posts become the case's subjects (each with a proposal); the possible ones are
    kept on the case (``Case.possible``) as 可能涉及，需调查核实 — a reviewer lists one with
    ``promote_possible`` once the inquiry finds it answerable."""
    position = 0
    for row in rows:
        if row.person is None or not row.entry.likely:
            continue  # a vacant post: nobody to name (the page shows the chain with vacancies)
        position += 1
        entry = row.entry
        Subject.objects.create(
            case=case,
            person=row.person,
            post=row.post,
            post_title=row.post.title,
            unit_name=row.post.unit.name,
            role_code=row.post.role_code,
            acting=row.acting,
            basis=_chain_basis(entry.clauses, entry.reason, entry.responsibility, trigger_clause),
            position=position,
        )


@transaction.atomic
def open_case_for_accident(*, actor: Actor, accident: Accident, title: str = "", facts: str = "") -> Case:
    """A case for leadership responsibility for an accident (art. 63 para 1 item 4), naming the chain."""
    accident = Accident.objects.select_related("unit", "pack").get(pk=accident.pk)  # the current grade
    rules = rules_for(accident.pack)
    clauses = trigger_clauses(Case.Trigger.ACCIDENT, rules)
    day = accident_day(accident)
    rows = accident_chain(accident, rules)
    case = _create_case(
        actor=actor,
        trigger=Case.Trigger.ACCIDENT,
        clauses=clauses,
        unit=accident.unit,
        on=day,
        title=title
        or f"{accident.enterprise}“{day.month}·{day.day}”{accident.grade}{accident.sector_name}事故问责",
        facts=facts or accident.description,
        accident=accident,
        possible=_possible(rows),
    )
    _subjects_from_chain(case, rows, clauses)
    return case


@transaction.atomic
def open_case_for_finding(
    *, actor: Actor, finding: ReportingFinding, title: str = "", facts: str = ""
) -> Case:
    """A case for 迟报、漏报、谎报、瞒报 (art. 63 para 1 item 3), reaching as far as the pack says."""
    accident = Accident.objects.select_related("unit", "pack").get(pk=finding.accident_id)
    rules = rules_for(accident.pack)
    clauses = trigger_clauses(Case.Trigger.REPORT_FAILURE, rules)
    clauses += [c for c in finding.clauses if c not in clauses]
    rows = accident_chain(accident, rules, report_failure=True)
    case = _create_case(
        actor=actor,
        trigger=Case.Trigger.REPORT_FAILURE,
        clauses=clauses,
        unit=accident.unit,
        on=accident_day(accident),
        title=title or f"{accident.enterprise}事故{finding.get_kind_display()}问责",
        facts=facts or finding.basis,
        accident=accident,
        finding=finding,
        possible=_possible(rows),
    )
    _subjects_from_chain(case, rows, clauses)
    return case


def _add(
    case: Case, person: Person, post: Post | None, basis: list[dict[str, str]], position: int
) -> Subject:
    acting = False
    if post is not None:
        tenure = holders_of(post, case.on).filter(person=person).first()
        if tenure is None:
            raise InvalidCase(f"{person.name} 在 {case.on:%Y-%m-%d} 未担任 {post.title}", field="people")
        acting = tenure.acting
    return Subject.objects.create(
        case=case,
        person=person,
        post=post,
        post_title=post.title if post else "",
        unit_name=post.unit.name if post else "",
        role_code=post.role_code if post else "",
        acting=acting,
        basis=basis,
        position=position,
    )


@transaction.atomic
def open_case(
    *,
    actor: Actor,
    trigger: str,
    unit: Unit,
    on: dt.date,
    title: str,
    facts: str,
    people: Sequence[tuple[Person, Post | None]],
    source_reference: str = "",
) -> Case:
    """A case for a duty not performed (63(1), e.g. an inspection finding) or obstruction (63(2))."""
    if trigger not in (Case.Trigger.DUTY_FAILURE, Case.Trigger.OBSTRUCTION):
        raise InvalidCase(
            "此处只登记未履职（第六十三条第一款第一项）或阻挠干涉（第二项）案件", field="trigger"
        )
    if not people:
        raise InvalidCase("请至少列出一名问责对象", field="people")
    if not title.strip() or not facts.strip():
        raise InvalidCase("请填写案件名称和基本事实", field="facts")
    _check_scope(actor, unit, [p for p, _ in people], [post for _, post in people])
    clauses = trigger_clauses(trigger, rules_for())
    case = _create_case(
        actor=actor,
        trigger=trigger,
        clauses=clauses,
        unit=unit,
        on=on,
        title=title.strip(),
        facts=facts.strip(),
        source_reference=source_reference.strip(),
    )
    label = Case.Trigger(trigger).label
    for position, (person, post) in enumerate(people, start=1):
        _add(case, person, post, [{"clause": c, "reason": label} for c in clauses], position)
    return case


@transaction.atomic
def record_interference(
    *,
    actor: Actor,
    unit: Unit,
    person: Person,
    occurred_on: dt.date,
    description: str,
    post: Post | None = None,
    recording_organisation: Organisation | None = None,
    reported_to: Sequence[str] = ("organisation_department", "discipline_inspection"),
    reported_on: dt.date | None = None,
) -> InterferenceRecord:
    """Art. 19 para 1 item 8: record a leader's illegal interference and its report to the organs."""
    unknown = [r for r in reported_to if r not in InterferenceRecord.Recipient.values]
    if unknown:
        raise InvalidCase(f"unknown recipients {unknown}", field="reported_to")
    if not description.strip():
        raise InvalidCase("请写明干预情况", field="description")
    _check_scope(actor, unit, [person], [post])
    record = InterferenceRecord.objects.create(
        unit=unit,
        person=person,
        post=post,
        occurred_on=occurred_on,
        description=description.strip(),
        recording_organisation=recording_organisation,
        reported_to=list(reported_to),
        reported_on=reported_on,
        recorded_by=acting_user(actor),
    )
    record_event(
        actor=actor,
        action="accountability.record_interference",
        obj=record,
        after=snapshot(record),
        unit_path=unit.path,
    )
    return record


@transaction.atomic
def open_case_for_interference(*, actor: Actor, record: InterferenceRecord, title: str = "") -> Case:
    clauses = trigger_clauses(Case.Trigger.INTERFERENCE, rules_for())
    case = _create_case(
        actor=actor,
        trigger=Case.Trigger.INTERFERENCE,
        clauses=clauses,
        unit=record.unit,
        on=record.occurred_on,
        title=title or f"{record.person.name}违法干预问责",
        facts=record.description,
        interference=record,
    )
    _add(case, record.person, record.post, [{"clause": c, "reason": "违法干预记录"} for c in clauses], 1)
    return case


@transaction.atomic
def add_subject(*, actor: Actor, case: Case, person: Person, post: Post | None, reason: str) -> Subject:
    _check_scope(actor, case.unit, [person], [post])
    position = case.subjects.count() + 1
    subject = _add(case, person, post, [{"clause": c, "reason": reason} for c in case.clauses], position)
    record_event(
        actor=actor,
        action="accountability.add_subject",
        obj=subject,
        after=snapshot(subject),
        unit_path=case.unit.path,
    )
    return subject


@transaction.atomic
def promote_possible(*, actor: Actor, case: Case, post_code: str) -> Subject:
    """列为问责对象: one of the case's possible posts (可能涉及，需调查核实), found answerable by the
    inquiry, becomes a subject with the chain's responsibility, clauses and reason kept.

    The person named is the post's holder on the case's date, chosen as the chain chooses when the case
    opens (``holders_of``: the full holder before an acting one), read from the roster now, so a tenure
    recorded after the case opened counts. Whoever may change the case (``permissions.CHANGE``) may do it;
    the person and post come from the case's own chain, so they are not checked against the actor's
    subtree (a post of another involved county is reached too). A post already a subject — promoted or
    added by hand — is refused (``AlreadySubject``), so a repeated request changes nothing.
    """
    case = (
        Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
    )  # one at a time
    _check_scope(actor, case.unit)
    entry = next((p for p in case.possible if isinstance(p, dict) and p.get("post") == post_code), None)
    if entry is None:
        raise InvalidCase(f"岗位 {post_code} 不在本案“可能涉及，需调查核实”之列", field="post")
    label = f"{entry.get('title') or post_code}（{post_code}）"
    post = Post.objects.select_related("unit").filter(code=post_code).first()
    if post is None:
        raise InvalidCase(f"岗位 {label} 已不在机构名册中，无法列为问责对象", field="post")
    listed = case.subjects.filter(post=post).select_related("person").first()
    if listed is not None:
        raise AlreadySubject(
            f"岗位 {label} 已列为问责对象（{listed.person.name}），无需重复列入", field="post"
        )
    tenure = holders_of(post, case.on).first()
    if tenure is None:
        raise InvalidCase(
            f"岗位 {label} 在 {case.on:%Y-%m-%d} 空缺，没有可列为问责对象的时任者", field="post"
        )
    last = case.subjects.order_by("-position").values_list("position", flat=True).first() or 0
    subject = Subject.objects.create(
        case=case,
        person=tenure.person,
        post=post,
        post_title=post.title,
        unit_name=post.unit.name,
        role_code=post.role_code,
        acting=tenure.acting,
        basis=_chain_basis(
            [str(c) for c in entry.get("clauses", ())],
            str(entry.get("reason") or ""),
            str(entry.get("responsibility") or ""),
            case.clauses,
        ),
        position=last + 1,
    )
    record_event(
        actor=actor,
        action="accountability.promote_possible",
        obj=subject,
        object_repr=f"{case.number} · {tenure.person.name}（时任{post.title}）",
        after=snapshot(subject),
        unit_path=case.unit.path,
    )
    return subject


@transaction.atomic
def withdraw_possible(*, actor: Actor, case: Case, post_code: str) -> None:
    """撤回列为问责对象: undo ``promote_possible`` while nothing has been decided — the post listed from the
    case's possible posts goes back to them (a wrong click, or the inquiry's view changed before any
    decision). Once a decision is recorded the subject stays: the way out is a decision (不予问责…), amended
    as any other. Audited with the subject as it was (``accountability.withdraw_possible``)."""
    case = (
        Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
    )  # one at a time, as promote_possible
    _check_scope(actor, case.unit)
    entry = next((p for p in case.possible if isinstance(p, dict) and p.get("post") == post_code), None)
    if entry is None:
        raise InvalidCase(f"岗位 {post_code} 不在本案“可能涉及，需调查核实”之列，不能撤回", field="post")
    label = f"{entry.get('title') or post_code}（{post_code}）"
    subject = case.subjects.filter(post__code=post_code).select_related("person").first()
    if subject is None:
        raise InvalidCase(f"岗位 {label} 未列为问责对象，无需撤回", field="post")
    if subject.decisions.exists():
        who = f"{subject.person.name}（时任{subject.post_title}）"
        raise InvalidCase(f"{who}已有决定，不能撤回；如经核实不应问责，请记录不予问责的决定", field="post")
    before = snapshot(subject)
    record_event(
        actor=actor,
        action="accountability.withdraw_possible",
        obj=subject,
        object_repr=f"{case.number} · {subject.person.name}（时任{subject.post_title}）",
        before=before,
        unit_path=case.unit.path,
    )
    subject.delete()


@transaction.atomic
def set_subject_facts(*, actor: Actor, subject: Subject, facts: Mapping[str, bool]) -> Subject:
    """Record the case facts about one person that the proposal reads (arts. 64, 66–68)."""
    unknown = sorted(set(facts) - set(FACT_LABELS))
    if unknown:
        raise InvalidCase(f"unknown facts {unknown}", field="facts")
    before = snapshot(subject, ["facts"])
    current = fact_values(subject)  # a fact left out keeps its default only for report responsibility
    subject.facts = {
        key: bool(facts[key]) if key in facts else key == "report_responsibility" and current[key]
        for key in FACT_LABELS
    }
    subject.save(update_fields=["facts"])
    record_event(
        actor=actor,
        action="accountability.set_subject_facts",
        obj=subject,
        before=before,
        after=snapshot(subject, ["facts"]),
        unit_path=subject.case.unit.path,
    )
    return subject


def _decision_clauses(
    rules: Rules, *, outcome: str, form: str, organ: str, referral: bool, veto: bool
) -> list[str]:
    acc = rules.pack.accountability
    clauses: list[str] = []
    if outcome == Decision.Outcome.EXEMPT and acc.exemption is not None:
        clauses.append(acc.exemption.clause)
    if outcome == Decision.Outcome.ACCOUNTABLE:
        forms = {f.id: f.clause for f in acc.forms}
        if acc.sanction is not None:
            forms[acc.sanction.id] = acc.sanction.clause
        clauses.append(forms[form])
        if veto and acc.veto is not None:
            clauses.append(acc.veto.clause)
    if referral and acc.referral is not None:
        clauses.append(acc.referral.clause)
    clauses += [o.clause for o in acc.deciding_organs if o.id == organ]
    return list(dict.fromkeys(clauses))


def _known_grade(grade: str, grades: Sequence[str]) -> str:
    """The pack's sanction grade for ``grade`` (its full name, or the name without the kind when that is
    unambiguous, e.g. 撤销党内职务): every grade recorded has an art. 65 period in the pack."""
    grade = grade.strip()
    if grade in grades:
        return grade
    same = [g for g in grades if g.split("（", 1)[0] == grade]
    if grade and len(same) == 1:
        return same[0]
    raise InvalidDecision(
        f"处分种类须为政策包所列之一：{'、'.join(grades)}" if grades else "政策包未列处分种类",
        field="sanction_grade",
    )


@transaction.atomic
def record_decision(
    *,
    actor: Actor,
    subject: Subject,
    outcome: str,
    organ: str,
    decided_on: dt.date,
    reasoning: str,
    form: str = "",
    sanction_grade: str = "",
    leadership_responsibility: bool = False,
    referral: bool = False,
    mitigation: str = "",
    amends: Decision | None = None,
) -> Decision:
    """Record a decision by the competent organ (art. 71) with its reasoning; amend by a new record."""
    subject = (
        Subject.objects.select_for_update(of=("self",))
        .select_related("case__unit", "case__accident")
        .get(pk=subject.pk)
    )
    rules = case_rules(subject.case)
    acc = rules.pack.accountability
    forms = [f.id for f in acc.forms] + ([acc.sanction.id] if acc.sanction else [])
    organs = [o.id for o in acc.deciding_organs]
    if outcome not in Decision.Outcome.values:
        raise InvalidDecision(f"unknown outcome {outcome!r}", field="outcome")
    if outcome == Decision.Outcome.ACCOUNTABLE and form not in forms:
        raise InvalidDecision(f"问责方式须为 {'、'.join(forms)} 之一", field="form")
    if outcome != Decision.Outcome.ACCOUNTABLE and (form or leadership_responsibility):
        raise InvalidDecision("不予追究或不予问责时不填写问责方式", field="form")
    grades = acc.veto.sanction_grades(acc.sanction.id) if acc.veto and acc.sanction else ()
    if acc.sanction is not None and form == acc.sanction.id:
        sanction_grade = _known_grade(sanction_grade, grades)
    elif sanction_grade.strip():
        raise InvalidDecision("只有处分需写明处分种类", field="sanction_grade")
    if organ not in organs:
        raise InvalidDecision(f"决定机关须为 {'、'.join(organs)} 之一（第七十一条）", field="organ")
    if mitigation not in MITIGATIONS:
        raise InvalidDecision(f"unknown mitigation {mitigation!r}", field="mitigation")
    if not reasoning.strip():
        raise InvalidDecision("请写明决定理由", field="reasoning")
    if decided_on > timezone.localdate() or decided_on < subject.case.on:
        raise InvalidDecision("决定日期须在事实发生之后、不晚于今天", field="decided_on")
    current = current_decision(subject)
    if amends is None and current is not None:
        raise AlreadyDecided(f"已有决定（{current.pk}）：如需变更请以新记录更正该决定", field="amends")
    if amends is not None and (current is None or amends.pk != current.pk):
        raise StaleAmendment("只能更正该问责对象现行有效的决定", field="amends")
    decision = Decision.objects.create(
        subject=subject,
        outcome=outcome,
        form=form,
        sanction_grade=sanction_grade.strip(),
        leadership_responsibility=leadership_responsibility,
        referral=referral,
        mitigation=mitigation,
        organ=organ,
        decided_on=decided_on,
        reasoning=reasoning.strip(),
        clauses=_decision_clauses(
            rules, outcome=outcome, form=form, organ=organ, referral=referral, veto=leadership_responsibility
        ),
        amends=amends,
        recorded_by=acting_user(actor),
    )
    record_event(
        actor=actor,
        action="accountability.amend_decision" if amends else "accountability.record_decision",
        obj=decision,
        object_repr=f"{subject.person.name} · {decision.get_outcome_display()} {form}",
        before=snapshot(amends) if amends else None,
        after=snapshot(decision),
        unit_path=subject.case.unit.path,
    )
    return decision


def people_from_lines(actor: Actor, unit: Unit, lines: str) -> list[tuple[Person, Post | None]]:
    """The people (and their posts) named on a form's lines, one 'person-code [post-code]' a line.

    Only people the actor may name (``permissions.find_person``: their own subtree) are found; an unknown
    and an out-of-scope code get the same message, so the form cannot be used to probe the roster.
    """
    people: list[tuple[Person, Post | None]] = []
    for line in lines.splitlines():
        parts = line.split()
        if not parts:
            continue
        person = find_person(actor, parts[0])
        if person is None:
            raise InvalidCase(person_missing(parts[0]), field="people")
        post = None
        if len(parts) > 1:
            post = find_post(unit, parts[1])
            if post is None:
                raise InvalidCase(f"{unit.name} 没有岗位 {parts[1]}", field="people")
        people.append((person, post))
    return people
