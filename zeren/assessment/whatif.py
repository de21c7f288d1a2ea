"""What-if on a stored run (假设分析): the run's facts with changes, evaluated beside the real result.

Reads only: the run's stored facts go through ``zeren.policy.whatif.apply`` and ``evaluate`` (no queries);
nothing is saved, the run (its facts, result and ``inputs_hash``) stays exactly as it was. The only
query is the optional one labelling the accidents offered on the form.

``parse_changes`` reads the changes from a form or query dict (or the command line's lists) and raises
``InvalidChanges`` whose ``errors`` map each offending field to a message:

- ``remove_accident``: accident ids (repeatable);
- ``mark_unit`` + ``mark_count`` (the form), or ``mark_done`` entries ``UNIT:COUNT`` (repeatable);
- ``weight_<indicator id>`` (the form; only values that differ from the scheme count), or ``weight``
  entries ``ID=W`` (repeatable).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone

from zeren.accidents.models import Accident
from zeren.catalog.packs import pure_pack
from zeren.packs.model import Pack
from zeren.policy import whatif
from zeren.policy.assessment import RESULT_LABELS, Scheme, UnitFacts
from zeren.policy.whatif import Change, ChangeError, ChangeWeight, MarkObligationsDone, RemoveAccident

from .evaluate import evaluate
from .facts import facts_from_json
from .models import AssessmentRun
from .rules import scheme as pack_scheme

COMPARED = ("rank", "score", "veto", "result", "reward_yuan", "fine_yuan")
FIELD_LABELS = {
    "remove_accident": "剔除事故",
    "mark_unit": "标记完成的单位",
    "mark_count": "标记完成的数量",
    "mark_done": "标记完成",
    "weight": "权重",
    "__all__": "假设",
}


class InvalidChanges(ValueError):
    """The form's changes do not parse or apply; ``errors`` is ``{field: message}``."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("；".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


def inputs(run: AssessmentRun) -> tuple[Pack, list[UnitFacts], Scheme]:
    """The run's pack, its stored facts as ``UnitFacts`` and the pack's scheme."""
    pack = pure_pack(run.pack.pack_id)
    return pack, facts_from_json(run.facts), pack_scheme(pack)


def _values(data: Mapping[str, Any], key: str) -> list[str]:
    if hasattr(data, "getlist"):
        raw: list[Any] = data.getlist(key)
    else:
        value = data.get(key)
        raw = list(value) if isinstance(value, list | tuple) else ([] if value is None else [value])
    return [str(v).strip() for v in raw if str(v).strip()]


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _field_of(change: Change, origin: Mapping[Change, str]) -> str:
    return origin.get(change, "__all__")


def parse_changes(data: Mapping[str, Any], *, facts: Sequence[UnitFacts], scheme: Scheme) -> list[Change]:
    """The changes asked for in ``data``, checked against ``facts`` and ``scheme`` (``InvalidChanges``)."""
    errors: dict[str, str] = {}
    changes: list[Change] = []
    origin: dict[Change, str] = {}

    def add(change: Change, field: str) -> None:
        changes.append(change)
        origin.setdefault(change, field)

    for text in _values(data, "remove_accident"):
        number = _int(text)
        if number is None:
            errors["remove_accident"] = f"事故编号须为整数（收到 {text!r}）"
        else:
            add(RemoveAccident(number), "remove_accident")

    unit, count = _values(data, "mark_unit"), _values(data, "mark_count")
    if unit and not count:
        errors["mark_count"] = "请填写标记完成的数量"
    elif count and not unit:
        errors["mark_unit"] = "请选择标记完成的单位"
    elif unit and count:
        number = _int(count[0])
        if number is None or number < 1:
            errors["mark_count"] = f"数量须为正整数（收到 {count[0]!r}）"
        else:
            add(MarkObligationsDone(unit[0], number), "mark_unit")
    for text in _values(data, "mark_done"):
        code, sep, amount = text.rpartition(":")
        number = _int(amount)
        if not sep or not code or number is None or number < 1:
            errors["mark_done"] = f"格式为 单位标识:正整数（收到 {text!r}）"
        else:
            add(MarkObligationsDone(code, number), "mark_done")

    current = {i.id: i.weight for i in scheme.indicators}
    asked: list[tuple[str, str, str]] = [
        (key.removeprefix("weight_"), value, key)
        for key in sorted(k for k in data if k.startswith("weight_"))
        for value in _values(data, key)[:1]
    ]
    for text in _values(data, "weight"):
        indicator, sep, value = text.partition("=")
        if not sep:
            errors["weight"] = f"格式为 指标标识=权重（收到 {text!r}）"
            continue
        asked.append((indicator.strip(), value.strip(), "weight"))
    for indicator, value, field in asked:
        number = _int(value)
        if number is None or number < 0:
            errors[field] = f"权重须为非负整数（收到 {value!r}）"
        elif indicator not in current:
            errors[field] = f"没有考核指标 {indicator!r}"
        elif number != current[indicator] or field == "weight":
            add(ChangeWeight(indicator, number), field)

    if not errors and not changes:
        errors["__all__"] = "请至少设定一项假设：剔除事故、标记履职事项完成或调整权重"
    if not errors:
        try:
            whatif.apply(facts, scheme, changes)
        except ChangeError as exc:
            errors[_field_of(exc.change, origin)] = str(exc)
    if errors:
        raise InvalidChanges(errors)
    return changes


