"""The permission policy for responsibility lists, used alike by views, API, services' callers and the CLI.

* Anyone, also anonymous, reads published lists (current and history): art. 74 "向社会公布".
* Drafts and the live derivation: the unit subtree's committee-office admin and unit operators, the
  organisation-department and discipline reviewers (``zeren.org.permissions.VIEW_ROLES``), and a
  leader for the posts they hold or held.
* Building and publishing: committee-office admin and unit operators of the subtree (``CHANGE_ROLES``).

Out-of-scope drafts and owners without a published list are reported as missing (404), so an outsider
cannot probe; in-scope read-only users get 403 on writes.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zeren.accounts.scope import person_ids
from zeren.common.actor import Actor
from zeren.org.models import Organisation, Post, Tenure, Unit
from zeren.org.permissions import can_change_unit, can_view_unit

from .models import ResponsibilityList


def _missing(what: str, code: str) -> Http404:
    return Http404(f"没有{what} {code}，或尚未发布")


def _holds(user: Actor, post: Post) -> bool:
    ids = person_ids(user)
    return bool(ids) and Tenure.objects.filter(post=post, person_id__in=ids).exists()


def can_read_drafts(user: Actor, owner: Post | Organisation) -> bool:
    """Whether the user may read the owner's drafts: scope over its unit, or the person holding the post."""
    unit: Unit = owner.unit
    if can_view_unit(user, unit):
        return True
    return isinstance(owner, Post) and _holds(user, owner)


def can_manage(user: Actor, owner: Post | Organisation) -> bool:
    """Whether the user may derive, edit and publish the owner's lists (change rights on its unit)."""
    return can_change_unit(user, owner.unit)


def _authorise_owner(user: Actor, owner: Post | Organisation, what: str, *, change: bool) -> None:
    if change:
        if can_manage(user, owner):
            return
        if can_read_drafts(user, owner):
            raise PermissionDenied("您对该责任清单只有查看权限")
        raise _missing(what, owner.code)
    if can_read_drafts(user, owner):
        return
    if not ResponsibilityList.objects.filter(published_at__isnull=False, **{_field(owner): owner}).exists():
        raise _missing(what, owner.code)


def _field(owner: Post | Organisation) -> str:
    return "post" if isinstance(owner, Post) else "organisation"


def access_post_lists(user: Actor, code: str, *, change: bool = False) -> Post:
    """The post whose lists are asked for: public once it has a published list; drafts need scope."""
    post = Post.objects.select_related("organisation", "unit").filter(code=code).first()
    if post is None:
        raise _missing("岗位", code)
    _authorise_owner(user, post, "岗位", change=change)
    return post


def access_organisation_lists(user: Actor, code: str, *, change: bool = False) -> Organisation:
    """The organisation whose lists the user asks for: published lists are public, drafts need scope over
    its unit, ``change`` needs change rights (404 when unseen, 403 when view only)."""
    organisation = Organisation.objects.select_related("unit").filter(code=code).first()
    if organisation is None:
        raise _missing("机构", code)
    _authorise_owner(user, organisation, "机构", change=change)
    return organisation


def access_list(user: Actor, list_id: int, *, publish: bool = False) -> ResponsibilityList:
    """A stored list: published versions are public; drafts need scope; publishing needs CHANGE_ROLES."""
    row = (
        ResponsibilityList.objects.select_related(
            "post__organisation", "post__unit", "organisation__unit", "unit"
        )
        .filter(pk=list_id)
        .first()
    )
    if row is None:
        raise _missing("责任清单", str(list_id))
    readable = row.is_public or can_read_drafts(user, row.owner)
    if not readable:
        raise _missing("责任清单", str(list_id))
    if publish and not can_manage(user, row.owner):
        if not can_read_drafts(user, row.owner):
            raise _missing("责任清单", str(list_id))
        raise PermissionDenied("您无权发布该责任清单")
    return row
