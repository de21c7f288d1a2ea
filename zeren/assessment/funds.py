"""The money of the assessment (arts. 61–62): the fund ledger, distribution plans, enterprise awards.

The ledger (资金台账) is append-only. Publishing a run posts its rewards (``out`` of the reward's
``funded_by`` fund) and fines (``in``); publishing a correction first reverses every reward and fine line
of the run it amends, then posts its own, so the net per unit always equals the current published result.
Fines are paid into their ``money.fines[].paid_to`` fund (a pack without it: the fund that pays the same
group's rewards). Every amount, fund and clause comes from the pack's ``money`` section.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone

from zeren.accidents.rules import citation, pure_pack
from zeren.accounts.models import Role
from zeren.accounts.scope import covers
from zeren.audit.services import record_event
from zeren.obligations.generation import pack_for_year
from zeren.org.models import Unit
from zeren.packs.model import Pack, Reward

from . import permissions
from .errors import AssessmentError
from .models import AssessmentRun, DistributionPlan, EnterpriseAward, FundMovement
from .rules import section

PUBLISHED = AssessmentRun.Status.PUBLISHED
OUT, IN = FundMovement.Direction.OUT, FundMovement.Direction.IN


class FundError(AssessmentError):
    """A refused money write; ``errors`` lists ``(field, message)`` pairs (field may be ``None``)."""

    code = "fund_error"

    def __init__(
        self, message: str, *, field: str | None = None, errors: Sequence[tuple[str | None, str]] = ()
    ) -> None:
        super().__init__(message)
        self.errors = list(errors) or [(field, message)]


class InvalidAmendment(FundError):
    code = "invalid_amendment"


class LedgerConflict(FundError):
    code = "ledger_conflict"


class InvalidAward(FundError):
    code = "invalid_award"


class InvalidPlan(FundError):
    code = "invalid_plan"


# --- unified social credit code (GB 32100-2015) -----------------------------------------------------
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3**i mod 31


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid 18-character unified social credit code, or ``None`` when it is."""
    if len(code) != 18:
        return f"应为18位，实为{len(code)}位"
    bad = [c for c in code if c not in CREDIT_CHARSET]
    if bad:
        return f"含有不允许的字符“{bad[0]}”（不使用 I、O、S、V、Z）"
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(code[:17], CREDIT_WEIGHTS, strict=True))
    expected = CREDIT_CHARSET[(31 - total % 31) % 31]
    if code[17] != expected:
        return f"校验码错误（第18位应为“{expected}”）"
    return None


# --- the ledger -------------------------------------------------------------------------------------
def _fresh(run: AssessmentRun, *, lock: bool = False) -> AssessmentRun:
    qs = AssessmentRun.objects.select_for_update() if lock else AssessmentRun.objects.all()
    return qs.get(pk=run.pk)


def check_amendable(amends: AssessmentRun, *, year: int, exclude: int | None = None) -> None:
    """A correction amends the current published run of its own year (never a draft, never a fork)."""
    target = _fresh(amends)
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


def _money_of(pack: Pack) -> tuple[dict[str, Any], dict[str, Reward], dict[str, Any]]:
    return (
        {g.id: g for g in section(pack).groups},
        {r.id: r for r in pack.money.rewards},
        {f.id: f for f in pack.money.fines},
    )


def _money_lines(run: AssessmentRun) -> list[tuple[dict[str, Any], str, str, str, int, str, str]]:
    """``(unit, kind, direction, fund, amount, clause, memo)`` for each reward and fine of the run."""
    groups, rewards, fines = _money_of(pure_pack(run.pack.pack_id))
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
def post_run_movements(*, actor: Any, run: AssessmentRun) -> list[FundMovement]:
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
                recorded_by=_user(actor),
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
            recorded_by=_user(actor),
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


def ledger_contract(year: int) -> dict[str, Any]:
    """The ``zeren assess ledger --json`` contract."""
    lines = [
        {"kind": m.kind, "direction": m.direction, "fund": m.fund, "unit": m.unit_code,
         "amount_yuan": m.amount_yuan, "clause": m.clause, "reverses": m.reverses_id}
        for m in ledger_lines(year)
    ]  # fmt: skip
    return {"year": year, "balance": fund_balances(year), "lines": lines}


# --- advanced-enterprise awards (art. 61 (3)) -------------------------------------------------------
def enterprise_reward(pack: Pack) -> Reward:
    reward = next((r for r in pack.money.rewards if r.recipient == "enterprise"), None)
    if reward is None or reward.amount_min is None or reward.amount_max is None:
        raise InvalidAward(f"政策包 {pack.id} 没有先进企业奖励的金额范围", field=None)
    return reward


