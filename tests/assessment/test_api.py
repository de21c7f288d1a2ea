"""The assessment's read API: letters, the fund ledger and the principals' ratings, each under its page's
policy and in its ``zeren assess`` JSON contract.

Personas (the small accident world): admin, the prefecture's committee office; reviewer, the prefecture's
Organisation Department reviewer (and dora, a Discipline Inspection reviewer, made here); alice, operator
of 疏勒县; charlie, operator of 莎车县; an anonymous visitor. Each persona is tried with the session and
with a bearer token.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.accidents.world import AccidentWorld
from zeren.accounts.services import grant_role, issue_token, revoke_token
from zeren.assessment import letters, services
from zeren.assessment.ledger import ledger_contract
from zeren.assessment.models import AssessmentRun, FundMovement, ResponsibilityLetter
from zeren.assessment.ratings import EXPORT_ACTION, ratings_contract
from zeren.audit.models import AuditEvent

ON = dt.date(2026, 2, 1)
YEAR = 2025
LETTER_KEYS = {"unit", "group", "status", "accidents_max", "deaths_max", "signatories", "signed_on"}
LEDGER_LINE_KEYS = {"id", "kind", "direction", "fund", "unit", "amount_yuan", "clause", "reverses"}


def _dora(aworld: AccidentWorld) -> Any:
    user = get_user_model().objects.create_user(username="dora", password="x-Passw0rd-x")
    grant_role(actor=None, user=user, role="discipline_reviewer", unit=aworld.org.kashgar)
    return user


def _users(aworld: AccidentWorld) -> dict[str, Any]:
    return {**aworld.users, "dora": _dora(aworld), "anon": None}


def _session(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _token(user: Any) -> dict[str, str]:
    return {} if user is None else {"Authorization": f"Bearer {issue_token(actor=None, user=user).token}"}


def _get_both(user: Any, url: str) -> tuple[Any, Any]:
    """The same GET through the session and through a bearer token (on a client with no session)."""
    return _session(user).get(url), Client().get(url, headers=_token(user))


@pytest.fixture
def signed(aworld: AccidentWorld, settings: Any, tmp_path: Path) -> AccidentWorld:
    """The 2025 letters (疏勒县 and 莎车县), 疏勒县's signed on 20 March 2025."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    letters.generate_letters(actor=None, year=YEAR, on=dt.date(2025, 1, 1))
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n% signed\n", content_type="application/pdf")
    shule = ResponsibilityLetter.objects.select_related("pack").get(year=YEAR, unit_code="shule")
    letters.record_signed(actor=None, letter=shule, signed_on=dt.date(2025, 3, 20), upload=scan)
    return aworld


@pytest.fixture
def published(aworld: AccidentWorld) -> AssessmentRun:
    return services.publish_run(actor=None, run=services.run_assessment(actor=None, year=YEAR, on=ON))


# --- letters ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "units"),
    [("admin", ["shache", "shule"]), ("alice", ["shule"]), ("charlie", ["shache"]), ("reviewer", [])],
)
def test_letters_are_those_the_letters_page_shows_in_the_cli_contract(
    signed: AccidentWorld, persona: str, units: list[str]
) -> None:
    user = signed.users[persona]
    contract = {x["unit"]: x for x in letters.letters_contract(YEAR)["letters"]}

    for response in _get_both(user, f"/api/assessment/letters?year={YEAR}"):
        assert response.status_code == 200
        assert response.json() == {"year": YEAR, "letters": [contract[u] for u in units]}
    visible = letters.visible_letters(user).filter(year=YEAR)
    assert sorted(visible.values_list("unit_code", flat=True)) == units


