"""Ways to look at a Document: tables and ASCII markup for terminals, HTML for notebooks."""

from __future__ import annotations

import html as _html
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: records import this module for their views
    from .records import Document, Quote

# Entity colours: (background, accent). Pale backgrounds with dark text stay readable
# in light and dark notebook themes alike, because the text colour is set too.
ENTITY_COLORS = {
    "PER": ("#ffdede", "#c0392b"),
    "ORG": ("#dce8ff", "#2c5aa0"),
    "LOC": ("#dcf5dc", "#2e7d32"),
}
OTHER_ENTITY = ("#eeeeee", "#555555")
QUOTE_COLORS = {
    "direct": ("#fff3b8", "#b8860b"),
    "indirect": ("#efe3ff", "#7e57c2"),
    "mixed": ("#ffe6cc", "#d35400"),
}
OTHER_QUOTE = ("#f0f0f0", "#777777")
# Marks the HTML elements that are labels we add, not document text (tests strip them).
LABEL_ATTR = 'data-ex-label="1"'


def _rows(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
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


def speaker_label(quote: Quote) -> str:
    """Who said it, for display: the resolved name, else the mention, else `?`."""
    speaker = quote.speaker
    if speaker is None:
        return "?"
    return speaker.name or (f"({speaker.mention})" if speaker.mention else "?")


def context(doc: Document, quote: Quote, chars: int = 120) -> str:
    """A quote in its surroundings: `chars` of text either side, the quote in ⟦ ⟧."""
    left = max(0, quote.start - chars)
    right = min(len(doc.text), quote.stop + chars)
    before = doc.text[left:quote.start]
    after = doc.text[quote.stop:right]
    text = ("…" if left else "") + before + "⟦" + doc.text[quote.start:quote.stop] + "⟧" \
        + after + ("…" if right < len(doc.text) else "")
    return " ".join(text.split())


# ---- HTML -----------------------------------------------------------------------------------


@dataclass(eq=False)
class _Mark:
    """One highlighted span; `open(first)`/`close(last)` render its tags (split when crossed)."""

    start: int
    stop: int
    rank: int  # at equal offsets the lower rank is the outer element
    open: Callable[[bool], str]
    close: Callable[[bool], str]
    order: int = 0  # last tie-break: speakers of later quotes outside, so badges read →1 →2


def _esc(text: str) -> str:
    return _html.escape(text, quote=True)


def _badge(text: str, color: str, title: str = "") -> str:
    title_attr = f' title="{_esc(title)}"' if title else ""
    return (f'<span {LABEL_ATTR}{title_attr} style="font-size:0.68em;font-weight:600;'
            f'color:#fff;background:{color};border-radius:3px;padding:0 3px;margin:0 2px;'
            f'white-space:nowrap;vertical-align:1px;font-family:sans-serif">{_esc(text)}</span>')


def _entity_mark(start: int, stop: int, type_: str, normal: str | None) -> _Mark:
    bg, fg = ENTITY_COLORS.get(type_, OTHER_ENTITY)
    title = f"{type_}: {normal}" if normal else type_
    style = (f"background:{bg};color:#111;border-bottom:2px solid {fg};"
             "border-radius:3px;padding:0 1px")

    def open_(first: bool) -> str:
        return f'<span class="ex-ent ex-{_esc(type_)}" title="{_esc(title)}" style="{style}">'

    def close(last: bool) -> str:
        return (_badge(type_, fg) if last else "") + "</span>"

    return _Mark(start, stop, 2, open_, close)


def _quote_mark(number: int, quote: Quote) -> _Mark:
    bg, fg = QUOTE_COLORS.get(quote.kind, OTHER_QUOTE)
    who = speaker_label(quote)
    label = f"{number} {who} · {quote.kind}"
    title = (f"quote {number}: {quote.kind}; speaker {who}; cue {quote.cue or '—'}; "
             f"confidence {quote.confidence:.2f}" + (f"; rule {quote.rule}" if quote.rule else ""))
    style = (f"background:{bg};color:#111;box-shadow:inset 0 -2px 0 {fg};"
             "border-radius:2px;padding:1px 0")

    def open_(first: bool) -> str:
        tag = (f'<span class="ex-quote ex-{_esc(quote.kind)}" title="{_esc(title)}" '
               f'style="{style}">')
        return tag + (_badge("❝ " + label, fg, title) if first else "")

    def close(last: bool) -> str:
        return "</span>"

    return _Mark(quote.start, quote.stop, 0, open_, close)


def _speaker_mark(number: int, quote: Quote) -> _Mark | None:
    speaker = quote.speaker
    if speaker is None or speaker.start is None or speaker.stop is None:
        return None
    _, fg = QUOTE_COLORS.get(quote.kind, OTHER_QUOTE)
    title = f"speaker of quote {number}: {speaker_label(quote)}"

    def open_(first: bool) -> str:
        return (f'<span class="ex-speaker" title="{_esc(title)}" '
                f'style="outline:2px dashed {fg};outline-offset:1px;border-radius:3px">')

    def close(last: bool) -> str:
        return (_badge(f"→{number}", fg, title) if last else "") + "</span>"

    return _Mark(speaker.start, speaker.stop, 1, open_, close, -number)


def _marks(doc: Document) -> list[_Mark]:
    marks = [_entity_mark(e.start, e.stop, e.type, e.normal) for e in doc.entities]
    for number, quote in enumerate(doc.quotes, 1):
        marks.append(_quote_mark(number, quote))
        speaker = _speaker_mark(number, quote)
        if speaker is not None:
            marks.append(speaker)
    size = len(doc.text)
    return [m for m in marks if 0 <= m.start < m.stop <= size]


def render_spans(text: str, marks: list[_Mark]) -> str:
    """Escaped text with the marks as properly nested tags (crossing marks are split)."""
    starting: dict[int, list[_Mark]] = {}
    for mark in marks:
        starting.setdefault(mark.start, []).append(mark)
    bounds = sorted({0, len(text)} | {m.start for m in marks} | {m.stop for m in marks})
    out: list[str] = []
    stack: list[_Mark] = []
    pos = 0
    for bound in bounds:
        out.append(_esc(text[pos:bound]))
        pos = bound
        reopen: list[_Mark] = []
        ending = [i for i, m in enumerate(stack) if m.stop == bound]
        if ending:
            # Close everything above the lowest ending mark; the survivors reopen at once.
            popped = stack[ending[0]:]
            del stack[ending[0]:]
            for mark in reversed(popped):
                out.append(mark.close(mark.stop == bound))
            reopen = [m for m in popped if m.stop != bound]
        # Longer marks outermost so that fewer have to be split later.
        opening = sorted(reopen + starting.get(bound, []),
                         key=lambda m: (-m.stop, m.rank, m.order))
        for mark in opening:
            out.append(mark.open(mark not in reopen))
            stack.append(mark)
    return "".join(out)


def _legend(doc: Document) -> str:
    items = []
    for type_, (bg, fg) in ENTITY_COLORS.items():
        items.append(f'<span style="background:{bg};color:#111;border-bottom:2px solid {fg};'
                     f'border-radius:3px;padding:0 4px;margin-right:6px">{type_}</span>')
    kinds = list(QUOTE_COLORS) + sorted({q.kind for q in doc.quotes} - set(QUOTE_COLORS))
    for kind in kinds:
        bg, fg = QUOTE_COLORS.get(kind, OTHER_QUOTE)
        items.append(f'<span style="background:{bg};color:#111;box-shadow:inset 0 -2px 0 {fg};'
                     f'padding:0 4px;margin-right:6px">quote: {_esc(kind)}</span>')
    items.append('<span style="outline:2px dashed #888;border-radius:3px;padding:0 4px;'
                 'margin-right:6px">speaker →N</span>')
    return f'<div {LABEL_ATTR} style="margin-bottom:6px;font-size:0.85em">{"".join(items)}</div>'


def html(doc: Document) -> str:
    """Self-contained HTML (inline styles only): the text with entities, quotes and speakers."""
    speakers = len({speaker_label(q) for q in doc.quotes})
    summary = (f"{_esc(doc.id or 'document')} · {doc.text_length} chars · "
               f"{len(doc.entities)} entities · {len(doc.clusters)} clusters · "
               f"{len(doc.quotes)} quotes from {speakers} speakers")
    header = (f'<div {LABEL_ATTR} style="font-weight:600;margin-bottom:4px">{summary}</div>')
    if doc.error:
        body = (f'<div {LABEL_ATTR} style="color:#b00020">error: {_esc(doc.error)}</div>'
                f'<div style="white-space:pre-wrap">{_esc(doc.text)}</div>')
        return f'<div class="ex-doc" style="font-family:sans-serif">{header}{body}</div>'
    text = render_spans(doc.text, _marks(doc))
    return (
        '<div class="ex-doc" style="font-family:sans-serif;line-height:1.9">'
        f"{header}{_legend(doc)}"
        '<div class="ex-text" style="white-space:pre-wrap;border:1px solid #ddd;'
        f'border-radius:4px;padding:8px;max-height:40em;overflow:auto">{text}</div></div>'
    )


# ---- ASCII markup ---------------------------------------------------------------------------

_LINE = "─"


def _wrap(text: str, width: int) -> list[tuple[int, int]]:
    """(start, stop) of display lines: split at newlines, then wrapped at spaces."""
    lines = []
    start = 0
    for part in text.split("\n"):
        stop = start + len(part)
        while stop - start > width:
            space = text.rfind(" ", start + 1, start + width + 1)
            # The space we break at belongs to neither line; no space: a hard break.
            cut = space if space > start else start + width
            lines.append((start, cut))
            start = cut + (space > start)
        lines.append((start, stop))
        start = stop + 1
    return lines


def ascii_spans(text: str, spans: list[tuple[int, int, str]], width: int = 80) -> str:
    """Text with labelled underlines, in the style of ipymarkup's show_span_ascii_markup."""
    out = []
    spans = sorted(spans, key=lambda s: (s[0], -s[1]))
    for start, stop in _wrap(text, width):
        shown = "".join(c if c.isprintable() else " " for c in text[start:stop])
        out.append(shown.rstrip())
        levels: list[list[str]] = []
        ends: list[int] = []
        for s, e, label in spans:
            if e <= start or s >= stop or s >= e:
                continue
            column = max(s, start) - start
            size = min(e, stop) - start - column
            piece = label + _LINE * max(0, size - len(label)) if s >= start else _LINE * size
            # The first row with a free gap before this column, else a new row.
            level = next((i for i, end in enumerate(ends) if end + 1 < column), len(ends))
            if level == len(ends):
                ends.append(-1)
                levels.append([])
            levels[level].append(" " * (column - ends[level] - 1) + piece)
            ends[level] = column + len(piece) - 1
        out += ["".join(row).rstrip() for row in levels]
    return "\n".join(out)


def markup(doc: Document, width: int = 80) -> str:
    """The document as ASCII markup: entities by type, quotes by kind and speaker."""
    if doc.error:
        return f"{doc.id or 'document'}: error: {doc.error}"
    spans = [(e.start, e.stop, e.type) for e in doc.entities]
    for number, quote in enumerate(doc.quotes, 1):
        spans.append((quote.start, quote.stop, f"Q{number}:{quote.kind}:{speaker_label(quote)}"))
        speaker = quote.speaker
        if speaker and speaker.start is not None and speaker.stop is not None:
            spans.append((speaker.start, speaker.stop, f"→Q{number}"))
    size = len(doc.text)
    spans = [s for s in spans if 0 <= s[0] < s[1] <= size]
    return ascii_spans(doc.text, spans, width)
