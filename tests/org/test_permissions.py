"""The authorisation matrix: every org page, list, write and API call for each persona.

Personas (tests/org/world.py): alice and bob operate 疏勒县, charlie operates 莎车县, admin is the
prefecture's committee-office administrator, reviewer reads the prefecture, anon is not logged in.
On every denial we also assert that nothing changed.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.org.world import World
from zeren.accounts.services import issue_token
from zeren.audit.models import AuditEvent
from zeren.org.models import Portfolio

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "bob", "charlie", "admin", "reviewer", "anon"]


def _client(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anon":
        client.force_login(world.users[persona])
    return client


# persona -> expected status for reading 疏勒县 things / 莎车县 things
READ_SHULE = {"alice": 200, "bob": 200, "charlie": 404, "admin": 200, "reviewer": 200, "anon": 302}
READ_SHACHE = {"alice": 404, "bob": 404, "charlie": 200, "admin": 200, "reviewer": 200, "anon": 302}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/org/units/shule/", READ_SHULE),
        ("/org/units/shache/", READ_SHACHE),
        ("/org/posts/shule-deputy/", READ_SHULE),
        ("/org/posts/shache-deputy/", READ_SHACHE),
        ("/org/people/p-a/", READ_SHULE),
        ("/org/people/p-b/", READ_SHACHE),
    ],
)
def test_pages(world: World, persona: str, url: str, expected: dict[str, int]) -> None:
    response = _client(world, persona).get(url)

    assert response.status_code == expected[persona]
    if expected[persona] == 302:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("alice", ["疏勒县"]),
        ("bob", ["疏勒县"]),
        ("charlie", ["莎车县"]),
        ("admin", ["喀什地区", "疏勒县", "莎车县"]),
        ("reviewer", ["喀什地区", "疏勒县", "莎车县"]),
    ],
)
def test_unit_tree_lists_only_the_scope(world: World, persona: str, visible: list[str]) -> None:
    body = _client(world, persona).get("/org/").content.decode()

    for name in ["喀什地区", "疏勒县", "莎车县"]:
        assert (f">{name}</a>" in body) is (name in visible)


WRITE_SHULE = {"alice": 302, "bob": 302, "charlie": 404, "admin": 302, "reviewer": 403, "anon": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_adding_a_portfolio_page_form(world: World, persona: str) -> None:
    before_portfolios = Portfolio.objects.count()
    before_events = AuditEvent.objects.count()

    response = _client(world, persona).post(
        "/org/posts/shule-deputy/portfolios/",
        {"organisation": world.shule_transport.pk, "sector_code": "", "start": "2024-01-01"},
    )

    assert response.status_code == WRITE_SHULE[persona]
    allowed = persona in {"alice", "bob", "admin"}
    assert Portfolio.objects.count() == before_portfolios + (1 if allowed else 0)
    assert AuditEvent.objects.count() == before_events + (1 if allowed else 0)
    if allowed:
        assert response["Location"] == "/org/posts/shule-deputy/"
        event = AuditEvent.objects.order_by("-seq").first()
        assert event is not None
        assert event.action == "org.assign_portfolio"
        assert event.actor_username == persona


@pytest.mark.parametrize("persona", PERSONAS)
def test_ending_a_portfolio(world: World, persona: str) -> None:
    from zeren.org import services

    portfolio = services.assign_portfolio(
        actor=None,
        post=world.shule_deputy,
        organisation=world.shule_transport,
        start=world.shule_deputy.start,
    )

    response = _client(world, persona).post(f"/org/portfolios/{portfolio.pk}/end/", {"end": "2024-12-31"})

    portfolio.refresh_from_db()
    assert response.status_code == WRITE_SHULE[persona]
    assert (portfolio.end is not None) is (persona in {"alice", "bob", "admin"})


API_READ_SHULE = {"alice": 200, "bob": 200, "charlie": 404, "admin": 200, "reviewer": 200, "anon": 401}
API_WRITE_SHULE = {"alice": 201, "bob": 201, "charlie": 404, "admin": 201, "reviewer": 403, "anon": 401}


def _api_headers(world: World, persona: str) -> dict[str, str]:
    if persona == "anon":
        return {}
    token = issue_token(actor=None, user=world.users[persona]).token
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_read_with_bearer_token(world: World, persona: str) -> None:
    response = Client().get("/api/org/units/shule", headers=_api_headers(world, persona))

    assert response.status_code == API_READ_SHULE[persona]
    if response.status_code == 200:
        assert response.json()["name"] == "疏勒县"


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_units_list_is_scoped(world: World, persona: str) -> None:
    response = Client().get("/api/org/units", headers=_api_headers(world, persona))

    if persona == "anon":
        assert response.status_code == 401
        return
    codes = [u["code"] for u in response.json()]
    expected = {
        "alice": ["shule"],
        "bob": ["shule"],
        "charlie": ["shache"],
        "admin": ["kashgar", "shule", "shache"],
        "reviewer": ["kashgar", "shule", "shache"],
    }[persona]
    assert codes == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_write_with_bearer_token(world: World, persona: str) -> None:
    before = Portfolio.objects.count()

    response = Client().post(
        "/api/org/posts/shule-deputy/portfolios",
        data={"organisation": "shule-transport", "start": "2024-01-01"},
        content_type="application/json",
        headers=_api_headers(world, persona),
    )

    assert response.status_code == API_WRITE_SHULE[persona]
    assert Portfolio.objects.count() == before + (1 if response.status_code == 201 else 0)


def test_a_revoked_token_is_refused(world: World) -> None:
    from zeren.accounts.services import revoke_token

    issued = issue_token(actor=None, user=world.users["alice"])
    revoke_token(actor=None, record=issued.record)

    response = Client().get("/api/org/units", headers={"Authorization": f"Bearer {issued.token}"})

    assert response.status_code == 401


def test_tokens_are_stored_hashed(world: World) -> None:
    issued = issue_token(actor=None, user=world.users["alice"])

    issued.record.refresh_from_db()
    assert issued.token not in (issued.record.token_hash, issued.record.prefix)
    assert len(issued.record.token_hash) == 64


@pytest.mark.parametrize("persona", PERSONAS)
def test_unit_portfolio_overview_and_api(world: World, persona: str) -> None:
    from zeren.org import services

    services.assign_portfolio(
        actor=None,
        post=world.shule_deputy,
        organisation=world.shule_transport,
        start=world.shule_deputy.start,
    )

    page = _client(world, persona).get("/org/units/shule/portfolios/")
    api = Client().get("/api/org/units/shule/portfolios", headers=_api_headers(world, persona))

    assert page.status_code == READ_SHULE[persona]
    assert api.status_code == API_READ_SHULE[persona]
    if page.status_code == 200:
        assert "疏勒县交通运输局" in page.content.decode()
        assert [p["organisation"] for p in api.json()] == ["shule-transport"]


def test_parent_link_is_hidden_from_an_operator_who_cannot_see_it(world: World) -> None:
    alice = _client(world, "alice").get("/org/units/shule/").content.decode()
    admin = _client(world, "admin").get("/org/units/shule/").content.decode()

    assert 'href="/org/units/kashgar/"' not in alice
    assert 'href="/org/units/kashgar/"' in admin
