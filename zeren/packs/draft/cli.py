"""`zeren pack draft FILE`: draft a pack from a regulation text, optionally scored against a curated pack.

Pure: no Django. The lead registers :func:`register` under ``zeren pack``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from . import DraftError, draft_pack
from .evaluate import evaluate, report_json, report_table


class _Dumper(yaml.SafeDumper):
    """Plain YAML: no anchors/aliases, so every entry reads on its own when reviewed."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(pack: dict[str, Any]) -> str:
    header = "# DRAFT pack written by `zeren pack draft`: every entry marked draft: true is a guess.\n"
    header += "# Review each one against the regulation before it goes into a curated pack.yaml.\n"
    body = yaml.dump(pack, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    return header + body


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("draft", help="从法规文本自动草拟政策包（所有猜测条目标记 draft: true）")
    parser.add_argument("file", type=Path, help="法规文本（UTF-8）")
    parser.add_argument("--out", type=Path, help="写入草稿 YAML 的路径（默认输出到标准输出）")
    parser.add_argument("--id", dest="pack_id", default="draft", help="草稿包的 id（默认 draft）")
    parser.add_argument(
        "--evaluate", type=Path, metavar="CURATED_PACK_YAML", help="与人工整理的 pack.yaml 比较"
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出评估结果")
    parser.set_defaults(handler=run_draft)


def run_draft(args: argparse.Namespace) -> int:
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"zeren pack draft: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    try:
        pack = draft_pack(text, pack_id=args.pack_id, regulation=args.file.name)
    except DraftError as exc:
        print(f"zeren pack draft: {exc}", file=sys.stderr)
        return 1
    rendered = dump_yaml(pack)
    if args.out is not None:
        args.out.write_text(rendered, encoding="utf-8")
    elif args.evaluate is None:
        sys.stdout.write(rendered)
    if args.evaluate is None:
        return 0
    try:
        curated = yaml.safe_load(args.evaluate.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        print(f"zeren pack draft: cannot read {args.evaluate}: {exc}", file=sys.stderr)
        return 2
    if not isinstance(curated, dict):
        print(f"zeren pack draft: {args.evaluate} is not a pack (a YAML mapping)", file=sys.stderr)
        return 2
    scores = evaluate(pack, curated)
    if args.json:
        print(json.dumps(report_json(scores), ensure_ascii=False, indent=2))
    else:
        print(report_table(scores))
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m zeren.packs.draft.cli draft FILE …``: the same command without the ``zeren`` wrapper."""
    parser = argparse.ArgumentParser(prog="zeren pack")
    register(parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND"))
    args = parser.parse_args(argv)
    status: int = args.handler(args)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
