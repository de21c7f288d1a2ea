"""Character normalisation: a small, deliberate table of lookalike / Japanese-variant characters.

Every substitution replaces exactly one code point with exactly one code point, so the normalised text has
the same length as the original and every offset is valid in both. Typos (国条院) and legitimate simplified
or traditional characters are left alone: the table only holds characters that have no place in a
simplified-Chinese legal text (Japanese shinjitai and a katakana mark mistaken for 一).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Katakana marks that OCR and typists confuse with 一 (第三十ー条 is article 31).
_DASH_LIKE: dict[str, str] = {
    "\u30fc": "一",  # ー KATAKANA-HIRAGANA PROLONGED SOUND MARK
    "\uff70": "一",  # ｰ HALFWIDTH KATAKANA-HIRAGANA PROLONGED SOUND MARK
}

#: Japanese shinjitai → simplified Chinese. Only forms that are neither simplified nor traditional Chinese.
_SHINJITAI = (
    "単单 査查 検检 険险 験验 営营 労劳 図图 圧压 囲围 拡扩 渉涉 黒黑 隠隐 鉄铁 発发 関关 処处 "
    "権权 続续 総总 対对 戦战 価价 様样 広广 変变 転转 軽轻 実实 経经 済济 県县 従从 帰归 満满 "
    "庁厅 売卖 読读 剰剩 陥陷 両两 奨奖 剤剂 縦纵 駆驱 騒骚 悪恶 鉱矿 齢龄 観观 覧览 緑绿 弾弹 "
    "頼赖 歩步 栄荣 気气 増增 稲稻 徳德"
)

VARIANTS: dict[str, str] = {**_DASH_LIKE, **{pair[0]: pair[1] for pair in _SHINJITAI.split()}}


@dataclass(frozen=True)
class Substitution:
    """One replaced character: its offset (same in original and normalised text) and both forms."""

    position: int
    original: str
    replacement: str

    def to_dict(self) -> dict[str, object]:
        return {"position": self.position, "original": self.original, "replacement": self.replacement}


@dataclass(frozen=True)
class Normalised:
    original: str
    text: str
    substitutions: tuple[Substitution, ...]


_VARIANT_RE = re.compile("[" + "".join(map(re.escape, sorted(VARIANTS))) + "]")


def normalise(original: str) -> Normalised:
    """Replace variant characters, logging each replacement with its position.

    One regular-expression pass finds them (``str.translate`` with a table looks up every character of a
    CJK text in a dict, a dozen times slower); most texts have none and are returned as they are.
    """
    subs = tuple(
        Substitution(found.start(), found.group(), VARIANTS[found.group()])
        for found in _VARIANT_RE.finditer(original)
    )
    if not subs:
        return Normalised(original, original, ())
    parts: list[str] = []
    last = 0
    for sub in subs:
        parts.append(original[last : sub.position])
        parts.append(sub.replacement)
        last = sub.position + 1
    parts.append(original[last:])
    return Normalised(original, "".join(parts), subs)
