"""Carry out a plan through the org services, so every write is checked and audited as usual.

Runs inside the caller's transaction. A service that still refuses a row (its own checks are the
last word, e.g. a tenure overlap with a row locked meanwhile) becomes a row error; rows that
depend on a refused one are skipped, and the caller rolls everything back.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import IntegrityError
from django.db.models import Model, QuerySet

from zeren.common.actor import Actor
from zeren.org import services
from zeren.org.errors import OrgError
from zeren.org.models import Organisation, Person, Portfolio, Post, Tenure, Unit

from .plan import Plan
from .reader import Row
from .result import RosterError

M = TypeVar("M", bound=Model)
CHUNK = 500
SERVICE_REASONS = {
    "tenure_overlap": "任职重叠",
    "not_active": "不在有效期内",
    "invalid_dates": "日期有误",
    "invalid_tree": "单位层级有误",
    "invalid_value": "数值有误",
}
# ``appoint`` cannot yet record why a tenure it creates already ended; pass it once it can.
APPOINT_TAKES_END_REASON = "end_reason" in inspect.signature(services.appoint).parameters


def _fetch(queryset: QuerySet[M], field: str, keys: Iterable[Any]) -> dict[Any, M]:
    """Objects by ``field`` for ``keys``, a few hundred per query."""
    wanted = sorted({k for k in keys if k})
    found: dict[Any, M] = {}
    for i in range(0, len(wanted), CHUNK):
        for obj in queryset.filter(**{f"{field}__in": wanted[i : i + CHUNK]}):
            found[getattr(obj, field)] = obj
    return found


class _Applier:
    def __init__(self, plan: Plan, actor: Actor) -> None:
        self.plan = plan
        self.actor = actor
        self.errors: list[RosterError] = []
        self.warnings: list[RosterError] = []

    def call(self, row: Row, service: Callable[..., Any], **kwargs: Any) -> Any:
        try:
            return service(actor=self.actor, **kwargs)
        except OrgError as exc:
            key = exc.field if exc.field in {c.key for c in row.spec.columns} else row.spec.columns[0].key
            self.errors.append(
                row.error(str(key), f"{SERVICE_REASONS.get(exc.code, '无法保存')}：{exc.message}")
            )
        except IntegrityError as exc:
            self.errors.append(row.error(row.spec.columns[0].key, f"数据库约束冲突：{exc}"))
        return None

    def run(self) -> list[RosterError]:
        create = self.plan.create
        units = _fetch(Unit.objects.all(), "code", [r.values["parent"] for r in create["units"]])
        units |= _fetch(Unit.objects.all(), "code", [r.values["unit"] for r in create["organisations"]])
        for row in create["units"]:
            v = row.values
            parent = units.get(v["parent"]) if v["parent"] else None
            if v["parent"] and parent is None:
                continue  # its parent was refused
            unit = self.call(
                row,
                services.create_unit,
                code=v["code"],
                name=v["name"],
                level=v["level"],
                parent=parent,
                zone_kind=v["zone_kind"],
                position=v["position"],
            )
            if unit is not None:
                units[unit.code] = unit

        org_codes = [r.values["organisation"] for r in (*create["posts"], *create["portfolios"])]
        org_codes += [r.values[k] for r in create["successions"] for k in ("predecessor", "successor")]
        orgs = _fetch(Organisation.objects.select_related("unit"), "code", org_codes)
        for row in create["organisations"]:
            v = row.values
            if v["unit"] in units:
                org = self.call(
                    row,
                    services.create_organisation,
                    code=v["code"],
                    unit=units[v["unit"]],
                    name=v["name"],
                    type=v["type"],
                    kind_code=v["kind_code"],
                    start=v["start"],
                    end=v["end"],
                    safety_body=v.get("safety_body") or "",
                    safety_staff=v.get("safety_staff"),
                )
                if org is not None:
                    orgs[org.code] = org
        staffing = self.plan.safety_staffing
        staffed = _fetch(Organisation.objects.all(), "code", [r.values["code"] for r in staffing])
        for row in self.plan.safety_staffing:
            v, org = row.values, staffed[row.values["code"]]
            self.call(
                row,
                services.set_safety_staffing,
                organisation=org,
                safety_body=v.get("safety_body") or org.safety_body,
                safety_staff=org.safety_staff if v.get("safety_staff") is None else v["safety_staff"],
            )

        posts = _fetch(
            Post.objects.select_related("unit"),
            "code",
            [r.values["post"] for r in (*create["tenures"], *create["portfolios"])],
        )
        for row in create["posts"]:
            v = row.values
            if v["organisation"] in orgs:
                post = self.call(
                    row,
                    services.create_post,
                    code=v["code"],
                    organisation=orgs[v["organisation"]],
                    title=v["title"],
                    role_code=v["role_code"],
                    start=v["start"],
                    end=v["end"],
                )
                if post is not None:
                    posts[post.code] = post

        people = _fetch(
            Person.objects.all(),
            "code",
            [r.values["person"] for r in create["tenures"]] + [r.values["code"] for r in self.plan.retire],
        )
        for row in create["people"]:
            v = row.values
            person = self.call(row, services.create_person, code=v["code"], name=v["name"], note=v["note"])
            if person is not None:
                people[person.code] = person

        self._tenures(posts, people)
        self._portfolios(posts, orgs)
        for row in create["successions"]:
            v = row.values
            if v["predecessor"] in orgs and v["successor"] in orgs:
                self.call(
                    row,
                    services.reorganise,
                    predecessors=[orgs[v["predecessor"]]],
                    successors=[orgs[v["successor"]]],
                    on=v["on"],
                    kind=v["kind"],
                    note=v["note"],
                )
        for row in self.plan.retire:
            if row.values["code"] in people:
                self.call(
                    row, services.retire, person=people[row.values["code"]], on=row.values["retired_on"]
                )
        return self.errors

    def _tenures(self, posts: dict[str, Post], people: dict[str, Person]) -> None:
        for row in self.plan.create["tenures"]:
            v = row.values
            if v["person"] not in people or v["post"] not in posts:
                continue
            extra: dict[str, Any] = {}
            if v["end_reason"]:
                if APPOINT_TAKES_END_REASON:
                    extra["end_reason"] = v["end_reason"]
                else:
                    self.warnings.append(
                        row.error("end_reason", "新建已结束的任职时暂不能保存离任原因，已忽略")
                    )
            self.call(
                row,
                services.appoint,
                person=people[v["person"]],
                post=posts[v["post"]],
                start=v["start"],
                end=v["end"],
                acting=v["acting"],
                **extra,
            )
        tenures = _fetch(
            Tenure.objects.select_related("person", "post__unit"),
            "pk",
            [pk for _, pk in self.plan.end_tenures],
        )
        for row, pk in self.plan.end_tenures:
            self.call(
                row,
                services.end_tenure,
                tenure=tenures[pk],
                end=row.values["end"],
                reason=row.values["end_reason"],
            )

    def _portfolios(self, posts: dict[str, Post], orgs: dict[str, Organisation]) -> None:
        for row in self.plan.create["portfolios"]:
            v = row.values
            organisation = orgs.get(v["organisation"]) if v["organisation"] else None
            if v["post"] not in posts or (v["organisation"] and organisation is None):
                continue
            self.call(
                row,
                services.assign_portfolio,
                post=posts[v["post"]],
                organisation=organisation,
                sector_code=v["sector_code"],
                start=v["start"],
                end=v["end"],
            )
        portfolios = _fetch(
            Portfolio.objects.select_related("post__unit"), "pk", [pk for _, pk in self.plan.end_portfolios]
        )
        for row, pk in self.plan.end_portfolios:
            self.call(row, services.end_portfolio, portfolio=portfolios[pk], end=row.values["end"])


def apply_plan(plan: Plan, *, actor: Actor) -> tuple[list[RosterError], list[RosterError]]:
    """Errors and warnings from the services; no errors means every planned write was made."""
    applier = _Applier(plan, actor)
    applier.run()
    return applier.errors, applier.warnings
