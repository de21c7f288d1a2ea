"""The pure accident and accountability rules of a loaded pack, for the Django side.

Which pack applies, and its pure ``Pack``, come from ``zeren.catalog.packs``. Nothing here computes a
rule: it only gathers inputs and calls ``zeren.policy``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zeren.catalog.models import PackVersion
from zeren.catalog.packs import current_pack, pure_pack
from zeren.law import cite
from zeren.packs import policy_rules
from zeren.packs.model import Pack
from zeren.policy.accidents import GradeBand, GradeResult, ReportingRules, grade_accident
from zeren.policy.accountability import ProposalRules
from zeren.policy.chain import ReachRules

SOURCE_NAMES = {"493": "《生产安全事故报告和调查处理条例》"}


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
        version = current_pack(on=on)  # PackNotInForce is a RulesUnavailable
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
