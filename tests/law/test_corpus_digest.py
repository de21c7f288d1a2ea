from __future__ import annotations

from pathlib import Path

import pytest

from tests.law.corpus_digest import RECORD, corpus_digests, differences, read_record


@pytest.mark.corpus
def test_every_corpus_law_parses_to_the_recorded_output(corpus: Path) -> None:
    # given the digest of each law's whole output (tree, texts, references, warnings, metadata), recorded
    # before the importer's hot paths were reworked (regenerate with `python -m tests.law.corpus_digest write`
    # only for an intended change of output)
    expected = read_record(RECORD)
    # when every law is parsed again
    actual = corpus_digests(corpus)
    # then every output is byte for byte the recorded one
    assert differences(expected, actual) == []
