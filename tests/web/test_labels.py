"""One filter per kind of code: clause ids as people cite them (the id kept in the link), pack codes by their
pack names, audit actions and fields, assessment facts, accounts by their names."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template

from zeren.audit.labels import ACTIONS, action_label, field_label, object_type_label
from zeren.web.labels import label


def render(text: str, **context: object) -> str:
    return Template("{% load zeren_tags accident_tags %}" + text).render(Context(context))


def test_a_clause_is_cited_in_chinese_and_linked_by_its_id() -> None:
    html = render("{{ eid|clause }}", eid="art_61__para_1__point_3")

    assert ">第六十一条第一款第（三）项</a>" in html
    assert 'href="/regulations/kashgar-2021/#art_61__para_1__point_3"' in html
    assert 'data-eid="art_61__para_1__point_3"' in html


def test_a_second_sources_clause_is_named_with_its_title() -> None:
    html = render("{{ eid|citation }} {{ own|citation }}", eid="493:art_9__para_1", own="art_15")

    assert "《生产安全事故报告和调查处理条例》第九条第一款" in html
    assert ">《办法》第十五条</a>" in html


def test_text_that_is_not_a_clause_id_passes_through() -> None:
    assert render("{{ eid|clause }}", eid="见附件") == "见附件"


@pytest.mark.parametrize(
    ("code", "vocabulary", "name"),
    [
        ("government_principal", "role", "政府主要负责人"),
        ("road_traffic", "sector", "道路交通"),
        ("half_yearly", "frequency", "每半年"),
        ("accountability.triggers", "section", "问责情形"),
        ("implemented", "classification", "已实现"),
        ("done_late", "occurrence_status", "逾期完成"),
    ],
)
def test_codes_get_their_chinese_names(code: str, vocabulary: str, name: str) -> None:
    assert label(code, vocabulary).startswith(name[:2])
    assert "_" not in label(code, vocabulary)


def test_every_audit_action_written_by_the_code_has_a_label() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "zeren"
    written = set()
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', text))
        written |= {f"obligations.{a}" for a in re.findall(r'locked, "obligations\.([a-z_]+)"', text)}
    assert written
    assert sorted(written - set(ACTIONS)) == []
    assert action_label("accounts.login") == "登录"
    assert action_label("org.something_new") == "单位与人员操作"


@pytest.mark.django_db
def test_audit_object_types_and_fields_are_named() -> None:
    assert object_type_label("org.unit") == "行政单位"  # the model's verbose name
    assert field_label("org.unit", "name") == "名称"
    assert field_label("", "changes") == "变更"


def test_assessment_facts_are_named() -> None:
    facts = {"due": 224, "done": 179}

    text = render("{% for k, v in facts|fact_items %}{{ k }} {{ v }}；{% endfor %}", facts=facts)

    assert text == "应完成 224；按期完成 179；"


@pytest.mark.django_db
def test_an_account_is_shown_by_its_name() -> None:
    named = User(username="shule", first_name="疏勒县操作员（演示）")
    bare = User(username="ops")

    assert render("{{ a|who }} {{ b|who }}", a=named, b=bare) == "疏勒县操作员（演示） ops"
