"""Stage 4: every entity's `normal` in the nominative.

Persons: each name part in the nominative of the person's gender, with its
role (first, middle, last), by reverse declension scored against the tagger's
case, name dictionaries and the document's other forms of the name (see the
persons section). Organizations and places: the head noun and the words
agreeing with it go to the nominative; dependents stay as written; acronyms,
Latin words and abbreviations stay as written (`МИДа` → `МИД`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import chars, lexicons, morph
from .records import Token
from .tag import best_parse, parses

ABBR_INFLECTED = re.compile(r"^([A-ZА-ЯЁ]{2,})-?([а-яё]{1,3})$")
INITIAL = re.compile(r"^[A-ZА-ЯЁ]\.?$")


@dataclass(frozen=True)
class Name:
    """A normalized person mention: its parts in the nominative and the gender they imply."""

    normal: str
    first: str | None = None
    middle: str | None = None
    last: str | None = None
    gender: str | None = None  # "masc", "femn" or None when nothing tells
    confidence: float = 0.0  # how much better that gender's reading scored than the other's


def recover_shape(word: str, source: str) -> str:
    """Give a normalized lowercase word the letter case of the source word (part by part
    for hyphenated words: `Ростов-на-Дону`)."""
    if source.isupper() and len(source) > 1:
        return word.upper()
    parts, source_parts = word.split("-"), source.split("-")
    if len(parts) == len(source_parts) and len(parts) > 1:
        return "-".join(p[:1].upper() + p[1:] if s[:1].isupper() else p
                        for p, s in zip(parts, source_parts, strict=True))
    if source[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def join_like(words: Sequence[str], tokens: Sequence[Token]) -> str:
    """Join words with the spacing the tokens had in the text."""
    parts = []
    for index, (word, token) in enumerate(zip(words, tokens, strict=False)):
        if index:
            parts.append(" " if token.start > tokens[index - 1].stop else "")
        parts.append(word)
    return "".join(parts)


def headline_caps(token: Token) -> bool:
    """An all-caps word that is an ordinary word set in caps (`БАШКИРИИ`), not an acronym."""
    text = token.text
    if not (text.isupper() and len(text) > 3 and text.isalpha()):
        return False
    known = [p for p in parses(text.lower()) if p.is_known]
    return bool(known) and not any("Abbr" in p.tag for p in known)


# ---- persons ------------------------------------------------------------------------------
# pymorphy3 guesses unknown foreign names badly (`безоса` → a feminine nominative,
# `карзаем` → a verb), so person words are lemmatized by reverse declension: every
# Russian declension type that could have produced the surface form proposes a
# nominative, and the candidates are scored by the tagger's case, the person's
# gender, name dictionaries (pymorphy3's and natasha's) and the other forms of the
# same name in the document (a paradigm that explains more of them wins).

GENDER_UD = morph.PERSON_GENDER
CASES = ("Nom", "Gen", "Dat", "Acc", "Ins", "Loc")
VELAR_HUSH = "гкхжшчщ"
HUSH_C = "жшчщц"
CONSONANTS = "бвгджзклмнпрстфхцчшщ"
VOWELS = "аеёиоуыэюя"
INITIAL_WORD = re.compile(r"^[A-ZА-ЯЁ]\.?$")
PATRONYMIC = re.compile(r"(ович|евич|ьич|ична|овна|евна|инична)$")
PATRONYMIC_FORM = re.compile(r"(ович|евич|ьич)(а|у|ем|е)?$|(овн|евн|ичн)(а|ы|е|у|ой|ою)$")
RUSSIAN_LAST = re.compile(r"(ов|ев|ёв|ин|ын|ский|цкий|ской|цкой|ова|ева|ёва|ина|ына|ская|цкая)$")


@dataclass(frozen=True)
class Paradigm:
    """A declension type: which lemmas it takes and each case's ending (lemma ending dropped)."""

    name: str
    lemma: re.Pattern
    drop: int  # letters of the lemma replaced by the case endings
    gender: str | None  # None: either
    endings: dict[str, tuple[str, ...]]


def _p(name, lemma, drop, gender, **endings) -> Paradigm:
    return Paradigm(name, re.compile(lemma), drop, gender,
                    {case: tuple(value.split("|")) for case, value in endings.items()})


PARADIGMS = (
    # Лавров, Путин: -ым in the instrumental.
    # After a vowel the suffix is spelled -ев (Цветаев, Бадреев, Алиев).
    _p("ov", r"[^аеёиоуыэюя](ов|ев|ёв|ин|ын)$|[аеёиоуыэюя](ев|ёв)$", 0, "masc",
       Nom="", Gen="а", Dat="у", Acc="а", Ins="ым", Loc="е"),
    _p("ova", r"[^аеёиоуыэюя](ова|ева|ёва|ина|ына)$|[аеёиоуыэюя](ева|ёва)$", 1, "femn",
       Nom="а", Gen="ой", Dat="ой", Acc="у", Ins="ой", Loc="ой"),
    # Луговой, Римский, Толстой, Белый.
    _p("adj", r"[^аеёиоуыэюя](ий|ый|ой)$", 2, "masc",
       Nom="ий|ый|ой", Gen="ого", Dat="ому", Acc="ого", Ins="им|ым", Loc="ом"),
    _p("adja", r"[^аеёиоуыэюя]ая$", 2, "femn",
       Nom="ая", Gen="ой", Dat="ой", Acc="ую", Ins="ой", Loc="ой"),
    # The soft stem -ний (Подгорний, Верхний): -его, -ему, -им, -ем; -няя, -ней, -нюю.
    _p("adjsoft", r"н(ий)$", 2, "masc",
       Nom="ий", Gen="его", Dat="ему", Acc="его", Ins="им", Loc="ем"),
    _p("adjsofta", r"н(яя)$", 2, "femn",
       Nom="яя", Gen="ей", Dat="ей", Acc="юю", Ins="ей", Loc="ей"),
    # A fleeting е after a vowel is written й in the other cases: Палиец → Палийца.
    _p("ec", r"[аеёиоуыэюя]ец$", 2, "masc",
       Nom="ец", Gen="йца", Dat="йцу", Acc="йца", Ins="йцем", Loc="йце"),
    # Трамп, Безос, Майк; Лившиц → Лившицем.
    _p("cons", r"[бвгджзклмнпрстфхцчшщ]$", 0, "masc",
       Nom="", Gen="а", Dat="у", Acc="а", Ins="ом|ем", Loc="е"),
    # Сергей, Карзай; Юрий → Юрии in the locative.
    _p("j", r"[аеёоуэюя]й$", 1, "masc", Nom="й", Gen="я", Dat="ю", Acc="я", Ins="ем", Loc="е"),
    _p("ij", r"[^аеёиоуыэюя]ий$", 1, "masc", Nom="й", Gen="я", Dat="ю", Acc="я", Ins="ем",
       Loc="и|е"),
    # Игорь, Мишель.
    _p("soft", r"[^аеёиоуыэюя]ь$", 1, "masc", Nom="ь", Gen="я", Dat="ю", Acc="я", Ins="ем",
       Loc="е"),
    # Обама, Дерипаска, Мария's kin: either gender.
    # (й is never written before а: that is я, `Майя`.)
    _p("a", r"[^аеёиоуыэюяий]а$", 1, None, Nom="а", Gen="ы|и", Dat="е", Acc="у", Ins="ой|ей|ою",
       Loc="е"),
    _p("ja", r"[^аеёиоуыэюяи]я$|[аеоуэю]я$", 1, None, Nom="я", Gen="и", Dat="е", Acc="ю",
       Ins="ей|ею", Loc="е"),
    # Мария, Асия.
    _p("ija", r"ия$", 1, None, Nom="я", Gen="и", Dat="и", Acc="ю", Ins="ей|ею", Loc="и"),
)


