"""Loading a policy pack into the catalogue (``zeren pack load DIR``).

The pack is validated by the pure loader (``zeren.packs.load_pack``) against its own regulation text
first; only a valid pack reaches the database, and the whole load is one transaction. Loading the
same content again changes nothing; different content becomes a new ``PackVersion``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from zeren.packs import load_pack
from zeren.packs.model_base import YamlValue
from zeren.regulations.services import import_regulation

from .models import PackVersion
from .store import json_value, store_catalogue


@dataclass(frozen=True)
class PackLoadResult:
    """The stored version, whether this load created it, and its row count per catalogue table."""

    pack: PackVersion
    created: bool
    counts: dict[str, int]


def pack_content_sha256(raw_yaml: str, regulation_text: str) -> str:
    """A pack version's identity: its pack.yaml and its regulation text (``PackVersion.content_sha256``)."""
    regulation_sha = hashlib.sha256(regulation_text.encode("utf-8")).hexdigest()
    return hashlib.sha256((raw_yaml + "\0" + regulation_sha).encode("utf-8")).hexdigest()


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # as zeren.packs.loader: the safe loader, in C


def read_pack_files(directory: Path) -> tuple[str, str]:
    """The pack's ``pack.yaml`` and the regulation text it names, as they are on disk (for the hash)."""
    raw_yaml = (directory / "pack.yaml").read_text(encoding="utf-8")
    raw: YamlValue = yaml.load(raw_yaml, Loader=_SAFE_LOADER)  # noqa: S506 (a safe loader)
    name = raw.get("regulation") if isinstance(raw, dict) else None
    regulation_text = (directory / str(name or "regulation.txt")).read_text(encoding="utf-8")
    return raw_yaml, regulation_text


@transaction.atomic
def load_pack_into_catalog(*, directory: Path) -> PackLoadResult:
    """Validate the pack in ``directory`` and store it as a catalogue version (idempotent).

    Everything stored comes from the validated ``Pack``; the raw YAML is kept only as the version's record
    (``PackVersion.data``) and, with the regulation text, for its content hash.
    """
    pack = load_pack(directory)  # raises PackError naming the YAML path and clause of every problem
    raw_yaml = (directory / "pack.yaml").read_text(encoding="utf-8")
    regulation_text = (directory / pack.regulation_file).read_text(encoding="utf-8")
    regulation = import_regulation(
        text=regulation_text, source_name=f"{pack.id}/regulation.txt", slug=pack.id.replace("_", "-")
    ).version
    sha = pack_content_sha256(raw_yaml, regulation_text)
    existing = PackVersion.objects.filter(pack_id=pack.id, content_sha256=sha).first()
    if existing is not None:
        return PackLoadResult(pack=existing, created=False, counts=catalog_counts(existing))

    version = PackVersion.objects.create(
        pack_id=pack.id,
        title=pack.title,
        jurisdiction=pack.metadata.jurisdiction or "",
        document_number=pack.metadata.document_number or "",
        regulation_version=regulation,
        effective_from=pack.effective.effective_from,
        effective_to=pack.effective.effective_to,
        content_sha256=sha,
        data=json_value(yaml.load(raw_yaml, Loader=_SAFE_LOADER)),  # noqa: S506 (a safe loader)
    )
    store_catalogue(version, pack)
    return PackLoadResult(pack=version, created=True, counts=catalog_counts(version))


def catalog_counts(pack: PackVersion) -> dict[str, int]:
    """Rows per catalogue table of ``pack`` (``zeren pack load --json`` reports them)."""
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
