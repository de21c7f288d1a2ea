"""Writes for units, organisations, posts, people, tenures, portfolios and reorganisations.

Every function is keyword-only, atomic, checks its dates, and records an audit event in the same
transaction. History is never overwritten: ending something sets its ``end``; nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q

from zeren.audit.services import record_event, snapshot
from zeren.common.actor import Actor

from .errors import InvalidDates, InvalidTree, InvalidValue, NotActive, TenureOverlap
from .models import Organisation, Person, Portfolio, Post, Succession, Tenure, Unit

ONE_DAY = dt.timedelta(days=1)


def _check_range(start: dt.date, end: dt.date | None, what: str) -> None:
    if end is not None and end < start:
        raise InvalidDates(f"{what}: end {end} is before start {start}", field="end")


def _overlaps(start: dt.date, end: dt.date | None) -> Q:
    """Rows whose [start, end] intersects [start, end] (inclusive, open ends)."""
    q = Q(end__isnull=True) | Q(end__gte=start)
    if end is not None:
        q &= Q(start__lte=end)
    return q


@transaction.atomic
def create_unit(
    *,
    actor: Actor,
    code: str,
    name: str,
    level: str,
    parent: Unit | None = None,
    zone_kind: str = "",
    position: int = 0,
    urban: bool = False,
) -> Unit:
    """A unit under ``parent``; ``urban`` marks a county-level unit that is the prefecture's seat city or an
    urban district (the accident chain's urban-district circumstance is read from it)."""
    if urban and level != Unit.Level.COUNTY:
        raise InvalidTree(f"unit {code}: only a county-level unit can be an urban district", field="urban")
    if level == Unit.Level.PREFECTURE and parent is not None:
        raise InvalidTree(f"unit {code}: a prefecture has no parent", field="parent")
    if level != Unit.Level.PREFECTURE and parent is None:
        raise InvalidTree(f"unit {code}: a {level} unit needs a parent", field="parent")
    siblings = Unit.objects.filter(parent=parent).count()
    prefix = parent.path if parent else ""
    unit = Unit(
        code=code, name=name, level=level, parent=parent, zone_kind=zone_kind, position=position, urban=urban
    )
    unit.path = f"{prefix}{siblings + 1:04d}/"
    while Unit.objects.filter(path=unit.path).exists():  # a sibling slot freed by a move; rare
        siblings += 1
        unit.path = f"{prefix}{siblings + 1:04d}/"
    unit.save()
    record_event(actor=actor, action="org.create_unit", obj=unit, after=snapshot(unit), unit_path=unit.path)
    return unit


@transaction.atomic
def create_organisation(
    *,
    actor: Actor,
    code: str,
    unit: Unit,
    name: str,
    type: str,
    start: dt.date,
    kind_code: str = "",
    end: dt.date | None = None,
    safety_body: str = "",
    safety_staff: int | None = None,
) -> Organisation:
    """An organisation of ``unit`` (a Party body, government department ...) existing from ``start``."""
    _check_range(start, end, f"organisation {code}")
    organisation = Organisation.objects.create(
        code=code, unit=unit, name=name, type=type, kind_code=kind_code, start=start, end=end,
        safety_body=safety_body, safety_staff=safety_staff,
    )  # fmt: skip
    record_event(
        actor=actor,
        action="org.create_organisation",
        obj=organisation,
        after=snapshot(organisation),
        unit_path=unit.path,
    )
    return organisation


@transaction.atomic
def create_post(
    *,
    actor: Actor,
    code: str,
    organisation: Organisation,
    title: str,
    role_code: str,
    start: dt.date,
    end: dt.date | None = None,
) -> Post:
    """A post of ``organisation`` holding ``role_code`` (the pack's role whose duties it carries) from
    ``start``."""
    _check_range(start, end, f"post {code}")
    post = Post(code=code, organisation=organisation, title=title, role_code=role_code, start=start, end=end)
    post.save()
    record_event(
        actor=actor, action="org.create_post", obj=post, after=snapshot(post), unit_path=post.unit.path
    )
    return post


@transaction.atomic
def create_person(*, actor: Actor, code: str, name: str, note: str = "") -> Person:
    """A person who may hold posts (people are kept apart from posts so a transfer keeps their record)."""
    person = Person.objects.create(code=code, name=name, note=note)
    record_event(actor=actor, action="org.create_person", obj=person, after=snapshot(person))
    return person


@transaction.atomic
def appoint(
    *,
    actor: Actor,
    person: Person,
    post: Post,
    start: dt.date,
    end: dt.date | None = None,
    acting: bool = False,
) -> Tenure:
    """Open a tenure. A post has at most one full holder and one acting holder at any day."""
    _check_range(start, end, f"tenure of {person.code} in {post.code}")
    if post.start > start or (post.end is not None and (end is None or end > post.end)):
        raise NotActive(f"post {post.code} does not exist for the whole tenure from {start}", field="start")
    if person.retired_on is not None and start > person.retired_on:
        raise NotActive(f"person {person.code} retired on {person.retired_on}", field="person")
    clash = (
        Tenure.objects.select_for_update(of=("self",))
        .filter(_overlaps(start, end), post=post, acting=acting)
        .select_related("person")
        .first()
    )
    if clash is not None:
        raise TenureOverlap(
            f"post {post.code} is already held by {clash.person.code} from {clash.start}"
            f"{' to ' + str(clash.end) if clash.end else ''}",
            field="start",
        )
    tenure = Tenure.objects.create(person=person, post=post, start=start, end=end, acting=acting)
    record_event(
        actor=actor,
        action="org.appoint",
        obj=tenure,
        object_repr=f"{person.name} → {post.title}",
        after=snapshot(tenure),
        unit_path=post.unit.path,
    )
    return tenure


@transaction.atomic
def end_tenure(*, actor: Actor, tenure: Tenure, end: dt.date, reason: str) -> Tenure:
    """End a person's tenure in a post on ``end`` with the reason (transfer, retirement ...); ends once."""
    if tenure.end is not None:
        raise NotActive(f"tenure of {tenure.person.code} in {tenure.post.code} already ended on {tenure.end}")
    _check_range(tenure.start, end, f"tenure of {tenure.person.code} in {tenure.post.code}")
    before = snapshot(tenure)
    tenure.end = end
    tenure.end_reason = reason
    tenure.save(update_fields=["end", "end_reason"])
    record_event(
        actor=actor,
        action="org.end_tenure",
        obj=tenure,
        before=before,
        after=snapshot(tenure),
        unit_path=tenure.post.unit.path,
    )
    return tenure


def _open_tenures(person: Person) -> list[Tenure]:
    return list(
        person.tenures.select_for_update(of=("self",))
        .filter(end__isnull=True)
        .select_related("person", "post__unit")
    )


@transaction.atomic
def transfer(*, actor: Actor, person: Person, to_post: Post, on: dt.date, acting: bool = False) -> Tenure:
    """End the person's open tenures the day before ``on`` and appoint them to ``to_post`` from ``on``."""
    for tenure in _open_tenures(person):
        end_tenure(actor=actor, tenure=tenure, end=on - ONE_DAY, reason=Tenure.EndReason.TRANSFER)
    return appoint(actor=actor, person=person, post=to_post, start=on, acting=acting)


@transaction.atomic
def retire(*, actor: Actor, person: Person, on: dt.date) -> Person:
    """Retire: open tenures end on ``on``; the person stays findable with every post held (art. 69)."""
    before = snapshot(person)
    for tenure in _open_tenures(person):
        end_tenure(actor=actor, tenure=tenure, end=on, reason=Tenure.EndReason.RETIREMENT)
    person.retired_on = on
    person.save(update_fields=["retired_on"])
    record_event(actor=actor, action="org.retire", obj=person, before=before, after=snapshot(person))
    return person


@transaction.atomic
def assign_portfolio(
    *,
    actor: Actor,
    post: Post,
    start: dt.date,
    organisation: Organisation | None = None,
    sector_code: str = "",
    end: dt.date | None = None,
) -> Portfolio:
    """The leader of ``post`` oversees an organisation or a sector (分管) from ``start``."""
    if organisation is None and not sector_code:
        raise InvalidDates("a portfolio names an organisation or a sector", field="organisation")
    _check_range(start, end, f"portfolio of {post.code}")
    portfolio = Portfolio.objects.create(
        post=post, organisation=organisation, sector_code=sector_code, start=start, end=end
    )
    record_event(
        actor=actor,
        action="org.assign_portfolio",
        obj=portfolio,
        after=snapshot(portfolio),
        unit_path=post.unit.path,
    )
    return portfolio


@transaction.atomic
def end_portfolio(*, actor: Actor, portfolio: Portfolio, end: dt.date) -> Portfolio:
    """End an oversight portfolio on ``end``; ends once."""
    if portfolio.end is not None:
        raise NotActive(f"portfolio {portfolio.pk} already ended on {portfolio.end}")
    _check_range(portfolio.start, end, f"portfolio {portfolio.pk}")
    before = snapshot(portfolio)
    portfolio.end = end
    portfolio.save(update_fields=["end"])
    record_event(
        actor=actor,
        action="org.end_portfolio",
        obj=portfolio,
        before=before,
        after=snapshot(portfolio),
        unit_path=portfolio.post.unit.path,
    )
    return portfolio


@transaction.atomic
def reorganise(
    *,
    actor: Actor,
    predecessors: Sequence[Organisation],
    successors: Sequence[Organisation],
    on: dt.date,
    kind: str,
    note: str = "",
) -> list[Succession]:
    """Art. 72: the predecessors end the day before ``on``; from ``on`` the successors answer for them.

    Posts of an ended organisation end with it; their open tenures end as ``post_abolished`` and
    their open portfolios end the same day. Duties follow from the successor's department kind.
    """
    if not predecessors or not successors:
        raise InvalidTree("a reorganisation needs predecessor(s) and successor(s)", field="successors")
    for successor in successors:
        if successor.start > on:
            raise NotActive(f"successor {successor.code} only exists from {successor.start}", field="on")
    last_day = on - ONE_DAY
    links: list[Succession] = []
    for predecessor in predecessors:
        if predecessor in successors:
            continue  # a split where the old body survives keeps its own duties
        if predecessor.end is not None and predecessor.end < last_day:
            raise NotActive(f"organisation {predecessor.code} already ended on {predecessor.end}", field="on")
        before = snapshot(predecessor)
        predecessor.end = last_day
        predecessor.save(update_fields=["end"])
        for tenure in Tenure.objects.filter(post__organisation=predecessor, end__isnull=True).select_related(
            "person", "post__unit"
        ):
            end_tenure(actor=actor, tenure=tenure, end=last_day, reason=Tenure.EndReason.POST_ABOLISHED)
        Post.objects.filter(organisation=predecessor, end__isnull=True).update(end=last_day)
        Portfolio.objects.filter(organisation=predecessor, end__isnull=True).update(end=last_day)
        record_event(
            actor=actor,
            action="org.reorganise",
            obj=predecessor,
            before=before,
            after=snapshot(predecessor),
            unit_path=predecessor.unit.path,
            note=note,
        )
    for predecessor in predecessors:
        for successor in successors:
            if predecessor != successor:
                links.append(
                    Succession.objects.create(
                        predecessor=predecessor, successor=successor, on=on, kind=kind, note=note
                    )
                )
    return links


@transaction.atomic
def set_safety_staffing(
    *, actor: Actor, organisation: Organisation, safety_body: str, safety_staff: int | None
) -> Organisation:
    """A department's safety body and number of safety staff (art. 17 para 1 point 5), audited with before
    and after; an unchanged value writes nothing. Callers authorise (the office's page and API through
    ``zeren.org.checks.record_safety_staffing``, the roster import through its own scope)."""
    if safety_staff is not None and safety_staff < 0:
        raise InvalidValue("安全生产工作人员人数不能为负数", field="safety_staff")
    safety_body = safety_body.strip()
    row = Organisation.objects.select_for_update().select_related("unit").get(pk=organisation.pk)
    before = {"safety_body": row.safety_body, "safety_staff": row.safety_staff}
    after = {"safety_body": safety_body, "safety_staff": safety_staff}
    if before == after:
        return row
    row.safety_body, row.safety_staff = safety_body, safety_staff
    row.save(update_fields=["safety_body", "safety_staff"])
    staff = "未登记" if safety_staff is None else f"{safety_staff}名"
    record_event(
        actor=actor,
        action="org.record_safety_staffing",
        obj=row,
        before=before,
        after={"organisation": row.code, **after},
        unit_path=row.unit.path,
        note=f"登记{row.name}安全生产工作机构“{safety_body or '无'}”、安全生产工作人员{staff}",
    )
    return row
