"""Cross-references inside one document: 本办法第十七条, 第二章、第三章, 前款, 本条第一款, 前两款 …

A reference is attached to the node whose own text contains it, with offsets in the document text.
References to other documents (《…》第X条, 刑法第X条) are skipped: a citation without a 本… prefix is only
resolved when it follows punctuation or a verb/preposition such as 依照, 违反, 适用. A citation of a clause
that does not exist is an ``unresolved_reference`` warning; a citation "第X条…情形" whose target says
nothing about 情形 is a ``reference_mismatch`` warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Node, Reference, Warning, make_warning
from .numerals import NUMBER_CHARS, NUMERAL_CHARS, parse_numeral

_NUM = f"[{NUMBER_CHARS}]+"
_SELF = r"本(?:实施)?(?:实施细则|办法|规定|条例|法|细则|决定|规则|准则|制度|章程)"
_TRIGGER_RE = re.compile(
    rf"(?P<self>{_SELF})(?=第)|(?P<rel>前[两二三四五六七八九]?[款条]|前项|本条(?!例)|本款|本项)|(?P<bare>第)"
)
_CONTAINER_RE = re.compile(rf"第({_NUM})(编|章|节)")
_ARTICLE_RE = re.compile(rf"第({_NUM})条(?:之([{NUMERAL_CHARS}]+))?")
_PARA_RE = re.compile(rf"第({_NUM})款")
_POINT_RE = re.compile(rf"第[（(]({_NUM})[）)]项|第({_NUM})项")
_SEP_RE = re.compile(r"(?:、|，|,|以及|和|及|或者|或|与|至)(?=第)")
_SITUATION_RE = re.compile(r"(?:所(?:列|规定|述)的?|规定的|中的|的)?(?:各种|有关|相关)?情形")
_CONDITIONAL_RE = re.compile(r"的[，,；;。：:]")
_BARE_OK_BEFORE = set(' \t\n\u3000\xa0，,、；;：:。“”"（(【[和或及与至在对依按照经除由即见是同用于以')
_KIND_OF = {"编": "part", "章": "chapter", "节": "section"}
_COUNT = {"": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass
class _Context:
    article: Node | None
    paragraph: Node | None
    point: Node | None
    container: Node | None


@dataclass
class _Hit:
    start: int
    end: int
    wanted: list[str]


class _Resolver:
    def __init__(self, text: str, roots: list[Node]) -> None:
        self.text = text
        self.roots = roots
        self.index: dict[str, Node] = {}
        self.parent: dict[str, Node | None] = {}
        self.articles: list[Node] = []
        for root in roots:
            self._walk(root, None)
        self.warnings: list[Warning] = []

    def _walk(self, node: Node, parent: Node | None) -> None:
        self.index[node.eid] = node
        self.parent[node.eid] = parent
        if node.kind == "article":
            self.articles.append(node)
        for child in node.children:
            self._walk(child, node)

    def context(self, node: Node) -> _Context:
        found: dict[str, Node] = {}
        current: Node | None = node
        while current is not None:
            kind = "container" if current.kind in ("part", "chapter", "section") else current.kind
            found.setdefault(kind, current)
            current = self.parent[current.eid]
        return _Context(
            found.get("article"), found.get("paragraph"), found.get("point"), found.get("container")
        )

    def container_eid(self, kind: str, number: int, ctx: _Context) -> str:
        matches = [n for n in self.index.values() if n.kind == kind and n.number == str(number)]
        if not matches:
            return {"part": "part", "chapter": "chp", "section": "sec"}[kind] + f"_{number}"
        if ctx.container is not None:
            prefix = ctx.container.eid.split("__")[0]
            for candidate in matches:
                if candidate.eid.startswith(prefix):
                    return candidate.eid
        return matches[0].eid

    # -- parsing ---------------------------------------------------------------------------------------
    def parse_item(
        self, pos: int, ctx: _Context, last_article: str | None, last_paragraph: str | None
    ) -> tuple[int, str] | None:
        text = self.text
        match = _CONTAINER_RE.match(text, pos)
        if match is not None:
            number = parse_numeral(match.group(1))
            if number is None:
                return None
            return match.end(), self.container_eid(_KIND_OF[match.group(2)], number, ctx)
        match = _ARTICLE_RE.match(text, pos)
        if match is not None:
            number = parse_numeral(match.group(1))
            sub = parse_numeral(match.group(2)) if match.group(2) else None
            if number is None:
                return None
            eid = f"art_{number}" + (f"_{sub}" if sub is not None else "")
            return self.parse_tail(match.end(), eid)
        match = _PARA_RE.match(text, pos)
        base = last_article or (ctx.article.eid if ctx.article else None)
        if match is not None and base is not None:
            number = parse_numeral(match.group(1))
            if number is None:
                return None
            return self.parse_point_tail(match.end(), f"{base}__para_{number}")
        match = _POINT_RE.match(text, pos)
        paragraph = last_paragraph or (ctx.paragraph.eid if ctx.paragraph else None)
        if match is not None and paragraph is not None:
            number = parse_numeral(match.group(1) or match.group(2))
            if number is None:
                return None
            return match.end(), f"{paragraph}__point_{number}"
        return None

    def parse_tail(self, pos: int, article: str) -> tuple[int, str]:
        match = _PARA_RE.match(self.text, pos)
        if match is None:
            return pos, article
        number = parse_numeral(match.group(1))
        if number is None:
            return pos, article
        return self.parse_point_tail(match.end(), f"{article}__para_{number}")

    def parse_point_tail(self, pos: int, paragraph: str) -> tuple[int, str]:
        match = _POINT_RE.match(self.text, pos)
        if match is None:
            return pos, paragraph
        number = parse_numeral(match.group(1) or match.group(2))
        if number is None:
            return pos, paragraph
        return match.end(), f"{paragraph}__point_{number}"

    def parse_chain(
        self, start: int, pos: int, ctx: _Context, hits: list[_Hit] | None = None
    ) -> tuple[int, list[_Hit]]:
        """Parse 第…、第… items from ``pos``; ``hits`` may hold an already parsed first item."""
        hits = list(hits or [])
        item_start = start
        if hits:
            sep = _SEP_RE.match(self.text, pos)
            if sep is None:
                return pos, hits
            item_start = pos = sep.end()
        while True:
            last = hits[-1].wanted[-1] if hits and hits[-1].wanted else ""
            last_article = last.split("__")[0] if last.startswith("art_") else None
            last_paragraph = last.split("__point_")[0] if "__para_" in last else None
            parsed = self.parse_item(pos, ctx, last_article, last_paragraph)
            if parsed is None:
                return pos, hits
            pos, eid = parsed
            hits.append(_Hit(item_start, pos, [eid]))
            sep = _SEP_RE.match(self.text, pos)
            if sep is None:
                return pos, hits
            item_start = pos = sep.end()

    def relative(self, word: str, start: int, end: int, ctx: _Context) -> tuple[int, list[_Hit]]:
        count = _COUNT.get(word[1:-1], 1) if word.startswith("前") and len(word) >= 2 else 1
        wanted: list[str] = []
        if word.endswith("款") and word.startswith("前"):
            if ctx.article is not None and ctx.paragraph is not None and ctx.paragraph.number:
                current = int(ctx.paragraph.number)
                wanted = [f"{ctx.article.eid}__para_{n}" for n in range(current - count, current)]
                if current - count < 1:
                    wanted = [f"{ctx.article.eid}__para_{current - count}"]
        elif word.endswith("条") and word.startswith("前"):
            if ctx.article is not None and ctx.article in self.articles:
                index = self.articles.index(ctx.article)
                wanted = [a.eid for a in self.articles[max(0, index - count) : index]]
                if index - count < 0:
                    wanted = [f"{ctx.article.eid}__previous_{count}"]
        elif word == "前项":
            if ctx.point is not None and ctx.paragraph is not None and ctx.point.number:
                wanted = [f"{ctx.paragraph.eid}__point_{int(ctx.point.number) - 1}"]
        elif word == "本条" and ctx.article is not None:
            end, eid = self.parse_tail(end, ctx.article.eid)
            wanted = [eid]
        elif word == "本款" and ctx.paragraph is not None:
            end, eid = self.parse_point_tail(end, ctx.paragraph.eid)
            wanted = [eid]
        elif word == "本项" and ctx.point is not None:
            wanted = [ctx.point.eid]
        if word.startswith("前") and word.endswith("款") and len(wanted) == 1:
            end, eid = self.parse_point_tail(end, wanted[0])
            wanted = [eid]
        if not wanted:
            return end, []
        return self.parse_chain(end, end, ctx, [_Hit(start, end, wanted)])

    # -- resolution ------------------------------------------------------------------------------------
    def scan(self, node: Node) -> None:
        ctx = self.context(node)
        pos, limit = node.start, node.end
        while pos < limit:
            match = _TRIGGER_RE.search(self.text, pos, limit)
            if match is None:
                return
            hits: list[_Hit]
            if match.group("rel"):
                pos, hits = self.relative(match.group("rel"), match.start(), match.end(), ctx)
            else:
                external = match.group("bare") is not None and not self._bare_ok(match.start())
                end, hits = self.parse_chain(
                    match.start(), match.end("self") if match.group("self") else match.start(), ctx
                )
                pos = max(end, match.end())
                if external:
                    continue
            for hit in hits:
                self.record(node, hit)

    def describes_situation(self, node: Node) -> bool:
        """Says 情形 or has a conditional ("……的，"), itself or in the lead-in of its enclosing clauses."""
        text = node.full_text()
        if "情形" in text or _CONDITIONAL_RE.search(text) is not None:
            return True
        current = self.parent[node.eid]
        while current is not None and current.kind in ("paragraph", "point", "article"):
            if "情形" in current.text:
                return True
            current = self.parent[current.eid]
        return False

    def _bare_ok(self, start: int) -> bool:
        return start == 0 or self.text[start - 1] in _BARE_OK_BEFORE

    def record(self, node: Node, hit: _Hit) -> None:
        text = self.text[hit.start : hit.end]
        found = [eid for eid in hit.wanted if eid in self.index]
        missing = [eid for eid in hit.wanted if eid not in self.index]
        ref = Reference(text, hit.start, hit.end, found[0] if found and not missing else None, found)
        node.references.append(ref)
        if missing:
            self.warnings.append(
                make_warning(
                    "unresolved_reference",
                    f"{text!r} refers to {', '.join(missing)}, which this document does not contain",
                    eid=node.eid,
                    position=hit.start,
                    target=missing[0],
                )
            )
            return
        if _SITUATION_RE.match(self.text, hit.end, min(len(self.text), hit.end + 8)) and not any(
            self.describes_situation(self.index[eid]) for eid in found
        ):
            self.warnings.append(
                make_warning(
                    "reference_mismatch",
                    f"{text!r} cites the 情形 of {', '.join(found)}, but that clause describes no 情形",
                    eid=node.eid,
                    position=hit.start,
                    target=found[0],
                )
            )


def resolve_references(text: str, roots: list[Node]) -> list[Warning]:
    """Find, resolve and attach references in every node; return the warnings."""
    resolver = _Resolver(text, roots)
    for eid in list(resolver.index):
        resolver.scan(resolver.index[eid])
    return resolver.warnings
