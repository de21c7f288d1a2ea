"""Questions about who held what, when — each answered by one indexed query.

Every function takes a date ``on`` and reads history as it stood that day; none loops over rows
issuing further queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Organisation, Person, Portfolio, Post, Succession, Tenure, Unit, active_on

# 党政主要负责人 (art. 3 para 2, arts. 4 and 14): the roles whose holders are a unit's principals.
UNIT_PRINCIPAL_ROLES = ("party_principal", "government_principal")


def subtree(unit: Unit) -> QuerySet[Unit]:
    """The unit and every unit below it (an indexed path prefix)."""
    return Unit.objects.filter(path__startswith=unit.path)


def holders_of(post: Post, on: dt.date) -> QuerySet[Tenure]:
    """The tenure(s) covering ``on`` for ``post`` (a full holder and/or an acting one)."""
    return (
        Tenure.objects.filter(active_on(on), post=post).select_related("person").order_by("acting", "start")
    )


def posts_held_by(person: Person) -> QuerySet[Tenure]:
    """Every post the person ever held, oldest first — also after retirement or transfer (art. 69)."""
    return person.tenures.select_related("post__organisation__unit").order_by("start", "pk")


def responsible_organisations(organisation: Organisation, on: dt.date) -> list[Organisation]:
    """Who answers for ``organisation``'s duties on ``on`` (art. 72).

    The organisation itself while it exists; after it is reorganised, its successor(s) — followed
    through chains of reorganisations (A → B → C). Each step is one query; chains are short.
    """
    current = [organisation]
    seen: set[int] = set()
    while True:
        ended = [o for o in current if o.end is not None and o.end < on and o.pk not in seen]
        if not ended:
            return current
        seen.update(o.pk for o in ended)
        successors = list(
            Organisation.objects.filter(
                successions_in__predecessor__in=ended, successions_in__on__lte=on
            ).distinct()
        )
        if not successors:
            return current
        current = [o for o in current if o not in ended] + [s for s in successors if s not in current]


def posts_overseeing_organisation(organisation: Organisation, on: dt.date) -> QuerySet[Post]:
    """Posts whose portfolio covered ``organisation`` on ``on``."""
    return (
        Post.objects.filter(
            pk__in=Portfolio.objects.filter(active_on(on), organisation=organisation).values("post_id")
        )
        .select_related("organisation", "unit")
        .order_by("title")
    )


def posts_overseeing_sector(unit: Unit, sector_code: str, on: dt.date) -> QuerySet[Post]:
    """Posts in ``unit`` whose portfolio covered the sector on ``on``."""
    return (
        Post.objects.filter(unit=unit)  # the unit's few posts first, then each one's portfolios by index
        .filter(Exists(Portfolio.objects.filter(active_on(on), post=OuterRef("pk"), sector_code=sector_code)))
        .select_related("organisation", "unit")
        .order_by("title")
    )


def principals_of(unit: Unit, on: dt.date, roles: Iterable[str] = UNIT_PRINCIPAL_ROLES) -> QuerySet[Tenure]:
    """Tenures of the unit's principals (Party secretary, government head) covering ``on``."""
    return (
        Tenure.objects.filter(active_on(on), post__unit=unit, post__role_code__in=list(roles))
        .select_related("person", "post__organisation")
        .order_by("post__role_code", "acting", "start")
    )


def current_holders(posts: QuerySet[Post] | Sequence[Post], on: dt.date) -> dict[int, list[Tenure]]:
    """Holders of many posts in one query, keyed by post id (for lists and pages)."""
    result: dict[int, list[Tenure]] = {}
    for tenure in (
        Tenure.objects.filter(active_on(on), post__in=posts).select_related("person").order_by("acting")
    ):
        result.setdefault(tenure.post_id, []).append(tenure)
    return result


# A unit's posts grouped by organisation (its type, then name), then by title: the unit page's order.
POST_ORDER = ("organisation__type", "organisation__name", "organisation_id", "title", "pk")


def unit_posts(unit: Unit, *, q: str = "") -> QuerySet[Post]:
    """The unit's posts, narrowed to those whose title or organisation's name contains ``q``."""
    qs = Post.objects.filter(unit=unit).select_related("organisation", "unit")
    q = q.strip()[:60]
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(organisation__name__contains=q))
    return qs


EMPTY_ORGANISATIONS_SHOWN = 50


def organisations_without_posts(unit: Unit, *, q: str = "") -> list[Organisation]:
    """The unit's organisations that have no post yet (a department still shows, and its art. 17(5)
    safety body with it, before its posts are entered), narrowed by name; at most 50, by type and name."""
    qs = unit.organisations.filter(posts__isnull=True)
    q = q.strip()[:60]
    if q:
        qs = qs.filter(name__contains=q)
    return list(qs.order_by("type", "name", "pk")[:EMPTY_ORGANISATIONS_SHOWN])


def organisations_in(unit: Unit, on: dt.date | None = None) -> QuerySet[Organisation]:
    """The unit's organisations (those existing on ``on`` when given), by type and name."""
    qs = unit.organisations.all()
    if on is not None:
        qs = qs.filter(active_on(on))
    return qs.order_by("type", "name")


SUCCESSION_ORDER = ("-on", "-pk")


def successions_of(organisation: Organisation) -> QuerySet[Succession]:
    """The reorganisations the organisation took part in, as predecessor or successor (art. 72)."""
    return Succession.objects.filter(Q(predecessor=organisation) | Q(successor=organisation)).select_related(
        "predecessor", "successor"
    )


def portfolios_in(unit: Unit, on: dt.date) -> QuerySet[Portfolio]:
    """The portfolios of the unit's posts covering ``on``, with their holders' posts, in one query."""
    return (
        Portfolio.objects.filter(active_on(on), post__unit=unit)
        .select_related("post", "organisation")
        .order_by("post__title", "organisation__name", "sector_code")
    )


PREFIX_END = "\U0010ffff"  # the last code point: ``name >= q AND name < q + PREFIX_END`` is "starts with q"


def people_matching(people: QuerySet[Person], query: str) -> QuerySet[Person]:
    """People whose name starts with ``query``, or whose code is ``query``: a range on the name index
    (byte order on SQLite, code-point order under C / C.UTF-8 collations on PostgreSQL) and the unique
    code, never a scan of every name. Chinese names are two to four characters: a prefix is what a
    clerk types, and too short for a trigram index to help."""
    query = query.strip()
    if not query:
        return people.none()
    return people.filter(Q(name__gte=query, name__lt=query + PREFIX_END) | Q(code=query))
