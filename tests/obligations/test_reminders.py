"""Reminders (idempotent notices) and the private iCalendar feed."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from tests.obligations.conftest import YEAR, Demo
from zeren.audit.models import AuditEvent
from zeren.obligations.models import Notice, Occurrence
from zeren.obligations.reminders import notice_key
from zeren.obligations.services import issue_feed_token, revoke_feed_token, send_reminders
from zeren.obligations.services import waive as waive_occurrence

D = dt.date
TODAY = D(YEAR, 3, 25)  # Q1 items due 03-31 are due soon; nothing is overdue yet in YEAR


def test_reminders_go_to_the_holders_account_and_the_units_operators(demo: Demo) -> None:
    result = send_reminders(today=TODAY, window=14)

    leaders = Notice.objects.filter(user=demo.users["leader"])
    assert set(leaders.values_list("occurrence__post_id", flat=True)) == {demo.leader_post.pk}
    assert set(leaders.values_list("kind", flat=True)) == {"due_soon"}
    alice = Notice.objects.filter(user=demo.users["alice"])
    assert set(alice.values_list("occurrence__unit__code", flat=True)) == {"shule"}
    due = Occurrence.objects.filter(
        unit__code="shule", due__gte=TODAY, due__lte=TODAY + dt.timedelta(days=14)
    )
    assert alice.count() == due.count() > 0
    assert not Notice.objects.filter(user__in=[demo.users["admin"], demo.users["reviewer"]]).exists()
    assert result.created == Notice.objects.count() == result.due_soon


def test_running_twice_creates_no_duplicates_and_one_audit_event() -> None:
    first = send_reminders(today=TODAY, window=14)
    events = AuditEvent.objects.count()

    second = send_reminders(today=TODAY, window=14)

    assert first.created > 0
    assert second.created == 0
    assert Notice.objects.count() == first.created
    assert AuditEvent.objects.count() == events


def test_a_concurrent_run_that_stored_some_keys_first_is_tolerated(demo: Demo) -> None:
    occurrence = Occurrence.objects.filter(post=demo.leader_post, due=D(YEAR, 3, 31)).first()
    assert occurrence is not None
    key = notice_key("due_soon", occurrence.pk, demo.users["leader"].pk)
    # as if another run inserted it between our read of existing keys and our insert
    Notice.objects.create(
        user=demo.users["leader"], kind="due_soon", occurrence=occurrence, key=key, created_at=timezone.now()
    )

    result = send_reminders(today=TODAY, window=14)

    assert Notice.objects.filter(key=key).count() == 1
    assert result.created == Notice.objects.count() - 1


def test_overdue_notice_after_the_due_date_and_none_for_closed_items(demo: Demo) -> None:
    occurrence = Occurrence.objects.filter(post=demo.leader_post, due=D(YEAR, 3, 31)).first()
    assert occurrence is not None
    other = Occurrence.objects.filter(post=demo.leader_post, due=D(YEAR, 6, 30)).first()
    assert other is not None
    waive_occurrence(actor=demo.users["admin"], occurrence=other, reason="测试")

    send_reminders(today=D(YEAR, 4, 1), window=14)
    send_reminders(today=D(YEAR, 7, 1), window=14)

    kinds = dict(Notice.objects.filter(user=demo.users["leader"]).values_list("occurrence_id", "kind"))
    assert kinds[occurrence.pk] == "overdue"
    assert other.pk not in kinds


def test_the_inbox_lists_notices_and_marks_them_read(demo: Demo) -> None:
    send_reminders(today=TODAY, window=14)
    client = Client()
    client.force_login(demo.users["leader"])
    unread = Notice.objects.filter(user=demo.users["leader"], read_at__isnull=True).count()

    body = client.get("/obligations/inbox/").content.decode()
    client.post("/obligations/inbox/")

    assert body.count('class="unread"') == unread > 0
    assert Notice.objects.filter(user=demo.users["leader"], read_at__isnull=True).count() == 0


def test_ical_feed_lists_the_users_occurrences_and_a_revoked_token_404s(demo: Demo) -> None:
    this_year = timezone.localdate().year
    from zeren.obligations.services import generate_occurrences

    generate_occurrences(actor=None, year=this_year)
    issued = issue_feed_token(actor=demo.users["leader"], user=demo.users["leader"])
    url = f"/obligations/ical/{issued.token}.ics"

    response = Client().get(url)  # no session: the token is the credential

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    expected = Occurrence.objects.filter(
        post=demo.leader_post, year__gte=this_year - 1, year__lte=this_year + 1
    )
    assert uids == {f"occurrence-{pk}@zeren" for pk in expected.values_list("pk", flat=True)}
    assert len(uids) > 0
    assert issued.record.token_hash != issued.token  # only the hash is stored

    revoke_feed_token(actor=demo.users["leader"], record=issued.record)
    assert Client().get(url).status_code == 404
    assert Client().get("/obligations/ical/zc_unknown.ics").status_code == 404


def test_feed_page_creates_and_revokes_only_own_tokens(demo: Demo) -> None:
    alice, charlie = Client(), Client()
    alice.force_login(demo.users["alice"])
    charlie.force_login(demo.users["charlie"])

    body = alice.post("/obligations/feed/").content.decode()
    record = demo.users["alice"].feed_tokens.get()

    assert "/obligations/ical/zc_" in body
    assert charlie.post(f"/obligations/feed/{record.pk}/revoke/").status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None
    assert alice.post(f"/obligations/feed/{record.pk}/revoke/").status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is not None
