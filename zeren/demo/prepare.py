"""Preparing a demo instance: database, the Kashgar regulation and pack, the Kashgar org demo, demo accounts.

Each step is idempotent, so `make demo` can run again on an existing instance; ``reset=True``
(`zeren demo --reset`) removes the demo's org data and resets its accounts first, then rebuilds.
Passwords are generated once and kept in ``VAR_DIR/demo_accounts.json`` (mode 0600).
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import ProtectedError, Q

from zeren.common.actor import Actor
from zeren.packs import KASHGAR_PACK_DIR
from zeren.progress import ticking

DEMO_ADMIN = "admin"
Say = Callable[[str], None]


@dataclass(frozen=True)
class AccountSpec:
    username: str
    display_name: str
    role: str
    unit: str | None = None  # unit code (the role's scope)
    person_post: str | None = None  # leader accounts: the post whose current holder the account is
    staff: bool = False  # Django admin access (never superuser)


# sysadmin, secadmin and auditadmin are three separate accounts (grant_role enforces it).
DEMO_ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec("admin", "喀什地区安委办管理员（演示）", "committee_admin", "kashgar", staff=True),
    AccountSpec("shule", "疏勒县操作员（演示）", "unit_operator", "shule"),
    AccountSpec("shache", "莎车县操作员（演示）", "unit_operator", "shache"),
    AccountSpec("reviewer", "喀什地委组织部审阅人（演示）", "org_reviewer", "kashgar"),
    AccountSpec("discipline", "喀什地区纪委监委审阅人（演示）", "discipline_reviewer", "kashgar"),
    AccountSpec("leader", "疏勒县委书记（演示）", "leader", person_post="shule-party-secretary"),
    AccountSpec("sysadmin", "系统管理员（演示）", "sysadmin", staff=True),
    AccountSpec("secadmin", "安全管理员（演示）", "secadmin"),
    AccountSpec("auditadmin", "审计管理员（演示）", "auditadmin"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    description: str  # the role and scope, in Chinese


# Kept for callers of the single-admin demo: the admin account's login.
DemoLogin = DemoAccount


def accounts_file() -> Path:
    return Path(settings.VAR_DIR) / "demo_accounts.json"


def _new_password() -> str:
    """16 URL-safe characters with upper-case, lower-case and digits (GB/T 22239 level-3 passwords)."""
    while True:
        password = secrets.token_urlsafe(12)
        if all(any(test(c) for c in password) for test in (str.isupper, str.islower, str.isdigit)):
            return password


def _legacy_admin_password() -> str | None:
    path = Path(settings.VAR_DIR) / "demo_admin_password"  # written by the earlier single-admin demo
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def _read_passwords() -> dict[str, str]:
    path = accounts_file()
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def _write_passwords(passwords: dict[str, str]) -> None:
    path = accounts_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(passwords, handle, ensure_ascii=False, indent=2)
    path.chmod(0o600)


def _describe(spec: AccountSpec, unit: Any, person: Any) -> str:
    from zeren.accounts.models import Role

    text = Role(spec.role).label
    if unit is not None:
        text += f"（{unit.name}）"
    if person is not None:
        text += f"（{spec.display_name.removesuffix('（演示）')} {person.name}，虚构人员）"
    if spec.staff:
        text += "；可进入 Django 管理后台（非超级用户）"
    return text


def _current_holder(post_code: str) -> Any:
    from zeren.org.models import Tenure

    tenure = (
        Tenure.objects.filter(post__code=post_code, end__isnull=True, acting=False)
        .select_related("person")
        .first()
    )
    if tenure is None:
        raise RuntimeError(f"演示数据中岗位 {post_code} 无在任人员")
    return tenure.person


@transaction.atomic
def ensure_demo_accounts(*, actor: Actor = None) -> list[DemoAccount]:
    """Create (once) the demo accounts with their roles; repair flags and grants that drifted.

    Writes nothing when everything is already in place (no audit event either).
    """
    from zeren.accounts.models import RoleAssignment
    from zeren.accounts.services import create_account, grant_role
    from zeren.audit.services import record_event
    from zeren.org.models import Unit

    user_model = get_user_model()
    passwords = _read_passwords()
    file_changed = False
    changes: list[str] = []
    result: list[DemoAccount] = []
    for spec in DEMO_ACCOUNTS:
        password = passwords.get(spec.username)
        generated = password is None
        if password is None:
            legacy = _legacy_admin_password() if spec.username == DEMO_ADMIN else None
            password = legacy or _new_password()
            passwords[spec.username] = password
            file_changed = True
        user = user_model.objects.filter(username=spec.username).first()
        if user is None:
            user = create_account(
                actor=actor, username=spec.username, password=password, display_name=spec.display_name
            )
        elif generated:
            user.set_password(password)
            user.save(update_fields=["password"])
            changes.append(f"{spec.username}: 重设密码")
        flags = {"is_staff": spec.staff, "is_superuser": False, "is_active": True}
        drift = {name: value for name, value in flags.items() if getattr(user, name) != value}
        if drift:
            user_model.objects.filter(pk=user.pk).update(**drift)
            for name, value in drift.items():
                setattr(user, name, value)
            changes.append(f"{spec.username}: {', '.join(f'{k}={v}' for k, v in sorted(drift.items()))}")
        unit = Unit.objects.get(code=spec.unit) if spec.unit else None
        person = _current_holder(spec.person_post) if spec.person_post else None
        held = RoleAssignment.objects.filter(user=user, revoked_at__isnull=True, role=spec.role, unit=unit)
        if person is not None:
            held = held.filter(person=person)
        if not held.exists():
            grant_role(actor=actor, user=user, role=spec.role, unit=unit, person=person)
        result.append(DemoAccount(spec.username, password, _describe(spec, unit, person)))
    if changes:
        record_event(
            actor=actor,
            action="demo.accounts",
            object_type="auth.user",
            object_repr="演示账户",
            after={"changes": changes},
        )
    if file_changed:
        _write_passwords(passwords)
    return result


def ensure_demo_admin() -> DemoLogin:
    """The demo administrator ``admin``: committee-office administrator of 喀什地区, staff, not superuser."""
    return next(a for a in ensure_demo_accounts() if a.username == DEMO_ADMIN)


@transaction.atomic
def reset_demo_instance(*, actor: Actor = None) -> dict[str, int]:
    """Remove the demo's org data and reset its accounts; the audit trail is kept and records ``demo.reset``.

    Demo users are deleted when nothing protects them; a user who appears in the audit trail (the
    actor FK is PROTECT: audit rows are never deleted) is kept, with its grants and tokens removed
    and its password restored from ``demo_accounts.json``, then rebuilt by ``ensure_demo_accounts``.
    """
    from zeren.accounts.models import ApiToken, LoginFailure, RoleAssignment
    from zeren.demo import PERSON_PREFIX, PREFECTURE_CODE, DemoResetRefused, is_demo_instance, reset_demo
    from zeren.org.models import Unit

    if not is_demo_instance():
        raise DemoResetRefused("只有演示实例（ZEREN_DEMO=1）可以重置演示数据")
    usernames = [spec.username for spec in DEMO_ACCOUNTS]
    users = list(get_user_model().objects.filter(username__in=usernames))
    grants = Q(user__in=users) | Q(person__code__startswith=PERSON_PREFIX)
    prefecture = Unit.objects.filter(code=PREFECTURE_CODE).first()
    if prefecture is not None:
        grants |= Q(unit__path__startswith=prefecture.path)
    counts = {"role_grants_deleted": RoleAssignment.objects.filter(grants).delete()[0]}
    counts["tokens_deleted"] = ApiToken.objects.filter(user__in=users).delete()[0]
    if prefecture is not None:
        from zeren.demo.records import clear_demo_records

        counts.update(clear_demo_records(prefecture.path))
    LoginFailure.objects.filter(username__in=usernames).delete()
    passwords = _read_passwords()
    deleted = kept = 0
    for user in users:
        try:
            with transaction.atomic():
                user.delete()
            deleted += 1
        except ProtectedError:
            password = passwords.get(user.username)
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
            kept += 1
    counts.update(accounts_deleted=deleted, accounts_kept=kept)
    return reset_demo(actor=actor, extra=counts)


def load_kashgar_regulation(say: Say) -> None:
    from zeren.regulations.services import import_regulation

    text = (KASHGAR_PACK_DIR / "regulation.txt").read_text(encoding="utf-8")
    result = import_regulation(text=text, source_name="kashgar_2021/regulation.txt", slug="kashgar-2021")
    state = "已导入" if result.created else "已存在，未变化"
    say(f"法规：{result.version.regulation.title} 第{result.version.number}版 {state}")


def prepare_demo(say: Say, *, reset: bool = False) -> list[DemoAccount]:
    call_command("migrate", interactive=False, verbosity=0)
    say("数据库迁移完成")
    call_command("collectstatic", interactive=False, verbosity=0)
    if reset:
        counts = reset_demo_instance()
        say(f"演示数据已重置（审计日志保留）：{counts}")
    load_kashgar_regulation(say)
    for number, step in enumerate(EXTRA_STEPS, 1):
        label = STEP_LABELS.get(step.__name__, "准备演示数据")
        with ticking(f"[{number}/{len(EXTRA_STEPS)}] {label}"):  # a terminal sees every step's seconds
            step(say)
    return ensure_demo_accounts()


# What the terminal shows while a step runs (zeren.progress.ticking).
STEP_LABELS = {
    "load_kashgar_pack": "加载喀什政策包",
    "build_kashgar_demo": "生成演示单位、机构、岗位与人员",
    "publish_demo_lists": "生成并发布全部责任清单（最长的一步）",
    "generate_demo_obligations": "生成履职事项",
    "ensure_accounts_step": "准备演示账户",
    "complete_demo_obligations": "生成履职完成记录",
    "count_demo_obligations": "统计履职事项汇总数",
    "build_demo_accidents_step": "生成事故与问责案件",
    "build_demo_tour": "生成巡查记录",
    "build_demo_assessment_step": "生成责任书与年度考核",
}


# Later capabilities (pack catalogue, organisations, demo data…) append their idempotent steps here.
EXTRA_STEPS: list[Callable[[Say], None]] = []


def load_kashgar_pack(say: Say) -> None:
    from zeren.catalog.services import load_pack_into_catalog

    result = load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    state = "已加载" if result.created else "已存在，未变化"
    say(f"政策包：{result.pack.pack_id} {state}（{result.counts}）")


def check_demo_against_pack() -> None:
    """The demo's department kinds, roles and sectors must all exist in the loaded Kashgar pack."""
    from zeren.catalog.models import PackVersion
    from zeren.demo import codes_used

    pack = PackVersion.objects.filter(pack_id="kashgar_2021").order_by("-loaded_at").first()
    if pack is None:
        raise RuntimeError("演示数据需要先加载喀什政策包（kashgar_2021）")
    loaded = {
        "roles": set(pack.roles.values_list("code", flat=True)),
        "department_kinds": set(pack.department_kinds.values_list("code", flat=True)),
        "sectors": set(pack.sectors.values_list("code", flat=True)),
    }
    missing = {
        name: sorted(codes - loaded[name]) for name, codes in codes_used().items() if codes - loaded[name]
    }
    if missing:
        raise RuntimeError(f"演示数据使用了政策包中没有的代码：{missing}")


