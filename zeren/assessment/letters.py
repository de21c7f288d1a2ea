"""The year's target responsibility letters (目标管理责任书, art. 55 para 1): generate, set targets, sign.

Every assessed unit (``facts.assessed_entities``: the counties and the prefecture departments) signs one
letter a year with the prefecture's safety committee. ``generate_letters`` writes a draft for each unit
that has none, from the pack's ``assessment.letter`` template: the group's default ceilings (the
``ceilings`` indicator), the required daily work (pack obligations), party A's signatories (holders of
the ``issuer_roles`` posts at the prefecture unit) and the unit's principals as party B. The committee
office may set a unit's own ceilings while the letter is a draft; ``record_signed`` stores the signed and
sealed scan (checked like obligation evidence) and freezes the letter. The assessment reads a signed
letter's ceilings (``facts._letters``).

Permission policy: writes belong to the committee-office administrator of the prefecture (the command
line, actor ``None``, acts as the system); the office sees every letter; a unit operator (or a county
committee-office administrator) whose scope covers the unit sees and downloads that unit's letter.
Out of scope → 404; visible but not allowed → 403.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zeren.accounts.models import Role
from zeren.accounts.scope import covers, scope_q
from zeren.audit.services import record_event, snapshot
from zeren.catalog.models import PackVersion
from zeren.catalog.packs import pack_for_year, pure_pack, pure_pack_of, stored_sections
from zeren.common.actor import Actor, acting_user
from zeren.obligations.errors import EvidenceRejected
from zeren.obligations.evidence import ALLOWED, check_upload
from zeren.org.models import Organisation, Tenure, Unit, active_on
from zeren.org.selectors import principals_of
from zeren.packs.model import Pack
from zeren.packs.model_assessment import LetterData

from . import permissions
from .errors import AssessmentError
from .facts import assessed_entities, principal_tenures
from .models import ResponsibilityLetter
from .rules import section

VIEW_ROLES = (Role.UNIT_OPERATOR, Role.COMMITTEE_ADMIN)
LETTER_FIELDS = ["year", "unit_code", "group", "targets", "status", "signed_on", "signed_copy_sha256",
                 "signed_copy_name"]  # fmt: skip


class LetterError(AssessmentError):
    code = "letter_error"
    http_status = 422


class NoLetterTemplate(LetterError):
    """The pack in force for the year has no ``assessment.letter`` section (or no pack is loaded)."""

    code = "no_letter_template"


class LetterFrozen(LetterError):
    """A signed letter is never changed."""

    code = "letter_frozen"


class InvalidTargets(LetterError):
    code = "invalid_targets"


class InvalidSigning(LetterError):
    """A signing date out of range, or a scan that fails the evidence checks (type, size, content)."""

    code = "invalid_signing"


@dataclass(frozen=True)
class GenerateResult:
    year: int
    created: list[str] = field(default_factory=list)  # unit codes of the new drafts
    existing: int = 0  # letters already present, left untouched


# -- pack ---------------------------------------------------------------------------------------


def letter_template(pack: Pack) -> LetterData:
    letter = section(pack).letter
    if letter is None:
        raise NoLetterTemplate(f"政策包 {pack.id} 未规定目标管理责任书模板（assessment.letter）")
    return letter


def pack_of(letter: ResponsibilityLetter) -> Pack:
    return pure_pack(letter.pack.pack_id)


def default_ceilings(pack: Pack) -> dict[str, tuple[int, int]]:
    """Per group, the pack's accident and death ceilings (the ``ceilings`` indicator)."""
    return {
        c.group: (c.accidents_max, c.deaths_max)
        for x in section(pack).indicators
        if x.rule == "ceilings"
        for c in x.ceilings
    }


def sign_by(letter: LetterData, year: int, version: PackVersion | None = None) -> dt.date:
    """The day letters are due signed; in the first year a day before the measures' entry into force
    moves after it as the pack's calendar says (``calendar.first_due_after_effective_days``, art. 76)."""
    month, day = (int(n) for n in letter.sign_by.split("-"))
    due = dt.date(year, month, day)
    if version is None or due >= version.effective_from:
        return due
    days = stored_sections(version).calendar.first_due_after_effective_days
    return version.effective_from + dt.timedelta(days=days or 0)


