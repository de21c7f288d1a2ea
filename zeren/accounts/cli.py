"""`zeren user token USERNAME`: print a new personal API token (stored hashed; shown once)."""

from __future__ import annotations

import argparse
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
