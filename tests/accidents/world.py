"""The org test world (tests/org/world.py) plus what an accident in 疏勒县 needs: the pack, a public
security bureau, department principals, the county's principals and the deputy in charge of safety,
and the deputy county head (world.shule_deputy, held by person_a) overseeing public security and transport.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tests.org.world import World, build_world
from zeren.catalog.services import load_pack_into_catalog
from zeren.org import services
from zeren.org.models import Organisation, Person, Post
from zeren.packs import KASHGAR_PACK_DIR

D = dt.date
START = D(2019, 1, 1)


@dataclass
class AccidentWorld:
    org: World
    public_security: Organisation
    ps_principal: Post
    transport_principal: Post
    party_secretary: Post
    safety_deputy: Post
    people: dict[str, Person]

    @property
    def users(self) -> dict[str, Any]:
        return self.org.users


def build_accident_world() -> AccidentWorld:
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    world = build_world()
    shule = world.shule
    party = services.create_organisation(
        actor=None,
        code="shule-party",
        unit=shule,
        name="中共疏勒县委员会",
        type="party_committee",
        start=START,
    )
    ps = services.create_organisation(
        actor=None,
        code="shule-ps",
        unit=shule,
        name="疏勒县公安局",
        type="government_department",
        kind_code="public_security",
        start=START,
    )

    def post(code: str, org: Organisation, title: str, role: str) -> Post:
        return services.create_post(
            actor=None, code=code, organisation=org, title=title, role_code=role, start=START
        )

    ps_principal = post("shule-ps-principal", ps, "疏勒县公安局局长", "department_principal")
    transport_principal = post(
        "shule-transport-principal", world.shule_transport, "疏勒县交通运输局局长", "department_principal"
    )
    secretary = post("shule-secretary", party, "疏勒县委书记", "party_principal")
    safety = post("shule-executive", world.shule_gov, "疏勒县人民政府常务副县长", "government_safety_leader")
    people: dict[str, Person] = {"deputy": world.person_a}
    for key, target in [
        ("ps", ps_principal),
        ("transport", transport_principal),
        ("secretary", secretary),
        ("executive", safety),
        ("head", world.shule_head),
    ]:
        person = services.create_person(actor=None, code=f"p-{key}", name=f"人员{key}")
        services.appoint(actor=None, person=person, post=target, start=D(2020, 1, 1))
        people[key] = person
    for org in (ps, world.shule_transport):
        services.assign_portfolio(actor=None, post=world.shule_deputy, organisation=org, start=START)
    return AccidentWorld(world, ps, ps_principal, transport_principal, secretary, safety, people)
