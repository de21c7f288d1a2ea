"""The summaries' tallies equal a recount of the rows after every writer, and summaries read them in a
constant number of queries (given the demo org and its 2024 calendar: tests/obligations/conftest.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.obligations.conftest import YEAR, Demo
from zeren.obligations import permissions, selectors, tallies
from zeren.obligations.models import Occurrence, Tally
from zeren.obligations.services import complete, generate_occurrences, record_meeting, waive
from zeren.org import services as org
from zeren.org.models import Organisation, Post, Succession, Unit

D = dt.date
TODAYS = [D(YEAR, 1, 1), D(YEAR, 3, 31), D(YEAR, 4, 1), D(YEAR, 7, 15), D(YEAR, 12, 31), D(YEAR + 1, 1, 1)]


def _agree(demo: Demo) -> None:
    """Tallies equal the recount; every summary from them equals the same summary over the rows."""
    assert tallies.differences(YEAR) == {}
    for name in ("admin", "alice", "leader", "reviewer"):
        user = demo.users[name]
        rows = permissions.visible_occurrences(user)
        counted = permissions.visible_counts(user)
        for today in TODAYS:
            assert selectors.counted_summary(counted, YEAR, today) == selectors.summary(rows, YEAR, today)
            assert selectors.counted_rate(counted, YEAR, today) == selectors.completion_rate(
                rows.filter(year=YEAR), today
            )
            assert selectors.counted_rates_by_county(counted, YEAR, today) == selectors.rates_by_county(
                rows.filter(year=YEAR), today
            )


def _close(occurrence: Occurrence, on: dt.date) -> None:
    evidence = record_meeting(
        actor=None,
        occurrence=occurrence,
        held_on=on,
        presided_by="甲",
        attendees="乙、丙",
        minutes_summary="纪要",
    )
    complete(actor=None, occurrence=occurrence, evidence=evidence)


def test_after_generation_the_tallies_equal_a_recount(demo: Demo) -> None:
    assert Occurrence.objects.filter(year=YEAR).count() == demo.first_run.created > 0
    _agree(demo)


def test_completion_on_time_late_and_waiver_move_the_counts(demo: Demo) -> None:
    shule = Unit.objects.get(code="shule")
    on_time, late, waived = Occurrence.objects.filter(unit=shule, year=YEAR, due__lte=D(YEAR, 6, 30))[:3]
    before = selectors.counted_rate(
        permissions.unit_counts(demo.users["alice"], shule), YEAR, D(YEAR, 12, 31)
    )

    _close(on_time, on_time.due)
    _close(late, late.due + dt.timedelta(days=3))
    waive(actor=demo.users["admin"], occurrence=waived, reason="岗位调整")

    after = selectors.counted_rate(permissions.unit_counts(demo.users["alice"], shule), YEAR, D(YEAR, 12, 31))
    assert (after.done - before.done, after.done_late - before.done_late, after.waived - before.waived) == (
        1,
        1,
        1,
    )
    assert after.overdue == before.overdue - 3
    assert after.total == before.total
    _agree(demo)


def test_overdue_follows_the_day_without_any_write(demo: Demo) -> None:
    counted = permissions.visible_counts(demo.users["admin"])
    due = Occurrence.objects.filter(year=YEAR).order_by("due").values_list("due", flat=True).first()
    assert due is not None
    on_the_day = selectors.counted_summary(counted, YEAR, due)["by_status"]["overdue"]
    next_day = selectors.counted_summary(counted, YEAR, due + dt.timedelta(days=1))["by_status"]["overdue"]
    assert next_day - on_the_day == Occurrence.objects.filter(year=YEAR, due=due, status="open").count() > 0


def test_an_abolished_post_and_a_new_one_regenerate_the_counts(demo: Demo) -> None:
    post = Post.objects.get(code="shule-gov-deputy-social")
    Post.objects.filter(pk=post.pk).update(end=D(YEAR, 6, 30))
    removed = generate_occurrences(actor=None, year=YEAR)
    assert removed.removed == 3  # Q3, Q4 and the 述职 due 12-31: open, no longer owed
    _agree(demo)

    Post.objects.filter(pk=post.pk).update(end=None)
    restored = generate_occurrences(actor=None, year=YEAR)
    assert restored.created == 3
    _agree(demo)


def test_a_reorganisation_moves_the_counts_with_the_rows(demo: Demo) -> None:
    old = Organisation.objects.get(code="shule-transport")
    new = org.create_organisation(
        actor=None, code="shule-transport-new", unit=Unit.objects.get(code="shule"), name="交通运输局（新）",
        type="government_department", kind_code="transport", start=D(YEAR, 7, 1),
    )  # fmt: skip
    org.create_post(
        actor=None, code="shule-transport-new-principal", organisation=new, title="交通运输局（新）局长",
        role_code="department_principal", start=D(YEAR, 7, 1),
    )  # fmt: skip
    org.reorganise(
        actor=None, predecessors=[old], successors=[new], on=D(YEAR, 7, 1), kind=Succession.Kind.RENAME
    )

    assert generate_occurrences(actor=None, year=YEAR).moved > 0
    _agree(demo)


def test_a_recount_after_a_bulk_write_restores_agreement(demo: Demo) -> None:
    Occurrence.objects.filter(year=YEAR, due__lte=D(YEAR, 3, 31)).update(status="done")  # past the services
    assert tallies.differences(YEAR) != {}

    tallies.recount(YEAR)

    _agree(demo)


def test_summaries_read_a_constant_number_of_queries_and_rows_that_do_not_grow_with_posts(demo: Demo) -> None:
    admin = demo.users["admin"]
    shule = Unit.objects.get(code="shule")
    tally_rows = Tally.objects.filter(unit=shule, year=YEAR).count()
    selectors.counted_summary(permissions.visible_counts(admin), YEAR)  # the grants, cached on the user
    with CaptureQueriesContext(connection) as before:
        selectors.counted_rates_by_county(permissions.visible_counts(admin), YEAR)
        selectors.counted_summary(permissions.visible_counts(admin), YEAR)
    # twenty more deputy posts in 疏勒县's government: more rows, the same due dates
    government = Organisation.objects.get(unit=shule, type="government")
    for k in range(20):
        org.create_post(
            actor=None, code=f"shule-gov-extra-{k}", organisation=government, title=f"副县长{k}",
            role_code="government_other_leader", start=D(YEAR - 1, 1, 1),
        )  # fmt: skip
    assert generate_occurrences(actor=None, year=YEAR).created > 0

    with CaptureQueriesContext(connection) as after:
        selectors.counted_rates_by_county(permissions.visible_counts(admin), YEAR)
        selectors.counted_summary(permissions.visible_counts(admin), YEAR)
    assert len(after.captured_queries) == len(before.captured_queries) == 6  # 2 for the pack's window
    assert Tally.objects.filter(unit=shule, year=YEAR).count() == tally_rows
    _agree(demo)


def test_overview_and_dashboard_show_the_rates_a_recount_of_the_rows_gives(demo: Demo, client: Any) -> None:
    admin = demo.users["admin"]
    first = Occurrence.objects.filter(year=YEAR, unit__code="shule").order_by("due").first()
    assert first is not None
    _close(first, D(YEAR, 1, 5))
    client.force_login(admin)
    today = timezone.localdate()
    rows = selectors.rates_by_county(permissions.visible_occurrences(admin).filter(year=YEAR), today)

    in_path_order = client.get(f"/obligations/overview/?year={YEAR}&sort=path")
    lowest_first = client.get(f"/obligations/overview/?year={YEAR}")  # the default order

    assert [(bar["unit"], bar["rate"]) for bar in in_path_order.context["bars"]] == rows
    assert len(rows) > 10
    shown = [(bar["unit"], bar["rate"]) for bar in lowest_first.context["bars"]]
    assert sorted(shown, key=lambda r: r[0]["path"]) == rows
    percents = [rate.percent for _, rate in shown]
    assert percents == sorted(percents, key=lambda p: (p is None, p))
    assert shown[-1][0]["code"] == "shule"  # the one county with an item done
    from zeren.web.home import committee_panel

    panel = committee_panel(admin, today, YEAR)
    assert panel["rate"] == selectors.completion_rate(
        permissions.visible_occurrences(admin).filter(year=YEAR), today
    )
    completion = next(c for c in panel["charts"] if c["id"] == "completion")
    assert completion["labels"] == [unit["name"] for unit, _ in rows]
    assert completion["series"][0]["data"] == [
        float(r.percent) if r.percent is not None else None for _, r in rows
    ]


def test_the_tally_command_checks_and_recounts(demo: Demo) -> None:
    import io
    import json
    from contextlib import redirect_stdout

    from zeren.cli import main

    def run(*extra: str) -> tuple[int, dict[str, Any]]:
        out = io.StringIO()
        with redirect_stdout(out):
            code = main(["obligations", "tally", "--year", str(YEAR), "--json", *extra])
        return code, json.loads(out.getvalue())

    assert run() == (0, {"year": YEAR, "recounted": None, "differences": {}})
    Occurrence.objects.filter(year=YEAR, due__lte=D(YEAR, 3, 31)).update(status="waived")  # past the services
    code, data = run()
    assert code == 1
    assert data["differences"]["by_status"] > 0
    assert "by_clause" not in data["differences"]  # a status change leaves the clause counts right
    code, data = run("--recount")
    assert (code, data["differences"]) == (0, {})
    assert isinstance(data["recounted"], int)
    assert data["recounted"] >= Tally.objects.filter(year=YEAR).count() > 0
