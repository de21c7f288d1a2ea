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
from zeren.org.checks import org_findings, record_safety_staffing, record_special_fund
from zeren.org.models import Organisation, SpecialFundBudget
from zeren.packs import KASHGAR_PACK_DIR

ON = dt.date(2024, 6, 1)


def _findings(world: World) -> set[tuple[str, str]]:
    pack = load_pack_into_catalog(directory=KASHGAR_PACK_DIR).pack
    return {(f.clause, f.unit) for f in org_findings(pack, on=ON)}


@pytest.mark.clause("art_15__para_1", pack="kashgar_2021")
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


@pytest.mark.clause(
    "art_17__para_1__point_4", "art_74__para_1", "art_14__para_1__point_4", pack="kashgar_2021"
)
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


# -- art. 17 para 1 point 5: a safety body and staff in each department ---------------------------


def _staffing_findings() -> dict[str, str]:
    pack = load_pack_into_catalog(directory=KASHGAR_PACK_DIR).pack
    return {f.unit: f.what for f in org_findings(pack, on=ON) if f.clause == "art_17__para_1__point_5"}


@pytest.mark.clause("art_17__para_1__point_5", pack="kashgar_2021")
@pytest.mark.parametrize(
    ("body", "staff", "what"),
    [
        (
            "",
            None,
            "疏勒县交通运输局未设置安全生产监管机构或明确负责安全生产工作的机构，未登记安全生产工作人员",
        ),
        ("安全生产监督管理科", None, "疏勒县交通运输局未登记安全生产工作人员"),
        ("安全生产监督管理科", 0, "疏勒县交通运输局未配备安全生产监管人员或安全生产工作人员"),
        ("  ", 2, "疏勒县交通运输局未设置安全生产监管机构或明确负责安全生产工作的机构"),
        ("安全生产监督管理科", 1, None),
        ("办公室（负责安全生产工作）", 3, None),
    ],
)
def test_a_department_names_a_safety_body_and_staffs_it(
    world: World, body: str, staff: int | None, what: str | None
) -> None:
    Organisation.objects.filter(pk=world.shule_transport.pk).update(safety_body=body, safety_staff=staff)

    found = _staffing_findings()

    assert found.get("shule-transport") == what
    assert "shule-gov" not in found  # a government is not a department (organisation.bodies.department)


@pytest.mark.clause("art_17__para_1__point_5", pack="kashgar_2021")
def test_the_office_records_a_safety_body_audited_and_an_operator_cannot(world: World) -> None:
    with pytest.raises(PermissionDenied):
        record_safety_staffing(
            actor=world.users["alice"],
            organisation=world.shule_transport,
            safety_body="安监科",
            safety_staff=2,
        )
    assert not AuditEvent.objects.filter(action="org.record_safety_staffing").exists()
    assert "shule-transport" in _staffing_findings()

    record_safety_staffing(
        actor=world.users["admin"], organisation=world.shule_transport, safety_body="安全生产监督管理科",
        safety_staff=2,
    )  # fmt: skip
    record_safety_staffing(
        actor=world.users["admin"], organisation=world.shule_transport, safety_body="安全生产监督管理科",
        safety_staff=2,
    )  # fmt: skip  # the same again writes nothing

    assert "shule-transport" not in _staffing_findings()
    event = AuditEvent.objects.get(action="org.record_safety_staffing")
    assert event.before == {"safety_body": "", "safety_staff": None}
    assert event.after == {
        "organisation": "shule-transport",
        "safety_body": "安全生产监督管理科",
        "safety_staff": 2,
    }


def test_the_check_applies_to_the_departments_the_pack_names(world: World) -> None:
    """kinds / traits narrow the check (data): only supervisory departments, then a kind not in the world."""
    from zeren.catalog.models import PackVersion
    from zeren.org.checks import _staffing
    from zeren.packs.build_org import from_raw
    from zeren.packs.model_org import OrgCheck

    pack = load_pack_into_catalog(directory=KASHGAR_PACK_DIR).pack
    assert isinstance(pack, PackVersion)
    assert isinstance(pack.data, dict)
    organisation = from_raw(pack.data)[1]
    base = OrgCheck("department_safety_body", "art_17__para_1__point_5", ("county",))

    def units(**narrow: tuple[str, ...]) -> set[str]:
        check = OrgCheck(**{**base.__dict__, **narrow})
        return {f.unit for f in _staffing(check, organisation, pack, ON)}

    assert units() == {"shule-transport"}
    assert units(traits=("supervisory_department",)) == {"shule-transport"}  # transport supervises (art. 25)
    assert units(kinds=("water_resources",)) == set()


@pytest.mark.clause("art_17__para_1__point_5", pack="kashgar_2021")
def test_the_office_page_and_api_record_the_safety_body(world: World) -> None:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    office, operator = Client(), Client()
    office.login(username="admin", password=PASSWORD)
    operator.login(username="alice", password=PASSWORD)

    page = office.get("/org/checks/?on=2024-06-01").content.decode()
    assert "第十七条第一款第（五）项" in page
    assert "疏勒县交通运输局未设置安全生产监管机构或明确负责安全生产工作的机构" in page

    posted = office.post(
        "/org/checks/",
        {"form": "staffing", "organisation": "shule-transport", "safety_body": "安全生产监督管理科",
         "safety_staff": "2"},
    )  # fmt: skip
    bad = office.post("/org/checks/", {"form": "staffing", "organisation": "nowhere", "safety_staff": "1"})

    assert posted.status_code == 302
    assert bad.status_code == 400
    assert "没有标识为“nowhere”的机构" in bad.content.decode()
    transport = Organisation.objects.get(code="shule-transport")
    assert (transport.safety_body, transport.safety_staff) == ("安全生产监督管理科", 2)

    url = "/api/org/organisations/shule-transport/safety"
    denied = operator.put(url, {"safety_body": "x", "safety_staff": 9}, content_type="application/json")
    assert denied.status_code == 403
    assert Organisation.objects.get(code="shule-transport").safety_staff == 2
    put = office.put(url, {"safety_body": "安全生产科", "safety_staff": 3}, content_type="application/json")
    assert put.status_code == 200
    assert put.json() == {
        "code": "shule-transport", "name": "疏勒县交通运输局", "unit": "shule", "safety_body": "安全生产科",
        "safety_staff": 3,
    }  # fmt: skip
    assert operator.get(url).json()["safety_staff"] == 3  # an operator of 疏勒县 reads it
    assert AuditEvent.objects.filter(action="org.record_safety_staffing").count() == 2
    unit_page = operator.get("/org/units/shule/").content.decode()
    assert "安全生产工作机构：安全生产科（3名）" in unit_page  # shown with the department on the unit page


def test_the_checks_are_the_packs_a_pack_without_them_finds_nothing(world: World) -> None:
    """The mini test pack (tests/packs/mini_pack) asks for no structural check: the same org data that the
    Kashgar pack finds gaps in (art. 17(5) among them) gives no finding under it."""
    from pathlib import Path

    mini = load_pack_into_catalog(directory=Path(__file__).parents[1] / "packs" / "mini_pack").pack

    assert org_findings(mini, on=ON) == []
    assert "shule-transport" in _staffing_findings()
