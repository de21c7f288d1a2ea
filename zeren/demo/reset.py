"""Removing the demo again so it can be rebuilt; the audit trail stays whole (``demo.reset``)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError

from zeren.audit.services import record_event
from zeren.common.actor import Actor

from .build import DemoSummary, _scopes, demo_prefecture
from .data import PREFECTURE_CODE


class DemoResetRefused(RuntimeError):
    """A reset was asked for outside a demo instance, or other data still points at the demo."""

    code = "demo_reset_refused"


def is_demo_instance() -> bool:
    return os.environ.get("ZEREN_DEMO") == "1" or bool(getattr(settings, "ZEREN_DEMO", False))


@transaction.atomic
def reset_demo(*, actor: Actor = None, extra: Mapping[str, int] | None = None) -> dict[str, int]:
    """Delete the demo's org data (units under 喀什地区, their bodies and posts, the demo people).

    Only on a demo instance (ZEREN_DEMO=1). The audit trail is append-only and stays whole: the
    reset is itself recorded as a ``demo.reset`` event with the deleted counts (plus ``extra``,
    e.g. the accounts the caller reset). Role grants on demo units must be removed first.
    """
    if not is_demo_instance():
        raise DemoResetRefused("只有演示实例（ZEREN_DEMO=1）可以重置演示数据")
    prefecture = demo_prefecture()
    deleted: dict[str, int] = dict.fromkeys(DemoSummary(False, 0, 0, 0, 0, 0, 0, 0).counts(), 0)
    if prefecture is not None:
        scopes = _scopes(prefecture)
        try:
            for name in ("portfolios", "tenures", "successions", "posts", "organisations", "people"):
                deleted[name] = scopes[name].distinct().count()
                scopes[name].delete()
            units = list(scopes["units"].order_by("-path"))  # children before their parents
            for unit in units:
                unit.delete()
            deleted["units"] = len(units)
        except ProtectedError as exc:
            raise DemoResetRefused(
                f"其他数据仍引用演示机构（{exc.protected_objects!s:.200}）；请删除数据库后重新运行 zeren demo"
            ) from exc
    after: dict[str, int] = {**deleted, **(extra or {})}
    record_event(
        actor=actor,
        action="demo.reset",
        object_type="org.unit",
        object_id=PREFECTURE_CODE,
        object_repr="喀什地区演示数据",
        after=after,
        note="重置演示数据（审计日志保留，不删除）",
    )
    return after
