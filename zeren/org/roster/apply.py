"""Carry out a plan: new organisations, posts, people, tenures and portfolios in bulk (``bulk.py``: the
services' checks in memory, the database's bulk path, the services' audit events), everything else (units,
ends, reorganisations, retirements) through the org services.

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

from . import bulk
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
        self.existing_posts: list[Post] = []

    def refuse(self, row: Row, exc: OrgError) -> None:
        key = exc.field if exc.field in {c.key for c in row.spec.columns} else row.spec.columns[0].key
        self.errors.append(row.error(str(key), f"{SERVICE_REASONS.get(exc.code, '无法保存')}：{exc.message}"))

    def call(self, row: Row, service: Callable[..., Any], **kwargs: Any) -> Any:
        try:
            return service(actor=self.actor, **kwargs)
        except OrgError as exc:
            self.refuse(row, exc)
        except IntegrityError as exc:
            self.errors.append(row.error(row.spec.columns[0].key, f"数据库约束冲突：{exc}"))
        return None

    def build(self, rows: list[Row], make: Callable[[dict[str, Any]], M | None]) -> list[tuple[Row, M]]:
        """The new objects of ``rows`` (None: a row it depends on was refused), after the services' checks;
        a refused row becomes its error, as the service's would."""
        built: list[tuple[Row, M]] = []
        for row in rows:
            try:
                obj = make(row.values)
            except OrgError as exc:
                self.refuse(row, exc)
                continue
            if obj is not None:
                built.append((row, obj))
        return built

    @staticmethod
    def end_reason(v: dict[str, Any]) -> dict[str, Any]:
        return {"end_reason": v["end_reason"]} if v["end_reason"] and APPOINT_TAKES_END_REASON else {}

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
                urban=bool(v.get("urban")),
            )
            if unit is not None:
                units[unit.code] = unit
        bulk.set_urban(
            self.actor, [(row.values["code"], bool(row.values["urban"])) for row in self.plan.urban]
        )

        org_codes = [r.values["organisation"] for r in (*create["posts"], *create["portfolios"])]
        org_codes += [r.values[k] for r in create["successions"] for k in ("predecessor", "successor")]
        orgs = _fetch(Organisation.objects.select_related("unit"), "code", org_codes)
        new_orgs = self.build(
            create["organisations"],
            lambda v: bulk.new_organisation(v, units[v["unit"]]) if v["unit"] in units else None,
        )
        for _, org in bulk.insert_new(
            Organisation,
            new_orgs,
            ("code",),
            one_by_one=lambda row: self.call(row, services.create_organisation, **_org_args(row, units)),
            audit=bulk.audit_created(self.actor, "org.create_organisation", lambda o: o.unit.path),
        ):
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
        self.existing_posts = list(posts.values())
        new_posts = self.build(
            create["posts"],
            lambda v: bulk.new_post(v, orgs[v["organisation"]]) if v["organisation"] in orgs else None,
        )
        for _, post in bulk.insert_new(
            Post,
            new_posts,
            ("code",),
            one_by_one=lambda row: self.call(row, services.create_post, **_post_args(row, orgs)),
            audit=bulk.audit_created(self.actor, "org.create_post", lambda p: p.unit.path),
        ):
            posts[post.code] = post

        people = _fetch(
            Person.objects.all(),
            "code",
            [r.values["person"] for r in create["tenures"]] + [r.values["code"] for r in self.plan.retire],
        )
        new_people = self.build(
            create["people"], lambda v: Person(code=v["code"], name=v["name"], note=v["note"])
        )
        for _, person in bulk.insert_new(
            Person,
            new_people,
            ("code",),
            one_by_one=lambda row: self.call(row, services.create_person, **_person_args(row)),
            audit=bulk.audit_created(self.actor, "org.create_person", lambda _: None),
        ):
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
        appointments = bulk.Appointments(self.existing_posts)

        def appointment(v: dict[str, Any]) -> Tenure | None:
            if v["person"] not in people or v["post"] not in posts:
                return None
            return appointments.new(
                people[v["person"]], posts[v["post"]], v["start"], v["end"], v["acting"], **self.end_reason(v)
            )

        def appoint(row: Row) -> Tenure | None:
            v = row.values
            return self.call(  # type: ignore[no-any-return]
                row, services.appoint, person=people[v["person"]], post=posts[v["post"]], start=v["start"],
                end=v["end"], acting=v["acting"], **self.end_reason(v),
            )  # fmt: skip

        for row in self.plan.create["tenures"]:
            v = row.values
            if (
                v["person"] in people
                and v["post"] in posts
                and v["end_reason"]
                and not APPOINT_TAKES_END_REASON
            ):
                self.warnings.append(row.error("end_reason", "新建已结束的任职时暂不能保存离任原因，已忽略"))
        bulk.insert_new(
            Tenure,
            self.build(self.plan.create["tenures"], appointment),
            ("person_id", "post_id", "start"),
            one_by_one=appoint,
            audit=bulk.audit_appointment(self.actor),
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
        def portfolio(v: dict[str, Any]) -> Portfolio | None:
            organisation = orgs.get(v["organisation"]) if v["organisation"] else None
            if v["post"] not in posts or (v["organisation"] and organisation is None):
                return None
            return bulk.new_portfolio(v, posts[v["post"]], organisation)

        def assign(row: Row) -> Portfolio | None:
            v = row.values
            return self.call(  # type: ignore[no-any-return]
                row, services.assign_portfolio, post=posts[v["post"]],
                organisation=orgs.get(v["organisation"]) if v["organisation"] else None,
                sector_code=v["sector_code"], start=v["start"], end=v["end"],
            )  # fmt: skip

        bulk.insert_new(
            Portfolio,
            self.build(self.plan.create["portfolios"], portfolio),
            ("post_id", "organisation_id", "sector_code", "start"),
            one_by_one=assign,
            audit=bulk.audit_created(self.actor, "org.assign_portfolio", lambda p: p.post.unit.path),
        )
        portfolios = _fetch(
            Portfolio.objects.select_related("post__unit"), "pk", [pk for _, pk in self.plan.end_portfolios]
        )
        for row, pk in self.plan.end_portfolios:
            self.call(row, services.end_portfolio, portfolio=portfolios[pk], end=row.values["end"])


def _org_args(row: Row, units: dict[str, Unit]) -> dict[str, Any]:
    v = row.values
    return {
        "code": v["code"], "unit": units[v["unit"]], "name": v["name"], "type": v["type"],
        "kind_code": v["kind_code"], "start": v["start"], "end": v["end"],
        "safety_body": v.get("safety_body") or "", "safety_staff": v.get("safety_staff"),
    }  # fmt: skip


def _post_args(row: Row, orgs: dict[str, Organisation]) -> dict[str, Any]:
    v = row.values
    return {
        "code": v["code"], "organisation": orgs[v["organisation"]], "title": v["title"],
        "role_code": v["role_code"], "start": v["start"], "end": v["end"],
    }  # fmt: skip


def _person_args(row: Row) -> dict[str, Any]:
    return {"code": row.values["code"], "name": row.values["name"], "note": row.values["note"]}


def apply_plan(plan: Plan, *, actor: Actor) -> tuple[list[RosterError], list[RosterError]]:
    """Errors and warnings from the services; no errors means every planned write was made."""
    applier = _Applier(plan, actor)
    applier.run()
    return applier.errors, applier.warnings
