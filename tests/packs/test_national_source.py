"""The second cited source 国务院令第493号 and the accident data that cites it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zeren.packs import KASHGAR_PACK_DIR, Pack, PackError, load_pack

from .conftest import WritePack


def _issues(
    write_pack: WritePack, data: dict[str, Any], document: dict[str, Any]
) -> list[tuple[str, str | None]]:
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(data), document=document)
    return [(i.path, i.clause) for i in caught.value.issues]


def test_the_source_is_shipped_inside_the_pack_and_parsed(kashgar: Pack) -> None:
    source = kashgar.source("493")

    assert (KASHGAR_PACK_DIR / source.file).is_file()
    assert (source.title, source.document_number) == ("生产安全事故报告和调查处理条例", "国务院令第493号")
    assert source.effective.effective_from == dt.date(2007, 6, 1)
    assert {"art_3__para_3", "art_9__para_1", "art_13__para_2", "art_36__para_1__point_1"} <= set(
        source.index.kinds
    )


def test_accident_data_cites_the_source(kashgar: Pack) -> None:
    accidents = kashgar.accidents
    assert accidents is not None

    assert [b.clause for b in accidents.bands] == [f"493:art_3__para_1__point_{n}" for n in (1, 2, 3, 4)]
    assert accidents.unit_report_clause == "493:art_9__para_1"
    assert accidents.per_level_clause == "493:art_11__para_1"
    assert accidents.reach is not None
    assert accidents.reach.choice.local_choice


def test_an_unknown_493_clause_is_rejected_with_its_yaml_path(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    kashgar_raw["accidents"]["grades"]["bands"][0]["clause"] = "493:art_99"

    assert _issues(write_pack, kashgar_raw, kashgar_document) == [
        ("accidents.grades.bands[0].clause", "493:art_99")
    ]


def test_an_unprefixed_id_is_the_main_regulations(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    kashgar_raw["accidents"]["reporting"]["unit_report"]["clause"] = (
        "art_9__para_2"  # Kashgar art 9 has 1 para
    )

    assert _issues(write_pack, kashgar_raw, kashgar_document) == [
        ("accidents.reporting.unit_report.clause", "art_9__para_2")
    ]


def test_an_unknown_source_prefix_is_rejected(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    kashgar_raw["accidents"]["supplements"][0]["clause"] = "591:art_1"

    assert _issues(write_pack, kashgar_raw, kashgar_document) == [
        ("accidents.supplements[0].clause", "591:art_1")
    ]


def test_an_unknown_accident_type_in_a_supplement_window_is_rejected(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    kashgar_raw["accidents"]["supplements"][1]["types"] = ["road_traffic", "fire_safety"]

    assert _issues(write_pack, kashgar_raw, kashgar_document) == [
        ("accidents.supplements[1].types[1]", "493:art_13__para_2")
    ]


def test_an_unknown_sector_proposing_an_accident_type_is_rejected(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    kashgar_raw["accidents"]["types"][1]["default_for_sectors"] = ["fire_safety", "fire"]

    assert _issues(write_pack, kashgar_raw, kashgar_document) == [
        ("accidents.types[1].default_for_sectors[1]", None)
    ]


def test_an_unreadable_source_file_is_reported(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    kashgar_raw["sources"][0]["file"] = "sources/missing.txt"

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert issues[0] == ("sources[0].file", None)


def test_a_missing_grade_in_the_reach_is_rejected(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    del kashgar_raw["accidents"]["reach"]["by_grade"]["重大"]

    assert ("accidents.reach.by_grade.重大", None) in _issues(write_pack, kashgar_raw, kashgar_document)


def test_lead_only_on_a_tier_that_does_not_look_at_supervisors_is_rejected(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    tiers = kashgar_raw["accidents"]["reach"]["tiers"]
    index = next(i for i, t in enumerate(tiers) if t["scope"] == "roles")
    tiers[index]["lead_only"] = True

    issues = _issues(write_pack, kashgar_raw, kashgar_document)

    assert (f"accidents.reach.tiers[{index}].lead_only", None) in issues


def test_a_lighter_form_barring_longer_than_a_heavier_one_is_rejected(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    """Art. 65 periods are local choices, but 通报 must not bar longer than the heavier 诫勉."""
    periods = kashgar_raw["accountability"]["veto"]["periods"]
    next(p for p in periods if p["form"] == "notice")["months"] = 12

    assert _issues(write_pack, kashgar_raw, kashgar_document) == [("accountability.veto.periods", "art_65")]


def test_a_sanction_period_without_its_grade_is_rejected(
    write_pack: WritePack, kashgar_raw: dict[str, Any], kashgar_document: dict[str, Any]
) -> None:
    periods = kashgar_raw["accountability"]["veto"]["periods"]
    next(p for p in periods if p["form"] == "sanction").pop("grade")

    assert ("accountability.veto.periods[7].grade", "art_65") in _issues(
        write_pack, kashgar_raw, kashgar_document
    )
