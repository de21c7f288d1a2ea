"""``parse``: normalise, find the structure, read metadata, resolve references."""

from __future__ import annotations

from .document import Document, LawParseError, make_warning
from .metadata import extract_metadata
from .normalize import normalise
from .references import resolve_references
from .structure import parse_structure


def parse(text: str) -> Document:
    """Turn a regulation's text into a :class:`Document`.

    Raises :class:`LawParseError` only when ``text`` is not a ``str``. Any string parses; a text with no
    structural heading yields a document without nodes and a ``no_structure`` warning.
    """
    if not isinstance(text, str):
        raise LawParseError(f"parse() needs str, got {type(text).__name__}; decode bytes first")
    normalised = normalise(text)
    body = normalised.text
    structure = parse_structure(body)
    preamble = body[: structure.preamble_end]
    trailer = body[structure.trailer_start :]
    metadata, meta_warnings = extract_metadata(preamble, body)
    warnings = list(meta_warnings)
    if normalised.substitutions:
        shown = "".join(sorted({f"{s.original}→{s.replacement} " for s in normalised.substitutions}))
        warnings.append(
            make_warning(
                "variant_normalised",
                f"{len(normalised.substitutions)} variant characters replaced: {shown.strip()}",
                position=normalised.substitutions[0].position,
                count=len(normalised.substitutions),
            )
        )
    warnings.extend(structure.warnings)
    warnings.extend(resolve_references(body, structure.nodes, structure))
    return Document(
        original_text=text,
        text=body,
        preamble=preamble,
        trailer=trailer,
        nodes=structure.nodes,
        metadata=metadata,
        warnings=warnings,
        substitutions=[s.to_dict() for s in normalised.substitutions],
    )
