"""Stage 6: reported speech — direct, indirect and mixed quotes attributed to speakers."""

from __future__ import annotations


def find_quotes(doc, clusters, extractor) -> list:
    """Quotes of one parsed document (see shared/spec/quotes.md)."""
    return []
