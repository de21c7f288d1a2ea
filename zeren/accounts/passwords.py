"""Password rules for GB/T 22239-2019 level 3 (等保三级): length, character classes, no repeats.

Django's validators give the length, common-password, numeric and similarity checks; these add the two
complexity rules the standard's "口令应有复杂度要求" is read as: at least three of four character classes
(upper-case, lower-case, digits, other symbols) and not one character repeated. Messages are Chinese.
"""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError

from zeren.common.actor import Actor

CLASSES = (
    ("大写字母", frozenset(string.ascii_uppercase)),
    ("小写字母", frozenset(string.ascii_lowercase)),
    ("数字", frozenset(string.digits)),
)


def character_classes(password: str) -> int:
    """How many of upper-case, lower-case, digits and other symbols ``password`` uses."""
    used = sum(1 for _, chars in CLASSES if any(c in chars for c in password))
    known = frozenset().union(*(chars for _, chars in CLASSES))
    return used + (1 if any(c not in known for c in password) else 0)


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Actor = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、其他符号四类中的至少 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、其他符号四类中的至少 {self.min_classes} 类。"


class RepeatedCharacterValidator:
    def validate(self, password: str, user: Actor = None) -> None:
        if password and len(set(password)) == 1:
            raise ValidationError("密码不能由同一个字符重复组成。", code="password_repeated")

    def get_help_text(self) -> str:
        return "密码不能由同一个字符重复组成。"


class MinimumLengthValidator:
    """At least ``min_length`` characters, said in Chinese whatever the active language (CLI too)."""

    def __init__(self, min_length: int = 10) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: Actor = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短：至少需要 {self.min_length} 个字符。", code="password_too_short")

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"
