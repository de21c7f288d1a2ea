"""`zeren obligations generate|summary|tally|remind` (Django; writes audited with no user, i.e. the system).

``--json`` outputs are a contract: ``summary --json`` prints exactly
``{"by_clause": {clause_id: count}, "by_status": {status: count}}`` (keys may only be added).
``remind`` is cron-friendly: idempotent and safe to run concurrently.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    generate = subparsers.add_parser("generate", help="按政策包和机构数据生成某年度的履职事项（幂等）")
    generate.add_argument("--year", type=int, required=True)
    generate.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    generate.set_defaults(handler=run_generate)

    summary = subparsers.add_parser("summary", help="某年度履职事项按条款、按状态汇总")
    summary.add_argument("--year", type=int, required=True)
    summary.add_argument("--json", action="store_true", help="以 JSON 输出（约定格式）")
    summary.set_defaults(handler=run_summary)

    tally = subparsers.add_parser("tally", help="核对（或按明细重算）某年度履职事项计数（汇总的来源）")
    tally.add_argument("--year", type=int, required=True)
    tally.add_argument("--recount", action="store_true", help="按明细重算（批量导入明细之后）")
    tally.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    tally.set_defaults(handler=run_tally)

    remind = subparsers.add_parser("remind", help="生成即将到期和逾期提醒（可重复运行、可并发）")
    remind.add_argument("--today", type=dt.date.fromisoformat, help="按该日期计算（YYYY-MM-DD，默认今天）")
    remind.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    remind.set_defaults(handler=run_remind)


def _setup() -> None:
    from zeren.common.setup import setup_django

    setup_django()


def run_generate(args: argparse.Namespace) -> int:
    _setup()
    from django.http import Http404

    from zeren.obligations.services import generate_occurrences
    from zeren.progress import ticking

    try:
        with ticking(f"生成{args.year}年度履职事项", quiet=args.json):
            result = generate_occurrences(actor=None, year=args.year)
    except Http404 as exc:
        print(f"zeren obligations generate: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(
        f"{result.year}年度履职事项：新建 {result.created}，更新 {result.updated}，"
        f"随机构改革转移 {result.moved}，移除 {result.removed}，"
        f"保留待核 {result.kept}，未变 {result.unchanged}"
    )
    for clause, count in result.by_clause.items():
        print(f"  {clause}: {count}")
    return 0


def run_summary(args: argparse.Namespace) -> int:
    _setup()
    from zeren.obligations.models import ClauseTally, Tally
    from zeren.obligations.selectors import LABELS, counted_summary
    from zeren.obligations.tallies import Counted

    data = counted_summary(Counted(Tally.objects.all(), ClauseTally.objects.all()), args.year)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{args.year}年度履职事项")
    for clause, count in data["by_clause"].items():
        print(f"  {clause}: {count}")
    for status, count in data["by_status"].items():
        print(f"  {LABELS[status]}: {count}")
    return 0


def run_tally(args: argparse.Namespace) -> int:
    """Exit 1 when the tallies disagree with the rows (after ``--recount`` they agree)."""
    _setup()
    from zeren.obligations import tallies

    written = tallies.recount(args.year) if args.recount else None
    wrong = tallies.differences(args.year)
    if args.json:
        print(json.dumps({"year": args.year, "recounted": written, "differences": wrong}, ensure_ascii=False))
    elif wrong:
        print(f"{args.year}年度履职事项计数与明细不符：" + "，".join(f"{k} {v} 项" for k, v in wrong.items()))
    else:
        state = f"已按明细重算（{written} 行）" if written is not None else "与明细一致"
        print(f"{args.year}年度履职事项计数{state}")
    return 1 if wrong else 0


def run_remind(args: argparse.Namespace) -> int:
    _setup()
    from zeren.obligations.services import send_reminders

    result = send_reminders(today=args.today)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"{result.today} 新提醒 {result.created} 条（即将到期 {result.due_soon}，已逾期 {result.overdue}）")
    return 0
