"""Precision and recall of a draft pack against a curated pack, per entry kind.

Entries are matched by what the regulation pins down, never by the drafter's ids:

===================== ==================================================================
department_kinds      the kind's own article (first clause, cut to ``art_N``)
traits                (article, trait id) of every trait a department kind claims
sector_supervisions   (sector name, article) of every supervisor clause; names match when
                      equal or one contains the other after dropping 领域/行业/等
obligations           (clause, frequency, min_count); an absent min_count counts as 1
money                 (clause, amount) of rewards and fines (a range as ``min-max``) and
                      (clause, percent%) of the reward split
roles                 the article of the role's first clause
duties                the clause of every duty of a role, trait or department kind
triggers / forms      accountability trigger clauses / accountability form names
articles              (eid, classification); article_features: (eid, feature)
===================== ==================================================================

Keys are multisets: two curated roles in art_17 need two drafted roles in art_17.

The drafter reads the duty chapters (arts. 4-52). Curated roles and department kinds grounded outside
them (first clause outside arts. 4-52: local choices by reference such as township posts under art. 73 or
the fire-rescue kind under art. 3) cannot be drafted from the text and are not scored, nor are the sector
supervisions of such kinds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .extractors import clean_sector_name

KINDS: tuple[str, ...] = (
    "department_kinds",
    "traits",
    "sector_supervisions",
    "obligations",
    "money",
    "roles",
    "duties",
    "accountability_triggers",
    "accountability_forms",
    "article_classifications",
    "article_features",
)
_ARTICLE_RE = re.compile(r"^(art_\d+(?:_\d+)?)")


@dataclass(frozen=True)
class Score:
    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "true_positive": self.true_positive,
            "false_positive": self.false_positive,
            "false_negative": self.false_negative,
        }


def article_of(clause: object) -> str:
    match = _ARTICLE_RE.match(str(clause))
    return match.group(1) if match else str(clause)


def _list(pack: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = pack.get(key)
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _first(clauses: object) -> object:
    return clauses[0] if isinstance(clauses, list) and clauses else clauses


DRAFTED_ARTICLES = (4, 52)


def _drafted(entry: Mapping[str, Any]) -> bool:
    """Whether the entry is grounded in the duty chapters the drafter reads (arts. 4-52)."""
    match = re.match(r"^art_(\d+)", str(_first(entry.get("clauses"))))
    if match is None:
        return False
    return DRAFTED_ARTICLES[0] <= int(match.group(1)) <= DRAFTED_ARTICLES[1]


def _kind_list(pack: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [kind for kind in _list(pack, "department_kinds") if _drafted(kind)]


def _kinds(pack: Mapping[str, Any]) -> list[Hashable]:
    return [article_of(_first(kind.get("clauses"))) for kind in _kind_list(pack)]


def _traits(pack: Mapping[str, Any]) -> list[Hashable]:
    return [
        (article_of(claim.get("clause")), claim.get("trait"))
        for kind in _kind_list(pack)
        for claim in _list(kind, "traits")
    ]


def _supervisions(pack: Mapping[str, Any]) -> list[Hashable]:
    keys: list[Hashable] = []
    undrafted = {k.get("id") for k in _list(pack, "department_kinds") if not _drafted(k)}
    for sector in _list(pack, "sectors"):
        name = clean_sector_name(str(sector.get("name", "")))
        articles: set[str] = set()
        for supervisor in _list(sector, "supervisors"):
            if supervisor.get("kind") in undrafted:
                continue
            clauses = supervisor.get("clauses")
            articles.update(article_of(c) for c in (clauses if isinstance(clauses, list) else []))
        keys.extend((name, article) for article in sorted(articles))
    return keys


def _obligations(pack: Mapping[str, Any]) -> list[Hashable]:
    return [
        (item.get("clause"), item.get("frequency"), item.get("min_count") or 1)
        for item in _list(pack, "obligations")
    ]


def _amount_key(item: Mapping[str, Any]) -> str:
    if item.get("amount") is not None:
        return str(item["amount"])
    return f"{item.get('amount_min')}-{item.get('amount_max')}"


def _money(pack: Mapping[str, Any]) -> list[Hashable]:
    money = pack.get("money")
    if not isinstance(money, Mapping):
        return []
    keys: list[Hashable] = [(item.get("clause"), _amount_key(item)) for item in _list(money, "rewards")]
    keys += [(item.get("clause"), _amount_key(item)) for item in _list(money, "fines")]
    split = money.get("reward_split")
    if isinstance(split, Mapping):
        keys.append((split.get("clause"), f"{split.get('principals_percent')}%"))
    return keys


def _roles(pack: Mapping[str, Any]) -> list[Hashable]:
    return [article_of(_first(role.get("clauses"))) for role in _list(pack, "roles") if _drafted(role)]


def _duties(pack: Mapping[str, Any]) -> list[Hashable]:
    return [
        duty.get("clause")
        for section in ("roles", "traits", "department_kinds")
        for entry in _list(pack, section)
        for duty in _list(entry, "duties")
    ]


def _accountability(pack: Mapping[str, Any], key: str, field: str) -> list[Hashable]:
    section = pack.get("accountability")
    if not isinstance(section, Mapping):
        return []
    return [item.get(field) for item in _list(section, key)]


def _articles(pack: Mapping[str, Any], field: str) -> list[Hashable]:
    return [(item.get("eid"), item.get(field)) for item in _list(pack, "articles")]


def _same_supervision(a: Hashable, b: Hashable) -> bool:
    if not (isinstance(a, tuple) and isinstance(b, tuple)) or a[1] != b[1]:
        return False
    x, y = str(a[0]), str(b[0])
    return x == y or (min(len(x), len(y)) >= 2 and (x in y or y in x))


KEYS: Mapping[str, Callable[[Mapping[str, Any]], list[Hashable]]] = {
    "department_kinds": _kinds,
    "traits": _traits,
    "sector_supervisions": _supervisions,
    "obligations": _obligations,
    "money": _money,
    "roles": _roles,
    "duties": _duties,
    "accountability_triggers": lambda pack: _accountability(pack, "triggers", "clause"),
    "accountability_forms": lambda pack: _accountability(pack, "forms", "name"),
    "article_classifications": lambda pack: _articles(pack, "classification"),
    "article_features": lambda pack: _articles(pack, "feature"),
}
MATCHERS: Mapping[str, Callable[[Hashable, Hashable], bool]] = {"sector_supervisions": _same_supervision}


def score(
    drafted: Iterable[Hashable],
    curated: Iterable[Hashable],
    same: Callable[[Hashable, Hashable], bool] | None = None,
) -> Score:
    """Multiset match: exact keys first, then (with ``same``) greedy one-to-one fuzzy pairs."""
    left, right = Counter(drafted), Counter(curated)
    exact = left & right
    left, right = left - exact, right - exact
    tp = sum(exact.values())
    if same is not None:
        remaining = list(right.elements())
        for key in list(left.elements()):
            partner = next((other for other in remaining if same(key, other)), None)
            if partner is not None:
                remaining.remove(partner)
                left[key] -= 1
                tp += 1
        right = Counter(remaining)
        left = +left
    return Score(tp, sum(left.values()), sum(right.values()))


def evaluate(draft: Mapping[str, Any], curated: Mapping[str, Any]) -> dict[str, Score]:
    """Score every entry kind of ``draft`` against ``curated`` (both plain pack dicts)."""
    return {kind: score(KEYS[kind](draft), KEYS[kind](curated), MATCHERS.get(kind)) for kind in KINDS}


def report_json(scores: Mapping[str, Score]) -> dict[str, Any]:
    return {"kinds": {kind: value.to_dict() for kind, value in scores.items()}}


def report_table(scores: Mapping[str, Score]) -> str:
    lines = [
        f"{'kind':<26}{'precision':>10}{'recall':>8}{'tp':>6}{'fp':>6}{'fn':>6}",
        "-" * 62,
    ]
    for kind, value in scores.items():
        lines.append(
            f"{kind:<26}{value.precision:>10.2f}{value.recall:>8.2f}"
            f"{value.true_positive:>6}{value.false_positive:>6}{value.false_negative:>6}"
        )
    return "\n".join(lines)
