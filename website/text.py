"""Text from outside (forms, query strings, headers): what may be in it, and how it is made safe.

Control characters have no place in a name, a search query or a campaign name: a NUL
cannot be stored by PostgreSQL (a 500), a line break in an e-mail header raises
``BadHeaderError`` and in a plain-text e-mail forges lines, and invisible format
characters (bidirectional overrides, zero-width spaces) disguise what text says.
"""

import unicodedata

# Control, format, line/paragraph separator, surrogate, private-use and unassigned characters.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def is_unsafe_character(character: str) -> bool:
    return unicodedata.category(character) in _UNSAFE_CATEGORIES


def has_unsafe_characters(value: str) -> bool:
    """Whether ``value`` holds a control or invisible character (a tab and a line break included)."""
    return any(is_unsafe_character(character) for character in value)


def safe_text(value: str) -> str:
    """``value`` without control or invisible characters; whitespace among them (tab, line break) becomes a space."""
    if not has_unsafe_characters(value):
        return value
    return "".join(
        " " if character.isspace() else character
        for character in value
        if not is_unsafe_character(character) or character.isspace()
    )


def single_line(value: str, *, max_length: int | None = None) -> str:
    """``value`` as one line of plain text (e-mail subjects, log-safe labels): no control characters,
    runs of whitespace as one space, cut to ``max_length`` with an ellipsis."""
    text = " ".join(safe_text(value or "").split())
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def query_text(request, name: str, *, max_length: int = 200) -> str:
    """A query-string parameter as safe text: what public pages read from ``request.GET``."""
    return safe_text(request.GET.get(name, ""))[:max_length].strip()
