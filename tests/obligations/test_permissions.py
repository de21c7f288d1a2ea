"""The authorisation matrix for obligation pages, downloads, writes and the API, persona by persona.

Personas (conftest.py): alice and bob operate 疏勒县, charlie operates 莎车县, admin is the prefecture's
committee-office admin, reviewer reads the prefecture, leader holds a 疏勒县 deputy-head post, anon.
On every denial we also assert that nothing changed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.obligations.conftest import PERSONAS, YEAR, Demo
from zeren.accounts.services import issue_token
from zeren.audit.models import AuditEvent
from zeren.obligations.models import Evidence, Occurrence
from zeren.obligations.services import attach_file

D = dt.date
PDF = b"%PDF-1.7\n%%EOF\n"


def _client(demo: Demo, persona: str) -> Client:
    client = Client()
    if persona != "anon":
        client.force_login(demo.users[persona])
    return client


def _leaders(demo: Demo) -> Occurrence:
    return Occurrence.objects.filter(post=demo.leader_post, year=YEAR).order_by("due").first()  # type: ignore[return-value]


def _shache() -> Occurrence:
    return Occurrence.objects.filter(unit__code="shache", year=YEAR).order_by("due").first()  # type: ignore[return-value]


# persona -> status for a 疏勒县 occurrence of the leader's post / a 莎车县 occurrence
READ_SHULE = {
    "alice": 200,
    "bob": 200,
    "charlie": 404,
    "admin": 200,
    "reviewer": 200,
    "leader": 200,
    "anon": 302,
}
READ_SHACHE = {
    "alice": 404,
    "bob": 404,
    "charlie": 200,
    "admin": 200,
    "reviewer": 200,
    "leader": 404,
    "anon": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_occurrence_pages(demo: Demo, persona: str) -> None:
    client = _client(demo, persona)

    shule = client.get(f"/obligations/{_leaders(demo).pk}/")
    shache = client.get(f"/obligations/{_shache().pk}/")

    assert (shule.status_code, shache.status_code) == (READ_SHULE[persona], READ_SHACHE[persona])
    if persona == "anon":
        assert shule["Location"].startswith("/accounts/login/")


UNIT_PAGE = {
    "alice": 200,
    "bob": 200,
    "charlie": 404,
    "admin": 200,
    "reviewer": 200,
    "leader": 404,
    "anon": 302,
}
OVERVIEW = {
    "alice": 403,
    "bob": 403,
    "charlie": 403,
    "admin": 200,
    "reviewer": 200,
    "leader": 403,
    "anon": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_pages(demo: Demo, persona: str) -> None:
    client = _client(demo, persona)

    assert client.get(f"/obligations/units/shule/?year={YEAR}").status_code == UNIT_PAGE[persona]
    assert (
        client.get(f"/obligations/posts/{demo.leader_post.code}/?year={YEAR}").status_code
        == READ_SHULE[persona]
    )
    assert client.get(f"/obligations/overview/?year={YEAR}").status_code == OVERVIEW[persona]
    assert client.get("/obligations/").status_code == (302 if persona == "anon" else 200)


def test_unit_page_shows_rate_and_overdue_list(demo: Demo) -> None:
    body = _client(demo, "alice").get(f"/obligations/units/shule/?year={YEAR}").content.decode()

    assert "完成率" in body
    assert "逾期未完成" in body
    assert "第十六条第一款第（四）项" in body


def test_overview_has_every_unit_in_a_server_rendered_svg_chart(demo: Demo) -> None:
    body = _client(demo, "admin").get(f"/obligations/overview/?year={YEAR}").content.decode()

    # the prefecture's own bodies, 12 counties (townships and zones counted in) and the prefecture's zone
    assert body.count("<rect ") == 14
    assert "疏勒县" in body
    assert "<script" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_my_items_for_a_leader_are_their_posts(demo: Demo) -> None:
    body = _client(demo, "leader").get(f"/obligations/?year={YEAR}").content.decode()

    assert demo.leader_post.title in body
    assert "莎车县" not in body


RECORD = {"alice": 302, "bob": 302, "charlie": 404, "admin": 302, "reviewer": 403, "leader": 302, "anon": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_recording_a_meeting_on_the_page(demo: Demo, persona: str) -> None:
    occurrence = _leaders(demo)
    evidence, events = Evidence.objects.count(), AuditEvent.objects.count()

    response = _client(demo, persona).post(
        f"/obligations/{occurrence.pk}/meeting/",
        {
            "held_on": f"{YEAR}-03-20",
            "presided_by": "演示甲",
            "attendees": "演示乙",
            "minutes_summary": "纪要",
        },
    )

    assert response.status_code == RECORD[persona]
    allowed = persona in {"alice", "bob", "admin", "leader"}
    assert Evidence.objects.count() == evidence + allowed
    assert AuditEvent.objects.count() == events + allowed
    if allowed:
        assert response["Location"] == f"/obligations/{occurrence.pk}/"


COMPLETE = {
    "alice": 302,
    "bob": 302,
    "charlie": 404,
    "admin": 302,
    "reviewer": 403,
    "leader": 302,
    "anon": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_completing_on_the_page(demo: Demo, persona: str) -> None:
    occurrence = _leaders(demo)
    from zeren.obligations.services import record_meeting

    evidence = record_meeting(
        actor=None,
        occurrence=occurrence,
        held_on=D(YEAR, 3, 1),
        presided_by="甲",
        attendees="乙",
        minutes_summary="纪要",
    )

    response = _client(demo, persona).post(
        f"/obligations/{occurrence.pk}/complete/", {"evidence": evidence.pk}
    )

    occurrence.refresh_from_db()
    assert response.status_code == COMPLETE[persona]
    assert occurrence.status == ("done" if persona in {"alice", "bob", "admin", "leader"} else "open")


WAIVE = {"alice": 403, "bob": 403, "charlie": 404, "admin": 302, "reviewer": 403, "leader": 403, "anon": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_waiving_on_the_page(demo: Demo, persona: str) -> None:
    occurrence = _leaders(demo)

    response = _client(demo, persona).post(f"/obligations/{occurrence.pk}/waive/", {"reason": "岗位调整"})

    occurrence.refresh_from_db()
    assert response.status_code == WAIVE[persona]
    assert occurrence.status == ("waived" if persona == "admin" else "open")


def test_waiving_without_a_reason_changes_nothing(demo: Demo) -> None:
    occurrence = _leaders(demo)

    response = _client(demo, "admin").post(f"/obligations/{occurrence.pk}/waive/", {"reason": ""})

    occurrence.refresh_from_db()
    assert response.status_code == 400
    assert occurrence.status == "open"


def test_an_html_upload_is_refused_on_the_page(demo: Demo, media_root: Any) -> None:
    occurrence = _leaders(demo)

    response = _client(demo, "alice").post(
        f"/obligations/{occurrence.pk}/file/",
        {
            "file": SimpleUploadedFile("x.html", b"<script>alert(1)</script>", "text/html"),
            "effective_date": f"{YEAR}-03-01",
        },
    )

    assert response.status_code == 400
    assert Evidence.objects.filter(occurrence=occurrence).count() == 0


DOWNLOAD = {
    "alice": 200,
    "bob": 200,
    "charlie": 404,
    "admin": 200,
    "reviewer": 200,
    "leader": 200,
    "anon": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_downloads_are_attachments_with_nosniff_and_need_permission(
    demo: Demo, persona: str, media_root: Any
) -> None:
    evidence = attach_file(
        actor=None,
        occurrence=_leaders(demo),
        upload=SimpleUploadedFile("纪要.pdf", PDF),
        effective_date=D(YEAR, 3, 1),
    )

    response = _client(demo, persona).get(f"/obligations/evidence/{evidence.pk}/download/")

    assert response.status_code == DOWNLOAD[persona]
    if response.status_code == 200:
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


API_READ = {
    "alice": 200,
    "bob": 200,
    "charlie": 200,
    "admin": 200,
    "reviewer": 200,
    "leader": 200,
    "anon": 401,
}
API_MEETING = {
    "alice": 201,
    "bob": 201,
    "charlie": 404,
    "admin": 201,
    "reviewer": 403,
    "leader": 201,
    "anon": 401,
}


def _headers(demo: Demo, persona: str) -> dict[str, str]:
    if persona == "anon":
        return {}
    return {"Authorization": f"Bearer {issue_token(actor=None, user=demo.users[persona]).token}"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_list_is_scoped(demo: Demo, persona: str) -> None:
    response = Client().get(
        f"/api/obligations/occurrences?year={YEAR}&unit=shule", headers=_headers(demo, persona)
    )

    assert response.status_code == API_READ[persona]
    if response.status_code == 200:
        rows = response.json()
        assert bool(rows) is (persona != "charlie")
        assert {r["unit"] for r in rows} <= {"shule"}
        if persona == "leader":
            assert {r["post"] for r in rows} == {demo.leader_post.code}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_meeting(demo: Demo, persona: str) -> None:
    occurrence = _leaders(demo)
    before = Evidence.objects.count()

    response = Client().post(
        f"/api/obligations/{occurrence.pk}/meeting",
        {"held_on": f"{YEAR}-03-20", "presided_by": "甲", "attendees": "乙", "minutes_summary": "纪要"},
        content_type="application/json",
        headers=_headers(demo, persona),
    )

    assert response.status_code == API_MEETING[persona]
    assert Evidence.objects.count() == before + (response.status_code == 201)


def test_api_status_filter_and_summary_shape(demo: Demo) -> None:
    headers = _headers(demo, "admin")

    overdue = Client().get(
        f"/api/obligations/occurrences?year={YEAR}&unit=shule&status=overdue", headers=headers
    )
    summary = Client().get(f"/api/obligations/summary?year={YEAR}", headers=headers).json()

    assert {r["status"] for r in overdue.json()} == {"overdue"}
    assert set(summary) == {"by_clause", "by_status"}
    owed = Occurrence.objects.filter(year=YEAR, obligation__clause="art_4__para_1__point_2").count()
    assert summary["by_clause"]["art_4__para_1__point_2"] == owed > 13  # townships' 党委会 owe it too
    assert Client().get("/api/obligations/occurrences?status=nope", headers=headers).status_code == 422


# -- minutes after a meeting (issue 13 item 4) -------------------------------------------------------


def test_the_meeting_form_leaves_the_item_open_and_names_the_holder(demo: Demo) -> None:
    occurrence = _leaders(demo)
    holder = demo.leader_post.tenures.filter(end__isnull=True).select_related("person").first()

    body = _client(demo, "leader").get(f"/obligations/{occurrence.pk}/").content.decode()

    checkbox = re.search(r'<input[^>]*name="complete_now"[^>]*>', body)
    assert checkbox is not None
    assert "checked" not in checkbox.group(0)
    assert holder is not None
    assert f'name="presided_by" value="{holder.person.name}"' in body


def test_minutes_can_be_attached_after_the_meeting_closed_the_item(demo: Demo) -> None:
    occurrence = _leaders(demo)
    client = _client(demo, "leader")
    client.post(
        f"/obligations/{occurrence.pk}/meeting/",
        {
            "held_on": f"{YEAR}-03-20",
            "presided_by": "演示甲",
            "attendees": "演示乙",
            "minutes_summary": "纪要",
            "complete_now": "on",
        },
    )
    occurrence.refresh_from_db()
    assert occurrence.is_terminal

    page = client.get(f"/obligations/{occurrence.pk}/").content.decode()
    upload = SimpleUploadedFile("minutes.pdf", PDF)
    response = client.post(
        f"/obligations/{occurrence.pk}/file/", {"file": upload, "effective_date": f"{YEAR}-03-21"}
    )

    assert 'id="attach-minutes"' in page
    assert response.status_code == 302
    assert occurrence.evidence.count() == 2
