"""The working records the stages pass each other (the output records are in `records`).

`Mention` is one entity as `ner` found it; `Parsed` is one document between the stages:
segmented, then tagged (`Extractor._tag` fills the tags of its token list and sets its
mentions), then read by `link` and `quotes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .records import Sentence, Token

if TYPE_CHECKING:
    from .normalize import Name


@dataclass
class Mention:
    """A working entity: what `ner` found, with its normal form (persons: with parts)."""

    start: int
    stop: int
    text: str
    type: str
    first: int  # token range
    last: int
    normal: str
    # `link` fills these in when the document's genders are settled.
    name: Name | None = None
    cluster: int | None = None


@dataclass
class Parsed:
    """One document between stages: what the quote finder and the records are built from."""

    id: str | None
    text: str
    sentences: tuple[Sentence, ...]
    # Filled in place as the stages need tags (`tag.tag_ranges`), so every reader sees them.
    tokens: list[Token]
    mentions: list[Mention]
