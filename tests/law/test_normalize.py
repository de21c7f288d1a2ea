from __future__ import annotations

import pytest

from zeren.law import parse
from zeren.law.normalize import VARIANTS, normalise


def test_each_substitution_is_logged_with_its_position() -> None:
    # given a text with a katakana ー and two shinjitai
    original = "第三十ー条  检査単位"
    # when it is normalised
    result = normalise(original)
    # then each replacement is logged at its offset, and lengths are equal
    assert result.text == "第三十一条  检查单位"
    assert [(s.position, s.original, s.replacement) for s in result.substitutions] == [
        (3, "ー", "一"),
        (8, "査", "查"),
        (9, "単", "单"),
    ]
    assert len(result.text) == len(original)


@pytest.mark.parametrize("legit", ["国条院", "将", "残疾", "浅滩", "與论", "層", "〇"])
def test_typos_and_legitimate_characters_are_left_alone(legit: str) -> None:
    assert normalise(legit).text == legit
    assert normalise(legit).substitutions == ()


def test_table_only_maps_non_chinese_forms_to_simplified_chinese() -> None:
    for variant, replacement in VARIANTS.items():
        assert len(variant) == 1
        assert len(replacement) == 1
        with pytest.raises(UnicodeEncodeError):
            variant.encode("gb2312")
        replacement.encode("gb2312")


def test_seed_substitutions(seed_text: str) -> None:
    document = parse(seed_text)
    subs = document.substitutions
    assert len(subs) == 12
    assert sorted({(s["original"], s["replacement"]) for s in subs}) == [
        ("ー", "一"),
        ("単", "单"),
        ("査", "查"),
    ]
    for sub in subs:
        position = sub["position"]
        assert isinstance(position, int)
        assert seed_text[position] == sub["original"]
        assert document.text[position] == sub["replacement"]
    assert document.original_text == seed_text
    assert "国条院" in document.text
    summary = [w for w in document.warnings if w["code"] == "variant_normalised"]
    assert len(summary) == 1
    assert summary[0]["count"] == 12
