"""Command line: ``zeren law parse FILE [--json]`` and ``zeren law corpus DIR [--json]``.

``register(subparsers)`` adds both commands to an argparse sub-parser collection; each sets ``handler`` to a
handler taking the parsed arguments and returning an exit status.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .corpus import run_corpus
from .document import LawParseError
from .parser import parse


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parse_cmd = subparsers.add_parser("parse", help="parse a regulation text file")
    parse_cmd.add_argument("file", type=Path)
    parse_cmd.add_argument("--json", action="store_true", help="print the whole document as JSON")
    parse_cmd.set_defaults(handler=cmd_parse)
    corpus_cmd = subparsers.add_parser("corpus", help="run the importer over a folder of *.txt laws")
    corpus_cmd.add_argument("folder", type=Path)
    corpus_cmd.add_argument("--json", action="store_true", help="print the report as JSON")
    corpus_cmd.set_defaults(handler=cmd_corpus)


def cmd_parse(args: argparse.Namespace) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8")
        document = parse(text)
    except (OSError, UnicodeDecodeError, LawParseError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(document.to_dict(), ensure_ascii=False, indent=2))
        return 0
    meta = document.metadata
    counts = document.counts()
    print(f"title: {meta.title or '-'}")
    print(f"document number: {meta.document_number or '-'}; issuer: {meta.issuer or '-'}")
    print(f"issued: {meta.issue_date or '-'}; published: {meta.publication_date or '-'}")
    print(", ".join(f"{kind}s: {count}" for kind, count in counts.items()))
    print(f"warnings: {len(document.warnings)}")
    for warning in document.warnings:
        where = warning.get("eid") or warning.get("position")
        print(f"  [{warning['code']}] {where if where is not None else '-'}: {warning['message']}")
    return 0


def cmd_corpus(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"error: not a folder: {folder}", file=sys.stderr)
        return 1
    report = run_corpus(folder, quiet=args.json)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(
            f"files {report.files}, exact {report.exact}, warned {report.warned}, failed {report.failed}, "
            f"mismatches {len(report.mismatches)}, {report.seconds:.2f} s"
        )
        for mismatch in report.mismatches:
            print(f"  {mismatch}")
    return 0 if report.failed == 0 and not report.mismatches else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zeren law")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    status: int = args.handler(args)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
