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


def test_anonymous_visitor_is_sent_to_login(client: Client, events: list[AuditEvent]) -> None:
    listing = client.get("/audit/?actor=bob")
    detail = client.get("/audit/1/")

    assert listing.status_code == 302
    assert listing["Location"] == "/accounts/login/?next=/audit/%3Factor%3Dbob"
    assert detail.status_code == 302
    assert detail["Location"] == "/accounts/login/?next=/audit/1/"


def test_plain_user_is_forbidden_and_sees_nothing(
    client: Client, bob: User, events: list[AuditEvent]
) -> None:
    client.force_login(bob)

    listing = client.get("/audit/")
    detail = client.get("/audit/1/")

    assert (listing.status_code, detail.status_code) == (403, 403)
    assert "org.create_post" not in listing.content.decode()
    assert AuditEvent.objects.count() == 5


def test_audit_administrator_sees_events_newest_first(
    client: Client, alice: User, events: list[AuditEvent]
) -> None:
    client.force_login(alice)

    response = client.get("/audit/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>审计日志</h1>" in body
    assert "共 5 条" in body
    assert [s for s in (f'data-seq="{n}"' for n in range(5, 0, -1)) if s in body] == [
        f'data-seq="{n}"' for n in range(5, 0, -1)
    ]
    assert body.index('data-seq="5"') < body.index('data-seq="1"')
    assert events[-1].hash in body  # the head, for external anchoring


def test_a_superuser_is_not_an_audit_administrator(
    client: Client, carol: User, events: list[AuditEvent]
) -> None:
    client.force_login(carol)
    assert client.get("/audit/").status_code == 403


@pytest.mark.parametrize(
    ("query", "seqs"),
    [
        ("actor=bob", [3, 2, 1]),
        ("action=duty.", [5, 4]),
        ("action=duty.assign&actor=bob", []),
        ("object_type=test.thing&object_id=2", [5, 2]),
        ("date_from=2000-01-01&date_to=2000-12-31", []),
    ],
)
def test_filters_narrow_the_list(
    client: Client, alice: User, events: list[AuditEvent], query: str, seqs: list[int]
) -> None:
    client.force_login(alice)

    page = client.get(f"/audit/?{query}")

    assert [e.seq for e in page.context["page"].object_list] == seqs


def test_date_filter_includes_today(client: Client, alice: User, events: list[AuditEvent]) -> None:
    from django.utils import timezone

    client.force_login(alice)
    today = timezone.localdate().isoformat()

    page = client.get(f"/audit/?date_from={today}&date_to={today}")

    assert len(page.context["page"].object_list) == 5


def test_detail_highlights_changed_keys(client: Client, alice: User, events: list[AuditEvent]) -> None:
    client.force_login(alice)

    response = client.get("/audit/2/")

    body = response.content.decode()
    assert response.status_code == 200
    assert '<tr class="changed" data-key="n">' in body
    assert "<code>1</code>" in body
    assert "<code>2</code>" in body
    assert events[1].hash in body


def test_unknown_event_is_404_for_the_administrator(client: Client, alice: User) -> None:
    client.force_login(alice)
    assert client.get("/audit/999/").status_code == 404
