"""Chinese numerals: parse 第…条 style numbers and render integers back.

Pure functions (``parse_numeral`` keeps a bounded cache of the numerals it has read: a corpus repeats the
same few hundred). ``parse_numeral`` accepts the forms found in Chinese legislation:
``一`` … ``九``, ``十`` (10), ``十一``, ``二十``, ``一百零三``, ``一千零五十五``, ``两百`` (200),
``〇``/``零`` (0), positional strings such as ``二〇二一`` (2021), and ASCII or full-width digits.
It returns ``None`` for anything else instead of raising.
"""

from __future__ import annotations

from functools import lru_cache

DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

#: Characters that may appear in a Chinese numeral (used to build regexes elsewhere).
NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
#: The same plus ASCII and full-width digits.
NUMBER_CHARS = NUMERAL_CHARS + "0123456789０１２３４５６７８９"

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_RENDER_DIGITS = "零一二三四五六七八九"


@lru_cache(maxsize=4096)
def parse_numeral(text: str) -> int | None:
    """Return the value of a Chinese (or Arabic) numeral, or ``None`` if ``text`` is not one."""
    if not text:
        return None
    ascii_text = text.translate(_FULLWIDTH)
    if ascii_text.isascii() and ascii_text.isdigit():
        return int(ascii_text)
    if any(ch not in DIGITS and ch not in SMALL_UNITS and ch not in BIG_UNITS for ch in text):
        return None
    if all(ch in DIGITS for ch in text):
        if len(text) == 1:
            return DIGITS[text]
        if "两" in text:
            return None
        return int("".join(str(DIGITS[ch]) for ch in text))
    return _parse_with_units(text)


def _parse_with_units(text: str) -> int | None:
    total = 0  # completed 万/亿 groups
    section = 0  # value below the current big unit
    digit: int | None = None
    last_small = 10_000  # small units must decrease within a section
    last_big = 10**12
    for ch in text:
        if ch in DIGITS:
            value = DIGITS[ch]
            if digit is not None:
                return None  # two digits in a row ("一二十")
            if value == 0:
                continue  # 零 only marks a skipped unit ("一百零三")
            digit = value
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_small:
                return None
            if digit is None:
                if unit != 10:
                    return None  # "百" needs a digit
                digit = 1  # "十" alone means 一十
            section += digit * unit
            digit = None
            last_small = unit
        else:
            unit = BIG_UNITS[ch]
            if unit >= last_big:
                return None
            if digit is not None:
                section += digit
                digit = None
            if section == 0:
                return None
            total += section * unit
            section = 0
            last_small = 10_000
            last_big = unit
    if digit is not None:
        section += digit
    return total + section


def to_chinese(number: int) -> str:
    """Render a non-negative integer the way legislation writes it: 10 → 十, 103 → 一百零三."""
    if number < 0:
        raise ValueError("negative numbers have no clause numeral")
    if number == 0:
        return "零"
    if number >= 100_000_000:
        high, low = divmod(number, 100_000_000)
        return to_chinese(high) + "亿" + _join_lower(low, 10_000_000)
    if number >= 10_000:
        high, low = divmod(number, 10_000)
        return to_chinese(high) + "万" + _join_lower(low, 1000)
    return _below_10000(number, leading=True)


def _join_lower(low: int, threshold: int) -> str:
    if low == 0:
        return ""
    rendered = to_chinese(low) if low >= 10_000 else _below_10000(low, leading=False)
    return ("零" if low < threshold else "") + rendered


def _below_10000(number: int, *, leading: bool) -> str:
    parts: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, unit)
        if digit == 0:
            if parts:
                zero = True
            continue
        if zero:
            parts.append("零")
            zero = False
        if unit == 10 and digit == 1 and not parts and leading:
            parts.append("十")
        else:
            parts.append(_RENDER_DIGITS[digit] + name)
    return "".join(parts)
