"""Building, publishing and freezing lists; the acceptance: a portfolio change makes a new draft that
cites the new article with its reason, and the published list stays frozen."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from zeren import cli
from zeren.audit.models import AuditEvent
from zeren.duties import cli as lists_cli
from zeren.duties.errors import ListFrozen, NoOwner, NotADraft
from zeren.duties.models import ResponsibilityList
from zeren.duties.selectors import ListContext
from zeren.duties.services import build_draft, build_unit_lists, publish_list
from zeren.org import services as org_services
from zeren.org.models import Unit

from .conftest import DEPUTY, ON, Demo, organisation, post

LATER = ON.replace(month=9)


def actions_since(seq: int) -> list[str]:
    return list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq").values_list("action", flat=True))


def last_seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def clauses(row: ResponsibilityList) -> set[str]:
    return {line["clause"] for section in row.content["sections"] for line in section["lines"]}


def test_a_portfolio_change_makes_a_new_draft_and_the_published_list_stays_frozen(demo: Demo) -> None:
    admin = demo.users["admin"]
    deputy = post(DEPUTY)
    first = build_draft(actor=admin, post=deputy, on=ON).list
    published = publish_list(actor=admin, draft=first)
    frozen_content, frozen_sha = published.content, published.content_sha256
    assert "art_43__para_1__point_1" not in clauses(published)

    # when 疏勒县's deputy head for transport also takes on the sports bureau
    org_services.assign_portfolio(
        actor=admin, post=deputy, organisation=organisation("shule-sports"), start=LATER
    )
    result = build_draft(actor=admin, post=deputy, on=LATER)

    # then a new draft cites art. 43 with the reason, and the published version is untouched
    assert result.created is True
    draft = result.list
    assert draft.pk != published.pk
    assert draft.status == "draft"
    assert draft.content_sha256 != frozen_sha
    # (the pack's duties.portfolio_department is "oversight": one line per overseen department, art. 16)
    added = clauses(draft) - clauses(published)
    assert added == {"art_43"}
    line = next(
        line
        for section in draft.content["sections"]
        for line in section["lines"]
        if line["clause"] == "art_43"
    )
    assert line["citation"] == "第四十三条"
    assert line["reason"] == "分管疏勒县体育局（体育部门），督促指导其履职（第十六条第一款） → 第四十三条"
    published.refresh_from_db()
    assert (published.status, published.version) == ("published", 1)
    assert published.content == frozen_content
    assert published.content_sha256 == frozen_sha


@pytest.mark.clause("art_74__para_1", pack="kashgar_2021")
def test_a_published_list_cannot_be_modified_or_deleted(demo: Demo) -> None:
    row = publish_list(actor=None, draft=build_draft(actor=None, post=post(DEPUTY), on=ON).list)
    sha = row.content_sha256

    row.content = {"header": row.content["header"], "sections": []}
    with pytest.raises(ListFrozen, match="content"):
        row.save()
    row.refresh_from_db()
    row.version = 7
    with pytest.raises(ListFrozen):
        row.save(update_fields=["version"])
    row.refresh_from_db()
    row.status = "draft"
    with pytest.raises(ListFrozen):
        row.save()
    with pytest.raises(ListFrozen):
        row.delete()

    stored = ResponsibilityList.objects.get(pk=row.pk)
    assert (stored.status, stored.version, stored.content_sha256) == ("published", 1, sha)
    assert stored.content["sections"]


@pytest.mark.clause("art_74__para_1", pack="kashgar_2021")
def test_publishing_the_next_version_supersedes_the_previous_one(demo: Demo) -> None:
    deputy = post(DEPUTY)
    v1 = publish_list(actor=None, draft=build_draft(actor=None, post=deputy, on=ON).list)
    org_services.assign_portfolio(
        actor=None, post=deputy, organisation=organisation("shule-sports"), start=LATER
    )
    seq = last_seq()

    v2 = publish_list(actor=demo.users["alice"], draft=build_draft(actor=None, post=deputy, on=LATER).list)

    v1.refresh_from_db()
    assert (v1.status, v1.version, v1.superseded_at is not None) == ("superseded", 1, True)
    assert (v2.status, v2.version, v2.published_by, v2.reviewed_by) == (
        "published",
        2,
        demo.users["alice"],
        demo.users["alice"],
    )
    assert actions_since(seq) == ["duties.build_draft", "duties.supersede_list", "duties.publish_list"]
    with pytest.raises(NotADraft):
        publish_list(actor=None, draft=v1)


def test_building_is_idempotent_and_writes_nothing_when_nothing_changed(demo: Demo) -> None:
    deputy = post(DEPUTY)
    first = build_draft(actor=None, post=deputy, on=ON)
    seq, rows = last_seq(), ResponsibilityList.objects.count()

    again = build_draft(actor=None, post=deputy, on=LATER)  # another day, same posts and portfolios

    assert (first.created, again.created, again.list.pk) == (True, False, first.list.pk)
    published = publish_list(actor=None, draft=again.list)
    seq = last_seq()
    assert build_draft(actor=None, post=deputy, on=LATER).list.pk == published.pk
    assert ResponsibilityList.objects.count() == rows
    assert actions_since(seq) == []


def test_a_stale_draft_is_superseded_by_a_new_one_and_never_published(demo: Demo) -> None:
    deputy = post(DEPUTY)
    publish_list(actor=None, draft=build_draft(actor=None, post=deputy, on=ON).list)
    portfolio = org_services.assign_portfolio(
        actor=None, post=deputy, organisation=organisation("shule-sports"), start=LATER
    )
    stale = build_draft(actor=None, post=deputy, on=LATER).list
    org_services.end_portfolio(actor=None, portfolio=portfolio, end=LATER)  # undone the next day

    result = build_draft(actor=None, post=deputy, on=LATER.replace(day=2))

    stale.refresh_from_db()
    assert stale.status == "superseded"
    assert result.created is False
    assert result.list.status == "published"
    assert result.superseded == stale
    with pytest.raises(NotADraft):
        publish_list(actor=None, draft=stale)


def test_a_list_belongs_to_exactly_one_owner(demo: Demo) -> None:
    with pytest.raises(NoOwner):
        build_draft(actor=None, on=ON)
    with pytest.raises(NoOwner):
        build_draft(actor=None, post=post(DEPUTY), organisation=organisation("shule-transport"), on=ON)


def test_every_write_is_audited_with_the_actor(demo: Demo) -> None:
    seq = last_seq()

    row = build_draft(actor=demo.users["bob"], organisation=organisation("shule-transport"), on=ON).list
    publish_list(actor=demo.users["bob"], draft=row)

    events = list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))
    assert [(e.action, e.actor_username, e.object_id) for e in events] == [
        ("duties.build_draft", "bob", str(row.pk)),
        ("duties.publish_list", "bob", str(row.pk)),
    ]
    assert (events[1].after or {})["status"] == "published"
    assert events[1].unit_path == row.unit.path


def test_building_a_unit_drafts_every_list_once_then_nothing(demo: Demo) -> None:
    unit = Unit.objects.get(code="shule")

    first = build_unit_lists(actor=None, unit=unit, on=ON, publish=True)
    second = build_unit_lists(actor=None, unit=unit, on=LATER)

    drafted = first.counts["posts_drafted"] + first.counts["organisations_drafted"]
    assert drafted > 200
    assert first.counts["posts_published"] == first.counts["posts_drafted"]
    assert second.counts["posts_drafted"] == second.counts["organisations_drafted"] == 0
    assert second.counts["posts_unchanged_published"] == first.counts["posts_drafted"]
    assert ResponsibilityList.objects.filter(unit__path__startswith=unit.path).count() == drafted


def _events_since(seq: int) -> list[tuple[str, str, Any, Any, str]]:
    return [
        (e.action, e.object_id, e.before, e.after, e.note)
        for e in AuditEvent.objects.filter(seq__gt=seq).order_by("seq")
    ]


@pytest.mark.clause("art_74__para_1", pack="kashgar_2021")
def test_publishing_a_unit_writes_what_owner_by_owner_calls_would_in_constant_queries(demo: Demo) -> None:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    deputy = post(DEPUTY)
    unit = Unit.objects.get(code="shule")
    owner_by_owner: list[tuple[str, str, Any, Any, str]] = []
    with transaction.atomic():  # the reference: the deputy's list built then published by the single calls
        seq = last_seq()
        publish_list(actor=None, draft=build_draft(actor=None, post=deputy, on=ON).list)
        stale = build_draft(actor=None, post=deputy, on=ON).list
        org_services.assign_portfolio(
            actor=None, post=deputy, organisation=organisation("shule-sports"), start=LATER
        )
        publish_list(actor=None, draft=build_draft(actor=None, post=deputy, on=LATER).list)
        owner_by_owner = _events_since(seq)
        transaction.set_rollback(True)
    assert stale.status == "published"  # the first call's version, found again

    with CaptureQueriesContext(connection) as queries:
        first = build_unit_lists(actor=None, unit=unit, on=ON, publish=True)
    assert len(first.list_ids) > 200
    assert len(queries) < 40  # not a query or more per list
    v1 = ResponsibilityList.objects.get(post=deputy)
    org_services.assign_portfolio(
        actor=None, post=deputy, organisation=organisation("shule-sports"), start=LATER
    )
    seq = last_seq()
    second = build_unit_lists(actor=None, unit=unit, on=LATER, publish=True)

    v1.refresh_from_db()
    v2 = ResponsibilityList.objects.get(post=deputy, status="published")
    assert (v1.status, v1.version, v1.superseded_at == v2.published_at) == ("superseded", 1, True)
    assert (v2.version, second.counts["posts_published"], second.counts["posts_drafted"]) == (2, 1, 1)
    assert v2.pk in second.list_ids
    assert len(second.list_ids) == len(first.list_ids)
    everything = _events_since(seq)
    assert len(everything) == 6  # the deputy's list and the sports bureau's (its overseers changed)
    events = [e for e in everything if e[1] in {str(v1.pk), str(v2.pk)}]
    assert [(a, int(o)) for a, o, *_ in events] == [
        ("duties.build_draft", v2.pk),
        ("duties.supersede_list", v1.pk),
        ("duties.publish_list", v2.pk),
    ]
    assert events[1][4] == f"被草稿 #{v2.pk} 取代"
    for bulk, single in zip(events, owner_by_owner[-3:], strict=True):  # same content as the single calls
        assert (bulk[2] or {}).keys() == (single[2] or {}).keys()
        assert {k: v for k, v in (bulk[3] or {}).items() if not k.endswith("_at")} == {
            k: v for k, v in (single[3] or {}).items() if not k.endswith("_at")
        }


def zeren(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="zeren")
    group = parser.add_subparsers(dest="command", required=True).add_parser("lists")
    lists_cli.register(group.add_subparsers(dest="subcommand", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def test_the_lists_group_is_wired_into_the_zeren_command() -> None:
    assert cli.GROUPS["lists"][1] == ["zeren.duties.cli"]


def test_cli_build_reports_counts_as_json_and_export_writes_files(
    demo: Demo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert zeren(["lists", "build", "--unit", "shule", "--on", ON.isoformat(), "--publish", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["unit"] == "shule"
    assert report["counts"]["posts_published"] > 150
    list_id = report["lists"][0]

    out = tmp_path / "list.docx"
    assert zeren(["lists", "export", str(list_id), "--format", "docx", "--out", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"
    assert zeren(["lists", "build", "--unit", "nowhere"]) == 2


def test_the_live_derivation_matches_the_stored_draft(demo: Demo) -> None:
    row = build_draft(actor=None, post=post(DEPUTY), on=ON).list

    assert ListContext(on=LATER).derive_post(post(DEPUTY)).sha256 == row.content_sha256
