"""Who may act where: a user's active role grants, each scoped to a unit subtree.

Computed once per request (cached on the user object) and turned into indexed
``path LIKE 'prefix%'`` filters, so scoping a list costs no extra query per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from zeren.common.actor import Actor

from .models import Role, RoleAssignment

_CACHE_ATTR = "_zeren_grants"


@dataclass(frozen=True)
class Grant:
    role: str
    unit_path: str | None
    person_id: int | None


def grants_of(user: Actor) -> list[Grant]:
    """The user's unrevoked role grants, cached on the user object (none for anonymous or inactive users)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = [
            Grant(role=a.role, unit_path=a.unit.path if a.unit is not None else None, person_id=a.person_id)
            for a in RoleAssignment.objects.filter(user_id=user.pk, revoked_at__isnull=True).select_related(
                "unit"
            )
        ]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: Actor) -> None:
    """Drop the grants cached on ``user`` (after a grant or revocation in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user: Actor, *roles: str) -> bool:
    """Whether the user holds any of ``roles`` anywhere (scope not considered)."""
    return any(g.role in roles for g in grants_of(user))


def scope_paths(user: Actor, roles: Iterable[str]) -> list[str]:
    """Unit-path prefixes where the user holds one of ``roles``."""
    wanted = set(roles)
    return sorted({g.unit_path for g in grants_of(user) if g.role in wanted and g.unit_path is not None})


def covers(user: Actor, roles: Iterable[str], unit_path: str | None) -> bool:
    """Whether ``unit_path`` lies in a subtree where the user holds one of ``roles`` (None: never)."""
    if unit_path is None:
        return False
    return any(unit_path.startswith(prefix) for prefix in scope_paths(user, roles))


def scope_q(user: Actor, roles: Iterable[str], field: str) -> Q:
    """A filter keeping rows whose ``field`` (a unit path) lies in the user's scope for ``roles``."""
    paths = scope_paths(user, roles)
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def person_ids(user: Actor) -> set[int]:
    """People the user is, through leader grants (a leader sees their own posts)."""
    return {g.person_id for g in grants_of(user) if g.role == Role.LEADER and g.person_id is not None}