@dataclass(frozen=True)
class Candidate:
    """A possible nominative for one name word."""

    lemma: str
    paradigm: str  # a Paradigm name or "fixed" (indeclinable)
    gender: str | None
    cases: frozenset[str]


def _fits(paradigm: Paradigm, lemma: str, ending: str) -> bool:
    if not paradigm.lemma.search(lemma) or len(lemma) - paradigm.drop < 2:
        return False  # no name has a one-letter stem (`Мей` is not a form of `Мая`)
    stem_end = lemma[-paradigm.drop - 1] if len(lemma) > paradigm.drop else ""
    # Spelling rules: -и after velars and hushers, -ы elsewhere; -ем/-ей after hushers and ц.
    if paradigm.name == "a":
        if ending == "и" and stem_end not in VELAR_HUSH:
            return False
        if ending == "ы" and stem_end in VELAR_HUSH:
            return False
        if ending == "ей" and stem_end not in HUSH_C:
            return False
    if paradigm.name == "cons" and ending == "ем" and stem_end not in HUSH_C:
        return False
    if paradigm.name == "cons" and re.search(r"[аеёиоуыэюя]йц$", lemma):
        return False  # vowel + йц is the oblique stem of -ец (Палийца → Палиец, "ec")
    if paradigm.name == "adja" and lemma.endswith(POSSESSIVE_A) and not _adjective(lemma):
        # -ова/-ева/-ина + an adjective ending is a possessive surname (Цветаевой →
        # Цветаева), unless the dictionary knows the adjective (Луговая).
        return False
    if paradigm.name == "adj":
        nominative = lemma[-2:]
        if nominative == "ый" and (stem_end in VELAR_HUSH or lemma.endswith(
                ("овый", "евый", "иный", "ыный"))):
            return False  # `Калоевым` is Калоев, not Калоевый
        if ending == "им" and nominative not in ("ий",) and stem_end not in VELAR_HUSH:
            return False
        if ending == "ым" and (nominative == "ий" or stem_end in VELAR_HUSH):
            return False
    return True


def forms(paradigm: Paradigm, lemma: str) -> set[str]:
    """Every case form of a lemma in a paradigm."""
    stem = lemma[:len(lemma) - paradigm.drop]
    return {stem + e for endings in paradigm.endings.values() for e in endings}


@lru_cache(maxsize=100_000)
def candidates(word: str) -> tuple[Candidate, ...]:
    """Every (nominative, declension) that could give this lowercase word, indeclinable too."""
    found: dict[tuple[str, str], set[str]] = {}
    genders: dict[tuple[str, str], str | None] = {}
    for paradigm in PARADIGMS:
        for case, endings in paradigm.endings.items():
            for ending in endings:
                if not word.endswith(ending) or len(word) <= len(ending):
                    continue
                stem = word[:len(word) - len(ending)] if ending else word
                # The nominative maps to itself; an oblique form to every nominative ending.
                nominatives = (ending,) if case == "Nom" else paradigm.endings["Nom"]
                for nominative in nominatives:
                    lemma = stem + nominative
                    if paradigm.drop and len(nominative) != paradigm.drop:
                        continue
                    if not _fits(paradigm, lemma, ending):
                        continue
                    key = (lemma, paradigm.name)
                    found.setdefault(key, set()).add(case)
                    genders[key] = paradigm.gender
    result = [Candidate(lemma, name, genders[(lemma, name)], frozenset(cases))
              for (lemma, name), cases in found.items()]
    # The dictionary proposes too: irregular names no ending rule reaches (`Павлом` →
    # Павел, `Христа` → Христос).
    produced = {lemma for lemma, _ in found}
    known: dict[str, tuple[str | None, set[str]]] = {}
    for parse in parses(word):
        if not parse.is_known or "sing" not in parse.tag or not (any(
                g in parse.tag for g in ROLE_TAG.values()) or {"NOUN", "anim"} in parse.tag):
            continue
        inflected = parse.inflect({"nomn", "sing"})
        case = OC_CASE.get(parse.tag.case or "")
        if inflected is None or case is None:
            continue
        lemma = inflected.word if "ё" in word else inflected.word.replace("ё", "е")
        if lemma in produced or len(lemma) < 2:
            continue
        gender = None if "ms-f" in parse.tag else parse.tag.gender
        # Every case the dictionary allows (`Павла`: Gen and Acc), for the joint case below.
        known.setdefault(lemma, (gender, set()))[1].add(case)
    result += [Candidate(lemma, "known", gender, frozenset(cases))
               for lemma, (gender, cases) in known.items()]
    # Indeclinable: a consonant ending is indeclinable only for women (Тереза Мэй, Меркель).
    fixed_gender = "femn" if word[-1:] in CONSONANTS + "йь" else None
    result.append(Candidate(word, "fixed", fixed_gender, frozenset(CASES)))
    return tuple(result)


