"""The sections of a pack that apps read back from a stored version (``PackVersion.data``).

A version stored in the catalogue keeps its pack.yaml as JSON; the rules an app needs from it (the duty
and organisation readings, the calendar, the front matter, the assessment) are read through the same typed
readers as a pack directory, so no app reads the stored data by its keys. The data was validated when it was
loaded; the readers never raise and the problems they would record are not re-reported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import build, build_assessment, build_org
from .model import Metadata
from .model_assessment import AssessmentData
from .model_org import CalendarRules, DutyRules, OrganisationRules
from .reader import Reader


@dataclass(frozen=True)
class Sections:
    """The typed sections of a stored pack version."""

    metadata: Metadata
    duty_rules: DutyRules
    organisation: OrganisationRules
    calendar: CalendarRules
    assessment: AssessmentData | None


def read_sections(raw: Mapping[str, Any]) -> Sections:
    """The sections of ``raw``, a pack.yaml as stored (``Any``: JSON as the database gives it back)."""
    r = Reader()
    return Sections(
        metadata=build.metadata(r, raw),
        duty_rules=build_org.duty_rules(r, raw),
        organisation=build_org.organisation(r, raw),
        calendar=build_org.calendar(r, raw),
        assessment=build_assessment.assessment(r, raw),
    )
