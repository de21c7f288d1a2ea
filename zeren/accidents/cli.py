"""`zeren accident grade|chain`: grade an accident (pure, no database) and list who answers (Django).

``--json`` outputs are a contract read by scripts:
- ``grade``: ``{"grade", "criteria": [...], "citations": [...]}``
- ``chain``: ``{"unit", "sector", "at", "grade", "posts": [{"post", "title", "unit", "unit_name", "role",
  "holder", "holder_name", "acting", "reason", "tiers", "clauses": [...]}]}`` — ``holder`` is the code of
  the person who held the post at ``--at`` (null when vacant).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

FULL_REACH_GRADE = "特别重大"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    grade = subparsers.add_parser("grade", help="按伤亡和直接经济损失确定事故等级（493号令第三条）")
    grade.add_argument("--deaths", type=int, default=0, help="死亡人数")
    grade.add_argument("--serious-injuries", type=int, default=0, help="重伤人数（含急性工业中毒）")
    grade.add_argument("--loss-yuan", type=int, default=0, help="直接经济损失（元）")
    grade.add_argument("--json", action="store_true", help="以 JSON 输出")
    grade.set_defaults(handler=run_grade)

    chain = subparsers.add_parser("chain", help="列出对事故负有领导责任的岗位及事发时的在任人员")
    chain.add_argument("--unit", required=True, help="事故发生地：单位标识或名称（如 shule 或 疏勒县）")
    chain.add_argument(
        "--sector", required=True, help="行业（领域）：政策包标识或名称（如 road_traffic 或 道路交通）"
    )
    chain.add_argument(
        "--at", required=True, help="事故发生时间（ISO 8601，如 2026-03-01T10:00；无时区按本地时间）"
    )
    chain.add_argument(
        "--grade",
        default=FULL_REACH_GRADE,
        help=f"事故等级（决定追及范围；默认 {FULL_REACH_GRADE}，即全部层级）",
    )
    chain.add_argument(
        "--report-failure", action="store_true", help="存在迟报、谎报、瞒报（按报告失职的追及范围）"
    )
    chain.add_argument("--json", action="store_true", help="以 JSON 输出")
    chain.set_defaults(handler=run_chain)


def run_grade(args: argparse.Namespace) -> int:
    from zeren.packs import KASHGAR_PACK_DIR, load_pack, policy_rules
    from zeren.policy.accidents import grade_accident

    if min(args.deaths, args.serious_injuries, args.loss_yuan) < 0:
        print("zeren accident grade: 人数和损失不能为负数", file=sys.stderr)
        return 2
    bands = policy_rules.grade_bands(load_pack(KASHGAR_PACK_DIR))
    result = grade_accident(
        deaths=args.deaths, serious_injuries=args.serious_injuries, loss_yuan=args.loss_yuan, bands=bands
    )
    if args.json:
        payload = {
            "grade": result.grade,
            "criteria": list(result.criteria),
            "citations": list(result.citations),
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(f"{result.grade}事故")
    for line in result.criteria:
        print(f"  {line}")
    print(f"依据：{'、'.join(result.citations)}")
    return 0


def _parse_at(raw: str) -> dt.datetime:
    from django.utils import timezone

    moment = dt.datetime.fromisoformat(raw)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def run_chain(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from django.utils import timezone

    from zeren.accidents.errors import AccidentError
    from zeren.accidents.rules import rules_for
    from zeren.accidents.selectors import answerable, chain_payload, find_unit

    try:
        at = _parse_at(args.at)
    except ValueError:
        print(f"zeren accident chain: 无法识别的时间 {args.at}", file=sys.stderr)
        return 2
    unit = find_unit(args.unit)
    if unit is None:
        print(f"zeren accident chain: 没有单位 {args.unit}", file=sys.stderr)
        return 2
    day = timezone.localtime(at).date()
    try:
        rules = rules_for(on=day)
    except AccidentError as exc:
        print(f"zeren accident chain: {exc.message}", file=sys.stderr)
        return 2
    sector = rules.sector_code(args.sector)
    if sector is None:
        print(f"zeren accident chain: 政策包中没有行业领域 {args.sector}", file=sys.stderr)
        return 2
    rows = answerable(
        unit=unit,
        sector_code=sector,
        day=day,
        grade=args.grade,
        rules=rules,
        report_failure=args.report_failure,
    )
    posts = chain_payload(rows)
    if args.json:
        payload = {
            "unit": unit.code,
            "sector": sector,
            "at": at.isoformat(),
            "grade": args.grade,
            "posts": posts,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(f"{unit.name} · {rules.sector_name(sector)} · {at:%Y-%m-%d %H:%M} · {args.grade}")
    for post in posts:
        holder = post["holder_name"] or "（空缺）"
        clauses = "、".join(post["clauses"])
        print(f"  {post['title']}（{post['unit_name']}）：{holder} — {post['reason']} [{clauses}]")
    return 0
