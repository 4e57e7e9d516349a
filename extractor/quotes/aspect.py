"""Aspect partners of verbs: the lexicon lists a verb once, the other aspect follows.

Russian pairs a perfective verb with an imperfective one by a few regular changes of
the stem (`заявить`/`заявлять`, `подытожить`/`подытоживать`, `подчеркнуть`/
`подчёркивать`, `признать`/`признавать`). Each candidate the rules below build is kept
only when pymorphy3's dictionary knows it as an infinitive of the other aspect, so
the rules may over-generate freely.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..morph import analyzer

# A labial takes an л before -ять (`добавить`/`добавлять`); a dental or ст becomes a
# hushing consonant before -ать (`отметить`/`отмечать`, `оповестить`/`оповещать`).
LABIAL = {"в": "вл", "б": "бл", "п": "пл", "м": "мл", "ф": "фл"}
HUSHED = {"ст": "щ", "т": "ч", "д": "ж", "с": "ш", "з": "ж"}
HUSHING = "жчшщ"


def _aspects(word: str) -> set[str]:
    """`perf`/`impf` of the dictionary infinitive spelled `word`; empty if unknown."""
    out = set()
    for parse in analyzer().parse(word):
        if parse.tag.POS == "INFN" and parse.is_known \
                and parse.normal_form.replace("ё", "е") == word:
            out |= {a for a in ("perf", "impf") if a in parse.tag}
    return out


def _stems(stem: str) -> Iterator[str]:
    """The stem as it is, and with the consonant change undone or done."""
    yield stem
    for plain, changed in (*LABIAL.items(), *HUSHED.items()):
        if stem.endswith(plain):
            yield stem[:-len(plain)] + changed
        if stem.endswith(changed):
            yield stem[:-len(changed)] + plain


def _candidates(word: str) -> set[str]:
    out = set()
    if word.endswith(("ывать", "ивать")):  # `подытоживать` → `подытожить`
        stem = word[:-5]
        out |= {stem + "ать", stem + "ить", stem + "нуть", stem + "ять"}
    if word.endswith("авать"):  # `признавать` → `признать`
        out.add(word[:-4] + "ть")
    if word.endswith("нуть"):  # `намекнуть` → `намекать`, `подчеркнуть` → `подчеркивать`
        stem = word[:-4]
        out |= {stem + "ать", stem + "ивать", stem + "ывать"}
    if word.endswith(("ить", "еть")):  # `заявить` → `заявлять`, `отметить` → `отмечать`
        for stem in _stems(word[:-3]):
            out |= {stem + ("а" if stem[-1:] in HUSHING else "я") + "ть",
                    stem + "ивать", stem + "ывать"}
    if word.endswith(("ать", "ять")):  # `указать` → `указывать`, `заявлять` → `заявить`
        stem = word[:-3]
        out |= {stem + "ывать", stem + "ивать", word[:-2] + "вать"}
        out |= {s + "ить" for s in _stems(stem)}
    out.discard(word)
    return out


@lru_cache(maxsize=4096)
def partners(word: str) -> frozenset[str]:
    """The dictionary verbs of the other aspect that pair with `word` (ё as е)."""
    word = word.replace("ё", "е")
    if word.endswith(("ся", "сь")):
        return frozenset()  # `отметиться` is not `отмечаться`: a -ся verb is listed itself
    own = _aspects(word)
    if not own:
        return frozenset()
    return frozenset(c for c in _candidates(word) if (found := _aspects(c)) and not found & own)


def with_partners(words: Iterable[str]) -> frozenset[str]:
    """The words and every aspect partner of each."""
    words = {w.replace("ё", "е") for w in words}
    return frozenset(words.union(*(partners(w) for w in words)))
