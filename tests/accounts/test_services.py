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


def test_a_stranger_cannot_lock_a_named_leader_out_from_another_address(kashgar) -> None:  # type: ignore[no-untyped-def]
    get_user_model().objects.create_user("leader", password=PASSWORD)
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(LOCKOUT_FAILURES):
        stranger.post("/accounts/login/", {"username": "leader", "password": "wrong-password"})

    from_stranger = stranger.post("/accounts/login/", {"username": "leader", "password": PASSWORD})
    leader = Client(REMOTE_ADDR="192.0.2.10")
    leader.post("/accounts/login/", {"username": "leader", "password": PASSWORD})

    assert "已暂时锁定" in from_stranger.content.decode()
    assert "_auth_user_id" not in stranger.session
    assert "_auth_user_id" in leader.session


def test_failures_from_many_addresses_lock_the_account(kashgar) -> None:  # type: ignore[no-untyped-def]
    from zeren.accounts.services import ACCOUNT_LOCKOUT_FAILURES, is_locked_out

    get_user_model().objects.create_user("leader", password=PASSWORD)
    for n in range(ACCOUNT_LOCKOUT_FAILURES):
        Client(REMOTE_ADDR=f"198.51.100.{n // LOCKOUT_FAILURES}").post(
            "/accounts/login/", {"username": "leader", "password": "wrong-password"}
        )

    assert is_locked_out("leader", "192.0.2.10") is True
    assert is_locked_out("someone-else", "192.0.2.10") is False


def test_attempts_while_an_address_is_locked_do_not_count_towards_the_account(kashgar) -> None:  # type: ignore[no-untyped-def]
    from zeren.accounts.services import ACCOUNT_LOCKOUT_FAILURES, is_locked_out

    get_user_model().objects.create_user("leader", password=PASSWORD)
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(ACCOUNT_LOCKOUT_FAILURES + 5):
        stranger.post("/accounts/login/", {"username": "leader", "password": "wrong-password"})

    assert is_locked_out("leader", "203.0.113.9") is True
    assert is_locked_out("leader", "192.0.2.10") is False


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("aaaaaaaaaaaa", "至少 3 类"),
        ("zerenzeren1", "至少 3 类"),
        ("Ab1!", "太短"),
        ("abcdefghij12", "至少 3 类"),
        ("ABCDEFGH1234", "至少 3 类"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password: str, message: str) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        validate_password(password)

    assert any(message in m for m in refused.value.messages)


@pytest.mark.parametrize("password", ["Abcdefgh12", "abcdefgh1!", "ABCDEFGH1!", "Zeren-Kashgar-2026"])
def test_strong_passwords_pass(password: str) -> None:
    from django.contrib.auth.password_validation import validate_password

    validate_password(password)


def test_one_character_repeated_is_refused() -> None:
    from django.core.exceptions import ValidationError

    from zeren.accounts.passwords import RepeatedCharacterValidator

    with pytest.raises(ValidationError, match="同一个字符"):
        RepeatedCharacterValidator().validate("aaaaaaaaaaaa")
