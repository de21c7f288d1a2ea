"""`zeren user token|revoke-token|create|password`: accounts and tokens, each change audited.

`zeren user token USERNAME` prints a new personal API token (stored hashed; shown once). `create` and
`password` read the password from the terminal (or one line of stdin with ``--password-stdin``) and go
through ``zeren.accounts.services``, which validates it and writes the audit event.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    token = subparsers.add_parser("token", help="为用户生成个人 API 令牌（只显示一次，数据库仅存哈希）")
    token.add_argument("username")
    token.add_argument("--name", default="", help="令牌用途说明")
    token.add_argument("--json", action="store_true")
    token.set_defaults(handler=run_token)

    revoke = subparsers.add_parser("revoke-token", help="吊销令牌（按前缀）")
    revoke.add_argument("prefix")
    revoke.set_defaults(handler=run_revoke)

    create = subparsers.add_parser("create", help="创建账户（写入审计日志）")
    create.add_argument("username")
    create.add_argument("--display-name", default="")
    create.add_argument("--staff", action="store_true", help="可登录 Django 管理后台（只读）")
    create.add_argument("--superuser", action="store_true")
    create.add_argument("--password-stdin", action="store_true", help="从标准输入读取一行作为密码")
    create.set_defaults(handler=run_create)

    password = subparsers.add_parser("password", help="重设账户密码（写入审计日志）")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true", help="从标准输入读取一行作为密码")
    password.set_defaults(handler=run_password)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("密码：")
    if getpass.getpass("再次输入密码：") != first:
        raise ValueError("两次输入的密码不一致")
    return first


def run_create(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from django.core.exceptions import ValidationError

    from zeren.accounts.services import create_account

    try:
        password = _read_password(args.password_stdin)
        create_account(
            actor=None,
            username=args.username,
            password=password,
            display_name=args.display_name,
            is_staff=args.staff or args.superuser,
            is_superuser=args.superuser,
        )
    except (ValidationError, ValueError) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        print(f"zeren user create: {'；'.join(messages)}", file=sys.stderr)
        return 1
    print(f"已创建账户 {args.username}")
    return 0


def run_password(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from zeren.accounts.services import set_password

    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        print(f"zeren user password: no user {args.username!r}", file=sys.stderr)
        return 1
    try:
        set_password(actor=None, user=user, password=_read_password(args.password_stdin))
    except (ValidationError, ValueError) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        print(f"zeren user password: {'；'.join(messages)}", file=sys.stderr)
        return 1
    print(f"已重设 {args.username} 的密码")
    return 0


def run_token(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from django.contrib.auth import get_user_model

    from zeren.accounts.services import issue_token

    user = get_user_model().objects.filter(username=args.username, is_active=True).first()
    if user is None:
        print(f"zeren user token: no active user {args.username!r}", file=sys.stderr)
        return 1
    issued = issue_token(actor=None, user=user, name=args.name)
    if args.json:
        print(json.dumps({"username": args.username, "token": issued.token, "prefix": issued.record.prefix}))
    else:
        print(issued.token)
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from zeren.common.setup import setup_django

    setup_django()
    from zeren.accounts.models import ApiToken
    from zeren.accounts.services import revoke_token

    records = list(ApiToken.objects.filter(prefix=args.prefix, revoked_at__isnull=True))
    if len(records) != 1:
        print(f"zeren user revoke-token: {len(records)} active tokens match {args.prefix!r}", file=sys.stderr)
        return 1
    revoke_token(actor=None, record=records[0])
    print(f"revoked {args.prefix}")
    return 0