PARADIGM_BY_NAME = {p.name: p for p in PARADIGMS}
OC_CASE = {"nomn": "Nom", "gent": "Gen", "gen2": "Gen", "datv": "Dat", "accs": "Acc",
           "ablt": "Ins", "loct": "Loc", "loc2": "Loc"}
# Case endings no indeclinable name has (`Линкявичюсом`, `Маасом`; `Лыкову` is Лыков's
# dative or Лыкова's accusative).
OBLIQUE = ("ом", "ым", "им", "ого", "ому", "ою", "ею", "ую", "ову", "еву", "ёву", "ину", "ыну")


POSSESSIVE_A = ("овая", "евая", "ёвая", "иная", "ыная")
# A Russian possessive surname's feminine, as a noun-like or adjective nominative reads it.
POSSESSIVE_SURNAME = re.compile(r"[^аеёиоуыэюя](ов|ев|ёв|ин|ын)(а|ая)$|[аеёиоуыэюя](ев|ёв)(а|ая)$")


def _fixed_prior(word: str, role: str = "last") -> float:
    """How plausible an indeclinable nominative this word is, from its ending alone."""
    if word.endswith(("ова", "ева", "ёва", "ина", "ына")) and len(word) > 5:
        return -3.0  # a Russian possessive surname in -а declines (Иванова, Ивановой)
    if word.endswith(("ых", "их", "ко", "енко")):
        return 3.0
    if word.endswith(OBLIQUE):
        return -2.0
    last, before = word[-1:], word[-2:-1]
    if last in "оэё":
        return 1.5
    if last == "е":
        return 1.5 if before in VOWELS + "ь" else 0.0
    if last == "и":
        return 1.0 if before != "и" else 0.0
    if last == "у" and before in CONSONANTS and role == "last":
        # a surname in a consonant and -у is most often a dative (`Чамитоффу`, `Хэндсу`);
        # given names are undeclined ones more often (`Тору`, `Осаму`)
        return -0.5
    if last in "ую":
        return 0.3  # `Шоу`, `Эндрю`, `Мэтью`
    if last == "ы":
        # no foreign name ends in a consonant and -ы: it is a genitive (`Маехары`)
        return -3.0 if before in CONSONANTS else 0.0
    if last in "ая":
        return -0.5  # foreign -а names decline (Обамы, Камикавы); Дюма is the exception
    return 0.0


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """natasha's first-name and (masculine) last-name dictionaries, lowercase."""
    from .tag import natasha_data

    def read(name: str) -> frozenset[str]:
        try:
            with open(natasha_data("dict", name), encoding="utf-8") as file:
                return frozenset(line.split("#")[0].strip().replace("ё", "е")
                                 for line in file if line.strip())
        except (OSError, ImportError):
            return frozenset()

    return read("first.txt"), read("last.txt")


ROLE_TAG = {"first": "Name", "middle": "Patr", "last": "Surn"}


@lru_cache(maxsize=100_000)
def known_nominatives(word: str) -> dict[tuple[str, str], float]:
    """(role, gender) → nominatives pymorphy3's dictionary gives for a known name word."""
    known: dict[tuple[str, str], float] = {}
    for parse in parses(word):
        if not parse.is_known:
            continue
        for role, grammeme in ROLE_TAG.items():
            if grammeme not in parse.tag:
                continue
            inflected = parse.inflect({"nomn", "sing"})
            if inflected is None:
                continue
            genders = ("masc", "femn") if "ms-f" in parse.tag else tuple(
                g for g in ("masc", "femn") if g in parse.tag)
            for gender in genders:
                key = (role, gender, inflected.word)
                known[key] = max(known.get(key, 0.0), parse.score)
    return known


def _masculine(lemma: str, paradigm: str) -> str:
    if paradigm == "ova":
        return lemma[:-1]
    if paradigm == "adjsofta":
        return lemma[:-2] + "ий"
    if paradigm == "adja":
        return lemma[:-2] + ("ий" if lemma[-3:-2] in VELAR_HUSH or lemma.endswith("ская") else "ой")
    return lemma


def in_lists(lemma: str, paradigm: str, role: str) -> bool:
    """The nominative is in natasha's name dictionaries for that role."""
    first, last = name_lists()
    lemma = lemma.replace("ё", "е")
    if role == "first":
        return lemma in first
    if role != "last":
        return False
    if _list_artifact(lemma, paradigm):
        return False
    masc = _masculine(lemma, paradigm)
    if paradigm in ("ov", "ova"):
        # natasha's list holds many possessive surnames as a lemmatizer left their feminine
        # forms (`иськова`, `бортовый` for Иськов, Бортов): each spelling vouches for the stem.
        return masc in last or masc + "а" in last or masc + "ый" in last
    if POSSESSIVE_SURNAME.search(lemma) and paradigm in ("a", "adja"):
        # Those same entries are no evidence that -ова declines as a noun (`Иськове` is
        # not a form of Иськова) or as an adjective (Бортовой: only a listed `-овой` is).
        return paradigm == "adja" and masc in last
    return masc in last or (paradigm == "adja" and lemma[:-2] + "ый" in last)


# natasha's last-name list also holds other forms a lemmatizer left (`шерра`, `смитта`,
# `кауфманна` for Шерр, Смит, Кауфман; `кристь`, `зарифя` for Крист, Зариф): an oblique
# form's ending read as a nominative's.
LIST_ARTIFACT = re.compile(r"(бб|вв|дд|жж|зз|лл|мм|нн|пп|рр|сс|тт|фф)а$|[бвгджзклмнпрстфхцчшщ]а$"
                           r"|[бвгджзклмнпрстфхцчшщ][ья]$")


