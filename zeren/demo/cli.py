"""`zeren demo`: prepare the demo instance (and serve it).

The demo sits at the top of the layers: it may use every app, and nothing imports it (an import-linter
contract says so); `zeren.cli` reaches this module only by name.
"""

from __future__ import annotations

import argparse
import os
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = subparsers.add_parser(
        "demo", help="准备演示实例（迁移、导入喀什办法与政策包、生成喀什演示数据与演示账户）并启动服务"
    )
    demo.add_argument("--no-serve", action="store_true", help="只准备，不启动服务")
    demo.add_argument(
        "--reset", action="store_true", help="删除演示机构与人员数据、重置演示账户后重建（审计日志保留）"
    )
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("ZEREN_DEMO", "1")
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.demo import DemoResetRefused
    from zeren.demo.prepare import accounts_file, prepare_demo
    from zeren.web.cli import run_serve

    try:
        accounts = prepare_demo(print, reset=args.reset)
    except DemoResetRefused as exc:
        print(f"zeren demo: {exc}", file=sys.stderr)
        return 1
    print()
    print(f"演示账户（密码保存在 {accounts_file()}）：")
    width = max(len(a.username) for a in accounts)
    for account in accounts:
        print(f"  用户名：{account.username:<{width}}  密码：{account.password}  角色：{account.description}")
    print(f"登录地址：http://{args.host}:{args.port}/accounts/login/")
    if args.no_serve:
        return 0
    return run_serve(argparse.Namespace(host=args.host, port=args.port, workers=2))
