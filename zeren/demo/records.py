"""Clearing what the other apps recorded about the demo organisations before the org demo is reset.

Those records protect their organisations, posts and people (``on_delete=PROTECT``: history must not
vanish through a cascade), so a demo reset removes them explicitly, children before parents, and only
on a demo instance (the caller checks ZEREN_DEMO=1). Each table is cleared with one DELETE; the
foreign keys stay checked at commit. Frozen records (decisions, report steps, published lists…) are
removed inside ``purging()``, the one bypass of their guards. The audit trail is never touched.
"""

from __future__ import annotations

from django.db import transaction

from zeren.common.frozen import purging, raw_delete


def clear_demo_records(unit_path: str) -> dict[str, int]:
    """Delete the tours, accidents, cases, lists and obligation records of units under ``unit_path``."""
    with transaction.atomic(), purging():
        return _clear(unit_path)


def _clear(unit_path: str) -> dict[str, int]:
    from zeren.accidents.models import Accident, CasualtyRevision, ReportingFinding, ReportStep
    from zeren.accountability.models import Case, Decision, InterferenceRecord, Subject
    from zeren.duties.models import ResponsibilityList
    from zeren.obligations.models import ClauseTally, Evidence, Notice, Occurrence, Tally
    from zeren.supervision.models import (
        ChecklistItem,
        Finding,
        Plan,
        PlanMember,
        RectificationNotice,
        RectificationReport,
        Target,
    )

    under = {"unit__path__startswith": unit_path}
    occurrences = Occurrence.objects.filter(**under)
    cases = Case.objects.filter(**under)
    accidents = Accident.objects.filter(**under)
    plans = Plan.objects.filter(organiser__path__startswith=unit_path)
    findings = Finding.objects.filter(target__plan__in=plans)
    counts = {
        "rectification_notices": raw_delete(RectificationNotice.objects.filter(finding__in=findings)),
        "rectification_reports": raw_delete(RectificationReport.objects.filter(finding__in=findings)),
        "findings": raw_delete(findings),
        "checklist_items": raw_delete(ChecklistItem.objects.filter(target__plan__in=plans)),
        "targets": raw_delete(Target.objects.filter(plan__in=plans)),
        "plan_members": raw_delete(PlanMember.objects.filter(plan__in=plans)),
        "plans": raw_delete(plans),
        "decisions": raw_delete(Decision.objects.filter(subject__case__in=cases)),
        "case_subjects": raw_delete(Subject.objects.filter(case__in=cases)),
        "cases": raw_delete(cases),
        "interference_records": raw_delete(InterferenceRecord.objects.filter(**under)),
        "reporting_findings": raw_delete(ReportingFinding.objects.filter(accident__in=accidents)),
        "report_steps": raw_delete(ReportStep.objects.filter(accident__in=accidents)),
        "casualty_revisions": raw_delete(CasualtyRevision.objects.filter(accident__in=accidents)),
        "accidents": raw_delete(accidents),
        "notices": raw_delete(Notice.objects.filter(occurrence__in=occurrences)),
    }
    Occurrence.objects.filter(**under).update(completion_evidence=None)
    counts["evidence"] = raw_delete(Evidence.objects.filter(occurrence__in=occurrences))
    counts["occurrences"] = raw_delete(occurrences)
    counts["tallies"] = raw_delete(Tally.objects.filter(**under)) + raw_delete(
        ClauseTally.objects.filter(**under)
    )  # the summaries' counts of the rows just removed
    counts["responsibility_lists"] = raw_delete(ResponsibilityList.objects.filter(**under))
    counts |= _clear_assessment()
    return counts


def _clear_assessment() -> dict[str, int]:
    """The demo's assessment records: they name units by code (no foreign key), so all of them go."""
    from zeren.assessment.models import (
        AssessmentRun,
        DistributionPlan,
        EnterpriseAward,
        FundMovement,
        ResponsibilityLetter,
        UnitResult,
    )

    FundMovement.objects.filter(reverses__isnull=False).update(reverses=None)
    AssessmentRun.objects.filter(amends__isnull=False).update(amends=None)
    return {
        "fund_movements": raw_delete(FundMovement.objects.all()),
        "distribution_plans": raw_delete(DistributionPlan.objects.all()),
        "enterprise_awards": raw_delete(EnterpriseAward.objects.all()),
        "unit_results": raw_delete(UnitResult.objects.all()),
        "assessment_runs": raw_delete(AssessmentRun.objects.all()),
        "responsibility_letters": raw_delete(ResponsibilityLetter.objects.all()),
    }
