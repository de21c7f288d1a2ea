"""Top-level commands: `zeren serve`, `zeren manage`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = subparsers.add_parser("serve", help="启动 Web 服务（gunicorn）")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(handler=run_serve)

    manage = subparsers.add_parser("manage", help="运行 Django 管理命令，如 `zeren manage migrate`")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=run_manage)


def gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    """gunicorn's command line, with a control socket of this server's own under var/.

    gunicorn 27 opens a control socket at ``~/.gunicorn/gunicorn.ctl`` by default, shared by every server
    of the user: a second ``zeren serve`` on the machine took it from the first. Each server gets
    ``var/run/gunicorn-<host>-<port>.ctl``, or none when that path is too long for a Unix socket.
    """
    from django.conf import settings

    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]
    run_dir = Path(settings.VAR_DIR) / "run"
    socket = run_dir / f"gunicorn-{host.strip('[]').replace(':', '_')}-{port}.ctl"
    if len(str(socket).encode()) <= _UNIX_SOCKET_PATH_MAX:
        run_dir.mkdir(parents=True, exist_ok=True)
        return [*argv, "--control-socket", str(socket)]
    return [*argv, "--no-control-socket"]


_UNIX_SOCKET_PATH_MAX = 100  # sun_path holds 108 bytes on Linux, 104 on BSD


def run_serve(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    from zeren.common.setup import setup_django

    setup_django()
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Zeren 正在 http://{args.host}:{args.port}/ 提供服务（Ctrl-C 停止）", flush=True)
    argv = gunicorn_argv(args.host, args.port, args.workers)
    os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with gunicorn
    return 0  # pragma: no cover - execv does not return


def run_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zeren manage", *args.args])
    return 0
