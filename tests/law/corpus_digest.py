"""A digest of the importer's whole output for every corpus law: proof that a rework changes nothing.

``python -m tests.law.corpus_digest write FILE`` records one SHA-256 (of ``Document.to_dict()`` as canonical
JSON: tree, texts, references, warnings, metadata, substitutions) per law; ``compare FILE`` recomputes them
and lists the laws whose output differs. ``tests/law/corpus_digest.txt`` is the committed record that
``test_corpus_digest.py`` checks.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from zeren.law import parse

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = (REPO / ".." / "shared" / "corpus" / "laws").resolve()
RECORD = Path(__file__).resolve().parent / "corpus_digest.txt"


def law_digest(text: str) -> str:
    document = parse(text)
    canonical = json.dumps(document.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def corpus_digests(folder: Path) -> dict[str, str]:
    return {
        path.name: law_digest(path.read_text(encoding="utf-8", errors="replace"))
        for path in sorted(folder.glob("*.txt"))
    }


def read_record(record: Path) -> dict[str, str]:
    lines = record.read_text(encoding="utf-8").splitlines()
    return dict(line.split() for line in lines if line.strip())


def write_record(digests: dict[str, str], record: Path) -> None:
    record.write_text("".join(f"{name} {digest}\n" for name, digest in digests.items()), encoding="utf-8")


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    return sorted(name for name in expected.keys() | actual.keys() if expected.get(name) != actual.get(name))


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in ("write", "compare"):
        print("usage: python -m tests.law.corpus_digest write|compare [RECORD] [CORPUS_DIR]", file=sys.stderr)
        return 2
    record = Path(argv[1]) if len(argv) > 1 else RECORD
    folder = Path(argv[2]) if len(argv) > 2 else DEFAULT_CORPUS
    digests = corpus_digests(folder)
    if argv[0] == "write":
        write_record(digests, record)
        print(f"wrote {len(digests)} digests to {record}")
        return 0
    changed = differences(read_record(record), digests)
    print(f"{len(digests)} laws, {len(changed)} differ from {record}")
    for name in changed:
        print(f"  {name}")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
