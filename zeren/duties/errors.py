"""Named errors of the responsibility-list services, each with a stable code for the API and the CLI."""

from __future__ import annotations

from zeren.common.errors import ZerenError
from zeren.common.frozen import FrozenRecordError


class ListError(ZerenError):
    code = "list_error"
    http_status = 409


class ListFrozen(ListError, FrozenRecordError):
    """A published (or superseded) list is a frozen snapshot: its content never changes."""

    code = "list_frozen"


class NotADraft(ListError):
    code = "not_a_draft"


class NoOwner(ListError):
    """A list belongs to exactly one post or one organisation."""

    code = "no_owner"
