"""Named errors of the audit trail, each with a stable code."""

from __future__ import annotations

from zeren.common.errors import ZerenError


class AuditError(ZerenError, RuntimeError):
    """An integrity refusal (also a ``RuntimeError``: it signals a bug or tampering, not bad input)."""

    code = "audit_error"
    http_status = 409


class AuditTrailIsAppendOnly(AuditError):
    """An attempt to change or delete a recorded event (审计日志只允许追加)."""

    code = "append_only"


class AuditRequiresTransaction(AuditError):
    """``record_event`` called outside a transaction: the event must commit or roll back with the write."""

    code = "requires_transaction"


class AuditChainBroken(AuditError):
    """The chain head is missing while events exist: appending would hide the damage."""

    code = "chain_broken"
