from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from zeren.audit.models import AuditEvent

from .conftest import record_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(alice: User, bob: User) -> list[AuditEvent]:
    return record_many(3, actor=bob, action="org.create_post") + record_many(
        2, actor=alice, action="duty.assign"
    )


def test_anonymous_gets_401_and_plain_user_403(client: Client, bob: User, events: list[AuditEvent]) -> None:
    anonymous = client.get("/api/audit/events")
    client.force_login(bob)
    plain = client.get("/api/audit/events")

    assert (anonymous.status_code, plain.status_code) == (401, 403)
    assert "events" not in plain.json()


def test_administrator_pages_through_events_by_seq(
    client: Client, alice: User, events: list[AuditEvent]
) -> None:
    client.force_login(alice)

    first = client.get("/api/audit/events?limit=2").json()
    second = client.get(f"/api/audit/events?limit=2&after_seq={first['next_after_seq']}").json()
    last = client.get("/api/audit/events?limit=2&after_seq=4").json()

    assert [e["seq"] for e in first["events"]] == [1, 2]
    assert first["next_after_seq"] == 2
    assert [e["seq"] for e in second["events"]] == [3, 4]
    assert [e["seq"] for e in last["events"]] == [5]
    assert last["next_after_seq"] is None
    event = first["events"][1]
    assert {k: event[k] for k in ("actor", "action", "object_type", "object_id", "before", "after")} == {
        "actor": "bob",
        "action": "org.create_post",
        "object_type": "test.thing",
        "object_id": "2",
        "before": {"n": 1},
        "after": {"n": 2},
    }
    assert (event["prev_hash"], event["hash"]) == (events[0].hash, events[1].hash)


def test_api_filters_match_the_page(client: Client, alice: User, events: list[AuditEvent]) -> None:
    client.force_login(alice)

    by_actor = client.get("/api/audit/events?actor=alice").json()
    by_unit = client.get("/api/audit/events?unit_path=0001/").json()
    elsewhere = client.get("/api/audit/events?unit_path=0009/").json()

    assert [e["seq"] for e in by_actor["events"]] == [4, 5]
    assert len(by_unit["events"]) == 5
    assert elsewhere["events"] == []


def test_api_rejects_a_limit_out_of_range(client: Client, alice: User) -> None:
    client.force_login(alice)
    assert client.get("/api/audit/events?limit=0").status_code == 422
    assert client.get("/api/audit/events?limit=1001").status_code == 422


def test_an_audit_administrators_token_exports_unattended(
    alice: User, bob: User, events: list[AuditEvent]
) -> None:
    from zeren.accounts.services import issue_token

    with_token = {"Authorization": f"Bearer {issue_token(actor=None, user=alice).token}"}
    plain_token = {"Authorization": f"Bearer {issue_token(actor=None, user=bob).token}"}

    exported = Client().get("/api/audit/events?limit=1000", headers=with_token)
    refused = Client().get("/api/audit/events", headers=plain_token)
    forged = Client().get("/api/audit/events", headers={"Authorization": "Bearer zr_not-a-token"})

    assert exported.status_code == 200
    assert [e["seq"] for e in exported.json()["events"]][: len(events)] == [e.seq for e in events]
    assert refused.status_code == 403
    assert "events" not in refused.json()
    assert forged.status_code == 401
