"""Facts → result: score, rank, reward and fine every unit (the run and the what-if share this).

Plain data in, plain JSON-ready dicts out; no queries. ``scheme`` may be given to evaluate a changed
scheme (what-if weights) without touching the pack.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from zeren.packs.model import Pack
from zeren.policy.assessment import RESULT_LABELS, Scheme, UnitFacts, rank, rewards_and_fines, score_unit

from .ratings import ratings_for
from .rules import group_money, section
from .rules import scheme as pack_scheme


def evaluate(pack: Pack, facts: Sequence[UnitFacts], *, scheme: Scheme | None = None) -> dict[str, Any]:
    """``{"units": [...]}`` in group order then rank: the contract's keys plus the detail pages show."""
    a = section(pack)
    sch = scheme or pack_scheme(pack)
    by_code = {f.unit: f for f in facts}
    scores = {s.unit: s for s in (score_unit(f, sch) for f in facts)}
    ranked = rank(list(scores.values()), by_code, a.ranking)
    withhold = a.barred_principal == "principal_share_withheld"
    awards = rewards_and_fines(
        ranked,
        by_code,
        group_money(pack),
        pass_on=a.pass_on,
        pass_on_clause=a.barred_principal_clause if withhold else a.pass_on_clause,
        withhold_barred_share=withhold,
    )
    group_names = {g.id: g.name for g in a.groups}
    units: list[dict[str, Any]] = []
    for award in awards:
        s, f = scores[award.unit], by_code[award.unit]
        names = {p.person: p.name for p in f.principals}
        units.append(
            {
                "unit": award.unit,
                "name": f.name,
                "group": award.group,
                "group_name": group_names[award.group],
                "score": str(s.total),
                "veto": s.veto,
                "veto_reasons": list(s.veto_reasons),
                "rank": award.rank,
                "result": award.result,
                "result_label": RESULT_LABELS[award.result],
                "reward_yuan": award.reward_yuan,
                "fine_yuan": award.fine_yuan,
                "principals": [
                    {
                        "person": p.person,
                        "name": names.get(p.person, ""),
                        "days": p.days,
                        "share_yuan": p.share_yuan,
                    }
                    for p in award.principals
                ],
                "citations": list(dict.fromkeys([*s.citations, *award.clauses])),
                "reasons": list(award.reasons),
                "notes": list(f.notes),
                "deductions": [{"name": n, "points": str(p), "clause": c} for n, p, c in s.deductions],
                "indicators": [
                    {
                        "id": i.id,
                        "name": i.name,
                        "weight": i.weight,
                        "applicable": i.applicable,
                        "points": str(i.points),
                        "ratio": str(i.ratio),
                        "facts": dict(i.facts),
                        "note": i.note,
                        "clauses": list(i.clauses),
                    }
                    for i in s.indicators
                ],
            }
        )
    order = list(group_names)
    units.sort(key=lambda u: (order.index(u["group"]), u["rank"], u["unit"]))
    if a.ratings is None:
        return {"units": units}
    return {"units": units, "ratings": ratings_for(pack, facts, units)}  # art. 57 para 2
