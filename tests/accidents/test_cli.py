"""`zeren accident grade|chain` and `zeren person eligibility`: the JSON shapes (a contract for scripts)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest

from tests.accidents.world import AccidentWorld
from zeren.accidents import cli as accident_cli
from zeren.accidents import services
from zeren.accountability import cli as person_cli
from zeren.accountability import services as cases

TZ = ZoneInfo("Asia/Shanghai")


def _run(module: object, argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, object]:
    parser = argparse.ArgumentParser()
    module.register(parser.add_subparsers())  # type: ignore[attr-defined]
    args = parser.parse_args(argv)
    code = args.handler(args)
    return code, json.loads(capsys.readouterr().out)


def test_grade_json_needs_no_database() -> None:
    script = (
        "import sys, argparse\n"
        "from zeren.accidents import cli\n"
        "p = argparse.ArgumentParser(); cli.register(p.add_subparsers())\n"
        "a = p.parse_args(['grade', '--deaths', '2', '--serious-injuries', '10', '--json'])\n"
        "code = a.handler(a)\n"
        "assert 'django.db' not in sys.modules, 'grade must not set up Django'\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"grade", "criteria", "citations"}
    assert payload["grade"] == "较大"  # 10 serious injuries
    assert "493:art_3__para_3" in payload["citations"]


@pytest.mark.django_db
def test_chain_json_names_holders_at_the_time(
    aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "chain",
        "--unit",
        "疏勒县",
        "--sector",
        "道路交通",
        "--at",
        "2026-03-01T10:00",
        "--grade",
        "较大",
        "--json",
    ]

    code, payload = _run(accident_cli, argv, capsys)

    assert code == 0
    assert isinstance(payload, dict)
    rows = {row["post"]: row for row in payload["posts"]}
    assert {"post", "unit", "role", "holder", "clauses"} <= set(next(iter(rows.values())))
    assert rows["shule-deputy"]["holder"] == "p-a"
    assert rows["shule-ps-principal"]["holder"] == "p-ps"
    assert rows["shule-secretary"]["clauses"]


@pytest.mark.django_db
def test_person_eligibility_json(aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]) -> None:
    accident = services.record_accident(
        actor=None,
        unit=aworld.org.shule,
        sector_code="road_traffic",
        occurred_at=dt.datetime(2026, 3, 1, 10, tzinfo=TZ),
        enterprise="某公司",
        description="x",
        deaths=3,
    )
    case = cases.open_case_for_accident(actor=None, accident=accident)
    subject = case.subjects.get(post__code="shule-deputy")
    cases.record_decision(
        actor=None,
        subject=subject,
        outcome="accountable",
        form="admonishment",
        organ="discipline_inspection",
        decided_on=dt.date(2026, 4, 1),
        reasoning="督促不力",
        leadership_responsibility=True,
    )

    code, payload = _run(person_cli, ["eligibility", "p-a", "--on", "2026-05-01", "--json"], capsys)

    assert code == 0
    assert payload == {
        "person": "p-a",
        "on": "2026-05-01",
        "eligible": False,
        "until": "2026-09-30",
        "reasons": payload["reasons"],  # type: ignore[index]
        "clauses": payload["clauses"],  # type: ignore[index]
    }
    assert payload["reasons"]  # type: ignore[index]
    assert "art_65__para_1" in payload["clauses"]  # type: ignore[index]
