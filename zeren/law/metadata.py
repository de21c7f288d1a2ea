"""Metadata from the preamble: title, 文号, issuer, dates, 索引号, and the portal's source office.

Portal pages carry labelled fields ("索引号: … 公开信息来源 … 公开日期 …"). A field that should hold a
Chinese organ name but holds latin brand tokens, URLs or gambling/spam words is not trusted: it is left out
of the metadata and reported as an ``injected_metadata`` warning that records the untrusted value.
"""

from __future__ import annotations

import datetime as dt
import re

from .document import Metadata, Warning, make_warning

_FIELD_LABELS = (
    "索引号",
    "公开信息来源",
    "信息来源",
    "发布机构",
    "发文机关",
    "公开日期",
    "发布日期",
    "成文日期",
    "文号",
    "发文字号",
    "信息有效性",
    "公开形式",
    "内容概述",
    "主题分类",
    "公开方式",
    "有效性",
)
_LABEL_RE = re.compile("|".join(sorted(_FIELD_LABELS, key=len, reverse=True)))
_ORGAN_FIELDS = {"公开信息来源": "source_office", "信息来源": "source_office", "发布机构": "issuer",
                 "发文机关": "issuer"}  # fmt: skip
_DOCNO_RE = re.compile(
    r"([\u4e00-\u9fff]{1,12})\s*([〔\[［(（【])\s*([0-9０-９]{4})\s*([〕\]］)）】])\s*([0-9０-９]{1,4})\s*号"
)
# What follows the organ in a 文号: a text without it has none (a cheap search before the full one, whose
# leading "1 to 12 CJK characters" is tried at every position).
_DOCNO_TAIL_RE = re.compile(r"[〔\[［(（【]\s*[0-9０-９]{4}\s*[〕\]］)）】]\s*[0-9０-９]{1,4}\s*号")
_ISO_DATE_RE = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?")
_CN_DATE_LINE_RE = re.compile(r"\s*([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日\s*\Z")
_ORGAN_END_RE = re.compile(
    r"(?:委员会|政府|办公室|办公厅|公署|局|厅|部|委|院|会|署|处|中心|党委|常委会|小组)\s*\Z"
)
_TITLE_END_RE = re.compile(
    r"(?:办法|规定|条例|法|细则|决定|规则|意见|通知|章程|准则|制度|标准|解释|批复|规范|方案|纲要|公告|决议)"
    r"(?:[（(][^）)]{1,30}[）)])?\Z"
)
_URL_RE = re.compile(r"https?://|www\.|\.(?:com|net|cc|vip|top|xyz|org)\b", re.IGNORECASE)
_LATIN_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]+")
_SPAM_RE = re.compile(
    r"开户|注册送|娱乐城|娱乐平台|博彩|赌场|赌博|百家乐|老虎机|投注|真人|棋牌|返水|彩金|体育平台|"
    r"casino|bet|poker|slot|lottery|gambl",
    re.IGNORECASE,
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_SPACES = " \t\r\u3000\xa0\u2002\u2003\u200b\ufeff"


def untrusted_reason(value: str) -> str | None:
    """Why a value that should be a Chinese organ name or title cannot be trusted, or ``None``."""
    if _URL_RE.search(value):
        return "contains a URL"
    if _SPAM_RE.search(value):
        return "contains gambling/spam words"
    if _LATIN_TOKEN_RE.search(value):
        return "contains latin brand-like tokens"
    return None


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _fields(preamble: str) -> list[tuple[str, str, int]]:
    """``(label, value, line_index)`` for every labelled portal field (one search over the preamble)."""
    out: list[tuple[str, str, int]] = []
    labels = list(_LABEL_RE.finditer(preamble))
    line_index, counted = 0, 0
    for index, current in enumerate(labels):
        line_index += preamble.count("\n", counted, current.start())
        counted = current.start()
        line_end = preamble.find("\n", current.end())
        line_end = len(preamble) if line_end < 0 else line_end
        following = labels[index + 1].start() if index + 1 < len(labels) else line_end
        value = preamble[current.end() : min(following, line_end)].strip(_SPACES + ":：")
        out.append((current.group(0), value, line_index))
    return out


def _document_number(text: str) -> str | None:
    if _DOCNO_TAIL_RE.search(text) is None:
        return None
    match = _DOCNO_RE.search(text)
    if match is None:
        return None
    organ, open_, year, close, number = match.groups()
    return f"{organ}{open_}{year.translate(_FULLWIDTH)}{close}{int(number.translate(_FULLWIDTH))}号"


def _title(lines: list[str]) -> str | None:
    for line in reversed(lines):
        candidate = line.strip(_SPACES)
        if (
            2 <= len(candidate) <= 80
            and _TITLE_END_RE.search(candidate)
            and not re.search(r"[。；;：:，,]", candidate)
            and not candidate.startswith(("关于印发", "附件"))
            and not re.match(r"第[^第]{1,8}[编章节条]", candidate)
            and untrusted_reason(candidate) is None
        ):
            return candidate
    for line in lines:
        candidate = line.strip(_SPACES)
        if candidate:
            ok = len(candidate) <= 80 and not re.search("[。；;]", candidate)
            return candidate if ok and untrusted_reason(candidate) is None else None
    return None


def _signature(lines: list[str], warnings: list[Warning]) -> tuple[str | None, str | None]:
    """Issuer and issue date from a signature block: an organ line followed by a date line."""
    for index, line in enumerate(lines):
        date = _CN_DATE_LINE_RE.match(line)
        if date is None:
            continue
        iso = _iso(*date.groups())
        back = index - 1
        while back >= 0 and not lines[back].strip(_SPACES):
            back -= 1
        organ = lines[back].strip(_SPACES) if back >= 0 else ""
        if iso is None or not organ or len(organ) > 40 or not _ORGAN_END_RE.search(organ):
            continue
        reason = untrusted_reason(organ)
        if reason is not None:
            warnings.append(
                make_warning("injected_metadata", f"issuer {reason}", field="issuer", value=organ)
            )
            return None, iso
        return organ, iso
    return None, None


def extract_metadata(preamble: str, text: str) -> tuple[Metadata, list[Warning]]:
    """Read metadata from the preamble (labelled fields first, then the layout)."""
    warnings: list[Warning] = []
    meta = Metadata()
    lines = preamble.split("\n")
    for label, value, line_index in _fields(preamble):
        if not value:
            continue
        if label == "索引号" and meta.index_number is None:
            meta.index_number = value.split()[0]
        elif label in ("公开日期", "发布日期") and meta.publication_date is None:
            match = _ISO_DATE_RE.match(value)
            meta.publication_date = _iso(*match.groups()) if match else None
        elif label == "成文日期" and meta.issue_date is None:
            match = _ISO_DATE_RE.match(value)
            meta.issue_date = _iso(*match.groups()) if match else None
        elif label in ("文号", "发文字号") and meta.document_number is None:
            meta.document_number = _document_number(value)
        elif label in _ORGAN_FIELDS:
            reason = untrusted_reason(value)
            attribute = _ORGAN_FIELDS[label]
            if reason is not None:
                offset = sum(len(line) + 1 for line in lines[:line_index])
                position = offset + lines[line_index].find(value)
                warnings.append(
                    make_warning(
                        "injected_metadata",
                        f"field {label} {reason}; ignored (untrusted value: {value!r})",
                        position=position,
                        field=attribute,
                        label=label,
                        value=value,
                    )
                )
            elif getattr(meta, attribute) is None:
                setattr(meta, attribute, value)
    if meta.document_number is None:
        head = "\n".join(lines[:15])
        meta.document_number = _document_number(head)
    issuer, issue_date = _signature(lines, warnings)
    meta.issuer = meta.issuer or issuer
    meta.issue_date = meta.issue_date or issue_date
    meta.title = _title(lines) if preamble.strip(_SPACES + "\n") else None
    return meta, warnings
