"""Every change to an account, a role or a permission is an audited service: the Django admin only reads,
and ``createsuperuser``/``changepassword``/``zeren user create|password`` write an audit event."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from zeren.accounts.services import set_password
from zeren.audit.models import AuditEvent
from zeren.cli import main

pytestmark = pytest.mark.django_db
PASSWORD = "Long-test-passw0rd"


@pytest.fixture
def superuser():  # type: ignore[no-untyped-def]
    return get_user_model().objects.create_superuser("root", password=PASSWORD)


def test_the_admin_offers_no_password_reset_or_account_change(superuser) -> None:  # type: ignore[no-untyped-def]
    target = get_user_model().objects.create_user("alice", password=PASSWORD)
    client = Client()
    client.force_login(superuser)
    before = target.password

    password = client.post(
        f"/admin/auth/user/{target.pk}/password/",
        {"password1": "Other-passw0rd!", "password2": "Other-passw0rd!"},
        follow=True,
    )
    change = client.post(
        f"/admin/auth/user/{target.pk}/change/", {"username": "alice", "is_superuser": "on", "is_staff": "on"}
    )
    add = client.post("/admin/auth/user/add/", {"username": "mallory", "password1": "x", "password2": "x"})
    group = client.get("/admin/auth/group/add/")

    assert 'name="password1"' not in password.content.decode()
    assert change.status_code == 403
    assert add.status_code == 403
    assert group.status_code == 404
    target.refresh_from_db()
    assert (target.password, target.is_superuser, target.is_staff) == (before, False, False)
    assert not get_user_model().objects.filter(username="mallory").exists()
    assert client.get(f"/admin/auth/user/{target.pk}/change/").status_code == 200  # viewing still works


def test_createsuperuser_writes_an_audit_event(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)

    call_command("createsuperuser", "--noinput", "--username", "root2", "--email", "", stdout=io.StringIO())

    user = get_user_model().objects.get(username="root2")
    event = AuditEvent.objects.get(action="accounts.create_superuser")
    assert event.object_id == str(user.pk)
    assert event.after == {"username": "root2", "is_superuser": True, "is_staff": True}


def test_changepassword_writes_an_audit_event(monkeypatch: pytest.MonkeyPatch, superuser) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.management.commands import changepassword

    monkeypatch.setattr(changepassword.Command, "_get_pass", lambda self, prompt="": "New-passw0rd-99")

    call_command("changepassword", "root", stdout=io.StringIO())

    superuser.refresh_from_db()
    assert superuser.check_password("New-passw0rd-99")
    assert AuditEvent.objects.filter(action="accounts.set_password", object_id=str(superuser.pk)).count() == 1


def test_zeren_user_create_and_password_are_audited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "create", "carol", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("Another-passw0rd\n"))
    assert main(["user", "password", "carol", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("aaaaaaaaaaaa\n"))
    assert main(["user", "password", "carol", "--password-stdin"]) == 1

    carol = get_user_model().objects.get(username="carol")
    assert carol.check_password("Another-passw0rd")
    events = AuditEvent.objects.filter(object_id=str(carol.pk)).order_by("seq")
    actions = list(events.values_list("action", flat=True))
    assert actions == ["accounts.create_account", "accounts.set_password"]


def test_set_password_validates_and_audits() -> None:
    user = get_user_model().objects.create_user("dave", password=PASSWORD)

    set_password(actor=None, user=user, password="Brand-new-passw0rd")

    assert AuditEvent.objects.get(action="accounts.set_password").after == {"username": "dave"}
