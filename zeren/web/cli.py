"""Top-level commands: `zeren demo`, `zeren serve`, `zeren manage`."""

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

    serve = subparsers.add_parser("serve", help="启动 Web 服务（gunicorn）")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(handler=run_serve)

    manage = subparsers.add_parser("manage", help="运行 Django 管理命令，如 `zeren manage migrate`")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=run_manage)


def run_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("ZEREN_DEMO", "1")
    from zeren.cli import setup_django

    setup_django()
    from zeren.org.demo import DemoResetRefused
    from zeren.web.demo import accounts_file, prepare_demo

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


def run_serve(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    from zeren.cli import setup_django

    setup_django()
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Zeren 正在 http://{args.host}:{args.port}/ 提供服务（Ctrl-C 停止）", flush=True)
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
    ]
    os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with gunicorn
    return 0  # pragma: no cover - execv does not return


def run_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zeren manage", *args.args])
    return 0
