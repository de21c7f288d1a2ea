"""A small two-county world with the named personas used by permission tests.

alice: operator of 疏勒县 · bob: a second operator of 疏勒县 · charlie: operator of 莎车县 ·
admin: committee-office administrator of 喀什地区 · reviewer: organisation-department reviewer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from zeren.accounts.services import grant_role
from zeren.org import services
from zeren.org.models import Organisation, Person, Post, Unit

D = dt.date
PASSWORD = "a-Long-test-passw0rd"


@dataclass
class World:
    kashgar: Unit
    shule: Unit
    shache: Unit
    shule_gov: Organisation
    shule_transport: Organisation
    shache_gov: Organisation
    shule_deputy: Post
    shache_deputy: Post
    shule_head: Post
    person_a: Person
    person_b: Person
    users: dict[str, Any]


def build_world() -> World:
    kashgar = services.create_unit(actor=None, code="kashgar", name="喀什地区", level="prefecture")
    shule = services.create_unit(actor=None, code="shule", name="疏勒县", level="county", parent=kashgar)
    shache = services.create_unit(actor=None, code="shache", name="莎车县", level="county", parent=kashgar)
    start = D(2019, 1, 1)
    shule_gov = services.create_organisation(
        actor=None, code="shule-gov", unit=shule, name="疏勒县人民政府", type="government", start=start
    )
    shule_transport = services.create_organisation(
        actor=None,
        code="shule-transport",
        unit=shule,
        name="疏勒县交通运输局",
        type="government_department",
        kind_code="transport",
        start=start,
    )
    shache_gov = services.create_organisation(
        actor=None, code="shache-gov", unit=shache, name="莎车县人民政府", type="government", start=start
    )
    shule_head = services.create_post(
        actor=None,
        code="shule-head",
        organisation=shule_gov,
        title="疏勒县人民政府县长",
        role_code="government_principal",
        start=start,
    )
    shule_deputy = services.create_post(
        actor=None,
        code="shule-deputy",
        organisation=shule_gov,
        title="疏勒县人民政府副县长",
        role_code="government_other_leader",
        start=start,
    )
    shache_deputy = services.create_post(
        actor=None,
        code="shache-deputy",
        organisation=shache_gov,
        title="莎车县人民政府副县长",
        role_code="government_other_leader",
        start=start,
    )
    person_a = services.create_person(actor=None, code="p-a", name="演示甲")
    person_b = services.create_person(actor=None, code="p-b", name="演示乙")
    services.appoint(actor=None, person=person_a, post=shule_deputy, start=D(2020, 1, 1))
    services.appoint(actor=None, person=person_b, post=shache_deputy, start=D(2020, 1, 1))
    users: dict[str, Any] = {}
    user_model = get_user_model()
    for username, role, unit in [
        ("alice", "unit_operator", shule),
        ("bob", "unit_operator", shule),
        ("charlie", "unit_operator", shache),
        ("admin", "committee_admin", kashgar),
        ("reviewer", "org_reviewer", kashgar),
    ]:
        user = user_model.objects.create_user(username=username, password=PASSWORD)
        grant_role(actor=None, user=user, role=role, unit=unit)
        users[username] = user
    return World(
        kashgar,
        shule,
        shache,
        shule_gov,
        shule_transport,
        shache_gov,
        shule_deputy,
        shache_deputy,
        shule_head,
        person_a,
        person_b,
        users,
    )