@transaction.atomic
def record_enterprise_award(
    *,
    actor: Any,
    year: int,
    enterprise_name: str,
    credit_code: str,
    unit_code: str,
    amount_yuan: int,
    approval_document: str,
    approved_on: dt.date | None,
    approved_by: str,
    note: str = "",
) -> EnterpriseAward:
    """Record an approved advanced-enterprise award and its (self-funded) ledger line."""
    if not permissions.can_run(actor):
        raise PermissionDenied("只有地区安委办管理员可以登记先进企业奖励")
    reward = enterprise_reward(pure_pack(pack_for_year(year).pack_id))
    low, high = reward.amount_min or 0, reward.amount_max or 0
    name, code = enterprise_name.strip(), credit_code.strip().upper()
    errors: list[tuple[str | None, str]] = []
    if not name:
        errors.append(("enterprise_name", "企业名称：必填"))
    problem = credit_code_problem(code)
    if problem:
        errors.append(("credit_code", f"统一社会信用代码：{problem}"))
    elif EnterpriseAward.objects.filter(year=year, credit_code=code).exists():
        errors.append(
            ("credit_code", f"统一社会信用代码：{code} 已登记 {year} 年度先进企业奖励，不得重复登记")
        )
    if isinstance(amount_yuan, bool) or not isinstance(amount_yuan, int) or not low <= amount_yuan <= high:
        errors.append(
            (
                "amount_yuan",
                f"奖励金额：应在 {low:,} 至 {high:,} 元之间（{citation(reward.clause)}），"
                f"实为 {_shown(amount_yuan)}",
            )
        )
    for field, label, value in [
        ("approval_document", "批准文件", approval_document),
        ("approved_by", "批准机关", approved_by),
    ]:
        if not value.strip():
            errors.append((field, f"{label}：必填"))
    if approved_on is None:
        errors.append(("approved_on", "批准日期：必填"))
    elif approved_on > timezone.localdate():
        errors.append(("approved_on", "批准日期：不能晚于今天"))
    unit = Unit.objects.filter(code=unit_code, level=Unit.Level.COUNTY).first() if unit_code else None
    if unit_code and unit is None:
        errors.append(("unit_code", f"所在县（市）：没有县（市）“{unit_code}”"))
    if errors or approved_on is None:
        raise InvalidAward("；".join(m for _, m in errors), errors=errors)
    award = EnterpriseAward.objects.create(
        year=year,
        enterprise_name=name,
        credit_code=code,
        unit_code=unit_code,
        amount_yuan=amount_yuan,
        approval_document=approval_document.strip(),
        approved_on=approved_on,
        approved_by=approved_by.strip(),
        clause=reward.clause,
        note=note.strip(),
        recorded_by=_user(actor),
    )
    FundMovement.objects.create(
        year=year,
        kind=FundMovement.Kind.ENTERPRISE_AWARD,
        direction=OUT,
        fund=reward.funded_by,
        unit_code=unit_code,
        unit_name=name,
        amount_yuan=amount_yuan,
        clause=reward.clause,
        memo=f"{name}（{code}）{reward.name}：{award.approved_by}{award.approval_document}"[:300],
        recorded_by=_user(actor),
    )
    record_event(
        actor=actor,
        action="assessment.enterprise_award",
        obj=award,
        after={"year": year, "credit_code": code, "amount_yuan": amount_yuan, "fund": reward.funded_by},
        note=f"{citation(reward.clause)}：登记年度安全生产先进企业奖励",
    )
    return award


# --- distribution plans (arts. 61 (4), 62 para 2) ---------------------------------------------------
def unit_row(run: AssessmentRun, unit_code: str) -> dict[str, Any] | None:
    return next((u for u in run.result.get("units", []) if u["unit"] == unit_code), None)


def can_plan(user: Any, run: AssessmentRun, row: Mapping[str, Any]) -> bool:
    """The office for every unit; a unit operator for a county in their scope (departments: office only)."""
    if user is None or permissions.is_office(user):
        return True
    groups = {g.id: g for g in section(pure_pack(run.pack.pack_id)).groups}
    group = groups.get(row["group"])
    if group is None or group.members != "county":
        return False
    path = (
        Unit.objects.filter(code=row["unit"], level=Unit.Level.COUNTY).values_list("path", flat=True).first()
    )
    return covers(user, [Role.UNIT_OPERATOR], path)


def plannable(user: Any, run: AssessmentRun) -> list[dict[str, Any]]:
    """The run's units with a reward or fine that ``user`` may plan for, with their latest versions."""
    latest: dict[tuple[str, str], DistributionPlan] = {}
    for plan in run.distribution_plans.order_by("unit_code", "kind", "version"):
        latest[(plan.unit_code, plan.kind)] = plan
    result = []
    for u in run.result.get("units", []):
        if (u["reward_yuan"] or u["fine_yuan"]) and can_plan(user, run, u):
            kind = "reward" if u["reward_yuan"] else "fine"
            result.append({**u, "kind": kind, "plan": latest.get((u["unit"], kind))})
    return result


