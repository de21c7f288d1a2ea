from __future__ import annotations

import argparse
import json
from collections.abc import Sequence

import pytest

from zeren import cli
from zeren.audit import cli as audit_cli
from zeren.audit.models import AuditEvent

from .conftest import forced_update, record_many

pytestmark = pytest.mark.django_db


def zeren(argv: Sequence[str]) -> int:
    """``zeren audit ...`` parsed as zeren.cli does, without importing the other groups' modules."""
    parser = argparse.ArgumentParser(prog="zeren")
    group = parser.add_subparsers(dest="command", required=True).add_parser("audit")
    audit_cli.register(group.add_subparsers(dest="subcommand", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def test_the_audit_group_is_wired_into_the_zeren_command() -> None:
    assert cli.GROUPS["audit"] == ("审计日志：校验哈希链", ["zeren.audit.cli"])


@pytest.fixture
def chain() -> list[AuditEvent]:
    return record_many(12)


def test_verify_exits_0_on_an_intact_chain_and_prints_the_head(
    chain: list[AuditEvent], capsys: pytest.CaptureFixture[str]
) -> None:
    code = zeren(["audit", "verify"])

    out = capsys.readouterr().out
    assert code == 0
    assert out == f"审计哈希链完好：已校验 12 条；链头 12:{chain[-1].hash}\n"


def test_verify_json_exits_1_naming_the_altered_row(
    chain: list[AuditEvent], capsys: pytest.CaptureFixture[str]
) -> None:
    forced_update(10, after={"n": 999})

    code = zeren(["audit", "verify", "--json"])

    payload = json.loads(capsys.readouterr().out)
    assert code == 1
    assert payload == {
        "ok": False,
        "checked": 10,
        "first_bad_seq": 10,
        "problem": "seq 10: content altered, hash mismatch / 第 10 条记录内容被篡改（哈希不符）",
        "head_seq": 12,
        "head_hash": chain[-1].hash,
    }


def test_verify_checks_an_external_anchor(
    chain: list[AuditEvent], capsys: pytest.CaptureFixture[str]
) -> None:
    good = zeren(["audit", "verify", "--json", "--anchor", f"12:{chain[-1].hash}"])
    bad = zeren(["audit", "verify", "--json", "--anchor", f"5:{'a' * 64}"])

    first, second = capsys.readouterr().out.split("}\n{")
    assert (good, bad) == (0, 1)
    assert json.loads(first + "}")["ok"] is True
    assert json.loads("{" + second)["first_bad_seq"] == 5


def test_verify_rejects_a_malformed_anchor(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        zeren(["audit", "verify", "--anchor", "12:short"])

    assert exc.value.code == 2
    assert "expected SEQ:SHA256HEX" in capsys.readouterr().err
