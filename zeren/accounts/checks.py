"""Deployment checks of our own, run by ``zeren manage check --deploy``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def demo_secret_key(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """The demo key in var/secret_key is for DEBUG or the demo only; production sets SECRET_KEY."""
    source = getattr(settings, "ZEREN_SECRET_KEY_SOURCE", "env")
    if source != "env" and not settings.DEBUG and not getattr(settings, "ZEREN_DEMO", False):
        return [
            Warning(
                "SECRET_KEY comes from var/secret_key, the key written for the demo or DEBUG mode.",
                hint="Set SECRET_KEY in the environment (50+ random characters) for production.",
                id="zeren.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def content_security_policy(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    policy = getattr(settings, "ZEREN_CSP", "")
    if "script-src" not in policy or "'unsafe-inline'" in policy.split("script-src", 1)[1].split(";", 1)[0]:
        return [
            Warning(
                "ZEREN_CSP allows inline scripts or sets no script-src.",
                hint="Keep the default policy (scripts only from 'self').",
                id="zeren.W002",
            )
        ]
    return []