def build_kashgar_demo(say: Say) -> None:
    from zeren.demo import build_demo

    check_demo_against_pack()
    summary = build_demo()
    counts = "，".join(
        f"{label}{getattr(summary, name)}"
        for name, label in (
            ("units", "单位"),
            ("organisations", "机构"),
            ("posts", "岗位"),
            ("people", "人员"),
            ("tenures", "任职"),
            ("portfolios", "分管"),
        )
    )
    state = f"已生成（{summary.seconds} 秒）" if summary.created else "已存在，未变化"
    say(f"演示数据：喀什地区及12个县（市）{state}：{counts}")


EXTRA_STEPS.append(load_kashgar_pack)
EXTRA_STEPS.append(build_kashgar_demo)  # after the pack: departments use its kinds, roles and sectors


def publish_demo_lists(say: Say) -> None:
    """Art. 74: every demo department's and post's responsibility list, derived and published."""
    from zeren.demo.history import list_publication_day, publish_dated_lists
    from zeren.org.models import Unit

    prefecture = Unit.objects.filter(code="kashgar").first()
    if prefecture is None:
        return
    started = time.perf_counter()
    report, dated = publish_dated_lists(unit=prefecture)  # all lists or none, dated in the demo years
    counts = "，".join(f"{k} {v}" for k, v in sorted(report.counts.items()))
    day = list_publication_day()
    say(f"责任清单（{day:%Y-%m-%d} 发布 {dated} 份）：{counts}（{time.perf_counter() - started:.1f} 秒）")


