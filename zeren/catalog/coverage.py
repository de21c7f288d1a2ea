"""Article coverage as shown in the catalogue: classification and feature from the stored pack, and,
where the source tree's tests/ is present, the tests that cite each article (zeren.packs.coverage)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .models import PackVersion


@dataclass(frozen=True)
class CoverageRow:
    eid: str
    classification: str
    feature: str
    note: str
    tests: list[str]


def _tests_by_article(pack: PackVersion) -> dict[str, list[str]]:
    tests_dir = Path(settings.BASE_DIR) / "tests"
    if not tests_dir.is_dir():
        return {}
    from zeren.packs import coverage as pack_coverage
    from zeren.packs import load_pack

    pack_dir = Path(settings.BASE_DIR) / "zeren" / "packs" / pack.pack_id
    if not pack_dir.is_dir():
        return {}
    report = pack_coverage(load_pack(pack_dir), tests_dir=tests_dir)
    return {row["eid"]: list(row.get("tests") or []) for row in report["articles"]}


def coverage_rows(pack: PackVersion) -> list[CoverageRow]:
    """The stored pack's articles with the tests citing each (no tests when the pack directory is gone)."""
    tests = _tests_by_article(pack)
    return [
        CoverageRow(a.eid, a.classification, a.feature, a.note, tests.get(a.eid, []))
        for a in pack.articles.order_by("position")
    ]
