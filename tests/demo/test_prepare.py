"""Demo accounts, `zeren demo --reset` and the demo command's output."""

from __future__ import annotations

import argparse
import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from zeren.accounts.models import ApiToken, Role, RoleAssignment
from zeren.accounts.services import RoleConflict, grant_role, issue_token, record_login
from zeren.audit.models import AuditEvent
from zeren.demo import PERSON_PREFIX, DemoResetRefused, build_demo
from zeren.demo import cli as web_cli
from zeren.demo import prepare as demo
from zeren.org.models import Person, Tenure, Unit

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EXPECTED_ROLES = {
    "admin": ("committee_admin", "kashgar"),
    "shule": ("unit_operator", "shule"),
    "shache": ("unit_operator", "shache"),
    "reviewer": ("org_reviewer", "kashgar"),
    "discipline": ("discipline_reviewer", "kashgar"),
    "leader": ("leader", None),
    "sysadmin": ("sysadmin", None),
    "secadmin": ("secadmin", None),
    "auditadmin": ("auditadmin", None),
}


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _in_demo(built: None, db: None, settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    settings.PASSWORD_HASHERS = FAST_HASHERS


def grants(username: str) -> list[tuple[str, str | None]]:
    rows = RoleAssignment.objects.filter(user__username=username, revoked_at__isnull=True).select_related(
        "unit"
    )
    return [(r.role, r.unit.code if r.unit else None) for r in rows]


def test_demo_accounts_have_their_roles_and_passwords(tmp_path: Path) -> None:
    accounts = demo.ensure_demo_accounts()

    assert [a.username for a in accounts] == list(EXPECTED_ROLES)
    user_model = get_user_model()
    for account in accounts:
        user = user_model.objects.get(username=account.username)
        assert grants(account.username) == [EXPECTED_ROLES[account.username]]
        assert user.check_password(account.password)
        assert user.is_superuser is False
        assert user.is_staff is (account.username in {"admin", "sysadmin"})
    stored = tmp_path / "demo_accounts.json"
    assert json.loads(stored.read_text(encoding="utf-8")) == {a.username: a.password for a in accounts}
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    by_name = {a.username: a for a in accounts}
    assert by_name["admin"].description.startswith("安委办管理员（喀什地区）")
    assert by_name["sysadmin"].description.startswith("系统管理员")


def test_the_leader_account_is_the_shule_party_secretary() -> None:
    demo.ensure_demo_accounts()

    grant = RoleAssignment.objects.get(user__username="leader")
    secretary = Tenure.objects.get(post__code="shule-party-secretary", end__isnull=True).person
    assert grant.person == secretary
    assert secretary.code.startswith(PERSON_PREFIX)


def test_the_three_administrators_stay_separated() -> None:
    demo.ensure_demo_accounts()
    sysadmin = get_user_model().objects.get(username="sysadmin")
    before = grants("sysadmin")

    with pytest.raises(RoleConflict):
        grant_role(
            actor=None, user=sysadmin, role=Role.COMMITTEE_ADMIN, unit=Unit.objects.get(code="kashgar")
        )

    assert grants("sysadmin") == before == [("sysadmin", None)]


def test_accounts_are_created_once() -> None:
    first = demo.ensure_demo_accounts()
    events, users, assignments = (
        AuditEvent.objects.count(),
        get_user_model().objects.count(),
        RoleAssignment.objects.count(),
    )

    second = demo.ensure_demo_accounts()

    assert second == first
    assert AuditEvent.objects.count() == events
    assert get_user_model().objects.count() == users
    assert RoleAssignment.objects.count() == assignments


def test_an_earlier_superuser_admin_becomes_a_staff_committee_admin(tmp_path: Path) -> None:
    get_user_model().objects.create_superuser(username="admin", email="", password="old-demo-Passw0rd")
    (tmp_path / "demo_admin_password").write_text("old-demo-Passw0rd", encoding="utf-8")

    login = demo.ensure_demo_admin()

    admin = get_user_model().objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff) == (False, True)
    assert login.password == "old-demo-Passw0rd"
    assert grants("admin") == [("committee_admin", "kashgar")]


def test_reset_keeps_the_audit_trail_and_users_who_appear_in_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZEREN_DEMO", "1")
    accounts = {a.username: a.password for a in demo.ensure_demo_accounts()}
    admin = get_user_model().objects.get(username="admin")
    record_login(user=admin, ip="127.0.0.1")  # admin is now an actor in the audit trail
    issue_token(actor=admin, user=admin)
    events = AuditEvent.objects.count()

    counts = demo.reset_demo_instance()

    assert counts["accounts_kept"] == 1  # admin: its audit events must keep their actor
    assert counts["accounts_deleted"] == len(EXPECTED_ROLES) - 1
    assert counts["role_grants_deleted"] == len(EXPECTED_ROLES)
    assert counts["tokens_deleted"] == 1
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["admin"]
    assert not Unit.objects.exists()
    assert not Person.objects.filter(code__startswith=PERSON_PREFIX).exists()
    assert not ApiToken.objects.exists()
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.order_by("-seq").values_list("action", flat=True).first() == "demo.reset"

    build_demo()
    rebuilt = {a.username: a.password for a in demo.ensure_demo_accounts()}

    assert rebuilt == accounts  # the passwords in demo_accounts.json survive a reset
    assert get_user_model().objects.get(username="admin").check_password(accounts["admin"])
    assert all(grants(name) == [role] for name, role in EXPECTED_ROLES.items())


def test_reset_is_refused_outside_a_demo_instance(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZEREN_DEMO", raising=False)
    units = Unit.objects.count()

    with pytest.raises(DemoResetRefused):
        demo.reset_demo_instance()

    assert Unit.objects.count() == units


def test_the_build_step_needs_the_pack_first() -> None:
    with pytest.raises(RuntimeError, match="kashgar_2021"):
        demo.check_demo_against_pack()


def test_the_org_demo_runs_after_the_pack_in_the_demo_steps() -> None:
    steps = demo.EXTRA_STEPS

    assert steps.index(demo.build_kashgar_demo) == steps.index(demo.load_kashgar_pack) + 1


def test_zeren_demo_prints_every_account_and_passes_reset(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZEREN_DEMO", "1")
    calls: list[bool] = []
    accounts = [
        demo.DemoAccount("admin", "pw-1", "安委办管理员（喀什地区）"),
        demo.DemoAccount("sysadmin", "pw-2", "系统管理员"),
    ]

    def fake_prepare(say: Any, *, reset: bool = False) -> list[demo.DemoAccount]:
        calls.append(reset)
        return accounts

    monkeypatch.setattr(demo, "prepare_demo", fake_prepare)
    args = argparse.Namespace(no_serve=True, reset=True, host="127.0.0.1", port=8000)

    assert web_cli.run_demo(args) == 0

    out = capsys.readouterr().out
    assert calls == [True]
    assert "用户名：admin" in out
    assert "密码：pw-1" in out
    assert "角色：系统管理员" in out
