"""Problems found in a pack: each names the YAML path of the offending value and the clause concerned."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PackIssue:
    """One problem. ``path`` is a YAML path such as ``department_kinds[3].duties[2].clause``."""

    path: str
    clause: str | None
    message: str

    def __str__(self) -> str:
        clause = f" [{self.clause}]" if self.clause else ""
        return f"{self.path}{clause}: {self.message}"


class PackError(ValueError):
    """A pack that cannot be used; ``issues`` lists every problem found, in YAML order."""

    def __init__(self, issues: Iterable[PackIssue]) -> None:
        self.issues: list[PackIssue] = list(issues)
        lines = [str(issue) for issue in self.issues[:20]]
        if len(self.issues) > 20:
            lines.append(f"... and {len(self.issues) - 20} more")
        super().__init__(f"{len(self.issues)} problem(s) in pack:\n" + "\n".join(lines))