def plan_amounts(run: AssessmentRun, row: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """``{amount, principals, remainder, clause}`` of a unit's reward or fine (shares as stored)."""
    amount = row["reward_yuan"] if kind == DistributionPlan.Kind.REWARD else row["fine_yuan"]
    principals = sum(p["share_yuan"] for p in row.get("principals", []))
    pack = pure_pack(run.pack.pack_id)
    if kind == DistributionPlan.Kind.REWARD:
        split = pack.money.reward_split
        clause = split.clause if split is not None else ""
    else:
        groups, _, fines = _money_of(pack)
        clause = fines[groups[row["group"]].fine].clause
    return {"amount": amount, "principals": principals, "remainder": amount - principals, "clause": clause}


_DIGITS = re.compile(r"[0-9]+")


def _positive_int(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw > 0 else None
    text = str(raw if raw is not None else "").strip().replace(",", "")
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if value > 0 else None


def clean_lines(lines: Sequence[Mapping[str, Any]], remainder: int) -> list[dict[str, Any]]:
    """The lines as ``{name, post, amount_yuan, reason}``; all-blank lines are skipped (numbering kept)."""
    errors: list[tuple[str | None, str]] = []
    cleaned: list[dict[str, Any]] = []
    amounts_ok = True
    for number, line in enumerate(lines, start=1):
        name, post, reason = (str(line.get(k) or "").strip() for k in ("name", "post", "reason"))
        raw = line.get("amount_yuan")
        raw_text = "" if raw is None else str(raw).strip()
        if not (name or post or reason or raw_text):
            continue
        if not name:
            errors.append((f"lines.{number}.name", f"第{number}行 姓名：必填"))
        amount = _positive_int(raw)
        if amount is None:
            amounts_ok = False
            shown = f"“{raw_text}”" if raw_text else "未填写"
            errors.append(
                (f"lines.{number}.amount_yuan", f"第{number}行 金额：应为正整数（元），实为{shown}")
            )
            continue
        cleaned.append({"name": name, "post": post, "amount_yuan": amount, "reason": reason})
    if not cleaned and not errors:
        errors.append(("lines", "分配明细：至少填写一行"))
    total = sum(line["amount_yuan"] for line in cleaned)
    if amounts_ok and cleaned and total != remainder:
        errors.append(
            ("lines", f"合计 {total:,} 元，应为 {remainder:,} 元，相差 {abs(total - remainder):,} 元")
        )
    if errors:
        raise InvalidPlan("；".join(m for _, m in errors), errors=errors)
    return cleaned


@transaction.atomic
def submit_plan(
    *, actor: Any, run: AssessmentRun, unit_code: str, kind: str, lines: Sequence[Mapping[str, Any]]
) -> DistributionPlan:
    """A new version of the unit's plan for the rest of its reward or fine; nothing is written on error."""
    locked = _fresh(run, lock=True)
    if locked.status != PUBLISHED:
        raise InvalidPlan(f"运行 #{locked.pk} 尚未公布，不能提交分配方案")
    later = locked.amended_by.filter(status=PUBLISHED).order_by("-pk").first()
    if later is not None:
        raise InvalidPlan(f"运行 #{locked.pk} 已被运行 #{later.pk} 更正，请按更正后的结果提交")
    row = unit_row(locked, unit_code)
    if row is None:
        raise InvalidPlan(f"运行 #{locked.pk} 没有单位 {unit_code}", field="unit_code")
    if not can_plan(actor, locked, row):
        raise PermissionDenied("只有地区安委办或本县（市）单位操作员可以提交分配方案")
    if kind not in DistributionPlan.Kind.values:
        raise InvalidPlan(f"类型应为 reward 或 fine，实为 {kind}", field="kind")
    money = plan_amounts(locked, row, kind)
    if not money["amount"]:
        label = "奖励" if kind == DistributionPlan.Kind.REWARD else "罚款"
        raise InvalidPlan(f"{row['name']} 在本次考核中没有{label}", field="kind")
    cleaned = clean_lines(lines, money["remainder"])
    previous = DistributionPlan.objects.filter(run=locked, unit_code=unit_code, kind=kind)
    version = (previous.aggregate(v=Max("version"))["v"] or 0) + 1
    plan = DistributionPlan.objects.create(
        run=locked,
        unit_code=unit_code,
        unit_name=row["name"],
        kind=kind,
        version=version,
        amount_yuan=money["amount"],
        principals_yuan=money["principals"],
        remainder_yuan=money["remainder"],
        lines=cleaned,
        clause=money["clause"],
        submitted_by=_user(actor),
    )
    record_event(
        actor=actor,
        action="assessment.plan",
        obj=plan,
        after={
            "run": locked.pk,
            "unit": unit_code,
            "kind": kind,
            "version": version,
            "remainder_yuan": money["remainder"],
            "lines": len(cleaned),
        },
        note=f"{citation(money['clause'])}：提交{plan.get_kind_display()}方案（第 {version} 版）",
    )
    return plan


def _shown(amount: Any) -> str:
    return f"{amount:,} 元" if isinstance(amount, int) and not isinstance(amount, bool) else f"“{amount}”"


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