def _list_artifact(lemma: str, paradigm: str) -> bool:
    """The list's entry is no evidence for this reading: a surname in a doubled consonant
    and -а (English and German surnames end in the doubled consonant: the list's `шерра` is
    Шерр's genitive), or in a consonant and -ь or -я (the list's `кристь` is Крист's
    locative `Кристе` read back)."""
    match = LIST_ARTIFACT.search(lemma)
    if match is None:
        return False
    ending = match.group()
    if ending.endswith("а"):
        # one consonant: the entry is a declining noun's nominative (`Обама`), never an
        # undeclined one (`Мерка` is Мерк's genitive or declines as Мерки)
        return paradigm == "fixed" or (paradigm == "a" and ending[0] == ending[1])
    return paradigm in ("soft", "ja")


def score(candidate: Candidate, word: str, role: str, gender: str | None, case: str | None,
          context: frozenset[str]) -> float:
    """How well a candidate explains the word (higher is better)."""
    return _score(candidate, word, role, gender, case) + _seen_bonus(candidate, word, context)


def _seen_bonus(candidate: Candidate, word: str, context: frozenset[str]) -> float:
    """Other forms of this reading's paradigm among the document's person words."""
    if not context or candidate.paradigm in ("fixed", "known"):
        return 0.0
    seen = (_forms_of(candidate.paradigm, candidate.lemma) & context) - {word}
    # the nominative itself written elsewhere tells the reading best (`Веселин Топалов` and
    # `Веселина Топалова`, his genitive)
    return 2.0 * min(len(seen), 2) + (2.0 if candidate.lemma in seen else 0.0)


@lru_cache(maxsize=100_000)
def _forms_of(paradigm: str, lemma: str) -> frozenset[str]:
    return frozenset(forms(PARADIGM_BY_NAME[paradigm], lemma))


@lru_cache(maxsize=200_000)
def _score(candidate: Candidate, word: str, role: str, gender: str | None,
           case: str | None) -> float:
    """The part of `score` that does not depend on the document (cached across documents)."""
    total = 0.0
    fixed = candidate.paradigm == "fixed"
    if case:
        if case in candidate.cases:
            # a foreign surname ending in a consonant is a woman's too, undeclined (`Серена
            # Уильямс`, `Ангела Меркель`): in the nominative that reading fits as well as
            # the man's declining one (a Russian `-ов`/`-ин` surname is hers only as `-ова`)
            even = fixed and case == "Nom" and word[-1:] in CONSONANTS + "йь" \
                and not RUSSIAN_LAST.search(word) and not word.endswith(("ий", "ый", "ой"))
            total += 1.0 if fixed and not even else 2.0
        else:
            total -= 2.0  # the tagger's case is right far more often than not
    if gender and candidate.gender and candidate.gender != gender:
        total -= 4.0
    if fixed:
        total += _fixed_prior(word, role)
    known = known_nominatives(word)
    lemma_key = candidate.lemma.replace("ё", "е")
    total += max((3.0 if known_role == role else 1.5
                  for known_role, known_gender, lemma in known
                  if lemma.replace("ё", "е") == lemma_key
                  and (not gender or known_gender == gender)), default=0.0)
    if any(p.is_known and p.normal_form.replace("ё", "е") == lemma_key for p in parses(word)):
        total += 0.5  # pymorphy3 knows the word as a form of this lemma (`луговым`)
    if in_lists(candidate.lemma, candidate.paradigm, role) and not (
            role == "first" and gender and _other_gender_name(lemma_key, gender)):
        total += 3.5
    elif candidate.paradigm in ("ja", "soft"):
        total -= 0.5  # unknown -я and -ь names are rare (known ones are in the lists)
    elif candidate.paradigm == "adj" and candidate.lemma.endswith(("овой", "евой", "иной")):
        total -= 1.0  # `Калоевым` is far likelier Калоев than Калоевой
    if role == "last" and candidate.paradigm == "a" and gender == "masc" and \
            len(candidate.lemma) > 5 and POSSESSIVE_SURNAME.search(candidate.lemma):
        total -= 3.0  # a man's `Дыркова` is Дырков's genitive, not a noun like `Обама`
    if candidate.lemma == word and word.endswith(("ом", "ым")):
        total -= 1.5  # no name's nominative ends like an instrumental (`Вольфганом`)
    if role == "middle" and not candidate.lemma.endswith(("ич", "на")):
        total -= 3.0  # a patronymic's nominative ends in -ич or -на (`Августовной` → -овна)
    if candidate.paradigm == "ij" and role == "last":
        total -= 1.0  # -ий surnames decline as adjectives (Юрий is a first name)
    elif role == "last" and in_lists(candidate.lemma, candidate.paradigm, "first"):
        total += 0.5
    return total


@lru_cache(maxsize=50_000)
def _other_gender_name(lemma: str, gender: str) -> bool:
    """The dictionary knows the nominative as a given name of the other gender only
    (`Гаяна` is a woman's): natasha's first-name list tells no gender, so its word is no
    evidence for this one."""
    genders = {g for role, g, word in known_nominatives(lemma)
               if role == "first" and word.replace("ё", "е") == lemma}
    return bool(genders) and gender not in genders


@lru_cache(maxsize=50_000)
def best_by_case(word: str, role: str, gender: str | None, case: str | None,
                 context: frozenset[str] = frozenset()
                 ) -> dict[str | None, tuple[Candidate, float]]:
    """The best-scoring nominative of one lowercase name word, overall (key None) and
    among the readings that put the word in each case."""
    options = [(score(c, word, role, gender, case, context), c) for c in candidates(word)]
    options.sort(key=lambda item: (item[0], item[1].paradigm != "fixed"), reverse=True)
    best: dict[str | None, tuple[Candidate, float]] = {None: (options[0][1], options[0][0])}
    for points, candidate in options:
        for form_case in candidate.cases:
            best.setdefault(form_case, (candidate, points))
    return best


# Readings the tagger and the dictionaries are this much surer of keep their own cases.
DISAGREEMENT = 3.0


