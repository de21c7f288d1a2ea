"""Serving stored uploads: always as an attachment, never rendered inline by the browser."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def attachment_response(field: FieldFile, *, filename: str, content_type: str | None = None) -> FileResponse:
    """A download with nosniff, a sandboxing CSP and no caching, so an uploaded file cannot act as a page."""
    response = FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
