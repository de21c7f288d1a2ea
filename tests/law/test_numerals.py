from __future__ import annotations

import pytest

from zeren.law import parse_numeral, to_chinese


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十一", 21),
        ("一百", 100),
        ("一百零三", 103),
        ("一百一十", 110),
        ("一百二十三", 123),
        ("两百", 200),
        ("两千零二", 2002),
        ("一千零五十五", 1055),
        ("一千二百六十", 1260),
        ("〇", 0),
        ("零", 0),
        ("二〇二一", 2021),
        ("一万零一", 10001),
        ("12", 12),
        ("１２", 12),
    ],
)
def test_parse_numeral(numeral: str, value: int) -> None:
    assert parse_numeral(numeral) == value


@pytest.mark.parametrize("junk", ["", "百", "一二十", "十百", "三十ー", "abc", "第一", "十十"])
def test_parse_numeral_rejects_junk(junk: str) -> None:
    assert parse_numeral(junk) is None


@pytest.mark.parametrize(
    ("value", "numeral"),
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (100, "一百"),
        (103, "一百零三"),
        (110, "一百一十"),
        (123, "一百二十三"),
        (1000, "一千"),
        (1055, "一千零五十五"),
        (1260, "一千二百六十"),
        (10001, "一万零一"),
    ],
)
def test_to_chinese(value: int, numeral: str) -> None:
    assert to_chinese(value) == numeral


def test_round_trip_up_to_20000() -> None:
    assert all(parse_numeral(to_chinese(n)) == n for n in range(20_000))


def test_to_chinese_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        to_chinese(-1)
