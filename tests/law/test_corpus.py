from __future__ import annotations

from pathlib import Path

import pytest

from zeren.law.corpus import run_corpus


@pytest.mark.corpus
def test_every_corpus_file_imports_and_consecutive_articles_are_found_exactly(corpus: Path) -> None:
    # given the corpus of real laws; when the importer runs over every file
    report = run_corpus(corpus)
    # then nothing raises, every consecutively numbered file is exact and the rest carry warnings
    assert report.files == len(list(corpus.glob("*.txt")))
    assert report.failed == 0
    assert report.mismatches == []
    assert report.exact + report.warned == report.files
    print(f"\ncorpus: {report.to_dict()}")
