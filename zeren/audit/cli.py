"""`zeren audit verify`: walk the hash chain; exit 0 when intact, 1 naming the first bad row."""

from __future__ import annotations

import argparse
import json


def _anchor(text: str) -> tuple[int, str]:
    seq, sep, digest = text.partition(":")
    if not sep or not seq.isdigit() or len(digest) != 64:
        raise argparse.ArgumentTypeError(f"expected SEQ:SHA256HEX, got {text!r}")
    return int(seq), digest.lower()


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "verify", help="校验审计日志哈希链（完好退出码 0，否则 1 并指出第一条问题记录）"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--anchor",
        type=_anchor,
        action="append",
        default=[],
        metavar="SEQ:HASH",
        help="外部存证的链头（此前某次校验输出的 head_seq:head_hash），可重复",
    )
    parser.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.audit.verify import verify_chain

    result = verify_chain(anchors=dict(args.anchor))
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    elif result.ok:
        print(f"审计哈希链完好：已校验 {result.checked} 条；链头 {result.head_seq}:{result.head_hash}")
    else:
        print(f"审计哈希链校验失败（已校验 {result.checked} 条）：{result.problem}")
        print(f"链头 {result.head_seq}:{result.head_hash}")
    return 0 if result.ok else 1
