"""Draft the rule sections: recurring obligations, money, accountability and the article classification."""

from __future__ import annotations

import re
from typing import Any

from . import tables
from .extractors import (
    Frequency,
    accountability_forms,
    canon,
    enumeration,
    find_amounts,
    find_percents,
    find_rank,
    find_recurrences,
    percent_value,
    summarise,
)
from .organisation import Organisation, Owner
from .tree import Article, Tree

Entry = dict[str, Any]

_MONTH_ENDS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
MONTH_DAYS: dict[str, list[str]] = {
    "annual": ["12-31"],
    "half_yearly": ["06-30", "12-31"],
    "quarterly": ["03-31", "06-30", "09-30", "12-31"],
    "monthly": [f"{month:02d}-{day:02d}" for month, day in enumerate(_MONTH_ENDS, start=1)],
}
_SUBJECT_END_RE = re.compile(r"应当|应|要|对|在|将|按照|每|定期")
_SENTENCE_RE = re.compile(r"[^。；]+")


# ----------------------------------------------------------------------------------------- obligations
def _subject_owners(sentence: str) -> list[Owner]:
    match = _SUBJECT_END_RE.search(sentence)
    subject = sentence[: match.start()] if match else sentence
    owners: list[Owner] = []
    rest = subject
    for cue, key, value in tables.BODY_CUES:
        if cue in rest:
            owner = {key: value}
            if owner not in owners:
                owners.append(owner)
            rest = rest.replace(cue, "")
    return owners


def _sentence_with(text: str, phrase: str) -> str:
    return next((s for s in _SENTENCE_RE.findall(text) if phrase in s), text)


def draft_obligations(tree: Tree, org: Organisation) -> list[Entry]:
    out: list[Entry] = []
    counts: dict[str, int] = {}
    for article in tree.articles:
        for clause, text in article.clauses():
            for recurrence in find_recurrences(text):
                owner = org.owners.get(clause)
                sentence = _sentence_with(canon(text), recurrence.phrase)
                owners = (
                    [dict(owner)]
                    if owner
                    else _subject_owners(sentence) or [{"body": "safety_committee_office"}]
                )
                counts[article.eid] = counts.get(article.eid, 0) + 1
                suffix = "" if counts[article.eid] == 1 else f"_{counts[article.eid]}"
                out.append(
                    _obligation(
                        f"{recurrence.frequency}_{article.eid}{suffix}",
                        clause,
                        recurrence.phrase,
                        owners,
                        recurrence.frequency,
                        recurrence.min_count,
                    )
                )
    return out


def _obligation(
    identifier: str,
    clause: str,
    phrase: str,
    owners: list[Owner],
    frequency: Frequency,
    min_count: int | None,
) -> Entry:
    period = "annual" if frequency == "periodic" else frequency
    entry: Entry = {
        "id": identifier,
        "name": summarise(phrase),
        "clause": clause,
        "owners": owners,
        "frequency": frequency,
        "default_period": period if frequency == "periodic" else None,
        "min_count": min_count or 1,
    }
    if frequency == "periodic" or min_count is None:
        entry.update(
            local_choice=True,
            note="办法只说“定期”，未规定周期；默认每年一次。"
            if frequency == "periodic"
            else "办法规定了周期但未规定次数；默认每期一次。",
            source="pack default",
        )
    entry["due"] = {
        "month_days": list(MONTH_DAYS[period]),
        "local_choice": True,
        "note": "办法未规定完成日期，默认每期期末。",
        "source": "pack default",
    }
    entry["draft"] = True
    return entry


# ---------------------------------------------------------------------------------------------- money
_RECIPIENT_CUES = (("企业", "enterprise"), ("县", "county"), ("部门", "prefecture_department"))
_REWARD_NAME_RE = re.compile(r"评(?:选)?为(?P<name>[^，。；]+?)(?:的单位|[，。；]|$)")
_FINE_SUBJECT_RE = re.compile(r"对(?P<subjects>[^，。；]+?)分别罚款")
_REMAINDER_RE = re.compile(r"其余部分(?P<rest>[^。；]+)")
_REWARD_IDS = {
    "county": "top_counties",
    "prefecture_department": "top_departments",
    "enterprise": "top_enterprises",
}
_FINE_IDS = {
    "county": "failing_counties",
    "prefecture_department": "failing_departments",
    "enterprise": "failing_enterprises",
}


