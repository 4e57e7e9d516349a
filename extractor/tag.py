"""Stage 2: slovnet morphology (batched across documents) and lazy lemmas.

The neural tagger gives UD part of speech and features per token (the model itself is run
by `neural`); lemmas come from the pymorphy3 edge, `morph`, choosing the parse that agrees
with the tag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from .morph import UD_CASE, UD_GENDER, UD_NUMBER, UD_POS, analyzer, best_parse, lemma, parses
from .neural import (
    CHUNK,
    MORPH_BATCH,
    Net,
    by_length,
    load_morph,
    load_navec,
    load_syntax,
    natasha_data,
    net,
)
from .records import Token

# Other stages import the model edges' names from here too.
__all__ = [
    "CHUNK", "MORPH_BATCH", "UD_CASE", "UD_GENDER", "UD_NUMBER", "UD_POS", "Job", "Net",
    "analyzer", "best_parse", "by_length", "lemma", "load_morph", "load_navec", "load_syntax",
    "natasha_data", "net", "parses", "tag_ranges", "tag_rows", "tagged", "untagged",
    "with_lemmas",
]


@lru_cache(maxsize=4096)
def _parse_tag(tag: str) -> tuple[str, dict[str, str]]:
    pos, _, feats = tag.partition("|")
    return pos, dict(part.split("=", 1) for part in feats.split("|") if "=" in part)


def _tag_ids(morph, rows: Sequence[Sequence[str]]) -> tuple[list[int], list]:
    """Tag ids of all words of all rows, flat, and the (pos, feats) of each id."""
    runner = net(morph)
    best = runner.logits(rows, lambda x: x.argmax(-1)).tolist() if rows else []
    return best, [_parse_tag(tag) for tag in runner.tags]


def tag_rows(morph, rows: Sequence[Sequence[str]]) -> list[list[tuple[str, dict[str, str]]]]:
    """(pos, feats) for every word of every row, rows in input order."""
    best, decoded = _tag_ids(morph, rows)
    result, start = [], 0
    for row in rows:
        # Each token gets its own feats dict: records must not share mutable state.
        result.append([(decoded[i][0], dict(decoded[i][1])) for i in best[start:start + len(row)]])
        start += len(row)
    return result


def tagged(token: Token, pos: str | None, feats: dict[str, str]) -> Token:
    """`replace(token, pos=pos, feats=feats)`, run per token: the constructor called directly
    is ~3× cheaper than `replace`, which looks the fields up again for every call."""
    return Token(token.start, token.stop, token.text, pos, feats, token.lemma, token.sentence,
                 token.norm)


Job = tuple[list[Token], int, int, int, int]


def tag_ranges(morph, jobs: Sequence[Job]) -> None:
    """For each (tokens, first, last, lo, hi), tag tokens[first:last] in place.

    [lo, hi) is the sentence holding the range. Each range runs with `reach`
    tokens of context either side (as far as the sentence goes), all the CNN
    sees, so the tags equal those of a whole-sentence run.
    """
    if not jobs:
        return
    reach = net(morph).reach
    starts, rows = [], []
    for tokens, first, last, lo, hi in jobs:
        start = max(lo, first - reach)
        starts.append(start)
        rows.append([t.word for t in tokens[start:min(hi, last + reach)]])
    best, decoded = _tag_ids(morph, rows)
    offset = 0
    for (tokens, first, last, _, _), start, row in zip(jobs, starts, rows, strict=True):
        # `tagged` written out: this loop runs for every token of a run with quotes
        shift = offset - start
        for index in range(first, last):
            pos, feats = decoded[best[shift + index]]
            token = tokens[index]
            # Each token its own feats dict: records must not share mutable state.
            tokens[index] = Token(token.start, token.stop, token.text, pos, feats.copy(),
                                  token.lemma, token.sentence, token.norm)
        offset += len(row)


def untagged(tokens: list[Token]) -> list[Job]:
    """Jobs that tag every sentence of `tokens` with a token still lacking its tag."""
    jobs: list[Job] = []
    start = 0
    while start < len(tokens):
        stop = start + 1
        while stop < len(tokens) and tokens[stop].sentence == tokens[start].sentence:
            stop += 1
        if any(t.pos is None for t in tokens[start:stop]):
            jobs.append((tokens, start, stop, start, stop))
        start = stop
    return jobs


def with_lemmas(tokens: Sequence[Token]) -> tuple[Token, ...]:
    """The tokens with `pos`, `feats` and `lemma` filled in."""
    # The pipeline tags only where its stages read tags; whoever asks for all
    # tokens gets the rest now (the same tags a full run gives).
    tokens = list(tokens)
    tag_ranges(load_morph(), untagged(tokens))
    return tuple(replace(t, lemma=lemma(t.word, t.pos, t.feats)) for t in tokens)
