"""Storing a validated pack's catalogue: rows built from the typed ``Pack`` (``zeren.packs.model``) alone.

The pack schema lives once, in the pure loader; this module only reads attributes of what it built. A
parameter keeps its rule whole as a JSON value (``Parameter.value``) in the shape pack.yaml gives it: the
keys an entry states, in the pack format's order, and an optional key only when the pack gives it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from zeren.common.jsontypes import Json, JsonObject
from zeren.packs.model import (
    AccountabilityRules,
    Choice,
    DueRule,
    Fine,
    Form,
    LocalChoice,
    MoneyRules,
    Pack,
    Provision,
    Reward,
    RewardSplit,
    Veto,
    VetoPeriod,
)
from zeren.packs.model import Duty as DutyEntry
from zeren.packs.model import Obligation as ObligationEntry
from zeren.packs.model_base import YamlValue

from .models import (
    ArticleClass,
    Body,
    DepartmentKind,
    Duty,
    KindTrait,
    Obligation,
    PackVersion,
    Parameter,
    Role,
    Sector,
    SectorSupervisor,
    Trait,
)


def store_catalogue(version: PackVersion, pack: Pack) -> None:
    """Bulk-insert the catalogue of ``pack`` under ``version``: one INSERT per table, ids through maps."""
    Body.objects.bulk_create(
        [Body(pack=version, code=b.id, name=b.name, clauses=list(b.clauses)) for b in pack.bodies]
    )
    roles = Role.objects.bulk_create(
        [
            Role(
                pack=version,
                code=r.id,
                name=r.name,
                body_code=r.body,
                holds_kind_duties=r.holds_kind_duties,
                clauses=list(r.clauses),
                position=i,
            )
            for i, r in enumerate(pack.roles)
        ]
    )
    traits = Trait.objects.bulk_create(
        [Trait(pack=version, code=t.id, name=t.name, clauses=list(t.clauses)) for t in pack.traits]
    )
    kinds = DepartmentKind.objects.bulk_create(
        [
            DepartmentKind(
                pack=version,
                code=k.id,
                name=k.name,
                type=k.type,
                catch_all=k.catch_all,
                clauses=list(k.clauses),
                note=k.choice.note or "",
                position=i,
            )
            for i, k in enumerate(pack.department_kinds)
        ]
    )
    role_by = {r.code: r for r in roles}
    trait_by = {t.code: t for t in traits}
    kind_by = {k.code: k for k in kinds}
    KindTrait.objects.bulk_create(
        [
            KindTrait(kind=kind_by[k.id], trait=trait_by[t.trait], clause=t.clause, scope=t.scope)
            for k in pack.department_kinds
            for t in k.traits
        ]
    )
    # duties in pack order: the roles', then the traits', then the department kinds' (``position``)
    owned: list[tuple[DutyEntry, Role | None, Trait | None, DepartmentKind | None]] = [
        *((d, role_by[r.id], None, None) for r in pack.roles for d in r.duties),
        *((d, None, trait_by[t.id], None) for t in pack.traits for d in t.duties),
        *((d, None, None, kind_by[k.id]) for k in pack.department_kinds for d in k.duties),
    ]
    Duty.objects.bulk_create(
        [
            Duty(
                pack=version,
                role=role,
                trait=trait,
                kind=kind,
                clause=d.clause,
                summary=d.summary,
                position=i,
            )
            for i, (d, role, trait, kind) in enumerate(owned)
        ],
        batch_size=1000,
    )
    sectors = Sector.objects.bulk_create(
        [Sector(pack=version, code=s.id, name=s.name, position=i) for i, s in enumerate(pack.sectors)]
    )
    sector_by = {s.code: s for s in sectors}
    SectorSupervisor.objects.bulk_create(
        [
            SectorSupervisor(
                sector=sector_by[s.id],
                kind=kind_by[sup.kind],
                capacity=sup.capacity,
                part=sup.part,
                clauses=list(sup.clauses),
                position=j,
            )
            for s in pack.sectors
            for j, sup in enumerate(s.supervisors)
        ]
    )
    Obligation.objects.bulk_create([_obligation(version, o, i) for i, o in enumerate(pack.obligations)])
    Parameter.objects.bulk_create(parameters(version, pack))
    ArticleClass.objects.bulk_create(
        [
            ArticleClass(
                pack=version,
                eid=a.eid,
                classification=a.classification,
                feature=a.feature,
                note=a.note or "",
                position=i,
            )
            for i, a in enumerate(pack.articles)
        ]
    )


def _obligation(version: PackVersion, o: ObligationEntry, position: int) -> Obligation:
    return Obligation(
        pack=version,
        code=o.id,
        name=o.name,
        clause=o.clause,
        frequency=o.frequency,
        min_count=o.min_count,
        owners=[{owner.type: owner.id} for owner in o.owners],
        recipient=o.recipient or "",
        due={**_due(o.due), "default_period": o.default_period},
        position=position,
    )


def _due(due: DueRule | None) -> JsonObject:
    return {} if due is None else {"month_days": list(due.month_days), **_choice(due.choice)}


def parameters(version: PackVersion, pack: Pack) -> list[Parameter]:
    """Money rules, accountability rules and local choices, each kept whole as a cited value (in order)."""
    rows: list[Parameter] = []

    def add(
        section: str,
        code: str,
        value: JsonObject,
        *,
        name: str = "",
        clause: str | None = "",
        note: str | None = None,
        choice: Choice | None = None,
    ) -> None:
        rows.append(
            Parameter(
                pack=version,
                section=section,
                code=code,
                name=name,
                clause=clause or "",
                value=value,
                local_choice=choice is not None and choice.local_choice,
                note=(choice.note if choice is not None else note) or "",
                source=(choice.source if choice is not None else None) or "",
                position=len(rows),
            )
        )

    money: MoneyRules = pack.money
    for reward in money.rewards:
        add(
            "money.rewards",
            reward.id,
            _reward(reward),
            name=reward.name,
            clause=reward.clause,
            note=reward.note,
        )
    for fine in money.fines:
        add("money.fines", fine.id, _fine(fine), name=fine.name, clause=fine.clause, choice=fine.choice)
    if money.reward_split is not None:
        split = money.reward_split
        add(
            "money",
            "reward_split",
            _reward_split(split),
            name="奖金分配",
            clause=split.clause,
            choice=split.choice,
        )
    rules: AccountabilityRules = pack.accountability
    for trigger in rules.triggers:
        add("accountability.triggers", trigger.id, _provision(trigger, id_key="id"), clause=trigger.clause)
    for form in rules.forms:
        add(
            "accountability.forms",
            form.id,
            _form(form, rank=True),
            name=form.name,
            clause=form.clause,
            note=form.note,
        )
    for key, value, clause, name, note in _accountability_rules(rules):
        add("accountability", key, value, name=name, clause=clause, note=note)
    for d in rules.department_forms:
        add("accountability.department_forms", d.form, {"form": d.form, "clause": d.clause}, clause=d.clause)
    for organ in rules.deciding_organs:
        organ_value: JsonObject = {"id": organ.id, "name": organ.name, "clause": organ.clause}
        add("accountability.deciding_organs", organ.id, organ_value, name=organ.name, clause=organ.clause)
    for item in pack.local_choices:
        add(
            "local_choices",
            item.id,
            _local_choice(item),
            name=item.name,
            clause=item.clause,
            choice=item.choice,
        )
    return rows


def _accountability_rules(
    rules: AccountabilityRules,
) -> Iterable[tuple[str, JsonObject, str | None, str, str | None]]:
    """(code, value, clause, name, note) of the single accountability rules the pack states, in pack order."""
    if rules.sanction is not None:
        sanction = rules.sanction
        yield "sanction", _form(sanction, rank=False), sanction.clause, sanction.name, sanction.note
    if rules.referral is not None:
        yield "referral", _provision(rules.referral, id_key="organ"), rules.referral.clause, "", None
    if rules.veto is not None:
        yield "veto", _veto(rules.veto), rules.veto.clause, "", None
    for key, provision in (
        ("aggravation", rules.aggravation),
        ("mitigation", rules.mitigation),
        ("exemption", rules.exemption),
        ("lifelong", rules.lifelong),
    ):
        if provision is not None:
            yield key, _provision(provision, id_key=None), provision.clause, "", None
    if rules.factors or rules.factors_clause:
        factors = _present({"clause": rules.factors_clause, "items": list(rules.factors) or None})
        yield "factors", factors, rules.factors_clause, "", None


def _present(value: dict[str, Json]) -> JsonObject:
    """``value`` without the keys whose value the pack left out (None)."""
    return {key: item for key, item in value.items() if item is not None}


def _choice(choice: Choice) -> JsonObject:
    """The ``local_choice`` / ``note`` / ``source`` keys as the pack states them."""
    return _present(
        {"local_choice": True if choice.local_choice else None, "note": choice.note, "source": choice.source}
    )


def _reward(r: Reward) -> JsonObject:
    return _present(
        {
            "id": r.id,
            "name": r.name,
            "clause": r.clause,
            "recipient": r.recipient,
            "top": r.top,
            "amount": r.amount,
            "amount_min": r.amount_min,
            "amount_max": r.amount_max,
            "funded_by": r.funded_by,
            "note": r.note,
        }
    )


def _fine(f: Fine) -> JsonObject:
    return _present(
        {
            "id": f.id,
            "name": f.name,
            "clause": f.clause,
            "payer": f.payer,
            "amount": f.amount,
            "paid_to": f.paid_to,
            "principals_percent": f.principals_percent,
            "remainder": f.remainder,
            **_choice(f.choice),
        }
    )


def _reward_split(s: RewardSplit) -> JsonObject:
    return {
        "clause": s.clause,
        "applies_to": list(s.applies_to),
        "principals_percent": s.principals_percent,
        "remainder": s.remainder,
        **_choice(s.choice),
    }


def _provision(p: Provision, *, id_key: str | None) -> JsonObject:
    """A trigger (``id``), the referral (``organ``) or a single provision (no id: the key names it)."""
    head: JsonObject = {} if id_key is None else {id_key: p.id}
    if id_key == "organ":
        return {"clause": p.clause, **head, "summary": p.summary}
    return {**head, "clause": p.clause, "summary": p.summary}


def _form(f: Form, *, rank: bool) -> JsonObject:
    """A form of the ladder (with its ``rank``, 1 = mildest) or the sanction beside it."""
    value = _present({"id": f.id, "name": f.name, "clause": f.clause, "note": f.note})
    return {**value, "rank": f.rank} if rank else value


def _veto(v: Veto) -> JsonObject:
    return _present(
        {
            "clause": v.clause,
            "effects": list(v.effects),
            "periods": [_veto_period(p) for p in v.periods],
            "also_cites": list(v.also_cites) or None,
            "after_transfer": None if v.after_transfer is None else _choice(v.after_transfer),
        }
    )


def _veto_period(p: VetoPeriod) -> JsonObject:
    return _present(
        {
            "form": p.form,
            "grade": p.grade,
            "months": p.months,
            "no_leading_post_months": p.no_leading_post_months,
            **_choice(p.choice),
        }
    )


def _local_choice(c: LocalChoice) -> JsonObject:
    return {"id": c.id, "name": c.name, "clause": c.clause, "value": json_value(c.value), **_choice(c.choice)}


def json_value(value: YamlValue) -> Json:
    """A YAML value as JSON: dates as ISO strings, lists and mappings element by element."""
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_value(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
