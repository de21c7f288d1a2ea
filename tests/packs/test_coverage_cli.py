"""Coverage (article -> classification -> feature -> tests) and the ``zeren pack`` commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from zeren.packs import KASHGAR_PACK_DIR, Pack, coverage, render_markdown
from zeren.packs.cli import main
from zeren.packs.coverage import cited_articles, cited_sources

from .conftest import WritePack

SAMPLE_TEST = '''
"""Module docstring citing art_2."""
import pytest


@pytest.mark.clause("art_61__para_1__point_1", pack="kashgar_2021")
def test_reward(x):
    assert rule("art_61__para_1__point_1") == 50000
    assert "art_610" not in x


def test_only_mentions_art_62(x):
    assert cite("art_62__para_2")


@pytest.mark.clause("art_62__para_2", pack="kashgar_2021")
class TestFines:
    def test_fine(self):
        assert fine() == 30000


@pytest.mark.parametrize(
    "deaths",
    [pytest.param(3, marks=pytest.mark.clause("493:art_3", pack="kashgar_2021")), 2],
)
def test_grade(deaths):
    assert grade(deaths)


SPLIT = pytest.mark.clause("art_61__para_1__point_4", pack="kashgar_2021")


@pytest.mark.parametrize("pool", [pytest.param(15000, marks=SPLIT)])
def test_split(pool):
    assert split(pool)


@pytest.mark.clause("art_13__para_1", pack="another_pack")
def test_for_another_pack():
    assert True


def helper():
    return "art_3"
'''


def _tests_dir(tmp_path: Path) -> Path:
    tests = tmp_path / "tests"
    (tests / "money").mkdir(parents=True)
    (tests / "money" / "test_money.py").write_text(SAMPLE_TEST, encoding="utf-8")
    return tests


def test_only_tests_marked_with_a_clause_of_the_pack_are_credited(tmp_path: Path) -> None:
    cited = cited_articles(_tests_dir(tmp_path), "kashgar_2021")

    assert cited == {
        "art_61": ["tests/money/test_money.py::test_reward", "tests/money/test_money.py::test_split"],
        "art_62": ["tests/money/test_money.py::TestFines::test_fine"],
    }  # test_split through a module-level marker named in its table


def test_a_second_sources_article_is_never_the_packs_article_of_the_same_number(tmp_path: Path) -> None:
    tests = _tests_dir(tmp_path)

    assert "art_3" not in cited_articles(tests, "kashgar_2021")
    assert cited_sources(tests, "kashgar_2021") == {
        "493": {"art_3": ["tests/money/test_money.py::test_grade"]}
    }


def test_a_marker_for_another_pack_credits_nothing_here(tmp_path: Path) -> None:
    tests = _tests_dir(tmp_path)

    assert cited_articles(tests, "another_pack") == {
        "art_13": ["tests/money/test_money.py::test_for_another_pack"]
    }
    assert "art_13" not in cited_articles(tests, "kashgar_2021")


def test_coverage_rows_carry_classification_feature_and_tests(kashgar: Pack, tmp_path: Path) -> None:
    report = coverage(kashgar, tests_dir=_tests_dir(tmp_path))

    row = report["articles"][60]
    assert row == {
        "eid": "art_61",
        "classification": "implemented",
        "feature": "rewards_fines",
        "note": "奖励名额、金额和分配",
        "tests": ["tests/money/test_money.py::test_reward", "tests/money/test_money.py::test_split"],
    }
    assert report["summary"]["with_tests"] == 2
    assert report["summary"]["source_articles_with_tests"] == 1


def test_the_repository_tests_assert_the_money_articles(kashgar: Pack) -> None:
    rows = {row["eid"]: row["tests"] for row in coverage(kashgar)["articles"]}

    assert (
        "tests/packs/test_kashgar_pack.py::test_art_61_point_4_gives_30_percent_to_the_principals"
        in rows["art_61"]
    )


def test_markdown_lists_every_article(kashgar: Pack) -> None:
    text = render_markdown(coverage(kashgar, tests_dir=Path("/nonexistent")))

    assert text.startswith("# Coverage: kashgar_2021\n")
    assert "Articles classified: 76 of 76 (72 implemented, 4 declarative)" in text
    assert "| `art_2` | declarative | regulation_text | 指导思想 | — |" in text
    assert text.count("\n| `art_") == 76


def test_check_passes_on_the_kashgar_pack(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", str(KASHGAR_PACK_DIR)])

    assert status == 0
    assert "kashgar_2021" in capsys.readouterr().out


def test_check_lists_issues_and_fails(
    write_pack: WritePack, kashgar_raw: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    kashgar_raw["roles"][0]["duties"][0]["clause"] = "art_4__para_1__point_9"

    status = main(["check", str(write_pack(kashgar_raw))])

    err = capsys.readouterr().err
    assert status == 1
    assert (
        "roles[0].duties[0].clause [art_4__para_1__point_9]: clause 'art_4__para_1__point_9' does not exist"
        in err
    )
    assert "roles[0].duties [art_4__para_1__point_1]: point art_4__para_1__point_1 is not assigned" in err


def test_coverage_json_keeps_chinese_readable(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["coverage", str(KASHGAR_PACK_DIR), "--json"])

    out = capsys.readouterr().out
    assert status == 0
    assert '"note": "指导思想"' in out
    assert len(json.loads(out)["articles"]) == 76


def test_coverage_fails_when_an_article_is_unclassified(
    write_pack: WritePack, kashgar_raw: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    del kashgar_raw["articles"][74]  # art_75

    status = main(["coverage", str(write_pack(kashgar_raw)), "--markdown"])

    captured = capsys.readouterr()
    assert status == 1
    assert "| `art_75` | **unclassified** |" in captured.out
    assert "unclassified: art_75" in captured.err
