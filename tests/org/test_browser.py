"""Browser: the 疏勒县 operator edits a portfolio; the audit administrator sees the change."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.org.world import PASSWORD, build_world
from zeren.accounts.services import grant_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_operator_edits_a_portfolio_and_the_audit_administrator_sees_it(page: Any, live_server: Any) -> None:
    world = build_world()
    user_model = get_user_model()
    shule = user_model.objects.create_user("shule", password=PASSWORD)
    grant_role(actor=None, user=shule, role="unit_operator", unit=world.shule)
    auditor = user_model.objects.create_user("auditadmin", password=PASSWORD)
    grant_role(actor=None, user=auditor, role="auditadmin")

    _login(page, live_server.url, "shule")
    page.get_by_role("link", name="单位与人员").click()
    tree = page.locator("ul.unit-tree").inner_text()
    assert "疏勒县" in tree
    assert "莎车县" not in tree
    assert "喀什地区" not in tree

    page.get_by_role("link", name="疏勒县", exact=True).click()
    page.get_by_role("link", name="疏勒县人民政府副县长").click()
    page.select_option("#id_organisation", label="疏勒县交通运输局")
    page.fill("#id_start", "2024-03-01")
    page.locator("#add-portfolio").get_by_role("button", name="保存").click()
    page.locator("table.portfolios", has_text="疏勒县交通运输局").wait_for()

    page.locator("form[action='/accounts/logout/'] button").click()
    _login(page, live_server.url, "auditadmin")
    page.goto(f"{live_server.url}/audit/")
    body = page.locator("main").inner_text()
    assert "分管分工" in body  # org.assign_portfolio, shown by its Chinese label
    assert "shule" in body