def _recipient(text: str) -> str:
    return next((value for cue, value in _RECIPIENT_CUES if cue in text), "prefecture_department")


def draft_money(tree: Tree) -> Entry:
    rewards: list[Entry] = []
    fines: list[Entry] = []
    split: Entry | None = None
    for article in tree.articles:
        for clause, raw in article.clauses():
            text = canon(raw)
            amounts = find_amounts(text)
            percents = find_percents(text)
            remainder = _REMAINDER_RE.search(text)
            if amounts and "奖励" in text and "罚款" not in text:
                recipient = _recipient(text.split("奖励", 1)[0])
                name = _REWARD_NAME_RE.search(text)
                reward: Entry = {
                    "id": _unused(_REWARD_IDS[recipient], [r["id"] for r in rewards]),
                    "name": name.group("name") if name else summarise(text, 20),
                    "clause": clause,
                    "recipient": recipient,
                }
                rank = find_rank(text)
                if rank is not None:
                    reward["top"] = rank
                if amounts[0].is_range:
                    reward.update(amount_min=amounts[0].minimum, amount_max=amounts[0].maximum)
                else:
                    reward["amount"] = amounts[0].minimum
                if "专项资金" in text:
                    reward["funded_by"] = "prefecture_special_fund"
                elif "自筹" in text:
                    reward["funded_by"] = "self"
                reward["draft"] = True
                rewards.append(reward)
            elif amounts and "罚款" in text:
                fines.extend(_fines(clause, text, amounts, percents, remainder, [f["id"] for f in fines]))
            elif percents and "奖金" in text and split is None:
                split = {
                    "clause": clause,
                    "applies_to": [r["id"] for r in rewards if r.get("funded_by") != "self"],
                    "principals_percent": percent_value(percents[0]),
                }
                if remainder:
                    split["remainder"] = remainder.group("rest")
                split["draft"] = True
    money: Entry = {"currency": "CNY", "rewards": rewards}
    if split is not None:
        money["reward_split"] = split
    money["fines"] = fines
    return money


def _unused(wanted: str, used: list[str]) -> str:
    candidate, index = wanted, 2
    while candidate in used:
        candidate, index = f"{wanted}_{index}", index + 1
    return candidate


def _fines(
    clause: str, text: str, amounts: list[Any], percents: list[Any], remainder: Any, used: list[str]
) -> list[Entry]:
    subjects_match = _FINE_SUBJECT_RE.search(text)
    subjects = enumeration(subjects_match.group("subjects")) if subjects_match else [text.split("罚款", 1)[0]]
    if len(subjects) != len(amounts):
        subjects = subjects[: len(amounts)] + [subjects[-1]] * (len(amounts) - len(subjects))
    out: list[Entry] = []
    for subject, amount in zip(subjects, amounts, strict=False):
        payer = _recipient(subject)
        fine: Entry = {
            "id": _unused(_FINE_IDS[payer], used + [f["id"] for f in out]),
            "name": f"{subject}罚款",
            "clause": clause,
            "payer": payer,
            "amount": amount.minimum,
        }
        if percents:
            fine["principals_percent"] = percent_value(percents[0])
        if remainder:
            fine["remainder"] = remainder.group("rest")
        fine["draft"] = True
        out.append(fine)
    return out


# --------------------------------------------------------------------------------------- accountability
_REFERRAL_RE = re.compile(r"由(?P<organ>[^，。；由]+?)依法调查处置")
_DEPARTMENT_FORM_RE = re.compile(r"对[^。；]*部门（单位）[^。；]*予以(?P<form>[^，。；]+)")
_FACTORS_RE = re.compile(r"根据(?P<items>[^，。；]+?)等因素")
_ORGANS_RE = re.compile(r"由(?P<items>[^，。；]+?)按照权限")
_VETO_EFFECTS_RE = re.compile(r"时限内，(?P<effects>[^。]+)")
_SINGLETONS = (
    ("aggravation", ("从重",)),
    ("mitigation", ("从轻", "减轻")),
    ("exemption", ("不予追究",)),
    ("lifelong", ("不论是否",)),
)