def _separators(pieces: Sequence[str], source: str) -> tuple[str, ...]:
    """What stood between a word's pieces: a hyphen, or nothing after an apostrophe."""
    found, at = [], 0
    for piece in pieces[:-1]:
        at += len(piece)
        hyphen = source[at:at + 1] == "-"
        found.append("-" if hyphen else "")
        at += hyphen
    return tuple(found)


def _adjective(word: str) -> bool:
    """A known adjective (`Хантсмена-старшего`), not a particle (`уль-Малука`)."""
    return any(p.is_known and p.tag.POS == "ADJF" for p in parses(word.lower()))


def _agreeing(words: Sequence[str], pieces: Sequence[dict[str | None, tuple[Candidate, float]]],
              tagged: Sequence[str | None], government: Government | None = None
              ) -> list[tuple[Candidate, float]]:
    """One reading per name word, all in one case: the parts of a name agree (`Андреас
    Кёпке` is two nominatives, not a nominative and a dative of Кёпка), in a case the
    governing word allows, the case it usually takes winning near ties. Indeclinable
    readings fit every case, so some case always fits. Leading one-syllable parts of
    Chinese and Korean names do not decline (`Ким Чен Ына`, `Дэн Сяопина`) and keep their
    own best reading."""
    government = government or UNGOVERNED
    allowed = government.allowed

    def bonus(case: str, reading: tuple[Candidate, float]) -> float:
        # An indeclinable reading fits every case: its form tells none.
        return PREFERRED if case in government.prefer and len(reading[0].cases) < len(
            CASES) else 0.0

    bound = [i for i, word in enumerate(words)
             if i == len(words) - 1 or sum(c in VOWELS for c in word.lower()) > 1]
    # The usual case settles a lone word; a name's words stand or fall together.
    free = []
    for p in pieces:
        options = [(p[c][1] + (bonus(c, p[c]) if len(bound) < 2 else 0.0),
                    p[c][0] is p[None][0], c) for c in CASES if c in allowed]
        points, _, case = max(options)
        free.append((p[case][0], points))
    if len(bound) < 2:
        return free
    shared = allowed.intersection(*(pieces[i] for i in bound))
    # Ties go to declined readings, then to the tagger's case, then to the commoner case.
    case = max((c for c in CASES if c in shared), key=lambda c: (
        sum(pieces[i][c][1] + bonus(c, pieces[i][c]) for i in bound),
        sum(pieces[i][c][0].paradigm != "fixed" for i in bound),
        sum(tagged[i] == c for i in bound)))
    agreeing = list(free)
    for i in bound:
        agreeing[i] = (pieces[i][case][0], pieces[i][case][1] + bonus(case, pieces[i][case]))
    if sum(s for _, s in free) - DISAGREEMENT > sum(s for _, s in agreeing):
        return free
    return agreeing


def _gender_votes(tokens: Sequence[Token]) -> dict[str, float]:
    """The tagger's gender of the name's words, where it read them as nouns: a word it read
    as an adjective (`Благине` as a feminine short form) has that reading's gender, not the
    person's."""
    votes = {"masc": 0.0, "femn": 0.0}
    for token in tokens:
        g = GENDER_UD.get(token.feats.get("Gender", "")) if token.pos in (
            "NOUN", "PROPN", None) else None
        if g:
            votes[g] += 1.0
    return votes


@lru_cache(maxsize=100_000)
def _role_scores(word: str) -> dict[str, float]:
    first, last = name_lists()
    # Surname lists are never complete, first-name lists nearly are: an unknown word
    # is more likely a surname.
    result = {"first": 0.0, "middle": 0.0, "last": 1.0}
    if PATRONYMIC.search(word):
        result["middle"] += 3
    if RUSSIAN_LAST.search(word) or word.endswith(("ой", "ого", "ому", "ым", "ую")):
        result["last"] += 1
    for c in candidates(word):
        if in_lists(c.lemma, c.paradigm, "first"):
            result["first"] = max(result["first"], 2.0)
        if in_lists(c.lemma, c.paradigm, "last"):
            result["last"] = max(result["last"], 2.0)
    for (role, _, _), weight in known_nominatives(word).items():
        result[role] = max(result[role], 2.0 + weight)
    return result


def assign_roles(words: Sequence[str]) -> list[str]:
    """first / middle / last for the name words of one mention, in their order."""
    n = len(words)
    if n == 0:
        return []
    scores = [_role_scores(w) for w in words]
    if n == 1:
        s = scores[0]
        # A lone word is never a patronymic (`Чапутович` is a surname).
        return ["first"] if s["first"] > s["last"] else ["last"]
    # Orders seen in Russian text; a name without patronymic has no "middle".
    layouts = {2: (("first", "last"), ("last", "first"), ("first", "middle")),
               3: (("first", "middle", "last"), ("last", "first", "middle"),
                   ("first", "last", "last"), ("first", "first", "last"))}
    options = layouts.get(n)
    if options is None:
        return ["first"] * (n - 1) + ["last"]
    if not PATRONYMIC_FORM.search(words[-1]):
        # Surname first only before a patronymic (`Сидоров Иван Петрович`), else
        # `Хадим Хусейн Ризви` reads as Хусейн Ризви Хадим.
        options = tuple(o for o in options if o != ("last", "first", "middle"))
    priors = {("first", "last"): 1.5, ("first", "middle", "last"): 1.5}
    return list(max(options, key=lambda layout: sum(
        s[r] for s, r in zip(scores, layout, strict=False)) + priors.get(layout, 0.0)))


def _first_name(word: str) -> bool:
    """A given name by the dictionaries, in some case (`Игната`, `Анной-Марией`), not a
    patronymic."""
    if PATRONYMIC_FORM.search(word):
        return False
    pieces = word.split("-")
    return all(_role_scores(piece)["first"] >= 2.0 for piece in pieces)


