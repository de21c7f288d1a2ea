"""A proposal (never a decision) of accountability forms for one person (arts. 63-71 of the measures).

The ladder of forms (mildest first), the default range for each trigger and accident grade, and which
pack trigger is the accident one and which the reporting one come from the pack (``accountability.forms``
and ``accountability.proposal``, local choices); the core holds no clause id. Steps:

1. a reporting case (the pack's ``report_trigger``) reaches only a person with leadership responsibility
   for the report (``report_responsibility``); anyone else → ``not_applicable``. Reporting findings
   (迟报、漏报、谎报、瞒报) count for a person only when they bear that responsibility, in any case;
2. exemption (the pack's ``exemption`` clause): only for an accident within the person's remit (the
   ``accident_trigger``), and only when BOTH full performance of duties AND full implementation of the Party
   committee's and government's deployments are verified, with evidence refs, and no false/concealed report
   or suspected crime involves the person → ``exempt``;
3. the base range: by grade for the accident trigger, else by trigger;
4. aggravation (``aggravation`` clause): poor work enlarged casualties/losses or caused serious social
   impact, AND the person bears main leadership responsibility (负有主要领导责任; being a principal is not
   enough) → the range moves up ``aggravation_steps``;
5. reporting findings: false/concealed → at least ``concealment_floor`` and up to the top of the ladder;
   late/omitted → the upper end moves up one, except in a reporting case, whose base range already is the
   range for the reporting failure (raised once, not twice);
6. mitigation (``mitigation`` clause): remedial actions → the range moves down ``mitigation_steps``;
7. a sanction (处分) is possible beside the ladder when the range reaches ``sanction_from``, on a false or
   concealed report, or on a suspected crime; a suspected crime is referred to the ``referral_organ``.
   The deciding organs decide.

Pure: imports nothing from Django. Rules: docs/accidents.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from zeren.law import LawParseError, cite

# Generic names a caller may use for the pack's accident and reporting triggers.
TRIGGER_ALIASES: tuple[str, ...] = ("accident", "reporting")
OUTCOMES: tuple[str, ...] = ("exempt", "propose_forms", "not_applicable")
SEVERE_KINDS: tuple[str, ...] = ("false", "concealed")  # 谎报、瞒报 (493号令 art. 36)
MINOR_KINDS: tuple[str, ...] = ("late", "omitted")  # 迟报、漏报 (493号令 art. 35)


@dataclass(frozen=True)
class PersonFacts:
    post_code: str
    role_code: str
    holder_code: str
    holder_name: str = ""
    is_principal: bool = False
    duties_fully_performed: bool = False  # verified: the duties of chapters 2-4 and of the laws
    deployments_implemented: bool = False  # verified: the Party committee's and government's deployments
    evidence: tuple[str, ...] = ()  # list lines, obligation occurrences done ... (refs)
    remedial_actions: bool = False  # mitigation
    enlarged_harm: bool = False  # aggravation: poor work enlarged casualties/losses or serious social impact
    main_leadership_responsibility: bool = False  # aggravation: "负有主要领导责任"
    reporting_findings: tuple[str, ...] = ()  # the accident's finding kinds: late|omitted|false|concealed
    report_responsibility: bool = False  # leadership responsibility for the report (迟报…负有领导责任)
    suspected_crime: bool = False  # referral to the discipline inspection and supervision organs


@dataclass(frozen=True)
class FormRange:
    low: str  # form id on the ladder
    high: str


@dataclass(frozen=True)
class ProposalRules:
    """The ladder of forms and the pack's default ranges (local choices, pack ``accountability.proposal``)."""

    ladder: tuple[str, ...]  # form ids, mildest first
    form_names: Mapping[str, str]
    sanction: str
    sanction_from: str  # a form id: ranges reaching it make a sanction possible
    by_trigger: Mapping[str, FormRange]  # pack trigger ids
    by_grade: Mapping[str, FormRange]  # for the accident trigger
    aggravation_steps: int
    mitigation_steps: int
    concealment_floor: str  # lowest form for false/concealed reports
    deciding_organs: tuple[str, ...]
    referral_organ: str
    clauses: Mapping[str, str]  # key -> clause: "trigger:<id>", forms, referral, aggravation, mitigation, ...
    note: str
    source: str
    accident_trigger: str  # the pack trigger id of leadership responsibility for an accident
    report_trigger: str  # the pack trigger id of leadership responsibility for a reporting failure
    trigger_names: Mapping[str, str] = field(default_factory=dict)  # pack trigger id -> Chinese summary
    failure_names: Mapping[str, str] = field(default_factory=dict)  # late -> 迟报 ...

    def trigger_id(self, trigger: str) -> str:
        """The pack trigger id for ``trigger`` (a pack id, or the alias accident / reporting)."""
        return {"accident": self.accident_trigger, "reporting": self.report_trigger}.get(trigger, trigger)


