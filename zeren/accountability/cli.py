"""`zeren person eligibility PERSON_ID --on DATE`: whether the art. 65 veto bars a person (Django).

``--json``: ``{"person", "on", "eligible", "until", "reasons": [...], "clauses": [...]}`` (``until`` is the
last barred day, null when not barred).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    eligibility = subparsers.add_parser("eligibility", help="查询人员在某日是否受一票否决限制（第六十五条）")
    eligibility.add_argument("person", help="人员编号")
    eligibility.add_argument("--on", type=dt.date.fromisoformat, default=None, help="日期（默认今天）")
    eligibility.add_argument("--json", action="store_true", help="以 JSON 输出")
    eligibility.set_defaults(handler=run_eligibility)


def run_eligibility(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from django.utils import timezone

    from zeren.accountability.services import check_eligibility
    from zeren.org.models import Person

    person = Person.objects.filter(code=args.person).first()
    if person is None:
        print(f"zeren person eligibility: 没有人员 {args.person}", file=sys.stderr)
        return 2
    on = args.on or timezone.localdate()
    result = check_eligibility(person, on)
    payload = {
        "person": person.code,
        "on": on.isoformat(),
        "eligible": result.eligible,
        "until": result.until.isoformat() if result.until else None,
        "reasons": list(result.reasons),
        "clauses": list(result.clauses),
    }
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    verdict = "可以评优、晋升和重用" if result.eligible else f"不得评优、晋升和重用，至 {result.until}（含）"
    print(f"{person.name}（{person.code}）{on}：{verdict}")
    for reason in result.reasons:
        print(f"  {reason}")
    return 0
