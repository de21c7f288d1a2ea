"""Preparing a demo instance: database, the Kashgar regulation (and pack), a demo administrator.

Each step is idempotent, so `make demo` can run again on an existing instance.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from zeren.packs import KASHGAR_PACK_DIR

DEMO_ADMIN = "admin"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str


def _password_file() -> Path:
    return Path(settings.VAR_DIR) / "demo_admin_password"


@transaction.atomic
def ensure_demo_admin() -> DemoLogin:
    """Create (once) the demo administrator; its password is generated and kept under var/."""
    path = _password_file()
    user_model = get_user_model()
    user = user_model.objects.filter(username=DEMO_ADMIN).first()
    if user is not None and path.exists():
        return DemoLogin(DEMO_ADMIN, path.read_text(encoding="utf-8").strip())
    password = secrets.token_urlsafe(12)
    if user is None:
        user = user_model.objects.create_superuser(username=DEMO_ADMIN, email="", password=password)
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password, encoding="utf-8")
    path.chmod(0o600)
    return DemoLogin(DEMO_ADMIN, password)


def load_kashgar_regulation(say: Callable[[str], None]) -> None:
    from zeren.regulations.services import import_regulation

    text = (KASHGAR_PACK_DIR / "regulation.txt").read_text(encoding="utf-8")
    result = import_regulation(text=text, source_name="kashgar_2021/regulation.txt", slug="kashgar-2021")
    state = "已导入" if result.created else "已存在，未变化"
    say(f"法规：{result.version.regulation.title} 第{result.version.number}版 {state}")


def prepare_demo(say: Callable[[str], None]) -> DemoLogin:
    call_command("migrate", interactive=False, verbosity=0)
    say("数据库迁移完成")
    call_command("collectstatic", interactive=False, verbosity=0)
    load_kashgar_regulation(say)
    for step in EXTRA_STEPS:
        step(say)
    return ensure_demo_admin()


# Later capabilities (pack catalogue, organisations, demo data…) append their idempotent steps here.
EXTRA_STEPS: list[Callable[[Callable[[str], None]], None]] = []


def load_kashgar_pack(say: Callable[[str], None]) -> None:
    from zeren.catalog.services import load_pack_into_catalog

    result = load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    state = "已加载" if result.created else "已存在，未变化"
    say(f"政策包：{result.pack.pack_id} {state}（{result.counts}）")


EXTRA_STEPS.append(load_kashgar_pack)
