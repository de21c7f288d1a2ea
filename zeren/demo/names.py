"""Invented names for the demo's people, drawn deterministically from fixed syllable tables.

Han names join a surname to one or two given-name characters; Uyghur-style names join two
invented given names with "·" (given name · father's given name), built from transliteration
syllables so they read naturally yet are made up. Every demo person also carries the note
``演示人员（虚构）``; no name refers to a real person.
"""

from __future__ import annotations

import random

HAN_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田"
    "董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟"
    "熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃武戴孔向汤"
)
HAN_GIVEN = (
    "安柏辰澄枫皓涵恒弘嘉健景岚朗立霖路曼铭沐楠鹏琦青然睿森书舒松涛桐婉文希晓欣新雅妍宜逸远韵泽哲之舟卓"
)

# Uyghur-style given names: onset + middle + ending, from transliteration characters.
UYGHUR_ONSET = tuple("阿艾巴迪古哈卡库米努帕热萨图吾夏亚伊")
UYGHUR_MIDDLE = tuple("布尔克拉丽木娜尼斯塔提依扎孜合达")
UYGHUR_ENDING = ("江", "汗", "提", "古丽", "尔", "丁", "娜", "曼", "然", "莎", "别克", "尼亚")

HAN_SHARE = 0.42  # the rest are Uyghur-style names


class NameMaker:
    """Deterministic and without repeats: the same seed and the same calls give the same names."""

    def __init__(self, seed: str) -> None:
        self._random = random.Random(seed)  # noqa: S311 - invented demo names, not a secret
        self._used: set[str] = set()

    def han(self) -> str:
        r = self._random
        return r.choice(HAN_SURNAMES) + r.choice(HAN_GIVEN) + r.choice(HAN_GIVEN)

    def _uyghur_given(self) -> str:
        r = self._random
        return r.choice(UYGHUR_ONSET) + r.choice(UYGHUR_MIDDLE) + r.choice(UYGHUR_ENDING)

    def uyghur(self) -> str:
        return f"{self._uyghur_given()}·{self._uyghur_given()}"

    def next(self) -> str:
        for _ in range(1000):
            name = self.han() if self._random.random() < HAN_SHARE else self.uyghur()
            if name not in self._used:
                self._used.add(name)
                return name
        raise RuntimeError("the name tables are exhausted")  # pragma: no cover - ~10^5 combinations each
