"""The fund ledger of the assessment (资金台账, arts. 61–62): posting on publish, reversals, balances.

The ledger is append-only. Publishing a run posts its rewards (``out`` of the reward's ``funded_by``
fund) and fines (``in``); publishing a correction first reverses every reward and fine line of the run it
amends, then posts its own, so the net per unit always equals the current published result. Fines are
paid into their ``money.fines[].paid_to`` fund (a pack without it: the fund that pays the same group's
rewards). Every amount, fund and clause comes from the pack's ``money`` section. ``check_amendable`` is
the rule a correction run must meet before it is made and again when it is published.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet, Sum

from zeren.audit.services import record_event
from zeren.catalog.packs import pure_pack
from zeren.common.actor import Actor, acting_user
from zeren.packs.model import Pack, Reward

from .errors import InvalidAmendment, LedgerConflict
from .models import AssessmentRun, FundMovement
from .rules import section

PUBLISHED = AssessmentRun.Status.PUBLISHED
OUT, IN = FundMovement.Direction.OUT, FundMovement.Direction.IN


def check_amendable(amends: AssessmentRun, *, year: int, exclude: int | None = None) -> None:
    """A correction amends the current published run of its own year (never a draft, never a fork)."""
    target = AssessmentRun.objects.get(pk=amends.pk)  # as stored, not as the caller last saw it
    if target.status != PUBLISHED:
        raise InvalidAmendment(
            f"只能更正已公布的考核运行：运行 #{target.pk} 尚未公布（草稿）", field="amends"
        )
    if target.year != year:
        raise InvalidAmendment(
            f"运行 #{target.pk} 是 {target.year} 年度的考核，不能以 {year} 年度的运行更正", field="amends"
        )
    corrections = target.amended_by.filter(status=PUBLISHED)
    if exclude is not None:
        corrections = corrections.exclude(pk=exclude)
    later = corrections.order_by("pk").first()
    if later is not None:
        raise InvalidAmendment(
            f"运行 #{target.pk} 已被运行 #{later.pk} 更正，请更正最新公布的运行 #{later.pk}", field="amends"
        )


def money_of(pack: Pack) -> tuple[dict[str, Any], dict[str, Reward], dict[str, Any]]:
    """The pack's assessed groups, rewards and fines, each by id."""
    return (
        {g.id: g for g in section(pack).groups},
        {r.id: r for r in pack.money.rewards},
        {f.id: f for f in pack.money.fines},
    )


def _money_lines(run: AssessmentRun) -> list[tuple[dict[str, Any], str, str, str, int, str, str]]:
    """``(unit, kind, direction, fund, amount, clause, memo)`` for each reward and fine of the run."""
    groups, rewards, fines = money_of(pure_pack(run.pack.pack_id))
    result: list[tuple[dict[str, Any], str, str, str, int, str, str]] = []
    for u in run.result.get("units", []):
        group = groups[u["group"]]
        reward, fine = rewards[group.reward], fines[group.fine]
        if u["reward_yuan"]:
            memo = f"{u['name']} {u.get('group_name', u['group'])}第{u['rank']}名：{reward.name}"
            result.append((u, "reward", OUT, reward.funded_by, u["reward_yuan"], reward.clause, memo))
        if u["fine_yuan"]:
            label = u.get("result_label", u["result"])
            memo = f"{u['name']} 考核结果：{label}（得分 {u['score']}）：{fine.name}"
            fund = fine.paid_to or reward.funded_by
            result.append((u, "fine", IN, fund, u["fine_yuan"], fine.clause, memo))
    return result


