"""Who acts: the signed-in user, an anonymous visitor, or nobody (a command or the demo builder).

Services take ``actor: Actor`` and record it in the audit trail; rows that remember who wrote them
(``opened_by``, ``recorded_by``…) store ``acting_user(actor)``, which is ``None`` for anonymous and
system writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None
else:  # annotations only (``from __future__ import annotations``): the auth models load with the apps
    Actor = object


def acting_user(actor: Actor) -> Any:
    """The user to store on a row, or ``None`` for anonymous and system writes."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None
