"""Correction runs (art. 59): a published result is amended, never edited; the ledger reverses and reposts.

Small accident world, 2025. Without accidents both counties pass and are rewarded 50,000 each; after a
10-death accident in 疏勒县 a correction vetoes it (fine 30,000) and 莎车县 keeps its reward.
"""

from __future__ import annotations

import argparse
import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.accidents.world import AccidentWorld
from zeren.accidents import services as accidents
from zeren.assessment import cli, errors, ledger, services
from zeren.assessment.models import AssessmentRun, FundMovement
from zeren.audit.models import AuditEvent

ON = dt.date(2026, 2, 1)


def _major_accident(aworld: AccidentWorld) -> None:
    accidents.record_accident(
        actor=None,
        unit=aworld.org.shule,
        sector_code="road_traffic",
        enterprise="某运输公司",
        occurred_at=dt.datetime(2025, 6, 1, 10, 0, tzinfo=timezone.get_current_timezone()),
        description="补录的重大事故",
        deaths=10,
    )


def _publish(run: AssessmentRun) -> AssessmentRun:
    return services.publish_run(actor=None, run=run)


@pytest.fixture
def original(aworld: AccidentWorld) -> AssessmentRun:
    return _publish(services.run_assessment(actor=None, year=2025, on=ON))


def _nets() -> dict[str, int]:
    return {n["unit"]: n["net"] for n in ledger.unit_nets(2025)}


def _expected(run: AssessmentRun) -> dict[str, int]:
    return {u["unit"]: u["fine_yuan"] - u["reward_yuan"] for u in run.result["units"]}


def test_a_correction_reverses_the_original_lines_then_posts_the_new_result(
    original: AssessmentRun, aworld: AccidentWorld
) -> None:
    first_lines = list(
        FundMovement.objects.values_list("pk", "unit_code", "kind", "direction", "amount_yuan")
    )
    assert _nets() == {"shache": -50000, "shule": -50000}
    _major_accident(aworld)

    correction = _publish(
        services.run_assessment(actor=None, year=2025, on=ON, amends=original, reason="补录重大事故")
    )

    new = list(FundMovement.objects.filter(run=correction).order_by("pk"))
    assert [(m.kind, m.direction, m.unit_code, m.amount_yuan, m.reverses_id) for m in new] == [
        ("reversal", "in", "shache", 50000, first_lines[0][0]),
        ("reversal", "in", "shule", 50000, first_lines[1][0]),
        ("reward", "out", "shache", 50000, None),
        ("fine", "in", "shule", 30000, None),
    ]
    assert list(FundMovement.objects.filter(run=original).values_list(
        "pk", "unit_code", "kind", "direction", "amount_yuan"
    )) == first_lines  # fmt: skip
    assert _nets() == _expected(correction) == {"shache": -50000, "shule": 30000}
    assert ledger.fund_balances(2025) == {"prefecture_special_fund": 30000 - 50000}
    assert ledger.current_run(2025) == correction


def test_a_correction_of_a_correction_keeps_the_net_equal_to_the_current_result(
    original: AssessmentRun, aworld: AccidentWorld
) -> None:
    _major_accident(aworld)
    second = _publish(services.run_assessment(actor=None, year=2025, on=ON, amends=original, reason="补录"))
    third = _publish(services.run_assessment(actor=None, year=2025, on=ON, amends=second, reason="复核"))

    reversals = FundMovement.objects.filter(run=third, kind="reversal")
    assert sorted(reversals.values_list("reverses__run", flat=True)) == [second.pk, second.pk]
    assert _nets() == _expected(third)
    assert FundMovement.objects.filter(kind="reversal").count() == 4


def test_amending_a_draft_or_another_year_or_a_superseded_run_is_refused(
    original: AssessmentRun, aworld: AccidentWorld
) -> None:
    draft = services.run_assessment(actor=None, year=2025, on=ON, amends=original, reason="草稿")
    runs = AssessmentRun.objects.count()

    with pytest.raises(errors.InvalidAmendment, match=f"运行 #{draft.pk} 尚未公布"):
        services.run_assessment(actor=None, year=2025, on=ON, amends=draft)
    with pytest.raises(errors.InvalidAmendment, match="2025 年度的考核，不能以 2024 年度的运行更正"):
        services.run_assessment(actor=None, year=2024, on=ON, amends=original)
    assert AssessmentRun.objects.count() == runs

    _major_accident(aworld)
    _publish(draft)
    with pytest.raises(errors.InvalidAmendment, match=f"已被运行 #{draft.pk} 更正"):
        services.run_assessment(actor=None, year=2025, on=ON, amends=original)
    assert AssessmentRun.objects.count() == runs


