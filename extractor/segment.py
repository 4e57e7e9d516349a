"""Stage 1: sentences and tokens with offsets into the original text.

razdel does the hard part. On top of it: line breaks end sentences (scraped
pages put headlines, rubrics and bylines on lines of their own, with no final
punctuation), and words glued together by scraping (`регионахЭкономика`,
`онлайнРБК`) become two tokens. The text itself is never changed: razdel reads
a same-length view (`reading`: controls blank, HTML entities decoded in place,
look-alike letters unified), and each token carries a cleaned `norm` (stress
marks, soft hyphens, zero-width characters and Latin look-alikes removed) for
the models, while its offsets and `text` stay those of the original string.
Run-on sentences are cut at MAX_SENTENCE_TOKENS / MAX_SENTENCE_CHARS, each cut
logged (DEBUG, logger `extractor.segment`).
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

from razdel import sentenize
from razdel.segmenters.punct import DASHES as RAZDEL_DASHES
from razdel.segmenters.tokenize import ATOM, Atom, TokenSegmenter, TokenSplit

from .chars import CYRILLIC_LOOKALIKES, LATIN_LOOKALIKES, LOOKALIKES, SURROGATE
from .records import Sentence, Token

log = logging.getLogger(__name__)

# Neural taggers pad a batch to its longest row and the CRF is linear in
# length; a run-on "sentence" (a log, a table dump) is cut into chunks this long.
MAX_SENTENCE_TOKENS = 150
MAX_SENTENCE_CHARS = 2000

# Characters that render as nothing but break dictionary look-ups: soft hyphen,
# zero-width space and joiners, direction marks and embeddings, word joiner, BOM.
INVISIBLE = "\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
INVISIBLE_RUN = re.compile(f"[{INVISIBLE}]+")

# A lowercase Cyrillic run followed by a capital: `регионахЭкономика`,
# `онлайнРБК` (invisible characters at the seam are skipped). A left part of
# three letters or fewer that starts with a capital is a name prefix
# (`МакКейн`, `ДиКаприо`, `ЛеБрон`) and is left alone.
GLUE = re.compile(f"(?<=[а-яё])[{INVISIBLE}]*(?=[А-ЯЁ])")
NAME_PREFIX = re.compile(r"^[А-ЯЁ][а-яё]{0,2}$")

LINE = re.compile(r"[^\n]+")
# A hard-wrapped line continues when the next one starts in lowercase.
CONTINUES = re.compile(r"^[ \t]*[a-zа-яё]")
ENDS_SENTENCE = ".!?…:»\"”"

# The view razdel reads: C0/C1 controls (NUL, BEL, ESC…) become spaces so they
# separate words instead of gluing them; other line separators become "\n".
# A lone "\r" (old Mac) is a line break; the "\r" of "\r\n" is a space.
LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
VIEW = {c: " " for c in [*range(0x00, 0x20), 0x7f, *range(0x80, 0xa0)] if chr(c) != "\n"}
VIEW.update({ord(c): "\n" for c in LINE_BREAKS})
# Lone surrogates are bytes that failed to decode: invisible junk, like a zero-width space.
VIEW.update({c: "\u200b" for c in range(0xD800, 0xE000)})
NEEDS_VIEW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
CRLF = re.compile(r"\r(?=\n)")
# HTML entities left in plain text (`&laquo;Мы готовы&raquo;`, `&nbsp;`): the
# view shows the character padded to the entity's length — zero-width spaces after
# a letter, spaces on the outer side of a mark (before an opening one, after a
# closing one) so the mark still touches its word — and the token covers it all.
ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")

# What a word with no stress, invisible or mixed-script characters looks like:
# the fast path skips the Unicode work for it.
PLAIN = re.compile(r"[\u0400-\u04ff0-9\-.,:;!?«»\"'()/%№–—]*|[\x20-\x7e]*")
STRESS = re.compile(r"(?<=[\u0400-\u04ff])[\u0300\u0301]+")
# Latin letters drawn like Cyrillic ones (and back), for words typed or scraped
# with mixed keyboards (`Лaвров` with a Latin `a`); accented Latin vowels are
# stress marks typed the quick way (`Сергéй`). razdel splits words where the
# script changes, so the view already maps them (one character for one).
# (chars.LATIN_LOOKALIKES: the first LOOKALIKES pairs map both ways; accented vowels only
# to Cyrillic.)
TO_CYRILLIC = str.maketrans(LATIN_LOOKALIKES, CYRILLIC_LOOKALIKES)
TO_LATIN = str.maketrans(CYRILLIC_LOOKALIKES[:LOOKALIKES], LATIN_LOOKALIKES[:LOOKALIKES])
PART = re.compile(r"[^\W\d_]+")
SEAM = re.compile(r"[\u0400-\u04ff][A-Za-z\u00c0-\u024f]|[A-Za-z\u00c0-\u024f][\u0400-\u04ff]")


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def _is_latin(char: str) -> bool:
    return char <= "\u024f" and char.isalpha()


def _fix_script(part: str) -> str:
    """A letter run in one script: look-alikes of the other script mapped to its own."""
    cyrillic = sum(1 for c in part if _is_cyrillic(c))
    latin = sum(1 for c in part if _is_latin(c))
    if cyrillic and latin:
        if cyrillic >= latin and all(c in LATIN_LOOKALIKES for c in part if _is_latin(c)):
            return part.translate(TO_CYRILLIC)
        if latin > cyrillic and all(c in CYRILLIC_LOOKALIKES[:LOOKALIKES]
                                    for c in part if _is_cyrillic(c)):
            return part.translate(TO_LATIN)
    return part


def _entities(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with HTML entities decoded in place (same length), and their spans."""
    spans: list[tuple[int, int]] = []

    def decode(match: re.Match) -> str:
        entity = match.group()
        char = html.unescape(entity)
        if len(char) != 1 or char == entity:
            return entity
        spans.append(match.span())
        pad = len(entity) - 1
        if char.isalnum() or unicodedata.category(char).startswith("M"):  # `&#769;` is stress
            return char + "\u200b" * pad
        after = text[match.end():match.end() + 1]
        if after.isalnum() or after in "«„“\"'(&":  # an opening mark, or a word's prefix
            return " " * pad + char
        return char + " " * pad

    if "&" not in text:
        return text, spans
    return ENTITY.sub(decode, text), spans


