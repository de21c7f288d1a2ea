"""How a pack's duties and obligations reach the org data (docs/pack-format.md "duties", "organisation",
"calendar"): which articles carry duties, which roles take another role's duties, how the measures read at
each level of unit (a township or a zone applies them by reference), which organisation types make up each
body, who answers for an organisation, and how a first year's due dates follow the entry into force."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model_base import Choice

PORTFOLIO_DEPARTMENT = ("oversight", "every_duty")
# The organisation types of the org data (zeren.org Organisation.Type): the vocabulary a pack maps its
# bodies onto. Generic, not a locality's fact.
ORGANISATION_TYPES = (
    "party_committee",
    "government",
    "party_organ",
    "government_department",
    "vertical_agency",
    "social_organisation",
    "safety_committee",
    "committee_office",
    "zone_administration",
)
UNIT_LEVELS = ("prefecture", "county", "township", "zone")


@dataclass(frozen=True)
class RoleInclusion:
    """A role whose holders also take every duty of other roles (e.g. a safety leader is a member of the
    government team, art. 16)."""

    role: str
    includes: tuple[str, ...]
    clause: str
    note: str | None = None


@dataclass(frozen=True)
class PortfolioRule:
    """What a leader's list takes from an overseen department: ``oversight`` — one line per overseen
    department citing its article (the leader sees to it that the department does its duties; the points
    themselves are the department principal's) — or ``every_duty`` — every point of the article."""

    value: str
    clause: str
    choice: Choice = field(default_factory=Choice)


@dataclass(frozen=True)
class DutyRules:
    articles: tuple[int, int] | None = None  # every point of these articles belongs to a role, trait or kind
    articles_clause: str | None = None
    inclusions: tuple[RoleInclusion, ...] = ()
    portfolio: PortfolioRule | None = None

    def included_roles(self, role: str) -> tuple[str, ...]:
        """``role`` and every role it includes (transitively), ``role`` first."""
        seen = [role]
        for current in seen:
            for inclusion in self.inclusions:
                if inclusion.role == current:
                    seen += [r for r in inclusion.includes if r not in seen]
        return tuple(seen)

    def roles_including(self, role: str) -> tuple[str, ...]:
        """Every role whose holders take ``role``'s duties (``role`` itself first)."""
        roles = {i.role for i in self.inclusions} | {role}
        return tuple(r for r in sorted(roles, key=lambda r: r != role) if role in self.included_roles(r))


@dataclass(frozen=True)
class LevelReading:
    """How the measures apply at one level of unit. ``terms`` rename the text's bodies for that level
    (党委常委会 → 党委会); ``omit`` lists duty clauses that do not apply there; ``obligations`` the
    recurring obligations owed there (None: all)."""

    id: str
    name: str
    clause: str
    terms: tuple[tuple[str, str], ...] = ()
    omit: tuple[str, ...] = ()
    obligations: tuple[str, ...] | None = None
    choice: Choice = field(default_factory=Choice)

    def read(self, text: str) -> str:
        """``text`` with the level's terms substituted (a duty summary read at this unit level)."""
        for old, new in self.terms:
            text = text.replace(old, new)
        return text


ORG_CHECKS = (
    "safety_leader_on_standing_committee",
    "department_safety_leader",
    "department_safety_body",
    "list_published",
    "special_fund_budgeted",
)  # zeren.policy.org_checks


@dataclass(frozen=True)
class OrgCheck:
    """A structural check of the org data against the text (``zeren org check``): the rule, its clause,
    the roles it looks at (``roles``; ``with_roles``: the roles the same person must also hold) and the
    unit levels it applies to. A department check applies to every department (the ``department`` body) at
    those levels, or, when ``kinds`` or ``traits`` are given, only to departments of those department kinds
    or whose kind carries one of those traits (e.g. only the supervisory departments)."""

    check: str
    clause: str
    levels: tuple[str, ...]
    roles: tuple[str, ...] = ()
    with_roles: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    traits: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrganisationRules:
    body_types: tuple[tuple[str, tuple[str, ...]], ...] = ()  # pack body -> organisation types
    principals: tuple[tuple[str, str], ...] = ()  # organisation type -> principal role ("*": otherwise)
    levels: tuple[LevelReading, ...] = ()
    clause: str | None = None
    checks: tuple[OrgCheck, ...] = ()

    def types_of(self, body: str) -> tuple[str, ...]:
        """The organisation types that make up ``body`` (empty for a body the pack does not map)."""
        return dict(self.body_types).get(body, ())

    def body_of(self, organisation_type: str) -> str | None:
        """The body an organisation of ``organisation_type`` belongs to, or None."""
        return next((body for body, types in self.body_types if organisation_type in types), None)

    def principal_role(self, organisation_type: str) -> str:
        """The role that answers for an organisation of this type (the ``*`` entry otherwise; "" if none)."""
        table = dict(self.principals)
        return table.get(organisation_type) or table.get("*", "")

    def level(self, level_id: str) -> LevelReading | None:
        """The pack's reading of unit level ``level_id``, or None when the pack does not apply there."""
        return next((lv for lv in self.levels if lv.id == level_id), None)

    @property
    def level_ids(self) -> tuple[str, ...]:
        """The unit levels the pack applies to, in pack order."""
        return tuple(lv.id for lv in self.levels)


@dataclass(frozen=True)
class CalendarRules:
    """``first_due_after_effective_days``: a period that runs into the entry into force but whose due date
    falls before it is owed that many days after the effective date (None: such a period is not owed)."""

    first_due_after_effective_days: int | None = None
    clause: str | None = None
    choice: Choice = field(default_factory=Choice)