def test_a_letter_carries_its_ceilings_signatories_and_signing_date(signed: AccidentWorld) -> None:
    body = _session(signed.users["alice"]).get(f"/api/assessment/letters?year={YEAR}").json()

    (letter,) = body["letters"]
    assert set(letter) == LETTER_KEYS
    assert (letter["unit"], letter["group"], letter["status"], letter["signed_on"]) == (
        "shule",
        "counties",
        "signed",
        "2025-03-20",
    )
    assert (letter["accidents_max"], letter["deaths_max"]) == (6, 4)
    assert [(s["role"], s["name"]) for s in letter["signatories"]] == [
        ("party_principal", "人员secretary"),
        ("government_principal", "人员head"),
    ]


def test_letters_of_a_year_without_any_are_empty_and_the_year_is_required(signed: AccidentWorld) -> None:
    admin = _session(signed.users["admin"])

    assert admin.get("/api/assessment/letters?year=2024").json() == {"year": 2024, "letters": []}
    assert admin.get("/api/assessment/letters").status_code == 422


# --- the ledger -------------------------------------------------------------------------------------
def test_the_office_reads_the_ledger_as_the_cli_contract_plus_line_ids(
    published: AssessmentRun, aworld: AccidentWorld
) -> None:
    cli = ledger_contract(YEAR)

    for response in _get_both(aworld.users["admin"], f"/api/assessment/ledger?year={YEAR}"):
        assert response.status_code == 200
        body = response.json()
        assert {k: v for k, v in body.items() if k != "lines"} == {"year": YEAR, "balance": cli["balance"]}
        assert [{k: v for k, v in x.items() if k != "id"} for x in body["lines"]] == cli["lines"]
        assert [x["id"] for x in body["lines"]] == list(
            FundMovement.objects.filter(year=YEAR).order_by("pk").values_list("pk", flat=True)
        )
        assert all(set(x) == LEDGER_LINE_KEYS for x in body["lines"])
    assert cli["balance"] == {"prefecture_special_fund": -100000}
    assert len(cli["lines"]) == 2


def test_a_reversal_line_names_the_id_of_the_line_it_reverses(
    published: AssessmentRun, aworld: AccidentWorld
) -> None:
    correction = services.run_assessment(actor=None, year=YEAR, on=ON, amends=published, reason="复核")
    services.publish_run(actor=None, run=correction)

    lines = _session(aworld.users["admin"]).get(f"/api/assessment/ledger?year={YEAR}").json()["lines"]

    assert [x["kind"] for x in lines] == ["reward", "reward", "reversal", "reversal", "reward", "reward"]
    assert [x["reverses"] for x in lines[2:4]] == [x["id"] for x in lines[:2]]
    assert [(x["direction"], x["amount_yuan"]) for x in lines[2:4]] == [("in", 50000), ("in", 50000)]
    assert [x["reverses"] for x in lines[:2] + lines[4:]] == [None] * 4


@pytest.mark.parametrize("persona", ["alice", "charlie", "reviewer", "dora"])
def test_the_ledger_is_404_to_everyone_but_the_office(
    published: AssessmentRun, aworld: AccidentWorld, persona: str
) -> None:
    user = _users(aworld)[persona]

    responses = _get_both(user, f"/api/assessment/ledger?year={YEAR}")

    assert [r.status_code for r in responses] == [404, 404]
    assert all("lines" not in r.json() for r in responses)


# --- ratings ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["admin", "reviewer", "dora"])
def test_the_office_and_both_reviewers_read_a_published_runs_ratings(
    published: AssessmentRun, aworld: AccidentWorld, persona: str
) -> None:
    user = _users(aworld)[persona]

    responses = _get_both(user, f"/api/assessment/runs/{published.pk}/ratings")

    for response in responses:
        assert response.status_code == 200
        assert response.json() == ratings_contract(published)
        assert response.json() == {
            "run_id": published.pk,
            "year": YEAR,
            "ratings": published.result["ratings"],
        }
    assert {(r["unit"], r["person"]) for r in responses[0].json()["ratings"]} == {
        ("shule", "p-secretary"),
        ("shule", "p-head"),
    }
    assert not AuditEvent.objects.filter(action=EXPORT_ACTION).exists()  # reading is not the .xlsx export


