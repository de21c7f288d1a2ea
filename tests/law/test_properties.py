from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zeren.law import Document, LawParseError, parse
from zeren.law.normalize import VARIANTS

FRAGMENTS = [
    "第一条", "第二条", "第十条之一", "第三十ー条", "第一百二十三条", "第二章", "第一节", "第一编",
    "（一）", "(二)",
    "1.", "\n", "\n\n", " ", "\u3000", "\xa0", "本办法第三条", "本条第一款", "前款", "前两款", "前条", "前项",
    "第（一）项", "《刑法》第二十条", "情形", "的，", "文件下载:", "索引号: A-1", "公开信息来源 bet365开户",
    "公开日期 2021-08-05", "文号 某〔2021〕2 号", "某委员会\n2021年4月10日\n", "単", "査", "目录",
]  # fmt: skip
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80)
texts = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(CJK, max_size=4)), max_size=40).map("".join),
)


def _check(text: str) -> Document:
    try:
        document = parse(text)
    except LawParseError:  # documented: only for non-str input, so never here
        raise AssertionError("parse raised for a str") from None
    assert document.original_text == text
    assert len(document.text) == len(text)
    assert (
        document.preamble + "".join(n.text for n in document.iter_nodes()) + document.trailer == document.text
    )
    for sub in document.substitutions:
        position = sub["position"]
        assert isinstance(position, int)
        assert VARIANTS[text[position]] == document.text[position]
    changed = [i for i, (a, b) in enumerate(zip(text, document.text, strict=True)) if a != b]
    assert changed == [s["position"] for s in document.substitutions]
    for node in document.iter_nodes():
        for ref in node.references:
            assert document.text[ref.start : ref.end] == ref.text
    document.to_dict()
    return document


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_never_crashes_and_never_loses_text(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=80).map("".join))
def test_eids_are_unique(text: str) -> None:
    document = _check(text)
    eids = [n.eid for n in document.iter_nodes()]
    assert len(eids) == len(set(eids))