def _side(unit: Mapping[str, Any]) -> dict[str, Any]:
    side = {k: unit.get(k) for k in COMPARED}
    side["result_label"] = unit.get("result_label") or RESULT_LABELS.get(str(unit.get("result")), "")
    side["veto_reasons"] = list(unit.get("veto_reasons", []))
    return side


def _describe(change: Change, facts: Mapping[str, UnitFacts], scheme: Scheme) -> str:
    if isinstance(change, RemoveAccident):
        event = next(
            (e for f in facts.values() for e in f.accident_events if e.id == change.accident_id), None
        )
        if event is not None:
            return f"剔除事故 #{event.id}（{event.grade}，死亡{event.deaths}人）"
    if isinstance(change, MarkObligationsDone) and change.unit in facts:
        return f"{facts[change.unit].name}按时完成履职事项 {change.count} 项（先计逾期事项）"
    if isinstance(change, ChangeWeight):
        indicator = next((i for i in scheme.indicators if i.id == change.indicator_id), None)
        if indicator is not None:
            return f"{indicator.name}权重 {indicator.weight}→{change.weight}"
    return change.label


def what_if(run: AssessmentRun, changes: Sequence[Change]) -> dict[str, Any]:
    """The run beside its what-if: per group, each unit's rank/score/result/money before and after."""
    pack, facts, scheme = inputs(run)
    new_facts, new_scheme = whatif.apply(facts, scheme, changes)
    after = {u["unit"]: u for u in evaluate(pack, new_facts, scheme=new_scheme)["units"]}
    baseline = {u["unit"]: _side(u) for u in evaluate(pack, facts, scheme=scheme)["units"]}
    old_facts = {f.unit: f for f in facts}
    changed_facts = {f.unit: f for f in new_facts}
    groups: list[dict[str, Any]] = []
    drift = False
    for unit in run.result.get("units", []):
        code = unit["unit"]
        before, later = _side(unit), _side(after[code])
        drift = drift or baseline.get(code) != before
        moved = [k for k in COMPARED if before[k] != later[k]]
        up = int(before["rank"]) - int(later["rank"])
        row = {
            "unit": code,
            "name": unit["name"],
            "before": before,
            "after": later,
            "moved": moved,
            "rank_change": up,  # positive: up
            "rank_move": f"↑{up}" if up > 0 else (f"↓{-up}" if up < 0 else ""),
            "facts_changed": list(whatif.fact_changes(old_facts[code], changed_facts[code])),
        }
        if not groups or groups[-1]["group"] != unit["group"]:
            groups.append({"group": unit["group"], "name": unit.get("group_name", unit["group"]), "rows": []})
        groups[-1]["rows"].append(row)
    for g in groups:  # what-if order: the group's rows by their rank after the change
        g["rows"].sort(key=lambda r: (r["after"]["rank"], r["before"]["rank"], r["unit"]))
    rows = [r for g in groups for r in g["rows"]]
    return {
        "run_id": run.pk,
        "year": run.year,
        "inputs_hash": run.inputs_hash,
        "changes": [_describe(c, old_facts, scheme) for c in changes],
        "weights": {i.id: i.weight for i in new_scheme.indicators},
        "scale": new_scheme.scale,
        "groups": groups,
        "moved_units": sum(bool(r["moved"]) for r in rows),
        "totals": {
            side: {
                "reward_yuan": sum(int(r[side]["reward_yuan"]) for r in rows),
                "fine_yuan": sum(int(r[side]["fine_yuan"]) for r in rows),
            }
            for side in ("before", "after")
        },
        # True when the pack now evaluates the unchanged facts differently from the stored result
        "baseline_differs": drift,
    }


def accident_options(facts: Sequence[UnitFacts]) -> list[dict[str, Any]]:
    """The accidents counted in the run's facts, for the form: id, grade, deaths, units, a label."""
    found: dict[int, dict[str, Any]] = {}
    for f in facts:
        for e in f.accident_events:
            entry = found.setdefault(
                e.id, {"id": e.id, "grade": e.grade, "deaths": e.deaths, "failures": e.report_failures}
            )
            entry.setdefault("units", []).append(f.name)
    described = {
        a["pk"]: a
        for a in Accident.objects.filter(pk__in=list(found)).values(
            "pk", "occurred_at", "enterprise", "unit__name"
        )
    }
    options = []
    for accident_id, entry in sorted(found.items()):
        row = described.get(accident_id)
        where = ""
        if row is not None:
            day = timezone.localtime(row["occurred_at"]).date()
            where = f"{day:%Y-%m-%d} {row['unit__name']} {row['enterprise']}，"
        entry["label"] = (
            f"#{accident_id} {where}{entry['grade']}，死亡{entry['deaths']}人"
            f"（计入：{'、'.join(entry['units'])}）"
        )
        options.append(entry)
    return options


def unit_options(facts: Sequence[UnitFacts]) -> list[dict[str, Any]]:
    """Units with obligations still open (overdue first), for the form."""
    options = []
    for f in facts:
        overdue, remainder = whatif.open_obligations(f)
        if overdue + remainder:
            options.append(
                {
                    "unit": f.unit,
                    "label": f"{f.name}（逾期{overdue}项，其余未完成{remainder}项）",
                    "overdue": overdue,
                    "open": overdue + remainder,
                }
            )
    return options
