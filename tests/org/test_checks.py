"""Structural checks on the small world (`zeren org check`, the office's page): each gap a finding with its
clause from the pack; the special fund figure entered by the office, audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.org.world import PASSWORD, World
from zeren.audit.models import AuditEvent
from zeren.catalog.services import load_pack_into_catalog
from zeren.org import services
from zeren.org.checks import org_findings, record_special_fund
from zeren.org.models import SpecialFundBudget
from zeren.packs import KASHGAR_PACK_DIR

ON = dt.date(2024, 6, 1)
K = "kashgar_2021"


def _findings(world: World) -> set[tuple[str, str]]:
    pack = load_pack_into_catalog(directory=KASHGAR_PACK_DIR).pack
    return {(f.clause, f.unit) for f in org_findings(pack, on=ON)}


@pytest.mark.clause("art_15__para_1", pack=K)
def test_a_safety_leader_off_the_standing_committee_is_a_finding(world: World) -> None:
    party = services.create_organisation(
        actor=None, code="shule-party", unit=world.shule, name="中共疏勒县委", type="party_committee",
        start=dt.date(2019, 1, 1),
    )  # fmt: skip
    leader = services.create_post(
        actor=None, code="shule-exec", organisation=world.shule_gov, title="常务副县长",
        role_code="government_safety_leader", start=dt.date(2019, 1, 1),
    )  # fmt: skip
    member = services.create_post(
        actor=None, code="shule-standing", organisation=party, title="县委常委",
        role_code="party_standing_member", start=dt.date(2019, 1, 1),
    )  # fmt: skip
    services.appoint(actor=None, person=world.person_a, post=leader, start=dt.date(2023, 1, 1))
    before = _findings(world)

    services.appoint(actor=None, person=world.person_a, post=member, start=dt.date(2023, 1, 1))
    after = _findings(world)

    assert ("art_15__para_1", "shule") in before  # in charge of safety, not on the standing committee
    assert ("art_15__para_1", "shule") not in after
    assert ("art_15__para_1", "shache") in after  # nobody in charge of safety at all


@pytest.mark.clause("art_17__para_1__point_4", "art_74__para_1", "art_14__para_1__point_4", pack=K)
def test_departments_lists_and_the_special_fund(world: World) -> None:
    found = _findings(world)

    assert ("art_17__para_1__point_4", "shule-transport") in found  # no safety leader named
    assert ("art_74__para_1", "shule-deputy") in found  # no list published
    assert ("art_14__para_1__point_4", "shule") in found  # no budget figure entered

    record_special_fund(actor=world.users["admin"], unit=world.shule, year=2024, amount_yuan=800000)

    assert ("art_14__para_1__point_4", "shule") not in _findings(world)
    event = AuditEvent.objects.get(action="org.record_special_fund")
    assert event.after == {"unit": "shule", "year": 2024, "amount_yuan": 800000, "note": ""}


def test_only_the_office_enters_the_special_fund(world: World) -> None:
    with pytest.raises(PermissionDenied):
        record_special_fund(actor=world.users["alice"], unit=world.shule, year=2024, amount_yuan=1)

    assert not SpecialFundBudget.objects.exists()


def test_the_office_page_lists_findings_with_their_clause(world: World) -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    office, operator = Client(), Client()
    office.login(username="admin", password=PASSWORD)
    operator.login(username="alice", password=PASSWORD)

    page = office.get("/org/checks/?on=2024-06-01")

    assert page.status_code == 200
    text = page.content.decode()
    assert "第十五条第一款" in text
    assert "疏勒县交通运输局未明确一名班子成员分管安全生产工作" in text
    assert operator.get("/org/checks/").status_code == 403


def test_the_cli_prints_the_findings_as_json(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    from zeren.org.cli import run_check

    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)

    class Args:
        on, year, json = "2024-06-01", None, True

    status = run_check(Args())  # type: ignore[arg-type]

    out = json.loads(capsys.readouterr().out)
    assert status == 1
    assert {"clause": "art_17__para_1__point_4", "unit": "shule-transport",
            "what": "疏勒县交通运输局未明确一名班子成员分管安全生产工作"} in out["findings"]  # fmt: skip
