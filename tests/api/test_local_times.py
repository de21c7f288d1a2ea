"""Every datetime the JSON API returns is written in the pack's time zone (Asia/Shanghai, "+08:00"), never
in UTC ("Z" / "+00:00"): the same instant, the same ISO 8601 field, the offset people live in.

The walk calls every GET operation of the OpenAPI schema with a bearer token (the committee office of the
accident test world, after writing through the API an accident with a revision, report steps and a
finding, a case, a published list and an assessment run), filling path parameters from what was written;
an operation it cannot fill fails the test rather than being skipped silently. The audit events'
``before``/``after`` are the recorded, hash-covered values (not reformatted), so they are not inspected.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.accidents.world import AccidentWorld, build_accident_world
from zeren.accounts.models import RoleAssignment
from zeren.accounts.services import issue_token
from zeren.api import api
from zeren.assessment import services as assessment
from zeren.common.api import LocalTimeEncoder

pytestmark = pytest.mark.django_db


@pytest.fixture
def aworld(db: None) -> AccidentWorld:
    return build_accident_world()


ISO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?P<offset>Z|[+-]\d\d:\d\d)?$")
RECORDED = {"before", "after"}  # the audit events' recorded values
# operations with nothing in this world to fill their path parameter (no inspection tour is planned here)
UNFILLABLE = {
    "/api/supervision/plans/{plan_id}",
    "/api/supervision/plans/{plan_id}/findings",
    "/api/supervision/findings/{finding_id}",
}


def _datetimes(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in RECORDED:
                yield from _datetimes(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _datetimes(item, f"{where}[{i}]")
    elif isinstance(value, str) and ISO_DATETIME.match(value):
        yield where, value


def _world(aworld: AccidentWorld, client: Client, headers: dict[str, str]) -> dict[str, str]:
    """Write through the API what carries datetimes; the values of the path parameters."""

    def post(url: str, body: dict[str, Any] | None = None) -> Any:
        answer = client.post(url, body or {}, content_type="application/json", headers=headers)
        assert answer.status_code in (200, 201), (url, answer.content.decode())
        return answer.json()

    at = (timezone.now() - dt.timedelta(days=2)).replace(microsecond=0)
    utc = at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")  # given in UTC on purpose
    accident = post("/api/accidents", {
        "unit": "疏勒县", "sector": "道路交通", "occurred_at": utc, "enterprise": "某运输公司",
        "description": "追尾", "deaths": 2,
    })  # fmt: skip
    aid = accident["id"]
    post(f"/api/accidents/{aid}/revisions", {
        "deaths": 3, "serious_injuries": 0, "missing": 0, "direct_loss_yuan": 0, "note": "补报",
    })  # fmt: skip
    post(f"/api/accidents/{aid}/steps", {"kind": "learnt", "at": utc})
    post(
        f"/api/accidents/{aid}/steps", {"kind": "unit_report", "at": (at + dt.timedelta(hours=3)).isoformat()}
    )
    finding = post(f"/api/accidents/{aid}/findings", {"kind": "late", "basis": "超过一小时"})
    case = post(f"/api/accidents/{aid}/cases", {"finding": finding["id"]})
    draft = post("/api/lists/posts/shule-head/drafts")
    post(f"/api/lists/{draft['list']['id']}/publish")
    run = assessment.run_assessment(actor=None, year=2025, on=dt.date(2026, 2, 1))
    regulation = client.get("/api/regulations", headers=headers).json()[0]
    return {
        "accident_id": str(aid), "case_id": str(case["id"]), "run_id": str(run.pk),
        "list_id": str(draft["list"]["id"]), "slug": regulation["slug"], "number": "1",
        "/api/catalog/kinds/{code}": "public_security", "/api/catalog/sectors/{code}": "road_traffic",
        "/api/org/units/{code}": "shule", "/api/org/posts/{code}": "shule-head",
        "/api/org/people/{code}": "p-a", "/api/org/units/{code}/portfolios": "shule",
        "/api/lists/posts/{code}": "shule-head", "/api/lists/orgs/{code}": "shule-gov",
        "/api/people/{code}/eligibility": "p-a", "/api/org/units/{code}/posts": "shule",
        "/api/org/organisations/{code}/safety": "shule-gov",
    }  # fmt: skip


def _url(path: str, values: dict[str, str]) -> str | None:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return values.get(path) if name == "code" and path in values else values.get(name, "\0")  # type: ignore[return-value]

    url = re.sub(r"\{(\w+)\}", fill, path)
    return None if "\0" in url else url


def test_every_api_datetime_is_in_the_pack_time_zone(aworld: AccidentWorld, settings: Any) -> None:
    # the process default is UTC here: only the middleware, which runs for API and token calls too,
    # can give "+08:00" (the pack's zone)
    settings.TIME_ZONE = "UTC"
    client = Client()
    headers = {"Authorization": f"Bearer {issue_token(actor=None, user=aworld.users['admin']).token}"}
    values = _world(aworld, client, headers)

    auditor = get_user_model().objects.create_user(username="audra", password="x-Passw0rd-x")
    RoleAssignment.objects.create(user=auditor, role="auditadmin")  # the audit trail has its own reader
    audit_headers = {"Authorization": f"Bearer {issue_token(actor=None, user=auditor).token}"}

    seen: dict[str, str] = {}
    unfilled: list[str] = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "get" not in operations:
            continue
        url = _url(path, values)
        if url is None:
            unfilled.append(path)
            continue
        who = audit_headers if path.startswith("/api/audit/") else headers
        answer = client.get(url, {"year": 2025}, headers=who)
        assert answer.status_code == 200, (url, answer.content[:300])
        for where, value in _datetimes(answer.json()):
            seen[f"{url}{where}"] = value

    utc = {where: v for where, v in seen.items() if ISO_DATETIME.match(v).group("offset") in ("Z", "+00:00")}  # type: ignore[union-attr]
    assert sorted(unfilled) == sorted(UNFILLABLE)
    assert utc == {}
    assert all(v.endswith("+08:00") for v in seen.values()), seen
    fields = {re.sub(r"\[\d+\]", "[]", where.split("?")[0]).rsplit(".", 1)[-1] for where in seen}
    # the datetimes written above are among those seen: the walk is not vacuous
    assert {"occurred_at", "reported_at", "at", "deadline", "published_at", "created_at"} <= fields
    accident = client.get(f"/api/accidents/{values['accident_id']}", headers=headers).json()
    given = dt.datetime.fromisoformat(accident["occurred_at"])
    assert accident["occurred_at"].endswith("+08:00")
    assert given.utcoffset() == dt.timedelta(hours=8)  # same instant as the "Z" given, in Beijing time


def test_the_encoder_keeps_the_instant_and_leaves_dates_alone() -> None:
    moment = dt.datetime(2026, 12, 2, 10, 40, tzinfo=dt.UTC)
    with timezone.override("Asia/Shanghai"):
        written = LocalTimeEncoder().encode({"at": moment, "on": dt.date(2026, 12, 2)})

    assert written == '{"at": "2026-12-02T18:40:00+08:00", "on": "2026-12-02"}'
