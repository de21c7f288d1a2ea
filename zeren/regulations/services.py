"""Writes for regulations: importing a text as a (new) version with its clause tree."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from zeren.law import cite, parse

from .models import Provision, Regulation, RegulationVersion


class RegulationImportError(ValueError):
    """The text cannot be imported (no title, no articles, or an unusable slug)."""


@dataclass(frozen=True)
class ImportResult:
    version: RegulationVersion
    created: bool
    provisions: int


def _date(value: object) -> dt.date | None:
    if not value:
        return None
    return dt.date.fromisoformat(str(value))


def _slug_for(title: str) -> str:
    ascii_slug = slugify(title)
    if ascii_slug:
        return ascii_slug[:60]
    return "reg-" + hashlib.sha1(title.encode("utf-8"), usedforsecurity=False).hexdigest()[:10]


@transaction.atomic
def import_regulation(*, text: str, source_name: str = "", slug: str | None = None) -> ImportResult:
    """Import ``text``: the same text again changes nothing; a changed text becomes a new version.

    The regulation is identified by ``slug`` when given, else by the parsed title.
    """
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    document = parse(text)
    tree: dict[str, Any] = dict(document.to_dict())
    metadata: dict[str, Any] = tree["metadata"]
    title = str(metadata.get("title") or "").strip()
    if not title:
        raise RegulationImportError(f"{source_name or 'text'}: no regulation title found")
    if not any(node["kind"] == "article" for node in _iter_nodes(tree["nodes"])):
        raise RegulationImportError(f"{source_name or 'text'}: no articles (第…条) found")

    regulation = Regulation.objects.filter(slug=slug).first() if slug else None
    if regulation is None:
        regulation = Regulation.objects.filter(title=title).first()
    if regulation is None:
        regulation = Regulation.objects.create(slug=slug or _slug_for(title), title=title)

    existing = regulation.versions.filter(source_sha256=sha).first()
    if existing is not None:
        return ImportResult(version=existing, created=False, provisions=existing.provisions.count())

    last = regulation.versions.order_by("-number").values_list("number", flat=True).first() or 0
    issue_date = _date(metadata.get("issue_date"))
    version = RegulationVersion.objects.create(
        regulation=regulation,
        number=last + 1,
        source_name=source_name,
        source_sha256=sha,
        source_text=text,
        normalized_text=document.text,
        document_number=metadata.get("document_number") or "",
        issuer=metadata.get("issuer") or "",
        index_number=metadata.get("index_number") or "",
        issue_date=issue_date,
        publication_date=_date(metadata.get("publication_date")),
        effective_date=_date(metadata.get("effective_date")) or issue_date,
        metadata=metadata,
        warnings=tree["warnings"],
        substitutions=[dict(s) for s in getattr(document, "substitutions", [])],
    )
    count = _store_tree(version, tree["nodes"])
    return ImportResult(version=version, created=True, provisions=count)


def _iter_nodes(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        yield node
        yield from _iter_nodes(node.get("children") or [])


def _store_tree(version: RegulationVersion, nodes: list[dict[str, Any]]) -> int:
    """Bulk-insert the tree level by level, so each level is one INSERT and parents have ids."""
    levels: list[list[tuple[Provision, list[dict[str, Any]]]]] = []
    position = 0

    def walk(items: list[dict[str, Any]], depth: int, parent_key: int | None) -> None:
        nonlocal position
        for node in items:
            provision = Provision(
                version=version,
                eid=node["eid"],
                kind=node["kind"],
                number=str(node.get("number") or ""),
                label=node.get("label") or "",
                heading=node.get("heading") or "",
                content=str(node.get("content") or "") or (node["text"] or "").strip(),
                raw_text=node["text"],
                citation=cite(node["eid"]),
                position=position,
                depth=depth,
                references=node.get("references") or [],
            )
            provision._parent_key = parent_key  # type: ignore[attr-defined]
            key = position
            position += 1
            while len(levels) <= depth:
                levels.append([])
            levels[depth].append((provision, node.get("children") or []))
            walk(node.get("children") or [], depth + 1, key)

    walk(nodes, 0, None)
    by_position: dict[int, Provision] = {}
    for level in levels:
        batch = [p for p, _ in level]
        for provision in batch:
            parent_key = provision._parent_key  # type: ignore[attr-defined]
            if parent_key is not None:
                provision.parent = by_position[parent_key]
        Provision.objects.bulk_create(batch, batch_size=1000)
        by_position.update({p.position: p for p in batch})
    return position
