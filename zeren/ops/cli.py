"""Top-level commands: `zeren backup FILE`, `zeren restore FILE`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = subparsers.add_parser("backup", help="备份数据库与上传附件到一个归档文件（.tar.gz）")
    backup.add_argument("file", type=Path, help="备份文件路径，如 zeren-2026-12-03.tar.gz")
    backup.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore", help="从备份文件恢复数据库与上传附件（先校验，全部成功或全部撤销）"
    )
    restore.add_argument("file", type=Path, help="`zeren backup` 生成的备份文件")
    restore.add_argument("--force", action="store_true", help="目标数据库非空时仍以备份替换全部数据")
    restore.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    restore.set_defaults(handler=run_restore)


def _refused(args: argparse.Namespace, exc: Exception) -> int:
    from zeren.ops.archive import BackupError

    if not isinstance(exc, BackupError):
        raise exc
    if args.json:
        print(json.dumps({"ok": False, "error": exc.as_dict()}, ensure_ascii=False))
    else:
        print(f"错误：{exc.message}", file=sys.stderr)
    return 2


def run_backup(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.ops.archive import BackupError
    from zeren.ops.backup import create_backup

    try:
        summary = create_backup(args.file)
    except BackupError as exc:
        return _refused(args, exc)
    if args.json:
        print(json.dumps({"ok": True, **summary.as_dict()}, ensure_ascii=False))
    else:
        print(
            f"已备份到 {summary.file}：{summary.tables} 张表 {summary.rows} 行，"
            f"附件 {summary.media_files} 个，审计日志至第 {summary.audit_head_seq} 条；"
            f"{summary.size_bytes} 字节，SHA-256 {summary.sha256}"
        )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.ops.archive import BackupError
    from zeren.ops.restore import restore_backup

    try:
        summary = restore_backup(args.file, force=args.force)
    except BackupError as exc:
        return _refused(args, exc)
    if args.json:
        print(json.dumps({"ok": True, **summary.as_dict()}, ensure_ascii=False))
    else:
        print(
            f"已从 {summary.file}（备份于 {summary.created_at}）恢复 {summary.rows} 行、"
            f"附件 {summary.media_files} 个；审计日志已记录本次恢复（第 {summary.audit_head_seq} 条）。"
            "请运行 `zeren audit verify` 校验哈希链"
        )
    return 0
