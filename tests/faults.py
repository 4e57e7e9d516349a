"""Fault injection for the batch tests: worker processes that die on chosen documents."""

from __future__ import annotations

import os
from pathlib import Path

from extractor import Document

POISON = "💥"  # a document holding this kills the worker process processing it, every time


def stray(marker: Path) -> str:
    """A text that kills the first worker to read it (as a stray kill -9 would), and only the
    first: the worker leaves `marker` behind before dying."""
    return f"stray:{marker}"


def die_if_asked(texts) -> None:
    """Kill this process (exit 9, like SIGKILL: no cleanup) as the texts ask."""
    for text in texts:
        if not isinstance(text, str):
            continue
        if POISON in text:
            os._exit(9)
        if text.startswith("stray:"):
            marker = Path(text[len("stray:"):])
            if not marker.exists():
                marker.touch()
                os._exit(9)


class Dying:
    """An extractor that dies as `die_if_asked` says, and otherwise returns bare Documents."""

    def process(self, pairs):
        die_if_asked(text for _, text, *_ in pairs)
        return [Document(text=text, id=id) for id, text, *_ in pairs]
