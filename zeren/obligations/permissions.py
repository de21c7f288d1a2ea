"""The permission policy for occurrences and their evidence, used alike by pages, API, services' callers.

- committee admins and unit operators of the unit's subtree: view, record evidence, complete;
- committee admins only: waive (the approver is the admin);
- a leader: view and record evidence for occurrences of the posts they hold now (current tenure);
- organisation / discipline reviewers of the subtree: view;
- anyone else, anonymous included: nothing. The calendar is not public.

Out of scope is reported as missing (404); in scope but not allowed is 403.
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zeren.accounts.models import Role
from zeren.accounts.scope import covers, has_role, person_ids, scope_q
from zeren.common.actor import Actor
from zeren.org.models import Post, Tenure, Unit, active_on
from zeren.org.permissions import CHANGE_ROLES, VIEW_ROLES, can_view_unit

from .models import ClauseTally, Evidence, Occurrence, Tally
from .tallies import Counted

Action = Literal["view", "record", "complete", "waive"]
OVERVIEW_ROLES = (Role.COMMITTEE_ADMIN, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER)
_HELD_ATTR = "_zeren_held_posts"


def held_post_ids(user: Actor) -> set[int]:
    """Posts the user holds today through a leader grant (cached per request on the user)."""
    cached = getattr(user, _HELD_ATTR, None)
    if cached is None:
        ids = person_ids(user)
        cached = (
            set(
                Tenure.objects.filter(active_on(timezone.localdate()), person_id__in=ids).values_list(
                    "post_id", flat=True
                )
            )
            if ids
            else set()
        )
        if user is not None and getattr(user, "is_authenticated", False):
            setattr(user, _HELD_ATTR, cached)
    return cached


def visible_occurrences(user: Actor) -> QuerySet[Occurrence]:
    """Occurrences in the user's viewing scope, plus those of the posts the user holds now."""
    q = scope_q(user, VIEW_ROLES, "unit__path")
    held = held_post_ids(user)
    if held:
        q |= Q(post_id__in=held)
    return Occurrence.objects.filter(q)


def visible_counts(user: Actor) -> Counted:
    """What the user's summaries count: the tallies of the units in their scope, plus the rows of the
    posts they hold outside it (the same set as ``visible_occurrences``)."""
    in_scope = scope_q(user, VIEW_ROLES, "unit__path")
    held = held_post_ids(user)
    rows = Occurrence.objects.filter(post_id__in=held).exclude(in_scope) if held else None
    return Counted(Tally.objects.filter(in_scope), ClauseTally.objects.filter(in_scope), rows)


def unit_counts(user: Actor, unit: Unit) -> Counted:
    """What the user sees of ``unit``'s items, counted: its tallies when the unit is in their scope, else
    the rows of the posts they hold there (``visible_occurrences(user).filter(unit=unit)``)."""
    if covers(user, VIEW_ROLES, unit.path):
        return Counted(Tally.objects.filter(unit=unit), ClauseTally.objects.filter(unit=unit))
    return Counted.of_rows(visible_occurrences(user).filter(unit=unit))


def can(user: Actor, occurrence: Occurrence, action: Action) -> bool:
    """Whether the user may ``action`` the occurrence: waive (committee office), record or complete, or
    view."""
    path = occurrence.unit.path
    if action == "waive":
        return covers(user, (Role.COMMITTEE_ADMIN,), path)
    if action in {"record", "complete"}:
        # A leader submits evidence for, and closes, the obligations of a post they hold now (their own
        # duty: arts. 4, 14, 16); operators and the committee office do it for their unit subtree.
        return covers(user, CHANGE_ROLES, path) or occurrence.post_id in held_post_ids(user)
    return covers(user, VIEW_ROLES, path) or occurrence.post_id in held_post_ids(user)


def access_occurrence(user: Actor, occurrence_id: int, *, action: Action = "view") -> Occurrence:
    """The occurrence for the user (404 when unseen); another action than view needs its own right (403)."""
    occurrence = (
        Occurrence.objects.select_related("unit", "post", "organisation", "obligation")
        .filter(pk=occurrence_id)
        .first()
    )
    if occurrence is None or not can(user, occurrence, "view"):
        raise Http404(f"没有履职事项 {occurrence_id}，或您无权查看")
    if action != "view" and not can(user, occurrence, action):
        raise PermissionDenied("您对该履职事项没有此项权限")
    return occurrence


def access_evidence(user: Actor, evidence_id: int) -> Evidence:
    """The evidence for a user who may view its occurrence, else 404."""
    evidence = Evidence.objects.select_related("occurrence__unit").filter(pk=evidence_id).first()
    if evidence is None or not can(user, evidence.occurrence, "view"):
        raise Http404(f"没有佐证材料 {evidence_id}，或您无权查看")
    return evidence


def access_post_items(user: Actor, code: str) -> Post:
    """A post's obligation page: unit viewers, and a leader for a post they hold now."""
    post = Post.objects.select_related("organisation", "unit").filter(code=code).first()
    if post is None or not (can_view_unit(user, post.unit) or post.pk in held_post_ids(user)):
        raise Http404(f"没有岗位 {code}，或您无权查看")
    return post


def can_see_overview(user: Actor) -> bool:
    """Whether the user may see the completion overview: the committee office and the reviewers."""
    return has_role(user, *OVERVIEW_ROLES)
