"""Distribution plans (arts. 61 (4), 62 para 2): how a unit splits the rest of its reward or fine.

The principals' shares are fixed by the run; a plan lists who receives (or pays) the remainder and must
sum to it exactly. Each submission is a new version; the office plans for every unit, a unit operator
for a county in their scope. Plans follow the current published result: a draft or an amended run takes
none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from zeren.accidents.rules import citation
from zeren.accounts.models import Role
from zeren.accounts.scope import covers
from zeren.audit.services import record_event
from zeren.catalog.packs import pure_pack
from zeren.common.actor import Actor, acting_user
from zeren.org.models import Unit

from . import permissions
from .errors import InvalidPlan
from .ledger import PUBLISHED, money_of
from .models import AssessmentRun, DistributionPlan
from .rules import section


def unit_row(run: AssessmentRun, unit_code: str) -> dict[str, Any] | None:
    return next((u for u in run.result.get("units", []) if u["unit"] == unit_code), None)


def can_plan(user: Actor, run: AssessmentRun, row: Mapping[str, Any]) -> bool:
    """The office for every unit; a unit operator for a county in their scope (departments: office only)."""
    if user is None or permissions.is_office(user):
        return True
    groups = {g.id: g for g in section(pure_pack(run.pack.pack_id)).groups}
    group = groups.get(row["group"])
    if group is None or group.members != "county":
        return False
    path = (
        Unit.objects.filter(code=row["unit"], level__in=[Unit.Level.COUNTY, Unit.Level.ZONE])
        .values_list("path", flat=True)
        .first()
    )
    return covers(user, [Role.UNIT_OPERATOR], path)


def plannable(user: Actor, run: AssessmentRun) -> list[dict[str, Any]]:
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
        groups, _, fines = money_of(pack)
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
    *, actor: Actor, run: AssessmentRun, unit_code: str, kind: str, lines: Sequence[Mapping[str, Any]]
) -> DistributionPlan:
    """A new version of the unit's plan for the rest of its reward or fine; nothing is written on error."""
    locked = AssessmentRun.objects.select_for_update().get(pk=run.pk)
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
        submitted_by=acting_user(actor),
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