def view(text: str) -> str:
    """The text razdel reads: same length, controls blanked, look-alikes unified."""
    if NEEDS_VIEW.search(text) is not None:
        text = CRLF.sub(" ", text).translate(VIEW)
    if SEAM.search(text) is not None:
        text = PART.sub(lambda m: _fix_script(m.group()), text)
    return text


def reading(text: str) -> str:
    """The text as the segmenter reads it (same length, offsets shared with `text`): HTML
    entities decoded in place, controls blank, look-alike letters unified. Rules that scan
    characters (quote marks, dashes) read this; records still slice the original."""
    return view(_entities(text)[0])


@lru_cache(maxsize=200_000)
def clean(word: str) -> str:
    """The form of a word the models should see: stress, invisibles and look-alikes removed."""
    if PLAIN.fullmatch(word):
        return word
    once = _clean_once(word)
    # a stress mark between two letters hides a look-alike from the script fix until it
    # is gone (`К\u0300A` → `КA`): a second pass settles it, so cleaning is idempotent
    return once if PLAIN.fullmatch(once) else _clean_once(once)


def _clean_once(word: str) -> str:
    word = SURROGATE.sub("", INVISIBLE_RUN.sub("", word))
    # NFC first so a decomposed `e` + acute meets the look-alike table as `é`;
    # NFD then splits stressed Cyrillic vowels so the acute can go; NFC puts
    # `й` and `ё` back together.
    word = PART.sub(lambda m: _fix_script(m.group()), unicodedata.normalize("NFC", word))
    word = STRESS.sub("", unicodedata.normalize("NFD", word))
    return unicodedata.normalize("NFC", word)


def cleaned(tokens: Sequence[Token]) -> list[Token]:
    """The tokens with `text` replaced by their cleaned form (offsets unchanged)."""
    return [t if t.norm is None else replace(t, text=t.norm) for t in tokens]


