"""Advanced-enterprise awards (art. 61 (3)) and the unified social credit code check (GB 32100-2015).

An approved award is recorded with its approval and posted to the ledger as a self-funded ``out`` line of
the reward's ``funded_by`` fund; the amount range, fund and clause come from the pack's enterprise reward.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zeren.accidents.rules import citation
from zeren.audit.services import record_event
from zeren.catalog.packs import pack_for_year, pure_pack
from zeren.common.actor import Actor, acting_user
from zeren.org.models import Unit
from zeren.packs.model import Pack, Reward

from . import permissions
from .errors import InvalidAward
from .ledger import OUT
from .models import EnterpriseAward, FundMovement

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


# --- the award --------------------------------------------------------------------------------------
def enterprise_reward(pack: Pack) -> Reward:
    reward = next((r for r in pack.money.rewards if r.recipient == "enterprise"), None)
    if reward is None or reward.amount_min is None or reward.amount_max is None:
        raise InvalidAward(f"政策包 {pack.id} 没有先进企业奖励的金额范围", field=None)
    return reward


@transaction.atomic
def record_enterprise_award(
    *,
    actor: Actor,
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
        recorded_by=acting_user(actor),
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
        recorded_by=acting_user(actor),
    )
    record_event(
        actor=actor,
        action="assessment.enterprise_award",
        obj=award,
        after={"year": year, "credit_code": code, "amount_yuan": amount_yuan, "fund": reward.funded_by},
        note=f"{citation(reward.clause)}：登记年度安全生产先进企业奖励",
    )
    return award


def _shown(amount: Any) -> str:
    return f"{amount:,} 元" if isinstance(amount, int) and not isinstance(amount, bool) else f"“{amount}”"
