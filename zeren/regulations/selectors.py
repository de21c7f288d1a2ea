"""Reads for regulations. Regulation texts are public (art. 74 spirit: the rules are published)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from zeren.common.actor import Actor

from .models import Provision, Regulation, RegulationVersion


@dataclass
class ProvisionNode:
    provision: Provision
    children: list[ProvisionNode] = field(default_factory=list)


REGULATION_ORDER = ("title", "pk")
_SUMMARY_FIELDS = (  # what a list shows of a version: never its texts, tree or warnings
    "regulation_id",
    "number",
    "document_number",
    "issuer",
    "issue_date",
    "publication_date",
    "effective_date",
    "source_sha256",
)


def regulations(q: str = "") -> QuerySet[Regulation]:
    """Every imported regulation, narrowed to titles containing ``q``."""
    qs = Regulation.objects.all()
    q = q.strip()[:60]
    return qs.filter(title__contains=q) if q else qs


def with_current_version(
    rows: Sequence[Regulation],
) -> list[tuple[Regulation, RegulationVersion | None]]:
    """Each regulation of a page beside its current (highest-numbered) version, in one query."""
    latest: dict[int, RegulationVersion] = {}
    versions = RegulationVersion.objects.filter(regulation__in=[r.pk for r in rows]).only(*_SUMMARY_FIELDS)
    for version in versions.order_by("regulation_id", "number"):
        latest[version.regulation_id] = version
    return [(regulation, latest.get(regulation.pk)) for regulation in rows]


def regulations_with_current_version(limit: int = 10) -> list[tuple[Regulation, RegulationVersion | None]]:
    """The first ``limit`` regulations by title with their current versions (the home page's short list)."""
    return with_current_version(list(regulations().order_by(*REGULATION_ORDER)[:limit]))


def access_regulation(slug: str) -> Regulation:
    """The regulation ``slug``, or 404."""
    regulation = Regulation.objects.filter(slug=slug).first()
    if regulation is None:
        raise Http404(f"没有标识为 {slug} 的法规")
    return regulation


def version_of(regulation: Regulation, number: int | None = None) -> RegulationVersion:
    """Version ``number`` of the regulation (default: the latest), or 404."""
    versions = regulation.versions.all()
    version = (
        versions.filter(number=number).first() if number is not None else versions.order_by("-number").first()
    )
    if version is None:
        raise Http404("没有该版本")
    return version


def provisions_of(version: RegulationVersion) -> QuerySet[Provision]:
    """The version's provisions in document order."""
    return version.provisions.order_by("position")


def provision_tree(version: RegulationVersion) -> list[ProvisionNode]:
    """The whole clause tree in one query, assembled in memory."""
    roots: list[ProvisionNode] = []
    by_id: dict[int, ProvisionNode] = {}
    for provision in provisions_of(version):
        node = ProvisionNode(provision)
        by_id[provision.pk] = node
        if provision.parent_id is None:
            roots.append(node)
        else:
            by_id[provision.parent_id].children.append(node)
    return roots


def tree_as_dicts(version: RegulationVersion) -> list[dict[str, object]]:
    """The version's provision tree as plain dicts (the API and the pack tools read it)."""

    def convert(node: ProvisionNode) -> dict[str, object]:
        p = node.provision
        return {
            "eid": p.eid,
            "kind": p.kind,
            "number": p.number,
            "label": p.label,
            "heading": p.heading or None,
            "text": p.raw_text,
            "content": p.content,
            "citation": p.citation,
            "references": p.references,
            "children": [convert(child) for child in node.children],
        }

    return [convert(root) for root in provision_tree(version)]


def can_see_import_warnings(user: Actor) -> bool:
    """Importer warnings are for administrators: the committee office and Django staff."""
    from zeren.accounts.models import Role
    from zeren.accounts.scope import has_role

    return bool(getattr(user, "is_staff", False)) or has_role(user, Role.COMMITTEE_ADMIN)
