"""``load_pack(dir)``: read ``pack.yaml``, parse the regulation beside it, build and validate the ``Pack``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from . import build, build_accidents, build_assessment, build_org, build_rules
from .errors import PackError, PackIssue
from .model import Effective, Pack
from .model_accidents import Source
from .reader import Reader
from .regulation import RegulationIndex
from .validate import validate

SCHEMA_VERSION = 1
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the same safe loader, in C when built
_TOP_LEVEL = (
    "schema_version", "id", "title", "issuer", "document_number", "jurisdiction", "time_zone", "regulation",
    "adopted", "issued", "published", "effective_from", "effective_to", "features", "bodies", "roles",
    "traits", "department_kinds", "sectors", "obligations", "money", "accountability", "local_choices",
    "articles", "sources", "accidents", "assessment", "duties", "organisation", "calendar",
)  # fmt: skip


def load_pack(path: str | Path, *, document: Mapping[str, object] | None = None) -> Pack:
    """The pack in directory ``path``; raises ``PackError`` listing every problem.

    ``document`` is a parsed regulation as a plain dict (``Document.to_dict()``); when omitted the pack's
    ``regulation.txt`` is parsed with ``zeren.law.parse``.
    """
    pack, issues = read_pack(path, document=document)
    if issues or pack is None:
        raise PackError(issues)
    return pack


def check_pack(path: str | Path, *, document: Mapping[str, object] | None = None) -> list[PackIssue]:
    """Every problem of the pack in ``path`` (empty: the pack is valid), without raising."""
    return read_pack(path, document=document)[1]


def read_pack(
    path: str | Path, *, document: Mapping[str, object] | None = None
) -> tuple[Pack | None, list[PackIssue]]:
    """The pack (or None when it cannot be read at all) and every problem found, without raising."""
    directory = Path(path)
    try:
        raw = yaml.load((directory / "pack.yaml").read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506
    except (OSError, UnicodeDecodeError) as error:
        return None, [PackIssue("pack.yaml", None, f"cannot read: {error}")]
    except yaml.YAMLError as error:
        return None, [PackIssue("pack.yaml", None, f"not valid YAML: {error}")]
    if not isinstance(raw, Mapping):
        return None, [PackIssue("pack.yaml", None, "expected a mapping at the top level")]
    regulation_file = raw.get("regulation", "regulation.txt")
    if document is None:
        document, issue = _parse_regulation(directory / str(regulation_file))
        if issue is not None:
            return None, [issue]
    pack, issues = build_pack(raw, document=document, directory=directory)
    return pack, issues + validate(pack)


def build_pack(
    raw: Mapping[str, Any], *, document: Mapping[str, object], directory: Path
) -> tuple[Pack, list[PackIssue]]:
    """The structural pass: raw YAML -> ``Pack``, with every shape problem recorded (not yet validated)."""
    r = Reader()
    r.entry(raw, "", _TOP_LEVEL)
    if raw.get("schema_version") != SCHEMA_VERSION:
        r.error("schema_version", f"expected {SCHEMA_VERSION}, got {raw.get('schema_version')!r}")
    start = r.date(raw, "effective_from", "")
    if start is None:
        if raw.get("effective_from") is None:
            r.error("effective_from", "missing pack effective_from")
        start = dt.date.min
    end = r.date(raw, "effective_to", "")
    if end is not None and end <= start:
        r.error("effective_to", f"effective_to {end} must be after effective_from {start}")
    default = Effective(effective_from=start, effective_to=end)
    metadata = build.metadata(r, raw)
    _check_time_zone(r, metadata.time_zone)
    sources = tuple(
        _with_index(r, source, where, directory) for source, where in build_accidents.sources(r, raw, default)
    )
    pack = Pack(
        id=r.ident(raw, "id", ""),
        title=r.text(raw, "title", ""),
        directory=directory,
        regulation_file=str(raw.get("regulation", "regulation.txt")),
        metadata=metadata,
        effective=default,
        features=build.features(r, raw),
        bodies=build.bodies(r, raw),
        roles=build.roles(r, raw, default),
        traits=build.traits(r, raw, default),
        department_kinds=build.department_kinds(r, raw, default),
        sectors=build.sectors(r, raw, default),
        obligations=build_rules.obligations(r, raw, default),
        money=build_rules.money(r, raw),
        accountability=build_rules.accountability(r, raw),
        local_choices=build_rules.local_choices(r, raw),
        articles=build.articles(r, raw),
        regulation=RegulationIndex.from_document(document),
        sources=sources,
        accidents=build_accidents.accidents(r, raw),
        assessment=build_assessment.assessment(r, raw),
        duty_rules=build_org.duty_rules(r, raw),
        organisation=build_org.organisation(r, raw),
        calendar=build_org.calendar(r, raw),
    )
    return pack, r.issues


def _check_time_zone(r: Reader, name: str | None) -> None:
    """``time_zone`` (optional): the IANA zone the locality lives in, for display and for deadlines."""
    if name is None:
        return
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        r.error("time_zone", f"unknown time zone {name!r} (an IANA name such as Asia/Shanghai)")


def _with_index(r: Reader, source: Source, where: str, directory: Path) -> Source:
    """``source`` with its text parsed by ``zeren.law.parse``; a problem is reported at ``<where>.file``."""
    if not source.file or source.file.startswith("/") or ".." in source.file.split("/"):
        return source  # reported by the structural pass
    document, issue = _parse_regulation(directory / source.file)
    if issue is not None:
        r.error(f"{where}.file", issue.message.replace("the regulation text", "the source text"))
        return source
    return dataclasses.replace(source, index=RegulationIndex.from_document(document))


def _parse_regulation(path: Path) -> tuple[dict[str, object], PackIssue | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return {}, PackIssue("regulation", None, f"cannot read the regulation text {path.name}: {error}")
    try:
        from zeren.law import parse
    except ImportError as error:  # the parser is a sibling pure package
        return {}, PackIssue("regulation", None, f"no regulation parser available: {error}")
    try:
        result = parse(text).to_dict()
    except ValueError as error:
        return {}, PackIssue("regulation", None, f"the regulation text does not parse: {error}")
    return result, None
