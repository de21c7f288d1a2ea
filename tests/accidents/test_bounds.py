"""Accident figures are bounded: absurd values are refused with a Chinese message, never a server error.

Before: ``deaths=10^30`` or ``direct_loss_yuan=2^63`` answered HTTP 500 (OverflowError) on the page and
the API, and ``deaths=2^31`` was stored. Each boundary is tested on both sides.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.accidents.test_permissions import AT, FORM, _accident, _api, _client
from tests.accidents.world import AccidentWorld
from zeren.accidents import services
from zeren.accidents.errors import InvalidAccident
from zeren.accidents.figures import MAX_LOSS_YUAN, MAX_PEOPLE
from zeren.accidents.models import Accident, CasualtyRevision

pytestmark = pytest.mark.django_db

TOO_BIG = [
    ("deaths", 10**30),
    ("deaths", 2**31),
    ("deaths", MAX_PEOPLE + 1),
    ("serious_injuries", MAX_PEOPLE + 1),
    ("missing", 2**63),
    ("direct_loss_yuan", 2**63),
    ("direct_loss_yuan", MAX_LOSS_YUAN + 1),
    ("deaths", -1),
]
LABEL = {
    "deaths": "死亡人数",
    "serious_injuries": "重伤人数",
    "missing": "失踪人数",
    "direct_loss_yuan": "直接经济损失",
}


@pytest.mark.parametrize(("field", "value"), TOO_BIG)
def test_the_service_refuses_figures_out_of_bounds(aworld: AccidentWorld, field: str, value: int) -> None:
    with pytest.raises(InvalidAccident) as refused:
        services.record_accident(
            actor=None,
            unit=aworld.org.shule,
            sector_code="road_traffic",
            occurred_at=AT,
            enterprise="某客运公司",
            description="侧翻",
            **{field: value},  # type: ignore[arg-type]
        )
    assert refused.value.field == field
    assert LABEL[field] in refused.value.message
    assert Accident.objects.count() == 0


def test_the_largest_figures_are_accepted(aworld: AccidentWorld) -> None:
    accident = services.record_accident(
        actor=None,
        unit=aworld.org.shule,
        sector_code="road_traffic",
        occurred_at=AT,
        enterprise="某客运公司",
        description="侧翻",
        deaths=MAX_PEOPLE,
        direct_loss_yuan=MAX_LOSS_YUAN,
    )
    accident.refresh_from_db()
    assert (accident.deaths, accident.direct_loss_yuan, accident.grade) == (
        MAX_PEOPLE,
        MAX_LOSS_YUAN,
        "特别重大",
    )


@pytest.mark.parametrize(("field", "value"), TOO_BIG)
def test_the_page_answers_400_with_a_chinese_message(aworld: AccidentWorld, field: str, value: int) -> None:
    data = {**FORM, "unit": aworld.org.shule.pk, field: str(value)}

    response = _client(aworld, "alice").post("/accidents/new/", data)

    assert response.status_code == 400
    assert LABEL[field] in response.content.decode()
    assert Accident.objects.count() == 0


@pytest.mark.parametrize(("field", "value"), TOO_BIG)
def test_the_api_answers_422_with_a_chinese_message(aworld: AccidentWorld, field: str, value: int) -> None:
    payload = {
        "unit": "疏勒县",
        "sector": "道路交通",
        "occurred_at": AT.isoformat(),
        "enterprise": "某客运公司",
        "description": "侧翻",
        field: value,
    }

    response = Client().post(
        "/api/accidents", payload, content_type="application/json", headers=_api(aworld, "alice")
    )

    assert response.status_code == 422
    assert LABEL[field] in str(response.json())
    assert Accident.objects.count() == 0


@pytest.mark.parametrize(("field", "value"), [("deaths", 10**30), ("direct_loss_yuan", 2**63)])
def test_revisions_are_bounded_on_the_page_and_the_api(aworld: AccidentWorld, field: str, value: int) -> None:
    accident = _accident(aworld)
    figures = {**accident.figures(), field: value}

    page = _client(aworld, "alice").post(f"/accidents/{accident.pk}/revisions/", {**figures, "note": "补报"})
    api = Client().post(
        f"/api/accidents/{accident.pk}/revisions",
        figures,
        content_type="application/json",
        headers=_api(aworld, "alice"),
    )

    assert page.status_code == 400
    assert api.status_code == 422
    assert LABEL[field] in page.content.decode()
    assert LABEL[field] in str(api.json())
    assert CasualtyRevision.objects.count() == 0


def test_the_openapi_document_states_the_bounds() -> None:
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]["AccidentIn"]["properties"]
    assert schema["deaths"]["maximum"] == MAX_PEOPLE
    assert schema["direct_loss_yuan"]["maximum"] == MAX_LOSS_YUAN
