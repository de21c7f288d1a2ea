"""Small pure extractors used by the pack drafter: one job each, table-tested.

Every function takes a piece of regulation text and returns plain values (``int``, ``Decimal``, ``str``,
tuples). Money is integer yuan and percentages are ``Decimal``; nothing here uses floats. Texts are first put
into a canonical form by :func:`canon` (full-width Chinese punctuation, no whitespace) so that a regulation
typed with ASCII commas and parentheses reads the same as one typed with Chinese ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from zeren.law.numerals import NUMBER_CHARS, parse_numeral

from .tables import SECTOR_ALIASES

Frequency = Literal["annual", "half_yearly", "quarterly", "monthly", "periodic"]
Trait = Literal["supervisory_department", "industry_authority"]

_CANON = str.maketrans({"(": "（", ")": "）", ",": "，", ";": "；", ":": "：", "?": "？", "!": "！"})
_SPACE_RE = re.compile(r"[\s\u3000\xa0\u2000-\u200b\u202f\u205f\ufeff]+")


def canon(text: str) -> str:
    """Canonical form for matching and display: Chinese punctuation, no whitespace."""
    return _SPACE_RE.sub("", text).translate(_CANON)


def to_int(numeral: str) -> int | None:
    """An Arabic or Chinese numeral as an int (``"5"`` → 5, ``"十"`` → 10, ``"两"`` → 2)."""
    return parse_numeral(numeral)


# --------------------------------------------------------------------------------------------- money
_NUM = rf"(?:\d+(?:\.\d+)?|[{NUMBER_CHARS}]+)"
_UNIT_VALUES = {"": 1, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_RANGE_RE = re.compile(rf"({_NUM}?)(百|千|万|亿)?元?\s*[-－—–~～至到]\s*({_NUM})(百|千|万|亿)?元")
_AMOUNT_RE = re.compile(rf"({_NUM})(百|千|万|亿)?元")


def _decimal(numeral: str) -> Decimal | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", numeral):
        try:
            return Decimal(numeral)
        except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
            return None
    value = parse_numeral(numeral)
    return None if value is None else Decimal(value)


def yuan(numeral: str, unit: str = "") -> int | None:
    """``("5", "万")`` → 50000 yuan; ``("0.5", "万")`` → 5000; fractions of a yuan give ``None``."""
    value = _decimal(numeral)
    if value is None:
        return None
    total = value * _UNIT_VALUES[unit]
    if total != total.to_integral_value():
        return None
    return int(total)


@dataclass(frozen=True)
class Amount:
    """An amount of money in yuan: ``minimum == maximum`` for a single figure, else a range."""

    minimum: int
    maximum: int

    @property
    def is_range(self) -> bool:
        return self.minimum != self.maximum


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in ``text``, in order: ``"人民币10万-30万元"`` → ``[Amount(100000, 300000)]``.

    A bare number is money only when ``元`` closes it; a range's unit carries to its first figure when only
    the second has one (``10-30万元``).
    """
    text = canon(text)
    found: list[tuple[int, Amount]] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE_RE.finditer(text):
        low_text, low_unit, high_text, high_unit = match.groups()
        if not low_text:
            continue
        high = yuan(high_text, high_unit or "")
        low = yuan(low_text, low_unit or high_unit or "")
        if low is None or high is None or low > high:
            continue
        found.append((match.start(), Amount(low, high)))
        taken.append(match.span())
    for match in _AMOUNT_RE.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        value = yuan(match.group(1), match.group(2) or "")
        if value is not None:
            found.append((match.start(), Amount(value, value)))
    return [amount for _, amount in sorted(found, key=lambda item: item[0])]


_RANK_RE = re.compile(rf"前\s*({_NUM})\s*(?:位|名)")


def find_rank(text: str) -> int | None:
    """The ranking cut-off of ``前五位`` / ``前10名`` → 5 / 10, else ``None``."""
    match = _RANK_RE.search(canon(text))
    return None if match is None else to_int(match.group(1))


_PERCENT_RE = re.compile(
    r"(\d+(?:\.\d+)?)\s*[%％]|百分之([" + NUMBER_CHARS + r"]+(?:点[" + NUMBER_CHARS + r"]+)?)"
)


def find_percents(text: str) -> list[Decimal]:
    """Percentages in order: ``"30%"`` → ``[Decimal(30)]``, ``"百分之十五"`` → ``[Decimal(15)]``."""
    out: list[Decimal] = []
    for match in _PERCENT_RE.finditer(canon(text)):
        if match.group(1) is not None:
            out.append(Decimal(match.group(1)))
            continue
        whole, _, fraction = match.group(2).partition("点")
        value = to_int(whole)
        if value is None:
            continue
        digits = "".join(str(to_int(ch)) for ch in fraction) if fraction else ""
        out.append(Decimal(f"{value}.{digits}") if digits else Decimal(value))
    return out


