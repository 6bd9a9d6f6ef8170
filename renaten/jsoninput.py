"""JSON from outside (API bodies, files given to commands), parsed within bounds.

The standard parser recurses once per nesting level (RecursionError past ~1,000) and refuses
integers past Python's digit limit with a bare ValueError; both used to surface as HTTP 500s.
Here both are bounded before or while parsing, and every refusal is one JSONInputError with a
French message.
"""

from __future__ import annotations

import json
import re

MAX_DEPTH = 32
MAX_NUMBER_CHARS = 40  # far past any clinical value, far below the 4,300-digit limit

# Strings first, so that brackets inside them are skipped.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class JSONInputError(ValueError):
    """The input is not JSON this app accepts; the message is French and names the problem."""


def nesting_depth(text: str) -> int:
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _number(kind):
    def parse(text: str):
        if len(text) > MAX_NUMBER_CHARS:
            raise JSONInputError(
                f"Nombre trop long ({len(text)} caractères ; au plus {MAX_NUMBER_CHARS})."
            )
        return kind(text)

    return parse


def loads(data: bytes | str, *, max_depth: int = MAX_DEPTH):
    """Parse `data`; JSONInputError for anything refused (bad bytes, syntax, depth, size)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise JSONInputError("Le JSON n'est pas encodé en UTF-8.") from None
    if nesting_depth(data) > max_depth:
        raise JSONInputError(f"JSON trop imbriqué (au plus {max_depth} niveaux).")
    try:
        return json.loads(data, parse_int=_number(int), parse_float=_number(float))
    except json.JSONDecodeError as error:
        raise JSONInputError(
            f"JSON invalide (ligne {error.lineno}, colonne {error.colno})."
        ) from None
    except RecursionError:  # unreachable after the depth check; kept as a last guard
        raise JSONInputError(f"JSON trop imbriqué (au plus {max_depth} niveaux).") from None


def load_file(path: str, stdin=None):
    """Read a file ("-": stdin) and parse it; OSError is left to the caller."""
    if path == "-":
        import sys

        return loads((stdin or sys.stdin).read())
    with open(path, "rb") as handle:
        return loads(handle.read())
