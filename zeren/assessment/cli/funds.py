"""`zeren assess ledger`: the year's fund ledger of rewards, fines and enterprise awards (arts. 61–62).

``ledger --json`` is a contract read by scripts::

    {"year", "balance": {fund: yuan},
     "lines": [{"kind", "direction", "fund", "unit", "amount_yuan", "clause", "reverses"}]}

``balance`` is in − out per fund (integer yuan, negative when more went out); ``kind`` is reward | fine |
enterprise_award | reversal; ``reverses`` is the reversed line's id or null. Lines are in posting order.
"""

from __future__ import annotations

import argparse
import json


def register_funds(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ledger = subparsers.add_parser("ledger", help="年度考核奖罚资金台账（第六十一条、第六十二条）")
    ledger.add_argument("--year", type=int, required=True, help="年度")
    ledger.add_argument("--json", action="store_true", help="以 JSON 输出")
    ledger.set_defaults(handler=run_ledger)


def run_ledger(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.assessment import ledger

    payload = ledger.ledger_contract(args.year)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(f"{args.year}年度考核奖罚资金台账：{len(payload['lines'])} 笔")
    for m in ledger.ledger_lines(args.year):
        sign = "+" if m.direction == "in" else "-"
        reverses = f"\t冲正#{m.reverses_id}" if m.reverses_id else ""
        unit = m.unit_code or "-"
        print(
            f"#{m.pk}\t{m.get_kind_display()}\t{m.fund}\t{unit}\t{sign}{m.amount_yuan}\t{m.clause}{reverses}"
        )
    for fund, balance in payload["balance"].items():
        print(f"余额 {fund}\t{balance}")
    return 0
