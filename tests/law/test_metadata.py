from __future__ import annotations

import json

import pytest

from zeren.law import Document, parse
from zeren.law.metadata import untrusted_reason


def test_seed_metadata(seed: Document) -> None:
    assert seed.metadata.to_dict() == {
        "title": "喀什地区落实《地方党政领导干部安全生产责任制规定》办法",
        "document_number": "喀安委〔2021〕2号",
        "issuer": "喀什地区安全生产委员会",
        "issue_date": "2021-04-10",
        "publication_date": "2021-08-05",
        "index_number": "A--2021-1120",
        "source_office": None,
    }


def test_seed_injected_source_field_is_a_warning_not_metadata(seed: Document) -> None:
    injected = [w for w in seed.warnings if w["code"] == "injected_metadata"]
    assert len(injected) == 1
    warning = injected[0]
    assert warning["field"] == "source_office"
    assert warning["label"] == "公开信息来源"
    assert warning["value"] == "betway88w开户 办公室"
    assert warning["eid"] is None
    position = warning["position"]
    assert isinstance(position, int)
    assert seed.text[position:].startswith("betway88w")
    assert "betway" not in json.dumps(seed.metadata.to_dict())


@pytest.mark.parametrize(
    "value",
    [
        "betway88w开户 办公室",
        "www.example.com",
        "http://x.cn/办公室",
        "澳门娱乐城注册送彩金",
        "ABC娱乐办公室",
        "casino办公室",
    ],
)
def test_untrusted_values(value: str) -> None:
    assert untrusted_reason(value) is not None


@pytest.mark.parametrize(
    "value", ["喀什地区安全生产委员会办公室", "中国福利彩票发行管理中心", "自治区人民政府办公厅（应急）"]
)
def test_trusted_organ_names(value: str) -> None:
    assert untrusted_reason(value) is None


def test_trusted_source_field_is_kept() -> None:
    text = (
        "索引号: X-1 公开信息来源 某市应急管理局 办公室\n"
        "公开日期 2020-1-5 文号 某应急〔2020〕 12 号\n某市办法\n第一条 甲。\n"
    )
    meta = parse(text).metadata
    assert meta.source_office == "某市应急管理局 办公室"
    assert meta.publication_date == "2020-01-05"
    assert meta.document_number == "某应急〔2020〕12号"
    assert meta.index_number == "X-1"
    assert meta.title == "某市办法"


def test_invalid_dates_are_dropped() -> None:
    text = "公开日期 2021-02-30\n某某\n\n2021年13月1日\n第一条 甲。\n"
    meta = parse(text).metadata
    assert meta.publication_date is None
    assert meta.issue_date is None


def test_corpus_style_title_is_the_first_line() -> None:
    text = "中华人民共和国某某法\n\n第一章 总则\n\n第一条 为了……，制定本法。\n"
    assert parse(text).metadata.title == "中华人民共和国某某法"
