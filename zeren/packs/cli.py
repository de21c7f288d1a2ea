"""``zeren pack check DIR`` and ``zeren pack coverage DIR [--json|--markdown]`` (pure, no Django).

``register(subparsers)`` adds both commands; each sets ``handler`` to a function taking the parsed
arguments and returning an exit status.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .coverage import coverage, render_markdown, unclassified
from .loader import read_pack


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``zeren pack check`` and ``zeren pack coverage`` to the command line."""
    check = subparsers.add_parser("check", help="校验政策包（对照其法规文本）")
    check.add_argument("directory", type=Path)
    check.add_argument("--json", action="store_true", help="print the summary or issues as JSON")
    check.set_defaults(handler=cmd_check)
    cov = subparsers.add_parser("coverage", help="条款覆盖：分类、实现功能、引用条款的测试")
    cov.add_argument("directory", type=Path)
    cov.add_argument("--tests", type=Path, default=None, help="tests directory to scan (default: the repo's)")
    out = cov.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--markdown", action="store_true", help="render docs/coverage.md")
    cov.set_defaults(handler=cmd_coverage)


def cmd_check(args: argparse.Namespace) -> int:
    """``zeren pack check DIR``: 0 and a summary when the pack is valid, 1 and every issue (path, clause)
    when not."""
    pack, issues = read_pack(args.directory)
    if issues or pack is None:
        if args.json:
            payload = {"ok": False, "issues": [vars(i) for i in issues]}
            print(json.dumps(payload, ensure_ascii=False, indent=2))
        for issue in issues:
            print(str(issue), file=sys.stderr)
        print(f"zeren pack check: {len(issues)} problem(s)", file=sys.stderr)
        return 1
    counts = {
        "roles": len(pack.roles),
        "traits": len(pack.traits),
        "department_kinds": len(pack.department_kinds),
        "sectors": len(pack.sectors),
        "obligations": len(pack.obligations),
        "local_choices": len(pack.local_choices),
        "articles": len(pack.articles),
    }
    if args.json:
        payload = {
            "ok": True,
            "pack_id": pack.id,
            "effective_from": pack.effective.effective_from.isoformat(),
            "counts": counts,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        summary = "，".join(f"{k} {v}" for k, v in counts.items())
        print(f"政策包 {pack.id}（{pack.effective.effective_from} 起）校验通过：{summary}")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    """``zeren pack coverage DIR``: the article coverage report; 1 while an article is unclassified."""
    pack, issues = read_pack(args.directory)
    if pack is None:
        for issue in issues:
            print(str(issue), file=sys.stderr)
        return 1
    report = coverage(pack, tests_dir=args.tests)
    missing = unclassified(report)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif args.markdown:
        print(render_markdown(report), end="")
    else:
        s = report["summary"]
        span = s.get("duty_articles") or []
        points = f", points of arts. {span[0]}-{span[1]} assigned {s['points_assigned']}/{s['points_4_52']}"
        print(
            f"{pack.id}: {s['classified']}/{s['articles']} articles classified, "
            f"{s['with_tests']} asserted by marked tests{points if span else ''}"
        )
    for eid in missing:
        print(f"unclassified: {eid}", file=sys.stderr)
    return 1 if missing else 0


def main(argv: list[str] | None = None) -> int:
    """Run ``zeren pack`` with ``argv`` and return the exit status."""
    parser = argparse.ArgumentParser(prog="zeren pack")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    status: int = args.handler(args)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
