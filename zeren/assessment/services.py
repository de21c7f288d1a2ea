"""Writes: run the year's assessment, publish a run (art. 59). Each writes its audit event."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zeren.audit.services import record_event
from zeren.catalog.models import PackVersion
from zeren.catalog.packs import pack_for_year, pure_pack_of
from zeren.common.actor import Actor, acting_user

from . import ledger, permissions
from .errors import AlreadyPublished, NotPublishable, UnfinishedYear
from .evaluate import evaluate
from .facts import collect_facts, facts_as_json
from .models import AssessmentRun, UnitResult


def canonical(value: Any) -> str:
    """Canonical JSON (sorted keys, no spaces, UTF-8): the text the inputs hash is taken over."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def inputs_hash(pack: PackVersion, year: int, facts: list[dict[str, Any]]) -> str:
    """SHA-256 of a run's inputs (pack content, year, facts): equal hashes mean the run would compute the
    same result."""
    payload = {"pack": pack.content_sha256, "year": year, "facts": facts}
    return hashlib.sha256(canonical(payload).encode("utf-8")).hexdigest()


def compute(*, version: PackVersion, year: int, on: dt.date) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The facts (plain JSON) and the result (the CLI contract's ``units``, plus detail) of ``year``."""
    pack = pure_pack_of(version)  # the very version the run records
    facts = collect_facts(pack=pack, year=year, on=on)
    result = evaluate(pack, facts)
    result["cutoff"] = str(cutoff_day(year, on))
    return facts_as_json(facts), result


def cutoff_day(year: int, on: dt.date) -> dt.date:
    """The last day a run of ``year`` made on ``on`` counts: ``on``, or 31 December once the year is over."""
    return min(on, dt.date(year, 12, 31))


def year_unfinished(year: int, cutoff: dt.date) -> bool:
    return cutoff < dt.date(year, 12, 31)


def run_unfinished(run: AssessmentRun) -> bool:
    """Whether the run's data stop before the end of its year (a run without a recorded cut-off counts
    as unfinished: nothing says it covers the whole year)."""
    try:
        cutoff = dt.date.fromisoformat(str(run.result.get("cutoff", "")))
    except ValueError:
        return True
    return year_unfinished(run.year, cutoff)


def require_finished_or_confirmed(*, year: int, cutoff: dt.date | None, confirmed: bool, action: str) -> None:
    """The one rule for pages, commands and the API: a year that has not ended is run or published only
    with an explicit confirmation (``confirmed``); else :class:`UnfinishedYear`. ``cutoff`` None: unknown."""
    if confirmed or (cutoff is not None and not year_unfinished(year, cutoff)):
        return
    until = (
        f"数据只计到{cutoff.year}年{cutoff.month}月{cutoff.day}日"
        if cutoff is not None
        else "数据截止日未记录"
    )
    raise UnfinishedYear(
        f"{year}年度尚未结束（{until}），结果不是全年结果：确认仍要{action}须明确确认，或待年度结束后再{action}",
        field="confirm_unfinished",
    )


@transaction.atomic
def run_assessment(
    *,
    actor: Actor,
    year: int,
    on: dt.date | None = None,
    amends: AssessmentRun | None = None,
    reason: str = "",
    confirm_unfinished: bool = False,
) -> AssessmentRun:
    """Run ``year``'s assessment; the same inputs give back the existing run instead of a duplicate.

    With ``amends`` (a correction, art. 59) the amended run must be the year's current published run;
    ``reason`` is recorded in the audit event. A year that has not ended on ``on`` is run only with
    ``confirm_unfinished`` (else :class:`UnfinishedYear`).
    """
    permissions.require_run(actor)
    on = on or timezone.localdate()
    require_finished_or_confirmed(
        year=year, cutoff=cutoff_day(year, on), confirmed=confirm_unfinished, action="运行考核"
    )
    if amends is not None:
        ledger.check_amendable(amends, year=year)
    version = pack_for_year(year)
    facts, result = compute(version=version, year=year, on=on)
    digest = inputs_hash(version, year, facts)
    existing = (
        AssessmentRun.objects.filter(year=year, pack=version, inputs_hash=digest).order_by("-pk").first()
    )
    if existing is not None and amends is None:
        return existing
    run = AssessmentRun.objects.create(
        year=year,
        pack=version,
        inputs_hash=digest,
        facts=facts,
        result=result,
        created_by=acting_user(actor),
        amends=amends,
    )
    UnitResult.objects.bulk_create(
        UnitResult(
            run=run,
            unit_code=u["unit"],
            unit_name=u["name"],
            group=u["group"],
            score=Decimal(u["score"]),
            veto=u["veto"],
            rank=u["rank"],
            result=u["result"],
            reward_yuan=u["reward_yuan"],
            fine_yuan=u["fine_yuan"],
            position=i,
        )
        for i, u in enumerate(result["units"])
    )
    record_event(
        actor=actor,
        action="assessment.run",
        obj=run,
        after={
            "year": year,
            "inputs_hash": digest,
            "units": len(result["units"]),
            "amends": amends.pk if amends else None,
            "reason": reason.strip() if amends else "",
        },
        note=f"{year}年度安全生产目标考核更正运行：{reason.strip()}"
        if amends
        else f"{year}年度安全生产目标考核运行",
    )
    return run


@transaction.atomic
def publish_run(*, actor: Actor, run: AssessmentRun, confirm_unfinished: bool = False) -> AssessmentRun:
    """Publish ``run`` (art. 59); a run it amends stays published but is marked amended by it.

    A run whose data stop before the end of its year is published only with ``confirm_unfinished``."""
    permissions.require_publish(actor)
    # Lock every run of the year, not only this one: two drafts of one year published at the same
    # moment must serialise, or the ledger would count the year twice (ledger.post_run_movements checks).
    year = AssessmentRun.objects.filter(pk=run.pk).values_list("year", flat=True).get()
    list(
        AssessmentRun.objects.select_for_update()
        .filter(year=year)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    locked = AssessmentRun.objects.select_for_update().get(pk=run.pk)
    if locked.status == AssessmentRun.Status.PUBLISHED:
        raise AlreadyPublished("该考核结果已公布")
    if run_unfinished(locked):
        cutoff = str(locked.result.get("cutoff", ""))
        require_finished_or_confirmed(
            year=locked.year,
            cutoff=dt.date.fromisoformat(cutoff) if cutoff else None,
            confirmed=confirm_unfinished,
            action="公布考核结果",
        )
    if any(u["result"] == "undetermined" for u in locked.result.get("units", [])):
        raise NotPublishable("存在一票否决“待定”的单位，补齐数据后重新运行再公布")
    locked.status = AssessmentRun.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = acting_user(actor)
    locked.save()
    record_event(
        actor=actor,
        action="assessment.publish",
        obj=locked,
        after={"year": locked.year, "inputs_hash": locked.inputs_hash},
        note="第五十九条：公布安全生产责任考核结果",
    )
    ledger.post_run_movements(actor=actor, run=locked)  # the ledger, same transaction (arts. 61–62)
    return locked
