"""`zeren assess ratings --run N [--json]`: the principals' comprehensive rating of a run (art. 57 para 2).

``--json`` is a contract read by scripts::

    {"run_id", "year", "ratings": [{"person", "name", "unit", "unit_name", "group", "group_name",
                                    "post_order", "post", "days", "level", "level_name", "provisional",
                                    "reasons": [{"text", "clause"}], "citations"}]}

``level`` is excellent | competent | basic | incompetent. The ratings are those stored with the run
(frozen with it); a run made without them exits 1. The command line acts as the system.
"""

from __future__ import annotations

import argparse
import json
import sys


def register_ratings(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ratings = subparsers.add_parser("ratings", help="党政主要负责人安全生产工作综合评价（第五十七条第二款）")
    ratings.add_argument("--run", type=int, required=True, help="考核运行编号")
    ratings.add_argument("--json", action="store_true", help="以 JSON 输出")
    ratings.set_defaults(handler=run_ratings)


def run_ratings(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.assessment.models import AssessmentRun
    from zeren.assessment.ratings import ratings_contract, title_of

    run = AssessmentRun.objects.filter(pk=args.run).first()
    if run is None:
        print(f"zeren assess ratings: 没有考核运行 {args.run}", file=sys.stderr)
        return 1
    payload = ratings_contract(run)
    if payload is None:
        print(f"zeren assess ratings: 考核运行 {run.pk} 未包含综合评价，请重新运行考核", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(f"{title_of(run)} 运行 #{run.pk}（{run.get_status_display()}）")
    for r in payload["ratings"]:
        reasons = "；".join(x["text"] for x in r["reasons"])
        name = r["name"] or r["person"]
        print(f"{r['unit_name']}\t{name}\t{r['post']}\t{r['days']}天\t{r['level_name']}\t{reasons}")
    return 0