# razdel's join rules, asked about touching atoms only (see `tokenize`).
JOINER = TokenSegmenter()
WINDOW = JOINER.split.window
WORD_ATOMS = frozenset(("RU", "LAT", "INT"))
# The marks razdel's rules read between a word atom and its neighbours: a dash or an
# underscore joins words (`кто-то`), `.` `,` `/` `\\` join numbers (`3.14`, `1/2`), `!`
# ends `yahoo!`. Any other mark touching a word is split from it by every rule.
RULED_MARKS = frozenset(RAZDEL_DASHES + "_!")
NUMBER_MARKS = frozenset(".,/\\")


def _parts_by_rule(left_type: str, left: str, right_type: str, right: str) -> bool:
    """True when razdel's rules surely split these touching atoms; False: ask them."""
    if left_type in WORD_ATOMS:
        if right_type in WORD_ATOMS:
            return True  # no rule joins two word atoms (`5км`, `Mосква`)
        mark, number, mark_type = right, left_type == "INT", right_type
    elif right_type in WORD_ATOMS:
        mark, number, mark_type = left, right_type == "INT", left_type
    else:
        return False  # marks together (`?!`, `:)`): the rules decide
    # a symbol that is no mark (`І`, `Δ`) joins letters: the rules decide
    return mark_type == "PUNCT" and mark not in RULED_MARKS and not (
        number and mark in NUMBER_MARKS)


def tokenize(text: str) -> Iterator[tuple[int, int]]:
    """(start, stop) of razdel's tokens of `text`, the same tokens as `razdel.tokenize`.

    razdel splits wherever whitespace parts two atoms and asks its rules only about atoms
    that touch (`слово,`, `3.14`, `кто-то`); it still builds a record for every atom and
    every gap, and finds each token in the text again, which cost as much as the rest of
    segmentation. Here the atoms are regex matches; touching atoms that no rule can join
    (a word and a comma) part at once, and for the rest the rules are asked with the same
    records razdel builds, the same neighbours in their reach."""
    matches = list(ATOM.finditer(text))
    if not matches:
        return
    atoms: dict[int, Atom] = {}

    def atom(index: int) -> Atom:
        found = atoms.get(index)
        if found is None:
            match = matches[index]
            found = atoms[index] = Atom(match.start(), match.end(), match.lastgroup,
                                        match.group())
        return found

    begin = matches[0].start()
    previous = matches[0]
    for index in range(1, len(matches)):
        match = matches[index]
        stop, start = previous.end(), match.start()
        if stop == start and not _parts_by_rule(previous.lastgroup, previous.group(),
                                                match.lastgroup, match.group()):
            split = TokenSplit([atom(i) for i in range(max(0, index - WINDOW), index)], "",
                               [atom(i) for i in range(index, min(len(matches), index + WINDOW))])
            split.buffer = text[begin:stop]
            if JOINER.join(split):
                previous = match
                continue
        yield begin, stop
        begin = start
        previous = match
    yield begin, matches[-1].end()


def split_glued(start: int, text: str) -> Iterator[tuple[int, int, str]]:
    """Split one razdel token at scraping seams; offsets stay in the original text."""
    seams = [(m.start(), m.end()) for m in GLUE.finditer(text)]
    seams = [(a, b) for a, b in seams if not (a <= 3 and NAME_PREFIX.match(text[:a]))]
    if not seams:
        yield start, start + len(text), text
        return
    prev = 0
    for cut, resume in seams + [(len(text), len(text))]:
        yield start + prev, start + cut, text[prev:cut]
        prev = resume


def blocks(text: str) -> Iterator[tuple[int, int]]:
    """Spans of text between line breaks, joining hard-wrapped lines."""
    start = stop = None
    ended = False  # the block's last line ends like a sentence
    for match in LINE.finditer(text):
        line = match.group()
        stripped = line.rstrip()
        if not stripped:
            if start is not None:
                yield start, stop
                start = None
            continue
        if start is not None and not ended and CONTINUES.match(line) \
                and text[stop:match.start()] == "\n":
            stop, ended = match.end(), stripped[-1] in ENDS_SENTENCE
            continue
        if start is not None:
            yield start, stop
        start, stop, ended = match.start(), match.end(), stripped[-1] in ENDS_SENTENCE
    if start is not None:
        yield start, stop


# A sentence end glued to the next sentence by scraping (`откроют.Затем`): a word of three
# lowercase letters or more (not an abbreviation like `г.` or `ул.`), the final mark, then a
# capitalised word.
GLUED_END = re.compile(r"(?<=[а-яё]{3})[.!?…]+(?=[А-ЯЁ][а-яё])")


