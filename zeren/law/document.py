"""The document tree: nodes, metadata, warnings, ``to_dict`` and ``cite``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .numerals import to_chinese

KINDS = ("part", "chapter", "section", "article", "paragraph", "point")

Warning = dict[str, object]
"""A warning: ``{"code", "message", "eid", "position", ...extra}`` (JSON-serialisable)."""


class LawParseError(ValueError):
    """The only exception the importer raises: input that is not text, or an id that is not a clause id."""


def make_warning(
    code: str, message: str, *, eid: str | None = None, position: int | None = None, **extra: object
) -> Warning:
    return {"code": code, "message": message, "eid": eid, "position": position, **extra}


@dataclass
class Reference:
    """A citation inside the document, resolved to clause ids of this document."""

    text: str
    start: int
    end: int
    target: str | None
    targets: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "target": self.target,
            "targets": list(self.targets),
        }


@dataclass
class Node:
    eid: str
    kind: str
    number: str | None
    label: str | None
    heading: str | None
    start: int
    text: str
    children: list[Node] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)

    @property
    def end(self) -> int:
        """End of the text this node owns itself (its children start at or after it)."""
        return self.start + len(self.text)

    @property
    def content(self) -> str:
        """Display text: own text without the label and without surrounding whitespace."""
        body = self.text
        if self.label:
            index = body.find(self.label)
            if index >= 0:
                body = body[index + len(self.label) :]
        if self.heading is not None:
            return self.heading
        return body.strip(" \t\r\n\u3000\xa0\u2002\u2003\u200b\ufeff")

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.iter()

    def full_text(self) -> str:
        """Own text plus every descendant's text, in order (the whole clause as written)."""
        return "".join(node.text for node in self.iter())

    def to_dict(self) -> dict[str, object]:
        return {
            "eid": self.eid,
            "kind": self.kind,
            "number": self.number,
            "label": self.label,
            "heading": self.heading,
            "text": self.text,
            "content": self.content,
            "start": self.start,
            "end": self.end,
            "references": [ref.to_dict() for ref in self.references],
            "children": [child.to_dict() for child in self.children],
        }


@dataclass
class Metadata:
    title: str | None = None
    document_number: str | None = None
    issuer: str | None = None
    issue_date: str | None = None
    publication_date: str | None = None
    index_number: str | None = None
    source_office: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "document_number": self.document_number,
            "issuer": self.issuer,
            "issue_date": self.issue_date,
            "publication_date": self.publication_date,
            "index_number": self.index_number,
            "source_office": self.source_office,
        }


@dataclass
class Document:
    original_text: str
    text: str
    preamble: str
    trailer: str
    nodes: list[Node]
    metadata: Metadata
    warnings: list[Warning]
    substitutions: list[dict[str, object]]

    def iter_nodes(self) -> Iterator[Node]:
        """Every node in document (pre-)order."""
        for node in self.nodes:
            yield from node.iter()

    def find(self, eid: str) -> Node | None:
        for node in self.iter_nodes():
            if node.eid == eid:
                return node
        return None

    def articles(self) -> list[Node]:
        return [node for node in self.iter_nodes() if node.kind == "article"]

    def counts(self) -> dict[str, int]:
        result = dict.fromkeys(KINDS, 0)
        for node in self.iter_nodes():
            result[node.kind] += 1
        return result

    def to_dict(self) -> dict[str, object]:
        return {
            "metadata": self.metadata.to_dict(),
            "warnings": [dict(w) for w in self.warnings],
            "substitutions": [dict(s) for s in self.substitutions],
            "counts": self.counts(),
            "preamble": self.preamble,
            "trailer": self.trailer,
            "nodes": [node.to_dict() for node in self.nodes],
        }


_PART_RE = re.compile(r"(part|chp|sec|art|para|point)_(\d+)(?:_(\d+))?(?:_dup\d+)?")
_UNITS = {"part": "编", "chp": "章", "sec": "节", "para": "款"}


def cite(eid: str) -> str:
    """Render a clause id for people: ``art_61__para_1__point_3`` → ``第六十一条第一款第（三）项``.

    ``art_10_1`` → ``第十条之一``; ``chp_2__sec_1`` → ``第二章第一节``; a point nested in a point (目) →
    ``第…项第一目``. Raises :class:`LawParseError` for a string that is not a clause id.
    """
    if not isinstance(eid, str) or not eid:
        raise LawParseError(f"not a clause id: {eid!r}")
    out: list[str] = []
    point_depth = 0
    for component in eid.split("__"):
        match = _PART_RE.fullmatch(component)
        if match is None:
            raise LawParseError(f"not a clause id: {eid!r}")
        kind, number, sub = match.group(1), int(match.group(2)), match.group(3)
        if kind == "art":
            out.append(f"第{to_chinese(number)}条" + (f"之{to_chinese(int(sub))}" if sub else ""))
        elif sub is not None:
            raise LawParseError(f"not a clause id: {eid!r}")
        elif kind == "point":
            point_depth += 1
            numeral = to_chinese(number)
            out.append(f"第（{numeral}）项" if point_depth == 1 else f"第{numeral}目")
        else:
            out.append(f"第{to_chinese(number)}{_UNITS[kind]}")
    return "".join(out)
