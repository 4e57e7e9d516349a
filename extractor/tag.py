"""Stage 2: slovnet morphology (batched across documents) and lazy lemmas.

The neural tagger gives UD part of speech and features per token; lemmas come
from pymorphy3, choosing the parse that agrees with the tag. Parses are cached:
news text repeats its words.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from .records import Token

MORPH_BATCH = 64


def natasha_data(*parts: str) -> str:
    """Path to a model file shipped inside the natasha wheel (without importing natasha)."""
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("natasha is not installed: pip install natasha")
    return os.path.join(spec.submodule_search_locations[0], "data", *parts)


@lru_cache(maxsize=1)
def load_navec():
    from navec import Navec

    return Navec.load(natasha_data("emb", "navec_news_v1_1B_250K_300d_100q.tar"))


def load_morph():
    from slovnet import Morph

    return Morph.load(natasha_data("model", "slovnet_morph_news_v1.tar"),
                      batch_size=MORPH_BATCH).navec(load_navec())


def by_length(rows: Sequence[Sequence[str]]) -> list[int]:
    """Order that groups rows of similar length, so padded batches waste little."""
    return sorted(range(len(rows)), key=lambda i: len(rows[i]))


def tag_rows(morph, rows: Sequence[Sequence[str]]) -> list[list[tuple[str, dict[str, str]]]]:
    """(pos, feats) for every word of every row, rows in input order."""
    order = by_length(rows)
    result: list = [None] * len(rows)
    sorted_rows = [list(rows[i]) for i in order]
    for index, markup in zip(order, morph.map(sorted_rows)):
        result[index] = [(t.pos, dict(t.feats)) for t in markup.tokens]
    return result


@lru_cache(maxsize=1)
def analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


# UD → OpenCorpora grammemes, for picking the pymorphy3 parse that agrees with the tag.
UD_POS = {
    "NOUN": {"NOUN"}, "PROPN": {"NOUN"}, "ADJ": {"ADJF", "ADJS", "PRTF", "PRTS"},
    "VERB": {"VERB", "INFN", "PRTF", "PRTS", "GRND"}, "AUX": {"VERB", "INFN"},
    "ADV": {"ADVB", "COMP", "PRED"}, "PRON": {"NPRO"}, "DET": {"ADJF", "NPRO"},
    "NUM": {"NUMR", "ADJF"}, "ADP": {"PREP"}, "CCONJ": {"CONJ"}, "SCONJ": {"CONJ"},
    "PART": {"PRCL"}, "INTJ": {"INTJ"},
}
UD_CASE = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt",
           "Loc": "loct", "Voc": "voct", "Par": "gent"}
UD_GENDER = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
UD_NUMBER = {"Sing": "sing", "Plur": "plur"}


@lru_cache(maxsize=200_000)
def parses(word: str):
    """pymorphy3 parses of a word (cached)."""
    # The dictionary is UTF-8: a lone surrogate would raise inside pymorphy3.
    return analyzer().parse(word.encode("utf-8", "replace").decode("utf-8"))


def best_parse(word: str, pos: str | None, feats: dict[str, str] | None = None):
    """The pymorphy3 parse that agrees best with a UD tag, or None."""
    candidates = parses(word)
    if not candidates:
        return None
    feats = feats or {}
    wanted = UD_POS.get(pos or "", set())
    grammemes = {UD_CASE.get(feats.get("Case", "")), UD_GENDER.get(feats.get("Gender", "")),
                 UD_NUMBER.get(feats.get("Number", ""))} - {None}

    def score(item):
        index, parse = item
        tag = parse.tag
        agree = sum(1 for g in grammemes if g in tag)
        return (tag.POS in wanted, agree, parse.score, -index)

    return max(enumerate(candidates), key=score)[1]


@lru_cache(maxsize=200_000)
def _lemma(word: str, pos: str | None, feats_key: tuple[tuple[str, str], ...]) -> str:
    if pos in (None, "PUNCT", "SYM", "NUM", "X") or not any(c.isalpha() for c in word):
        return word.lower() if pos != "PUNCT" else word
    parse = best_parse(word.lower(), pos, dict(feats_key))
    return parse.normal_form if parse else word.lower()


def lemma(word: str, pos: str | None = None, feats: dict[str, str] | None = None) -> str:
    """Dictionary form of a word, guided by its tag when there is one."""
    return _lemma(word, pos, tuple(sorted((feats or {}).items())))


def with_lemmas(tokens: Sequence[Token]) -> tuple[Token, ...]:
    """The tokens with `lemma` filled in."""
    return tuple(replace(t, lemma=lemma(t.word, t.pos, t.feats)) for t in tokens)


def load_syntax():
    from slovnet import Syntax

    return Syntax.load(natasha_data("model", "slovnet_syntax_news_v1.tar"),
                       batch_size=MORPH_BATCH).navec(load_navec())