def _sentenize(block: str) -> Iterator[tuple[int, str]]:
    """razdel's sentences, split again where a sentence end lost its space."""
    for sent in sentenize(block):
        prev = 0
        for match in GLUED_END.finditer(sent.text):
            yield sent.start + prev, sent.text[prev:match.end()]
            prev = match.end()
        yield sent.start + prev, sent.text[prev:]


def segment(text: str) -> tuple[tuple[Sentence, ...], tuple[Token, ...]]:
    """Sentences and tokens of `text`; every offset indexes `text` itself."""
    seen, entities = _entities(text)
    seen = view(seen)
    entity_starts = [a for a, _ in entities]
    # Tokens hold no blank (razdel's atoms are runs of non-blanks that touch) unless grown
    # over an entity's padding; and where the view is the text, a token's view is its word.
    same = seen == text
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    append = tokens.append
    for block_start, block_stop in blocks(seen):
        block = seen[block_start:block_stop]
        for sent_offset, sent_text in _sentenize(block):
            sent_start = block_start + sent_offset
            first = len(tokens)
            number = len(sentences)
            # a sentence with no seam has no token with one
            glued = GLUE.search(sent_text) is not None
            for a, b in tokenize(sent_text):
                pieces = split_glued(sent_start + a, sent_text[a:b]) if glued \
                    else ((sent_start + a, sent_start + b, ""),)
                for start, stop, _ in pieces:
                    # The view differs from the text by blanks (never inside a token),
                    # look-alike letters and decoded entities: the models read the view.
                    if entities:
                        start, stop = _entity_span(entities, entity_starts, start, stop)
                        word = text[start:stop]
                        norm = clean(seen[start:stop].strip(" "))
                    else:
                        word = text[start:stop]
                        norm = clean(word if same else seen[start:stop])
                    if not norm:  # only invisible characters: not a word
                        continue
                    count = len(tokens) - first
                    if count and (count >= MAX_SENTENCE_TOKENS
                                  or stop - tokens[first].start > MAX_SENTENCE_CHARS):
                        log.debug("run-on sentence cut at %d: %d tokens, %d characters",
                                  start, count, start - tokens[first].start)
                        _close(text, sentences, tokens, first)
                        first = len(tokens)
                        number = len(sentences)
                        count = 0
                    append(Token(start, stop, word, None, {}, None, number,
                                 None if norm == word else norm))
                    if count >= 2 and tokens[-2].text in APOSTROPHES:
                        _join_apostrophe(text, seen, tokens)
            _close(text, sentences, tokens, first)
    return tuple(sentences), tuple(tokens)


APOSTROPHES = ("'", "’")


def _join_apostrophe(text: str, seen: str, tokens: list[Token]) -> None:
    """`О’Рейли`, `д’Эстен`: razdel splits at the apostrophe, which leaves a one-letter
    word that reads as an initial. The three tokens become one name."""
    a, b, c = tokens[-3:]
    if len(a.text) == 1 and a.text.isalpha() and b.text in APOSTROPHES and \
            c.text[:1].isupper() and a.stop == b.start and b.stop == c.start:
        word = text[a.start:c.stop]
        norm = clean(seen[a.start:c.stop])
        tokens[-3:] = [Token(a.start, c.stop, word, sentence=a.sentence,
                             norm=None if norm == word else norm)]


def _entity_span(entities: list[tuple[int, int]], starts: list[int], start: int, stop: int
                 ) -> tuple[int, int]:
    """A token's span grown to whole entities where it starts or ends inside one."""
    index = bisect_right(starts, start) - 1
    if index >= 0 and entities[index][0] < start < entities[index][1]:
        start = entities[index][0]
    index = bisect_right(starts, stop - 1) - 1
    if index >= 0 and entities[index][0] < stop < entities[index][1]:
        stop = entities[index][1]
    return start, stop


def _close(text: str, sentences: list[Sentence], tokens: list[Token], first: int) -> None:
    if len(tokens) == first:
        return
    start, stop = tokens[first].start, tokens[-1].stop
    sentences.append(Sentence(start, stop, text[start:stop], (first, len(tokens))))
