"""Building and resetting the Kashgar demo.

Units and the scripted history (a reorganisation, a transfer, a retirement, an acting head, a
portfolio moved) go through ``zeren.org.services``, one audit event each, exactly as if entered by
hand. The bulk of the rows (about 700 organisations, 2,000 posts, 3,300 people and tenures, 1,000
portfolios) is written through the database's bulk path (``zeren.common.bulk``) and recorded as one
``demo.build`` audit event per table: through the services it took 27 s on SQLite (12,000 audit
events), in bulk it takes under 2 s. A
closing ``demo.build`` event records the counts. The whole build is one transaction.

``build_demo`` is idempotent: when the prefecture unit ``kashgar`` exists it writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from zeren.audit.services import record_event
from zeren.common.actor import Actor
from zeren.common.bulk import bulk_insert_keyed
from zeren.org import services
from zeren.org.models import Organisation, Person, Portfolio, Post, Succession, Tenure, Unit

from .data import (
    AREAS,
    COUNTIES,
    DEPARTMENTS,
    EARLY_CHANGE,
    GOV_SEATS,
    LATE_CHANGE,
    PARTY_SEATS,
    PREFECTURE,
    PREFECTURE_CODE,
    PREFECTURE_ONLY_SECTORS,
    RECORDS_BEGIN,
    SECTIONS,
    STATION_KIND,
    STATION_TOWNSHIPS,
    STORY,
    URBAN_COUNTIES,
    VACANCY_CHANCE,
    ZONE_SECTORS,
    ZONES,
    AreaSpec,
    DeptSpec,
    Township,
    ZoneSpec,
    concurrent_seats,
)
from .names import NameMaker
from .staffing import safety_staffing

FLUSH_KEYS: dict[type, tuple[str, ...]] = {  # what tells the rows of one flush apart
    Organisation: ("code",),
    Post: ("code",),
    Portfolio: ("post_id", "organisation_id", "sector_code", "start"),
    Person: ("code",),
    Tenure: ("person_id", "post_id", "start", "acting"),
}
DEMO_NOTE = "演示人员（虚构）"
PERSON_PREFIX = "demo-"
SEED = "kashgar-demo-2021"
ONE_DAY = dt.timedelta(days=1)
END_REASONS = (Tenure.EndReason.TRANSFER, Tenure.EndReason.PROMOTION, Tenure.EndReason.OTHER)
END_WEIGHTS = (5, 4, 1)


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    units: int
    organisations: int
    posts: int
    people: int
    tenures: int
    portfolios: int
    successions: int
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        values = asdict(self)
        return {k: v for k, v in values.items() if k not in {"created", "seconds"}}


@dataclass(frozen=True)
class _Stint:
    start: dt.date
    end: dt.date | None
    reason: str


def _random_day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rng.randint(0, max((high - low).days, 0)))


def _timeline(rng: random.Random, start: dt.date) -> list[_Stint]:
    """Holders of one seat: possibly a change in 2019–2021 and/or in 2022–2024, sometimes a vacancy."""
    stints: list[_Stint] = []
    current = start
    for low, high, chance in (EARLY_CHANGE, LATE_CHANGE):
        if rng.random() >= chance:
            continue
        change = _random_day(rng, max(low, current + dt.timedelta(days=120)), high)
        reason = rng.choices(END_REASONS, weights=END_WEIGHTS)[0]
        stints.append(_Stint(current, change - ONE_DAY, reason))
        current = change + dt.timedelta(days=rng.randint(14, 60) if rng.random() < VACANCY_CHANCE else 0)
    stints.append(_Stint(current, None, ""))
    return stints


class _Builder:
    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.names = NameMaker(SEED)
        self.people = 0
        self.units: dict[str, Unit] = {}
        self.orgs: dict[str, Organisation] = {}
        self.posts: dict[str, Post] = {}
        self.seat_of: dict[str, tuple[str, str]] = {}  # post code -> (area code, seat key)
        self.portfolio_of: dict[tuple[str, str], Portfolio] = {}
        self.scripted: set[str] = set()
        self.bulk = True
        self.pending: dict[type, list[Any]] = {}

    # -- writers -----------------------------------------------------------------------------
    # While ``self.bulk`` is on, rows are collected and written by ``flush`` in bulk (one
    # ``demo.build`` audit event per table); afterwards every write goes through the services.

    def _add(self, obj: Any) -> None:
        self.pending.setdefault(type(obj), []).append(obj)

    def flush(self) -> None:
        for model in (Organisation, Post, Portfolio, Person, Tenure):
            rows = self.pending.pop(model, [])
            if not rows:
                continue
            # through the database's bulk path; each FK is filled from its related row, written just before
            bulk_insert_keyed(model, rows, FLUSH_KEYS[model])
            record_event(
                actor=self.actor,
                action="demo.build",
                object_type=model._meta.label_lower,
                object_repr=f"演示数据：批量写入{model._meta.verbose_name} {len(rows)} 条",
                after={"table": model._meta.db_table, "count": len(rows)},
                unit_path=self.units[PREFECTURE_CODE].path,
            )

    def person(self) -> Person:
        self.people += 1
        code, name = f"{PERSON_PREFIX}{self.people:05d}", self.names.next()
        if self.bulk:
            person = Person(code=code, name=name, note=DEMO_NOTE)
            self._add(person)
            return person
        return services.create_person(actor=self.actor, code=code, name=name, note=DEMO_NOTE)

    def org(
        self, code: str, unit: Unit, name: str, type: str, kind: str = "", start: dt.date = RECORDS_BEGIN
    ) -> Organisation:
        body, staff = safety_staffing(code, type, kind)
        if self.bulk:
            organisation = Organisation(
                code=code, unit=unit, name=name, type=type, kind_code=kind, start=start,
                safety_body=body, safety_staff=staff,
            )  # fmt: skip
            self._add(organisation)
        else:
            organisation = services.create_organisation(
                actor=self.actor, code=code, unit=unit, name=name, type=type, kind_code=kind, start=start,
                safety_body=body, safety_staff=staff,
            )  # fmt: skip
        self.orgs[code] = organisation
        return organisation

    def post(self, code: str, organisation: Organisation, title: str, role: str, area: str = "") -> Post:
        if self.bulk:
            post = Post(
                code=code,
                organisation=organisation,
                unit=organisation.unit,
                title=title,
                role_code=role,
                start=organisation.start,
            )
            self._add(post)
        else:
            post = services.create_post(
                actor=self.actor,
                code=code,
                organisation=organisation,
                title=title,
                role_code=role,
                start=organisation.start,
            )
        self.posts[code] = post
        if area:
            self.seat_of[code] = (area, code.removeprefix(f"{area}-"))
        return post

    def appoint(self, person: Person, post_code: str, start: dt.date, *, acting: bool = False) -> Tenure:
        post = self.posts[post_code]
        if self.bulk:
            tenure = Tenure(person=person, post=post, start=start, acting=acting)
            self._add(tenure)
            return tenure
        return services.appoint(actor=self.actor, person=person, post=post, start=start, acting=acting)

    def end(self, tenure: Tenure, end: dt.date, reason: str) -> None:
        if self.bulk and tenure.pk is None:
            tenure.end, tenure.end_reason = end, reason
            return
        services.end_tenure(actor=self.actor, tenure=tenure, end=end, reason=reason)

    def oversee(
        self, post: Post, start: dt.date, *, org: Organisation | None = None, sector: str = ""
    ) -> None:
        if self.bulk:
            portfolio = Portfolio(post=post, organisation=org, sector_code=sector, start=start)
            self._add(portfolio)
        else:
            portfolio = services.assign_portfolio(
                actor=self.actor, post=post, start=start, organisation=org, sector_code=sector
            )
        self.portfolio_of[(post.code, org.code if org else f"sector:{sector}")] = portfolio

    # -- structure ---------------------------------------------------------------------------

    def build_units(self) -> None:
        def unit(
            code: str, name: str, level: str, parent: str = "", position: int = 0, zone_kind: str = ""
        ) -> None:
            self.units[code] = services.create_unit(
                actor=self.actor,
                code=code,
                name=name,
                level=level,
                parent=self.units.get(parent),
                position=position,
                zone_kind=zone_kind,
                urban=level == "county" and code in URBAN_COUNTIES,
            )

        unit(PREFECTURE.code, PREFECTURE.name, "prefecture")
        for i, county in enumerate(COUNTIES, 1):
            unit(county.code, county.name, "county", PREFECTURE.code, i)
        for county in COUNTIES:
            for j, township in enumerate(county.townships, 1):
                unit(f"{county.code}-{township.slug}", township.name, "township", county.code, j)
        for k, zone in enumerate(ZONES, 1):
            unit(zone.code, zone.name, "zone", zone.parent, 100 + k, zone.zone_kind)

    def build_area(self, area: AreaSpec) -> None:
        c, unit = area.code, self.units[area.code]
        names = {"unit": area.name, "party": area.party_short, "gov": area.government}
        titles = {"head": area.head, "deputy": area.deputy}
        party = self.org(f"{c}-party", unit, area.party_committee, "party_committee")
        government = self.org(f"{c}-gov", unit, area.government, "government")
        self.org(f"{c}-safety-committee", unit, f"{area.name}安全生产委员会", "safety_committee")
        office = self.org(f"{c}-safety-office", unit, f"{area.name}安全生产委员会办公室", "committee_office")
        for party_seat in PARTY_SEATS:
            title = area.party_short + party_seat.suffix.format(**titles)
            self.post(f"{c}-party-{party_seat.slug}", party, title, party_seat.role, c)
        for seat in GOV_SEATS:
            title = {"head": area.head, "executive": f"常务{area.deputy}"}.get(seat.slug, area.deputy)
            self.post(f"{c}-gov-{seat.slug}", government, area.government + title, seat.role, c)
        self.post(f"{c}-safety-office-principal", office, f"{office.name}主任", "department_principal", c)
        reorganised = c == STORY.reorganised_unit
        if reorganised:  # the bureau the 2021 reform merged into the new emergency management bureau
            old = DeptSpec(
                "work-safety",
                "emergency_management",
                "{unit}安全生产监督管理局",
                "局长",
                "government_department",
            )
            self.build_department(area, old, names)
        for dept in DEPARTMENTS:
            if (dept.prefecture_only and area.level != "prefecture") or (
                dept.county_only and area.level == "prefecture"
            ):
                continue
            start = STORY.reorganised_on if reorganised and dept.slug == "emergency" else RECORDS_BEGIN
            self.build_department(area, dept, names, start)

    def build_department(
        self, area: AreaSpec, dept: DeptSpec, names: Mapping[str, str], start: dt.date = RECORDS_BEGIN
    ) -> None:
        code = f"{area.code}-{dept.slug}"
        org = self.org(
            code, self.units[area.code], dept.template.format(**names), dept.type, dept.kind, start
        )
        if dept.type == "social_organisation":
            self.post(
                f"{code}-principal", org, org.name + dept.head, "social_organisation_principal", area.code
            )
            return
        self.post(f"{code}-principal", org, org.name + dept.head, "department_principal", area.code)
        self.post(
            f"{code}-safety",
            org,
            f"{org.name}副{dept.head}（分管安全生产）",
            "department_safety_leader",
            area.code,
        )
        for n in range(1, dept.other_deputies + 1):
            self.post(
                f"{code}-deputy-{n}", org, f"{org.name}副{dept.head}", "department_other_leader", area.code
            )
        for n, title in enumerate(SECTIONS.get(dept.kind, ()) if area.level != "prefecture" else (), 1):
            self.post(f"{code}-section-{n}", org, org.name + title, "department_section_head", area.code)

    def build_township(self, area: AreaSpec, township: Township) -> None:
        code = f"{area.code}-{township.slug}"
        unit, name = self.units[code], township.name
        if township.style == "街道":
            party = self.org(f"{code}-party", unit, f"中共{area.name}{name}工作委员会", "party_committee")
            office = self.org(f"{code}-gov", unit, f"{area.name}{name}办事处", "government")
            secretary, head, deputy = "党工委书记", "办事处主任", "办事处副主任"
        else:
            party = self.org(f"{code}-party", unit, f"中共{area.name}{name}委员会", "party_committee")
            office = self.org(f"{code}-gov", unit, f"{area.name}{name}人民政府", "government")
            head = "乡长" if township.style == "乡" else "镇长"
            secretary, deputy = "党委书记", f"副{head}"
        prefix = f"{area.name}{name}"
        self.post(f"{code}-secretary", party, prefix + secretary, "party_principal")
        self.post(f"{code}-head", office, prefix + head, "government_principal")
        self.post(f"{code}-deputy", office, f"{prefix}{deputy}（分管安全生产）", "township_safety_leader")
        station = self.org(
            f"{code}-safety-station",
            unit,
            f"{prefix}安全生产监督管理站",
            "government_department",
            "township_safety_office",
        )
        self.post(f"{code}-safety-station-principal", station, f"{station.name}站长", "department_principal")
        if code in STATION_TOWNSHIPS:
            police_name, village_name = STATION_TOWNSHIPS[code]
            police = self.org(
                f"{code}-police",
                unit,
                f"{area.name}公安局{police_name}",
                "government_department",
                STATION_KIND,
            )
            self.post(f"{code}-police-principal", police, f"{police.name}所长", "department_principal")
            village = self.org(
                f"{code}-village",
                unit,
                f"{village_name}村（居）民委员会",
                "social_organisation",
                "village_committee",
            )
            self.post(f"{code}-village-principal", village, f"{village_name}党支部书记", "village_principal")

    def build_zone(self, zone: ZoneSpec) -> None:
        code, unit = zone.code, self.units[zone.code]
        party = self.org(f"{code}-party", unit, f"中共{zone.name}工作委员会", "party_committee")
        admin = self.org(f"{code}-admin", unit, f"{zone.name}管理委员会", "zone_administration")
        bureau = self.org(
            f"{code}-emergency",
            unit,
            f"{zone.name}应急管理局",
            "government_department",
            "emergency_management",
        )
        self.post(f"{code}-secretary", party, f"{zone.name}党工委书记", "party_principal")
        self.post(f"{code}-director", admin, f"{zone.name}管委会主任", "government_principal")
        deputy = self.post(
            f"{code}-deputy", admin, f"{zone.name}管委会副主任（分管安全生产）", "government_other_leader"
        )
        self.post(f"{code}-emergency-principal", bureau, f"{bureau.name}局长", "department_principal")
        self.post(
            f"{code}-emergency-safety",
            bureau,
            f"{bureau.name}副局长（分管安全生产）",
            "department_safety_leader",
        )
        self.oversee(deputy, RECORDS_BEGIN, org=bureau)
        for sector in ZONE_SECTORS:
            self.oversee(deputy, RECORDS_BEGIN, sector=sector)

    def build_portfolios(self, area: AreaSpec) -> None:
        for seat in GOV_SEATS:
            post = self.posts[f"{area.code}-gov-{seat.slug}"]
            for slug in seat.departments:
                if area.code == STORY.reorganised_unit and slug == "emergency":
                    slug = "work-safety"  # the new bureau is added when the story merges them
                org = self.orgs.get(f"{area.code}-{slug}")
                if org is not None:
                    self.oversee(post, RECORDS_BEGIN, org=org)
            for sector in seat.sectors:
                if area.level == "prefecture" or sector not in PREFECTURE_ONLY_SECTORS:
                    self.oversee(post, RECORDS_BEGIN, sector=sector)

    # -- people and history ------------------------------------------------------------------

    def build_holders(self) -> None:
        """Every seat not told by the story gets holders drawn from its own seeded generator."""
        secondary = concurrent_seats()
        groups: dict[str, list[str]] = {}
        for code in self.posts:
            if code in self.scripted:
                continue
            area, key = self.seat_of.get(code, ("", ""))
            if key not in secondary:
                groups[code] = [code]
        for code in self.posts:
            area, key = self.seat_of.get(code, ("", ""))
            primary = f"{area}-{secondary[key]}" if key in secondary else ""
            if primary in groups and code not in self.scripted:
                groups[primary].append(code)
        for primary, codes in groups.items():
            rng = random.Random(f"{SEED}:{primary}")  # noqa: S311 - demo history, not a secret
            for stint in _timeline(rng, self.posts[primary].start):
                holder = self.person()
                for code in codes:
                    tenure = self.appoint(holder, code, stint.start)
                    if stint.end is not None:
                        self.end(tenure, stint.end, stint.reason)

    def script(self, *codes: str) -> None:
        self.scripted.update(codes)

    def plan_story(self) -> None:
        s = STORY
        self.script(
            f"{s.transfer_from}-gov-{s.transfer_seat}",
            f"{s.transfer_to}-gov-{s.transfer_seat}",
            f"{s.transfer_to}-{s.retiree_bureau}-principal",
        )
        a = s.acting_unit
        self.script(
            f"{a}-gov-head",
            f"{a}-party-deputy-secretary-head",
            f"{a}-gov-executive",
            f"{a}-party-standing-executive",
        )
        j = s.reorganised_unit
        self.script(*[c for c in self.posts if c.startswith((f"{j}-work-safety-", f"{j}-emergency-"))])
        self.script(f"{j}-safety-office-principal")

    def tell_transfer_and_retirement(self) -> None:
        """莎车县: a bureau head becomes deputy head and retires (art. 69); 疏勒县's deputy takes the seat."""
        s = STORY
        source, target = f"{s.transfer_from}-gov-{s.transfer_seat}", f"{s.transfer_to}-gov-{s.transfer_seat}"
        bureau = f"{s.transfer_to}-{s.retiree_bureau}-principal"
        retiree, predecessor = self.person(), self.person()
        as_head = self.appoint(retiree, bureau, RECORDS_BEGIN)
        self.end(
            self.appoint(predecessor, target, RECORDS_BEGIN),
            s.retiree_promoted_on - ONE_DAY,
            Tenure.EndReason.TRANSFER,
        )
        self.end(as_head, s.retiree_promoted_on - ONE_DAY, Tenure.EndReason.PROMOTION)
        self.appoint(retiree, target, s.retiree_promoted_on)
        self.appoint(self.person(), bureau, s.retiree_promoted_on + dt.timedelta(days=23))
        services.retire(actor=self.actor, person=retiree, on=s.retire_on)
        deputy = self.person()
        self.appoint(deputy, source, RECORDS_BEGIN)
        services.transfer(actor=self.actor, person=deputy, to_post=self.posts[target], on=s.transfer_on)
        self.appoint(self.person(), source, s.refill_on)

    def tell_acting_head(self) -> None:
        """疏附县: the county head is promoted; the executive deputy acts as head until the new one comes."""
        s, a = STORY, STORY.acting_unit
        head, executive = self.person(), self.person()
        leaving = [
            self.appoint(head, f"{a}-gov-head", RECORDS_BEGIN),
            self.appoint(head, f"{a}-party-deputy-secretary-head", RECORDS_BEGIN),
        ]
        self.appoint(executive, f"{a}-gov-executive", RECORDS_BEGIN)
        self.appoint(executive, f"{a}-party-standing-executive", RECORDS_BEGIN)
        for tenure in leaving:
            self.end(tenure, s.head_leaves_on, Tenure.EndReason.PROMOTION)
        acting = self.appoint(executive, f"{a}-gov-head", s.acting_from, acting=True)
        self.end(acting, s.new_head_on - ONE_DAY, Tenure.EndReason.OTHER)
        successor = self.person()
        self.appoint(successor, f"{a}-gov-head", s.new_head_on)
        self.appoint(successor, f"{a}-party-deputy-secretary-head", s.new_head_on)

    def tell_reorganisation(self) -> None:
        """伽师县: the work-safety bureau is merged into the new emergency management bureau (art. 72)."""
        s, j = STORY, STORY.reorganised_unit
        director, safety, deputy = self.person(), self.person(), self.person()
        for person, seat in ((director, "principal"), (safety, "safety"), (deputy, "deputy-1")):
            self.appoint(person, f"{j}-work-safety-{seat}", RECORDS_BEGIN)
        self.appoint(director, f"{j}-safety-office-principal", RECORDS_BEGIN)
        old, new = self.orgs[f"{j}-work-safety"], self.orgs[f"{j}-emergency"]
        services.reorganise(
            actor=self.actor,
            predecessors=[old],
            successors=[new],
            on=s.reorganised_on,
            kind=Succession.Kind.MERGE,
            note="机构改革：安全生产监督管理局职责整合，组建应急管理局",
        )
        for person, seat in ((director, "principal"), (safety, "safety"), (deputy, "deputy-1")):
            self.appoint(person, f"{j}-emergency-{seat}", s.reorganised_on)
        self.appoint(self.person(), f"{j}-emergency-deputy-2", s.reorganised_on)
        self.oversee(self.posts[f"{j}-gov-executive"], s.reorganised_on, org=new)

    def tell_portfolio_move(self) -> None:
        """疏勒县: in 2023 the sports portfolio moves from one deputy head to another."""
        s, u = STORY, STORY.portfolio_unit
        old_post, new_post = self.posts[f"{u}-gov-deputy-social"], self.posts[f"{u}-gov-deputy-commerce"]
        org = self.orgs[f"{u}-{s.portfolio_department}"]
        last_day = s.portfolio_moves_on - ONE_DAY
        for key in (org.code, f"sector:{s.portfolio_sector}"):
            services.end_portfolio(
                actor=self.actor, portfolio=self.portfolio_of[(old_post.code, key)], end=last_day
            )
        self.oversee(new_post, s.portfolio_moves_on, org=org)
        self.oversee(new_post, s.portfolio_moves_on, sector=s.portfolio_sector)

    def run(self) -> None:
        self.build_units()
        for area in AREAS:
            self.build_area(area)
        for county in COUNTIES:
            for township in county.townships:
                self.build_township(county, township)
        for zone in ZONES:
            self.build_zone(zone)
        for area in AREAS:
            self.build_portfolios(area)
        self.plan_story()
        self.build_holders()
        self.flush()
        self.bulk = False  # the story's events go through the services, one audit event each
        self.tell_reorganisation()
        self.tell_transfer_and_retirement()
        self.tell_acting_head()
        self.tell_portfolio_move()


