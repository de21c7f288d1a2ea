"""An index over a parsed regulation, read only from the plain ``Document.to_dict()`` shape.

Keeping to the plain dict decouples the pack from the parser's classes: any producer of
``{"nodes": [{"eid", "kind", "text", "children", ...}]}`` will do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

_ARTICLE = re.compile(r"^art_(\d+)(?:__|$)")


def article_of(eid: str) -> str | None:
    """``art_61__para_1__point_3`` -> ``art_61``; None for a non-article id."""
    match = _ARTICLE.match(eid)
    return f"art_{match.group(1)}" if match else None


def article_number(eid: str) -> int | None:
    """The article number of a clause id (``art_17__para_1`` → 17), or None for a chapter or section."""
    match = _ARTICLE.match(eid)
    return int(match.group(1)) if match else None


def within(clause: str, parent: str) -> bool:
    """True when ``clause`` is ``parent`` or lies inside it (``art_17__para_1__point_3`` in ``art_17``)."""
    return clause == parent or clause.startswith(parent + "__")


@dataclass(frozen=True)
class RegulationIndex:
    kinds: Mapping[str, str]  # eid -> node kind, in document order
    texts: Mapping[str, str]
    metadata: Mapping[str, object]

    @classmethod
    def from_document(cls, document: Mapping[str, object]) -> RegulationIndex:
        """The index of a parsed document (``Document.to_dict()``): every eid's kind and text, and the
        metadata."""
        kinds: dict[str, str] = {}
        texts: dict[str, str] = {}
        for node in _walk(document.get("nodes") or []):
            eid = node.get("eid")
            if isinstance(eid, str) and eid:
                kinds[eid] = str(node.get("kind") or "")
                texts[eid] = str(node.get("text") or "")
        metadata = document.get("metadata")
        return cls(kinds=kinds, texts=texts, metadata=dict(metadata) if isinstance(metadata, Mapping) else {})

    def __contains__(self, eid: object) -> bool:
        return eid in self.kinds

    @property
    def articles(self) -> tuple[str, ...]:
        """The article eids in document order."""
        return tuple(eid for eid, kind in self.kinds.items() if kind == "article")

    def points(self, first: int, last: int) -> tuple[str, ...]:
        """Points (项) of articles ``first``..``last`` inclusive, in document order."""
        found = []
        for eid, kind in self.kinds.items():
            number = article_number(eid)
            if kind == "point" and number is not None and first <= number <= last:
                found.append(eid)
        return tuple(found)


def _walk(nodes: object) -> Iterator[Mapping[str, object]]:
    if not isinstance(nodes, list):
        return
    for node in nodes:
        if isinstance(node, Mapping):
            yield node
            yield from _walk(node.get("children"))
