"""Template helpers for what people read: clause citations (the id kept in the link), Chinese labels for
codes, audit actions and fields. One filter per kind of thing, used on every page."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from zeren.accidents.templatetags.accident_tags import linked_clause
from zeren.audit import labels as audit_labels
from zeren.common.actor import Actor
from zeren.law import cite
from zeren.web import labels

register = template.Library()


@register.filter(name="cite")
def cite_filter(eid: str) -> str:
    """``art_61__para_1__point_3`` → ``第六十一条第一款第（三）项``."""
    try:
        return cite(eid)
    except (ValueError, KeyError):
        return eid


@register.filter(name="clause")
def clause_filter(eid: object) -> SafeString:
    """A clause as people read it, linked by its id: ``art_17__para_1__point_3`` →
    <a href="/regulations/kashgar-2021/#art_17__para_1__point_3">第十七条第一款第（三）项</a>."""
    return linked_clause(eid)


@register.simple_tag
def clause_link(eid: str, regulation_slug: str) -> str:
    """A link to the clause on the regulation page, labelled with its Chinese citation."""
    url = reverse("regulations:detail", args=[regulation_slug]) + f"#{eid}"
    return format_html('<a class="clause" href="{}" data-eid="{}">{}</a>', url, eid, cite_filter(eid))


@register.filter(name="label")
def label_filter(code: object, vocabulary: str = "") -> str:
    """``{{ post.role_code|label:"role" }}`` → 县级政府主要负责人; pack codes from the pack in force."""
    return labels.label(code, vocabulary)


@register.filter
def action_label(action: str) -> str:
    """``accounts.login`` → 登录."""
    return audit_labels.action_label(action)


@register.filter
def object_type_label(object_type: str) -> str:
    """``org.unit`` → 单位."""
    return audit_labels.object_type_label(object_type)


@register.filter
def field_label(key: str, object_type: str = "") -> str:
    """A recorded field name as people read it: ``{{ row.key|field_label:event.object_type }}``."""
    return audit_labels.field_label(object_type, key)


@register.simple_tag
def user_has_role(user: Actor, role: str) -> bool:
    """``{% user_has_role request.user "sysadmin" as is_sysadmin %}``."""
    from zeren.accounts.scope import has_role

    return bool(getattr(user, "is_authenticated", False)) and has_role(user, role)


@register.filter
def who(user: object) -> str:
    """A person's name for an account (its display name), else the username; "" for none."""
    if user is None:
        return ""
    full = getattr(user, "get_full_name", None)
    name = full() if callable(full) else ""
    return str(name or getattr(user, "get_username", lambda: "")())


@register.filter
def fact_items(facts: dict[str, object]) -> list[tuple[str, object]]:
    """An assessment indicator's facts as (Chinese name, value) pairs."""
    from zeren.assessment.labels import fact_items as items

    return items(facts) if isinstance(facts, dict) else []


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    """``{{ names|get_item:code }}``: a name for a code, or the code itself when unknown."""
    return mapping.get(key, key) if isinstance(mapping, dict) else key
