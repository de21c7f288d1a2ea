"""`zeren lists build|export`: responsibility lists on the command line (Django).

``build`` derives every active post's and organisation's list in a unit subtree in one pass (the
catalogue and portfolios loaded once) and drafts what changed; ``--publish`` publishes the drafts.
Writes are audited with no user (the system), one event per list row written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    build = subparsers.add_parser("build", help="为单位（含下级）的全部岗位和部门生成责任清单草稿")
    build.add_argument("--unit", required=True, help="单位标识，如 shule")
    build.add_argument("--on", type=dt.date.fromisoformat, help="依据日期（默认今天），YYYY-MM-DD")
    build.add_argument("--publish", action="store_true", help="生成后立即发布（视为已审核）")
    build.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    build.set_defaults(handler=run_build)

    export = subparsers.add_parser("export", help="导出一份责任清单（.docx 或 PDF）")
    export.add_argument("id", type=int, help="责任清单编号")
    export.add_argument("--format", choices=["docx", "pdf"], required=True)
    export.add_argument("--out", type=Path, required=True, help="输出文件")
    export.set_defaults(handler=run_export)


def run_build(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from django.http import Http404

    from zeren.duties.services import build_unit_lists
    from zeren.org.models import Unit

    unit = Unit.objects.filter(code=args.unit).first()
    if unit is None:
        print(f"zeren lists build: 没有单位 {args.unit}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        report = build_unit_lists(actor=None, unit=unit, on=args.on, publish=args.publish)
    except Http404 as exc:  # no pack loaded
        print(f"zeren lists build: {exc}", file=sys.stderr)
        return 2
    seconds = round(time.perf_counter() - started, 2)
    if args.json:
        print(json.dumps({**report.as_dict(), "seconds": seconds}, ensure_ascii=False, indent=2))
        return 0
    labels = {
        "drafted": "新草稿",
        "unchanged_draft": "与待发布草稿一致",
        "unchanged_published": "与现行版本一致",
        "published": "已发布",
        "skipped_empty": "无适用职责、跳过",
    }
    print(f"{unit.name}（{report.on:%Y-%m-%d}），用时 {seconds} 秒：")
    for kind, title in (("posts", "岗位"), ("organisations", "机构")):
        parts = [f"{label} {report.counts[f'{kind}_{key}']}" for key, label in labels.items()]
        print(f"  {title}：" + "，".join(parts))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.duties import exports
    from zeren.duties.models import ResponsibilityList

    row = ResponsibilityList.objects.filter(pk=args.id).select_related("unit").first()
    if row is None:
        print(f"zeren lists export: 没有责任清单 {args.id}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    data = exports.render_docx(row) if args.format == "docx" else exports.render_pdf(row)
    args.out.write_bytes(data)
    seconds = time.perf_counter() - started
    print(f"已导出 {row.title}（{row.label}）→ {args.out}（{len(data)} 字节，{seconds:.2f} 秒）")
    return 0