def percent_value(value: Decimal) -> int | str:
    """Pack form of a percentage: an int when whole (``30``), else an exact decimal string (``"12.5"``)."""
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


# ----------------------------------------------------------------------------------------- frequencies
_FREQUENCY_CUES: tuple[tuple[str, Frequency], ...] = (
    ("每半年", "half_yearly"),
    ("每季度", "quarterly"),
    ("每个季度", "quarterly"),
    ("每季", "quarterly"),
    ("每个月", "monthly"),
    ("每月", "monthly"),
    ("每年度", "annual"),
    ("每年", "annual"),
    ("定期", "periodic"),
)
_MIN_COUNT_RE = re.compile(rf"(?:至少|不少于|最少)[^，。；、\d]{{0,8}}?({_NUM})\s*(?:次|回|遍)")
_CHUNK_RE = re.compile(r"[^，。；！？]+")


def find_frequency(text: str) -> Frequency | None:
    """The most specific frequency cue in ``text``: ``每季度定期`` → quarterly, ``定期`` → periodic."""
    text = canon(text)
    for cue, frequency in _FREQUENCY_CUES:
        if cue in text:
            return frequency
    return None


def find_min_count(text: str) -> int | None:
    """A minimum count per period: ``至少1次`` / ``至少两次`` / ``不少于3次`` → 1 / 2 / 3."""
    match = _MIN_COUNT_RE.search(canon(text))
    return None if match is None else to_int(match.group(1))


@dataclass(frozen=True)
class Recurrence:
    frequency: Frequency
    min_count: int | None
    phrase: str  # the comma-delimited chunk that holds the cue


def find_recurrences(text: str) -> list[Recurrence]:
    """One recurrence per comma-delimited chunk that names a frequency (``每年至少主持召开1次党委常委会``)."""
    out: list[Recurrence] = []
    for chunk in _CHUNK_RE.findall(canon(text)):
        frequency = find_frequency(chunk)
        if frequency is not None:
            out.append(Recurrence(frequency, find_min_count(chunk), chunk))
    return out


# ---------------------------------------------------------------------------------------- headings
_DUTY_HEADING_RE = re.compile(r"^(?P<subject>[^，。；：]+?)(?:主要负责人)?的?(?:安全生产)?职责(?:主要)?包括")
_IS_RE = re.compile(r"^(?P<subject>[^，。；：是]{2,30}?)是")
_HEAD_SUFFIX_RE = re.compile(r"(?:的|主要负责人|党政主要负责人)+$")


def department_heading(lead: str) -> str | None:
    """The department named by an article's opening: ``公安部门是…，其主要负责人的安全生产职责主要包括`` →
    ``公安部门``; ``工会主要负责人的安全生产职责主要包括`` → ``工会``. ``None`` when the opening is not a
    duty list of a department (roles such as ``各级党委主要负责人`` are told apart by the caller)."""
    lead = canon(lead)
    if "职责" not in lead or "包括" not in lead:
        return None
    if "主要负责人" in lead:
        match = _IS_RE.match(lead)
        if match is not None:
            return match.group("subject")
    match = _DUTY_HEADING_RE.match(lead)
    if match is None:
        return None
    subject = _HEAD_SUFFIX_RE.sub("", match.group("subject"))
    return subject or None


_CATCH_ALL_RE = re.compile(r"^(?P<subject>[^，。；：]*其他工作(?:机构|部门)[^，。；：]*?)(?:，|按照)")


def catch_all_heading(lead: str) -> str | None:
    """``党委其他工作机构，按照…`` / ``政府其他工作部门以及部门管理的二级单位，按照…`` → the subject."""
    match = _CATCH_ALL_RE.match(canon(lead))
    return None if match is None else match.group("subject")


_SUPERVISORY_RE = re.compile(r"是+对?(?P<scope>[^，。；：]+?)的?负有安全(?:生产)?监(?:管|督管理)职责的部门")
_INDUSTRY_RE = re.compile(r"是+(?P<scope>[^，。；：是]+?)(?:的行业|的)?主管部门")
_INDUSTRY_MANAGER_RE = re.compile(
    r"是+(?P<scope>[^，。；：是]+?)行业管理部门(?P<also>并负责安全(?:生产)?监(?:管|督管理))?"
)
_COMPREHENSIVE_RE = re.compile(r"是安全生产的?综合监(?:管|督管理)部门")


