"""The Kashgar demo (pack + org data) with the named personas, built once per module.

Built inside a transaction rolled back at the end of the module; each test runs in a savepoint inside
it (pytest-django's ``db``), so what a test writes is gone for the next one.

Personas: alice and bob operate 疏勒县, charlie operates 莎车县, admin is the prefecture's
committee-office administrator, reviewer is the prefecture's organisation-department reviewer,
leader holds 疏勒县's deputy head post for transport; anon is not logged in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from zeren.accounts.services import grant_role
from zeren.catalog.models import PackVersion
from zeren.catalog.services import load_pack_into_catalog
from zeren.demo import build_demo
from zeren.org.models import Organisation, Post, Tenure, Unit, active_on
from zeren.packs import KASHGAR_PACK_DIR

ON = dt.date(2024, 6, 1)
PERSONAS = ["alice", "bob", "charlie", "admin", "reviewer", "leader", "anon"]
DEPUTY = "shule-gov-deputy-transport"  # 疏勒县人民政府副县长（分管交通运输、公安）
SHACHE_DEPUTY = "shache-gov-deputy-transport"


@dataclass
class Demo:
    pack: PackVersion
    users: dict[str, Any]


def post(code: str) -> Post:
    return Post.objects.select_related("organisation", "unit").get(code=code)


def organisation(code: str) -> Organisation:
    return Organisation.objects.select_related("unit").get(code=code)


def client_for(demo: Demo, persona: str) -> Client:
    client = Client()
    if persona != "anon":
        client.force_login(demo.users[persona])
    return client


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[Demo]:
    with django_db_blocker.unblock(), transaction.atomic():
        pack = load_pack_into_catalog(directory=KASHGAR_PACK_DIR).pack
        build_demo()
        users: dict[str, Any] = {}
        units = {u.code: u for u in Unit.objects.filter(code__in=["kashgar", "shule", "shache"])}
        holder = Tenure.objects.filter(active_on(ON), post__code=DEPUTY).select_related("person").first()
        assert holder is not None
        for username, role, unit_code in [
            ("alice", "unit_operator", "shule"),
            ("bob", "unit_operator", "shule"),
            ("charlie", "unit_operator", "shache"),
            ("admin", "committee_admin", "kashgar"),
            ("reviewer", "org_reviewer", "kashgar"),
            ("leader", "leader", ""),
        ]:
            user = get_user_model().objects.create_user(username=username, password="a-Long-test-passw0rd")
            grant_role(
                actor=None,
                user=user,
                role=role,
                unit=units.get(unit_code),
                person=holder.person if role == "leader" else None,
            )
            users[username] = user
        yield Demo(pack, users)
        transaction.set_rollback(True)


@pytest.fixture
def demo(built: Demo, db: None) -> Demo:
    """The module's demo; the test runs in a savepoint inside the module's demo transaction."""
    return built
