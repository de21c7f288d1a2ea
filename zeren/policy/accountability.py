"""A proposal (never a decision) of accountability forms for one person (arts. 63-71).

The art. 64 ladder (通报 → 免职, mildest first) and the default range for each trigger and accident grade
come from the pack (``accountability.forms`` and ``accountability.proposal``, local choices). Steps:

1. exemption (art_68): only when full performance of duties is verified AND evidence refs are given, and no
   false/concealed report or suspected crime involves the person → ``exempt``;
2. the base range: by grade for ``accident`` (art_63__para_1__point_4), else by trigger;
3. aggravation (art_66): poor work enlarged casualties/losses or caused serious social impact, with main
   leadership responsibility (or as principal) → the range moves up ``aggravation_steps``;
4. reporting findings: false/concealed → at least ``concealment_floor`` and up to the top of the ladder;
   late/omitted → the upper end moves up one (art_63__para_1__point_3);
5. mitigation (art_67): remedial actions → the range moves down ``mitigation_steps`` (not below 通报);
6. a sanction (处分) is possible beside the ladder when the range reaches ``sanction_from``, on a false or
   concealed report, or on a suspected crime; a suspected crime is referred to the discipline inspection and
   supervision organs (art_64__para_1, second sentence). The organs of art_71 decide.

Pure: imports nothing from Django. Rules: docs/accidents.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

TRIGGERS: tuple[str, ...] = ("duty_failure", "obstruction", "reporting", "accident", "other")
TRIGGER_ALIASES: Mapping[str, str] = {"reporting": "report_failure", "accident": "accident_responsibility"}
OUTCOMES: tuple[str, ...] = ("exempt", "propose_forms")


@dataclass(frozen=True)
class PersonFacts:
    post_code: str
    role_code: str
    holder_code: str
    holder_name: str = ""
    is_principal: bool = False
    duties_fully_performed: bool = False  # verified (art_68): only then exempt
    evidence: tuple[str, ...] = ()  # list lines, obligation occurrences done ... (refs)
    remedial_actions: bool = False  # art_67
    enlarged_harm: bool = False  # art_66: poor work enlarged casualties/losses or serious social impact
    main_leadership_responsibility: bool = False  # art_66 "负有主要领导责任"
    reporting_findings: tuple[str, ...] = ()  # finding kinds involving them: late|omitted|false|concealed
    suspected_crime: bool = False  # art_64__para_1 second sentence


@dataclass(frozen=True)
class FormRange:
    low: str  # form id on the art. 64 ladder
    high: str


@dataclass(frozen=True)
class ProposalRules:
    """The art. 64 ladder and the pack's default ranges (local choices, pack ``accountability.proposal``)."""

    ladder: tuple[str, ...]  # form ids, mildest first
    form_names: Mapping[str, str]
    sanction: str
    sanction_from: str  # a form id: ranges reaching it make a sanction possible
    by_trigger: Mapping[str, FormRange]  # pack trigger ids
    by_grade: Mapping[str, FormRange]  # for trigger "accident"
    aggravation_steps: int
    mitigation_steps: int
    concealment_floor: str  # lowest form for false/concealed reports
    deciding_organs: tuple[str, ...]
    referral_organ: str
    clauses: Mapping[str, str]  # key -> clause: "trigger:<id>", forms, referral, aggravation, mitigation, ...
    note: str
    source: str


@dataclass(frozen=True)
class Proposal:
    outcome: str  # exempt | propose_forms
    forms: list[str]  # form ids, mildest first
    sanction_possible: bool
    referral_to_discipline: bool
    deciding_organs: list[str]
    clauses: list[str]
    facts_used: list[str]
    trace: str


def _names(rules: ProposalRules, forms: list[str]) -> str:
    return "、".join(rules.form_names.get(f, f) for f in forms)


def propose(*, trigger: str, grade: str | None, facts: PersonFacts, rules: ProposalRules) -> Proposal:
    """Propose a range of forms for one person; the competent organs (art_71) decide.

    ``trigger`` is an art. 63 point: duty_failure | obstruction | reporting | accident | other (the pack ids
    report_failure / accident_responsibility are accepted too). ``grade`` is required for ``accident``.
    """
    key = TRIGGER_ALIASES.get(trigger, trigger)
    if f"trigger:{key}" not in rules.clauses:
        raise ValueError(f"unknown trigger {trigger!r}; expected one of {', '.join(TRIGGERS)}")
    clauses = [rules.clauses[f"trigger:{key}"], rules.clauses.get("factors", "")]
    facts_used: list[str] = []
    steps: list[str] = []
    organs = list(rules.deciding_organs)
    severe_report = [k for k in facts.reporting_findings if k in ("false", "concealed")]
    minor_report = [k for k in facts.reporting_findings if k in ("late", "omitted")]

    if facts.duties_fully_performed:
        if facts.evidence and not severe_report and not facts.suspected_crime:
            facts_used += ["经查实已全面履职", *(f"依据：{e}" for e in facts.evidence)]
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
                trace=f"经查实已全面履行职责（{len(facts.evidence)}项依据）→ 建议不予追究",
            )
        why = "未附查实依据" if not facts.evidence else "存在谎报、瞒报或涉嫌违法犯罪"
        steps.append(f"称已全面履职但{why}，不适用免责")
        facts_used.append(f"全面履职未获采信：{why}")

    if key == "accident_responsibility":
        if grade is None or grade not in rules.by_grade:
            raise ValueError(f"an accident proposal needs a known grade, got {grade!r}")
        base = rules.by_grade[grade]
        steps.append(f"{grade}事故负有领导责任")
        facts_used.append(f"事故等级：{grade}")
    else:
        base = rules.by_trigger[key]
        steps.append(f"问责情形：{key}")
    rank = {form: i for i, form in enumerate(rules.ladder)}
    top = len(rules.ladder) - 1
    low, high = rank[base.low], rank[base.high]
    steps.append(f"基准区间：{_names(rules, list(rules.ladder[low : high + 1]))}")
    clauses.append(rules.clauses.get("forms", ""))

    if facts.enlarged_harm and (facts.main_leadership_responsibility or facts.is_principal):
        n = rules.aggravation_steps
        low, high = min(low + n, top), min(high + n, top)
        clauses.append(rules.clauses.get("aggravation", ""))
        facts_used.append("工作不力致伤亡损失扩大或严重社会影响，负主要领导责任")
        steps.append(f"从重（上移{n}档）")
    if severe_report:
        low = max(low, rank[rules.concealment_floor])
        high = top
        clauses.append(rules.clauses.get("trigger:report_failure", ""))
        facts_used.append("涉及" + "、".join(_KIND_NAMES[k] for k in severe_report))
        steps.append(f"谎报、瞒报：至少{rules.form_names.get(rules.concealment_floor)}")
    elif minor_report:
        high = min(high + 1, top)
        clauses.append(rules.clauses.get("trigger:report_failure", ""))
        facts_used.append("涉及" + "、".join(_KIND_NAMES[k] for k in minor_report))
        steps.append("迟报、漏报：上限上移1档")
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


_KIND_NAMES: Mapping[str, str] = {"late": "迟报", "omitted": "漏报", "false": "谎报", "concealed": "瞒报"}


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))
