"""`zeren accident grade|chain` and `zeren person eligibility`: the JSON shapes (a contract for scripts)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
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
        "a = p.parse_args(['grade', '--deaths', '2', '--serious-injuries', '10', '--loss-yuan', '0',"
        " '--json'])\n"
        "code = a.handler(a)\n"
        "assert 'django.db' not in sys.modules, 'grade must not set up Django'\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert {"grade", "criteria", "citations"} <= set(payload)  # the contract: fields are only added
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
    # a road accident is placed by the pack's road group (added field; null when the default applies)
    assert payload["reach_group"] == {"id": "road", "name": "道路交通、道路运输、校车、农机事故"}


@pytest.mark.django_db
def test_chain_json_says_no_group_when_the_default_placement_applies(
    aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["chain", "--unit", "疏勒县", "--sector", "烟花爆竹", "--at", "2026-03-01T10:00"]
    argv += ["--grade", "较大"]

    code, payload = _run(accident_cli, [*argv, "--json"], capsys)

    assert code == 0
    assert isinstance(payload, dict)
    assert payload["reach_group"] is None


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
    assert "art_65" in payload["clauses"]  # type: ignore[index]


def _call(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    accident_cli.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    code = args.handler(args)
    out, err = capsys.readouterr()
    return code, out, err


CHAIN = ["chain", "--unit", "疏勒县", "--at", "2026-03-01T10:00"]


@pytest.mark.parametrize(
    ("argv", "grade", "missing"),
    [
        ([], "待定", ["deaths", "serious_injuries", "loss_yuan"]),  # unknown is not zero: never 一般
        (["--deaths", "2"], "待定", ["serious_injuries", "loss_yuan"]),
        (["--deaths", "2", "--serious-injuries", "0", "--loss-yuan", "0"], "一般", []),
        (["--deaths", "30"], "特别重大", []),  # no unknown figure can raise the highest grade
    ],
)
def test_grade_without_figures_is_pending_and_says_what_is_missing(
    argv: list[str], grade: str, missing: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _call(["grade", *argv, "--json"], capsys)

    payload = json.loads(out)
    assert code == 0
    assert (payload["grade"], payload["missing"]) == (grade, missing)


def test_grade_text_names_the_missing_flags(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _call(["grade", "--deaths", "3"], capsys)

    assert code == 0
    assert out.startswith(
        "等级待定：未提供重伤人数（含急性工业中毒）（--serious-injuries）、直接经济损失（元）（--loss-yuan）"
    )
    assert "一般事故" not in out.splitlines()
    assert "《生产安全事故报告和调查处理条例》第三条第三款" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--sector", "道路交通", "--grade", "特大"],
            "未知的事故等级“特大”；应为 一般、较大、重大、特别重大 之一",
        ),
        (["--sector", "道路交通", "--grade", "huge"], "未知的事故等级“huge”"),
        (["--sector", "道路交通"], "未给出事故等级：请用 --grade 指定"),
        (["--sector", "道路交通", "--deaths", "2"], "事故等级待定：未提供重伤人数"),
        (["--sector", "不存在的行业", "--grade", "一般"], "政策包中没有行业领域“不存在的行业”"),
    ],
)
def test_chain_bad_flags_give_one_chinese_line_and_exit_2(
    aworld: AccidentWorld, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _call([*CHAIN, *extra], capsys)

    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("zeren accident chain: ")
    assert message in err


@pytest.mark.django_db
def test_chain_before_the_measures_were_in_force_says_so(
    aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "chain",
        "--unit",
        "疏勒县",
        "--sector",
        "道路交通",
        "--at",
        "2021-04-09T10:00",
        "--grade",
        "一般",
    ]

    code, _, err = _call(argv, capsys)

    assert code == 2
    assert "尚未施行（自2021年04月10日起施行）" in err
    assert "尚未加载" not in err


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sector", "code"),
    [("消防", "fire_safety"), ("建筑施工", "building_construction"), ("客运", "road_transport")],
)
def test_chain_accepts_a_sector_by_short_name_or_alias(
    aworld: AccidentWorld, sector: str, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _call([*CHAIN, "--sector", sector, "--grade", "一般", "--json"], capsys)

    assert (status, err) == (0, "")
    assert json.loads(out)["sector"] == code


@pytest.mark.django_db
def test_chain_grades_from_figures_and_says_so(
    aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        *CHAIN,
        "--sector",
        "道路交通",
        "--deaths",
        "3",
        "--serious-injuries",
        "0",
        "--loss-yuan",
        "0",
        "--json",
    ]

    code, out, _ = _call(argv, capsys)

    payload = json.loads(out)
    assert code == 0
    assert (payload["grade"], payload["grade_source"]) == ("较大", "figures")
    assert payload["grade_criteria"] == ["死亡3人，达到较大事故标准（3人以上）"]


@pytest.mark.django_db
def test_chain_reasons_are_chinese_without_internal_codes(
    aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _call([*CHAIN, "--sector", "道路交通", "--grade", "较大"], capsys)

    assert code == 0
    assert "较大事故（按 --grade 指定）" in out.splitlines()[0]
    reasons = out.split("\n", 1)[1]
    assert not re.search(r"[a-z]+[_-][a-z]+", reasons.replace("--grade", "")), reasons
    assert "road_traffic" not in out
    assert "道路交通" in reasons
    assert "第" in reasons
    assert "art_" not in reasons


def test_chain_help_lists_the_sectors(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    accident_cli.register(parser.add_subparsers())

    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["chain", "--help"])

    out = capsys.readouterr().out
    assert exited.value.code == 0
    assert "行业领域（--sector 可用标识、名称、简称或别称）：" in out
    assert "fire_safety" in out
    assert "消防（条文分配部分）（又称：消防" in out
    assert "building_construction" in out


def test_humanize_replaces_codes_by_labels() -> None:
    labels = {"road_traffic": "道路交通", "shule-transport": "疏勒县交通运输局"}

    text = accident_cli.humanize("本部门是road_traffic的监管部门(shule-transport)", labels)

    assert text == "本部门是道路交通的监管部门（疏勒县交通运输局）"


@pytest.mark.django_db
@pytest.mark.clause("art_14__para_1", "art_16__para_1", pack="kashgar_2021")
def test_chain_text_lists_the_likely_posts_first_and_the_possible_apart(
    aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _call([*CHAIN, "--sector", "道路交通", "--grade", "较大"], capsys)

    likely, possible = out.split("可能涉及，需调查核实", 1)
    assert code == 0
    assert "追及范围：道路交通、道路运输、校车、农机事故" in likely
    assert "建议审查（较可能，1）" in likely
    assert "副县长" in likely
    assert "[较可能]" in likely
    assert "[较可能]" not in possible
    assert "疏勒县人民政府县长" in possible
    assert "主要领导责任" in possible
    assert "第十四条第一款" in possible
