"""The assessment scheme and money of a pack as ``zeren.policy.assessment`` inputs.

Pure (no Django import at module level): the pack's ``assessment`` section and its ``money`` section are
read here, never literals. ``rules_for`` (Django side) lives in ``services``.
"""

from __future__ import annotations

from fractions import Fraction

from zeren.packs.model import Pack
from zeren.packs.model_assessment import AssessmentData
from zeren.policy.assessment import Deduction, GroupMoney, Indicator, Scheme, VetoTrigger


def section(pack: Pack) -> AssessmentData:
    if pack.assessment is None:
        raise ValueError(f"pack {pack.id} has no assessment section")
    return pack.assessment


def scheme(pack: Pack) -> Scheme:
    a = section(pack)
    return Scheme(
        scale=a.scale,
        indicators=tuple(
            Indicator(
                id=x.id,
                name=x.name,
                rule=x.rule,
                weight=x.weight,
                clause=x.clause,
                late_credit_percent=x.late_credit_percent,
                ceilings={c.group: (c.accidents_max, c.deaths_max) for c in x.ceilings},
                per_excess_percent=x.per_excess_percent,
            )
            for x in a.indicators
        ),
        deductions=tuple(
            Deduction(id=d.id, name=d.name, fact=d.fact, points=d.points, cap=d.cap, clause=d.clause)
            for d in a.deductions
        ),
        veto_triggers=tuple(
            VetoTrigger(trigger=t.trigger, name=t.name, grade=t.grade, kinds=t.kinds) for t in a.veto_triggers
        ),
        veto_clause=a.veto_clause,
        pass_mark=a.pass_mark,
        pass_mark_clause=a.pass_mark_clause,
        base_clauses=a.clauses,  # the scheme's basis (pack assessment.clauses), cited on every result
    )


def _fraction(percent: int | str) -> Fraction:
    return Fraction(str(percent)) / 100


def group_money(pack: Pack) -> dict[str, GroupMoney]:
    """Per group: the reward and fine amounts and the principals' percentages (pack ``money``)."""
    a = section(pack)
    rewards = {r.id: r for r in pack.money.rewards}
    fines = {f.id: f for f in pack.money.fines}
    split = pack.money.reward_split
    result = {}
    for g in a.groups:
        reward, fine = rewards[g.reward], fines[g.fine]
        applies = split is not None and g.reward in split.applies_to
        result[g.id] = GroupMoney(
            reward_yuan=reward.amount or 0,
            top=reward.top or 0,
            reward_clause=reward.clause,
            fine_yuan=fine.amount,
            fine_clause=fine.clause,
            reward_percent=_fraction(split.principals_percent)
            if split is not None and applies
            else Fraction(0),
            fine_percent=_fraction(fine.principals_percent),
            split_clause=split.clause if split is not None and applies else fine.clause,
        )
    return result
