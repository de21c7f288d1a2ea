"""Regulation importer: Chinese regulation text -> document tree with stable clause ids.

Pure Python; imports nothing from Django. See docs/law-format.md for the output format.
"""

from .document import Document, LawParseError, Metadata, Node, Reference, cite
from .numerals import parse_numeral, to_chinese
from .parser import parse

__all__ = [
    "Document",
    "LawParseError",
    "Metadata",
    "Node",
    "Reference",
    "cite",
    "parse",
    "parse_numeral",
    "to_chinese",
]
