"""`zeren law import`: store a regulation text as a version (Django)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import", help="导入法规文本（同一文本再次导入不产生变化；文本变化则生成新版本）"
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--slug", help="法规标识（默认按标题识别）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    parser.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.regulations.services import RegulationImportError, import_regulation

    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"zeren law import: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    try:
        result = import_regulation(text=text, source_name=args.file.name, slug=args.slug)
    except RegulationImportError as exc:
        print(f"zeren law import: {exc}", file=sys.stderr)
        return 1
    version = result.version
    payload = {
        "slug": version.regulation.slug,
        "title": version.regulation.title,
        "version": version.number,
        "created": result.created,
        "provisions": result.provisions,
        "warnings": len(version.warnings),
        "sha256": version.source_sha256,
    }
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        state = "新版本" if result.created else "未变化"
        print(
            f"{payload['title']}（{payload['slug']}）第{payload['version']}版：{state}，"
            f"{payload['provisions']} 个条款节点，{payload['warnings']} 条导入警告"
        )
    return 0
