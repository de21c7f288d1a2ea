"""Registering an accident: no sector is preselected (a clerk must choose; the first sector used to be taken
silently), and a form sent without one is refused with nothing written."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.accidents.world import AccidentWorld
from zeren.accidents.models import Accident

pytestmark = pytest.mark.django_db


def test_the_sector_has_no_default(aworld: AccidentWorld) -> None:
    client = Client()
    client.force_login(aworld.users["alice"])

    page = client.get("/accidents/new/").content.decode()
    refused = client.post(
        "/accidents/new/",
        {
            "unit": aworld.org.shule.pk,
            "sector_code": "",
            "occurred_at": "2026-12-01T18:40",
            "enterprise": "某公司",
            "description": "经过",
            "deaths": 0,
            "serious_injuries": 0,
            "missing": 0,
            "direct_loss_yuan": 0,
        },
    )

    select = re.search(r'<select name="sector_code"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    first = re.search(r"<option[^>]*>", select.group(1))
    assert first is not None
    assert 'value=""' in first.group(0)
    assert "selected" not in select.group(1)
    assert refused.status_code == 200
    assert Accident.objects.count() == 0