def generate_demo_obligations(say: Say) -> None:
    """The obligation calendar for last year and this year (idempotent)."""
    from django.utils import timezone

    from zeren.obligations.services import generate_occurrences

    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        result = generate_occurrences(actor=None, year=year)
        say(f"履职事项 {year} 年：新增 {result.created}，未变化 {result.unchanged}")


def ensure_accounts_step(say: Say) -> None:
    """The demo accounts exist before the steps that name them (the admin approves the demo waivers)."""
    ensure_demo_accounts()


def complete_demo_obligations(say: Say) -> None:
    """Realistic, varied completion of last year's and this year's occurrences (invented records)."""
    from zeren.demo.completion import demo_step

    demo_step(say)


EXTRA_STEPS.append(publish_demo_lists)
EXTRA_STEPS.append(generate_demo_obligations)
EXTRA_STEPS.append(ensure_accounts_step)
EXTRA_STEPS.append(complete_demo_obligations)


def count_demo_obligations(say: Say) -> None:
    """The demo's completion writes rows set-based, past the services: the summaries' tallies recounted."""
    from django.utils import timezone

    from zeren.obligations.tallies import recount

    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        recount(year)


EXTRA_STEPS.append(count_demo_obligations)


def build_demo_accidents_step(say: Say) -> None:
    """Accidents of each grade with their timelines, and one accountability case per trigger."""
    from zeren.demo.accidents import build_demo_accidents

    result = build_demo_accidents(actor=None)
    state = "已生成" if result.created else "已存在，未变化"
    say(f"事故与问责：{state}，事故 {result.accidents}，问责案件 {result.cases}，决定 {result.decisions}")


EXTRA_STEPS.append(build_demo_accidents_step)


def build_demo_tour(say: Say) -> None:
    """One completed inspection tour of three counties with findings in every state (arts. 53–54)."""
    from zeren.demo.supervision import demo_step

    demo_step(say)


EXTRA_STEPS.append(build_demo_tour)


def build_demo_assessment_step(say: Say) -> None:
    """Last year's letters, assessment (published), fund ledger, a distribution plan and an award."""
    from zeren.demo.assessment import demo_step

    demo_step(say)


EXTRA_STEPS.append(build_demo_assessment_step)