def test_a_drafts_ratings_are_the_offices_only(aworld: AccidentWorld) -> None:
    draft = services.run_assessment(actor=None, year=YEAR, on=ON)
    url = f"/api/assessment/runs/{draft.pk}/ratings"

    assert [r.status_code for r in _get_both(aworld.users["admin"], url)] == [200, 200]
    assert [r.status_code for r in _get_both(aworld.users["reviewer"], url)] == [404, 404]


@pytest.mark.parametrize("persona", ["alice", "charlie", "olga"])
def test_operators_and_a_county_reviewer_get_404_for_ratings(
    published: AssessmentRun, aworld: AccidentWorld, persona: str
) -> None:
    if persona == "olga":
        user = get_user_model().objects.create_user(username="olga", password="x-Passw0rd-x")
        grant_role(actor=None, user=user, role="org_reviewer", unit=aworld.org.shule)
    else:
        user = aworld.users[persona]

    responses = _get_both(user, f"/api/assessment/runs/{published.pk}/ratings")

    assert [r.status_code for r in responses] == [404, 404]
    assert all("ratings" not in r.json() for r in responses)


def test_an_unknown_run_or_one_stored_without_ratings_is_404(aworld: AccidentWorld) -> None:
    run = services.run_assessment(actor=None, year=YEAR, on=ON)
    admin = _session(aworld.users["admin"])
    assert admin.get(f"/api/assessment/runs/{run.pk}/ratings").status_code == 200
    result = {k: v for k, v in run.result.items() if k != "ratings"}
    AssessmentRun.objects.filter(pk=run.pk).update(result=result)

    assert admin.get(f"/api/assessment/runs/{run.pk}/ratings").status_code == 404
    assert admin.get(f"/api/assessment/runs/{run.pk + 99}/ratings").status_code == 404


# --- authentication and the schema ------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        f"/api/assessment/letters?year={YEAR}",
        f"/api/assessment/ledger?year={YEAR}",
        "/api/assessment/runs/{run}/ratings",
    ],
)
def test_anonymous_and_a_bad_token_get_401(published: AssessmentRun, aworld: AccidentWorld, url: str) -> None:
    url = url.format(run=published.pk)
    token = issue_token(actor=None, user=aworld.users["admin"])
    revoke_token(actor=None, record=token.record)

    anonymous = Client().get(url)
    unknown = Client().get(url, headers={"Authorization": "Bearer zr_not-a-token"})
    revoked = Client().get(url, headers={"Authorization": f"Bearer {token.token}"})

    assert [anonymous.status_code, unknown.status_code, revoked.status_code] == [401, 401, 401]
    assert all(set(r.json()) == {"detail"} for r in (anonymous, unknown, revoked))


def test_the_openapi_schema_lists_the_read_endpoints_with_their_shapes(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]

    assert {
        "/api/assessment/letters",
        "/api/assessment/ledger",
        "/api/assessment/runs/{run_id}/ratings",
    } <= set(paths)
    for path in ("/api/assessment/letters", "/api/assessment/ledger"):
        year = paths[path]["get"]["parameters"][0]
        assert (year["name"], year["in"], year["required"]) == ("year", "query", True)
        assert paths[path]["get"]["security"]
    assert [p["name"] for p in paths["/api/assessment/letters"]["get"]["parameters"]] == [
        "year",
        "cursor",
        "limit",
    ]
    components = schema["components"]["schemas"]
    assert set(components["LetterOut"]["properties"]) == LETTER_KEYS
    assert set(components["LedgerLineOut"]["properties"]) == LEDGER_LINE_KEYS
    assert set(components["RatingsOut"]["properties"]) == {"run_id", "year", "ratings"}
    assert "security" not in paths["/api/assessment/runs"]["get"]  # published runs stay public
