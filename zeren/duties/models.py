"""Responsibility lists (责任清单, art. 74): derived snapshots of a post's or a department's duties.

A row is either an open draft (may be reviewed and published, or superseded by a newer draft) or a
published version (第N版) — a frozen snapshot: its content, hash, version and dates never change.
Publishing the next version marks the previous one ``superseded``; that status change is the only
change a published row ever sees (``save`` raises :class:`ListFrozen` otherwise, and ``delete``
refuses). ``content_sha256`` is the fingerprint of the derived content without its derivation
date, so re-deriving an unchanged list on another day finds the same row instead of a new one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from zeren.catalog.models import PackVersion
from zeren.common.frozen import FrozenRecord
from zeren.org.models import Organisation, Post, Unit

from .errors import ListFrozen

# Fields of a published row that may change, and only as the published -> superseded transition.
TRANSITION_FIELDS = frozenset({"status", "superseded_at"})


class ResponsibilityList(FrozenRecord):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "现行"
        SUPERSEDED = "superseded", "已被取代"

    post = models.ForeignKey(
        Post, on_delete=models.PROTECT, null=True, blank=True, related_name="responsibility_lists"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="responsibility_lists"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="responsibility_lists")
    pack = models.ForeignKey(PackVersion, on_delete=models.PROTECT, related_name="responsibility_lists")
    title = models.CharField("标题", max_length=300)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版本号", null=True, blank=True, help_text="发布时编号：第N版")
    on = models.DateField("依据日期", help_text="按该日的岗位与分管情况生成")
    content = models.JSONField("内容")
    content_sha256 = models.CharField("内容 SHA-256", max_length=64)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_at = models.DateTimeField("被取代时间", null=True, blank=True)

    class Meta:
        verbose_name = "责任清单"
        verbose_name_plural = "责任清单"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["post", "status"], name="list_post_status"),
            models.Index(fields=["organisation", "status"], name="list_org_status"),
            models.Index(fields=["unit", "status"], name="list_unit_status"),
            # The portal's keyset order (title, id): all published lists, and one unit's.
            models.Index(fields=["status", "title", "id"], name="list_published_title"),
            models.Index(fields=["unit", "status", "title", "id"], name="list_unit_title"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, organisation__isnull=True)
                | Q(post__isnull=True, organisation__isnull=False),
                name="list_has_one_owner",
            ),
            models.CheckConstraint(
                # an open draft, a draft superseded by a newer draft, or a published (now or once) version
                condition=Q(
                    status__in=["draft", "superseded"], version__isnull=True, published_at__isnull=True
                )
                | Q(
                    status__in=["published", "superseded"], version__isnull=False, published_at__isnull=False
                ),
                name="list_published_has_version",
            ),
            models.UniqueConstraint(
                fields=["post", "version"], condition=Q(post__isnull=False), name="list_post_version_unique"
            ),
            models.UniqueConstraint(
                fields=["organisation", "version"],
                condition=Q(organisation__isnull=False),
                name="list_org_version_unique",
            ),
            models.UniqueConstraint(
                fields=["post"], condition=Q(status="published"), name="list_one_current_per_post"
            ),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(status="published"), name="list_one_current_per_org"
            ),
            models.UniqueConstraint(
                fields=["post"], condition=Q(status="draft"), name="list_one_draft_per_post"
            ),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(status="draft"), name="list_one_draft_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.label}）"

    # A published (or superseded) list is a frozen snapshot; only its status moves on (art. 74).
    frozen_when = Q(published_at__isnull=False)
    mutable_when_frozen = tuple(sorted(TRANSITION_FIELDS))
    frozen_error = ListFrozen
    frozen_label = "已发布的责任清单"

    def frozen_changes(self, stored: dict[str, Any], update_fields: Any = None) -> list[str]:
        changed = super().frozen_changes(stored, update_fields)
        moves = (stored["status"], self.status)
        if changed or moves not in {
            ("published", "published"),
            ("published", "superseded"),
            ("superseded", "superseded"),
        }:
            raise ListFrozen(
                f"已发布的责任清单 #{self.pk} 不可修改"
                f"（{', '.join(changed) or f'{moves[0]} → {moves[1]}'}）；"
                "请生成新草稿并发布新版本"
            )
        return []

    @property
    def label(self) -> str:
        if self.version is not None:
            return f"第{self.version}版"
        return f"草稿 #{self.pk}" if self.pk else "草稿"

    @property
    def is_public(self) -> bool:
        """Published now or once (history stays public); drafts, even superseded ones, are not."""
        return self.published_at is not None

    @property
    def owner(self) -> Post | Organisation:
        owner = self.post if self.post_id is not None else self.organisation
        assert owner is not None  # noqa: S101 - the check constraint guarantees one owner
        return owner

    @property
    def owner_kind(self) -> str:
        return "post" if self.post_id is not None else "organisation"

    @property
    def owner_code(self) -> str:
        return self.owner.code
