"""`zeren assess letters`: the year's target responsibility letters (目标管理责任书, art. 55 para 1).

``--generate`` first writes a draft for every assessed unit that has none (existing letters untouched).
``letters --json`` is a contract read by scripts::

    {"year", "letters": [{"unit", "group", "status", "accidents_max", "deaths_max",
                          "signatories": [{"person", "name", "post", "role"}], "signed_on"}]}

``status`` is draft | signed; ``signed_on`` is an ISO date or null; the ceilings are integers. Letters
are ordered by group, then unit code.
"""

from __future__ import annotations

import argparse
import json
import sys


def register_letters(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    letters = subparsers.add_parser(
        "letters", help="年度安全生产目标管理责任书：生成、列表（第五十五条第一款）"
    )
    letters.add_argument("--year", type=int, required=True, help="年度")
    letters.add_argument("--generate", action="store_true", help="为尚无责任书的被考核单位生成草稿")
    letters.add_argument("--json", action="store_true", help="以 JSON 输出")
    letters.set_defaults(handler=run_letters)


def run_letters(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.accidents.errors import RulesUnavailable
    from zeren.assessment import letters
    from zeren.assessment.errors import AssessmentError

    if args.generate:
        try:
            result = letters.generate_letters(actor=None, year=args.year)
        except (AssessmentError, RulesUnavailable) as exc:
            print(f"zeren assess letters: {exc}", file=sys.stderr)
            return 1
        if not args.json:
            print(f"新生成 {len(result.created)} 份，已有 {result.existing} 份未改动")
    payload = letters.letters_contract(args.year)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    signed = sum(x["status"] == "signed" for x in payload["letters"])
    print(f"{args.year}年度目标管理责任书：{len(payload['letters'])} 份，已签订 {signed} 份")
    for x in payload["letters"]:
        people = "、".join(f"{s['post']} {s['name']}" for s in x["signatories"]) or "未登记签署人"
        print(
            f"{x['group']}\t{x['unit']}\t{x['status']}\t事故≤{x['accidents_max']}\t死亡≤{x['deaths_max']}"
            f"\t{x['signed_on'] or '-'}\t{people}"
        )
    return 0
