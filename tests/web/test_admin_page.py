"""The Django admin index for an account with no tables there (the system administrator) says what the
account can do instead of "you may see nothing"; and the date inputs carry ISO values the browser accepts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.web.visible import visible_text
from zeren.accountability.forms import DecisionForm
from zeren.accounts.services import grant_role
from zeren.common.widgets import IsoDateInput

pytestmark = pytest.mark.django_db


def test_the_sysadmin_admin_page_lists_what_they_can_do() -> None:
    user = get_user_model().objects.create_user("sys", password="a-Long-test-passw0rd", is_staff=True)
    grant_role(actor=None, user=user, role="sysadmin", unit=None)
    client = Client()
    client.force_login(user)

    body = visible_text(client.get("/admin/").content.decode())

    assert "系统管理员可以做的事" in body
    assert "zeren pack load" in body
    assert "无权查看" not in body
    assert "没有权限" not in body


def test_a_date_input_is_prefilled_in_iso_form() -> None:
    day = dt.date(2026, 12, 3)

    html = IsoDateInput().render("decided_on", day)
    decision = DecisionForm(initial={"decided_on": day}, forms_=[], organs=[])

    assert 'type="date"' in html
    assert 'value="2026-12-03"' in html
    assert 'value="2026-12-03"' in str(decision["decided_on"])  # zh-Hans would write 2026/12/03
