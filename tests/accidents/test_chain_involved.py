"""Several sectors and other involved units reach the chain: the record, the selectors and the CLI."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from tests.accidents.world import AccidentWorld
from zeren.accidents import cli as accident_cli
from zeren.accidents import selectors, services
from zeren.accidents.errors import InvalidAccident
from zeren.org import services as org
from zeren.org.models import Unit

TZ = ZoneInfo("Asia/Shanghai")
START = dt.date(2019, 1, 1)


def _shache_police(aworld: AccidentWorld) -> None:
    """莎车县公安局 with a safety deputy: the vehicle's home county."""
    ps = org.create_organisation(
        actor=None, code="shache-ps", unit=aworld.org.shache, name="莎车县公安局",
        type="government_department", kind_code="public_security", start=START,
    )  # fmt: skip
    org.create_post(
        actor=None, code="shache-ps-safety", organisation=ps, title="莎车县公安局副局长（分管交通）",
        role_code="department_safety_leader", start=START,
    )  # fmt: skip


def _record(aworld: AccidentWorld, **kw: object) -> object:
    return services.record_accident(
        actor=None, unit=aworld.org.shule, sector_code="road_traffic",
        occurred_at=dt.datetime(2026, 3, 1, 10, 0, tzinfo=TZ), enterprise="某运输公司",
        description="客车侧翻", deaths=3, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.mark.django_db
def test_an_involved_county_and_a_second_sector_reach_the_chain(aworld: AccidentWorld) -> None:
    _shache_police(aworld)
    accident = _record(aworld, also_sectors=["school_transport"], also_units=[aworld.org.shache])

    assert accident.also_sectors == ["school_transport"]  # type: ignore[attr-defined]
    assert accident.also_units == ["shache"]  # type: ignore[attr-defined]
    rows = {row["post"]: row for row in selectors.chain_payload(selectors.accident_chain(accident))}  # type: ignore[arg-type]
    assert rows["shache-ps-safety"]["likely"] is False
    assert rows["shache-ps-safety"]["placement"] == "可能"
    assert "其他涉事单位（车辆登记地、企业许可地等）" in rows["shache-ps-safety"]["circumstances"]
    assert "道路交通、校车（接送学生车辆）" in rows["shule-ps-principal"]["reason"]
    assert rows["shule-deputy"]["likely"] is True  # the deputy overseeing public security, at 较大
    assert rows["shule-deputy"]["responsibility"] == "重要领导责任"
    assert rows["shule-secretary"]["likely"] is False  # no county principals as likely at 较大


@pytest.mark.django_db
def test_the_accident_unit_itself_is_not_an_involved_unit(aworld: AccidentWorld) -> None:
    with pytest.raises(InvalidAccident):
        _record(aworld, also_units=[aworld.org.shule])
    with pytest.raises(InvalidAccident):
        _record(aworld, also_sectors=["nothing"])


@pytest.mark.django_db
def test_chain_cli_takes_also_unit_and_also_sector(
    aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    _shache_police(aworld)
    parser = argparse.ArgumentParser()
    accident_cli.register(parser.add_subparsers())
    args = parser.parse_args([
        "chain", "--unit", "疏勒县", "--sector", "road_traffic", "--at", "2026-03-01T10:00",
        "--grade", "较大", "--also-unit", "莎车县", "--also-sector", "school_transport", "--json",
    ])  # fmt: skip

    code = args.handler(args)

    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert payload["also_units"] == ["shache"]
    assert payload["also_sectors"] == ["school_transport"]
    posts = {row["post"]: row for row in payload["posts"]}
    assert {"post", "title", "unit", "role", "holder", "tiers", "clauses"} <= set(posts["shache-ps-safety"])
    assert posts["shache-ps-safety"]["likely"] is False


@pytest.mark.django_db
def test_chain_cli_refuses_an_unknown_involved_unit(
    aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    accident_cli.register(parser.add_subparsers())
    args = parser.parse_args([
        "chain", "--unit", "疏勒县", "--sector", "road_traffic", "--at", "2026-03-01T10:00",
        "--grade", "较大", "--also-unit", "没有这个县",
    ])  # fmt: skip

    assert args.handler(args) == 2
    assert "没有单位 没有这个县" in capsys.readouterr().err
    assert Unit.objects.filter(name="没有这个县").count() == 0
