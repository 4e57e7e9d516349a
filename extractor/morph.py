"""The pymorphy3 edge: the analyzer, cached parses, the parse that agrees with a UD tag, and
lemmas; and the maps between UD features (slovnet's tags) and OpenCorpora grammemes
(pymorphy3's), one copy each.
"""

from __future__ import annotations

from functools import lru_cache


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
# The genders a person is named in (a name has no neuter): UD → OpenCorpora.
PERSON_GENDER = {"Masc": "masc", "Fem": "femn"}


@lru_cache(maxsize=200_000)
def parses(word: str):
    """pymorphy3 parses of a word (cached)."""
    # The dictionary is UTF-8: a lone surrogate would raise inside pymorphy3.
    word = word.encode("utf-8", "replace").decode("utf-8")
    try:
        return analyzer().parse(word)
    except ValueError:
        # pymorphy3 asks unicodedata.name() of every letter, which raises for letters
        # without a name in Python's tables (Tangut, some CJK extensions): no parse.
        return []


def likeliest_lemma(word: str) -> str:
    """The dictionary form of an untagged word (its likeliest reading), lowercase, ё as е."""
    found = parses(word)
    return (found[0].normal_form if found else word).lower().replace("ё", "е")


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
        # the grammemes shared, counted as a set: each is a known one (the UD maps above),
        # so `g in tag` would say the same, one call a grammeme
        agree = len(grammemes & tag.grammemes)
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
