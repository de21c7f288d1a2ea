"""Loading a policy pack into the catalogue (``zeren pack load DIR``).

The pack is validated by the pure loader (``zeren.packs.load_pack``) against its own regulation text
first; only a valid pack reaches the database, and the whole load is one transaction. Loading the
same content again changes nothing; different content becomes a new ``PackVersion``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from zeren.packs import load_pack
from zeren.regulations.services import import_regulation

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


@dataclass(frozen=True)
class PackLoadResult:
    pack: PackVersion
    created: bool
    counts: dict[str, int]


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def pack_content_sha256(raw_yaml: str, regulation_text: str) -> str:
    """A pack version's identity: its pack.yaml and its regulation text (``PackVersion.content_sha256``)."""
    regulation_sha = hashlib.sha256(regulation_text.encode("utf-8")).hexdigest()
    return hashlib.sha256((raw_yaml + "\0" + regulation_sha).encode("utf-8")).hexdigest()


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # as zeren.packs.loader: the safe loader, in C


def read_pack_files(directory: Path) -> tuple[dict[str, Any], str, str]:
    raw_yaml = (directory / "pack.yaml").read_text(encoding="utf-8")
    data = _json_safe(yaml.load(raw_yaml, Loader=_SAFE_LOADER))  # noqa: S506 (a safe loader)
    regulation_text = (directory / str(data.get("regulation", "regulation.txt"))).read_text(encoding="utf-8")
    return data, raw_yaml, regulation_text


@transaction.atomic
def load_pack_into_catalog(*, directory: Path) -> PackLoadResult:
    """Validate the pack in ``directory`` and store it as a catalogue version (idempotent)."""
    load_pack(directory)  # raises PackError naming the YAML path and clause of every problem
    data, raw_yaml, regulation_text = read_pack_files(directory)
    regulation = import_regulation(
        text=regulation_text, source_name=f"{data['id']}/regulation.txt", slug=data["id"].replace("_", "-")
    ).version
    sha = pack_content_sha256(raw_yaml, regulation_text)
    existing = PackVersion.objects.filter(pack_id=data["id"], content_sha256=sha).first()
    if existing is not None:
        return PackLoadResult(pack=existing, created=False, counts=catalog_counts(existing))

    pack = PackVersion.objects.create(
        pack_id=data["id"],
        title=data["title"],
        jurisdiction=data.get("jurisdiction", ""),
        document_number=data.get("document_number") or "",
        regulation_version=regulation,
        effective_from=dt.date.fromisoformat(str(data["effective_from"])),
        effective_to=_date(data.get("effective_to")),
        content_sha256=sha,
        data=data,
    )
    _store(pack, data)
    return PackLoadResult(pack=pack, created=True, counts=catalog_counts(pack))


def catalog_counts(pack: PackVersion) -> dict[str, int]:
    return {
        "roles": pack.roles.count(),
        "department_kinds": pack.department_kinds.count(),
        "traits": pack.traits.count(),
        "sectors": pack.sectors.count(),
        "duties": pack.duties.count(),
        "obligations": pack.obligations.count(),
        "parameters": pack.parameters.count(),
        "articles": pack.articles.count(),
    }


