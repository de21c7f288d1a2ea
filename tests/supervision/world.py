"""The org test world plus what a tour needs: the pack, published lists, a team and a plan in progress.

Personas: ivan leads the inspection team and iris is a member (plain accounts: tour membership is their
only access); alice and bob operate 疏勒县 (a target), charlie operates 莎车县 (another county, not a
target of ``plan``), admin is the prefecture's committee-office administrator, reviewer reads the
prefecture, anon is not logged in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from tests.org.world import PASSWORD, World, build_world
from zeren.catalog.services import load_pack_into_catalog
from zeren.duties.services import build_draft, publish_list
from zeren.org import services as org
from zeren.org.models import Post
from zeren.packs import KASHGAR_PACK_DIR
from zeren.supervision import services
from zeren.supervision.models import Finding, Plan, Target

D = dt.date
JUNE_30 = D(2026, 6, 30)
YEAR = 2026
PERSONAS = ["ivan", "iris", "alice", "bob", "charlie", "admin", "reviewer", "anon"]


@dataclass
class TourWorld:
    org: World
    plan: Plan
    target: Target  # 疏勒县交通运输局
    transport_head: Post
    users: dict[str, Any]


def build_tour_world() -> TourWorld:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    world = build_world()
    head = org.create_post(
        actor=None,
        code="shule-transport-head",
        organisation=world.shule_transport,
        title="疏勒县交通运输局局长",
        role_code="department_principal",
        start=D(2019, 1, 1),
    )
    chief = org.create_person(actor=None, code="p-c", name="演示丙")
    org.appoint(actor=None, person=chief, post=head, start=D(2021, 1, 1))
    draft = build_draft(actor=None, organisation=world.shule_transport).list
    publish_list(actor=None, draft=draft)
    users = dict(world.users)
    model = get_user_model()
    for name in ("ivan", "iris"):
        users[name] = model.objects.create_user(username=name, password=PASSWORD)
    admin = users["admin"]
    plan = services.create_plan(
        actor=admin,
        kind="tour",
        title="2026年安全生产巡查",
        organiser=world.kashgar,
        year=YEAR,
        start=D(2026, 5, 1),
        end=D(2026, 6, 30),
    )
    services.add_member(actor=admin, plan=plan, user=users["ivan"], role="leader")
    services.add_member(actor=admin, plan=plan, user=users["iris"])
    target = services.add_target(actor=admin, plan=plan, unit=world.shule, organisation=world.shule_transport)
    services.set_plan_status(actor=admin, plan=plan, status="in_progress")
    return TourWorld(world, plan, target, head, users)


def finding(
    tw: TourWorld,
    *,
    severity: str = "general",
    deadline: dt.date = JUNE_30,
    clause: str = "",
    **extra: Any,
) -> Finding:
    """A finding in 疏勒县交通运输局 on the first checklist item (its clause unless ``clause`` is given)."""
    item = tw.target.items.order_by("position").first()
    return services.record_finding(
        actor=tw.users["ivan"],
        target=tw.target,
        severity=severity,
        clause=clause,
        checklist_item=item,
        description=extra.pop("description", "未按期召开安全生产专题会议"),
        owner=tw.org.shule_transport,
        deadline=deadline,
        measures="一个月内召开专题会议并报送纪要",
        found_on=extra.pop("found_on", D(2026, 5, 10)),
        **extra,
    )