def trait_phrases(lead: str) -> list[tuple[Trait, str]]:
    """What an article's opening says the department is, with the scope phrase, in text order.

    ``是对煤炭领域、电力建设项目负有安全监管职责的部门，是煤炭行业主管部门`` →
    ``[("supervisory_department", "煤炭领域、电力建设项目"), ("industry_authority", "煤炭行业")]``.
    ``是…行业管理部门并负责安全生产监管工作`` gives both traits over the same scope; ``是安全生产的综合监管
    部门`` gives the supervisory trait with scope ``安全生产综合监管`` only when nothing more precise does.
    """
    lead = canon(lead)
    head = lead.split("主要负责人", 1)[0]
    found: list[tuple[int, Trait, str]] = []
    for match in _SUPERVISORY_RE.finditer(head):
        found.append((match.start(), "supervisory_department", match.group("scope")))
    for match in _INDUSTRY_MANAGER_RE.finditer(head):
        found.append((match.start(), "industry_authority", match.group("scope")))
        if match.group("also"):
            found.append((match.start() + 1, "supervisory_department", match.group("scope")))
    for match in _INDUSTRY_RE.finditer(head):
        scope = match.group("scope")
        if "负有安全" in scope or any(start == match.start() for start, _, _ in found):
            continue
        found.append((match.start(), "industry_authority", scope))
    if not any(trait == "supervisory_department" for _, trait, _ in found):
        comprehensive = _COMPREHENSIVE_RE.search(head)
        if comprehensive is not None:
            found.append((comprehensive.start(), "supervisory_department", "安全生产综合监管"))
    return [(trait, scope) for _, trait, scope in sorted(found, key=lambda item: item[0])]


# ----------------------------------------------------------------------------------- enumerations
_OPEN, _CLOSE = "（《“", "）》”"


def split_top_level(text: str, separators: tuple[str, ...]) -> list[str]:
    """Split on any separator that is not inside brackets, quotes or 《》; strips empty items."""
    items: list[str] = []
    depth = 0
    current = ""
    index = 0
    while index < len(text):
        ch = text[index]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0:
            sep = next((s for s in separators if text.startswith(s, index)), None)
            if sep is not None:
                items.append(current)
                current = ""
                index += len(sep)
                continue
        current += ch
        index += 1
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def enumeration(text: str) -> list[str]:
    """``通报、诫勉、停职检查或者处分`` → ``["通报", "诫勉", "停职检查", "处分"]`` (、 / 或者 / 和 / 及)."""
    return split_top_level(canon(text), ("、", "或者", "以及", "及", "和", "或"))


_SCOPE_SUFFIX_RE = re.compile(r"(?:等)?(?:的)?(?:领域|行业|方面)?(?:等)?$")
_PAREN_RE = re.compile(r"（[^（）]*）")


def clean_sector_name(item: str) -> str:
    """A sector name without brackets and 领域/行业/等 suffixes, synonyms folded.

    ``危险货物运输企业等领域`` → ``危险货物运输企业``; ``城市公用企业事业（供水…）`` → ``城市公用企业事业``;
    ``民爆物品生产销售`` → ``民用爆炸物品生产销售``."""
    item = _PAREN_RE.sub("", canon(item)).strip()
    for alias, standard in SECTOR_ALIASES.items():
        if alias in item and standard not in item:
            item = item.replace(alias, standard)
    previous = None
    while previous != item:
        previous = item
        item = _SCOPE_SUFFIX_RE.sub("", item).strip()
    return item


def split_scope(scope: str) -> list[str]:
    """The sectors of a scope phrase: split on 、 and on 和 outside brackets, drop 领域/行业/等 suffixes.

    和 joins two sectors only when the word before it has three or more characters
    (``道路交通和危险物品公共安全`` splits; ``林业和草原``, ``森林和草原防火``, ``兽药和兽医器械`` do not).
    """
    out: list[str] = []
    for part in _split_and(canon(scope)):
        for item in split_top_level(part, ("、",)):
            name = clean_sector_name(item)
            if name and name not in out:
                out.append(name)
    return out


def _split_and(text: str) -> list[str]:
    pieces = split_top_level(text, ("和",))
    if len(pieces) == 1:
        return pieces
    merged = [pieces[0]]
    for piece in pieces[1:]:
        previous_word = split_top_level(merged[-1], ("、",))[-1] if merged[-1] else ""
        if len(clean_sector_name(previous_word)) >= 3:
            merged.append(piece)
        else:
            merged[-1] = merged[-1] + "和" + piece
    return merged


_FORMS_RE = re.compile(r"采取(?P<list>[^；。]+?)等(?:方式|形式)(?:进行)?问责")


def accountability_forms(text: str) -> list[str]:
    """``采取通报、诫勉…或者处分等方式问责`` → the forms in text order."""
    match = _FORMS_RE.search(canon(text))
    return [] if match is None else enumeration(match.group("list"))


# ------------------------------------------------------------------------------------------ summary
_BREAKS = "；。："
_SOFT_BREAKS = "，"


def summarise(text: str, limit: int = 40) -> str:
    """A duty summary of at most ``limit`` characters, cut at a clause boundary where possible."""
    text = canon(text).strip("；。，、：")
    if len(text) <= limit:
        return text
    for breaks in (_BREAKS, _SOFT_BREAKS + _BREAKS, "、" + _SOFT_BREAKS + _BREAKS):
        cut = max((i for i, ch in enumerate(text[: limit + 1]) if ch in breaks), default=-1)
        if cut >= limit // 3:
            return text[:cut].rstrip("；。，、：")
    return text[:limit]
