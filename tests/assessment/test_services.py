"""run_assessment / publish_run on the small accident world (疏勒县, 莎车县), year 2025."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.accidents.world import AccidentWorld
from zeren.accidents import services as accidents
from zeren.assessment import cli, selectors, services
from zeren.assessment.errors import AlreadyPublished, NotPublishable, RunFrozen
from zeren.assessment.models import AssessmentRun
from zeren.audit.models import AuditEvent
from zeren.org import services as org

ON = dt.date(2026, 2, 1)


def _accident(aworld: AccidentWorld, deaths: int) -> Any:
    return accidents.record_accident(
        actor=None,
        unit=aworld.org.shule,
        sector_code="road_traffic",
        enterprise="某运输公司",
        occurred_at=dt.datetime(2025, 6, 1, 10, 0, tzinfo=timezone.get_current_timezone()),
        description="测试事故",
        deaths=deaths,
    )


def _units(run: AssessmentRun) -> dict[str, dict[str, Any]]:
    return {u["unit"]: u for u in selectors.contract(run)["units"]}


@pytest.mark.clause("art_56__para_1", "art_62__para_2", pack="kashgar_2021")
def test_a_major_accident_vetoes_and_the_fine_is_split_exactly(aworld: AccidentWorld) -> None:
    _accident(aworld, deaths=10)  # 重大

    units = _units(services.run_assessment(actor=None, year=2025, on=ON))

    shule, shache = units["shule"], units["shache"]
    assert (shule["veto"], shule["result"], shule["rank"], shule["reward_yuan"], shule["fine_yuan"]) == (
        "vetoed",
        "vetoed",
        2,
        0,
        30000,
    )
    assert shule["veto_reasons"] == ["本辖区（本行业）发生重大及以上生产安全事故（重大事故1起）"]
    assert [(p["person"], p["share_yuan"]) for p in shule["principals"]] == [
        ("p-secretary", 4500),
        ("p-head", 4500),
    ]
    assert (shache["rank"], shache["result"], shache["reward_yuan"], shache["principals"]) == (
        1,
        "passed",
        50000,
        [],
    )
    assert {"art_56__para_1", "art_62__para_2", "art_55__para_2"} <= set(shule["citations"])


@pytest.mark.clause("art_56__para_1", pack="kashgar_2021")
def test_a_concealed_report_vetoes_a_general_accident(aworld: AccidentWorld) -> None:
    accident = _accident(aworld, deaths=1)
    accidents.record_finding(actor=None, accident=accident, kind="concealed", basis="超过时限未报告")

    assert _units(services.run_assessment(actor=None, year=2025, on=ON))["shule"]["veto"] == "vetoed"


@pytest.mark.clause("art_56__para_1", "art_59__para_1", pack="kashgar_2021")
def test_missing_veto_data_is_undetermined_and_cannot_be_published(aworld: AccidentWorld) -> None:
    org.create_organisation(
        actor=None,
        code="kashgar-misc",
        unit=aworld.org.kashgar,
        name="地区某局",
        type="government_department",
        start=dt.date(2019, 1, 1),
    )

    run = services.run_assessment(actor=None, year=2025, on=ON)
    misc = _units(run)["kashgar-misc"]

    assert (misc["group"], misc["veto"], misc["result"], misc["reward_yuan"], misc["fine_yuan"]) == (
        "departments",
        "undetermined",
        "undetermined",
        0,
        0,
    )
    with pytest.raises(NotPublishable):
        services.publish_run(actor=None, run=run)
    assert AssessmentRun.objects.get().status == "draft"


def test_same_inputs_reuse_the_run_and_new_facts_make_a_new_one(aworld: AccidentWorld) -> None:
    first = services.run_assessment(actor=None, year=2025, on=ON)
    events = AuditEvent.objects.count()
    again = services.run_assessment(actor=None, year=2025, on=ON)
    _accident(aworld, deaths=1)
    changed = services.run_assessment(actor=None, year=2025, on=ON)

    assert again.pk == first.pk
    assert AuditEvent.objects.filter(action="assessment.run").count() == 2
    assert events == AuditEvent.objects.count() - 2  # the accident's event and the second run's
    assert changed.inputs_hash != first.inputs_hash
    assert len(first.inputs_hash) == 64


def test_publish_freezes_the_run_and_a_correction_amends_it(aworld: AccidentWorld) -> None:
    run = services.publish_run(actor=None, run=services.run_assessment(actor=None, year=2025, on=ON))
    correction = services.run_assessment(actor=None, year=2025, on=ON, amends=run)

    assert run.status == "published"
    assert (correction.amends_id, correction.status) == (run.pk, "draft")
    with pytest.raises(AlreadyPublished):
        services.publish_run(actor=None, run=run)
    run.result = {"units": []}
    with pytest.raises(RunFrozen):
        run.save()
    assert AssessmentRun.objects.get(pk=run.pk).result["units"]


def test_an_operator_cannot_run(aworld: AccidentWorld) -> None:
    with pytest.raises(PermissionDenied):
        services.run_assessment(actor=aworld.users["alice"], year=2025, on=ON)

    assert AssessmentRun.objects.count() == 0


def test_cli_json_contract(aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.run_run(argparse.Namespace(year=2025, json=True))

    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(payload) >= {"units", "run_id", "inputs_hash"}
    assert set(payload["units"][0]) == {
        "unit", "group", "score", "veto", "veto_reasons", "rank", "result", "reward_yuan", "fine_yuan",
        "principals", "citations",
    }  # fmt: skip
    assert sorted(u["unit"] for u in payload["units"]) == ["shache", "shule"]


def test_cli_table_and_publish(aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run_run(argparse.Namespace(year=2025, json=False)) == 0
    run = AssessmentRun.objects.get()

    assert cli.run_publish(argparse.Namespace(run=run.pk)) == 0
    assert cli.run_publish(argparse.Namespace(run=run.pk)) == 1
    out = capsys.readouterr()
    assert "2025年度安全生产目标考核" in out.out
    assert "已公布" in out.out
    assert "该考核结果已公布" in out.err
    assert AssessmentRun.objects.get().status == "published"


@pytest.mark.clause("art_74__para_1", pack="kashgar_2021")
def test_published_lists_count_by_31_december_per_county(aworld: AccidentWorld) -> None:
    from zeren.assessment.facts import collect_facts
    from zeren.catalog.packs import pure_pack
    from zeren.catalog.services import load_pack_into_catalog
    from zeren.duties.models import ResponsibilityList
    from zeren.duties.services import build_unit_lists
    from zeren.org.models import Post
    from zeren.packs import KASHGAR_PACK_DIR

    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_unit_lists(actor=None, unit=aworld.org.shule, publish=True)  # published today (art. 74)
    pack = pure_pack("kashgar_2021")
    year = timezone.localdate().year
    shule = aworld.org.shule
    posts = Post.objects.filter(organisation__unit__path__startswith=shule.path).count()
    with_list = (
        ResponsibilityList.objects.filter(
            post__organisation__unit__path__startswith=shule.path, status="published"
        )
        .values("post_id")
        .distinct()
        .count()
    )

    now = {f.unit: f for f in collect_facts(pack=pack, year=year, on=timezone.localdate())}
    before = {f.unit: f for f in collect_facts(pack=pack, year=year - 1, on=timezone.localdate())}

    assert 0 < with_list <= posts
    assert (now[shule.code].lists_due, now[shule.code].lists_published) == (posts, with_list)
    assert before[shule.code].lists_published == 0  # published this year: not by last 31 December
    assert now[aworld.org.shache.code].lists_published == 0
