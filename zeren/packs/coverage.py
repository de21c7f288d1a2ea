"""Article coverage: each article's classification, the feature implementing it and the tests asserting it.

A test is credited to a clause only when it says so explicitly with the ``clause`` marker, naming the pack:

    @pytest.mark.clause("art_55__para_1", "art_56__para_1", pack="kashgar_2021")

(on a test function or class, in a module's ``pytestmark``, or on one ``pytest.param`` of a table test).
A mention of an id in a test's source credits nothing. An id of a second cited source keeps its prefix
(``"493:art_13"``) and is reported under that source, never as the pack's own article of the same number;
a marker for another pack credits nothing here. The scan reads the tests' syntax tree (``ast``), without
importing or running them.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TypedDict

from .model import Pack
from .regulation import article_of

MARKER = "clause"


class ArticleRow(TypedDict):
    """One article: how the pack classifies it (None: not classified) and the tests that assert it."""

    eid: str
    classification: str | None
    feature: str | None
    note: str | None
    tests: list[str]


class Summary(TypedDict):
    """The counts at the head of the report (``zeren pack coverage --json``)."""

    articles: int
    classified: int
    implemented: int
    declarative: int
    with_tests: int
    points_4_52: int
    points_assigned: int
    duty_articles: list[int]
    source_articles_with_tests: int


class Report(TypedDict):
    """The coverage report: the pack, its articles in document order, the summary, second sources."""

    pack: str
    articles: list[ArticleRow]
    summary: Summary
    sources: dict[str, dict[str, list[str]]]  # source id -> article eid -> tests


def default_tests_dir() -> Path | None:
    """The repository's tests directory when running from a checkout, else None (no tests to credit)."""
    candidate = Path(__file__).resolve().parents[2] / "tests"
    return candidate if candidate.is_dir() else None


def _marker_ids(node: ast.expr) -> tuple[str | None, list[str]] | None:
    """``pytest.mark.clause("a", "b", pack="p")`` -> ("p", ["a", "b"]); anything else -> None."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == MARKER):
        return None
    owner = node.func.value
    if not (isinstance(owner, ast.Attribute) and owner.attr == "mark"):
        return None
    ids = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    pack = next(
        (k.value.value for k in node.keywords if k.arg == "pack" and isinstance(k.value, ast.Constant)), None
    )
    return (pack if isinstance(pack, str) else None), ids


Marker = tuple[str | None, list[str]]


def _markers_in(node: ast.AST, named: dict[str, list[Marker]] | None = None) -> list[Marker]:
    """Markers written in ``node``, and those of module-level names it uses (``TIES = pytest.mark.clause(…)``
    then ``marks=TIES``)."""
    found = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and named and sub.id in named:
            found += named[sub.id]
        elif isinstance(sub, ast.expr):
            marker = _marker_ids(sub)
            if marker is not None:
                found.append(marker)
    return found


def _tests(tree: ast.Module) -> list[tuple[str, list[ast.expr], ast.AST]]:
    """(test id, decorators incl. the class's, the node whose params may carry marks)."""
    result: list[tuple[str, list[ast.expr], ast.AST]] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            result.append((node.name, list(node.decorator_list), node))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for sub in node.body:
                if isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef) and sub.name.startswith("test"):
                    decorators = [*node.decorator_list, *sub.decorator_list]
                    result.append((f"{node.name}::{sub.name}", decorators, sub))
    return result


def clause_markers(tests_dir: Path) -> dict[str, dict[str, set[str]]]:
    """pack id -> clause id (as marked, e.g. ``art_55__para_1`` or ``493:art_13``) -> test ids."""
    found: dict[str, dict[str, set[str]]] = {}
    root = tests_dir.parent
    for path in sorted(tests_dir.rglob("test*.py")):
        rel = path.relative_to(root).as_posix()
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except SyntaxError:
            continue
        named: dict[str, list[Marker]] = {}
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        named[target.id] = _markers_in(stmt.value, named)
        module_marks = named.pop("pytestmark", [])
        for name, decorators, _node in _tests(tree):
            marks = list(module_marks)
            for decorator in decorators:
                marks += _markers_in(decorator, named)  # also marks on the pytest.param rows of a table test
            for pack, ids in marks:
                if pack is None:
                    continue
                for eid in ids:
                    found.setdefault(pack, {}).setdefault(eid, set()).add(f"{rel}::{name}")
    return found