def name_layout(words: Sequence[str]) -> tuple[str, ...] | None:
    """The roles of words that read as one person's name, in the orders Russian writes a
    full name (first patronymic last, last first patronymic, first patronymic, first last,
    initials before or after a surname), or None. Words are lowercase; an initial is
    given as a capital letter with or without its dot."""
    initials = [bool(INITIAL_WORD.match(w.upper())) and len(w.rstrip(".")) == 1 for w in words]
    names = [w for w, initial in zip(words, initials, strict=True) if not initial]
    if any(initials):
        # Initials stand together before or after one surname: `А. С. Ветров`, `Ветров А. С.`
        pattern = "".join("i" if i else "w" for i in initials)
        if len(names) == 1 and pattern in ("iw", "iiw", "wi", "wii") and not (
                PATRONYMIC_FORM.search(names[0])):
            return tuple("initial" if i else "last" for i in initials)
        return None
    patronymic = [bool(PATRONYMIC_FORM.search(w)) for w in names]
    if len(names) == 3:
        if patronymic == [False, True, False] and _first_name(names[0]):
            return ("first", "middle", "last")
        if patronymic == [False, False, True] and _first_name(names[1]):
            return ("last", "first", "middle")
        return None
    if len(names) == 2:
        if patronymic == [False, True] and _first_name(names[0]):
            return ("first", "middle")
        if not any(patronymic) and _first_name(names[0]) and not _first_name(names[1]):
            return ("first", "last")
    return None


@dataclass(frozen=True)
class Government:
    """The cases the word before a name lets it take, and the one it takes when the tagger's
    case is not among them."""

    allowed: frozenset[str] = frozenset(CASES)
    usual: str | None = None
    prefer: frozenset[str] = frozenset()  # the cases it most often takes a person in


UNGOVERNED = Government()
# An inanimate noun heading its phrase: the name its genitive or dative dependent.
HEADING_NOUN = Government(frozenset({"Gen", "Dat"}), prefer=frozenset({"Gen", "Dat"}))
# What a preferred case is worth per name word: enough to settle a reading the forms leave
# open (`Юлию` is Юлия's accusative and Юлий's dative), never a reading the forms rule out.
PREFERRED = 2.0


@lru_cache(maxsize=1)
def _prepositions() -> dict[str, tuple[str, ...]]:
    return {word.lower(): tuple(cases.split())
            for word, cases in lexicons.table("preposition_cases").items()}


def governed_cases(tokens: Sequence[Token], first: int) -> Government:
    """What the word right before a name (at `first`) says of its case: a preposition governs
    it (`при` + Loc, `с` + Ins), a short adjective or participle and an intransitive verb never
    take it as an object in the accusative (`доволен Иваном`, `позвонил Ивану`), a singular
    animate noun most often in apposition in its own case (`министр Иван`, `с премьером
    Терезой Мэй`), and an inanimate noun heading its phrase in the genitive
    or the dative (`имущество Ивана`, `письмо Ивану`); else nothing."""
    before = tokens[first - 1] if first else None
    if before is None or before.sentence != tokens[first].sentence or not any(
            c.isalnum() for c in before.text):
        return CLAUSE_START
    word = before.text.lower()
    cases = _prepositions().get(word)
    if cases:
        return Government(frozenset(cases), cases[0], frozenset(cases[:1]))
    if before.feats.get("Variant") == "Short":
        # its agent or object in the instrumental (`подписан Ивановым`, `доволен Иваном`)
        # or its dative (`благодарен Ивану`)
        return Government(frozenset(CASES) - {"Acc"}, prefer=frozenset({"Ins", "Dat"}))
    if before.pos == "VERB":
        verbs = [p for p in parses(word) if p.is_known and p.tag.POS in ("VERB", "INFN")]
        if verbs and all("intr" in p.tag for p in verbs):
            # its subject after it, or its dative object (`выступает Анна`, `помог Ивану`)
            return Government(NO_LOCATIVE - {"Acc"}, prefer=frozenset({"Nom", "Dat"}))
        if verbs:
            # its object (`задержали Анну`); a subject after it or a dative are written
            # apart from it in most paradigms (`заявил Иван`, `написал Ангеле Меркель`)
            return Government(NO_LOCATIVE, prefer=frozenset({"Acc"}))
    elif before.pos == "NOUN":
        own = before.feats.get("Case")
        if before.feats.get("Animacy") == "Anim":
            # It may be a dependent itself (`мать пятерых детей Асия Биби`): only a
            # singular one is likely the name's own apposition.
            if own in CASES and before.feats.get("Number") == "Sing":
                return Government(prefer=frozenset({own}))
        elif own in ("Nom", "Acc") and not (first > 1 and tokens[first - 2].pos == "ADP"):
            return HEADING_NOUN
        # A noun closing an adverbial (`В понедельник Иван`) or itself a dependent
        # (`председатель комитета Вольфганг Бюхеле`) governs nothing.
    return UNGOVERNED


# No preposition, no locative: a name opening its clause or right after a verb is in any
# case but that one (`Зеле напомнил` is not Зел's locative).
NO_LOCATIVE = frozenset(CASES) - {"Loc"}
CLAUSE_START = Government(NO_LOCATIVE)


def normalize_person(tokens: Sequence[Token], gender: str | None = None,
                     context: frozenset[str] = frozenset(),
                     government: Government = UNGOVERNED) -> Name:
    """A person mention in the nominative, parts assigned.

    `gender` may come from the mention's cluster; `context` is the set of lowercase
    words of every person mention in the document (other forms of the same name);
    `government` the cases the word before the mention allows (`governed_cases`).
    """
    return PersonReadings(tokens, context, government).name(gender)


