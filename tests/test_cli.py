"""The `zeren` command wires every group; each subcommand has a handler."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from zeren.cli import GROUPS, build_parser, main

ROOT = Path(__file__).resolve().parent.parent


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_group_and_subcommand_has_a_handler() -> None:
    top = _subcommands(build_parser())

    assert set(GROUPS) <= set(top)
    for name in GROUPS:
        subs = _subcommands(top[name])
        assert subs, f"group {name} has no subcommands"
        for sub_name, sub in subs.items():
            assert sub.get_default("handler") is not None, f"zeren {name} {sub_name} has no handler"


def test_law_parse_json_through_the_zeren_command(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["law", "parse", str(ROOT / "zeren/packs/kashgar_2021/regulation.txt"), "--json"])

    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert data["metadata"]["document_number"] == "喀安委〔2021〕2号"
    assert [n["eid"] for n in data["nodes"]][:2] == ["chp_1", "chp_2"]


def test_pack_coverage_json_through_the_zeren_command(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["pack", "coverage", str(ROOT / "zeren/packs/kashgar_2021"), "--json"])

    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert len(data["articles"]) == 76
    assert all(a["classification"] in {"implemented", "declarative"} for a in data["articles"])
