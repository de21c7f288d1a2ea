"""Writes for accounts: creating accounts, granting and revoking roles, API tokens, login failures."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from zeren.audit.services import record_event, snapshot
from zeren.common.actor import Actor
from zeren.common.errors import ZerenError

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zeren.org.models import Person, Unit

from .models import SEPARATED_ROLES, ApiToken, LoginFailure, Role, RoleAssignment
from .scope import forget_grants

TOKEN_PREFIX = "zr_"  # noqa: S105 - a public marker, not a secret
# Login hardening, so that a stranger cannot lock a named leader out: this many failures within the window
# lock that username *from that address* for the window; the account as a whole locks only after a longer
# run from several addresses (attempts made while an address is already locked are audited but not counted);
# an address that fails this often, whatever the usernames, is refused for the window (password spraying).
LOCKOUT_FAILURES = 5
ACCOUNT_LOCKOUT_FAILURES = 20
ADDRESS_THROTTLE_FAILURES = 30
LOCKOUT_WINDOW = dt.timedelta(minutes=15)


class RoleConflict(ZerenError):
    """Separation of duties: sysadmin, secadmin and auditadmin never combine with any other role."""

    code = "role_conflict"


class InvalidGrant(ZerenError):
    code = "invalid_grant"


@transaction.atomic
def create_account(
    *,
    actor: Actor,
    username: str,
    password: str,
    display_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a user with a validated password; the audit event names the staff flags when set, never the
    password."""
    user_model = get_user_model()
    user = user_model(
        username=username, first_name=display_name, is_staff=is_staff, is_superuser=is_superuser
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    after: dict[str, Any] = {"username": username}
    if is_staff or is_superuser:
        after |= {"is_staff": is_staff, "is_superuser": is_superuser}
    record_event(actor=actor, action="accounts.create_account", obj=user, after=after)
    return user


@transaction.atomic
def set_password(*, actor: Actor, user: User, password: str) -> User:
    """A new password (validated against the password rules), audited; the password itself is never logged."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(
        actor=actor, action="accounts.set_password", obj=user, after={"username": user.get_username()}
    )
    return user


@transaction.atomic
def grant_role(
    *, actor: Actor, user: User, role: str, unit: Unit | None = None, person: Person | None = None
) -> RoleAssignment:
    """Grant ``role`` scoped to ``unit`` (a scoped role needs one); refused where roles must stay
    separated."""
    if role not in Role.values:
        raise InvalidGrant(f"unknown role {role!r}")
    if (
        role in {Role.COMMITTEE_ADMIN, Role.UNIT_OPERATOR, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER}
        and unit is None
    ):
        raise InvalidGrant(f"role {role} needs a unit (its scope)")
    if role == Role.LEADER and person is None:
        raise InvalidGrant("the leader role names the person the account belongs to")
    held = set(
        RoleAssignment.objects.select_for_update()
        .filter(user=user, revoked_at__isnull=True)
        .values_list("role", flat=True)
    )
    if held and (role in SEPARATED_ROLES or held & SEPARATED_ROLES) and held != {role}:
        raise RoleConflict(
            f"{user.get_username()} holds {', '.join(sorted(held))}; {role} cannot be combined "
            "(system, security and audit administrators are separate accounts)"
        )
    assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit, person=person)
    forget_grants(user)
    record_event(
        actor=actor,
        action="accounts.grant_role",
        obj=assignment,
        after=snapshot(assignment),
        unit_path=unit.path if unit else None,
    )
    return assignment


@transaction.atomic
def revoke_role(*, actor: Actor, assignment: RoleAssignment) -> RoleAssignment:
    """End a grant (kept for the record with its revocation time), audited; the user's cached grants are
    dropped."""
    before = snapshot(assignment)
    assignment.revoked_at = timezone.now()
    assignment.save(update_fields=["revoked_at"])
    forget_grants(assignment.user)
    record_event(
        actor=actor, action="accounts.revoke_role", obj=assignment, before=before, after=snapshot(assignment)
    )
    return assignment


@dataclass(frozen=True)
class IssuedToken:
    token: str
    record: ApiToken


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def issue_token(*, actor: Actor, user: User, name: str = "") -> IssuedToken:
    """A new API token for ``user``: only its hash and prefix are stored, the token is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(user=user, name=name, prefix=token[:12], token_hash=_hash(token))
    record_event(
        actor=actor,
        action="accounts.issue_token",
        obj=record,
        after={"user": user.get_username(), "prefix": record.prefix},
    )
    return IssuedToken(token=token, record=record)


@transaction.atomic
def revoke_token(*, actor: Actor, record: ApiToken) -> ApiToken:
    """Revoke an API token (the row stays, with its revocation time), audited."""
    record.revoked_at = timezone.now()
    record.save(update_fields=["revoked_at"])
    record_event(actor=actor, action="accounts.revoke_token", obj=record, after={"prefix": record.prefix})
    return record


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to, or None (revoked, unknown or inactive)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    record = (
        ApiToken.objects.filter(token_hash=_hash(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if record is None or not record.user.is_active:
        return None
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record.user


def is_locked_out(username: str, ip: str | None = None, now: dt.datetime | None = None) -> bool:
    """Whether a login as ``username`` from ``ip`` is refused now (see the thresholds above)."""
    now = now or timezone.now()
    recent = LoginFailure.objects.filter(at__gte=now - LOCKOUT_WINDOW)
    if ip is not None:
        if recent.filter(username=username, ip=ip).count() >= LOCKOUT_FAILURES:
            return True
        if recent.filter(ip=ip).count() >= ADDRESS_THROTTLE_FAILURES:
            return True
    elif recent.filter(username=username).count() >= LOCKOUT_FAILURES:
        return True  # no address known (a direct call): the per-account rule of old
    return recent.filter(username=username).count() >= ACCOUNT_LOCKOUT_FAILURES


@transaction.atomic
def record_login_failure(*, username: str, ip: str | None, locked: bool = False) -> None:
    """Audit a failed login; count it unless it was refused because the address was already locked."""
    if not locked:
        LoginFailure.objects.create(username=username, ip=ip)
    record_event(
        actor=None,
        action="accounts.login_failed",
        object_type="auth.user",
        object_id=username,
        object_repr=username,
        after={"ip": ip, "locked": locked or is_locked_out(username, ip)},
    )


@transaction.atomic
def record_login(*, user: User, ip: str | None) -> None:
    """A successful sign-in: clear the user's failed attempts (lockout) and audit the login with its
    address."""
    LoginFailure.objects.filter(username=user.get_username()).delete()
    record_event(actor=user, action="accounts.login", obj=user, after={"ip": ip})