class PersonReadings:
    """A person mention's reading under each gender, each worked out once. `link` reads a
    mention with no gender and again with its cluster's: the second read is the first's
    reading for that gender, so keeping the readings saves scoring the words again."""

    def __init__(self, tokens: Sequence[Token], context: frozenset[str] = frozenset(),
                 government: Government = UNGOVERNED) -> None:
        self.tokens = tokens
        self.context = context
        self.government = government
        self.phrase: str | None = None
        self.readings: dict[str, tuple[float, list[str]]] = {}
        self.names: dict[str | None, Name] = {}
        name_tokens = [t for t in tokens if any(c.isalpha() for c in t.text)]
        if name_tokens and (all(t.text[:1].islower() for t in name_tokens) or all(
                t.feats.get("Number") == "Plur" for t in name_tokens)):
            # Not a name but people by a common noun or in the plural (`консерваторов`,
            # `Скрипалей`): a phrase.
            self.phrase = normalize_phrase(tokens)
            return
        words = [t.text for t in name_tokens if not INITIAL_WORD.match(t.text)]
        initials = len(name_tokens) - len(words)
        # Initials stand for the first (and middle) name: the one word left is the surname.
        roles = iter(["last"] if initials and len(words) == 1 else
                     assign_roles([w.lower() for w in words]))
        plan: list[tuple[Token, str | None]] = []
        for token in tokens:
            if not any(c.isalpha() for c in token.text):
                plan.append((token, None))
            elif INITIAL_WORD.match(token.text):
                plan.append((token, "initial"))
            else:
                plan.append((token, next(roles)))
        self.plan = plan
        if any(role == "first" and _against_declension(token.text, government)
               for token, role in plan):
            self.government = UNGOVERNED
        # An initial tells no gender, whatever the tagger guessed for it (`А. Пронину`).
        self.votes = _gender_votes([t for t in name_tokens if not INITIAL_WORD.match(t.text)])

    def name(self, gender: str | None = None) -> Name:
        """The reading with `gender`, or with the gender that reads best when none is given."""
        if self.phrase is not None:
            return Name(self.phrase)
        found = self.names.get(gender)
        if found is None:
            found = self.names[gender] = self._name(gender)
        return found

    def _name(self, gender: str | None) -> Name:
        readings = []
        for option in (gender,) if gender else ("masc", "femn"):
            if option not in self.readings:
                self.readings[option] = self._reading(option)
            total, out = self.readings[option]
            readings.append((total, option, out))
        readings.sort(key=lambda r: -r[0])
        total, chosen_gender, out = readings[0]
        margin = total - readings[1][0] if len(readings) > 1 else 0.0
        # A gender only when it clearly won (a lone `Помпео` tells nothing).
        if not gender and margin < 0.5:
            chosen_gender = None
        parts = _parts(self.plan, out)
        return Name(join_like(out, self.tokens), parts.get("first"), parts.get("middle"),
                    parts.get("last"), chosen_gender, margin)

    def _reading(self, option: str) -> tuple[float, list[str]]:
        plan, government, context = self.plan, self.government, self.context
        total = self.votes.get(option, 0.0)
        words: list[list[str]] = []
        seps: dict[int, tuple[str, ...]] = {}
        scored = []
        for index, (token, role) in enumerate(plan):
            if role == "initial" and index == len(plan) - 1 and len(token.text) == 1 and \
                    index and plan[index - 1][0].stop < token.start:
                # The span stops before a last spaced initial's dot (`Ветрову А. С.`): the
                # normal form writes it (`В.Л` stays as written).
                words.append([token.text + "."])
                continue
            if role in (None, "initial"):
                words.append([token.text])
                continue
            case = _tagged_case(token, plan, government)
            case = case if case in government.allowed else government.usual
            # `О’Рейли`, `д’Эстен`: the part after the apostrophe declines, if anything does.
            pieces = re.split(r"(?<=['’])|-", token.text)
            seps[len(words)] = _separators(pieces, token.text)
            words.append(pieces)
            for index, piece in enumerate(pieces):
                # Latin names (`Alexey_Pushkov`) and lowercase particles (`уль-Малука`)
                # stay as written.
                if CYRILLIC.search(piece) and piece[-1:] not in "'’" and (
                        piece[:1].isupper() or len(pieces) == 1 or _adjective(piece)):
                    scored.append((len(words) - 1, index, case, best_by_case(
                        piece.lower(), role, option, case, context)))
        agreeing = _agreeing([words[w][i] for w, i, _, _ in scored],
                             [s for *_, s in scored], [c for _, _, c, _ in scored], government)
        for (word, index, _, _), (chosen, points) in zip(scored, agreeing, strict=True):
            total += points
            words[word][index] = recover_shape(chosen.lemma, words[word][index])
        return total, ["".join(p + sep for p, sep in zip(
            pieces, seps.get(i, ()) + ("",), strict=False)) for i, pieces in enumerate(words)]


def _against_declension(word: str, government: Government) -> bool:
    """A given name in a consonant declines for a man and is a woman's name undeclined:
    when no declined form of it is a genitive or dative, the noun before it heads no
    phrase of the name's (`примут участие Барак Обама`: a subject after its verb)."""
    word = word.lower()
    if word[-1:] not in CONSONANTS or government.allowed != HEADING_NOUN.allowed:
        return False
    declined = _declined_cases(word)
    return bool(declined) and not declined & government.allowed


def _tagged_case(token: Token, plan: Sequence[tuple[Token, str | None]],
                 government: Government) -> str | None:
    """The tagger's case of a name word. The tagger reads a name's case from the words
    before it: after initials, an oblique case of the first initial has that context, the
    surname less of it (`родственников В. Ф. Грачикова` is a man's genitive), unless the
    form rules it out or the surname's own case is the one the governing word takes. (A
    capital letter's nominative is the tagger's default and tells little: `Адвокат Е. В.
    Рубцова подал` is Рубцов's lawyer.)"""
    case = token.feats.get("Case")
    leading = plan[0][0].feats.get("Case") if plan[0][1] == "initial" else None
    word = token.text.lower()
    if leading and leading != "Nom" and case not in government.prefer and \
            leading in _declined_cases(word):
        return leading
    return case


@lru_cache(maxsize=50_000)
def _declined_cases(word: str) -> frozenset[str]:
    """The cases a lowercase name word's declined readings put it in."""
    return frozenset().union(*(c.cases for c in candidates(word) if c.paradigm != "fixed"))


def _parts(plan: Sequence[tuple[Token, str | None]], out: Sequence[str]) -> dict[str, str]:
    """first / middle / last of a normalized name; initials stand for the first and middle."""
    parts: dict[str, str] = {}
    for (token, role), word in zip(plan, out, strict=False):
        if role == "initial":
            key = "first" if "first" not in parts else "middle"
            parts.setdefault(key, token.text.rstrip("."))
        elif role:
            parts.setdefault(role, word)
    return parts


# ---- organizations and places -------------------------------------------------------------

