"""`zeren org template|import|export`: the roster workbook (花名册) on the command line (Django).

Writes made here are audited with no user (the system); the import adds one ``org.import_roster``
event naming the file when it changed anything.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    template = subparsers.add_parser("template", help="生成花名册模板（.xlsx，含下拉列表）")
    template.add_argument(
        "--out", type=Path, default=Path("roster-template.xlsx"), help="输出文件（默认 roster-template.xlsx）"
    )
    template.set_defaults(handler=run_template)

    load = subparsers.add_parser("import", help="导入花名册：先整体校验，全部无误才写入（原子、留痕）")
    load.add_argument("file", type=Path)
    load.add_argument("--dry-run", action="store_true", help="只校验并报告，不做任何修改")
    load.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    load.set_defaults(handler=run_import)

    export = subparsers.add_parser("export", help="把数据库中的机构与人员导出为花名册")
    export.add_argument("--out", type=Path, default=Path("roster.xlsx"), help="输出文件（默认 roster.xlsx）")
    export.add_argument("--unit", help="只导出该单位（标识）及其下级")
    export.set_defaults(handler=run_export)

    check = subparsers.add_parser("check", help="按条文检查组织设置（分管安全的领导、清单公布、专项资金等）")
    check.add_argument("--on", help="检查日期 YYYY-MM-DD（默认今天）")
    check.add_argument("--year", type=int, help="专项资金预算年度（默认检查日期所在年度）")
    check.add_argument(
        "--json", action="store_true", help='以 JSON 输出：{"findings": [{"clause", "unit", "what"}]}'
    )
    check.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    """Exit 0 with no findings, 1 with findings (each printed with its clause)."""
    import datetime as dt

    from zeren.common.setup import setup_django

    setup_django()
    from django.utils import timezone

    from zeren.catalog.packs import current_pack
    from zeren.law import cite
    from zeren.org.checks import org_findings

    on = dt.date.fromisoformat(args.on) if args.on else timezone.localdate()
    findings = org_findings(current_pack(on=on), on=on, year=args.year)
    if args.json:
        print(json.dumps({"findings": [f.as_dict() for f in findings]}, ensure_ascii=False, indent=2))
    else:
        for f in findings:
            print(f"{cite(f.clause)}  {f.unit}  {f.what}")
        print(f"共发现{len(findings)}处与条文不符的组织设置")
    return 1 if findings else 0


def run_template(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.org.roster import write_template

    write_template(args.out)
    print(f"已生成花名册模板：{args.out}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.org.roster import RosterFileError, import_roster
    from zeren.progress import ticking

    try:
        with ticking(f"导入花名册 {args.file.name}", quiet=args.json):
            result = import_roster(args.file, dry_run=args.dry_run, source_name=args.file.name)
    except (RosterFileError, OSError) as exc:
        print(f"zeren org import: {args.file}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0 if result.ok else 1
    for error in result.errors:
        print(error)
    for warning in result.warnings:
        print(f"提示 {warning}")
    if not result.ok:
        shown = f"（仅列出前 {len(result.errors)} 处）" if result.error_count > len(result.errors) else ""
        print(f"共 {max(result.error_count, len(result.errors))} 处错误{shown}，未做任何修改。")
        return 1
    for title in result.created:
        created, updated, unchanged = result.created[title], result.updated[title], result.unchanged[title]
        if created or updated or unchanged:
            print(f"{title}：新建 {created}，更新 {updated}，未变 {unchanged}")
    print("试运行：校验通过，未做任何修改。" if result.dry_run else "导入完成。")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.org.models import Unit
    from zeren.org.roster import export_roster

    unit = None
    if args.unit:
        unit = Unit.objects.filter(code=args.unit).first()
        if unit is None:
            print(f"zeren org export: 没有单位 {args.unit}", file=sys.stderr)
            return 2
    counts = export_roster(args.out, unit=unit)
    print(f"已导出花名册：{args.out}（" + "，".join(f"{t} {n}" for t, n in counts.items()) + "）")
    return 0