def draft_accountability(tree: Tree) -> Entry:
    out: Entry = {"triggers": [], "forms": []}
    for article in tree.articles:
        for paragraph in article.paragraphs:
            if "下列情形之一" in paragraph.text and ("问责" in paragraph.text or "追究" in paragraph.text):
                for point in paragraph.points:
                    out["triggers"].append(
                        {
                            "id": f"trigger_{len(out['triggers']) + 1}",
                            "clause": point.eid,
                            "summary": summarise(point.text),
                            "draft": True,
                        }
                    )
        for clause, raw in article.clauses():
            _accountability_clause(out, article, clause, canon(raw))
    return out


def _accountability_clause(out: Entry, article: Article, clause: str, text: str) -> None:
    for name in accountability_forms(text):
        identifier = tables.lookup(tables.FORM_IDS, name) or f"form_{len(out['forms']) + 1}"
        item = {"id": identifier, "name": name, "clause": clause, "draft": True}
        if name in tables.SANCTION_FORMS:
            out.setdefault("sanction", item)
        elif all(form["id"] != identifier for form in out["forms"]):
            out["forms"].append(item)
    referral = _REFERRAL_RE.search(text)
    if referral and "referral" not in out:
        organ = referral.group("organ")
        out["referral"] = {
            "clause": clause,
            "organ": tables.lookup(tables.ORGAN_IDS, organ) or "organ_1",
            "summary": summarise(_sentence_with(text, referral.group(0))),
            "draft": True,
        }
    department = _DEPARTMENT_FORM_RE.search(text)
    if department:
        form = tables.lookup(tables.FORM_IDS, department.group("form"))
        if form:
            out.setdefault("department_forms", []).append({"form": form, "clause": clause, "draft": True})
    effects = _VETO_EFFECTS_RE.search(text)
    if "一票否决" in text and effects and "veto" not in out:
        out["veto"] = {
            "clause": article.eid,
            "effects": split_effects(effects.group("effects")),
            "periods": [veto_period(form["id"]) for form in out["forms"]],
            "draft": True,
        }
    for key, cues in _SINGLETONS:
        if key not in out and any(cue in text for cue in cues) and "追究" in text:
            out[key] = {"clause": article.eid, "summary": summarise(text), "draft": True}
    factors = _FACTORS_RE.search(text)
    if factors and "factors" not in out:
        out["factors"] = {"clause": article.eid, "items": enumeration(factors.group("items")), "draft": True}
    organs = _ORGANS_RE.search(text)
    if organs and "deciding_organs" not in out:
        out["deciding_organs"] = [
            {
                "id": tables.lookup(tables.ORGAN_IDS, name) or f"organ_{i}",
                "name": name,
                "clause": article.eid,
                "draft": True,
            }
            for i, name in enumerate(enumeration(organs.group("items")), start=1)
        ]


def veto_period(form: str) -> Entry:
    """A local-choice default for how long the veto lasts after ``form`` (the text says 相关规定时限)."""
    months, source, note = tables.VETO_PERIOD_DEFAULTS.get(
        form, (12, "pack default", "办法只说“在相关规定时限内”，未见该方式的时限规定；默认12个月。")
    )
    return {"form": form, "months": months, "local_choice": True, "note": note, "source": source}


def split_effects(text: str) -> list[str]:
    return [item for item in re.split(r"[，；]", text) if item]


# -------------------------------------------------------------------------------------------- articles
def _first_sentence(article: Article) -> str:
    return re.split(r"[。：]", canon(article.lead), maxsplit=1)[0]


def _feature_in(text: str) -> str | None:
    for feature, cues in tables.FEATURE_CUES:
        if any(cue in text for cue in cues):
            return feature
    return None


def classify_article(article: Article) -> tuple[str, str]:
    """(classification, feature): the first sentence decides, then the whole article.

    In 总则 / 附则 only the first sentence counts, and only for framework features."""
    framework = "总则" in article.chapter or "附则" in article.chapter
    feature = _feature_in(_first_sentence(article))
    if feature is None and not framework:
        feature = _feature_in(canon(article.text))
    if feature is None or (framework and feature not in tables.FRAMEWORK_FEATURES):
        return "declarative", "regulation_text"
    return "implemented", feature


def draft_articles(tree: Tree) -> list[Entry]:
    out: list[Entry] = []
    for article in tree.articles:
        classification, feature = classify_article(article)
        out.append(
            {
                "eid": article.eid,
                "classification": classification,
                "feature": feature,
                "note": summarise(_first_sentence(article), 30),
                "draft": True,
            }
        )
    return out
