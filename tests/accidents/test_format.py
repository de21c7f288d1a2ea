"""Losses are shown in 万元 without float rounding (money is integer yuan)."""

from __future__ import annotations

import pytest

from zeren.accidents.templatetags.accident_tags import yuan


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (9_999, "9,999元"),
        (10_000, "1万元"),
        (15_500, "1.55万元"),
        (12_000_000, "1,200万元"),
        (10_001, "10,001元"),
        (123_456_789_012_345_600, "12,345,678,901,234.56万元"),
    ],
)
def test_yuan(value: int, shown: str) -> None:
    assert yuan(value) == shown
