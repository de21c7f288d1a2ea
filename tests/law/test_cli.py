from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from zeren.law import cli

from .conftest import SEED


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    status: int = args.handler(args)
    return status


def test_parse_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["parse", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["metadata"]["document_number"] == "喀安委〔2021〕2号"
    assert data["counts"]["article"] == 76


def test_parse_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["parse", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "articles: 76" in out
    assert "[injected_metadata]" in out


def test_parse_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["parse", str(tmp_path / "nope.txt")]) == 1
    assert "error" in capsys.readouterr().err


def test_corpus_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("某法\n第一条 甲。\n第二条 乙。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("通知\n没有条文。\n", encoding="utf-8")
    assert _run(["corpus", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("files", "exact", "warned", "failed", "mismatches")} == {
        "files": 2,
        "exact": 1,
        "warned": 1,
        "failed": 0,
        "mismatches": [],
    }
    assert isinstance(data["seconds"], float)
