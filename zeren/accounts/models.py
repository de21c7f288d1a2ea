"""Role assignments scoped to a unit subtree, personal API tokens and login failures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    COMMITTEE_ADMIN = "committee_admin", "安委办管理员"
    UNIT_OPERATOR = "unit_operator", "单位操作员"
    LEADER = "leader", "领导干部"
    ORG_REVIEWER = "org_reviewer", "组织部门审阅人"
    DISCIPLINE_REVIEWER = "discipline_reviewer", "纪检监察审阅人"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITADMIN = "auditadmin", "审计管理员"


# Graded protection level 3 (等保三级): the three administrator roles are held by separate accounts,
# and none of them combines with a business role.
SEPARATED_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})
SCOPED_ROLES = frozenset(
    {Role.COMMITTEE_ADMIN, Role.UNIT_OPERATOR, Role.ORG_REVIEWER, Role.DISCIPLINE_REVIEWER, Role.LEADER}
)


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments"
    )
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        help_text="领导干部角色：账户对应的人员",
    )
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        indexes = [models.Index(fields=["user", "revoked_at"], name="role_user_active")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(
                    role__in=["committee_admin", "unit_operator", "org_reviewer", "discipline_reviewer"]
                )
                | Q(unit__isnull=False),
                name="scoped_role_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(role="leader") | Q(person__isnull=False), name="leader_has_person"
            ),
        ]

    def __str__(self) -> str:
        where = f"@{self.unit.name}" if self.unit is not None else ""
        return f"{self.get_role_display()}{where}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once when created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=100, blank=True)
    prefix = models.CharField("前缀", max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class LoginFailure(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.username} @ {self.at}"
