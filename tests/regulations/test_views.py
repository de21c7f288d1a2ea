from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from zeren.regulations.services import import_regulation

pytestmark = pytest.mark.django_db


@pytest.fixture
def kashgar(seed_text: str) -> str:
    import_regulation(text=seed_text, slug="kashgar-2021")
    return "/regulations/kashgar-2021/"


def test_regulation_list_is_public_and_in_chinese(client: Client, kashgar: str) -> None:
    response = client.get("/regulations/")

    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="zh-Hans">' in body
    assert "喀什地区落实《地方党政领导干部安全生产责任制规定》办法" in body
    assert kashgar in body


def test_regulation_page_anchors_every_clause_and_offers_citations(client: Client, kashgar: str) -> None:
    body = client.get(kashgar).content.decode()

    assert 'id="art_61"' in body
    assert 'href="#art_61"' in body
    assert 'id="art_61__para_1__point_3"' in body
    assert 'data-citation="第六十一条第一款第（三）项"' in body
    assert 'id="chp_7"' in body
    assert "责任追究" in body


def test_importer_warnings_are_shown_to_administrators_only(client: Client, kashgar: str) -> None:
    anonymous = client.get(kashgar).content.decode()
    admin = get_user_model().objects.create_superuser("boss", "", "pw-123456789")
    client.force_login(admin)
    administrator = client.get(kashgar).content.decode()

    assert "导入警告" not in anonymous
    assert "导入警告" in administrator
    assert "betway88w" not in anonymous
    assert "betway88w" not in administrator  # the portal's spam token is ignored, not echoed
    assert "不可信的元数据" in administrator


def test_unknown_regulation_is_404(client: Client) -> None:
    assert client.get("/regulations/nope/").status_code == 404


def test_login_page_is_chinese(client: Client) -> None:
    body = client.get("/accounts/login/").content.decode()
    assert "用户名" in body
    assert "密码" in body


def test_importer_warnings_are_shown_to_the_committee_office(client: Client, kashgar: str) -> None:
    from zeren.accounts.services import grant_role
    from zeren.org.services import create_unit

    unit = create_unit(actor=None, code="kashgar", name="喀什地区", level="prefecture")
    officer = get_user_model().objects.create_user("officer", password="a-Long-test-passw0rd")
    grant_role(actor=None, user=officer, role="committee_admin", unit=unit)
    client.force_login(officer)

    body = client.get(kashgar).content.decode()

    assert "导入警告" in body
    assert "引用的情形不存在" in body  # worded in Chinese, with the clauses as people cite them
    assert "reference_mismatch" not in body
    assert "cites the" not in body
