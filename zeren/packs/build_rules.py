"""Raw YAML -> model for the rule sections: obligations, money, accountability, local choices."""

from __future__ import annotations

from . import build_accidents
from .model import (
    EVIDENCE_KINDS,
    FREQUENCIES,
    FUNDING,
    OWNER_TYPES,
    PERIODS_PER_YEAR,
    RECIPIENTS,
    AccountabilityRules,
    DepartmentForm,
    DueRule,
    Effective,
    Fine,
    Form,
    LocalChoice,
    MoneyRules,
    Obligation,
    Organ,
    OwnerRef,
    Provision,
    Reward,
    RewardSplit,
    Veto,
    VetoPeriod,
)
from .reader import Raw, Reader, join

_CHOICE = ("local_choice", "note", "source")


def obligations(r: Reader, raw: Raw, default: Effective) -> tuple[Obligation, ...]:
    result = []
    keys = (
        "id", "name", "clause", "owners", "frequency", "default_period", "min_count", "recipient", "due",
        "evidence",
    )  # fmt: skip
    for where, item in r.items(raw, "obligations", ""):
        r.entry(item, where, (*keys, *_CHOICE, "effective_from", "effective_to"))
        owners = []
        for o_where, o in r.items(item, "owners", where):
            present = [k for k in OWNER_TYPES if k in o]
            r.entry(o, o_where, OWNER_TYPES)
            if len(present) != 1:
                r.error(o_where, f"an owner names exactly one of {', '.join(OWNER_TYPES)}")
                owners.append(OwnerRef(type="", id=""))
                continue
            owners.append(OwnerRef(type=present[0], id=r.ident(o, present[0], o_where)))
        if "owners" in item and not owners:
            r.error(join(where, "owners"), "an obligation needs at least one owner")
        default_period = r.opt_text(item, "default_period", where)
        if default_period is not None and default_period not in PERIODS_PER_YEAR:
            r.error(
                join(where, "default_period"),
                f"{default_period!r} is not one of {', '.join(PERIODS_PER_YEAR)}",
            )
        due = None
        if item.get("due") is not None:
            d_where = join(where, "due")
            d = r.entry(r.mapping(item["due"], d_where), d_where, ("month_days", *_CHOICE))
            due = DueRule(month_days=r.month_days(d, "month_days", d_where), choice=r.choice(d, d_where))
        result.append(
            Obligation(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                clause=r.clause(item, "clause", where),
                owners=tuple(owners),
                frequency=r.enum(item, "frequency", where, FREQUENCIES),
                default_period=default_period,
                min_count=r.integer(item, "min_count", where, minimum=1),
                recipient=r.opt_text(item, "recipient", where),
                due=due,
                effective=r.effective(item, where, default),
                choice=r.choice(item, where),
                evidence=r.enum(item, "evidence", where, EVIDENCE_KINDS) if "evidence" in item else None,
            )
        )
    return tuple(result)


def money(r: Reader, raw: Raw) -> MoneyRules:
    m = r.entry(
        r.mapping(raw.get("money") or {}, "money"), "money", ("currency", "rewards", "reward_split", "fines")
    )
    rewards = []
    keys = (
        "id",
        "name",
        "clause",
        "recipient",
        "top",
        "amount",
        "amount_min",
        "amount_max",
        "funded_by",
        "note",
    )
    for where, item in r.items(m, "rewards", "money", required=False):
        r.entry(item, where, keys)
        amount = r.opt_integer(item, "amount", where)
        low = r.opt_integer(item, "amount_min", where)
        high = r.opt_integer(item, "amount_max", where)
        if (amount is None) == (low is None or high is None):
            r.error(where, "give either amount or both amount_min and amount_max")
        if low is not None and high is not None and low > high:
            r.error(join(where, "amount_max"), f"amount_max {high} is below amount_min {low}")
        rewards.append(
            Reward(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                clause=r.clause(item, "clause", where),
                recipient=r.enum(item, "recipient", where, RECIPIENTS),
                top=r.opt_integer(item, "top", where, minimum=1),
                amount=amount,
                amount_min=low,
                amount_max=high,
                funded_by=r.enum(item, "funded_by", where, FUNDING),
                note=r.opt_text(item, "note", where),
            )
        )
    split = None
    if m.get("reward_split") is not None:
        where = "money.reward_split"
        s = r.entry(
            r.mapping(m["reward_split"], where),
            where,
            ("clause", "applies_to", "principals_percent", "remainder", *_CHOICE),
        )
        split = RewardSplit(
            clause=r.clause(s, "clause", where),
            applies_to=r.texts(s, "applies_to", where),
            principals_percent=r.percent(s, "principals_percent", where),
            remainder=r.text(s, "remainder", where),
            choice=r.choice(s, where),
        )
    fines = []
    for where, item in r.items(m, "fines", "money", required=False):
        fine_keys = ("id", "name", "clause", "payer", "amount", "principals_percent", "remainder", "paid_to")
        r.entry(item, where, (*fine_keys, *_CHOICE))
        paid_to = r.enum(item, "paid_to", where, FUNDING) if item.get("paid_to") is not None else None
        # the text may not say where a fine goes: a named fund is then a documented local choice
        fine_choice = r.choice(item, where, required=paid_to is not None and not item.get("paid_to_clause"))
        fines.append(
            Fine(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                clause=r.clause(item, "clause", where),
                payer=r.enum(item, "payer", where, RECIPIENTS),
                amount=r.integer(item, "amount", where, minimum=1),
                principals_percent=r.percent(item, "principals_percent", where),
                remainder=r.text(item, "remainder", where),
                paid_to=paid_to,
                choice=fine_choice,
            )
        )
    currency = r.opt_text(m, "currency", "money") or "CNY"
    return MoneyRules(currency=currency, rewards=tuple(rewards), reward_split=split, fines=tuple(fines))


