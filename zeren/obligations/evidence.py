"""Checking an uploaded evidence file: size limit, type allow-list, and content that matches the type.

Local choices (docs/obligations.md): at most ``MAX_EVIDENCE_BYTES``; only PDF, JPEG, PNG and Office
documents. The type is decided from the extension *and* the file's first bytes, never from the
browser's Content-Type; HTML, scripts and anything else are refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from .errors import EvidenceRejected

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# extension -> (stored content type, accepted leading bytes)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".doc": ("application/msword", (OLE,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def check_upload(upload: Any) -> CheckedFile:
    """Validate an uploaded file (a Django ``UploadedFile``) and hash it; raise ``EvidenceRejected``."""
    name = PurePath(str(getattr(upload, "name", "") or "")).name[:255]
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED:
        allowed = "、".join(sorted({e.lstrip(".") for e in ALLOWED}))
        raise EvidenceRejected(
            f"不接受该类型的文件（{extension or '无扩展名'}）；允许：{allowed}", field="file"
        )
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise EvidenceRejected("文件为空", field="file")
    if size > MAX_EVIDENCE_BYTES:
        raise EvidenceRejected(f"文件超过 {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB 上限", field="file")
    digest = hashlib.sha256()
    head = b""
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < 16:
            head += chunk[:16]
        digest.update(chunk)
    upload.seek(0)
    content_type, signatures = ALLOWED[extension]
    if not any(head.startswith(sig) for sig in signatures):
        raise EvidenceRejected(f"文件内容与扩展名 {extension} 不符", field="file")
    return CheckedFile(
        name, ".jpg" if extension == ".jpeg" else extension, content_type, size, digest.hexdigest()
    )
