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
from .structure import INDENT_CHARS, Structure

_NUM = f"[{NUMBER_CHARS}]+"
# Every alternative starts with a literal (第 / 前 / 本), so the regex engine skips ahead to those characters
# instead of trying the pattern at every position. ``self`` is the 本办法-style word before a 第.
_TRIGGER_RE = re.compile(
    "第|前(?:[两二三四五六七八九]?[款条]|项)"
    r"|本(?:(?P<self>(?:实施)?(?:实施细则|办法|规定|条例|法|细则|决定|规则|准则|制度|章程))(?=第)|条(?!例)|款|项)"
)
_POINT_TAIL = rf"第[（(](?P<{{0}}1>{_NUM})[）)]项|第(?P<{{0}}2>{_NUM})项"
# One item of a citation: 第N编/章/节, 第N条(之M)(第N款(第（N）项)), 第N款, 第N项 or 第（N）项.
_ITEM_RE = re.compile(
    rf"第(?:(?P<n>{_NUM})(?:(?P<kind>[编章节])"
    rf"|(?P<art>条)(?:之(?P<sub>[{NUMERAL_CHARS}]+))?"
    rf"(?P<artpara>第(?P<pa>{_NUM})款(?P<artpoint>{_POINT_TAIL.format('ap')})?)?"
    rf"|(?P<para>款)(?P<parapoint>{_POINT_TAIL.format('pp')})?"
    rf"|(?P<item>项))|[（(](?P<pn>{_NUM})[）)]项)"
)
_PARA_RE = re.compile(rf"第({_NUM})款")
_POINT_RE = re.compile(rf"第[（(]({_NUM})[）)]项|第({_NUM})项")
_SEP_RE = re.compile(r"(?:、|，|,|以及|和|及|或者|或|与|至)(?=第)")
_SITUATION_RE = re.compile(r"(?:所(?:列|规定|述)的?|规定的|中的|的)?(?:各种|有关|相关)?情形")
_CONDITIONAL_RE = re.compile(r"的[，,；;。：:]")
_BARE_OK_BEFORE = set(' \t\n\u3000\xa0，,、；;：:。“”"（(【[和或及与至在对依按照经除由即见是同用于以')
_KIND_OF = {"编": "part", "章": "chapter", "节": "section"}
_LABEL_END = INDENT_CHARS | {"\n"}  # after an article's label: nothing can extend its citation
_PREFIX_OF = {"part": "part", "chapter": "chp", "section": "sec"}
_COUNT = {"": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(slots=True)
class _Context:
    article: Node | None
    paragraph: Node | None
    point: Node | None
    container: Node | None


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    wanted: list[str]


class _Resolver:
    """Clause ids are looked up in dicts built once per document: by id, by (kind, number), by position."""

    def __init__(self, text: str, order: list[Node], parents: list[int]) -> None:
        self.text = text
        self.order = order
        self.parents = parents
        self.index: dict[str, Node] = {node.eid: node for node in order}
        self.position: dict[int, int] = {}  # id(node) -> index in ``order``
        self._articles: list[Node] | None = None
        self._article_at: dict[int, int] = {}  # id(article) -> index in ``articles``
        self._containers: dict[tuple[str, str], list[Node]] | None = None
        self.warnings: list[Warning] = []

    @property
    def articles(self) -> list[Node]:
        if self._articles is None:
            self._articles = [node for node in self.order if node.kind == "article"]
            self._article_at = {id(node): i for i, node in enumerate(self._articles)}
        return self._articles

    def context(self, at: int) -> _Context:
        """The nearest article, paragraph, point and part/chapter/section at or above ``order[at]``."""
        article = paragraph = point = container = None
        order, parents = self.order, self.parents
        while at >= 0:
            node = order[at]
            kind = node.kind
            if kind == "paragraph":
                paragraph = paragraph or node
            elif kind == "point":
                point = point or node
            elif kind == "article":
                article = article or node
            else:
                container = container or node
            at = parents[at]
        return _Context(article, paragraph, point, container)

    def container_eid(self, kind: str, number: int, ctx: _Context) -> str:
        if self._containers is None:
            self._containers = {}
            for node in self.order:
                if node.kind in _PREFIX_OF:
                    self._containers.setdefault((node.kind, node.number or ""), []).append(node)
        matches = self._containers.get((kind, str(number)))
        if not matches:
            return _PREFIX_OF[kind] + f"_{number}"
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
        match = _ITEM_RE.match(self.text, pos)
        if match is None:
            return None
        if match.group("art") is not None:
            number = parse_numeral(match.group("n"))
            if number is None:
                return None
            sub_text = match.group("sub")
            sub = parse_numeral(sub_text) if sub_text else None
            eid = f"art_{number}" if sub is None else f"art_{number}_{sub}"
            if match.group("artpara") is None:
                return match.end(), eid
            para = parse_numeral(match.group("pa"))
            if para is None:
                return match.start("artpara"), eid
            return self._point_tail(match, "artpoint", "ap", f"{eid}__para_{para}")
        kind = match.group("kind")
        if kind is not None:
            number = parse_numeral(match.group("n"))
            if number is None:
                return None
            return match.end(), self.container_eid(_KIND_OF[kind], number, ctx)
        if match.group("para") is not None:
            base = last_article or (ctx.article.eid if ctx.article else None)
            if base is None:
                return None
            number = parse_numeral(match.group("n"))
            if number is None:
                return None
            return self._point_tail(match, "parapoint", "pp", f"{base}__para_{number}")
        paragraph = last_paragraph or (ctx.paragraph.eid if ctx.paragraph else None)
        if paragraph is None:
            return None
        number = parse_numeral(match.group("pn") or match.group("n"))
        if number is None:
            return None
        return match.end(), f"{paragraph}__point_{number}"

    @staticmethod
    def _point_tail(match: re.Match[str], group: str, prefix: str, paragraph: str) -> tuple[int, str]:
        """The optional 第（N）项 after a paragraph inside an item match; kept only when N is a number."""
        if match.group(group) is None:
            return match.end(), paragraph
        number = parse_numeral(match.group(prefix + "1") or match.group(prefix + "2"))
        if number is None:
            return match.start(group), paragraph
        return match.end(), f"{paragraph}__point_{number}"

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
            articles = self.articles
            index = self._article_at.get(id(ctx.article), -1)
            if ctx.article is not None and index >= 0:
                wanted = [a.eid for a in articles[max(0, index - count) : index]]
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
    def resolve(self, ends: list[int]) -> None:
        """Every node's own text [start, ``ends[i]``) is searched for citations, in document order.

        One search over the whole body finds the trigger words; each is handled in the node whose text holds
        it. A citation may run past its node's end (the node's children are cited as well); the next node
        still starts reading at its own start, as a search bounded by each node would.
        """
        order = self.order
        if not order:
            return
        text = self.text
        size = len(text)
        at, node_end = 0, ends[0]
        pos = order[0].start
        ctx: _Context | None = None
        for match in _TRIGGER_RE.finditer(text, order[0].start, ends[-1]):
            start = match.start()
            if start >= node_end:
                at += 1
                while ends[at] <= start:
                    at += 1
                node_end, pos, ctx = ends[at], order[at].start, None
            if start < pos:
                continue  # inside a citation already read in this node
            word = match.group()
            node = order[at]
            label = node.label
            if label and word == "第" and node.kind == "article":
                # An article's own text is its label: 第N条 cites itself (as any 第N条 does). When a space or
                # the line's end follows, nothing can extend the citation: record it without the parser.
                label_end = start + len(label)
                if text.startswith(label, start) and (label_end == size or text[label_end] in _LABEL_END):
                    pos = label_end
                    if start == 0 or text[start - 1] in _BARE_OK_BEFORE:
                        own = "art_" + (node.number or "").replace("-", "_")
                        node.references.append(Reference(label, start, label_end, own, [own]))
                    continue
            if ctx is None:
                ctx = self.context(at)
            hits: list[_Hit]
            if word[0] == "前" or (word[0] == "本" and match.group("self") is None):
                pos, hits = self.relative(word, start, match.end(), ctx)
            else:
                bare = word == "第"
                end, hits = self.parse_chain(start, start if bare else match.end("self"), ctx)
                pos = max(end, match.end())
                if bare and not self._bare_ok(start):
                    continue  # 《…》第X条, 刑法第X条: another document's clause
            for hit in hits:
                self.record(node, hit)

    def parent_of(self, node: Node) -> Node | None:
        if not self.position:
            self.position = {id(each): i for i, each in enumerate(self.order)}
        at = self.parents[self.position[id(node)]]
        return self.order[at] if at >= 0 else None

    def describes_situation(self, node: Node) -> bool:
        """Says 情形 or has a conditional ("……的，"), itself or in the lead-in of its enclosing clauses."""
        text = node.full_text()
        if "情形" in text or _CONDITIONAL_RE.search(text) is not None:
            return True
        current = self.parent_of(node)
        while current is not None and current.kind in ("paragraph", "point", "article"):
            if "情形" in current.text:
                return True
            current = self.parent_of(current)
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


def flatten(roots: list[Node]) -> tuple[list[Node], list[int]]:
    """Every node in document (pre-)order, and the index of each one's parent in that list (-1 for none)."""
    order: list[Node] = []
    parents: list[int] = []
    stack: list[tuple[Node, int]] = [(root, -1) for root in reversed(roots)]
    while stack:
        node, parent = stack.pop()
        at = len(order)
        order.append(node)
        parents.append(parent)
        stack.extend((child, at) for child in reversed(node.children))
    return order, parents


def resolve_references(text: str, roots: list[Node], structure: Structure | None = None) -> list[Warning]:
    """Find, resolve and attach references in every node; return the warnings.

    ``structure``, when it is the one ``roots`` come from, saves walking the tree again.
    """
    if structure is not None and structure.nodes is roots:
        order, parents, ends = structure.order, structure.parents, structure.ends
    else:
        order, parents = flatten(roots)
    resolver = _Resolver(text, order, parents)
    resolver.resolve(ends)
    return resolver.warnings
