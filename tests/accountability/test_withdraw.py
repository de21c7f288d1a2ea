"""撤回列为问责对象: a possible post listed as a subject (列为问责对象) goes back to the possible posts while
nothing has been decided on it; audited and atomic; refused for the chain's own subjects, for a post not
listed, and once a decision is recorded (the way out is then a decision, 不予问责).

Same case and personas as test_promote: the 较大 road accident of 疏勒县; the deputy overseeing the sector
is the chain's subject, the county head is possible.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.accidents.world import AccidentWorld
from zeren.accountability import selectors, services
from zeren.accountability.errors import InvalidCase
from zeren.accountability.models import Case, Subject
from zeren.audit.labels import ACTIONS
from zeren.audit.models import AuditEvent

from .test_promote import PAGE, PERSONAS, _case, _client, _headers
from .test_services import _decide

pytestmark = pytest.mark.django_db


def _listed(aworld: AccidentWorld) -> tuple[Case, Subject]:
    case = _case(aworld)
    subject = services.promote_possible(actor=None, case=case, post_code="shule-head")
    return case, subject


# -- the service -----------------------------------------------------------------------------------------


def test_a_listed_possible_post_goes_back_and_the_withdrawal_is_audited(aworld: AccidentWorld) -> None:
    case, subject = _listed(aworld)
    events = AuditEvent.objects.count()

    services.withdraw_possible(actor=aworld.users["reviewer"], case=case, post_code="shule-head")

    assert not Subject.objects.filter(pk=subject.pk).exists()
    rows = {row.post: row.subject_id for row in selectors.possible_posts(case)}
    assert rows["shule-head"] is None  # back among the possible posts, listable again
    event = AuditEvent.objects.get(action="accountability.withdraw_possible")
    assert AuditEvent.objects.count() == events + 1
    assert event.actor_id == aworld.users["reviewer"].pk
    assert event.object_id == str(subject.pk)
    assert event.before is not None
    assert event.before["post"] == subject.post_id
    assert "accountability.withdraw_possible" in ACTIONS
    again = services.promote_possible(actor=None, case=case, post_code="shule-head")
    assert again.person == aworld.people["head"]


def test_the_chains_own_subject_and_a_post_not_listed_are_refused(aworld: AccidentWorld) -> None:
    case = _case(aworld)
    events = AuditEvent.objects.count()

    with pytest.raises(InvalidCase, match="不在本案“可能涉及，需调查核实”之列"):
        services.withdraw_possible(actor=None, case=case, post_code="shule-deputy")
    with pytest.raises(InvalidCase, match="未列为问责对象"):
        services.withdraw_possible(actor=None, case=case, post_code="shule-head")

    assert list(case.subjects.values_list("post__code", flat=True)) == ["shule-deputy"]
    assert AuditEvent.objects.count() == events


def test_once_decided_the_subject_stays_and_the_page_offers_no_withdrawal(aworld: AccidentWorld) -> None:
    case, subject = _listed(aworld)
    _decide(subject)

    with pytest.raises(InvalidCase, match="已有决定，不能撤回"):
        services.withdraw_possible(actor=None, case=case, post_code="shule-head")

    assert Subject.objects.filter(pk=subject.pk).exists()
    row = next(r for r in selectors.possible_posts(case) if r.post == "shule-head")
    assert row.decided is True
    page = _client(aworld, "admin").get(f"/cases/{case.pk}/").content.decode()
    assert "/possible/shule-head/withdraw/" not in page


def test_the_withdrawal_is_atomic_with_its_audit_event(
    aworld: AccidentWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, subject = _listed(aworld)

    def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError):
        services.withdraw_possible(actor=None, case=case, post_code="shule-head")

    assert Subject.objects.filter(pk=subject.pk).exists()


# -- the case page and the API ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_withdrawing_from_the_case_page(aworld: AccidentWorld, persona: str) -> None:
    case, subject = _listed(aworld)
    client = _client(aworld, persona)
    url = f"/cases/{case.pk}/possible/shule-head/withdraw/"

    if PAGE[persona] == 302 and persona != "anon":
        assert url in client.get(f"/cases/{case.pk}/").content.decode()
    response = client.post(url)

    assert response.status_code == PAGE[persona]
    gone = not Subject.objects.filter(pk=subject.pk).exists()
    assert gone is (PAGE[persona] == 302 and persona != "anon")


@pytest.mark.parametrize(
    ("persona", "status"), [("admin", 204), ("alice", 204), ("leader", 403), ("anon", 401)]
)
def test_withdrawing_through_the_api(aworld: AccidentWorld, persona: str, status: int) -> None:
    case, subject = _listed(aworld)
    url = f"/api/cases/{case.pk}/possible/shule-head/subject"

    response = Client().delete(url, headers=_headers(aworld, persona))

    assert response.status_code == status
    assert Subject.objects.filter(pk=subject.pk).exists() is (status != 204)
    if status == 204:
        again = Client().delete(url, headers=_headers(aworld, persona))
        assert again.status_code == 422
        assert "未列为问责对象" in again.json()["detail"]
