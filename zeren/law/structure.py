"""Structure: split normalised text into parts, chapters, sections, articles, paragraphs and points.

Line based. A structural line starts (after optional indentation) with a label: 第N编 / 第N章 / 第N节
(part, chapter, section), 第N条 or 第N条之M (article), （N）/(N) with a Chinese numeral (point, inside an
article), and 1. / 1、 / （1） (a 目, kept as a ``point`` nested in a point). Every other non-blank line
inside an article is a new paragraph. Each node owns the text from its start up to the start of the next
node in document order, so the preamble, the nodes' texts and the trailer concatenate to the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import Node, Warning, make_warning
from .numerals import NUMBER_CHARS, NUMERAL_CHARS, parse_numeral

INDENT = "[ \\t\\r\\u3000\\xa0\\u2000-\\u200b\\u202f\\u205f\\ufeff]*"
_BLANK_RE = re.compile(INDENT + r"\Z")
_CONTAINER_RE = re.compile(rf"{INDENT}(第([{NUMBER_CHARS}]+)(编|章|节))")
_ARTICLE_RE = re.compile(rf"{INDENT}(第([{NUMBER_CHARS}]+)条(?:之([{NUMERAL_CHARS}]+))?)")
_POINT_RE = re.compile(rf"{INDENT}([（(]([{NUMERAL_CHARS}]+)[）)])")
_SUBPOINT_RE = re.compile(rf"{INDENT}((\d{{1,3}})[\.．、](?![\d０-９])|[（(](\d{{1,3}})[）)])")
_INLINE_WS_RE = re.compile(INDENT)
_TRAILER_RE = re.compile(
    INDENT + r"[【\[]?(?:文件下载|附件下载|相关附件|相关下载|打印本页|关闭窗口|分享到|扫一扫|返回顶部|"
    r"责任编辑|相关链接|【打印】|【关闭】)"
)
# A label glued to text is only an article when followed by something that is not a citation tail.
_NOT_ARTICLE_TAIL = set("的、，,。；;：:和与及或至中所规之第款项（(")
_KIND_OF = {"编": "part", "章": "chapter", "节": "section"}
_PREFIX_OF = {"part": "part", "chapter": "chp", "section": "sec"}
_LEVEL = {"part": 0, "chapter": 1, "section": 2}
_CJK = "\u3400-\u9fff\uf900-\ufaff（）《》、"


@dataclass
class Line:
    start: int
    end: int  # exclusive, before the newline
    text: str


@dataclass
class Candidate:
    line: Line
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


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    start = 0
    for raw in text.split("\n"):
        lines.append(Line(start, start + len(raw), raw))
        start += len(raw) + 1
    return lines


def is_blank(line: str) -> bool:
    return _BLANK_RE.match(line) is not None


def collapse_heading(rest: str) -> str | None:
    """``" 总   则 "`` → ``"总则"``: drop spaces between CJK characters, squeeze the others."""
    words = rest.replace("\u200b", " ").replace("\ufeff", " ").split()
    if not words:
        return None
    out = words[0]
    for word in words[1:]:
        glue = "" if re.match(f"[{_CJK}]", out[-1]) and re.match(f"[{_CJK}]", word[0]) else " "
        out += glue + word
    return out


def _heading_like(rest: str) -> bool:
    stripped = rest.strip()
    if not stripped:
        return True
    if rest[0] in _NOT_ARTICLE_TAIL:
        return False
    return len(stripped) <= 60 and "。" not in stripped and stripped[-1] not in "；;，,：:"


def _classify(line: Line, expected_article: int) -> Candidate | None:
    match = _CONTAINER_RE.match(line.text)
    if match is not None:
        number = parse_numeral(match.group(2))
        rest = line.text[match.end() :]
        if number is not None and _heading_like(rest):
            kind = _KIND_OF[match.group(3)]
            return Candidate(line, kind, number, None, match.group(1), line.start + match.end())
        return None
    match = _ARTICLE_RE.match(line.text)
    if match is None:
        return None
    number = parse_numeral(match.group(2))
    sub = parse_numeral(match.group(3)) if match.group(3) else None
    if number is None or (match.group(3) and sub is None):
        return None
    rest = line.text[match.end() :]
    glued = bool(rest) and _INLINE_WS_RE.match(rest).end() == 0  # type: ignore[union-attr]
    if glued and (rest[0] in _NOT_ARTICLE_TAIL or number != expected_article):
        return None
    return Candidate(line, "article", number, sub, match.group(1), line.start + match.end())


def _find_candidates(lines: list[Line]) -> list[Candidate]:
    found: list[Candidate] = []
    expected = 1
    for line in lines:
        candidate = _classify(line, expected)
        if candidate is not None:
            found.append(candidate)
            if candidate.kind == "article" and candidate.sub is None:
                expected = candidate.number + 1
    return _skip_table_of_contents(found)


def _skip_table_of_contents(found: list[Candidate]) -> list[Candidate]:
    """A 目录 lists the headings once before the body repeats them: start at the repeat."""
    first_article = next((i for i, c in enumerate(found) if c.kind == "article"), len(found))
    if first_article < 2:
        return found
    key = (found[0].kind, found[0].number)
    repeats = [i for i in range(1, first_article) if (found[i].kind, found[i].number) == key]
    return found[repeats[-1] :] if repeats else found


def _trailer_start(text: str, lines: list[Line], last_structural: int) -> int:
    """Portal chrome after the last article ("文件下载:…") is the trailer; be conservative."""
    for index in range(last_structural + 1, len(lines)):
        if _TRAILER_RE.match(lines[index].text):
            back = index
            while back - 1 > last_structural and is_blank(lines[back - 1].text):
                back -= 1
            return lines[back].start
    return len(text)


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.order: list[Node] = []
        self.roots: list[Node] = []
        self.warnings: list[Warning] = []
        self.seen: dict[str, int] = {}
        self.containers: list[Node] = []  # open part / chapter / section, outermost first
        self.last_number: dict[str, int] = {}  # per parent eid + kind
        self.article: Node | None = None
        self.paragraph: Node | None = None
        self.point: Node | None = None
        self.last_article: tuple[int, int] | None = None

    def _unique(self, eid: str, position: int) -> str:
        count = self.seen.get(eid, 0) + 1
        self.seen[eid] = count
        if count == 1:
            return eid
        self.warnings.append(
            make_warning(
                "numbering_duplicate",
                f"{eid} occurs {count} times; this one is {eid}_dup{count}",
                eid=f"{eid}_dup{count}",
                position=position,
            )
        )
        return f"{eid}_dup{count}"

    def _add(self, node: Node, parent: Node | None) -> Node:
        (parent.children if parent is not None else self.roots).append(node)
        self.order.append(node)
        return node

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
        while self.containers and _LEVEL[self.containers[-1].kind] >= level:
            self.containers.pop()
        parent = self.containers[-1] if self.containers else None
        own = f"{_PREFIX_OF[cand.kind]}_{cand.number}"
        eid = self._unique(f"{parent.eid}__{own}" if parent else own, cand.line.start)
        rest = self.text[cand.label_end : cand.line.end]
        node = Node(eid, cand.kind, str(cand.number), cand.label, collapse_heading(rest), cand.line.start, "")
        self._check_sequence(cand.kind, cand.number, eid, cand.line.start, restart_ok=parent is not None)
        self._add(node, parent)
        self.containers.append(node)

    def article_start(self, cand: Candidate) -> None:
        self.point = None
        parent = self.containers[-1] if self.containers else None
        own = f"art_{cand.number}" + (f"_{cand.sub}" if cand.sub is not None else "")
        number = str(cand.number) + (f"-{cand.sub}" if cand.sub is not None else "")
        eid = self._unique(own, cand.line.start)
        self._check_article_order(cand, eid)
        self.article = self._add(Node(eid, "article", number, cand.label, None, cand.line.start, ""), parent)
        ws = _INLINE_WS_RE.match(self.text, cand.label_end)
        para_start = ws.end() if ws is not None else cand.label_end
        self.paragraph = self._add(
            Node(f"{eid}__para_1", "paragraph", "1", None, None, para_start, ""), self.article
        )

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
                    position=cand.line.start,
                )
            )

    def body_line(self, line: Line) -> None:
        if self.article is None or self.paragraph is None or is_blank(line.text):
            return
        match = _POINT_RE.match(line.text)
        number = parse_numeral(match.group(2)) if match else None
        if match is not None and number is not None:
            key = f"{self.paragraph.eid}:point"
            eid = self._unique(f"{self.paragraph.eid}__point_{number}", line.start)
            self._check_sequence(key, number, eid, line.start, restart_ok=False)
            self.point = self._add(
                Node(eid, "point", str(number), match.group(1), None, line.start, ""), self.paragraph
            )
            return
        sub = _SUBPOINT_RE.match(line.text)
        if sub is not None and self.point is not None and self.point.kind == "point":
            value = int(sub.group(2) or sub.group(3))
            parent = self.point
            key = f"{parent.eid}:sub"
            eid = self._unique(f"{parent.eid}__point_{value}", line.start)
            self._check_sequence(key, value, eid, line.start, restart_ok=False)
            self._add(Node(eid, "point", str(value), sub.group(1), None, line.start, ""), parent)
            return
        self.point = None
        count = len(self.article.children) + 1
        self.paragraph = self._add(
            Node(f"{self.article.eid}__para_{count}", "paragraph", str(count), None, None, line.start, ""),
            self.article,
        )


def parse_structure(text: str) -> Structure:
    lines = split_lines(text)
    candidates = _find_candidates(lines)
    if not candidates:
        warning = make_warning("no_structure", "no part, chapter, section or article heading found")
        return Structure([], len(text), len(text), [warning])
    line_index = {id(line): i for i, line in enumerate(lines)}
    last_structural = line_index[id(candidates[-1].line)]
    trailer_start = _trailer_start(text, lines, last_structural)
    builder = _Builder(text)
    by_line = {id(c.line): c for c in candidates}
    first = line_index[id(candidates[0].line)]
    for line in lines[first:]:
        if line.start >= trailer_start:
            break
        cand = by_line.get(id(line))
        if cand is None:
            builder.body_line(line)
        elif cand.kind == "article":
            builder.article_start(cand)
        else:
            builder.container(cand)
    order = builder.order
    for node, following in zip(order, [*order[1:], None], strict=True):
        end = following.start if following is not None else trailer_start
        node.text = text[node.start : end]
    return Structure(builder.roots, order[0].start, trailer_start, builder.warnings)
