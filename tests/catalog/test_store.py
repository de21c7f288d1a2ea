"""The catalogue is stored from the typed pack model; it must say exactly what pack.yaml says.

The expectations below read pack.yaml by its keys, independently of ``zeren.catalog.store`` (they are the
reading the loader replaced), for the Kashgar pack and for the mini test pack: a field dropped, renamed or
reordered by the typed path shows up as a difference.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from zeren.catalog.models import (
    ArticleClass,
    DepartmentKind,
    Duty,
    KindTrait,
    Obligation,
    PackVersion,
    Parameter,
    Role,
    SectorSupervisor,
)
from zeren.catalog.services import load_pack_into_catalog
from zeren.packs import KASHGAR_PACK_DIR

pytestmark = pytest.mark.django_db

MINI = Path(__file__).parents[1] / "packs" / "mini_pack"
Row = dict[str, Any]


def _raw(directory: Path) -> dict[str, Any]:
    def safe(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): safe(v) for k, v in value.items()}
        if isinstance(value, list):
            return [safe(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    data: dict[str, Any] = safe(yaml.safe_load((directory / "pack.yaml").read_text(encoding="utf-8")))
    return data


def _expected_parameters(data: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []

    def add(section: str, code: str, entry: Any, name: str = "") -> None:
        value = entry if isinstance(entry, dict) else {"value": entry}
        rows.append(
            {
                "section": section,
                "code": code,
                "name": name or str(value.get("name", "")),
                "clause": str(value.get("clause") or ""),
                "value": value,
                "local_choice": bool(value.get("local_choice", False)),
                "note": str(value.get("note") or ""),
                "source": str(value.get("source") or ""),
            }
        )

    money = data.get("money") or {}
    for item in money.get("rewards", []):
        add("money.rewards", item["id"], item)
    for item in money.get("fines", []):
        add("money.fines", item["id"], item)
    if money.get("reward_split"):
        add("money", "reward_split", money["reward_split"], name="奖金分配")
    rules = data.get("accountability") or {}
    for item in rules.get("triggers", []):
        add("accountability.triggers", item["id"], item)
    for rank, item in enumerate(rules.get("forms", []), start=1):
        add("accountability.forms", item["id"], {**item, "rank": rank})
    for key in (
        "sanction",
        "referral",
        "veto",
        "aggravation",
        "mitigation",
        "exemption",
        "lifelong",
        "factors",
    ):
        if rules.get(key):
            add("accountability", key, rules[key])
    for item in rules.get("department_forms", []):
        add("accountability.department_forms", item["form"], item)
    for item in rules.get("deciding_organs", []):
        add("accountability.deciding_organs", item["id"], item)
    for item in data.get("local_choices", []):
        add("local_choices", item["id"], item)
    return rows


def _stored_parameters(pack: PackVersion) -> list[Row]:
    fields = ("section", "code", "name", "clause", "value", "local_choice", "note", "source")
    return list(Parameter.objects.filter(pack=pack).order_by("position").values(*fields))


def _expected_duties(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [
        (owner, entry["id"], duty["clause"], duty["summary"])
        for owner, key in (("role", "roles"), ("trait", "traits"), ("kind", "department_kinds"))
        for entry in data.get(key, [])
        for duty in entry.get("duties", [])
    ]


def _stored_duties(pack: PackVersion) -> list[tuple[str, str, str, str]]:
    rows = Duty.objects.filter(pack=pack).select_related("role", "trait", "kind").order_by("position")
    result = []
    for d in rows:
        owner, entry = next((f, o) for f in ("role", "trait", "kind") if (o := getattr(d, f)) is not None)
        result.append((owner, entry.code, d.clause, d.summary))
    return result


@pytest.mark.parametrize("directory", [KASHGAR_PACK_DIR, MINI], ids=["kashgar", "mini"])
def test_the_stored_catalogue_says_what_pack_yaml_says(directory: Path) -> None:
    data = _raw(directory)

    pack = load_pack_into_catalog(directory=directory).pack

    assert (pack.pack_id, pack.title, pack.jurisdiction, pack.document_number) == (
        data["id"],
        data["title"],
        data.get("jurisdiction", ""),
        data.get("document_number") or "",
    )
    assert (str(pack.effective_from), pack.effective_to) == (data["effective_from"], data.get("effective_to"))
    assert pack.data == data
    assert list(
        Role.objects.filter(pack=pack).values_list("code", "name", "body_code", "holds_kind_duties")
    ) == [
        (r["id"], r["name"], r.get("body") or "", bool(r.get("holds_kind_duties", False)))
        for r in data.get("roles", [])
    ]
    assert list(
        DepartmentKind.objects.filter(pack=pack).values_list("code", "type", "catch_all", "note")
    ) == [
        (k["id"], k["type"], bool(k.get("catch_all", False)), k.get("note") or "")
        for k in data.get("department_kinds", [])
    ]
    assert list(
        KindTrait.objects.filter(kind__pack=pack)
        .order_by("kind__position", "pk")
        .values_list("kind__code", "trait__code", "clause", "scope")
    ) == [
        (k["id"], t["trait"], t["clause"], t.get("scope") or "")
        for k in data.get("department_kinds", [])
        for t in k.get("traits", [])
    ]
    assert _stored_duties(pack) == _expected_duties(data)
    assert list(
        SectorSupervisor.objects.filter(sector__pack=pack)
        .order_by("sector__position", "position")
        .values_list("sector__code", "kind__code", "capacity", "part", "clauses")
    ) == [
        (s["id"], sup["kind"], sup["capacity"], sup.get("part") or "", sup.get("clauses", []))
        for s in data.get("sectors", [])
        for sup in s.get("supervisors", [])
    ]
    assert list(
        Obligation.objects.filter(pack=pack).values_list("code", "min_count", "owners", "recipient", "due")
    ) == [
        (
            o["id"],
            o.get("min_count", 1),
            o.get("owners", []),
            o.get("recipient") or "",
            {**(o.get("due") or {}), "default_period": o.get("default_period")},
        )
        for o in data.get("obligations", [])
    ]
    assert _stored_parameters(pack) == _expected_parameters(data)
    assert list(
        ArticleClass.objects.filter(pack=pack).values_list("eid", "classification", "feature", "note")
    ) == [
        (a["eid"], a["classification"], a.get("feature") or "", a.get("note") or "")
        for a in data.get("articles", [])
    ]


def test_the_kashgar_parameters_keep_every_rule_of_the_money_and_accountability_sections() -> None:
    pack = load_pack_into_catalog(directory=KASHGAR_PACK_DIR).pack

    sections = list(
        Parameter.objects.filter(pack=pack).order_by("position").values_list("section", flat=True)
    )

    assert sections.count("money.rewards") == 3
    assert sections.count("accountability.forms") == 7
    assert sections.count("local_choices") == 12
    veto = Parameter.objects.get(pack=pack, section="accountability", code="veto").value
    assert veto["periods"][0] == {
        "form": "notice",
        "months": 6,
        "local_choice": True,
        "note": veto["periods"][0]["note"],
        "source": "pack default（不长于诫勉6个月：《关于对党员领导干部进行诫勉的规定》）",
    }
    assert veto["also_cites"] == ["art_58__para_1"]
    assert Parameter.objects.get(pack=pack, section="local_choices", code="effective_date").value[
        "value"
    ] == ("2021-04-10")
