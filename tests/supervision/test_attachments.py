"""Checklist and rectification attachments: checked like obligation evidence, downloaded only in scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zeren.supervision import services
from zeren.supervision.errors import SupervisionError
from zeren.supervision.models import ChecklistItem

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media_root(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _item(tour_world: Any) -> ChecklistItem:
    item = ChecklistItem.objects.filter(target__plan__status="in_progress").order_by("pk").first()
    if item is None:
        pytest.skip("the tour world has no open checklist item")
    return item


def test_an_html_upload_is_refused_and_nothing_changes(tour_world: Any, media_root: Any) -> None:
    item = _item(tour_world)
    before = (item.result, item.note, item.file.name)

    with pytest.raises(SupervisionError):
        services.mark_item(
            actor=None,
            item=item,
            result="met",
            note="x",
            upload=SimpleUploadedFile("x.html", b"<script>alert(1)</script>", content_type="text/html"),
        )

    item.refresh_from_db()
    assert (item.result, item.note, item.file.name) == before


def test_a_pdf_is_stored_under_a_safe_name_and_downloads_as_an_attachment(
    tour_world: Any, media_root: Any
) -> None:
    item = _item(tour_world)
    services.mark_item(
        actor=None,
        item=item,
        result="met",
        note="现场核查",
        upload=SimpleUploadedFile("记录.pdf", PDF, content_type="application/pdf"),
    )
    item.refresh_from_db()
    client = Client()
    anonymous = client.get(f"/supervision/items/{item.pk}/file/")
    client.force_login(tour_world.users["admin"])
    response = client.get(f"/supervision/items/{item.pk}/file/")

    assert item.file.name.endswith(".pdf")
    assert "记录" not in item.file.name  # never the uploader's file name on disk
    assert anonymous.status_code == 302
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.getvalue() == PDF
