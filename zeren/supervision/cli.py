"""`zeren supervision report|escalate`.

- ``report PLAN_ID --out FILE.docx``: the tour report (findings by unit and by clause).
- ``escalate [--today YYYY-MM-DD] [--json]``: escalate overdue supervised findings (重大隐患) and store
  overdue notices. Idempotent and cron-friendly; ``--json`` prints ``{"today", "overdue", "escalated",
  "notices"}`` (a contract read by scripts).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = subparsers.add_parser("report", help="导出督查巡查报告（.docx）")
    report.add_argument("plan_id", type=int, help="计划编号")
    report.add_argument("--out", required=True, help="输出文件（.docx）")
    report.set_defaults(handler=run_report)

    escalate = subparsers.add_parser("escalate", help="重大隐患逾期升级督办，生成整改逾期提醒（可重复运行）")
    escalate.add_argument("--today", type=dt.date.fromisoformat, default=None, help="按该日计算（默认今天）")
    escalate.add_argument("--json", action="store_true", help="以 JSON 输出")
    escalate.set_defaults(handler=run_escalate)


def run_report(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.supervision.models import Plan
    from zeren.supervision.reports import render_report_docx

    plan = Plan.objects.select_related("organiser").filter(pk=args.plan_id).first()
    if plan is None:
        print(f"zeren supervision report: 没有计划 {args.plan_id}", file=sys.stderr)
        return 1
    Path(args.out).write_bytes(render_report_docx(plan))
    print(f"已导出 {plan.title} 报告：{args.out}")
    return 0


def run_escalate(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.supervision.services import escalate_overdue

    result = escalate_overdue(actor=None, today=args.today)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        print(
            f"{result.today}：逾期 {result.overdue} 个，新升级督办 {result.escalated} 个，"
            f"新提醒 {result.notices} 条"
        )
    return 0
