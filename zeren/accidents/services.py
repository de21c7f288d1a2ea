"""Writes for accidents: register, supplement casualties, record the reporting timeline and findings.

Every function is keyword-only and atomic and records its audit event in the same transaction. The
grade and the supplement window come from the pure rules (``zeren.policy.accidents``) with the pack
in force on the accident day; a supplement re-grades the accident and is kept as a revision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from zeren.audit.services import record_event, snapshot
from zeren.common.actor import Actor, acting_user
from zeren.org.models import Unit
from zeren.policy.accidents import supplement_last_day, supplement_window_days

from . import figures
from .errors import (
    InvalidAccident,
    InvalidReportStep,
    NothingChanged,
    SupplementWindowClosed,
)
from .models import Accident, CasualtyRevision, ReportingFinding, ReportStep
from .permissions import ACCIDENT_UNIT_LEVELS
from .rules import Rules, rules_for

FIGURES = ("deaths", "serious_injuries", "missing", "direct_loss_yuan")


def _check_figures(values: dict[str, int]) -> None:
    for name, value in values.items():
        message = figures.problem(name, value)
        if message is not None:
            raise InvalidAccident(message, field=name)


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _apply_grade(accident: Accident, rules: Rules) -> None:
    result = rules.grade(
        deaths=accident.deaths,
        serious_injuries=accident.serious_injuries,
        loss_yuan=accident.direct_loss_yuan,
    )
    accident.grade = result.grade
    accident.grade_criteria = list(result.criteria)
    accident.grade_citations = list(result.citations)


def _check_involved(
    rules: Rules, unit: Unit, also_sectors: Sequence[str], also_units: Sequence[Unit]
) -> None:
    for extra in also_sectors:
        if rules.sector_name(extra) is None:
            raise InvalidAccident(f"政策包中没有行业领域 {extra}", field="also_sectors")
    for other in also_units:
        if other.level not in ACCIDENT_UNIT_LEVELS or other.pk == unit.pk:
            raise InvalidAccident(
                f"其他涉事单位须为另一县（市）、乡镇（街道）或功能区：{other.name}", field="also_units"
            )


def _involved_sectors(sector_code: str, also_sectors: Sequence[str]) -> list[str]:
    return [c for c in dict.fromkeys(also_sectors) if c != sector_code]


def _involved_units(also_units: Sequence[Unit]) -> list[str]:
    return list(dict.fromkeys(u.code for u in also_units))


@transaction.atomic
def record_accident(
    *,
    actor: Actor,
    unit: Unit,
    sector_code: str,
    occurred_at: dt.datetime,
    enterprise: str,
    description: str,
    deaths: int = 0,
    serious_injuries: int = 0,
    missing: int = 0,
    direct_loss_yuan: int = 0,
    place: str = "",
    accident_type: str | None = None,
    also_sectors: Sequence[str] = (),
    also_units: Sequence[Unit] = (),
) -> Accident:
    """Register an accident; its grade (493:art_3) and supplement window (493:art_13) are computed.

    ``accident_type`` (id or Chinese name of the pack's ``accidents.types``) sets the supplement window
    (道路交通事故、火灾事故 7 days, whatever the sector); when omitted, the type the sector proposes.
    ``also_sectors``: further sectors the accident involves (a school bus: road traffic and school
    transport); ``also_units``: other units involved (where the vehicle is registered, where the
    enterprise is licensed) — both reach the answerable chain.
    """
    if unit.level not in ACCIDENT_UNIT_LEVELS:
        raise InvalidAccident(f"事故发生地须为县（市）、乡镇（街道）或功能区，{unit.name} 不是", field="unit")
    if timezone.is_naive(occurred_at):
        raise InvalidAccident("occurred_at must be timezone-aware", field="occurred_at")
    if occurred_at > timezone.now():
        raise InvalidAccident("事故发生时间不能晚于现在", field="occurred_at")
    if not enterprise.strip():
        raise InvalidAccident("请填写事故单位", field="enterprise")
    figures = {
        "deaths": deaths,
        "serious_injuries": serious_injuries,
        "missing": missing,
        "direct_loss_yuan": direct_loss_yuan,
    }
    _check_figures(figures)
    rules = rules_for(on=_local_day(occurred_at))
    sector_name = rules.sector_name(sector_code)
    if sector_name is None:
        raise InvalidAccident(f"政策包中没有行业领域 {sector_code}", field="sector_code")
    reporting = rules.reporting
    try:
        type_id = reporting.type_for(accident_type, sector_code)
    except ValueError:
        names = "、".join(t.name for t in reporting.types)
        raise InvalidAccident(f"事故类别须为 {names} 之一", field="accident_type") from None
    _check_involved(rules, unit, also_sectors, also_units)
    accident = Accident(
        pack=rules.version,
        occurred_at=occurred_at,
        unit=unit,
        sector_code=sector_code,
        sector_name=sector_name,
        accident_type=type_id,
        accident_type_name=reporting.type_name(type_id) or "",
        also_sectors=_involved_sectors(sector_code, also_sectors),
        also_units=_involved_units(also_units),
        enterprise=enterprise.strip(),
        place=place.strip(),
        description=description.strip(),
        recorded_by=acting_user(actor),
        **figures,
    )
    _apply_grade(accident, rules)
    accident.supplement_last_day = supplement_last_day(_local_day(occurred_at), type_id, reporting)
    accident.supplement_days = (accident.supplement_last_day - _local_day(occurred_at)).days
    accident.supplement_clauses = supplement_window_days(type_id, reporting)[1]
    accident.save()
    record_event(
        actor=actor,
        action="accidents.record",
        obj=accident,
        after=snapshot(accident),
        unit_path=unit.path,
    )
    return accident


@transaction.atomic
def set_involved(
    *,
    actor: Actor,
    accident: Accident,
    also_sectors: Sequence[str],
    also_units: Sequence[Unit],
) -> Accident:
    """Replace the further sectors and the other involved units of ``accident`` (found after registration:
    the vehicle's home county, the county where the enterprise is licensed); the chain follows them.

    Which units ``actor`` may name is the permission policy's (``permissions.involvable_units``)."""
    accident = (
        Accident.objects.select_for_update(of=("self",)).select_related("unit", "pack").get(pk=accident.pk)
    )
    _check_involved(rules_for(accident.pack), accident.unit, also_sectors, also_units)
    sectors = _involved_sectors(accident.sector_code, also_sectors)
    units = _involved_units(also_units)
    if sectors == accident.also_sectors and units == accident.also_units:
        raise NothingChanged("其他涉及的行业领域和涉事单位没有变化")
    before = snapshot(accident)
    accident.also_sectors = sectors
    accident.also_units = units
    accident.save(update_fields=["also_sectors", "also_units"])
    record_event(
        actor=actor,
        action="accidents.set_involved",
        obj=accident,
        before=before,
        after=snapshot(accident),
        unit_path=accident.unit.path,
    )
    return accident


def supplement_open(accident: Accident, at: dt.datetime | None = None) -> bool:
    """Whether a casualty change reported at ``at`` (default now) falls within the window."""
    return _local_day(at or timezone.now()) <= accident.supplement_last_day


@transaction.atomic
def revise_casualties(
    *,
    actor: Actor,
    accident: Accident,
    deaths: int,
    serious_injuries: int,
    missing: int,
    direct_loss_yuan: int,
    note: str = "",
    reported_at: dt.datetime | None = None,
) -> CasualtyRevision:
    """Supplement the figures (493:art_13): re-grade the accident and keep the change as a revision.

    Refused with :class:`SupplementWindowClosed` when reported after the window's last day.
    """
    accident = (
        Accident.objects.select_for_update(of=("self",)).select_related("unit", "pack").get(pk=accident.pk)
    )
    now = timezone.now()
    reported_at = reported_at or now
    if reported_at > now or reported_at < accident.occurred_at:
        raise InvalidAccident("补报时间须在事故发生之后、不晚于现在", field="reported_at")
    if not supplement_open(accident, reported_at):
        raise SupplementWindowClosed(
            f"补报期限已过：事故发生之日起{accident.supplement_days}日内（截至"
            f"{accident.supplement_last_day:%Y年%m月%d日}）伤亡人数发生变化的应当补报"
            f"（{'、'.join(accident.supplement_clauses) or '493:art_13'}），此后不得再修改",
            field="reported_at",
        )
    after = {
        "deaths": deaths,
        "serious_injuries": serious_injuries,
        "missing": missing,
        "direct_loss_yuan": direct_loss_yuan,
    }
    _check_figures(after)
    before_figures = accident.figures()
    if after == before_figures:
        raise NothingChanged("补报的数字与现有记录相同")
    before = snapshot(accident)
    grade_before = accident.grade
    for name, value in after.items():
        setattr(accident, name, value)
    _apply_grade(accident, rules_for(accident.pack))
    accident.save(update_fields=[*FIGURES, "grade", "grade_criteria", "grade_citations"])
    revision = CasualtyRevision.objects.create(
        accident=accident,
        number=accident.revisions.count() + 1,
        reported_at=reported_at,
        before={**before_figures, "grade": grade_before},
        after={**after, "grade": accident.grade},
        grade_before=grade_before,
        grade_after=accident.grade,
        note=note.strip(),
        clause=(accident.supplement_clauses or ["493:art_13"])[0],
        recorded_by=acting_user(actor),
    )
    record_event(
        actor=actor,
        action="accidents.revise_casualties",
        obj=accident,
        before=before,
        after=snapshot(accident),
        unit_path=accident.unit.path,
        note=f"补报第{revision.number}次：{grade_before} → {accident.grade}",
    )
    return revision


@transaction.atomic
def record_report_step(
    *,
    actor: Actor,
    accident: Accident,
    kind: str,
    at: dt.datetime,
    level: str = "",
    recipient: str = "",
    note: str = "",
) -> ReportStep:
    """Add a step to the reporting timeline (493:arts 9–11). Steps are appended, never edited."""
    accident = (
        Accident.objects.select_for_update(of=("self",)).select_related("unit", "pack").get(pk=accident.pk)
    )
    if kind not in ReportStep.Kind.values:
        raise InvalidReportStep(f"unknown step kind {kind!r}", field="kind")
    if timezone.is_naive(at):
        raise InvalidReportStep("the time must be timezone-aware", field="at")
    if at < accident.occurred_at or at > timezone.now():
        raise InvalidReportStep("报告时间须在事故发生之后、不晚于现在", field="at")
    levels = {lv.id: lv.name for lv in rules_for(accident.pack).reporting.levels}
    lowest = next(iter(levels), "county")
    if kind in (ReportStep.Kind.LEARNT, ReportStep.Kind.UNIT_REPORT):
        if accident.report_steps.filter(kind=kind).exists():
            raise InvalidReportStep("该环节已记录（报告环节只可追加，不可修改）", field="kind")
        level = lowest if kind == ReportStep.Kind.UNIT_REPORT else ""
    else:
        if level not in levels or level == lowest:
            raise InvalidReportStep(f"逐级上报的层级须为 {'、'.join(list(levels)[1:])} 之一", field="level")
        if accident.report_steps.filter(kind=kind, level=level).exists():
            raise InvalidReportStep(f"已记录报送{levels[level]}的时间", field="level")
    step = ReportStep.objects.create(
        accident=accident,
        kind=kind,
        level=level,
        at=at,
        recipient=recipient.strip(),
        note=note.strip(),
        recorded_by=acting_user(actor),
    )
    record_event(
        actor=actor,
        action="accidents.record_report_step",
        obj=step,
        object_repr=f"{accident.number} {step}",
        after=snapshot(step),
        unit_path=accident.unit.path,
    )
    return step


@transaction.atomic
def record_finding(
    *,
    actor: Actor,
    accident: Accident,
    kind: str,
    basis: str,
    step: ReportStep | None = None,
) -> ReportingFinding:
    """Record 迟报、漏报、谎报 or 瞒报 with its basis (art. 63 para 1 item 3; 493:arts 9–13)."""
    if kind not in ReportingFinding.Kind.values:
        raise InvalidAccident(f"unknown finding kind {kind!r}", field="kind")
    if not basis.strip():
        raise InvalidAccident("请写明认定的事实依据", field="basis")
    if step is not None and step.accident_id != accident.pk:
        raise InvalidAccident("该报告环节不属于本事故", field="step")
    rules = rules_for(accident.pack)
    definitions = {f.kind: f for f in rules.reporting.failures}
    accountability = rules.pack.accountability
    report_trigger = accountability.proposal.report_trigger if accountability.proposal else ""
    clauses = [t.clause for t in accountability.triggers if t.id == report_trigger]  # art. 63(3) in Kashgar
    if kind in definitions:
        clauses += [c for c in definitions[kind].clauses if c not in clauses]
    finding = ReportingFinding.objects.create(
        accident=accident,
        kind=kind,
        basis=basis.strip(),
        clauses=clauses,
        step=step,
        recorded_by=acting_user(actor),
    )
    record_event(
        actor=actor,
        action="accidents.record_finding",
        obj=finding,
        object_repr=f"{accident.number} {finding.get_kind_display()}",
        after=snapshot(finding),
        unit_path=accident.unit.path,
    )
    return finding