@dataclass(frozen=True)
class Proposal:
    outcome: str  # exempt | propose_forms | not_applicable
    forms: list[str]  # form ids, mildest first
    sanction_possible: bool
    referral_to_discipline: bool
    deciding_organs: list[str]
    clauses: list[str]
    facts_used: list[str]
    trace: str


def _names(rules: ProposalRules, forms: list[str]) -> str:
    return "、".join(rules.form_names.get(f, f) for f in forms)


def _cite(clause: str) -> str:
    try:
        return cite(clause) if clause else ""
    except LawParseError:
        return clause


def _kinds(rules: ProposalRules, kinds: list[str]) -> str:
    return "、".join(rules.failure_names.get(k, k) for k in kinds)


def propose(*, trigger: str, grade: str | None, facts: PersonFacts, rules: ProposalRules) -> Proposal:
    """Propose a range of forms for one person; the competent organs decide.

    ``trigger`` is a pack trigger id, or ``accident`` / ``reporting`` for the pack's accident and reporting
    triggers. ``grade`` is required for the accident trigger.
    """
    key = rules.trigger_id(trigger)
    if f"trigger:{key}" not in rules.clauses:
        known = ", ".join(k.removeprefix("trigger:") for k in rules.clauses if k.startswith("trigger:"))
        raise ValueError(f"unknown trigger {trigger!r}; expected one of {known} (or accident, reporting)")
    accident_case, reporting_case = key == rules.accident_trigger, key == rules.report_trigger
    if accident_case and (grade is None or grade not in rules.by_grade):
        raise ValueError(f"an accident proposal needs a known grade, got {grade!r}")
    report_clause = rules.clauses.get(f"trigger:{rules.report_trigger}", "")
    clauses = [rules.clauses[f"trigger:{key}"], rules.clauses.get("factors", "")]
    facts_used: list[str] = []
    steps: list[str] = []
    organs = list(rules.deciding_organs)
    attributed = list(facts.reporting_findings) if facts.report_responsibility else []
    severe_report = [k for k in attributed if k in SEVERE_KINDS]
    minor_report = [k for k in attributed if k in MINOR_KINDS]
    if facts.reporting_findings and not facts.report_responsibility:
        facts_used.append(
            f"对事故报告不负领导责任：{_kinds(rules, list(facts.reporting_findings))}不归责于本人"
        )

    if reporting_case and not facts.report_responsibility:
        return Proposal(
            outcome="not_applicable",
            forms=[],
            sanction_possible=False,
            referral_to_discipline=False,
            deciding_organs=organs,
            clauses=_unique([*clauses, rules.clauses.get("organs", "")]),
            facts_used=[*facts_used, "未认定对事故报告负有领导责任"],
            trace=(
                f"{_cite(report_clause)}只追究对{_kinds(rules, list(rules.failure_names)) or '报告失职'}"
                "负有领导责任的人员；本人未认定负有该领导责任 → 不适用本情形"
                "（仅为建议，由有权机关按权限决定）"
            ),
        )

    claimed = facts.duties_fully_performed or facts.deployments_implemented
    if claimed and not accident_case:
        steps.append(
            f"{_cite(rules.clauses.get('exemption', ''))}不予追究只适用于职责范围内发生的生产安全事故"
        )
        facts_used.append("全面履职不适用：本案不是事故责任案件")
    elif claimed:
        missing = [
            label
            for label, ok in (
                ("未查实已全面履行规定职责", facts.duties_fully_performed),
                ("未查实已全面落实党委和政府有关工作部署", facts.deployments_implemented),
                ("未附查实依据", bool(facts.evidence)),
                ("存在谎报、瞒报或涉嫌违法犯罪", not severe_report and not facts.suspected_crime),
            )
            if not ok
        ]
        if not missing:
            facts_used += [
                "经查实已全面履行规定职责",
                "经查实已全面落实党委和政府有关工作部署",
                *(f"依据：{e}" for e in facts.evidence),
            ]
            return Proposal(
                outcome="exempt",
                forms=[],
                sanction_possible=False,
                referral_to_discipline=False,
                deciding_organs=organs,
                clauses=_unique(
                    [*clauses, rules.clauses.get("exemption", ""), rules.clauses.get("organs", "")]
                ),
                facts_used=facts_used,
                trace=(
                    f"经查实已全面履行职责并全面落实党委和政府有关工作部署（{len(facts.evidence)}项依据）"
                    "→ 建议不予追究"
                ),
            )
        why = "、".join(missing)
        steps.append(f"称已全面履职但{why}，不适用免责")
        facts_used.append(f"全面履职未获采信：{why}")

    if accident_case and grade is not None:  # a grade is checked above
        base = rules.by_grade[grade]
        steps.append(f"{grade}事故负有领导责任")
        facts_used.append(f"事故等级：{grade}")
    else:
        base = rules.by_trigger[key]
        steps.append(f"问责情形：{rules.trigger_names.get(key, key)}")
    rank = {form: i for i, form in enumerate(rules.ladder)}
    top = len(rules.ladder) - 1
    low, high = rank[base.low], rank[base.high]
    steps.append(f"基准区间：{_names(rules, list(rules.ladder[low : high + 1]))}")
    clauses.append(rules.clauses.get("forms", ""))

    if facts.enlarged_harm and facts.main_leadership_responsibility:
        n = rules.aggravation_steps
        low, high = min(low + n, top), min(high + n, top)
        clauses.append(rules.clauses.get("aggravation", ""))
        facts_used.append("工作不力致伤亡损失扩大或严重社会影响，负主要领导责任")
        steps.append(f"从重（上移{n}档）")
    elif facts.enlarged_harm:
        steps.append("伤亡损失扩大但未认定负主要领导责任，不从重")
    if severe_report:
        low = max(low, rank[rules.concealment_floor])
        high = top
        clauses.append(report_clause)
        facts_used.append("对" + _kinds(rules, severe_report) + "负有领导责任")
        steps.append(f"{_kinds(rules, severe_report)}：至少{rules.form_names.get(rules.concealment_floor)}")
    elif minor_report and reporting_case:
        facts_used.append("对" + _kinds(rules, minor_report) + "负有领导责任")
        steps.append(f"{_kinds(rules, minor_report)}：即本案情形，区间不再上移")
    elif minor_report:
        high = min(high + 1, top)
        clauses.append(report_clause)
        facts_used.append("对" + _kinds(rules, minor_report) + "负有领导责任")
        steps.append(f"{_kinds(rules, minor_report)}：上限上移1档")
    if facts.remedial_actions:
        n = rules.mitigation_steps
        low, high = max(low - n, 0), max(high - n, 0)
        clauses.append(rules.clauses.get("mitigation", ""))
        facts_used.append("主动采取补救措施减少损失或挽回不良影响")
        steps.append(f"从轻、减轻（下移{n}档）")
    low = min(low, high)
    forms = list(rules.ladder[low : high + 1])
    sanction_possible = high >= rank[rules.sanction_from] or bool(severe_report) or facts.suspected_crime
    referral = facts.suspected_crime
    if referral:
        clauses.append(rules.clauses.get("referral", ""))
        facts_used.append("涉嫌职务违法犯罪")
        organs = [rules.referral_organ, *(o for o in organs if o != rules.referral_organ)]
        steps.append("涉嫌职务违法犯罪，移送纪检监察机关依法调查处置")
    clauses.append(rules.clauses.get("organs", ""))
    steps.append(f"建议区间：{_names(rules, forms)}" + ("，可并处处分" if sanction_possible else ""))
    return Proposal(
        outcome="propose_forms",
        forms=forms,
        sanction_possible=sanction_possible,
        referral_to_discipline=referral,
        deciding_organs=organs,
        clauses=_unique(clauses),
        facts_used=facts_used,
        trace=" → ".join(steps) + "（仅为建议，由有权机关按权限决定）",
    )


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))
