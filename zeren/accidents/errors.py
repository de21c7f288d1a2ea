"""Named errors of the accident services, each with a stable code for the API, the pages and the CLI."""

from __future__ import annotations

from zeren.catalog.packs import PackUnavailable
from zeren.common.errors import ZerenError
from zeren.common.frozen import FrozenRecordError


class AccidentError(ZerenError):
    code = "accident_error"


class InvalidAccident(AccidentError):
    """The unit, sector or figures of an accident are not acceptable."""

    code = "invalid_accident"


class SupplementWindowClosed(AccidentError):
    """493:art_13: casualty changes are supplemented only within 30 days (7 for road traffic and fire)."""

    code = "supplement_window_closed"


class NothingChanged(AccidentError):
    code = "nothing_changed"


class InvalidReportStep(AccidentError):
    code = "invalid_report_step"


class RecordFrozen(AccidentError, FrozenRecordError):
    """Revisions, report steps and findings are history: they are appended, never edited or deleted."""

    code = "record_frozen"


# No loaded pack applies: the catalogue decides which pack applies, and names this refusal.
RulesUnavailable = PackUnavailable