# -- public API ------------------------------------------------------------------------------


def demo_prefecture() -> Unit | None:
    return Unit.objects.filter(code=PREFECTURE_CODE).first()


def demo_exists() -> bool:
    return demo_prefecture() is not None


def _scopes(prefecture: Unit) -> dict[str, Any]:
    units = Unit.objects.filter(path__startswith=prefecture.path)
    posts = Post.objects.filter(unit__in=units)
    return {
        "units": units,
        "organisations": Organisation.objects.filter(unit__in=units),
        "posts": posts,
        "people": Person.objects.filter(code__startswith=PERSON_PREFIX),
        "tenures": Tenure.objects.filter(Q(post__in=posts) | Q(person__code__startswith=PERSON_PREFIX)),
        "portfolios": Portfolio.objects.filter(Q(post__in=posts) | Q(organisation__unit__in=units)),
        "successions": Succession.objects.filter(
            Q(predecessor__unit__in=units) | Q(successor__unit__in=units)
        ),
    }


def demo_summary(*, created: bool = False, seconds: float = 0.0) -> DemoSummary:
    prefecture = demo_prefecture()
    if prefecture is None:
        return DemoSummary(created, 0, 0, 0, 0, 0, 0, 0, seconds)
    counts = {name: qs.distinct().count() for name, qs in _scopes(prefecture).items()}
    return DemoSummary(created=created, seconds=seconds, **counts)


@transaction.atomic
def build_demo(*, actor: Actor = None) -> DemoSummary:
    """Build the Kashgar demo (idempotent: nothing is written when it already exists)."""
    if demo_exists():
        return demo_summary(created=False)
    started = time.perf_counter()
    builder = _Builder(actor)
    builder.run()
    summary = demo_summary(created=True, seconds=round(time.perf_counter() - started, 2))
    prefecture = builder.units[PREFECTURE_CODE]
    record_event(
        actor=actor,
        action="demo.build",
        object_type="org.unit",
        object_id=str(prefecture.pk),
        object_repr="喀什地区演示数据",
        after=summary.counts(),
        unit_path=prefecture.path,
        note="演示数据：喀什地区及12个县（市）的机构、岗位、虚构人员与任职历史",
    )
    return summary