CYRILLIC = chars.RUSSIAN_LETTER


def _keep(token: Token) -> bool:
    """Words that stay as written: no letters, not Cyrillic (`easyJet`), acronyms, nominatives."""
    text = token.text
    if not any(c.isalpha() for c in text) or not CYRILLIC.search(text):
        return True
    if "-" in text and not any(p.is_known for p in parses(text.lower())):
        return True  # an unknown compound (`Даунинг-стрит`) is a transliteration
    if text.isupper() and len(text) > 1:
        # An acronym, or a headline word already in the nominative (`КИЕВ`).
        return not headline_caps(token) or any("nomn" in p.tag for p in parses(text.lower()))
    # Transliterated foreign words the tagger gives no case (`Блю Стрим Пайплайн Компани`).
    return token.feats.get("Foreign") == "Yes" and "Case" not in token.feats


COMPOUND_LINK = re.compile(r"(?i)^(.+?)(-(?:на|над|под|в|де|ди|ла|ле|эль|аль)-.+)$")


def _compound(token: Token) -> str:
    """A hyphenated name the dictionary does not know: `Франкфурте-на-Майне` declines its
    first part, `Синьцзян-Уйгурском` its last; `Даунинг-стрит` neither."""
    text = token.text
    if "-" not in text or not CYRILLIC.search(text):
        return text
    linked = COMPOUND_LINK.match(text)
    head, rest = (linked.group(1), linked.group(2)) if linked else (None, None)
    if head is None:
        *before, last = text.split("-")
        known = [p for p in parses(last.lower()) if p.is_known]
        case = UD_TO_OC.get(token.feats.get("Case", ""))
        chosen = next((p for p in known if case and case in p.tag), None)
        if chosen is None or "nomn" in chosen.tag:
            return text
        target = {"nomn", "sing"} | ({"masc"} if chosen.tag.POS == "ADJF" else set())
        inflected = chosen.inflect(target)
        return "-".join([*before, recover_shape(inflected.word, last)]) if inflected else text
    candidates_ = [p for p in parses(head.lower()) if p.is_known and "nomn" not in p.tag]
    if not candidates_:
        return text
    inflected = candidates_[0].inflect({"nomn", "sing"})
    return recover_shape(inflected.word, head) + rest if inflected else text


UD_TO_OC = {case: morph.UD_CASE[case] for case in CASES}


_PHRASES: dict[tuple, str] = {}


def normalize_phrase(tokens: Sequence[Token]) -> str:
    """An organization or place name: head and its agreeing words to the nominative."""
    if not tokens:
        return ""
    # The same names recur across a corpus (`России`, `МИДа`): the result depends only on
    # the words, their tags and their spacing.
    base = tokens[0].start
    key = tuple((t.text, t.pos, tuple(sorted(t.feats.items())), t.start - base, t.stop - base)
                for t in tokens)
    found = _PHRASES.get(key)
    if found is None:
        if len(_PHRASES) > 100_000:
            _PHRASES.clear()
        found = _PHRASES[key] = _normalize_phrase(tokens)
    return found


def _normalize_phrase(tokens: Sequence[Token]) -> str:
    if len(tokens) == 1:
        token = tokens[0]
        match = ABBR_INFLECTED.match(token.text)
        if match:
            return match.group(1)
        if token.text[:1].islower() and not _keep(token):
            # A place adjective alone (`британской`): its dictionary form.
            parse = best_parse(token.text, "ADJ", token.feats)
            if parse is not None and parse.tag.POS == "ADJF":
                return recover_shape(parse.normal_form, token.text)
    nouns = [i for i, t in enumerate(tokens) if t.pos in ("NOUN", "PROPN")]
    # The head is the first noun, unless that is an indeclinable transliteration the tagger
    # gave no case (`британском Форин Офисе`: the head is `Офисе`).
    head = next((i for i in nouns if "Case" in tokens[i].feats or "Foreign" not in
                 tokens[i].feats), nouns[0] if nouns else len(tokens) - 1)
    head_token = tokens[head]
    head_abbr = ABBR_INFLECTED.match(head_token.text) or (
        head_token.text.isupper() and not headline_caps(head_token))
    head_parse = None if head_abbr else best_parse(head_token.text.lower(), head_token.pos,
                                                   head_token.feats)
    if head_parse is not None and head_parse.tag.POS != "NOUN":
        # A name's head is a noun even where the tagger read a verb (`Уральской стали`).
        head_parse = next((p for p in parses(head_token.text.lower())
                           if p.is_known and p.tag.POS == "NOUN"), head_parse)
    number = "plur" if head_parse is not None and "plur" in head_parse.tag else "sing"
    if head_abbr and any(t.feats.get("Number") == "Plur" for t in tokens[:head]):
        number = "plur"  # an acronym of a plural (`Королевских ВВС`)
    head_gender = None if number == "plur" else "masc" if head_abbr else next(
        (g for g in ("masc", "femn", "neut") if head_parse is not None and g in head_parse.tag),
        None)
    words = []
    for index, token in enumerate(tokens):
        text = token.text
        match = ABBR_INFLECTED.match(text)
        if match and index <= head:
            words.append(match.group(1))
            continue
        if index > head or _keep(token):
            words.append(_compound(token) if index <= head else text)
            continue
        caps = headline_caps(token)
        shape_source = text.title() if caps else text
        parse = head_parse if index == head else best_parse(text.lower(), token.pos, token.feats)
        # The tagger's nominative settles it when the dictionary agrees the form can be one.
        options = parses(text.lower())
        nominative = token.feats.get("Case") == "Nom" and (
            any("nomn" in p.tag for p in options) or not any(p.is_known for p in options))
        if parse is None or nominative or "nomn" in parse.tag or "Fixd" in parse.tag:
            words.append(shape_source)
            continue
        target = {"nomn", number}
        if index != head and number == "sing" and head_gender:
            target.add(head_gender)
        inflected = parse.inflect(target)
        word = inflected.word if inflected else text.lower()
        if "ё" not in text.lower():
            word = word.replace("ё", "е")  # spelled as the text spells it
        words.append(recover_shape(word, shape_source))
    return join_like(words, tokens)
