"""A flat, typed view of ``zeren.law.parse(text).to_dict()``: articles, their paragraphs and points.

The drafter reads only this view, so it works on any document dict of that shape (the parser's own output, a
stored version, a hand-written fixture).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .extractors import canon

_ARTICLE_EID_RE = re.compile(r"art_(\d+)")
Node = Mapping[str, object]  # a node of ``Document.to_dict()``: eid, kind, label, heading, text, children


@dataclass(frozen=True)
class Point:
    eid: str
    text: str  # canonical, label removed, nested points appended


@dataclass(frozen=True)
class Paragraph:
    eid: str
    text: str  # the paragraph's own text (the lead-in when it has points)
    points: tuple[Point, ...] = ()

    @property
    def full_text(self) -> str:
        return self.text + "".join(point.text for point in self.points)


@dataclass(frozen=True)
class Article:
    eid: str
    number: int
    chapter: str  # the heading of the enclosing chapter ("" if none)
    paragraphs: tuple[Paragraph, ...] = ()

    @property
    def text(self) -> str:
        return "".join(paragraph.full_text for paragraph in self.paragraphs)

    @property
    def lead(self) -> str:
        return self.paragraphs[0].text if self.paragraphs else ""

    def clauses(self) -> Iterator[tuple[str, str]]:
        """(clause id, text) of every paragraph and point, in order."""
        for paragraph in self.paragraphs:
            yield paragraph.eid, paragraph.text
            for point in paragraph.points:
                yield point.eid, point.text


@dataclass(frozen=True)
class Tree:
    articles: tuple[Article, ...]
    clause_ids: frozenset[str] = field(default_factory=frozenset)
    metadata: Node = field(default_factory=dict)  # the document's metadata (title, issuer, dates)

    def article(self, eid: str) -> Article | None:
        return next((article for article in self.articles if article.eid == eid), None)


def node_text(node: Node) -> str:
    """A node's own text without its label (``content`` when the parser gives it)."""
    content = node.get("content")
    if isinstance(content, str) and node.get("heading") is None:
        return canon(content)
    text = str(node.get("text") or "")
    label = node.get("label")
    if isinstance(label, str) and label and label in text:
        text = text[text.index(label) + len(label) :]
    return canon(text)


def _children(node: Node) -> list[Node]:
    return _nodes(node.get("children"))


def _nodes(value: object) -> list[Node]:
    """The mappings of a list of nodes (anything else: none)."""
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list | tuple) else []


def _point_text(node: Node) -> str:
    return node_text(node) + "".join(_point_text(child) for child in _children(node))


def _article(node: Node, chapter: str) -> Article:
    eid = str(node["eid"])
    match = _ARTICLE_EID_RE.match(eid)
    number = int(match.group(1)) if match else 0
    paragraphs: list[Paragraph] = []
    for child in _children(node):
        if child.get("kind") == "paragraph":
            points = tuple(
                Point(str(point["eid"]), _point_text(point))
                for point in _children(child)
                if point.get("kind") == "point"
            )
            paragraphs.append(Paragraph(str(child["eid"]), node_text(child), points))
    return Article(eid, number, chapter, tuple(paragraphs))


def build_tree(document: Node) -> Tree:
    """The articles of a ``Document.to_dict()`` output, each with its chapter heading."""
    articles: list[Article] = []
    clause_ids: set[str] = set()

    def walk(nodes: list[Node], chapter: str) -> None:
        for node in nodes:
            clause_ids.add(str(node.get("eid")))
            kind = node.get("kind")
            if kind == "article":
                articles.append(_article(node, chapter))
                for sub in _all(node):
                    clause_ids.add(str(sub.get("eid")))
                continue
            heading = node.get("heading")
            walk(
                _children(node), canon(heading) if kind == "chapter" and isinstance(heading, str) else chapter
            )

    walk(_nodes(document.get("nodes")), "")
    metadata = document.get("metadata")
    return Tree(tuple(articles), frozenset(clause_ids), metadata if isinstance(metadata, Mapping) else {})


def _all(node: Node) -> Iterator[Node]:
    for child in _children(node):
        yield child
        yield from _all(child)
