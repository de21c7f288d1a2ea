"""The authorisation matrix for list pages, API and writes, persona by persona.

Personas (tests/duties/conftest.py): alice and bob operate 疏勒县, charlie operates 莎车县, admin is the
prefecture's committee-office administrator, reviewer reads the prefecture, leader holds 疏勒县's
deputy head post for transport, anon is not logged in. On every denial we also assert nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from zeren.accounts.services import issue_token
from zeren.audit.models import AuditEvent
from zeren.duties.models import ResponsibilityList
from zeren.duties.services import build_draft, publish_list

from .conftest import DEPUTY, ON, PERSONAS, SHACHE_DEPUTY, Demo, client_for, organisation, post

MANAGERS = {"alice", "bob", "admin"}
LIVE_READERS = {"alice", "bob", "admin", "reviewer", "leader"}  # see the live derivation of DEPUTY


@dataclass
class Lists:
    published: ResponsibilityList  # 疏勒县 deputy head, v1
    draft: ResponsibilityList  # 疏勒县交通运输局, never published
    shache_published: ResponsibilityList
    shache_draft: ResponsibilityList


@pytest.fixture
def lists(demo: Demo) -> Lists:
    return Lists(
        published=publish_list(actor=None, draft=build_draft(actor=None, post=post(DEPUTY), on=ON).list),
        draft=build_draft(actor=None, organisation=organisation("shule-transport"), on=ON).list,
        shache_published=publish_list(
            actor=None, draft=build_draft(actor=None, post=post(SHACHE_DEPUTY), on=ON).list
        ),
        shache_draft=build_draft(actor=None, organisation=organisation("shache-transport"), on=ON).list,
    )


def expect(allowed: set[str], yes: int, no: int, persona: str, **others: int) -> int:
    return others.get(persona, yes if persona in allowed else no)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_portal_shows_only_published_lists_to_everyone(demo: Demo, lists: Lists, persona: str) -> None:
    client = client_for(demo, persona)
    index = client.get("/lists/").content.decode()
    pages = [client.get(f"/lists/?unit={row.unit.code}") for row in (lists.published, lists.shache_published)]

    assert f"?unit={lists.published.unit.code}" in index
    assert f"?unit={lists.shache_published.unit.code}" in index
    assert lists.published.title not in index  # the index pages by unit: no list is rendered on it
    assert [p.status_code for p in pages] == [200, 200]
    first, second = (p.content.decode() for p in pages)
    assert lists.published.title in first
    assert f"/lists/{lists.published.pk}/" in first
    assert lists.shache_published.title in second
    assert lists.draft.title not in first + second
    assert lists.shache_draft.title not in first + second


def test_the_portal_searches_titles_and_refuses_an_unknown_unit(demo: Demo, lists: Lists) -> None:
    client = client_for(demo, "anon")
    found = client.get("/lists/", {"q": lists.published.title[:6]}).content.decode()

    assert lists.published.title in found
    assert lists.draft.title not in found
    assert client.get("/lists/?unit=atlantis").status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_posts_page_is_public_and_shows_the_live_list_only_to_its_readers(
    demo: Demo, lists: Lists, persona: str
) -> None:
    response = client_for(demo, persona).get(f"/lists/posts/{DEPUTY}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "第1版" in body
    assert ("按当前岗位与分管情况生成" in body) is (persona in LIVE_READERS)
    assert 'href="/regulations/kashgar-2021/#art_16__para_1__point_1"' in body
    assert "岗位角色：政府领导班子其他成员 → 第十六条" in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_unpublished_owner_and_its_draft_are_hidden_outside_the_scope(
    demo: Demo, lists: Lists, persona: str
) -> None:
    client = client_for(demo, persona)
    readers = {"alice", "bob", "admin", "reviewer"}

    for url in [
        "/lists/orgs/shule-transport/",
        f"/lists/{lists.draft.pk}/",
        f"/lists/{lists.draft.pk}/export.docx",
    ]:
        assert client.get(url).status_code == expect(readers, 200, 404, persona), url


@pytest.mark.parametrize("persona", PERSONAS)
def test_published_versions_and_their_exports_are_public(demo: Demo, lists: Lists, persona: str) -> None:
    client = client_for(demo, persona)

    assert client.get(f"/lists/{lists.shache_published.pk}/").status_code == 200
    response = client.get(f"/lists/{lists.published.pk}/export.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")


@pytest.mark.parametrize("persona", PERSONAS)
def test_building_a_draft_from_the_page(demo: Demo, persona: str) -> None:
    rows, events = ResponsibilityList.objects.count(), AuditEvent.objects.count()

    response = client_for(demo, persona).post("/lists/posts/shule-transport-principal/drafts/")

    assert response.status_code == expect(MANAGERS, 302, 404, persona, reviewer=403, anon=302)
    allowed = persona in MANAGERS
    assert ResponsibilityList.objects.count() == rows + allowed
    assert AuditEvent.objects.count() == events + allowed
    if allowed:
        row = ResponsibilityList.objects.get(post__code="shule-transport-principal")
        assert response["Location"] == f"/lists/{row.pk}/"
        assert row.created_by == demo.users[persona]
    elif persona == "anon":
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_holder_reads_but_cannot_build_their_own_list(demo: Demo, lists: Lists, persona: str) -> None:
    rows = ResponsibilityList.objects.count()

    response = client_for(demo, persona).post(f"/lists/posts/{DEPUTY}/drafts/")

    # DEPUTY's list is published and unchanged: managers are sent to it, nothing new is written
    assert response.status_code == expect(MANAGERS, 302, 404, persona, reviewer=403, leader=403, anon=302)
    assert ResponsibilityList.objects.count() == rows


@pytest.mark.parametrize("persona", PERSONAS)
def test_publishing_from_the_page(demo: Demo, lists: Lists, persona: str) -> None:
    events = AuditEvent.objects.count()

    response = client_for(demo, persona).post(f"/lists/{lists.draft.pk}/publish/")

    lists.draft.refresh_from_db()
    assert response.status_code == expect(MANAGERS, 302, 404, persona, reviewer=403, anon=302)
    allowed = persona in MANAGERS
    assert (lists.draft.status, lists.draft.version) == (("published", 1) if allowed else ("draft", None))
    assert AuditEvent.objects.count() == events + allowed
    if allowed:
        assert lists.draft.published_by == demo.users[persona]


def _api(demo: Demo, persona: str) -> dict[str, str]:
    if persona == "anon":
        return {}
    return {"Authorization": f"Bearer {issue_token(actor=None, user=demo.users[persona]).token}"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_reading_a_posts_lists(demo: Demo, lists: Lists, persona: str) -> None:
    response = Client().get(f"/api/lists/posts/{DEPUTY}", headers=_api(demo, persona))

    assert response.status_code == 200
    data = response.json()
    assert data["current"]["id"] == lists.published.pk
    assert data["current"]["content_sha256"] == lists.published.content_sha256
    assert [h["label"] for h in data["history"]] == ["第1版"]
    assert (data["derived"] is not None) is (persona in LIVE_READERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_reading_one_list(demo: Demo, lists: Lists, persona: str) -> None:
    client, headers = Client(), _api(demo, persona)

    assert client.get(f"/api/lists/{lists.published.pk}", headers=headers).status_code == 200
    draft = client.get(f"/api/lists/{lists.draft.pk}", headers=headers)
    assert draft.status_code == expect({"alice", "bob", "admin", "reviewer"}, 200, 404, persona)
    if draft.status_code == 200:
        assert draft.json()["status"] == "draft"
        assert draft.json()["sections"][0]["heading"] == "本部门（单位）职责"


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_building_and_publishing(demo: Demo, persona: str) -> None:
    client, headers = Client(), _api(demo, persona)
    rows = ResponsibilityList.objects.count()

    built = client.post("/api/lists/posts/shule-transport-principal/drafts", headers=headers)

    assert built.status_code == expect(MANAGERS, 201, 404, persona, reviewer=403, anon=401)
    assert ResponsibilityList.objects.count() == rows + (persona in MANAGERS)
    if persona not in MANAGERS:
        return
    assert built.json()["created"] is True
    again = client.post("/api/lists/posts/shule-transport-principal/drafts", headers=headers)
    assert (again.status_code, again.json()["created"]) == (200, False)
    list_id = built.json()["list"]["id"]
    published = client.post(f"/api/lists/{list_id}/publish", headers=headers)
    assert published.status_code == 200
    assert (published.json()["status"], published.json()["version"]) == ("published", 1)
    assert client.post(f"/api/lists/{list_id}/publish", headers=headers).status_code == 409


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_publishing_is_denied_outside_the_change_roles(demo: Demo, lists: Lists, persona: str) -> None:
    response = Client().post(f"/api/lists/{lists.draft.pk}/publish", headers=_api(demo, persona))

    lists.draft.refresh_from_db()
    assert response.status_code == expect(MANAGERS, 200, 404, persona, reviewer=403, anon=401)
    assert lists.draft.status == ("published" if persona in MANAGERS else "draft")
