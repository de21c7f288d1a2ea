"""The demo's departments' safety bodies and staff (art. 17 para 1 point 5), invented and seeded by code."""

from __future__ import annotations

import hashlib

# Art. 17 para 1 point 5: the department types owing a safety body (the pack's department body) and the
# names the demo gives the body in charge (invented).
SAFETY_BODY_TYPES = ("party_organ", "government_department", "vertical_agency")
SAFETY_BODIES = (
    "安全生产监督管理科",
    "办公室（负责安全生产工作）",
    "安全生产科",
    "综合科（负责安全生产工作）",
    "政策法规科（负责安全生产工作）",
)


def safety_staffing(code: str, type: str, kind: str) -> tuple[str, int | None]:
    """A department's safety body and staff as the office entered them (art. 17 para 1 point 5; invented):
    the emergency bureau's supervision section, elsewhere a section or the office named in charge, one to
    four staff; about one department in eleven has entered nothing and one in eleven names a body without
    staff (the office's page lists them). Seeded by the code: the same on every build."""
    if type not in SAFETY_BODY_TYPES:
        return "", None
    h = int.from_bytes(hashlib.sha256(f"safety-body|{code}".encode()).digest()[:4], "big")
    if h % 11 == 0:
        return "", None
    body = (
        "安全生产综合监督管理科" if kind == "emergency_management" else SAFETY_BODIES[h % len(SAFETY_BODIES)]
    )
    return body, 0 if h % 11 == 1 else 1 + (h >> 8) % 4
