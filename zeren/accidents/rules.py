"""The pure accident and accountability rules of a loaded pack, for the Django side.

The catalogue stores a pack version's data; the pure rules are read from the pack directory of the
same id — ``<dir>/<pack_id>`` for each directory of the ``ZEREN_PACK_DIRS`` setting (another locality's
packs, outside the code), then the built-in ``zeren/packs/<pack_id>`` — by ``zeren.packs.policy_rules``
and cached per process. ``pure_pack_of(version)`` also checks that the directory still holds the content
of that stored version. Nothing here computes a rule: it only gathers inputs and calls ``zeren.policy``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import Http404

from zeren import packs
from zeren.catalog.models import PackVersion
from zeren.catalog.selectors import current_pack
from zeren.law import cite
from zeren.packs import policy_rules
from zeren.packs.model import Pack
from zeren.policy.accidents import GradeBand, GradeResult, ReportingRules, grade_accident
from zeren.policy.accountability import ProposalRules
from zeren.policy.chain import ReachRules

from .errors import RulesUnavailable

PACKS_DIR = Path(packs.__file__).parent
SOURCE_NAMES = {"493": "《生产安全事故报告和调查处理条例》"}


@lru_cache(maxsize=8)
def _load(directory: str) -> Pack:
    return packs.load_pack(directory)


def pack_directory(pack_id: str) -> Path:
    """The directory holding ``pack_id``: the first of ``ZEREN_PACK_DIRS``, then the built-in packs."""
    searched = [*settings.ZEREN_PACK_DIRS, PACKS_DIR]
    for base in searched:
        directory = Path(base) / pack_id
        if (directory / "pack.yaml").is_file():
            return directory
    where = "、".join(str(Path(b) / pack_id) for b in searched)
    raise RulesUnavailable(
        f"政策包 {pack_id} 的目录不存在（已查找：{where}；另行存放的政策包请设置 ZEREN_PACK_DIRS）"
    )


def pure_pack(pack_id: str | None = None) -> Pack:
    """The pure ``Pack`` for ``pack_id`` (default: the configured pack), cached per process."""
    return _load(str(pack_directory(pack_id or settings.ZEREN_DEFAULT_PACK)))


def pure_pack_of(version: PackVersion) -> Pack:
    """The pure ``Pack`` of a stored version, refusing a directory whose files have changed since it was
    loaded: a result must be computed with the very pack version it records."""
    from zeren.catalog.services import pack_content_sha256, read_pack_files

    directory = pack_directory(version.pack_id)
    _, raw_yaml, regulation_text = read_pack_files(directory)
    if pack_content_sha256(raw_yaml, regulation_text) != version.content_sha256:
        raise RulesUnavailable(
            f"政策包 {version.pack_id} 的文件（{directory}）与已加载的版本"
            f"（{version.content_sha256[:12]}）不一致；请先运行 zeren pack load 加载当前文件"
        )
    return _load(str(directory))


@dataclass(frozen=True)
class Rules:
    """The accident and accountability rules of one pack version."""

    version: PackVersion
    pack: Pack

    @property
    def bands(self) -> list[GradeBand]:
        return policy_rules.grade_bands(self.pack)

    @property
    def reporting(self) -> ReportingRules:
        return policy_rules.reporting_rules(self.pack)

    @property
    def reach(self) -> ReachRules:
        return policy_rules.reach_rules(self.pack)

    @property
    def proposal(self) -> ProposalRules:
        return policy_rules.proposal_rules(self.pack)

    @property
    def veto_periods(self) -> dict[str, int]:
        return policy_rules.veto_periods(self.pack)

    @property
    def veto_period_sources(self) -> dict[str, str]:
        return policy_rules.veto_period_sources(self.pack)

    @property
    def veto_clauses(self) -> tuple[str, ...]:
        return policy_rules.veto_clauses(self.pack)

    @property
    def form_names(self) -> dict[str, str]:
        return policy_rules.form_names(self.pack)

    def sector_name(self, code: str) -> str | None:
        for sector in self.pack.sectors:
            if sector.id == code:
                return sector.name
        return None

    def sector_code(self, value: str) -> str | None:
        """A sector id by id, Chinese name, short name or alias (None when unknown)."""
        return policy_rules.sector_lookup(self.pack).get(value.strip())

    def grade(self, *, deaths: int, serious_injuries: int, loss_yuan: int) -> GradeResult:
        return grade_accident(
            deaths=deaths, serious_injuries=serious_injuries, loss_yuan=loss_yuan, bands=self.bands
        )


def rules_for(version: PackVersion | None = None, on: dt.date | None = None) -> Rules:
    """The rules of ``version``, or of the pack in force on ``on`` (default today)."""
    if version is None:
        try:
            version = current_pack(on=on)
        except Http404 as exc:
            raise RulesUnavailable(str(exc)) from exc
    return Rules(version=version, pack=pure_pack(version.pack_id))


def citation(eid: str) -> str:
    """``493:art_13`` → 《生产安全事故报告和调查处理条例》第十三条; ``art_15`` → 办法第十五条."""
    source, _, clause = eid.rpartition(":")
    try:
        text = cite(clause)
    except (ValueError, KeyError):
        return eid
    if source:
        return SOURCE_NAMES.get(source, f"《{source}》") + text
    return "《办法》" + text
