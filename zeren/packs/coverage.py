"""Article coverage: each article's classification, the feature implementing it and the tests citing it.

A test cites an article when its source contains the article's clause id as a whole token
(``art_61`` matches ``art_61`` and ``art_61__para_1__point_3`` but not ``art_610``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .model import Pack
from .regulation import article_of

_ID = re.compile(r"(?<![A-Za-z0-9_])(art_\d+)(?![0-9])")
_DEF = re.compile(r"^(\s*)(?:async\s+)?def\s+(test\w*)\s*\(")
_CLASS = re.compile(r"^class\s+(Test\w*)")


def default_tests_dir() -> Path | None:
    candidate = Path(__file__).resolve().parents[2] / "tests"
    return candidate if candidate.is_dir() else None


def cited_articles(tests_dir: Path) -> dict[str, list[str]]:
    """``art_N`` -> sorted test ids (``tests/x/test_y.py::test_z``, or the file when cited outside a test)."""
    found: dict[str, set[str]] = {}
    root = tests_dir.parent
    for path in sorted(tests_dir.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        for eid, test in _scan(path.read_text(encoding="utf-8", errors="replace").splitlines()):
            found.setdefault(eid, set()).add(f"{rel}::{test}" if test else rel)
    return {eid: sorted(tests) for eid, tests in found.items()}


def _scan(lines: Iterable[str]) -> Iterable[tuple[str, str | None]]:
    current: str | None = None
    indent = -1
    cls: str | None = None
    for line in lines:
        stripped = line.strip()
        depth = len(line) - len(line.lstrip())
        if stripped and not stripped.startswith(("#", "@", ")")) and depth <= indent:
            current, indent = None, -1
        if stripped and depth == 0 and not stripped.startswith(("#", "@", ")")):
            match_cls = _CLASS.match(line)
            cls = match_cls.group(1) if match_cls else None
        match = _DEF.match(line)
        if match:
            name = match.group(2)
            current = f"{cls}::{name}" if cls and match.group(1) else name
            indent = len(match.group(1))
        for eid in _ID.findall(line):
            yield eid, current


def coverage(pack: Pack, tests_dir: Path | None = None) -> dict[str, Any]:
    """``{"pack", "articles": [{"eid","classification","feature","note","tests"}], "summary": {...}}``.

    Articles come from the regulation; one the pack does not classify has classification ``None``.
    """
    tests_dir = tests_dir if tests_dir is not None else default_tests_dir()
    cited = cited_articles(tests_dir) if tests_dir is not None and tests_dir.is_dir() else {}
    classes = {a.eid: a for a in pack.articles}
    rows = []
    for eid in pack.regulation.articles or tuple(classes):
        art = classes.get(eid)
        rows.append({
            "eid": eid,
            "classification": art.classification if art else None,
            "feature": art.feature if art else None,
            "note": art.note if art else None,
            "tests": cited.get(eid, []),
        })  # fmt: skip
    assigned = {d.clause for r in pack.roles for d in r.duties}
    assigned |= {d.clause for t in pack.traits for d in t.duties}
    assigned |= {d.clause for k in pack.department_kinds for d in k.duties}
    points = pack.regulation.points(4, 52)
    summary = {
        "articles": len(rows),
        "classified": sum(1 for r in rows if r["classification"]),
        "implemented": sum(1 for r in rows if r["classification"] == "implemented"),
        "declarative": sum(1 for r in rows if r["classification"] == "declarative"),
        "with_tests": sum(1 for r in rows if r["tests"]),
        "points_4_52": len(points),
        "points_assigned": sum(1 for p in points if p in assigned),
    }
    return {"pack": pack.id, "articles": rows, "summary": summary}


def unclassified(report: dict[str, Any]) -> list[str]:
    return [row["eid"] for row in report["articles"] if not row["classification"]]


def render_markdown(report: dict[str, Any], *, title: str | None = None) -> str:
    """docs/coverage.md: article -> classification -> feature -> tests."""
    s = report["summary"]
    lines = [
        f"# {title or 'Coverage: ' + str(report['pack'])}",
        "",
        f"Articles classified: {s['classified']} of {s['articles']} "
        f"({s['implemented']} implemented, {s['declarative']} declarative); "
        f"cited by tests: {s['with_tests']}. Points of arts. 4–52 assigned: "
        f"{s['points_assigned']} of {s['points_4_52']}.",
        "",
        "| Article | Classification | Feature | Note | Tests |",
        "|---|---|---|---|---|",
    ]
    for row in report["articles"]:
        tests = "<br>".join(f"`{t}`" for t in row["tests"]) or "—"
        note = (row["note"] or "").replace("|", "\\|")
        lines.append(
            f"| `{row['eid']}` | {row['classification'] or '**unclassified**'} | {row['feature'] or '—'} "
            f"| {note} | {tests} |"
        )
    return "\n".join(lines) + "\n"


__all__ = ["article_of", "cited_articles", "coverage", "render_markdown", "unclassified"]
