"""Error pages in Chinese that say what to do next; API errors stay JSON (``detail``), in Chinese.

Personas (tests/org/world.py): alice operates 疏勒县, reviewer reads the prefecture, anon is not logged in.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.org.world import World, build_world
from tests.web.visible import visible_text
from zeren.accounts.services import issue_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    return build_world()


ENGLISH = ("Forbidden", "Not Found", "Server Error", "Bad Request", "CSRF")


def _client(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anon":
        client.force_login(world.users[persona])
    return client


def test_an_unknown_page_is_chinese_and_says_where_to_go(world: World) -> None:
    response = _client(world, "alice").get("/no-such-page/")

    body = visible_text(response.content.decode())
    assert response.status_code == 404
    assert "页面不存在" in body
    assert "首页" in body
    assert not any(word in body for word in ENGLISH)


def test_a_record_out_of_scope_shows_the_reason_given(world: World) -> None:
    response = _client(world, "alice").get("/accidents/999999/")

    body = visible_text(response.content.decode())
    assert response.status_code == 404
    assert "没有事故 999999，或您无权查看" in body
    assert "系统管理员" in body


def test_a_denied_action_is_chinese_and_names_the_account(world: World) -> None:
    response = _client(world, "reviewer").get("/accidents/new/")

    body = visible_text(response.content.decode())
    assert response.status_code == 403
    assert "无权访问" in body
    assert "您无权登记事故" in body
    assert "当前账号：reviewer" in body
    assert "Forbidden" not in body


def test_an_english_message_never_reaches_the_page(world: World) -> None:
    response = _client(world, "alice").get("/org/units/no-such-unit/")

    body = visible_text(response.content.decode())
    assert response.status_code == 404
    assert "No " not in body
    assert "matches the given query" not in body


def test_a_csrf_failure_says_to_reload(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["alice"])

    response = client.post("/accounts/logout/")

    body = visible_text(response.content.decode())
    assert response.status_code == 403
    assert "页面已过期" in body
    assert "刷新页面" in body
    assert "CSRF" not in body


@override_settings(DEBUG=False)
def test_the_server_error_page_is_chinese() -> None:
    from zeren.web.errors import server_error

    response = server_error(None)  # type: ignore[arg-type]

    body = visible_text(response.content.decode())
    assert response.status_code == 500
    assert "系统出错" in body
    assert "刷新页面" in body


def test_api_errors_stay_json_in_chinese(world: World) -> None:
    token = issue_token(actor=None, user=world.users["alice"]).token
    auth = {"Authorization": f"Bearer {token}"}
    client = Client()

    missing = client.get("/api/accidents/999999", headers=auth)
    anonymous = client.get("/api/accidents/999999")

    assert missing.status_code == 404
    assert missing.json() == {"detail": "没有事故 999999，或您无权查看"}
    assert anonymous.status_code == 401
    assert anonymous.json()["detail"].startswith("未登录或令牌无效")
