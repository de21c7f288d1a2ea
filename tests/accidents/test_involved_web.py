"""Other involved sectors and units on the web form, the accident page and the API, within scope.

Scope rule (zeren.accidents.permissions): an involved unit brings its posts and their holders into the chain
every reader of the accident sees, so a writer names only units whose posts and people they may read
already. alice operates 疏勒县 (its townships are hers, 莎车县 is not); admin is the prefecture's committee
office (every county); charlie operates 莎车县; reviewer reads the prefecture.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tests.accidents.world import AccidentWorld
from zeren.accidents import services
from zeren.accidents.models import Accident
from zeren.accounts.services import issue_token
from zeren.audit.models import AuditEvent
from zeren.org import services as org
from zeren.org.models import Unit

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
START = dt.date(2019, 1, 1)
AT = (dt.datetime.now(TZ) - dt.timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
SCHOOL = "校车（接送学生车辆）"


@pytest.fixture
def town(aworld: AccidentWorld) -> Unit:
    """A township of 疏勒县 (alice's scope) and 莎车县公安局 with a deputy (the vehicle's home county)."""
    ps = org.create_organisation(
        actor=None, code="shache-ps", unit=aworld.org.shache, name="莎车县公安局",
        type="government_department", kind_code="public_security", start=START,
    )  # fmt: skip
    org.create_post(
        actor=None, code="shache-ps-safety", organisation=ps, title="莎车县公安局副局长（分管交通）",
        role_code="department_safety_leader", start=START,
    )  # fmt: skip
    return org.create_unit(
        actor=None, code="shule-town", name="疏勒镇", level="township", parent=aworld.org.shule
    )


def _login(aworld: AccidentWorld, persona: str) -> Client:
    client = Client()
    client.force_login(aworld.users[persona])
    return client


def _token(aworld: AccidentWorld, persona: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(actor=None, user=aworld.users[persona]).token}"}


def _options(page: str, name: str) -> dict[str, str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, name
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


def _form(aworld: AccidentWorld, **extra: object) -> dict[str, object]:
    return {
        "unit": aworld.org.shule.pk, "sector_code": "road_traffic",
        "occurred_at": AT.strftime("%Y-%m-%dT%H:%M"), "enterprise": "某运输公司", "description": "客车侧翻",
        "deaths": 3, "serious_injuries": 0, "missing": 0, "direct_loss_yuan": 0, **extra,
    }  # fmt: skip


def _accident(aworld: AccidentWorld, **kw: object) -> Accident:
    return services.record_accident(
        actor=None, unit=aworld.org.shule, sector_code="road_traffic", occurred_at=AT,
        enterprise="某运输公司", description="客车侧翻", deaths=3, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


# --- the form ---------------------------------------------------------------------------------------------
def test_the_form_offers_sectors_in_chinese_and_only_units_in_scope(
    aworld: AccidentWorld, town: Unit
) -> None:
    alice_page = _login(aworld, "alice").get("/accidents/new/").content.decode()
    admin_page = _login(aworld, "admin").get("/accidents/new/").content.decode()

    sectors = _options(alice_page, "also_sectors")
    assert sectors["school_transport"] == SCHOOL
    assert all(not re.fullmatch(r"[a-z_]+", label) for label in sectors.values())  # labels, never codes
    alice_units = set(_options(alice_page, "also_units").values())
    admin_units = set(_options(admin_page, "also_units").values())
    assert "疏勒镇" in alice_units
    assert "莎车县" not in alice_units  # outside her scope: its posts and people are not hers to read
    assert {"疏勒镇", "莎车县", "疏勒县"} <= admin_units
    assert "喀什地区" not in admin_units  # only counties, townships and zones


def test_alice_registers_a_school_bus_accident_with_a_township(aworld: AccidentWorld, town: Unit) -> None:
    alice = _login(aworld, "alice")

    answer = alice.post(
        "/accidents/new/", _form(aworld, also_sectors=["school_transport"], also_units=[town.pk])
    )
    accident = Accident.objects.get()
    page = alice.get(f"/accidents/{accident.pk}/").content.decode()

    assert answer.status_code == 302
    assert accident.also_sectors == ["school_transport"]
    assert accident.also_units == ["shule-town"]
    assert re.search(r'<dd id="sectors">道路交通[^<]*、校车（接送学生车辆）</dd>', page)
    assert '<dd id="involved-units">疏勒镇</dd>' in page
    assert "school_transport" not in re.sub(r"<[^>]+>", "", page)  # no code in the visible text
    # the chain says it is placed as the pack places road accidents (the road group)
    assert '<p class="reach-group">追及范围：道路交通、道路运输、校车、农机事故' in page


def test_alice_cannot_name_a_county_outside_her_scope(aworld: AccidentWorld, town: Unit) -> None:
    alice = _login(aworld, "alice")

    refused = alice.post("/accidents/new/", _form(aworld, also_units=[aworld.org.shache.pk]))

    assert refused.status_code == 400
    assert "also_units" in refused.context["form"].errors
    assert Accident.objects.count() == 0


# --- the accident page: edit, and the chain follows ---------------------------------------------------
def test_the_office_adds_the_vehicles_home_county_and_the_chain_follows(
    aworld: AccidentWorld, town: Unit
) -> None:
    accident = _accident(aworld)
    before = _login(aworld, "alice").get(f"/accidents/{accident.pk}/").content.decode()

    answer = _login(aworld, "admin").post(
        f"/accidents/{accident.pk}/involved/",
        {"also_sectors": ["school_transport"], "also_units": [aworld.org.shache.pk]},
    )
    after = _login(aworld, "alice").get(f"/accidents/{accident.pk}/").content.decode()
    accident.refresh_from_db()

    assert "莎车县公安局副局长（分管交通）" not in before
    assert answer.status_code == 302
    assert accident.also_units == ["shache"]
    assert '<dd id="involved-units">莎车县</dd>' in after
    assert "莎车县公安局副局长（分管交通）" in after  # the chain now reaches the involved county
    event = AuditEvent.objects.get(action="accidents.set_involved")
    assert event.after is not None
    assert event.after["also_units"] == ["shache"]


def test_alice_cannot_add_a_county_outside_her_scope_but_keeps_what_the_office_named(
    aworld: AccidentWorld, town: Unit
) -> None:
    accident = _accident(aworld, also_units=[aworld.org.shache])
    alice = _login(aworld, "alice")
    fresh = _accident(aworld)

    page = alice.get(f"/accidents/{accident.pk}/").content.decode()
    kept = alice.post(f"/accidents/{accident.pk}/involved/", {"also_units": [aworld.org.shache.pk, town.pk]})
    refused = alice.post(f"/accidents/{fresh.pk}/involved/", {"also_units": [aworld.org.shache.pk]})
    accident.refresh_from_db()
    fresh.refresh_from_db()

    assert re.search(rf'<option value="{aworld.org.shache.pk}" selected>莎车县</option>', page)
    assert kept.status_code == 302
    assert sorted(accident.also_units) == ["shache", "shule-town"]
    assert refused.status_code == 400
    assert fresh.also_units == []


@pytest.mark.parametrize(("persona", "status"), [("reviewer", 403), ("charlie", 404)])
def test_readers_and_outsiders_cannot_change_the_involved_units(
    aworld: AccidentWorld, town: Unit, persona: str, status: int
) -> None:
    accident = _accident(aworld)

    answer = _login(aworld, persona).post(f"/accidents/{accident.pk}/involved/", {"also_units": [town.pk]})
    api = Client().put(
        f"/api/accidents/{accident.pk}/involved", {"also_units": ["疏勒镇"]},
        content_type="application/json", headers=_token(aworld, persona),
    )  # fmt: skip
    accident.refresh_from_db()

    assert answer.status_code == status
    assert api.status_code == status
    assert accident.also_units == []


# --- the API ----------------------------------------------------------------------------------------------
def _payload(**extra: object) -> dict[str, object]:
    return {
        "unit": "疏勒县", "sector": "道路交通", "occurred_at": AT.isoformat(), "enterprise": "某运输公司",
        "description": "客车侧翻", "deaths": 3, **extra,
    }  # fmt: skip


def test_api_creates_with_involved_sectors_and_units_and_shows_them(
    aworld: AccidentWorld, town: Unit
) -> None:
    headers = _token(aworld, "admin")

    created = Client().post(
        "/api/accidents", _payload(also_sectors=[SCHOOL], also_units=["莎车县", "shule-town"]),
        content_type="application/json", headers=headers,
    )  # fmt: skip
    detail = Client().get(f"/api/accidents/{created.json()['id']}", headers=headers).json()

    assert created.status_code == 201
    assert created.json()["also_sectors"] == ["school_transport"]
    assert created.json()["also_units"] == ["shache", "shule-town"]
    assert detail["also_sector_names"] == [SCHOOL]
    assert detail["also_unit_names"] == ["莎车县", "疏勒镇"]
    assert "shache-ps-safety" in {p["post"] for p in detail["chain"]}


def test_api_refuses_an_involved_unit_out_of_scope_like_a_missing_one(
    aworld: AccidentWorld, town: Unit
) -> None:
    headers = _token(aworld, "alice")

    outside = Client().post(
        "/api/accidents", _payload(also_units=["莎车县"]), content_type="application/json", headers=headers
    )
    missing = Client().post(
        "/api/accidents",
        _payload(also_units=["没有这个县"]),
        content_type="application/json",
        headers=headers,
    )

    assert outside.status_code == missing.status_code == 422
    assert outside.json()["code"] == "invalid_accident"
    assert outside.json()["field"] == "also_units"
    assert outside.json()["message"].replace("莎车县", "X") == missing.json()["message"].replace(
        "没有这个县", "X"
    )
    assert Accident.objects.count() == 0


def test_api_replaces_the_involved_units(aworld: AccidentWorld, town: Unit) -> None:
    accident = _accident(aworld)
    headers = _token(aworld, "alice")

    changed = Client().put(
        f"/api/accidents/{accident.pk}/involved",
        {"also_sectors": ["school_transport"], "also_units": ["疏勒镇"]},
        content_type="application/json", headers=headers,
    )  # fmt: skip
    outside = Client().put(
        f"/api/accidents/{accident.pk}/involved", {"also_units": ["莎车县"]},
        content_type="application/json", headers=headers,
    )  # fmt: skip
    accident.refresh_from_db()

    assert changed.status_code == 200
    assert changed.json()["also_units"] == ["shule-town"]
    assert outside.status_code == 422
    assert accident.also_units == ["shule-town"]
    assert accident.also_sectors == ["school_transport"]