def work_for(pack: Pack, template: LetterData, members: str) -> list[dict[str, str]]:
    """The letter's required work that the group's members owe (an obligation's owners name a role, a body,
    a department kind or a trait; roles count by their body, kinds and traits are departments'). The
    members' bodies are those of the group's principal roles (a county's 党委 and 政府; a department)."""
    role_bodies = {r.id: r.body for r in pack.roles}
    bodies = {
        role_bodies.get(role, "")
        for g in section(pack).groups
        if g.members == members
        for role in g.principal_roles
    }
    role_body = {r.id: r.body for r in pack.roles}
    obligations = {o.id: o for o in pack.obligations}

    def owed(o: Any) -> bool:
        for owner in o.owners:
            body = {"role": role_body.get(owner.id), "body": owner.id}.get(owner.type, "department")
            if body in bodies:
                return True
        return False

    return [
        {"obligation": o.id, "name": o.name, "clause": o.clause}
        for o in (obligations[w] for w in template.work if w in obligations)
        if owed(o)
    ]


def fill_text(letter: ResponsibilityLetter, template: LetterData) -> list[list[Any]]:
    """The letter's paragraphs with the placeholders filled, each with the work lines placed after it.

    Stored on the letter when generated and when its targets change; frozen once signed, so a later
    change of the pack's wording never rewrites a signed letter. The work list follows the first
    paragraph ending with a colon, or the last paragraph.
    """
    from zeren.accidents.rules import citation
    from zeren.duties.exports import chinese_date

    values = _Keep(
        year=letter.year,
        unit=letter.unit_name,
        issuer=letter.issuer,
        accidents_max=letter.targets.get("accidents_max", ""),
        deaths_max=letter.targets.get("deaths_max", ""),
        sign_by=chinese_date(sign_by(template, letter.year, letter.pack)),
    )
    paragraphs = [p.format_map(values) for p in template.paragraphs]
    work = [
        f"{n}．{w['name']}（{citation(w['clause'])}）"
        for n, w in enumerate(letter.targets.get("work", []), 1)
    ]
    at = next((i for i, p in enumerate(paragraphs) if p.endswith(("：", ":"))), len(paragraphs) - 1)
    return [[p, work if i == at else []] for i, p in enumerate(paragraphs)]


class _Keep(dict[str, object]):
    def __missing__(self, key: str) -> str:  # an unknown placeholder stays visible, never crashes
        return "{" + key + "}"


