"""Why each quote is there and has the speaker it has: the rules that fired, named.

    >>> from extractor import explain
    >>> for step in explain("«Мы готовы», — сказал министр Сергей Лавров."):
    ...     print(step)

Each record the quote finder made gets one `Explanation`: the rule that found it, the
speaker phrase its rule pointed at, the resolver's rules in the order they decided, and,
for a record that is not in the output, why it was dropped. A debugging aid: the output
of `extract` does not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .records import Speaker

if TYPE_CHECKING:
    from .pipeline import Extractor


@dataclass(frozen=True)
class Explanation:
    text: str
    start: int
    stop: int
    kind: str
    rule: str  # the rule that found the record (`Quote.rule`)
    cue: str
    speaker: Speaker | None
    steps: tuple[str, ...]  # the speaker phrase, then the resolver's rules that fired
    dropped: str = ""  # why the record is not a quote of the output; "" when it is

    def __str__(self) -> str:
        who = "nobody"
        if self.speaker is not None:
            who = f"{self.speaker.name or 'unnamed'} ({self.speaker.type or '-'})"
            if self.speaker.mention:
                who += f" from «{self.speaker.mention}»"
        head = f"[{self.start}:{self.stop}] {self.kind} by {self.rule}"
        if self.cue:
            head += f", cue «{self.cue}»"
        text = self.text if len(self.text) <= 70 else self.text[:67] + "..."
        lines = [head, f"  «{text}»", f"  speaker: {who}"]
        lines += [f"    {step}" for step in self.steps]
        if self.dropped:
            lines.append(f"  dropped: {self.dropped}")
        return "\n".join(lines)


def explain(text: str, extractor: Extractor | None = None) -> list[Explanation]:
    """The quote finder's records for `text`, each with the rules behind it (see the module
    docstring). `extractor`: an `Extractor` to run (default: the shared one of `extract`)."""
    from .pipeline import shared
    from .quotes import TRACE

    run = extractor if extractor is not None else shared()
    trace: list[Any] = []  # (record, speaker, steps, dropped), as the quote finder traces
    token = TRACE.set(trace)
    try:
        run(text)
    finally:
        TRACE.reset(token)
    out = []
    for record, speaker, steps, dropped in trace:
        rule = record.rule + (f"+{record.parsed}" if record.parsed else "")
        out.append(Explanation(text[record.start:record.stop], record.start, record.stop,
                               record.kind, rule, record.cue, speaker, tuple(steps), dropped))
    return out