def _provision(r: Reader, raw: Raw, key: str, path: str, id_key: str | None = None) -> Provision | None:
    if raw.get(key) is None:
        return None
    where = join(path, key)
    p = r.entry(r.mapping(raw[key], where), where, ("clause", "summary", *((id_key,) if id_key else ())))
    ident = r.ident(p, id_key, where) if id_key else key
    return Provision(id=ident, clause=r.clause(p, "clause", where), summary=r.text(p, "summary", where))


def accountability(r: Reader, raw: Raw) -> AccountabilityRules:
    path = "accountability"
    a = r.mapping(raw.get(path) or {}, path)
    r.entry(
        a,
        path,
        (
            "triggers",
            "forms",
            "sanction",
            "referral",
            "department_forms",
            "veto",
            "aggravation",
            "mitigation",
            "exemption",
            "lifelong",
            "factors",
            "deciding_organs",
            "proposal",
        ),
    )
    triggers = []
    for where, item in r.items(a, "triggers", path, required=False):
        r.entry(item, where, ("id", "clause", "summary"))
        triggers.append(
            Provision(
                id=r.ident(item, "id", where),
                clause=r.clause(item, "clause", where),
                summary=r.text(item, "summary", where),
            )
        )
    forms = []
    for rank, (where, item) in enumerate(r.items(a, "forms", path, required=False), start=1):
        r.entry(item, where, ("id", "name", "clause", "note"))
        forms.append(
            Form(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                clause=r.clause(item, "clause", where),
                rank=rank,
                note=r.opt_text(item, "note", where),
            )
        )
    sanction = None
    if a.get("sanction") is not None:
        where = join(path, "sanction")
        s = r.entry(r.mapping(a["sanction"], where), where, ("id", "name", "clause", "note"))
        sanction = Form(
            id=r.ident(s, "id", where),
            name=r.text(s, "name", where),
            clause=r.clause(s, "clause", where),
            rank=0,
            note=r.opt_text(s, "note", where),
        )
    department_forms = []
    for where, item in r.items(a, "department_forms", path, required=False):
        r.entry(item, where, ("form", "clause"))
        department_forms.append(
            DepartmentForm(form=r.ident(item, "form", where), clause=r.clause(item, "clause", where))
        )
    organs = []
    for where, item in r.items(a, "deciding_organs", path, required=False):
        r.entry(item, where, ("id", "name", "clause"))
        organs.append(
            Organ(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                clause=r.clause(item, "clause", where),
            )
        )
    f_where = join(path, "factors")
    factors = r.entry(r.mapping(a.get("factors") or {}, f_where), f_where, ("clause", "items"))
    return AccountabilityRules(
        triggers=tuple(triggers),
        forms=tuple(forms),
        sanction=sanction,
        referral=_provision(r, a, "referral", path, id_key="organ"),
        department_forms=tuple(department_forms),
        veto=_veto(r, a, path),
        aggravation=_provision(r, a, "aggravation", path),
        mitigation=_provision(r, a, "mitigation", path),
        exemption=_provision(r, a, "exemption", path),
        lifelong=_provision(r, a, "lifelong", path),
        factors=r.texts(factors, "items", f_where, required=False),
        factors_clause=r.opt_clause(factors, "clause", f_where),
        deciding_organs=tuple(organs),
        proposal=build_accidents.proposal(r, a, path),
    )


def _veto(r: Reader, a: Raw, path: str) -> Veto | None:
    where = join(path, "veto")
    if a.get("veto") is None:
        return None
    v = r.entry(
        r.mapping(a["veto"], where), where, ("clause", "effects", "periods", "also_cites", "after_transfer")
    )
    periods = []
    for p_where, p in r.items(v, "periods", where):
        r.entry(p, p_where, ("form", "grade", "months", "no_leading_post_months", *_CHOICE))
        periods.append(
            VetoPeriod(
                form=r.ident(p, "form", p_where),
                grade=r.opt_text(p, "grade", p_where),
                months=r.integer(p, "months", p_where),
                no_leading_post_months=r.opt_integer(p, "no_leading_post_months", p_where),
                choice=r.choice(p, p_where, required=True),
            )
        )
    after_transfer = None
    if v.get("after_transfer") is not None:
        t_where = join(where, "after_transfer")
        t = r.entry(r.mapping(v["after_transfer"], t_where), t_where, _CHOICE)
        after_transfer = r.choice(t, t_where, required=True)
    return Veto(
        clause=r.clause(v, "clause", where),
        effects=r.texts(v, "effects", where),
        periods=tuple(periods),
        also_cites=r.texts(v, "also_cites", where, required=False),
        after_transfer=after_transfer,
    )


def local_choices(r: Reader, raw: Raw) -> tuple[LocalChoice, ...]:
    result = []
    for where, item in r.items(raw, "local_choices", ""):
        r.entry(item, where, ("id", "name", "clause", "value", *_CHOICE))
        if "value" not in item:
            r.error(join(where, "value"), "missing value (the default)")
        result.append(
            LocalChoice(
                id=r.ident(item, "id", where),
                name=r.text(item, "name", where),
                clause=r.opt_clause(item, "clause", where),
                value=item.get("value"),
                choice=r.choice(item, where, required=True),
            )
        )
    return tuple(result)
