"""Stage 1: sentences and tokens with offsets into the original text.

razdel does the hard part. On top of it: line breaks end sentences (scraped
pages put headlines, rubrics and bylines on lines of their own, with no final
punctuation), and words glued together by scraping (`регионахЭкономика`,
`онлайнРБК`) become two tokens. The text itself is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from razdel import sentenize, tokenize

from .records import Sentence, Token

# Neural taggers pad a batch to its longest row and the CRF is linear in
# length; a run-on "sentence" (a log, a table dump) is cut into chunks this long.
MAX_SENTENCE_TOKENS = 150
MAX_SENTENCE_CHARS = 2000

# A lowercase Cyrillic run followed by a capital: `регионахЭкономика`,
# `онлайнРБК`. A left part of three letters or fewer that starts with a capital
# is a name prefix (`МакКейн`, `ДиКаприо`, `ЛеБрон`) and is left alone.
GLUE = re.compile(r"(?<=[а-яё])(?=[А-ЯЁ])")
NAME_PREFIX = re.compile(r"^[А-ЯЁ][а-яё]{0,2}$")

LINE = re.compile(r"[^\n]+")
# A hard-wrapped line continues when the next one starts in lowercase.
CONTINUES = re.compile(r"^[ \t]*[a-zа-яё]")


def split_glued(start: int, text: str) -> Iterator[tuple[int, int, str]]:
    """Split one razdel token at scraping seams; offsets stay in the original text."""
    cuts = [m.start() for m in GLUE.finditer(text)]
    cuts = [c for c in cuts if not (c <= 3 and NAME_PREFIX.match(text[:c]))]
    if not cuts:
        yield start, start + len(text), text
        return
    prev = 0
    for cut in cuts + [len(text)]:
        yield start + prev, start + cut, text[prev:cut]
        prev = cut


def blocks(text: str) -> Iterator[tuple[int, int]]:
    """Spans of text between line breaks, joining hard-wrapped lines."""
    start = stop = None
    for match in LINE.finditer(text):
        line = match.group()
        if not line.strip():
            if start is not None:
                yield start, stop
                start = None
            continue
        if start is not None and CONTINUES.match(line) and text[stop:match.start()] == "\n" \
                and not re.search(r"[.!?…:»\"”]\s*$", text[start:stop]):
            stop = match.end()
            continue
        if start is not None:
            yield start, stop
        start, stop = match.start(), match.end()
    if start is not None:
        yield start, stop


def segment(text: str) -> tuple[tuple[Sentence, ...], tuple[Token, ...]]:
    """Sentences and tokens of `text`; every offset indexes `text` itself."""
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    for block_start, block_stop in blocks(text):
        block = text[block_start:block_stop]
        for sent in sentenize(block):
            sent_start = block_start + sent.start
            first = len(tokens)
            for token in tokenize(sent.text):
                for start, stop, word in split_glued(sent_start + token.start, token.text):
                    if len(tokens) - first >= MAX_SENTENCE_TOKENS or (
                        tokens and len(tokens) > first
                        and stop - tokens[first].start > MAX_SENTENCE_CHARS
                    ):
                        _close(text, sentences, tokens, first)
                        first = len(tokens)
                    tokens.append(Token(start, stop, word, sentence=len(sentences)))
            _close(text, sentences, tokens, first)
    return tuple(sentences), tuple(tokens)


def _close(text: str, sentences: list[Sentence], tokens: list[Token], first: int) -> None:
    if len(tokens) == first:
        return
    start, stop = tokens[first].start, tokens[-1].stop
    sentences.append(Sentence(start, stop, text[start:stop], (first, len(tokens))))
