"""One base for the named errors of every service: a stable ``code``, a Chinese ``message``, a ``field``.

Each app keeps its own subclasses (``AccidentError``, ``CaseError``…) so callers can catch one app's
refusals; the API turns any of them into one JSON shape (``zeren.common.api``), the pages show
``message`` beside ``field``, and the command line prints ``message`` and exits non-zero.
"""

from __future__ import annotations

from typing import ClassVar


class ZerenError(ValueError):
    """A refused write or an impossible request, named by ``code`` (stable: scripts match on it)."""

    code: ClassVar[str] = "error"
    #: The HTTP status the API answers with: 422 for invalid input, 409 for a state conflict.
    http_status: ClassVar[int] = 422

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, str | None]:
        """The error as the API answers it: ``{"code", "detail"}`` plus the field when one is named."""
        return {"code": self.code, "message": self.message, "field": self.field}