def _store(pack: PackVersion, data: dict[str, Any]) -> None:
    """Bulk-insert the catalogue: one INSERT per table, ids resolved through in-memory maps."""
    Body.objects.bulk_create(
        [
            Body(pack=pack, code=b["id"], name=b["name"], clauses=b.get("clauses", []))
            for b in data.get("bodies", [])
        ]
    )
    roles = Role.objects.bulk_create(
        [
            Role(
                pack=pack,
                code=r["id"],
                name=r["name"],
                body_code=r.get("body") or "",
                holds_kind_duties=bool(r.get("holds_kind_duties", False)),
                clauses=r.get("clauses", []),
                position=i,
            )
            for i, r in enumerate(data.get("roles", []))
        ]
    )
    traits = Trait.objects.bulk_create(
        [
            Trait(pack=pack, code=t["id"], name=t["name"], clauses=t.get("clauses", []))
            for t in data.get("traits", [])
        ]
    )
    kinds = DepartmentKind.objects.bulk_create(
        [
            DepartmentKind(
                pack=pack,
                code=k["id"],
                name=k["name"],
                type=k["type"],
                catch_all=bool(k.get("catch_all", False)),
                clauses=k.get("clauses", []),
                note=k.get("note") or "",
                position=i,
            )
            for i, k in enumerate(data.get("department_kinds", []))
        ]
    )
    role_by = {r.code: r for r in roles}
    trait_by = {t.code: t for t in traits}
    kind_by = {k.code: k for k in kinds}

    KindTrait.objects.bulk_create(
        [
            KindTrait(
                kind=kind_by[k["id"]],
                trait=trait_by[t["trait"]],
                clause=t["clause"],
                scope=t.get("scope") or "",
            )
            for k in data.get("department_kinds", [])
            for t in k.get("traits", [])
        ]
    )
    duties: list[Duty] = []
    for owner_field, entries, lookup in (
        ("role", data.get("roles", []), role_by),
        ("trait", data.get("traits", []), trait_by),
        ("kind", data.get("department_kinds", []), kind_by),
    ):
        for entry in entries:
            for duty in entry.get("duties", []):
                duties.append(
                    Duty(
                        pack=pack,
                        clause=duty["clause"],
                        summary=duty["summary"],
                        position=len(duties),
                        **{owner_field: lookup[entry["id"]]},
                    )
                )
    Duty.objects.bulk_create(duties, batch_size=1000)

    sectors = Sector.objects.bulk_create(
        [
            Sector(pack=pack, code=s["id"], name=s["name"], position=i)
            for i, s in enumerate(data.get("sectors", []))
        ]
    )
    sector_by = {s.code: s for s in sectors}
    SectorSupervisor.objects.bulk_create(
        [
            SectorSupervisor(
                sector=sector_by[s["id"]],
                kind=kind_by[sup["kind"]],
                capacity=sup["capacity"],
                part=sup.get("part") or "",
                clauses=sup.get("clauses", []),
                position=j,
            )
            for s in data.get("sectors", [])
            for j, sup in enumerate(s.get("supervisors", []))
        ]
    )
    Obligation.objects.bulk_create(
        [
            Obligation(
                pack=pack,
                code=o["id"],
                name=o["name"],
                clause=o["clause"],
                frequency=o["frequency"],
                min_count=o.get("min_count", 1),
                owners=o.get("owners", []),
                recipient=o.get("recipient") or "",
                due={**(o.get("due") or {}), "default_period": o.get("default_period")},
                position=i,
            )
            for i, o in enumerate(data.get("obligations", []))
        ]
    )
    Parameter.objects.bulk_create(_parameters(pack, data))
    ArticleClass.objects.bulk_create(
        [
            ArticleClass(
                pack=pack,
                eid=a["eid"],
                classification=a["classification"],
                feature=a.get("feature") or "",
                note=a.get("note") or "",
                position=i,
            )
            for i, a in enumerate(data.get("articles", []))
        ]
    )


def _parameters(pack: PackVersion, data: dict[str, Any]) -> list[Parameter]:
    """Money rules, accountability rules and local choices, each kept whole as a cited value."""
    rows: list[Parameter] = []

    def add(section: str, code: str, entry: Any, *, name: str = "", clause: str = "") -> None:
        value = entry if isinstance(entry, dict) else {"value": entry}
        rows.append(
            Parameter(
                pack=pack,
                section=section,
                code=code,
                name=name or str(value.get("name", "")),
                clause=clause or str(value.get("clause") or ""),
                value=value,
                local_choice=bool(value.get("local_choice", False)),
                note=str(value.get("note") or ""),
                source=str(value.get("source") or ""),
                position=len(rows),
            )
        )

    money = data.get("money") or {}
    for item in money.get("rewards", []):
        add("money.rewards", item["id"], item)
    for item in money.get("fines", []):
        add("money.fines", item["id"], item)
    if money.get("reward_split"):
        add("money", "reward_split", money["reward_split"], name="奖金分配")
    accountability = data.get("accountability") or {}
    for index, item in enumerate(accountability.get("triggers", [])):
        add("accountability.triggers", item.get("id", str(index)), item)
    for rank, item in enumerate(accountability.get("forms", []), start=1):
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
        if accountability.get(key):
            add("accountability", key, accountability[key])
    for item in accountability.get("department_forms", []):
        add("accountability.department_forms", item["form"], item)
    for item in accountability.get("deciding_organs", []):
        add("accountability.deciding_organs", item["id"], item)
    for item in data.get("local_choices", []):
        add("local_choices", item["id"], item)
    return rows
