"""How names are compared across documents: folds, transliteration keys, abbreviations.

Everything here is a pure function of strings, so the corpus links the same way whatever
order the documents come in. Three strengths of sameness:
- `fold`: letter case, `ё`, quote marks and legal forms do not count (`ПАО «Газпром»` =
  `Газпром`);
- `loose`: the wobble of transliterated names does not count either (`Мэй`/`Мей`,
  `Тасиир`/`Тасир`, `Дональт`/`Дональд`, `Зеленськый`/`Зеленский`);
- `skeleton`: the consonants of a name, read the same in Latin and Cyrillic script (`Mike
  Pompeo` / `Майк Помпео` → `mk pmp`); only ever used where the corpus leaves one choice.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .. import chars
from ..countries import states
from ..lexicons import lines, table

# The double marks and the single ones (apostrophes too): none counts in a name.
QUOTES = re.compile(f"[{re.escape(chars.QUOTE_MARKS)}‘’'`]")
SPACES = re.compile(r"[\s\u00a0]+")
# A hyphen of any kind or a dash (`Ростов-на-Дону`, `Иванов ― Петров`) parts words alike.
DASHES = re.compile(f"\\s*[-‐‑{chars.DASHES}]\\s*")
PUNCT = re.compile(r"[.,;:!?()\[\]{}]")
LATIN = re.compile(r"[a-z]", re.IGNORECASE)
# Short words an abbreviation leaves out (`Министерство по чрезвычайным ситуациям` → `МЧС`).
ABBR_SKIP = frozenset({"и", "по", "в", "во", "на", "для", "при", "с", "со", "о", "об", "of",
                       "the", "and", "for", "de", "e", "i", "а", "э"})
SOFT = str.maketrans({"э": "е", "й": "и", "ы": "и", "ь": None, "ъ": None})
LOOSE = str.maketrans({"э": "е", "й": "и", "ы": "и", "ь": None, "ъ": None, "з": "с"})
VOICED_FINAL = str.maketrans("дгбвжз", "ткпфшс")
VOWELS = frozenset("aeiouyh")  # h: see models/corpus_translit.txt
VOWELS_ANY = frozenset("аеёиоуыэюяaeiouy")


def fold(text: str) -> str:
    """Lowercase, `ё` as `е`, quote marks and dots gone, dashes and spaces as one space."""
    text = QUOTES.sub("", text.lower().replace("ё", "е"))
    text = DASHES.sub(" ", PUNCT.sub(" ", text))
    return SPACES.sub(" ", text).strip()


@lru_cache(maxsize=1)
def _legal_forms() -> tuple[tuple[str, ...], ...]:
    forms = {tuple(fold(line).split()) for line in lines("corpus_legal_forms")}
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


# A web address naming its outlet: `INTERFAX.RU` is Интерфакс.
DOMAIN = re.compile(rf"(?<=[^\W\d_])\.{chars.TOP_DOMAIN}\s*$", re.IGNORECASE)


def fold_org(text: str) -> str:
    """An organization's or place's name folded, its legal form stripped from either end,
    a leading English article and a web address's domain too (`ПАО «Газпром»`, `Ryanair
    Holdings Plc`, `The Dawn`, `Interfax.ru` → `газпром`, `ryanair holdings`, `dawn`,
    `interfax`)."""
    folded = fold(DOMAIN.sub("", text)).split()
    if len(folded) > 1 and folded[0] == "the":
        folded = folded[1:]
    changed = True
    while changed and len(folded) > 1:
        changed = False
        for form in _legal_forms():
            n = len(form)
            if n < len(folded) and tuple(folded[:n]) == form:
                folded, changed = folded[n:], True
            elif n < len(folded) and tuple(folded[-n:]) == form:
                folded, changed = folded[:-n], True
            if changed:
                break
    return " ".join(folded)


@lru_cache(maxsize=200_000)
def loose(word: str) -> str:
    """A folded Cyrillic word with the transliteration wobble taken out: `э`/`е`,
    `й`/`и`/`ы`, soft and hard signs, `з`/`с` after the first letter, doubled letters and a
    voiced last consonant."""
    # From the second letter on: Захаров is not Сахаров.
    word = word[:1].translate(SOFT) + word[1:].translate(LOOSE)
    word = re.sub(r"(.)\1+", r"\1", word)
    return word[:-1] + word[-1].translate(VOICED_FINAL) if word else word


@lru_cache(maxsize=200_000)
def soft(word: str) -> str:
    """`loose` for vowels and signs only: two spellings the same here differ in no
    consonant (`Дэвис`/`Девис`, `Рааб`/`Раб`), unlike `Захаров`/`Сахаров`."""
    return re.sub(r"(.)\1+", r"\1", word.translate(SOFT))


def script(text: str) -> str | None:
    """`"cyr"`, `"lat"`, or None for a name in neither or both scripts."""
    cyr, lat = bool(chars.RUSSIAN_LETTER.search(text)), bool(LATIN.search(text))
    return "cyr" if cyr and not lat else "lat" if lat and not cyr else None


@lru_cache(maxsize=1)
def _romanization() -> tuple[tuple[str, str], ...]:
    pairs = table("corpus_translit")
    return tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=200_000)
def skeleton(text: str) -> str:
    """The consonants of a name in Latin letters, words kept apart: what a Latin spelling and
    its Russian transcription share (`Joel Simon`, `Джоэл Саймон` → `jl smn`)."""
    text = unicodedata.normalize("NFKD", fold(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    for source, target in _romanization():
        text = text.replace(source, target)
    words = []
    for word in text.split():
        consonants = "".join(c for c in word if c.isalpha() and c not in VOWELS)
        words.append(re.sub(r"(.)\1+", r"\1", consonants))
    return " ".join(w for w in words if w)


def edits1(word: str) -> set[str]:
    """The word and each form of it with one letter deleted (two words within one edit share
    one of these: the symmetric-delete index)."""
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """One substitution, insertion or deletion at most."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def initials(words: list[str]) -> str:
    """The initial letters of the words that count in an abbreviation, lowercase."""
    return "".join(w[0] for w in words if w not in ABBR_SKIP and w[:1].isalpha())


def is_abbreviation(name: str) -> bool:
    """Written as an abbreviation: `МИД`, `ЕС`, `TLP` (two to six capitals, a digit allowed)."""
    head = name.split()[0] if name.split() else ""
    letters = [c for c in head if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters)


def compound_of(word: str, words: list[str]) -> bool:
    """A one-word compound made of the first letters of each word of a name, the last word
    whole or cut (`евросоюз` = `европейский союз`, `кабмин` = `кабинет министров`,
    `еврокомиссия` = `европейская комиссия`); every piece at least three letters, or two
    when the whole word is that short."""
    content = [w for w in words if w not in ABBR_SKIP]
    if len(content) < 2 or len(word) < 5 or " " in word:
        return False

    def fits(rest: str, index: int) -> bool:
        if index == len(content):
            return not rest
        current = content[index]
        last = index == len(content) - 1
        for size in range(min(len(current), len(rest)), 1, -1):
            if size < 3 and size < len(current):
                continue
            if current[:size] != rest[:size]:
                continue
            if last and size != len(rest):
                continue
            if last and size < min(len(current), 3):
                continue
            if fits(rest[size:], index + 1):
                return True
        return False

    return word != "".join(content) and fits(word, 0)


def _lemma(word: str) -> str:
    from ..morph import likeliest_lemma

    return likeliest_lemma(word)


def _countries() -> tuple[dict[tuple[str, ...], str], dict[str, str]]:
    """Lemmas of a state's names → the state; adjective lemma → the state."""
    return states()


@lru_cache(maxsize=200_000)
def state_of(name: str) -> str | None:
    """The state a folded place name is (`соединенное королевство` → `великобритания`)."""
    return _countries()[0].get(tuple(_lemma(w) for w in name.split()))


@lru_cache(maxsize=200_000)
def qualified(name: str) -> tuple[tuple[str, ...], str | None]:
    """An organization's folded name split into the name proper and the state it qualifies
    itself with, by a genitive after it or an adjective before it: `мид великобритании`,
    `британский мид` → (`мид`,), `великобритания`. A name that is nothing but the state, or
    names none, is returned whole with None."""
    words = tuple(name.split())
    names, adjectives = _countries()
    lemmas = tuple(_lemma(w) for w in words)
    if lemmas in names:  # `европейский союз` is the union, not a union of Europe
        return words, None
    for n in range(min(4, len(words) - 1), 0, -1):
        state = names.get(lemmas[-n:])
        if state is not None:
            return words[:-n], state
    if len(words) >= 2:
        state = adjectives.get(lemmas[0])
        if state is not None:
            return words[1:], state
    return words, None


def spelled(name: str) -> str | None:
    """A folded name spelled out in the Russian names of Latin letters, as those letters
    (`би би си` → `bbc`), else None."""
    letters = table("corpus_letters")
    words = name.split()
    if len(words) < 2 or not all(w in letters for w in words):
        return None
    return "".join(letters[w] for w in words)


def distinct_words(a: str, b: str) -> bool:
    """Two words the dictionary knows as forms of different lemmas (`высокий`/`высокой` are
    one, `консерватовная` is no word): a spelling slip cannot turn one into the other."""
    from ..morph import parses

    pa, pb = parses(a), parses(b)
    if not (pa and pb and pa[0].is_known and pb[0].is_known):
        return False
    return not {p.normal_form for p in pa} & {p.normal_form for p in pb}
