"""A finding's clause is a clause id of the pack's regulation (or of a second cited source), not free text."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.supervision.world import TourWorld, finding
from zeren.supervision.errors import InvalidFinding
from zeren.supervision.models import Finding


@pytest.mark.parametrize(
    "clause",
    [
        "<script>alert(1)</script>",
        "art_999",
        "art_16__para_9",
        "第十六条",
        "art_16 x",
        "x:art_13",
        "493:art_999",
    ],
)
def test_an_unknown_clause_is_refused_naming_the_field(tw: TourWorld, clause: str) -> None:
    with pytest.raises(InvalidFinding) as refused:
        finding(tw, clause=clause)

    assert refused.value.field == "clause"
    assert refused.value.message.startswith("违反条款")
    assert Finding.objects.count() == 0


@pytest.mark.parametrize("clause", ["art_16", "art_18__para_1__point_2", "493:art_13"])
def test_clause_ids_of_the_regulation_and_its_sources_are_accepted(tw: TourWorld, clause: str) -> None:
    assert finding(tw, clause=clause).clause == clause


def test_the_page_shows_the_error_beside_the_field(tw: TourWorld) -> None:
    client = Client()
    client.force_login(tw.users["ivan"])

    response = client.post(
        f"/supervision/targets/{tw.target.pk}/findings/",
        {
            "severity": "general",
            "clause": "任意文字",
            "description": "台账缺失",
            "owner": str(tw.org.shule_transport.pk),
            "deadline": "2026-12-31",
            "measures": "补齐台账",
        },
    )

    assert response.status_code in {200, 400}
    assert "违反条款：任意文字 不是政策包所依据法规的条款编号" in response.content.decode()
    assert Finding.objects.count() == 0
