"""The permission policy for assessment runs, used alike by pages, API, services and commands.

The assessment covers the whole prefecture, so running, publishing and reading drafts belong to the
committee-office administrator whose scope includes the prefecture unit. Published runs are public
(art. 59). The command line (actor ``None``) acts as the system. Out of scope → 404 (nothing to probe);
visible but not allowed → 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from zeren.accounts.models import Role
from zeren.accounts.scope import covers
from zeren.common.actor import Actor
from zeren.org.models import Unit

from .models import AssessmentRun


def _prefecture_path() -> str | None:
    return (
        Unit.objects.filter(level=Unit.Level.PREFECTURE)
        .order_by("path")
        .values_list("path", flat=True)
        .first()
    )


def is_office(user: Actor) -> bool:
    """Whether the user administers the prefecture's committee office (the assessment is the office's
    work)."""
    return covers(user, [Role.COMMITTEE_ADMIN], _prefecture_path())


def can_run(actor: Actor) -> bool:
    """Whether the actor may run or publish an assessment: the office, or a command (no actor)."""
    return actor is None or is_office(actor)


def require_run(actor: Actor) -> None:
    """Refuse anyone but the office (or a command) running an assessment."""
    if not can_run(actor):
        raise PermissionDenied("只有地区安委办管理员可以运行年度考核")


def require_publish(actor: Actor) -> None:
    """Refuse anyone but the office (or a command) publishing an assessment."""
    if not can_run(actor):
        raise PermissionDenied("只有地区安委办管理员可以公布考核结果")


def visible_runs(user: Actor) -> QuerySet[AssessmentRun]:
    """Every run for the office; published runs only for anyone else (published results are public)."""
    if is_office(user):
        return AssessmentRun.objects.all()
    return AssessmentRun.objects.filter(status=AssessmentRun.Status.PUBLISHED)


def access_run(user: Actor, run_id: int) -> AssessmentRun:
    """The run for the user, or 404 (an unpublished run does not exist for outsiders)."""
    run = visible_runs(user).select_related("pack").filter(pk=run_id).first()
    if run is None:
        raise Http404(f"没有考核运行 {run_id}，或尚未公布")
    return run


RATINGS_ROLES = (Role.COMMITTEE_ADMIN, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER)


def can_read_ratings(user: Actor) -> bool:
    """The principals' comprehensive rating (art. 57 para 2) is personal data: the committee office and the
    Organisation Department and Discipline Inspection reviewers whose scope includes the prefecture."""
    return covers(user, RATINGS_ROLES, _prefecture_path())


def access_ratings(user: Actor, run_id: int) -> AssessmentRun:
    """The run whose ratings ``user`` may read: the office any run, the reviewers published runs; else 404."""
    if not can_read_ratings(user):
        raise Http404("没有该考核运行的综合评价")
    runs = AssessmentRun.objects.all()
    if not is_office(user):
        runs = runs.filter(status=AssessmentRun.Status.PUBLISHED)
    run = runs.select_related("pack").filter(pk=run_id).first()
    if run is None:
        raise Http404(f"没有考核运行 {run_id}，或尚未公布")
    return run
