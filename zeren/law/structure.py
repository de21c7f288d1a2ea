"""Structure: split normalised text into parts, chapters, sections, articles, paragraphs and points.

Line based. A structural line starts (after optional indentation) with a label: 第N编 / 第N章 / 第N节
(part, chapter, section), 第N条 or 第N条之M (article), （N）/(N) with a Chinese numeral (point, inside an
article), and 1. / 1、 / （1） (a 目, kept as a ``point`` nested in a point). Every other non-blank line
inside an article is a new paragraph. Each node owns the text from its start up to the start of the next
node in document order, so the preamble, the nodes' texts and the trailer concatenate to the input.

One regular-expression pass classifies every non-blank line (``_LINE_RE`` starts with a newline, so the
regex engine jumps from line to line instead of trying every character); blank lines never reach Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import Node, Warning, make_warning
from .numerals import NUMBER_CHARS, NUMERAL_CHARS, parse_numeral

_INDENT_CLASS = "[ \\t\\r\\u3000\\xa0\\u2000-\\u200b\\u202f\\u205f\\ufeff]"
INDENT = _INDENT_CLASS + "*"
INDENT_CHARS = frozenset(" \t\r\u3000\xa0\u202f\u205f\ufeff" + "".join(map(chr, range(0x2000, 0x200C))))
_INLINE_WS_RE = re.compile(INDENT)
_TRAILER_WORDS = (
    r"[【\[]?(?:文件下载|附件下载|相关附件|相关下载|打印本页|关闭窗口|分享到|扫一扫|返回顶部|"
    r"责任编辑|相关链接|【打印】|【关闭】)"
)
# What a non-blank line starts with (after its indentation), as the line's kind (``Match.lastgroup``):
# c = 第N编/章/节, a = 第N条(之M), p = （N） point, s = 1. / 1、 / （1） sub-point, t = portal chrome,
# o = anything else.
_LINE_BODY = (
    _INDENT_CLASS + "*+"
    rf"(?:(?P<c>第(?P<cn>[{NUMBER_CHARS}]+)(?P<ck>[编章节]))"
    rf"|(?P<a>第(?P<an>[{NUMBER_CHARS}]+)条(?:之(?P<asub>[{NUMERAL_CHARS}]+))?)"
    rf"|(?P<p>[（(](?P<pn>[{NUMERAL_CHARS}]+)[）)])"
    r"|(?P<s>(?P<sd>\d{1,3})[\.．、](?![\d０-９])|[（(](?P<sp>\d{1,3})[）)])"
    rf"|(?P<t>{_TRAILER_WORDS})"
    r"|(?P<o>[^\n]))"
)
_FIRST_LINE_RE = re.compile(_LINE_BODY)
_LINE_RE = re.compile("\n" + _LINE_BODY)
# A label glued to text is only an article when followed by something that is not a citation tail.
_NOT_ARTICLE_TAIL = set("的、，,。；;：:和与及或至中所规之第款项（(")
_KIND_OF = {"编": "part", "章": "chapter", "节": "section"}
_PREFIX_OF = {"part": "part", "chapter": "chp", "section": "sec"}
_LEVEL = {"part": 0, "chapter": 1, "section": 2}
_CJK_RE = re.compile("[\u3400-\u9fff\uf900-\ufaff（）《》、]")


@dataclass(slots=True)
class Candidate:
    event: int  # index of the line in the list of non-blank lines
    line_start: int
    kind: str  # part / chapter / section / article
    number: int
    sub: int | None
    label: str
    label_end: int  # offset in the document


@dataclass
class Structure:
    nodes: list[Node]
    preamble_end: int
    trailer_start: int
    warnings: list[Warning] = field(default_factory=list)
    order: list[Node] = field(default_factory=list)  # every node, document (pre-)order
    parents: list[int] = field(default_factory=list)  # index in ``order`` of each node's parent, or -1
    ends: list[int] = field(default_factory=list)  # where each node's own text ends


def collapse_heading(rest: str) -> str | None:
    """``" 总   则 "`` → ``"总则"``: drop spaces between CJK characters, squeeze the others."""
    words = rest.replace("\u200b", " ").replace("\ufeff", " ").split()
    if not words:
        return None
    out = words[0]
    for word in words[1:]:
        glue = "" if _CJK_RE.match(out[-1]) and _CJK_RE.match(word[0]) else " "
        out += glue + word
    return out


def _heading_like(rest: str) -> bool:
    stripped = rest.strip()
    if not stripped:
        return True
    if rest[0] in _NOT_ARTICLE_TAIL:
        return False
    return len(stripped) <= 60 and "。" not in stripped and stripped[-1] not in "；;，,：:"


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def _lines(text: str) -> tuple[list[re.Match[str]], int]:
    """Every non-blank line, classified, in order; and 0 when the first of them is the text's first line.

    A line's start is ``match.start() + 1`` (after its newline), except for that first line's match.
    """
    lines = list(_LINE_RE.finditer(text))
    first = _FIRST_LINE_RE.match(text)
    if first is None:
        return lines, 1
    lines.insert(0, first)
    return lines, 0


def _find_candidates(text: str, lines: list[re.Match[str]], first: int) -> list[Candidate]:
    found: list[Candidate] = []
    expected = 1
    size = len(text)
    for index, match in enumerate(lines):
        kind = match.lastgroup
        if kind != "a" and kind != "c":
            continue
        start = match.start() + (index != 0 or first)
        if kind == "c":
            number = parse_numeral(match.group("cn"))
            label_end = match.end()
            if number is not None and _heading_like(text[label_end : _line_end(text, label_end)]):
                label = match.group("c")
                found.append(
                    Candidate(index, start, _KIND_OF[match.group("ck")], number, None, label, label_end)
                )
        else:
            label, numeral, sub_text = match.group("a", "an", "asub")
            number = parse_numeral(numeral)
            sub = parse_numeral(sub_text) if sub_text else None
            if number is None or (sub_text and sub is None):
                continue
            label_end = match.end()
            following = text[label_end] if label_end < size else "\n"
            glued = following != "\n" and following not in INDENT_CHARS
            if glued and (following in _NOT_ARTICLE_TAIL or number != expected):
                continue
            found.append(Candidate(index, start, "article", number, sub, label, label_end))
            if sub is None:
                expected = number + 1
    return _skip_table_of_contents(found)


def _skip_table_of_contents(found: list[Candidate]) -> list[Candidate]:
    """A 目录 lists the headings once before the body repeats them: start at the repeat."""
    first_article = next((i for i, c in enumerate(found) if c.kind == "article"), len(found))
    if first_article < 2:
        return found
    key = (found[0].kind, found[0].number)
    repeats = [i for i in range(1, first_article) if (found[i].kind, found[i].number) == key]
    return found[repeats[-1] :] if repeats else found


def _trailer_start(text: str, lines: list[re.Match[str]], first: int, last_structural: int) -> int:
    """Portal chrome after the last article ("文件下载:…") is the trailer; be conservative.

    The trailer starts at the blank lines before the chrome line: just after the previous non-blank line.
    """
    for index in range(last_structural + 1, len(lines)):
        if lines[index].lastgroup == "t":
            return _line_end(text, lines[index - 1].end()) + 1
    return len(text)


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.order: list[Node] = []
        self.parents: list[int] = []
        self.roots: list[Node] = []
        self.warnings: list[Warning] = []
        self.seen: dict[str, int] = {}
        self.containers: list[tuple[Node, int]] = []  # open part / chapter / section, outermost first
        self.parent: Node | None = None  # the innermost of them, and its index in ``order``
        self.parent_at = -1
        self.last_number: dict[str, int] = {}  # per parent eid + kind
        self.article: Node | None = None
        self.article_at = -1
        self.paragraph: Node | None = None
        self.paragraph_at = -1
        self.point: Node | None = None
        self.point_at = -1
        self.last_article: tuple[int, int] | None = None

    def _unique(self, eid: str, position: int) -> str:
        seen = self.seen
        if eid not in seen:
            seen[eid] = 1
            return eid
        count = seen[eid] = seen[eid] + 1
        self.warnings.append(
            make_warning(
                "numbering_duplicate",
                f"{eid} occurs {count} times; this one is {eid}_dup{count}",
                eid=f"{eid}_dup{count}",
                position=position,
            )
        )
        return f"{eid}_dup{count}"

    def _add(self, node: Node, parent: Node | None, parent_at: int) -> int:
        (parent.children if parent is not None else self.roots).append(node)
        self.order.append(node)
        self.parents.append(parent_at)
        return len(self.order) - 1

    def _check_sequence(self, key: str, number: int, eid: str, position: int, *, restart_ok: bool) -> None:
        previous = self.last_number.get(key)
        self.last_number[key] = number
        expected = 1 if previous is None else previous + 1
        if number == expected or (restart_ok and number == 1):
            return
        self.warnings.append(
            make_warning(
                "numbering_gap",
                f"expected number {expected}, found {number}",
                eid=eid,
                position=position,
            )
        )

    def container(self, cand: Candidate) -> None:
        self.article = self.paragraph = self.point = None
        level = _LEVEL[cand.kind]
        containers = self.containers
        while containers and _LEVEL[containers[-1][0].kind] >= level:
            containers.pop()
        parent, parent_at = containers[-1] if containers else (None, -1)
        own = f"{_PREFIX_OF[cand.kind]}_{cand.number}"
        start = cand.line_start
        eid = self._unique(f"{parent.eid}__{own}" if parent else own, start)
        rest = self.text[cand.label_end : _line_end(self.text, cand.label_end)]
        node = Node(eid, cand.kind, str(cand.number), cand.label, collapse_heading(rest), start, "")
        self._check_sequence(cand.kind, cand.number, eid, start, restart_ok=parent is not None)
        self.parent, self.parent_at = node, self._add(node, parent, parent_at)
        containers.append((node, self.parent_at))

    def article_start(self, cand: Candidate) -> None:
        number, sub, start = cand.number, cand.sub, cand.line_start
        shown = str(number) if sub is None else f"{number}-{sub}"
        own = f"art_{number}" if sub is None else f"art_{number}_{sub}"
        seen = self.seen
        if own in seen:
            eid = self._unique(own, start)
        else:
            eid = own
            seen[own] = 1
        previous = self.last_article
        if sub is None and (previous[0] if previous else 0) + 1 == number:  # the next article: no warning
            self.last_article = (number, 0)
        else:
            self._check_article_order(cand, eid)
        text, order = self.text, self.order
        label_end = cand.label_end
        if label_end < len(text) and text[label_end] in INDENT_CHARS:
            para_start = _INLINE_WS_RE.match(text, label_end).end()  # type: ignore[union-attr]
        else:
            para_start = label_end
        article = Node(eid, "article", shown, cand.label, None, start, "")
        paragraph = Node(eid + "__para_1", "paragraph", "1", None, None, para_start, "")
        article.children.append(paragraph)
        (self.parent.children if self.parent is not None else self.roots).append(article)
        article_at = len(order)
        order += (article, paragraph)
        self.parents += (self.parent_at, article_at)
        self.article, self.article_at = article, article_at
        self.paragraph, self.paragraph_at, self.point = paragraph, article_at + 1, None

    def _check_article_order(self, cand: Candidate, eid: str) -> None:
        previous = self.last_article
        self.last_article = (cand.number, cand.sub or 0)
        if cand.sub is not None:
            ok = previous is not None and previous[0] == cand.number and previous[1] == cand.sub - 1
        else:
            ok = (previous[0] if previous else 0) + 1 == cand.number
        if not ok:
            shown = "none" if previous is None else "-".join(str(n) for n in previous if n)
            self.warnings.append(
                make_warning(
                    "numbering_gap",
                    f"article {eid} follows article {shown}",
                    eid=eid,
                    position=cand.line_start,
                )
            )

    def point_line(self, start: int, match: re.Match[str], number: int, paragraph: Node) -> None:
        key = f"{paragraph.eid}:point"
        eid = self._unique(f"{paragraph.eid}__point_{number}", start)
        self._check_sequence(key, number, eid, start, restart_ok=False)
        point = self.point = Node(eid, "point", str(number), match.group("p"), None, start, "")
        self.point_at = self._add(point, paragraph, self.paragraph_at)

    def sub_point_line(self, start: int, match: re.Match[str], parent: Node) -> None:
        value = int(match.group("sd") or match.group("sp"))
        key = f"{parent.eid}:sub"
        eid = self._unique(f"{parent.eid}__point_{value}", start)
        self._check_sequence(key, value, eid, start, restart_ok=False)
        node = Node(eid, "point", str(value), match.group("s"), None, start, "")
        self._add(node, parent, self.point_at)

    def build(self, lines: list[re.Match[str]], first: int, candidates: list[Candidate], end: int) -> None:
        """Turn the lines from the first heading up to ``end`` (the trailer) into nodes.

        Every line inside an article is a paragraph, a point or a sub-point; the loop is written out for
        the paragraph, the most frequent case.
        """
        by_line = {c.event: c for c in candidates}
        order, parents = self.order, self.parents
        for index in range(candidates[0].event, len(lines)):
            match = lines[index]
            start = match.start() + (index != 0 or first)
            if start >= end:
                break
            cand = by_line.get(index)
            if cand is not None:
                if cand.kind == "article":
                    self.article_start(cand)
                else:
                    self.container(cand)
                continue
            article, paragraph, point = self.article, self.paragraph, self.point
            if article is None or paragraph is None:
                continue
            kind = match.lastgroup
            if kind == "p":
                number = parse_numeral(match.group("pn"))
                if number is not None:
                    self.point_line(start, match, number, paragraph)
                    continue
            elif kind == "s" and point is not None:
                self.sub_point_line(start, match, point)
                continue
            self.point = None
            count = len(article.children) + 1
            paragraph = self.paragraph = Node(
                f"{article.eid}__para_{count}", "paragraph", str(count), None, None, start, ""
            )
            article.children.append(paragraph)
            self.paragraph_at = len(order)
            order.append(paragraph)
            parents.append(self.article_at)


def parse_structure(text: str) -> Structure:
    lines, first = _lines(text)
    candidates = _find_candidates(text, lines, first)
    if not candidates:
        warning = make_warning("no_structure", "no part, chapter, section or article heading found")
        return Structure([], len(text), len(text), [warning])
    trailer_start = _trailer_start(text, lines, first, candidates[-1].event)
    builder = _Builder(text)
    builder.build(lines, first, candidates, trailer_start)
    order = builder.order
    ends = [node.start for node in order[1:]]  # each node ends where the next one starts
    ends.append(trailer_start)
    for node, end in zip(order, ends, strict=True):
        node.text = text[node.start : end]
    return Structure(
        builder.roots, order[0].start, trailer_start, builder.warnings, order, builder.parents, ends
    )