def cited_articles(tests_dir: Path, pack_id: str) -> dict[str, list[str]]:
    """The pack's own ``art_N`` -> sorted test ids whose ``clause`` marker names the pack and a clause of
    that article (second-source ids, ``493:art_13``, are left out: see ``cited_sources``)."""
    by_article: dict[str, set[str]] = {}
    for eid, tests in clause_markers(tests_dir).get(pack_id, {}).items():
        article = None if ":" in eid else article_of(eid)
        if article is not None:
            by_article.setdefault(article, set()).update(tests)
    return {eid: sorted(tests) for eid, tests in by_article.items()}


def cited_sources(tests_dir: Path, pack_id: str) -> dict[str, dict[str, list[str]]]:
    """source id -> its ``art_N`` -> sorted test ids (markers ``"493:art_13"`` naming the pack)."""
    result: dict[str, dict[str, set[str]]] = {}
    for eid, tests in clause_markers(tests_dir).get(pack_id, {}).items():
        prefix, sep, rest = eid.rpartition(":")
        article = article_of(rest) if sep else None
        if article is not None:
            result.setdefault(prefix, {}).setdefault(article, set()).update(tests)
    return {src: {a: sorted(t) for a, t in arts.items()} for src, arts in result.items()}


def coverage(pack: Pack, tests_dir: Path | None = None) -> Report:
    """``{"pack", "articles": [{"eid","classification","feature","note","tests"}], "summary": {...}}``.

    Articles come from the regulation; one the pack does not classify has classification ``None``.
    """
    tests_dir = tests_dir if tests_dir is not None else default_tests_dir()
    present = tests_dir is not None and tests_dir.is_dir()
    cited = cited_articles(tests_dir, pack.id) if tests_dir is not None and present else {}
    sources = cited_sources(tests_dir, pack.id) if tests_dir is not None and present else {}
    classes = {a.eid: a for a in pack.articles}
    rows: list[ArticleRow] = []
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
    points = pack.regulation.points(*pack.duty_rules.articles) if pack.duty_rules.articles else ()
    summary: Summary = {
        "articles": len(rows),
        "classified": sum(1 for r in rows if r["classification"]),
        "implemented": sum(1 for r in rows if r["classification"] == "implemented"),
        "declarative": sum(1 for r in rows if r["classification"] == "declarative"),
        "with_tests": sum(1 for r in rows if r["tests"]),
        "points_4_52": len(points),
        "points_assigned": sum(1 for p in points if p in assigned),
        "duty_articles": list(pack.duty_rules.articles or ()),
        "source_articles_with_tests": sum(len(arts) for arts in sources.values()),
    }
    return {"pack": pack.id, "articles": rows, "summary": summary, "sources": sources}


def unclassified(report: Report) -> list[str]:
    """The articles the pack leaves unclassified (``zeren pack coverage`` fails while there are any)."""
    return [row["eid"] for row in report["articles"] if not row["classification"]]


def render_markdown(report: Report, *, title: str | None = None) -> str:
    """docs/coverage.md: article -> classification -> feature -> tests."""
    s = report["summary"]
    span = s.get("duty_articles") or []
    points = (
        f" Points of arts. {span[0]}–{span[1]} assigned: {s['points_assigned']} of {s['points_4_52']}."
        if span
        else ""
    )
    lines = [
        f"# {title or 'Coverage: ' + str(report['pack'])}",
        "",
        f"Articles classified: {s['classified']} of {s['articles']} "
        f"({s['implemented']} implemented, {s['declarative']} declarative); "
        f"asserted by marked tests: {s['with_tests']}.{points}",
        "",
        'A test counts only when it carries `@pytest.mark.clause("<clause id>", pack="<pack id>")` '
        "and asserts that clause's behaviour; a mere mention of an id counts for nothing.",
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
    for source, articles in sorted((report.get("sources") or {}).items()):
        lines += ["", f"## Second source {source}", "", "| Article | Tests |", "|---|---|"]
        for eid, cited in sorted(articles.items(), key=lambda item: int(item[0].split("_")[1])):
            lines.append(f"| `{source}:{eid}` | " + "<br>".join(f"`{t}`" for t in cited) + " |")
    return "\n".join(lines) + "\n"


__all__ = ["article_of", "cited_articles", "cited_sources", "coverage", "render_markdown", "unclassified"]
