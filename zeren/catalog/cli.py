"""`zeren pack load DIR`: validate a pack and store it in the catalogue (Django)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``zeren pack load`` to the command line."""
    parser = subparsers.add_parser("load", help="校验并加载政策包到数据库（相同内容再次加载不产生变化）")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=run_load)


def run_load(args: argparse.Namespace) -> int:
    """``zeren pack load DIR``: 0 stored (or already stored), 1 the pack has problems, 2 no such directory."""
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.catalog.services import load_pack_into_catalog
    from zeren.packs import PackError

    if not (args.directory / "pack.yaml").is_file():
        print(f"zeren pack load: {args.directory}/pack.yaml not found", file=sys.stderr)
        return 2
    try:
        result = load_pack_into_catalog(directory=args.directory)
    except PackError as exc:
        for issue in exc.issues:
            clause = f" [{issue.clause}]" if issue.clause else ""
            print(f"{issue.path}{clause}: {issue.message}", file=sys.stderr)
        print(f"zeren pack load: {len(exc.issues)} problem(s); nothing was loaded", file=sys.stderr)
        return 1
    payload = {
        "pack_id": result.pack.pack_id,
        "effective_from": result.pack.effective_from.isoformat(),
        "created": result.created,
        "sha256": result.pack.content_sha256,
        "counts": result.counts,
    }
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        state = "已加载新版本" if result.created else "内容未变化"
        counts = "，".join(f"{k} {v}" for k, v in result.counts.items())
        print(f"政策包 {payload['pack_id']}（{payload['effective_from']} 起）：{state}；{counts}")
    return 0
