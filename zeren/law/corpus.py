"""Run the importer over a folder of ``*.txt`` laws and compare with a plain line-start 第N条 scan.

The scan is the oracle: when a file numbers its articles 第一条 … 第N条 at line starts, consecutively, the
importer must find exactly those N articles in that order ("exact"). Files that do not number their
articles that way (amendments, several documents, no articles at all) must come with at least one warning
("warned"). Anything else is a mismatch; an exception is a failure.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from zeren.progress import Progress

from .normalize import normalise
from .numerals import NUMBER_CHARS, parse_numeral
from .parser import parse

_SCAN_RE = re.compile(rf"^第([{NUMBER_CHARS}]+)条[ \t\u3000\xa0]", re.MULTILINE)


def scan_article_numbers(text: str) -> list[int]:
    """Numbers of the lines that start with 第N条 followed by a space (on the normalised text)."""
    numbers = [parse_numeral(m.group(1)) for m in _SCAN_RE.finditer(normalise(text).text)]
    return [n for n in numbers if n is not None]


@dataclass
class CorpusReport:
    files: int = 0
    exact: int = 0
    warned: int = 0
    failed: int = 0
    seconds: float = 0.0
    mismatches: list[dict[str, object]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "exact": self.exact,
            "warned": self.warned,
            "failed": self.failed,
            "seconds": round(self.seconds, 2),
            "mismatches": self.mismatches,
        }


def check_text(name: str, text: str, report: CorpusReport) -> None:
    report.files += 1
    expected = scan_article_numbers(text)
    consecutive = bool(expected) and expected == list(range(1, len(expected) + 1))
    try:
        document = parse(text)
    except Exception as error:  # the point is to count any failure
        report.failed += 1
        report.mismatches.append({"file": name, "reason": f"exception: {error!r}"})
        return
    found = [node.number for node in document.articles()]
    if consecutive:
        if found == [str(n) for n in expected]:
            report.exact += 1
            return
        first = next((i for i, (a, b) in enumerate(zip(found, expected, strict=False)) if a != str(b)), None)
        report.mismatches.append(
            {
                "file": name,
                "reason": "articles differ",
                "expected": len(expected),
                "found": len(found),
                "first_difference": first,
            }
        )
    elif document.warnings:
        report.warned += 1
    else:
        report.mismatches.append(
            {
                "file": name,
                "reason": "irregular numbering but no warning",
                "expected": len(expected),
                "found": len(found),
            }
        )


def run_corpus(folder: Path, *, quiet: bool = False) -> CorpusReport:
    """Check every ``*.txt`` of ``folder``; a terminal sees the files counted (not when ``quiet``)."""
    report = CorpusReport()
    started = time.perf_counter()
    paths = sorted(folder.glob("*.txt"))
    with Progress("检验法规语料", len(paths), quiet=quiet) as progress:
        for path in paths:
            check_text(path.name, path.read_text(encoding="utf-8", errors="replace"), report)
            progress.advance()
    report.seconds = time.perf_counter() - started
    return report
