"""`zeren assess run|publish`: the year's target assessment (arts. 55–62) and its publication (art. 59).

``run --json`` is a contract read by scripts::

    {"run_id", "inputs_hash", "year", "status",
     "units": [{"unit", "group", "score", "veto", "veto_reasons", "rank", "result", "reward_yuan",
                "fine_yuan", "principals": [{"person", "share_yuan"}], "citations"}]}

``score`` is an exact decimal string ("87.50"); money is integer yuan; ``result`` is passed | failed |
vetoed | undetermined. The same inputs give back the same run (``run_id`` and ``inputs_hash``).

A year that has not ended is run or published only with ``--unfinished-year``; without it the command
prints one Chinese line on stderr and exits 2 (the rule is ``services.require_finished_or_confirmed``).
"""

from __future__ import annotations

import argparse
import json
import sys

from .funds import register_funds

UNFINISHED_HELP = (
    "确认考核年度尚未结束仍要{action}（数据只计到今天，不是全年结果）；不加则拒绝并以状态 2 退出"
)
UNFINISHED_HINT = "（确认请加 --unfinished-year）"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = subparsers.add_parser("run", help="运行年度安全生产目标考核（得分、一票否决、排名、奖罚）")
    run.add_argument("--year", type=int, required=True, help="考核年度")
    run.add_argument("--json", action="store_true", help="以 JSON 输出")
    run.add_argument("--amends", type=int, metavar="RUN_ID", help="更正运行：更正该年度已公布的运行")
    run.add_argument("--reason", default="", help="更正原因（记入审计日志）")
    run.add_argument("--unfinished-year", action="store_true", help=UNFINISHED_HELP.format(action="运行"))
    run.set_defaults(handler=run_run)
    publish = subparsers.add_parser("publish", help="公布考核结果（第五十九条）")
    publish.add_argument("--run", type=int, required=True, help="考核运行编号")
    publish.add_argument("--unfinished-year", action="store_true", help=UNFINISHED_HELP.format(action="公布"))
    publish.set_defaults(handler=run_publish)
    register_funds(subparsers)
    from .ratings import register_ratings  # art. 57 para 2

    register_ratings(subparsers)
    from .letters import register_letters  # art. 55 para 1

    register_letters(subparsers)
    from .exports import register_exports  # workbook, art. 59 notice, what-if

    register_exports(subparsers)


def run_run(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.accidents.errors import RulesUnavailable
    from zeren.assessment import selectors, services
    from zeren.assessment.errors import AssessmentError, UnfinishedYear
    from zeren.assessment.models import AssessmentRun

    amends = None
    if getattr(args, "amends", None) is not None:
        amends = AssessmentRun.objects.filter(pk=args.amends).first()
        if amends is None:
            print(f"zeren assess run: 没有考核运行 {args.amends}，无法更正", file=sys.stderr)
            return 1
    try:
        run = services.run_assessment(
            actor=None,
            year=args.year,
            amends=amends,
            reason=getattr(args, "reason", ""),
            confirm_unfinished=getattr(args, "unfinished_year", False),
        )
    except UnfinishedYear as exc:
        print(f"zeren assess run: {exc.message}{UNFINISHED_HINT}", file=sys.stderr)
        return 2
    except (RulesUnavailable, AssessmentError) as exc:
        print(f"zeren assess run: {exc}", file=sys.stderr)
        return 1
    payload = selectors.contract(run)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{run.year}年度安全生产目标考核 运行 #{run.pk}（{run.get_status_display()}）",
        f"输入 {run.inputs_hash[:12]}",
    )
    for u in payload["units"]:
        shares = "、".join(f"{p['person']} {p['share_yuan']}元" for p in u["principals"])
        money = (
            f"奖励{u['reward_yuan']}元"
            if u["reward_yuan"]
            else (f"罚款{u['fine_yuan']}元" if u["fine_yuan"] else "")
        )
        print(f"{u['group']}\t{u['rank']}\t{u['unit']}\t{u['score']}\t{u['result']}\t{money}\t{shares}")
    return 0


def run_publish(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.assessment import services
    from zeren.assessment.errors import AssessmentError, UnfinishedYear
    from zeren.assessment.models import AssessmentRun

    run = AssessmentRun.objects.filter(pk=args.run).first()
    if run is None:
        print(f"zeren assess publish: 没有考核运行 {args.run}", file=sys.stderr)
        return 1
    try:
        services.publish_run(actor=None, run=run, confirm_unfinished=getattr(args, "unfinished_year", False))
    except UnfinishedYear as exc:
        print(f"zeren assess publish: {exc.message}{UNFINISHED_HINT}", file=sys.stderr)
        return 2
    except AssessmentError as exc:
        print(f"zeren assess publish: {exc}", file=sys.stderr)
        return 1
    print(f"已公布 {run.year} 年度考核结果（运行 #{run.pk}）")
    return 0
