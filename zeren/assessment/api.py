"""Assessment API (``/api/assessment/runs...``): published runs for everyone, drafts for the office."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from zeren.accounts.services import user_for_token

from . import permissions, selectors

router = Router(tags=["考核 assessment"])


def _optional_user(request: HttpRequest) -> Any:
    """A bearer token's user, else the session's (anonymous included): published runs are public."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return user_for_token(header.removeprefix("Bearer ").strip())
    return request.user


@router.get("/assessment/runs")
def list_runs(request: HttpRequest) -> list[dict[str, Any]]:
    user = _optional_user(request)
    return [
        {"run_id": r.pk, "year": r.year, "status": r.status, "inputs_hash": r.inputs_hash,
         "created_at": r.created_at.isoformat(), "amends": r.amends_id}
        for r in permissions.visible_runs(user).order_by("-year", "-pk")[:100]
    ]  # fmt: skip


@router.get("/assessment/runs/{run_id}")
def get_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    user = _optional_user(request)
    run = permissions.access_run(user, run_id)
    if permissions.is_office(user):
        return selectors.contract(run)
    groups = selectors.groups_of(run, public=True)
    return {
        "run_id": run.pk,
        "year": run.year,
        "status": run.status,
        "units": [u for g in groups for u in g["units"]],
    }
