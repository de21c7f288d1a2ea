"""`zeren assess export` (the office workbook, the art. 59 notice) and `zeren assess whatif`.

``export --format xlsx`` writes the office workbook of any run (it names principals and their shares:
internal); ``notice-xlsx`` / ``notice-docx`` write the public notice and refuse a run not yet published.

``whatif`` never writes: it evaluates the run's stored facts with the changes beside the real result.
``whatif --json`` is a contract read by scripts::

    {"run_id", "year", "inputs_hash", "changes": [str], "weights": {indicator: weight}, "scale",
     "moved_units", "totals": {"before"|"after": {"reward_yuan", "fine_yuan"}}, "baseline_differs",
     "groups": [{"group", "name", "rows": [{"unit", "name", "before", "after", "moved", "rank_change",
                 "rank_move", "facts_changed"}]}]}

``before`` and ``after`` hold ``rank``, ``score`` (exact decimal string), ``veto``, ``veto_reasons``,
``result``, ``result_label``, ``reward_yuan`` and ``fine_yuan``; ``moved`` lists the keys that differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zeren.assessment.models import AssessmentRun

FORMATS = ("xlsx", "notice-xlsx", "notice-docx")


def register_exports(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = subparsers.add_parser("export", help="导出考核工作簿（内部）或考核结果公告（第五十九条）")
    export.add_argument("--run", type=int, required=True, help="考核运行编号")
    export.add_argument("--format", choices=FORMATS, required=True, help="xlsx：工作簿；notice-*：公告")
    export.add_argument("--out", type=Path, required=True, help="输出文件路径")
    export.set_defaults(handler=run_export)
    whatif = subparsers.add_parser("whatif", help="假设分析：剔除事故、标记履职完成、调整权重（不写入）")
    whatif.add_argument("--run", type=int, required=True, help="考核运行编号")
    whatif.add_argument(
        "--remove-accident", type=int, action="append", default=[], metavar="ID", help="剔除事故（可重复）"
    )
    whatif.add_argument(
        "--mark-done",
        action="append",
        default=[],
        metavar="UNIT:COUNT",
        help="标记履职事项按时完成（可重复）",
    )
    whatif.add_argument(
        "--weight", action="append", default=[], metavar="ID=W", help="调整指标权重（可重复）"
    )
    whatif.add_argument("--json", action="store_true", help="以 JSON 输出")
    whatif.set_defaults(handler=run_whatif)


def _run(command: str, run_id: int) -> AssessmentRun | None:
    from zeren.assessment.models import AssessmentRun

    run = AssessmentRun.objects.select_related("pack").filter(pk=run_id).first()
    if run is None:
        print(f"zeren assess {command}: 没有考核运行 {run_id}", file=sys.stderr)
    return run


def run_export(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.assessment import exports
    from zeren.assessment.models import AssessmentRun

    run = _run("export", args.run)
    if run is None:
        return 1
    if args.format != "xlsx" and run.status != AssessmentRun.Status.PUBLISHED:
        print(f"zeren assess export: 运行 #{run.pk} 尚未公布，不能导出公告", file=sys.stderr)
        return 1
    render = {
        "xlsx": exports.render_workbook,
        "notice-xlsx": exports.render_notice_xlsx,
        "notice-docx": exports.render_notice_docx,
    }[args.format]
    args.out.write_bytes(render(run))
    print(f"已导出 {args.out}（运行 #{run.pk}，{args.format}）")
    return 0


def run_whatif(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.assessment import whatif

    run = _run("whatif", args.run)
    if run is None:
        return 1
    _, facts, scheme = whatif.inputs(run)
    data = {"remove_accident": args.remove_accident, "mark_done": args.mark_done, "weight": args.weight}
    try:
        changes = whatif.parse_changes(data, facts=facts, scheme=scheme)
    except whatif.InvalidChanges as exc:
        for field, message in exc.errors.items():
            print(f"zeren assess whatif: {field}: {message}", file=sys.stderr)
        return 2
    result = whatif.what_if(run, changes)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"假设分析（运行 #{run.pk} 未改动）：{'；'.join(result['changes'])}")
    totals = result["totals"]
    print(
        f"有变化的单位 {result['moved_units']} 个；奖励合计 {totals['before']['reward_yuan']}→"
        f"{totals['after']['reward_yuan']} 元；罚款合计 {totals['before']['fine_yuan']}→"
        f"{totals['after']['fine_yuan']} 元"
    )
    for group in result["groups"]:
        for r in group["rows"]:
            if not r["moved"]:
                continue
            b, a = r["before"], r["after"]
            print(
                f"{group['group']}\t{r['unit']}\t名次 {b['rank']}→{a['rank']}\t得分 {b['score']}→{a['score']}"
                f"\t{b['result']}→{a['result']}\t奖励 {b['reward_yuan']}→{a['reward_yuan']}"
                f"\t罚款 {b['fine_yuan']}→{a['fine_yuan']}\t{'；'.join(r['facts_changed'])}"
            )
    return 0
