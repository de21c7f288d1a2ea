"""Draft a policy pack from a regulation text with no human help (``zeren pack draft``).

Every guessed entry carries ``draft: true``; a draft goes into a curated pack only after review (see
docs/pack-drafter.md). Pure: no Django.

>>> pack = draft_pack(text)                      # doctest: +SKIP
>>> report = evaluate(pack, curated_pack_dict)    # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .builder import cited_clauses, draft_from_document, without_draft_markers
from .evaluate import Score, evaluate

__all__ = [
    "DraftError",
    "Score",
    "cited_clauses",
    "draft_from_document",
    "draft_pack",
    "evaluate",
    "without_draft_markers",
]


class DraftError(RuntimeError):
    """The regulation cannot be drafted (no parser available)."""


def draft_pack(
    text: str,
    *,
    document: Mapping[str, Any] | None = None,
    pack_id: str = "draft",
    regulation: str = "regulation.txt",
) -> dict[str, Any]:
    """Draft a pack dict from ``text``; pass ``document`` (``Document.to_dict()``) to skip parsing."""
    if document is None:
        document = parse_document(text)
    return draft_from_document(document, pack_id=pack_id, regulation=regulation)


def parse_document(text: str) -> Mapping[str, Any]:
    try:
        from zeren.law import parse
    except ImportError as exc:
        raise DraftError("zeren.law.parse is not available") from exc
    result: Mapping[str, Any] = parse(text).to_dict()
    return result