def _dedup(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


# -- permissions --------------------------------------------------------------------------------


def can_write(actor: Actor) -> bool:
    return permissions.can_run(actor)


def require_write(actor: Actor) -> None:
    if not can_write(actor):
        raise PermissionDenied("只有地区安委办管理员可以生成、调整和登记目标管理责任书")


def _members(pack_ids: list[str]) -> dict[str, str]:
    """group id -> members (county | prefecture_department) over the packs the letters use."""
    return {g.id: g.members for pid in pack_ids for g in section(pure_pack(pid)).groups}


def group_names(pack_ids: list[str]) -> dict[str, str]:
    """group id -> its name (县（市）, 地直部门…) over the packs the letters use."""
    return {g.id: g.name for pid in pack_ids for g in section(pure_pack(pid)).groups}


LETTER_ORDER = ("group", "unit_code", "pk")  # the year's letters by group, then unit


def visible_letters(user: Actor) -> QuerySet[ResponsibilityLetter]:
    letters = ResponsibilityLetter.objects.select_related("pack")
    if permissions.is_office(user):
        return letters
    members = _members(list(letters.order_by().values_list("pack__pack_id", flat=True).distinct()))
    units = Unit.objects.filter(scope_q(user, VIEW_ROLES, "path")).values("code")
    orgs = Organisation.objects.filter(scope_q(user, VIEW_ROLES, "unit__path")).values("code")
    q = Q(pk__in=[])
    for group, kind in members.items():
        q |= Q(group=group, unit_code__in=units if kind == "county" else orgs)
    return letters.filter(q)


def unit_path(letter: ResponsibilityLetter) -> str | None:
    """The unit path the letter belongs to: the county's, or the department's unit."""
    if _members([letter.pack.pack_id]).get(letter.group) == "county":
        return Unit.objects.filter(code=letter.unit_code).values_list("path", flat=True).first()
    return Organisation.objects.filter(code=letter.unit_code).values_list("unit__path", flat=True).first()


def access_letter(user: Actor, letter_id: int) -> ResponsibilityLetter:
    letter = ResponsibilityLetter.objects.select_related("pack").filter(pk=letter_id).first()
    if letter is None or not (permissions.is_office(user) or covers(user, VIEW_ROLES, unit_path(letter))):
        raise Http404(f"没有目标管理责任书 {letter_id}")
    return letter


# -- generation ---------------------------------------------------------------------------------


def _person(tenure: Tenure, *, role: bool) -> dict[str, Any]:
    row = {"person": tenure.person.code, "name": tenure.person.name, "post": tenure.post.title}
    return row | ({"role": tenure.post.role_code} if role else {})


def _issuer_signatories(letter: LetterData, on: dt.date) -> list[dict[str, Any]]:
    prefecture = Unit.objects.filter(level=Unit.Level.PREFECTURE).order_by("path").first()
    if prefecture is None:
        return []
    tenures = sorted(
        principals_of(prefecture, on, roles=letter.issuer_roles),
        key=lambda t: (letter.issuer_roles.index(t.post.role_code), t.acting, t.start),
    )
    return [_person(t, role=False) for t in tenures]


def _signatories(pack: Pack, entities: list[Any], on: dt.date) -> dict[str, list[dict[str, Any]]]:
    """Per unit code, the principals in post on ``on`` in post order (one query for all units)."""
    found: dict[str, list[tuple[int, Tenure]]] = {}
    for e, order, t in principal_tenures(entities, pack, active_on(on)):
        found.setdefault(e.code, []).append((order, t))
    return {
        code: [_person(t, role=True) for _, t in sorted(rows, key=lambda r: r[0])]
        for code, rows in found.items()
    }


@transaction.atomic
def generate_letters(*, actor: Actor, year: int, on: dt.date | None = None) -> GenerateResult:
    """A draft letter for every assessed unit of ``year`` that has none; existing letters stay untouched.

    The parties' signatories are those in post on ``on`` (default: today while the year runs, otherwise
    1 January of the year).
    """
    require_write(actor)
    try:
        version = pack_for_year(year)
    except Http404 as exc:
        raise NoLetterTemplate(str(exc)) from exc
    pack = pure_pack_of(version)
    template = letter_template(pack)
    today = timezone.localdate()
    on = on or (today if today.year == year else dt.date(year, 1, 1))
    existing = set(ResponsibilityLetter.objects.filter(year=year).values_list("unit_code", flat=True))
    entities = [e for e in assessed_entities(pack, year) if e.code not in existing]
    if not entities:
        return GenerateResult(year=year, existing=len(existing))
    ceilings = default_ceilings(pack)
    work_by_group = {g.id: work_for(pack, template, g.members) for g in section(pack).groups}
    daily = [x.clause for x in section(pack).indicators if x.rule == "completion_rate"]
    issuers = _issuer_signatories(template, on)
    signatories = _signatories(pack, entities, on)
    user = acting_user(actor)
    letters = []
    for e in entities:
        if e.group not in ceilings:
            raise NoLetterTemplate(f"政策包未规定“{e.group}”组的事故控制指标（ceilings）")
        accidents_max, deaths_max = ceilings[e.group]
        work = work_by_group[e.group]
        letter = ResponsibilityLetter(
            year=year,
            pack=version,
            unit_code=e.code,
            unit_name=e.name,
            group=e.group,
            title=template.title.format(year=year),
            targets={"accidents_max": accidents_max, "deaths_max": deaths_max, "work": work},
            issuer=template.issuer,
            issuer_signatories=issuers,
            signatories=signatories.get(e.code, []),
            clauses=_dedup([template.clause, *daily, *(w["clause"] for w in work)]),
            created_by=user,
        )
        letter.text = fill_text(letter, template)
        letters.append(letter)
    ResponsibilityLetter.objects.bulk_create(letters)
    created = [e.code for e in entities]
    record_event(
        actor=actor,
        action="assessment.letters.generate",
        object_type="assessment.responsibilityletter",
        object_repr=f"{year}年度目标管理责任书",
        after={"year": year, "pack": version.pk, "created": created, "signatories_on": str(on)},
        note=f"第五十五条第一款：生成{len(created)}份目标管理责任书（草稿）",
    )
    return GenerateResult(year=year, created=created, existing=len(existing))


# -- targets and signing ------------------------------------------------------------------------


def _lock_draft(letter: ResponsibilityLetter) -> ResponsibilityLetter:
    locked = ResponsibilityLetter.objects.select_for_update().get(pk=letter.pk)
    if locked.status == ResponsibilityLetter.Status.SIGNED:
        raise LetterFrozen(f"{locked.unit_name}的目标管理责任书已于{locked.signed_on}签订，不得修改")
    return locked


@transaction.atomic
def set_targets(
    *, actor: Actor, letter: ResponsibilityLetter, accidents_max: int, deaths_max: int
) -> ResponsibilityLetter:
    """The unit's own accident and death ceilings (a draft only)."""
    require_write(actor)
    locked = _lock_draft(letter)
    for name, value in (("accidents_max", accidents_max), ("deaths_max", deaths_max)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidTargets("控制指标应为不小于0的整数", field=name)
    before = snapshot(locked, LETTER_FIELDS)
    locked.targets = {**locked.targets, "accidents_max": accidents_max, "deaths_max": deaths_max}
    locked.text = fill_text(locked, letter_template(pack_of(locked)))
    locked.save(update_fields=["targets", "text"])
    record_event(
        actor=actor,
        action="assessment.letters.set_targets",
        obj=locked,
        before=before,
        after=snapshot(locked, LETTER_FIELDS),
        unit_path=unit_path(locked),
        note=f"调整控制指标：事故不超过{accidents_max}起，死亡不超过{deaths_max}人",
    )
    return locked


@transaction.atomic
def record_signed(
    *, actor: Actor, letter: ResponsibilityLetter, signed_on: dt.date, upload: Any
) -> ResponsibilityLetter:
    """Record the signing: the date and the signed, sealed scan. The letter is frozen from then on."""
    require_write(actor)
    locked = _lock_draft(letter)
    if signed_on > timezone.localdate():
        raise InvalidSigning("签订日期不能晚于今天", field="signed_on")
    if not dt.date(locked.year - 1, 1, 1) <= signed_on <= dt.date(locked.year, 12, 31):
        raise InvalidSigning(
            f"签订日期应在{locked.year - 1}年1月1日至{locked.year}年12月31日之间", field="signed_on"
        )
    try:
        checked = check_upload(upload)
    except EvidenceRejected as exc:
        raise InvalidSigning(exc.message, field="file") from exc
    before = snapshot(locked, LETTER_FIELDS)
    locked.signed_copy_sha256 = checked.sha256
    locked.signed_copy_extension = checked.extension
    locked.signed_copy_name = checked.name
    locked.signed_copy.save(checked.name, upload, save=False)  # named by its hash (models._letter_copy_path)
    locked.status = ResponsibilityLetter.Status.SIGNED
    locked.signed_on = signed_on
    locked.signed_recorded_at = timezone.now()
    locked.signed_recorded_by = acting_user(actor)
    locked.save()
    record_event(
        actor=actor,
        action="assessment.letters.sign",
        obj=locked,
        before=before,
        after=snapshot(locked, LETTER_FIELDS),
        unit_path=unit_path(locked),
        note=f"第五十五条第一款：登记目标管理责任书签订（{signed_on}）",
    )
    return locked


def content_type(letter: ResponsibilityLetter) -> str:
    """The signed copy's checked content type (from the evidence allow-list)."""
    return ALLOWED.get(letter.signed_copy_extension, ("application/octet-stream", ()))[0]


def letters_contract(year: int, visible: QuerySet[ResponsibilityLetter] | None = None) -> dict[str, Any]:
    """The ``zeren assess letters --json`` contract over ``visible`` (default: the system's view, every
    letter of the year; the API passes ``visible_letters(user)``)."""
    letters = ResponsibilityLetter.objects.all() if visible is None else visible
    rows = letters.filter(year=year).order_by("group", "unit_code")
    return {
        "year": year,
        "letters": [
            {
                "unit": r.unit_code,
                "group": r.group,
                "status": r.status,
                "accidents_max": r.targets.get("accidents_max"),
                "deaths_max": r.targets.get("deaths_max"),
                "signatories": r.signatories,
                "signed_on": r.signed_on.isoformat() if r.signed_on else None,
            }
            for r in rows
        ],
    }
