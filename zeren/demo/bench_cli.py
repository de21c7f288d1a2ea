"""`zeren bench world --counties N`: the national synthetic world for benchmarks (``zeren.demo.world``).

Writes into the database named by ``DATABASE_URL`` (PostgreSQL by default: give it an empty scratch
database; SQLite works too), after migrating it. Progress on a terminal; ``--json`` prints one JSON object
(the rows written and the seconds per table) and nothing else. `zeren.cli` reaches this module by name.
"""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bench = subparsers.add_parser("bench", help="基准测试数据")
    sub = bench.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
    world = sub.add_parser(
        "world", help="生成全国规模合成数据（县级单位、部门、岗位、履职事项、事故、问责、巡查），批量写入"
    )
    world.add_argument("--counties", type=int, required=True, help="县级单位数（全国约 3200）")
    world.add_argument("--seed", type=int, default=2021, help="随机种子（相同种子、空库：相同数据）")
    world.add_argument("--year", type=int, default=2025, help="履职事项、事故所在年度")
    world.add_argument(
        "--sqlite", action="store_true", help="允许 SQLite（默认要求 PostgreSQL：两千万行的规模）"
    )
    world.add_argument("--json", action="store_true", help="以 JSON 输出结果（无进度显示）")
    world.set_defaults(handler=run_world)


def run_world(args: argparse.Namespace) -> int:
    if not 1 <= args.counties <= 9999:
        print("zeren bench world: --counties 须在 1 到 9999 之间", file=sys.stderr)
        return 2
    from zeren.common.setup import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql" and not args.sqlite:
        print(
            "zeren bench world: 默认使用 PostgreSQL（DATABASE_URL）；使用 SQLite 请加 --sqlite",
            file=sys.stderr,
        )
        return 2
    from zeren.catalog.services import load_pack_into_catalog
    from zeren.demo.world import WorldExists, build_world
    from zeren.packs import KASHGAR_PACK_DIR
    from zeren.progress import ticking

    with ticking("迁移数据库", quiet=args.json):
        call_command("migrate", interactive=False, verbosity=0)
        load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    try:
        summary = build_world(counties=args.counties, seed=args.seed, year=args.year, quiet=args.json)
    except WorldExists as exc:
        print(f"zeren bench world: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
        return 0
    print(
        f"合成世界：{args.counties} 个县级单位，{summary.year} 年度，种子 {summary.seed}（{summary.vendor}）"
    )
    for name, rows in summary.rows.items():
        print(f"  {name}: {rows:,} 行，{summary.seconds[name]} 秒")
    print(f"  合计 {summary.seconds['total']} 秒")
    return 0
