"""The `zeren` command line.

Pure subcommands (``law parse``, ``pack check``…) run without Django; the rest set up Django
first. ``--json`` outputs are a contract read by scripts: change them only compatibly.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence

from zeren.common.setup import AFTER_SETUP, setup_django

__all__ = ["build_parser", "main", "setup_django"]

Handler = Callable[[argparse.Namespace], int]

# Subcommand groups, each a module with ``register(subparsers)``. Django-backed modules
# import Django lazily inside their handlers so `zeren law parse` works without a database.
GROUPS: dict[str, tuple[str, list[str]]] = {
    "law": ("法规文本：解析、导入、语料检验", ["zeren.law.cli", "zeren.regulations.cli"]),
    "pack": (
        "政策包：检查、覆盖、草拟、加载",
        ["zeren.packs.cli", "zeren.packs.draft.cli", "zeren.catalog.cli"],
    ),
    "org": ("机构与人员：花名册模板、导入、导出", ["zeren.org.cli"]),
    "user": ("账户：创建、重设密码、API 令牌", ["zeren.accounts.cli"]),
    "audit": ("审计日志：校验哈希链", ["zeren.audit.cli"]),
    "lists": ("责任清单：生成、发布、导出", ["zeren.duties.cli"]),
    "obligations": ("履职事项：生成、汇总、提醒", ["zeren.obligations.cli"]),
    "accident": ("生产安全事故：定级、责任链条", ["zeren.accidents.cli"]),
    "person": ("人员：一票否决与任用资格", ["zeren.accountability.cli"]),
    "supervision": ("督查巡查：报告、逾期升级", ["zeren.supervision.cli"]),
    "assess": ("年度目标考核：运行、发布", ["zeren.assessment.cli"]),
}
TOP_LEVEL = ["zeren.web.cli", "zeren.demo.cli", "zeren.demo.bench_cli", "zeren.ops.cli"]


def _register(module_name: str, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    importlib.import_module(module_name).register(subparsers)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zeren", description="责任 Zeren: 党政领导干部安全生产责任制系统")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (help_text, modules) in GROUPS.items():
        group = commands.add_parser(name, help=help_text)
        sub = group.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for module_name in modules:
            _register(module_name, sub)
    for module_name in TOP_LEVEL:
        _register(module_name, commands)
    return parser


def activate_pack_time_zone() -> None:
    """Commands write times (``--json`` included) in the pack's time zone, as the pages and the API do."""
    from django.utils import timezone

    from zeren.web.timezones import pack_time_zone

    timezone.activate(pack_time_zone())


def main(argv: Sequence[str] | None = None) -> int:
    if activate_pack_time_zone not in AFTER_SETUP:
        AFTER_SETUP.append(activate_pack_time_zone)
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
