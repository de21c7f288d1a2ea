from __future__ import annotations

import datetime as dt

import pytest

from tests.org.world import World
from zeren.org import selectors, services
from zeren.org.errors import InvalidDates, TenureOverlap
from zeren.org.models import Organisation, Tenure

D = dt.date
pytestmark = pytest.mark.django_db


def test_holder_of_a_post_on_a_date_is_right_across_a_transfer(world: World) -> None:
    newcomer = services.create_person(actor=None, code="p-c", name="演示丙")
    services.transfer(actor=None, person=world.person_a, to_post=world.shule_head, on=D(2022, 3, 1))
    services.appoint(actor=None, person=newcomer, post=world.shule_deputy, start=D(2022, 3, 1))

    before = [t.person.code for t in selectors.holders_of(world.shule_deputy, D(2022, 2, 28))]
    after = [t.person.code for t in selectors.holders_of(world.shule_deputy, D(2022, 3, 1))]

    assert before == ["p-a"]
    assert after == ["p-c"]
    history = [(t.post.code, t.start, t.end, t.end_reason) for t in selectors.posts_held_by(world.person_a)]
    assert history == [
        ("shule-deputy", D(2020, 1, 1), D(2022, 2, 28), "transfer"),
        ("shule-head", D(2022, 3, 1), None, ""),
    ]


def test_a_retired_person_keeps_every_post_they_held(world: World) -> None:
    services.retire(actor=None, person=world.person_a, on=D(2023, 6, 30))

    tenures = list(selectors.posts_held_by(world.person_a))

    assert [(t.post.code, t.end, t.end_reason) for t in tenures] == [
        ("shule-deputy", D(2023, 6, 30), "retirement")
    ]
    assert list(selectors.holders_of(world.shule_deputy, D(2023, 7, 1))) == []
    assert [t.person.code for t in selectors.holders_of(world.shule_deputy, D(2023, 6, 30))] == ["p-a"]


def test_a_post_cannot_have_two_full_holders_on_the_same_day(world: World) -> None:
    other = services.create_person(actor=None, code="p-x", name="演示戊")
    count = Tenure.objects.count()

    with pytest.raises(TenureOverlap, match="already held by p-a"):
        services.appoint(actor=None, person=other, post=world.shule_deputy, start=D(2021, 1, 1))

    assert Tenure.objects.count() == count


def test_an_acting_holder_may_serve_beside_the_full_holder(world: World) -> None:
    other = services.create_person(actor=None, code="p-x", name="演示戊")
    services.appoint(actor=None, person=other, post=world.shule_deputy, start=D(2021, 1, 1), acting=True)

    holders = [(t.person.code, t.acting) for t in selectors.holders_of(world.shule_deputy, D(2021, 1, 1))]

    assert holders == [("p-a", False), ("p-x", True)]


def test_end_before_start_is_rejected(world: World) -> None:
    with pytest.raises(InvalidDates):
        services.assign_portfolio(
            actor=None,
            post=world.shule_deputy,
            organisation=world.shule_transport,
            start=D(2022, 1, 1),
            end=D(2021, 1, 1),
        )


def test_posts_overseeing_a_department_and_a_sector_on_a_date(world: World) -> None:
    portfolio = services.assign_portfolio(
        actor=None,
        post=world.shule_deputy,
        organisation=world.shule_transport,
        sector_code="road_transport",
        start=D(2020, 1, 1),
    )
    services.end_portfolio(actor=None, portfolio=portfolio, end=D(2021, 12, 31))

    assert list(selectors.posts_overseeing_organisation(world.shule_transport, D(2021, 12, 31))) == [
        world.shule_deputy
    ]
    assert list(selectors.posts_overseeing_organisation(world.shule_transport, D(2022, 1, 1))) == []
    assert list(selectors.posts_overseeing_sector(world.shule, "road_transport", D(2020, 1, 1))) == [
        world.shule_deputy
    ]
    assert list(selectors.posts_overseeing_sector(world.shache, "road_transport", D(2020, 1, 1))) == []


def test_principals_of_a_unit_on_a_date(world: World) -> None:
    head = services.create_person(actor=None, code="p-h", name="演示己")
    services.appoint(actor=None, person=head, post=world.shule_head, start=D(2021, 5, 1))

    assert list(selectors.principals_of(world.shule, D(2021, 4, 30))) == []
    assert [t.person.code for t in selectors.principals_of(world.shule, D(2021, 5, 1))] == ["p-h"]


def test_a_reorganised_department_answers_before_and_its_successor_after(world: World) -> None:
    successor = services.create_organisation(
        actor=None,
        code="shule-transport-new",
        unit=world.shule,
        name="疏勒县交通运输和邮政局",
        type="government_department",
        kind_code="transport",
        start=D(2022, 1, 1),
    )
    services.assign_portfolio(
        actor=None, post=world.shule_deputy, organisation=world.shule_transport, start=D(2020, 1, 1)
    )

    services.reorganise(
        actor=None,
        predecessors=[world.shule_transport],
        successors=[successor],
        on=D(2022, 1, 1),
        kind="rename",
    )

    world.shule_transport.refresh_from_db()
    assert world.shule_transport.end == D(2021, 12, 31)
    assert selectors.responsible_organisations(world.shule_transport, D(2021, 6, 1)) == [
        world.shule_transport
    ]
    assert selectors.responsible_organisations(world.shule_transport, D(2022, 6, 1)) == [successor]
    # the old department's portfolio ended with it; history stays queryable
    assert list(selectors.posts_overseeing_organisation(world.shule_transport, D(2021, 6, 1))) == [
        world.shule_deputy
    ]
    assert list(selectors.posts_overseeing_organisation(world.shule_transport, D(2022, 6, 1))) == []
    assert Organisation.objects.filter(code="shule-transport").exists()


def test_reorganisation_chains_are_followed(world: World) -> None:
    b = services.create_organisation(
        actor=None, code="b", unit=world.shule, name="乙局", type="government_department", start=D(2021, 1, 1)
    )
    c = services.create_organisation(
        actor=None, code="c", unit=world.shule, name="丙局", type="government_department", start=D(2023, 1, 1)
    )
    services.reorganise(
        actor=None, predecessors=[world.shule_transport], successors=[b], on=D(2021, 1, 1), kind="merge"
    )
    services.reorganise(actor=None, predecessors=[b], successors=[c], on=D(2023, 1, 1), kind="merge")

    assert selectors.responsible_organisations(world.shule_transport, D(2022, 1, 1)) == [b]
    assert selectors.responsible_organisations(world.shule_transport, D(2024, 1, 1)) == [c]
