"""Ways to look at a Document: a plain-text table for terminals."""

from __future__ import annotations

import textwrap

from .records import Document


def _rows(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(out)


def table(doc: Document, width: int = 70) -> str:
    """The people and the quotes of a document as readable plain-text tables."""
    parts = [f"== {doc.id or 'document'} ({doc.text_length} chars)"]
    if doc.error:
        parts.append(f"error: {doc.error}")
        return "\n".join(parts)
    people = [c for c in doc.clusters if c.type == "PER"]
    parts.append("\nPeople")
    parts.append(_rows(
        ["name", "first", "middle", "last", "mentions", "roles"],
        [[c.name, c.first or "", c.middle or "", c.last or "", str(len(c.mentions)),
          ", ".join(c.roles)] for c in people],
    ))
    parts.append("\nQuotes")
    rows = []
    for q in doc.quotes:
        speaker = q.speaker.name if q.speaker and q.speaker.name else "—"
        mention = q.speaker.mention if q.speaker and q.speaker.mention else ""
        text = textwrap.shorten(q.text, width=width, placeholder="…")
        rows.append([speaker, mention, q.kind, q.cue, text])
    parts.append(_rows(["speaker", "mention", "kind", "cue", "quote"], rows))
    return "\n".join(parts) + "\n"
