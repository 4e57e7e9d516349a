"""The working records the stages pass each other (the output records are in `records`).

`Parsed` is one document between the stages: segmented, then tagged (`Extractor._tag`
fills the tags of its token list and sets its mentions), then read by `link` and `quotes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .records import Sentence, Token

if TYPE_CHECKING:
    from .link import Mention


@dataclass
class Parsed:
    """One document between stages: what the quote finder and the records are built from."""

    id: str | None
    text: str
    sentences: tuple[Sentence, ...]
    # Filled in place as the stages need tags (`tag.tag_ranges`), so every reader sees them.
    tokens: list[Token]
    mentions: list[Mention]
