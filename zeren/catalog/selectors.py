"""Reads for the catalogue. The catalogue (who answers for what, under which clause) is public."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from .models import DepartmentKind, Duty, KindTrait, PackVersion, Parameter, Role, Sector, SectorSupervisor
from .packs import current_pack


def local_choice_days(code: str, default: int, pack: PackVersion | None = None) -> int:
    """A non-negative whole-number local choice (``local_choices[].value``) of the pack in force.

    ``default`` applies only when no pack is loaded or the pack lacks the choice (a pack of another
    locality may not have it); the Kashgar pack states each value with its note and source.
    """
    if pack is None:
        try:
            pack = current_pack()
        except Http404:
            return default
    row = Parameter.objects.filter(pack=pack, section="local_choices", code=code).first()
    value = row.value.get("value") if row is not None else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def regulation_slug(pack: PackVersion) -> str:
    """The slug of the regulation this pack version was loaded with (for citation links)."""
    return pack.regulation_version.regulation.slug


def kinds_with_traits(pack: PackVersion) -> QuerySet[DepartmentKind]:
    """The pack's department kinds in pack order, their trait links prefetched (one query each)."""
    return pack.department_kinds.prefetch_related(
        Prefetch("kind_traits", queryset=KindTrait.objects.select_related("trait"))
    ).order_by("position")


def access_kind(pack: PackVersion, code: str) -> DepartmentKind:
    """The department kind ``code`` of ``pack``, or 404."""
    kind = kinds_with_traits(pack).filter(code=code).first()
    if kind is None:
        raise Http404(f"没有部门类型 {code}")
    return kind


def duties_of_kind(kind: DepartmentKind) -> tuple[list[Duty], list[Duty]]:
    """The kind's own duties and those it inherits through its traits (art. 18)."""
    own = list(kind.duties.order_by("position"))
    trait_ids = [kt.trait_id for kt in kind.kind_traits.all()]
    inherited = list(Duty.objects.filter(trait_id__in=trait_ids).select_related("trait").order_by("position"))
    return own, inherited


def sectors_of_kind(kind: DepartmentKind) -> QuerySet[SectorSupervisor]:
    """The sectors the kind supervises, with its capacity and part in each (art. 3, art. 18)."""
    return kind.supervised_sectors.select_related("sector").order_by("sector__position", "position")


def sectors_with_supervisors(pack: PackVersion) -> QuerySet[Sector]:
    """The pack's sectors in pack order with their supervisors prefetched."""
    return pack.sectors.prefetch_related(
        Prefetch("supervisors", queryset=SectorSupervisor.objects.select_related("kind").order_by("position"))
    ).order_by("position")


def access_sector(pack: PackVersion, code: str) -> Sector:
    """The sector ``code`` of ``pack``, or 404."""
    sector = sectors_with_supervisors(pack).filter(code=code).first()
    if sector is None:
        raise Http404(f"没有行业领域 {code}")
    return sector


def roles_with_duties(pack: PackVersion) -> QuerySet[Role]:
    """The pack's roles with their duties prefetched in pack order."""
    return pack.roles.prefetch_related(Prefetch("duties", queryset=Duty.objects.order_by("position")))


def access_role(pack: PackVersion, code: str) -> Role:
    """The role ``code`` of ``pack``, or 404."""
    role = roles_with_duties(pack).filter(code=code).first()
    if role is None:
        raise Http404(f"没有岗位角色 {code}")
    return role


def sector_choices(pack_id: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of the current pack's sectors, for forms; empty when no pack is loaded."""
    try:
        pack = current_pack(pack_id)
    except Http404:
        return []
    return list(pack.sectors.order_by("position").values_list("code", "name"))


def sector_names(pack_id: str | None = None) -> dict[str, str]:
    """Sector code → name of the current pack (empty when no pack is loaded)."""
    return dict(sector_choices(pack_id))


def current_regulation_slug(pack_id: str | None = None) -> str | None:
    """The slug of the current pack's regulation, for citation links; None when no pack is loaded."""
    try:
        return regulation_slug(current_pack(pack_id))
    except Http404:
        return None
