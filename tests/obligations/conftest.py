"""The Kashgar pack, the demo org and the 2024 occurrences, built once per module.

Everything is written inside a module-level transaction rolled back at the end; each test runs in a
savepoint inside it (pytest-django's ``db``), as in tests/org/test_demo.py. Personas (as in
tests/org/world.py): alice and bob operate 疏勒县, charlie operates 莎车县, admin is the prefecture's
committee-office administrator, reviewer reads the prefecture, leader is the current holder of a
疏勒县 deputy-head post (a leader grant), anon is not logged in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zeren.accounts.services import grant_role
from zeren.catalog.models import PackVersion
from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.obligations.generation import GenerationResult
from zeren.obligations.services import generate_occurrences
from zeren.org.models import Post, Tenure, Unit, active_on
from zeren.packs import KASHGAR_PACK_DIR

YEAR = 2024
PERSONAS = ["alice", "bob", "charlie", "admin", "reviewer", "leader", "anon"]


@dataclass
class Demo:
    pack: PackVersion
    first_run: GenerationResult
    seconds: float
    queries: int
    users: dict[str, Any]
    leader_post: Post


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Demo]:
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_db_blocker.unblock(), transaction.atomic():
        pack = load_pack_into_catalog(directory=KASHGAR_PACK_DIR).pack
        build_demo()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            result = generate_occurrences(actor=None, year=YEAR)
        seconds = time.perf_counter() - started
        users: dict[str, Any] = {}
        model = get_user_model()
        for username, role, unit in [
            ("alice", "unit_operator", "shule"),
            ("bob", "unit_operator", "shule"),
            ("charlie", "unit_operator", "shache"),
            ("admin", "committee_admin", "kashgar"),
            ("reviewer", "org_reviewer", "kashgar"),
        ]:
            users[username] = model.objects.create_user(username=f"t-{username}", password="x-Long-passw0rd")
            grant_role(actor=None, user=users[username], role=role, unit=Unit.objects.get(code=unit))
        today = timezone.localdate()
        tenure = (
            Tenure.objects.filter(
                active_on(today), post__unit__code="shule", post__role_code="government_other_leader"
            )
            .select_related("post", "person")
            .order_by("post__code")
            .first()
        )
        assert tenure is not None
        users["leader"] = model.objects.create_user(username="t-leader", password="x-Long-passw0rd")
        grant_role(actor=None, user=users["leader"], role="leader", person=tenure.person)
        yield Demo(pack, result, seconds, len(ctx.captured_queries), users, tenure.post)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _in_demo(demo: Demo, db: None) -> None:
    """Every test runs in a savepoint inside the module's transaction."""


@pytest.fixture
def media_root(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


D = dt.date