@transaction.atomic
def post_run_movements(*, actor: Actor, run: AssessmentRun) -> list[FundMovement]:
    """Post a run being published: reversals of the run it amends first, then its rewards and fines."""
    others = AssessmentRun.objects.select_for_update().filter(year=run.year, status=PUBLISHED)
    others = others.exclude(pk=run.pk)
    reversals: list[FundMovement] = []
    if run.amends_id is None:
        first = others.order_by("pk").first()
        if first is not None:
            raise LedgerConflict(
                f"{run.year} 年度已公布运行 #{first.pk}，不得另行公布；请以更正运行（amends）替代"
            )
    else:
        amended = AssessmentRun.objects.select_for_update().get(pk=run.amends_id)
        check_amendable(amended, year=run.year, exclude=run.pk)
        memo = f"运行 #{run.pk} 更正运行 #{amended.pk}，冲正"
        reversals = [
            FundMovement(
                year=m.year,
                run=run,
                kind=FundMovement.Kind.REVERSAL,
                direction=IN if m.direction == OUT else OUT,
                fund=m.fund,
                unit_code=m.unit_code,
                unit_name=m.unit_name,
                amount_yuan=m.amount_yuan,
                clause=m.clause,
                memo=f"{memo}第 {m.pk} 号分录：{m.memo}"[:300],
                reverses=m,
                recorded_by=acting_user(actor),
            )
            for m in amended.movements.exclude(kind=FundMovement.Kind.REVERSAL).order_by("pk")
        ]
        FundMovement.objects.bulk_create(reversals)
    lines = [
        FundMovement(
            year=run.year,
            run=run,
            unit_code=u["unit"],
            unit_name=u["name"],
            kind=kind,
            direction=direction,
            fund=fund,
            amount_yuan=amount,
            clause=clause,
            memo=memo,
            recorded_by=acting_user(actor),
        )
        for u, kind, direction, fund, amount, clause, memo in _money_lines(run)
    ]
    FundMovement.objects.bulk_create(lines)
    record_event(
        actor=actor,
        action="assessment.ledger",
        obj=run,
        after={
            "year": run.year,
            "amends": run.amends_id,
            "reversals": len(reversals),
            "lines": len(lines),
            "rewards_yuan": sum(m.amount_yuan for m in lines if m.kind == FundMovement.Kind.REWARD),
            "fines_yuan": sum(m.amount_yuan for m in lines if m.kind == FundMovement.Kind.FINE),
        },
        note="第六十一条、第六十二条：考核奖罚资金记账" + ("（更正，先冲正原分录）" if reversals else ""),
    )
    return [*reversals, *lines]


def ledger_lines(year: int) -> QuerySet[FundMovement]:
    return FundMovement.objects.filter(year=year).select_related("reverses").order_by("pk")


def fund_balances(year: int) -> dict[str, int]:
    """Per fund: ``in − out`` over the year's lines (reversals included)."""
    result: dict[str, int] = {}
    rows = (
        FundMovement.objects.filter(year=year).values("fund", "direction").annotate(total=Sum("amount_yuan"))
    )
    for row in rows.order_by("fund", "direction"):
        sign = 1 if row["direction"] == IN else -1
        result[row["fund"]] = result.get(row["fund"], 0) + sign * int(row["total"])
    return result


def unit_nets(year: int) -> list[dict[str, Any]]:
    """Per assessed unit: money in, out and net (``in − out``) from the assessment's lines."""
    nets: dict[str, dict[str, Any]] = {}
    rows = (
        FundMovement.objects.filter(year=year, run__isnull=False)
        .values("unit_code", "unit_name", "direction")
        .annotate(total=Sum("amount_yuan"))
        .order_by("unit_code", "direction")
    )
    for row in rows:
        entry = nets.setdefault(
            row["unit_code"], {"unit": row["unit_code"], "name": row["unit_name"], "in": 0, "out": 0}
        )
        entry[row["direction"]] += int(row["total"])
    return [{**e, "net": e["in"] - e["out"]} for e in nets.values()]


def current_run(year: int) -> AssessmentRun | None:
    """The year's published run that no published correction replaces."""
    return (
        AssessmentRun.objects.filter(year=year, status=PUBLISHED)
        .exclude(amended_by__status=PUBLISHED)
        .order_by("-pk")
        .first()
    )


def ledger_contract(year: int, *, with_ids: bool = False) -> dict[str, Any]:
    """The ``zeren assess ledger --json`` contract; ``with_ids`` puts each line's ``id`` first (the API)."""
    lines = [
        {**({"id": m.pk} if with_ids else {}),
         "kind": m.kind, "direction": m.direction, "fund": m.fund, "unit": m.unit_code,
         "amount_yuan": m.amount_yuan, "clause": m.clause, "reverses": m.reverses_id}
        for m in ledger_lines(year)
    ]  # fmt: skip
    return {"year": year, "balance": fund_balances(year), "lines": lines}
