"""States under their names and adjectives (`models/countries.txt`), compared by lemma:
`Франции`, `французский` and `французская` all name `франция`. The quote resolver reads a
role's state from either (`французский лидер` holds a role `президента Франции`); the
corpus keys compare organization names by it (`британский МИД` is `МИД Великобритании`)."""

from __future__ import annotations

from functools import lru_cache

from .lexicons import lines


def _lemma(word: str) -> str:
    from .morph import likeliest_lemma  # (morph loads pymorphy3; most callers never ask)

    return likeliest_lemma(word)


def _folded(text: str) -> str:
    # as the corpus keys fold names: `Шри-Ланка` is `шри ланка`
    return " ".join(text.lower().replace("ё", "е").replace("-", " ").split())


@lru_cache(maxsize=1)
def states() -> tuple[dict[tuple[str, ...], str], dict[str, str]]:
    """Lemmas of a state's names → the state; adjective lemma → the state. A state is
    named by its first name in the table, folded (`великобритания`, `сша`)."""
    names: dict[tuple[str, ...], str] = {}
    adjectives: dict[str, str] = {}
    for line in lines("countries"):
        written, _, adjs = line.partition("\t")
        forms = [_folded(n) for n in written.split("|") if n.strip()]
        state = forms[0]
        for form in forms:
            names.setdefault(tuple(_lemma(w) for w in form.split()), state)
        for adj in adjs.split("|"):
            if adj.strip():
                adjectives.setdefault(_lemma(_folded(adj)), state)
    return names, adjectives


def of_lemmas(lemmas: tuple[str, ...]) -> str | None:
    """The state these word lemmas name (`соединенный королевство` → `великобритания`)."""
    return states()[0].get(lemmas)


def of_adjective(lemma: str) -> str | None:
    """The state an adjective's lemma names (`британский` → `великобритания`)."""
    return states()[1].get(lemma)


@lru_cache(maxsize=1)
def _written() -> dict[str, str]:
    return {_folded(n): n.strip() for n in (line.partition("\t")[0].split("|")[0]
                                            for line in lines("countries"))}


def written(state: str) -> str:
    """A state (as `of_adjective` gives it) under its first name in the table, as written
    (`великобритания` → `Великобритания`, `сша` → `США`)."""
    return _written().get(state, state)
