from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from zeren.accounts.models import RoleAssignment
from zeren.accounts.services import LOCKOUT_FAILURES, RoleConflict, grant_role
from zeren.audit.models import AuditEvent
from zeren.org import services as org

pytestmark = pytest.mark.django_db
PASSWORD = "a-Long-test-passw0rd"


@pytest.fixture
def kashgar():  # type: ignore[no-untyped-def]
    return org.create_unit(actor=None, code="kashgar", name="喀什地区", level="prefecture")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("sysadmin", "secadmin"),
        ("secadmin", "auditadmin"),
        ("auditadmin", "sysadmin"),
        ("auditadmin", "committee_admin"),
        ("committee_admin", "sysadmin"),
    ],
)
def test_separated_administrator_roles_never_combine(kashgar, first: str, second: str) -> None:  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user("x", password=PASSWORD)
    grant_role(actor=None, user=user, role=first, unit=kashgar)

    with pytest.raises(RoleConflict):
        grant_role(actor=None, user=user, role=second, unit=kashgar)

    assert list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == [first]


def test_business_roles_may_combine(kashgar) -> None:  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user("x", password=PASSWORD)
    grant_role(actor=None, user=user, role="committee_admin", unit=kashgar)
    grant_role(actor=None, user=user, role="org_reviewer", unit=kashgar)

    assert RoleAssignment.objects.filter(user=user).count() == 2


def test_repeated_login_failures_lock_the_account_and_are_audited(kashgar) -> None:  # type: ignore[no-untyped-def]
    get_user_model().objects.create_user("alice", password=PASSWORD)
    client = Client()

    for _ in range(LOCKOUT_FAILURES):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong-password"})
    locked = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})

    assert "已暂时锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert (
        AuditEvent.objects.filter(action="accounts.login_failed", object_id="alice").count()
        == LOCKOUT_FAILURES
    )


def test_a_successful_login_is_audited(kashgar) -> None:  # type: ignore[no-untyped-def]
    get_user_model().objects.create_user("alice", password=PASSWORD)
    client = Client()

    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})

    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="accounts.login", actor_username="alice").count() == 1


def test_short_passwords_are_refused() -> None:
    from django.core.exceptions import ValidationError

    from zeren.accounts.services import create_account

    with pytest.raises(ValidationError):
        create_account(actor=None, username="x", password="short1")
    assert not get_user_model().objects.filter(username="x").exists()


def test_session_expires() -> None:
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
