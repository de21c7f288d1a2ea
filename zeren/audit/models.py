"""The audit trail: append-only events chained by SHA-256, and the single-row chain head.

Each ``AuditEvent`` stores the hash of its content and of its predecessor's hash (``hashing.py``);
``AuditChainHead`` holds the last seq and hash. Appending locks the head row
(``SELECT ... FOR UPDATE``), so concurrent writers are serialised and seqs have no gaps.
Changing or deleting an event through the ORM raises ``AuditTrailIsAppendOnly``; on PostgreSQL a
trigger refuses UPDATE and DELETE as well (migration 0002). Whatever bypasses both is caught by
``zeren audit verify``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from .errors import AuditTrailIsAppendOnly
from .hashing import GENESIS_HASH

HEAD_ID = 1


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditTrailIsAppendOnly("audit events cannot be updated (审计日志不可修改)")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("audit events cannot be deleted (审计日志不可删除)")


class AuditEvent(models.Model):
    seq = models.BigIntegerField("序号", primary_key=True)
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,  # the actor's id is hashed: deactivate users, never delete them
        null=True,
        blank=True,
        related_name="audit_events",
    )
    actor_username = models.CharField("操作人用户名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=100)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象标识", max_length=255, blank=True)
    object_repr = models.TextField("对象", blank=True)
    unit_path = models.CharField("单位路径", max_length=255, null=True, blank=True)  # noqa: DJ001 (None: no unit)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-seq"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["at"], name="audit_event_at"),
            models.Index(fields=["actor_username", "seq"], name="audit_event_actor"),
            models.Index(fields=["action", "seq"], name="audit_event_action"),
            models.Index(fields=["object_type", "object_id", "seq"], name="audit_event_object"),
            models.Index(fields=["unit_path", "seq"], name="audit_event_unit"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly(f"audit event seq {self.seq} cannot be changed (审计日志不可修改)")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly(f"audit event seq {self.seq} cannot be deleted (审计日志不可删除)")


class AuditChainHead(models.Model):
    """The single row holding the chain's last seq and hash; locked by every append."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_ID)
    seq = models.BigIntegerField("最新序号", default=0)
    hash = models.CharField("最新哈希", max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"
        default_permissions = ()
        constraints = [
            models.CheckConstraint(condition=models.Q(id=HEAD_ID), name="audit_chain_head_single_row")
        ]

    def __str__(self) -> str:
        return f"head seq {self.seq} {self.hash}"
