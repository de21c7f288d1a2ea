"""The home page per role: each panel gathers, through the apps' permission policies and selectors,
the work of one kind of user. Nothing is decided here; the counts come from aggregate queries whose
number does not grow with the data, and lists are capped (each says how many there are in all).

- a leader (领导干部): their own posts and published lists, items overdue and due soon, the accidents
  whose answerable chain names them, the cases that name them, and their eligibility (art. 65);
- a unit operator (单位操作员): the unit's overdue and due-soon items, findings to rectify, the
  reporting clocks of recent accidents;
- the committee office (安委办): the prefecture dashboard with charts;
- the organisation and discipline reviewers: cases to read, the principals' ratings, eligibility.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from zeren.accidents import permissions as accident_permissions
from zeren.accidents import selectors as accident_selectors
from zeren.accountability import permissions as case_permissions
from zeren.accountability import selectors as case_selectors
from zeren.accounts.models import Role
from zeren.accounts.scope import has_role, person_ids
from zeren.assessment import permissions as assessment_permissions
from zeren.assessment import selectors as assessment_selectors
from zeren.common.actor import Actor
from zeren.common.charts import chart
from zeren.duties.selectors import current_published
from zeren.obligations import permissions as obligation_permissions
from zeren.obligations import selectors as obligation_selectors
from zeren.obligations.overview import DASHBOARD_BARS as CHART_BARS
from zeren.obligations.overview import lowest_counties
from zeren.org.models import Person, Post
from zeren.org.permissions import leader_posts, visible_people
from zeren.supervision import selectors as supervision_selectors

REVIEWER_ROLES = (Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER)
LIMIT = 10


def leader_panel(user: Actor, today: dt.date) -> dict[str, Any]:
    held = leader_posts(user)
    post_ids = {post_id for post_id, _, _ in held}
    posts = list(
        Post.objects.filter(pk__in=post_ids).select_related("unit", "organisation").order_by("unit__path")
    )
    people = person_ids(user)
    visible = obligation_permissions.visible_occurrences(user)
    eligibility = [
        (person, case_selectors.check_eligibility(person, today))
        for person in Person.objects.filter(pk__in=people).order_by("pk")
    ]
    return {
        "posts": [(post, current_published(post)) for post in posts],  # one per post held (a few)
        "attention": obligation_selectors.attention(visible.filter(post_id__in=post_ids), today, LIMIT),
        "accidents": accident_selectors.accidents_naming(
            accident_permissions.visible_accidents(user), person_ids=people, post_ids=post_ids, limit=LIMIT
        ),
        "cases": case_selectors.cases_naming(case_permissions.visible_cases(user), people, LIMIT),
        "eligibility": eligibility,
    }


def operator_panel(user: Actor, today: dt.date) -> dict[str, Any]:
    visible = obligation_permissions.visible_occurrences(user)
    findings_count, findings = supervision_selectors.to_rectify(
        supervision_selectors.visible_findings(user), LIMIT
    )
    accidents = accident_permissions.visible_accidents(user)
    return {
        "attention": obligation_selectors.attention(
            obligation_selectors.my_items(user, visible), today, LIMIT
        ),
        "findings_count": findings_count,
        "findings": findings,
        "clocks": accident_selectors.reporting_clocks(accidents, today, LIMIT),
        "can_register": accident_permissions.registrable_units(user).exists(),
    }


def committee_panel(user: Actor, today: dt.date, year: int) -> dict[str, Any]:
    counted = obligation_permissions.visible_counts(user)  # the tallies: a few rows per unit, not the year's
    # every county while they fit the chart, else the lowest rates; the total over them all
    rates, total, counties = lowest_counties(counted, year, today, CHART_BARS)
    stats = accident_selectors.accident_stats(accident_permissions.visible_accidents(user), year)
    findings = supervision_selectors.findings_by_status(supervision_selectors.visible_findings(user), year)
    run = assessment_selectors.latest_published(assessment_permissions.visible_runs(user))
    ranking = assessment_selectors.ranking(run, "counties") if run is not None else []
    ranked = len(ranking)
    ranking = ranking[:CHART_BARS]  # the first places; the run's page has them all
    charts = [
        chart(
            "completion",
            (
                f"{year}年各县（市）履职事项完成率"
                if counties <= CHART_BARS
                else f"{year}年履职事项完成率最低的{CHART_BARS}个县级单位（共{counties}个）"
            ),
            "bar",
            [unit["name"] for unit, _ in rates],
            [("完成率", [rate.percent for _, rate in rates])],
            unit="%",
            horizontal=True,
            max_value=100,
        ),
        chart(
            "accidents-grade",
            f"{year}年事故按等级",
            "pie",
            [f"{grade}事故" for grade, _ in stats.by_grade],
            [("事故起数", [n for _, n in stats.by_grade])],
            unit="起",
            empty=f"{year}年无事故记录",
        ),
        chart(
            "accidents-sector",
            f"{year}年事故按行业领域",
            "bar",
            [name for name, _ in stats.by_sector],
            [("事故起数", [n for _, n in stats.by_sector])],
            unit="起",
            horizontal=True,
            empty=f"{year}年无事故记录",
        ),
        chart(
            "accidents-month",
            f"{year}年事故按月份",
            "line",
            [f"{m}月" for m in range(1, 13)],
            [("事故起数", stats.by_month)],
            unit="起",
            empty=f"{year}年无事故记录",
        ),
        chart(
            "findings",
            f"{year}年巡查发现问题整改状态",
            "bar",
            [label for label, _ in findings],
            [("问题数", [n for _, n in findings])],
            unit="个",
            empty=f"{year}年巡查未发现问题",
        ),
    ]
    if run is not None:
        charts.append(
            chart(
                "ranking",
                f"{run.year}年度县（市）考核得分与排名（已公布）"
                + (f"：前{CHART_BARS}名（共{ranked}个）" if ranked > CHART_BARS else ""),
                "bar",
                [f"{row['rank']}. {row['name']}" for row in ranking],
                [("得分", [row["score"] for row in ranking])],
                unit="分",
                horizontal=True,
                max_value=100,
            )
        )
    return {
        "year": year,
        "years": [today.year - 2, today.year - 1, today.year],
        "rate": total,
        "counties": counties,
        "chart_capped": counties > CHART_BARS,
        "chart_bars": len(rates),
        "stats": stats,
        "open_findings": sum(n for label, n in findings if label in ("待整改", "整改被退回")),
        "run": run,
        "charts": charts,
    }


def reviewer_panel(user: Actor, today: dt.date, query: str) -> dict[str, Any]:
    cases = case_permissions.visible_cases(user)
    count, latest = case_selectors.recent_cases(cases, LIMIT)
    run = assessment_selectors.latest_published(assessment_permissions.visible_runs(user))
    people: list[Person] = []
    query = query.strip()[:50]
    if query:
        people = list(
            visible_people(user).filter(Q(name__contains=query) | Q(code=query)).order_by("name", "code")[:20]
        )
    return {
        "case_count": count,
        "cases": latest,
        "undecided": case_selectors.undecided_subjects(cases),
        "run": run if run is not None and assessment_permissions.can_read_ratings(user) else None,
        "query": query,
        "people": people,
        "can_overview": obligation_permissions.can_see_overview(user),
    }


def panels(user: Actor, today: dt.date, *, year: int, query: str = "") -> dict[str, Any]:
    """The panels this user's roles call for (a user may hold several roles)."""
    context: dict[str, Any] = {}
    if has_role(user, Role.LEADER):
        context["leader"] = leader_panel(user, today)
    if has_role(user, Role.UNIT_OPERATOR):
        context["operator"] = operator_panel(user, today)
    if has_role(user, Role.COMMITTEE_ADMIN):
        context["committee"] = committee_panel(user, today, year)
    if has_role(user, *REVIEWER_ROLES):
        context["reviewer"] = reviewer_panel(user, today, query)
    return context