def test_two_corrections_of_one_run_cannot_both_be_published(
    original: AssessmentRun, aworld: AccidentWorld
) -> None:
    one = services.run_assessment(actor=None, year=2025, on=ON, amends=original, reason="甲")
    _major_accident(aworld)
    two = services.run_assessment(actor=None, year=2025, on=ON, amends=original, reason="乙")
    _publish(one)
    lines = FundMovement.objects.count()

    with pytest.raises(errors.InvalidAmendment, match=f"已被运行 #{one.pk} 更正"):
        _publish(two)

    assert FundMovement.objects.count() == lines
    assert AssessmentRun.objects.get(pk=two.pk).status == "draft"


def test_the_reason_is_in_the_audit_event(original: AssessmentRun) -> None:
    correction = services.run_assessment(actor=None, year=2025, on=ON, amends=original, reason="补录重大事故")

    event = AuditEvent.objects.filter(action="assessment.run", object_id=str(correction.pk)).get()
    assert event.after is not None
    assert (event.after["amends"], event.after["reason"]) == (original.pk, "补录重大事故")
    assert event.note == "2025年度安全生产目标考核更正运行：补录重大事故"


def test_cli_amends_needs_a_published_run_of_that_year(
    original: AssessmentRun, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(amends: int, year: int = 2025) -> int:
        return cli.run_run(argparse.Namespace(year=year, json=False, amends=amends, reason="命令行更正"))

    missing, other_year = run(9999), run(original.pk, year=2024)
    err = capsys.readouterr().err
    ok = run(original.pk)
    draft = AssessmentRun.objects.get(amends=original)
    on_draft = run(draft.pk)

    assert (missing, other_year, ok, on_draft) == (1, 1, 0, 1)
    assert "没有考核运行 9999" in err
    assert "不能以 2024 年度的运行更正" in err
    assert f"运行 #{draft.pk} 尚未公布" in capsys.readouterr().err
    assert AssessmentRun.objects.count() == 2


def test_the_office_starts_a_correction_from_the_page_with_a_reason(
    original: AssessmentRun, aworld: AccidentWorld
) -> None:
    admin, alice = Client(), Client()
    admin.force_login(aworld.users["admin"])
    alice.force_login(aworld.users["alice"])
    url = f"/assessment/{original.pk}/amend/"

    detail = admin.get(f"/assessment/{original.pk}/").content.decode()
    no_reason = admin.post(url, {"reason": "  "})
    by_operator = alice.post(url, {"reason": "想改"})
    assert (no_reason.status_code, by_operator.status_code) == (302, 403)
    assert AssessmentRun.objects.count() == 1

    started = admin.post(url, {"reason": "补录重大事故"})

    correction = AssessmentRun.objects.get(amends=original)
    assert 'id="amend-form"' in detail
    assert "发起更正运行" in detail
    assert started["Location"] == f"/assessment/{correction.pk}/"
    assert correction.status == "draft"


def test_the_public_page_of_a_corrected_run_links_to_the_correction(
    original: AssessmentRun, aworld: AccidentWorld
) -> None:
    anonymous = Client()
    correction = services.run_assessment(actor=None, year=2025, on=ON, amends=original, reason="补录")
    before = anonymous.get(f"/assessment/{original.pk}/public/").content.decode()
    _publish(correction)

    after = anonymous.get(f"/assessment/{original.pk}/public/").content.decode()
    corrected = anonymous.get(f"/assessment/{correction.pk}/public/").content.decode()

    assert 'id="corrected"' not in before  # a draft correction is not public
    assert 'id="corrected"' in after
    assert f'href="/assessment/{correction.pk}/public/"' in after
    assert "本结果已于" in after
    assert f'href="/assessment/{original.pk}/public/"' in corrected
