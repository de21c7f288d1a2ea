"""The lists paginated last (supervision plans and a plan's targets, team and findings, the targets a
unit receives, reorganisations, a unit's posts and child units, portfolios, target letters, enterprise
awards, regulations, the inboxes): each with more rows than one page has a next page — a ``rel=next``
link on the page, ``X-Next-Cursor`` on the API — that leads somewhere, and its query count is the same
with three times the rows. ``test_list_queries.py`` does the same for the benchmark's lists on its
bulk-built world; ``test_every_api_list_is_paginated`` keeps the two together covering every API list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.supervision.world import TourWorld, build_tour_world
from zeren.assessment.letters import group_names
from zeren.assessment.models import EnterpriseAward, ResponsibilityLetter
from zeren.catalog.models import PackVersion
from zeren.common.pagination import Page
from zeren.org import services as org
from zeren.org.models import Organisation, Portfolio, Post, Succession
from zeren.regulations.models import Regulation
from zeren.supervision.models import Finding, PlanMember, RectificationNotice, Target

D = dt.date
YEAR = 2026
SMALL, LARGE = 1, 3  # multiples of the rows each list gets: three times the data
ROWS = 60  # per multiple: more than a page of 50
UNITS = 105  # per multiple: more than a page of 100 (the child units)
FEW = 3  # rows of each list before the first page fills

# (name, url, who, the page's cursor parameter); {plan} is the tour's plan
PAGES = [
    ("supervision.plans", "/supervision/?year=2026", "admin", "plan_cursor"),
    ("supervision.my_targets", "/supervision/", "alice", "target_cursor"),
    ("supervision.plan.targets", "/supervision/{plan}/", "admin", "target_cursor"),
    ("supervision.plan.members", "/supervision/{plan}/", "admin", "member_cursor"),
    ("supervision.plan.findings", "/supervision/{plan}/?status=open", "admin", "finding_cursor"),
    ("supervision.inbox", "/supervision/inbox/", "admin", "cursor"),
    ("org.reorganisations", "/org/reorganisations/", "admin", "cursor"),
    ("org.unit.posts", "/org/units/shule/?q=%E5%B2%97", "admin", "post_cursor"),  # 岗
    ("org.unit.children", "/org/units/kashgar/", "admin", "child_cursor"),
    ("org.unit.portfolios", "/org/units/shule/portfolios/", "admin", "cursor"),
    ("assessment.letters", "/assessment/letters/?year=2026", "admin", "cursor"),
    ("assessment.enterprise_awards", "/assessment/enterprise-awards/?year=2026", "admin", "cursor"),
    ("regulations", "/regulations/?q=%E6%B3%95%E8%A7%84", "anon", "cursor"),  # 法规
]
APIS = [
    ("api.supervision.plans", "/api/supervision/plans?year=2026&limit=20", "admin"),
    ("api.supervision.plan.findings", "/api/supervision/plans/{plan}/findings?status=open&limit=20", "admin"),
    ("api.org.reorganisations", "/api/org/reorganisations?limit=20", "admin"),
    ("api.org.unit.posts", "/api/org/units/shule/posts?q=%E5%B2%97&limit=20", "admin"),
    ("api.org.unit.portfolios", "/api/org/units/shule/portfolios?limit=20", "admin"),
    ("api.assessment.letters", "/api/assessment/letters?year=2026&limit=20", "admin"),
    ("api.regulations", "/api/regulations?limit=20", "anon"),
]


@pytest.fixture
def tw(db: None) -> TourWorld:
    return build_tour_world()


def _grow(tw: TourWorld, start: int, count: int) -> None:
    """``count`` more rows of every list, numbered from ``start`` (bulk inserts, the child units
    through the service that keeps their paths)."""
    shule, kashgar = tw.org.shule, tw.org.kashgar
    begin = D(2019, 1, 1)
    numbers = range(start, start + count)
    organisations = Organisation.objects.bulk_create(
        Organisation(code=f"grow-org-{n}", unit=shule, name=f"增设机构{n:04d}", type="other", start=begin)
        for n in numbers
    )
    Succession.objects.bulk_create(
        Succession(predecessor=o, successor=tw.org.shule_transport, on=D(2024, 1, 1), kind="merge")
        for o in organisations
    )
    posts = Post.objects.bulk_create(
        Post(
            code=f"grow-post-{n}",
            organisation=o,
            unit=shule,
            title=f"岗位{n:04d}",
            role_code="x",
            start=begin,
        )
        for n, o in zip(numbers, organisations, strict=True)
    )
    Portfolio.objects.bulk_create(Portfolio(post=p, sector_code="road_traffic", start=begin) for p in posts)
    targets = Target.objects.bulk_create(
        Target(plan=tw.plan, unit=shule, organisation=o) for o in organisations
    )
    findings = Finding.objects.bulk_create(
        Finding(
            target=t,
            severity="general",
            clause="art_61",
            description="合成问题",
            owner=tw.org.shule_transport,
            deadline=D(2026, 6, 30),
            measures="整改",
            found_on=D(2026, 5, 10),
        )
        for t in targets
    )
    now = timezone.now()
    admin = tw.users["admin"]
    RectificationNotice.objects.bulk_create(
        RectificationNotice(user=admin, kind="overdue", finding=f, key=f"grow-{f.pk}", created_at=now)
        for f in findings
    )
    users = get_user_model().objects.bulk_create(get_user_model()(username=f"grow-user-{n}") for n in numbers)
    PlanMember.objects.bulk_create(PlanMember(plan=tw.plan, user=u) for u in users)
    plans = [tw.plan.__class__(kind="tour", title=f"巡查{n}", organiser=kashgar, year=YEAR,
                               start=D(2026, 5, 1), end=D(2026, 6, 30)) for n in numbers]  # fmt: skip
    tw.plan.__class__.objects.bulk_create(plans)
    pack = PackVersion.objects.order_by("pk").first()
    assert pack is not None
    group = next(iter(group_names([pack.pack_id])))
    ResponsibilityLetter.objects.bulk_create(
        ResponsibilityLetter(
            year=YEAR,
            pack=pack,
            unit_code=f"grow-{n}",
            unit_name=f"单位{n}",
            group=group,
            title="责任书",
            issuer="甲方",
        )
        for n in numbers
    )
    EnterpriseAward.objects.bulk_create(
        EnterpriseAward(
            year=YEAR,
            enterprise_name=f"企业{n:04d}",
            credit_code=f"{n:018d}",
            amount_yuan=1000,
            approval_document="文件",
            approved_on=D(2026, 3, 1),
            approved_by="机关",
            clause="art_62",
        )
        for n in numbers
    )
    Regulation.objects.bulk_create(Regulation(slug=f"grow-{n}", title=f"合成法规{n:04d}") for n in numbers)


def _grow_units(tw: TourWorld, start: int, count: int) -> None:
    for n in range(start, start + count):
        org.create_unit(
            actor=None, code=f"grow-unit-{n}", name=f"合成县{n:04d}", level="county", parent=tw.org.kashgar
        )


def _clients(tw: TourWorld) -> dict[str, Client]:
    clients = {"anon": Client()}
    for name in ("admin", "alice"):
        clients[name] = Client()
        clients[name].force_login(tw.users[name])
    return clients


def _measure(tw: TourWorld) -> dict[str, tuple[int, bool]]:
    """Per list: (queries, whether a next page exists and its link answers 200)."""
    clients = _clients(tw)
    result = {}
    for name, url, who, param in PAGES:
        client, url = clients[who], url.format(plan=tw.plan.pk)
        client.get(url)  # warm per-process caches (the pack, the rules)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = len(captured)  # now: a later request clears the connection's query log
        assert response.status_code == 200, (name, response.status_code)
        contexts: list[Any] = list(response.context or [])  # one Context per rendered template
        pages = [v for c in contexts for v in c.flatten().values() if isinstance(v, Page)]
        page = next(p for p in pages if p.param == param)
        html = response.content.decode()
        link = f'href="{page.next_url}" rel="next"'.replace("&", "&amp;")
        follows = (
            bool(page.next)
            and link in html
            and client.get(url.split("?")[0] + page.next_url).status_code == 200
        )
        result[name] = (queries, follows)
    for name, url, who in APIS:
        client, url = clients[who], url.format(plan=tw.plan.pk)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = len(captured)
        assert response.status_code == 200, (name, response.status_code, response.content[:200])
        body = response.json()
        rows = body["letters"] if isinstance(body, dict) else body
        cursor = response.get("X-Next-Cursor")
        follows = (
            len(rows) == 20
            and int(response["X-Total-Count"]) > 20
            and bool(cursor)
            and client.get(f"{url}&cursor={cursor}").status_code == 200
        )
        result[name] = (queries, follows)
    return result


@pytest.mark.django_db
def test_every_new_list_has_a_next_page_and_keeps_its_query_count_as_the_rows_grow(tw: TourWorld) -> None:
    """Measured with a few rows (no query per row hides behind a full page), then with more than a
    page, then with three times that."""
    _grow(tw, 0, FEW)
    _grow_units(tw, 0, FEW)
    few = _measure(tw)
    _grow(tw, FEW, ROWS * SMALL - FEW)
    _grow_units(tw, FEW, UNITS * SMALL - FEW)
    small = _measure(tw)
    _grow(tw, ROWS * SMALL, ROWS * (LARGE - SMALL))
    _grow_units(tw, UNITS * SMALL, UNITS * (LARGE - SMALL))
    large = _measure(tw)

    assert {name for name, (_, follows) in small.items() if not follows} == set()
    assert {name for name, (_, follows) in large.items() if not follows} == set()
    queries = {name: q for name, (q, _) in large.items()}
    assert {name: q for name, (q, _) in small.items()} == queries
    assert {name: q for name, (q, _) in few.items()} == queries


@pytest.mark.django_db
def test_the_unit_api_gives_a_first_page_of_posts_with_the_total_and_the_next_cursor(tw: TourWorld) -> None:
    _grow(tw, 0, 150)
    client = Client()
    client.force_login(tw.users["admin"])

    detail = client.get("/api/org/units/shule").json()
    rest = client.get(f"/api/org/units/shule/posts?cursor={detail['posts_next']}&limit=1000").json()

    codes = [p["code"] for p in detail["posts"]] + [p["code"] for p in rest]
    assert len(detail["posts"]) == 100
    assert detail["posts_total"] == Post.objects.filter(unit=tw.org.shule).count() == len(set(codes))


# GET operations answering an array that are not paginated, each with the reason its size is bounded
UNPAGED_ARRAYS = {
    "/api/catalog/kinds": "the pack's department kinds: fixed by the pack, not the data",
    "/api/catalog/sectors": "the pack's sectors",
    "/api/catalog/roles": "the pack's roles",
    "/api/catalog/obligations": "the pack's periodic obligations",
    "/api/catalog/parameters": "the pack's parameters",
    "/api/catalog/coverage": "the pack's articles",
}


def test_every_api_list_takes_a_cursor_and_a_limit(client: Client) -> None:
    """An array answer is a page: ``cursor`` and ``limit`` parameters, unless its size is the pack's."""
    paths = client.get("/api/openapi.json").json()["paths"]
    arrays = {}
    for path, operations in paths.items():
        get = operations.get("get")
        if get is None:
            continue
        schema = get["responses"]["200"].get("content", {}).get("application/json", {}).get("schema", {})
        if schema.get("type") == "array" or path == "/api/supervision/facts":  # a list of plain dicts
            arrays[path] = {p["name"] for p in get.get("parameters", [])}

    unpaged = {path for path, names in arrays.items() if not {"cursor", "limit"} <= names}
    assert unpaged == set(UNPAGED_ARRAYS)
    assert set(UNPAGED_ARRAYS) <= set(arrays)
