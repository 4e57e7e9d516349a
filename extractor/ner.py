"""Stage 3: slovnet PER/ORG/LOC over our tokens, then named post-rules.

The tagger runs on the tokens of `segment` (not on its own razdel pass), so
glued scraping seams are already split and spans align with our tokens. The
post-rules fix what the model gets wrong on real pages; each is a named
function that returns a corrected span, or None to drop it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import normalize
from .lexicons import lexicon
from .records import Token
from .tag import by_length, load_navec, natasha_data, net, parses

NER_BATCH = 64


@dataclass(frozen=True)
class Span:
    """An entity candidate as a token range [first, last) of the document."""

    first: int
    last: int
    type: str
    rule: str | None = None  # the post-rule that built it, when one did


@lru_cache(maxsize=1)
def load_ner():
    """The slovnet NER tagger (one per process: read-only, shared by every Extractor)."""
    from slovnet import NER

    return NER.load(natasha_data("model", "slovnet_ner_news_v1.tar"),
                    batch_size=NER_BATCH).navec(load_navec())


def tag_rows(ner, rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """BIO tags for every word of every row, rows in input order."""
    import numpy as np

    runner = net(ner)
    if not rows:
        return []
    emissions = runner.logits(rows)
    # Viterbi over all rows at once, longest first: at step i the rows still
    # going are a prefix of that order (slovnet's CRF.decode, minus the padding).
    order = by_length(rows)[::-1]
    lengths = np.array([len(rows[i]) for i in order])
    starts = np.cumsum([0] + [len(row) for row in rows])[:-1][order]
    transitions = runner.crf.transitions.array
    longest = int(lengths[0])
    padded = np.zeros((len(rows), longest, transitions.shape[0]), emissions.dtype)
    for row, (start, length) in enumerate(zip(starts, lengths, strict=True)):
        padded[row, :length] = emissions[start:start + length]
    score = padded[:, 0].copy()
    history = []
    for step in range(1, longest):
        going = int(np.searchsorted(-lengths, -step, side="left"))  # rows longer than step
        total = score[:going, :, None] + transitions + padded[:going, step, None, :]
        best = total.argmax(1)
        score[:going] = np.take_along_axis(total, best[:, None, :], 1)[:, 0]
        history.append(best)
    tags = np.zeros((len(rows), longest), dtype=np.intp)
    current = score.argmax(1)
    for step in range(longest - 1, 0, -1):
        going = len(history[step - 1])
        tags[:going, step] = current[:going]
        current[:going] = history[step - 1][np.arange(going), current[:going]]
    tags[:, 0] = current
    names = runner.tags
    result: list = [None] * len(rows)
    for row, (index, length) in enumerate(zip(order, lengths.tolist(), strict=True)):
        result[index] = [names[t] for t in tags[row, :length].tolist()]
    return result


def bio_spans(tags: Sequence[str], offset: int) -> list[Span]:
    """Token spans from BIO tags (an I after O or after another type starts a span)."""
    spans: list[Span] = []
    start, current = None, None
    for index, tag in enumerate(list(tags) + ["O"]):
        part, _, type_ = tag.partition("-")
        if current and (part != "I" or type_ != current):
            spans.append(Span(offset + start, offset + index, current))
            current = None
        if part in ("B", "I") and current is None and type_:
            start, current = index, type_
    return spans


# ---- post-rules ---------------------------------------------------------------------------

def _line_of(text: str, start: int, stop: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_stop = text.find("\n", stop)
    return text[line_start:line_stop if line_stop >= 0 else len(text)]


def _rubric(tokens: Sequence[Token], span: Span) -> bool:
    words = [t.text.lower() for t in tokens[span.first:span.last] if t.text.isalpha()]
    return bool(words) and " ".join(words) in lexicon("rubrics")


def rubric_alone(text: str, tokens: Sequence[Token], span: Span) -> Span | None:
    """A rubric (`Политика`, `Лента новостей`, `Теги`) alone on its line is a section label."""
    if not _rubric(tokens, span):
        return span
    start, stop = tokens[span.first].start, tokens[span.last - 1].stop
    line = _line_of(text, start, stop)
    rest = line.replace(text[start:stop], "", 1)
    if not any(c.isalpha() for c in rest):
        return None
    return span


def glued_rubric(text: str, tokens: Sequence[Token], span: Span) -> Span | None:
    """A rubric glued to the headline before it (`в ПознаниПолитика, 14:49`) is no name."""
    if span.first == 0 or not _rubric(tokens, span):
        return span
    before, first = tokens[span.first - 1], tokens[span.first]
    if before.stop == first.start and before.text[-1:].isalpha():
        return None
    return span


def trim_rubric_tail(text: str, tokens: Sequence[Token], span: Span) -> Span | None:
    """A span must not swallow a rubric glued on by scraping (`ПознаниПолитика`)."""
    last = span.last
    while last > span.first:
        token = tokens[last - 1]
        glued = last - 1 > span.first and tokens[last - 2].stop == token.start
        if glued and token.text.lower() in lexicon("rubrics"):
            last -= 1
        else:
            break
    return Span(span.first, last, span.type) if last > span.first else None


def trim_punct(text: str, tokens: Sequence[Token], span: Span) -> Span | None:
    """Drop punctuation the model let into a span's edges."""
    first, last = span.first, span.last

    def edge(t: Token) -> bool:
        return not any(c.isalnum() for c in t.text)

    while first < last and edge(tokens[first]):
        first += 1
    while last > first and edge(tokens[last - 1]):
        last -= 1
    return Span(first, last, span.type) if last > first else None


def no_lowercase_person(text: str, tokens: Sequence[Token], span: Span) -> Span | None:
    """A person's name has a capital letter (the model sometimes tags `министр`)."""
    if span.type == "PER" and not any(t.text[:1].isupper() for t in tokens[span.first:span.last]):
        return None
    return span


FUNCTION_POS = {"PRCL", "CONJ", "PREP", "NPRO", "ADVB", "INTJ", "PRED"}
NOT_A_NAME_POS = FUNCTION_POS | {"ADJF", "PRTF", "VERB", "INFN", "GRND", "ADJS", "PRTS"}
PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}


@lru_cache(maxsize=100_000)
def _known_pos(word: str) -> frozenset[str] | None:
    """The parts of speech the dictionary gives a word, or None when it is unknown or may be
    a proper name."""
    known = [p for p in parses(word.lower()) if p.is_known]
    if not known or any(PROPER & p.tag.grammemes for p in known):
        return None
    return frozenset({p.tag.POS or "" for p in known} | {
        "plur-anim" for p in known if {"NOUN", "anim", "plur"} <= p.tag.grammemes})


def no_common_words(text: str, tokens: Sequence[Token], span: Span) -> Span | None:
    """Sentence-initial capitals fool the model: a particle or conjunction leading a name
    (`Всё-таки Проди`) is dropped from it; an adjective, participle or pronoun alone is no
    person or place (`Побритый`, `Её`), nor is a people in the plural (`Американцы`)."""
    if span.type not in ("PER", "LOC"):
        return span
    first = span.first
    while first < span.last - 1 and len(tokens[first].text) > 1 and \
            (_known_pos(tokens[first].text) or {""}) <= FUNCTION_POS:
        first += 1  # (a one-letter word is an initial: `А. Кудрин`)
    if first == span.last - 1:
        pos = _known_pos(tokens[first].text)
        # Places may be adjectives (`Поднебесная`, `Балеарских` островов).
        common = FUNCTION_POS if span.type == "LOC" else NOT_A_NAME_POS
        if pos and (pos <= common or span.type == "LOC" and "plur-anim" in pos):
            return None
    return Span(first, span.last, span.type)


@lru_cache(maxsize=50_000)
def _institution_word(text: str) -> bool:
    """A word the dictionary knows only as an organization's name (`ЛДПР`, `Аль-Кайды`),
    never as a person's, a place's or a common noun. (Places are left alone: many are
    given names too, `Азии Биби` is Асия Биби.)"""
    known = [p for p in parses(text.lower()) if p.is_known]
    # An undeclined one may be a given name too (`Челси Мэннинг`), unless it is an acronym.
    return bool(known) and all("Orgn" in p.tag for p in known) and \
        text.lower().replace("ё", "е") not in normalize.name_lists()[0] and (
            text.isupper() or not any("Fixd" in p.tag for p in known))


def split_institution(text: str, tokens: Sequence[Token], span: Span) -> list[Span]:
    """An organization written right before a name is not part of it: `лидер [ЛДПР]
    [Владимир Жириновский]`, `главарь [Аль-Кайды] [Усама бин Ладен]`."""
    if span.type != "PER" or span.last - span.first < 2:
        return [span]
    rest = tokens[span.first + 1]
    if not _institution_word(tokens[span.first].text) or not rest.text[:1].isupper() or \
            not rest.text.isalpha() or _institution_word(rest.text):
        return [span]
    return [Span(span.first, span.first + 1, "ORG", "split_institution"),
            Span(span.first + 1, span.last, "PER", "split_institution")]


def split_brackets(text: str, tokens: Sequence[Token], span: Span) -> list[Span]:
    """A name and its original spelling in brackets are two mentions, not one span
    swallowing a bracket: `Скотт Хоровитц (Scott Horowitz)`."""
    parts, first = [], span.first
    for index in range(span.first, span.last + 1):
        if index == span.last or tokens[index].text in ("(", ")"):
            if any(any(c.isalnum() for c in t.text) for t in tokens[first:index]):
                parts.append(Span(first, index, span.type))
            first = index + 1
    return parts


def person_typed_place(text: str, tokens: Sequence[Token], span: Span) -> Span | None:
    """A place span whose words read as one person's full name is a person (`Софии
    Феоктистовой`, `Б. Щепетильникову`): a known given name with a patronymic or a surname,
    or initials with a surname, the parts in one case, none a known place. Without a
    patronymic or initials the surname must decline as one the surname lists know
    (`Эль Пасо` stays a place)."""
    if span.type != "LOC" or span.last - span.first < 2:
        return span
    words = _name_words(tokens, span.first, span.last)
    layout = normalize.name_layout(words) if words else None
    # A given name may be a city's too (`Софии`, `Бари`); the other parts may not.
    if layout is None or not _one_case(tokens, span.first, span.last) or any(
            _place_word(word) for word, role in zip(words, layout, strict=True) if role != "first"):
        return span
    if "middle" in layout or "initial" in layout or _declined_surname(tokens[span.last - 1].text):
        return Span(span.first, span.last, "PER", "person_typed_place")
    return span


@lru_cache(maxsize=50_000)
def _declined_surname(text: str) -> bool:
    word = text.lower()
    return any(c.paradigm != "fixed" and normalize.in_lists(c.lemma, c.paradigm, "last")
               for c in normalize.candidates(word))


def split_case_disagreement(text: str, tokens: Sequence[Token], span: Span) -> list[Span]:
    """One PER span of two people side by side, the first a dependent in another case
    (`Адвокат [Асии Биби] [Саиф уль-Малук]`): the parts of one name share a case
    (`_one_case`), so a span of four words or more whose words do not is cut where each side
    agrees within itself, the first side as long as it can be, each side two words at
    least (a three-word name with one mistagged case stays whole)."""
    # One-syllable parts of East Asian names do not decline (`Кима Чен Ира`): their tagged
    # case tells nothing of where a name ends.
    if span.type != "PER" or span.last - span.first < 4 or \
            _one_case(tokens, span.first, span.last, syllables=2):
        return [span]
    for cut in range(span.last - 2, span.first + 1, -1):
        if tokens[cut].text[:1].isupper() and tokens[cut - 1].text.isalpha() and \
                _one_case(tokens, span.first, cut, 2) and _one_case(tokens, cut, span.last, 2):
            return [Span(span.first, cut, "PER", "split_case_disagreement"),
                    Span(cut, span.last, "PER", "split_case_disagreement")]
    return [span]


Rule = Callable[[str, Sequence[Token], Span], "Span | list[Span] | None"]
RULES: tuple[Rule, ...] = (
    split_brackets, trim_punct, trim_rubric_tail, rubric_alone, glued_rubric,
    no_lowercase_person, no_common_words, split_institution, person_typed_place,
    split_case_disagreement,
)


# ---- name assembly: rules over the whole sequence of spans ---------------------------------

NAME_WORD = re.compile(r"^[A-ZА-ЯЁ][a-zа-яё’']*(?:-[A-ZА-ЯЁ]?[a-zа-яё’']+)*\.?$")


def _name_words(tokens: Sequence[Token], first: int, last: int) -> list[str] | None:
    """The words of tokens[first:last] as a name's parts (an initial with its dot as one),
    or None when something else is among them: punctuation, a lowercase or role word."""
    words: list[str] = []
    for index in range(first, last):
        text = tokens[index].text
        if text == "." and words and len(words[-1]) == 1 and \
                tokens[index - 1].stop == tokens[index].start:
            words[-1] += "."
            continue
        if not NAME_WORD.match(text) or _role_word(text):
            return None
        words.append(text.lower())
    return words


@lru_cache(maxsize=50_000)
def _role_word(text: str) -> bool:
    """A position or occupation noun (models/roles.txt) in any case: `Адвокат`, `Министра`."""
    roles = lexicon("roles")
    word = text.lower()
    return word in roles or any(p.is_known and p.normal_form in roles for p in parses(word))


def _adjoining(text: str, tokens: Sequence[Token], left: Span, right: Span) -> bool:
    """Nothing but spaces (or an initial's dot) between two spans, on one line."""
    if right.first < left.last:
        return False
    gap = tokens[left.last:right.first]
    if any(t.text != "." for t in gap) or len(gap) > 1:
        return False
    between = text[tokens[left.last - 1].stop:tokens[right.first].start]
    return "\n" not in between and not between.strip(" .\u00a0")


def join_name_fragments(text: str, tokens: Sequence[Token], spans: Sequence[Span]) -> list[Span]:
    """Adjacent pieces of one name that the model cut apart are one PER span when their
    words together read as one person's name (`Игната | Владиславовича Биричева`,
    `Арианы | Бирман`, `Аракчеева | Афанасия Ананьевича`, initials): see
    `normalize.name_layout`. A piece the model typed LOC or ORG joins only as a single
    given name or patronymic, or beside a patronymic (`Прокопий | Николаевич Мавродиев`).
    Role words are never taken in."""
    result: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.first, s.last)):
        if result and _joinable(text, tokens, result[-1], span):
            previous = result.pop()
            span = Span(previous.first, span.last, "PER", "join_name_fragments")
        result.append(span)
    return result


def _one_case(tokens: Sequence[Token], first: int, last: int, syllables: int = 1) -> bool:
    """The parts of one name share a case (`вдова Ельцина | Наина Иосифовна` are two
    people): some case fits every part in the reading the tagger's case gives it, so forms
    that coincide within one paradigm, which the tagger confuses, agree (a man's genitive
    and accusative, `Грачёва`; a woman's oblique -ой, `Устиновой`). A case the word's form
    cannot have (`Евстигнеевичу` tagged accusative) is the tagger's slip and tells nothing."""
    shared = set(normalize.CASES)
    for index in range(first, last):
        text, case = tokens[index].text, tokens[index].feats.get("Case")
        if len(text) > 2 and case and sum(c in normalize.VOWELS for c in text.lower()) >= syllables:
            shared &= _form_cases(text, case)
    return bool(shared)


@lru_cache(maxsize=50_000)
def _form_cases(text: str, case: str) -> frozenset[str]:
    """The cases a name word may stand in when the tagger read it in `case`: those of its
    declined readings that have that case; every case when none has it (the tagger
    slipped) or the word declines in no paradigm (its form tells no case)."""
    word = text.lower()
    # A patronymic's nominative ends in -ич or -на (`Евстигнеевичу` is no -а noun's accusative).
    patronymic = normalize.PATRONYMIC_FORM.search(word)
    declined = [c.cases for c in normalize.candidates(word) if c.paradigm != "fixed"
                and case in c.cases and not (patronymic and not c.lemma.endswith(("ич", "на")))]
    return frozenset().union(*declined) if declined else frozenset(normalize.CASES)


def _joinable(text: str, tokens: Sequence[Token], left: Span, right: Span) -> bool:
    if "PER" not in (left.type, right.type) or not _adjoining(text, tokens, left, right):
        return False
    words = _name_words(tokens, left.first, right.last)
    layout = normalize.name_layout(words) if words else None
    if layout is None:
        return False
    if not _one_case(tokens, left.first, right.last):
        return False
    for piece in (left, right):
        if piece.type == "PER":
            continue
        if piece.last - piece.first != 1 or _place_word(tokens[piece.first].text):
            return False
        role = layout[0] if piece is left else layout[-1]
        if role not in ("first", "middle") and "middle" not in layout:
            return False
    return True


def take_name_parts(text: str, tokens: Sequence[Token], spans: Sequence[Span]) -> list[Span]:
    """A full name of three parts the model tagged in part: the surname before a given name
    and patronymic (`Клюжева | Фёдора Каримовича`), the given name before a patronymic and
    surname (`Пелагее | Васильевне Сидоровой`), the surname after a given name and
    patronymic (`Андрее Ивановиче | Окоркове`). The word taken in is in no other span,
    shares the name's case and sentence, and is a capitalized word the dictionary does not
    know as a common word or a place, nor a role word."""
    covered = {k for span in spans for k in range(span.first, span.last)}
    result = []
    for span in spans:
        if span.type == "PER" and span.last - span.first == 2:
            for first, last in ((span.first - 1, span.last), (span.first, span.last + 1)):
                extra = first if first < span.first else last - 1
                if 0 <= extra < len(tokens) and extra not in covered and \
                        _name_part(tokens, extra, span) and _three_part_name(tokens, first, last):
                    covered.add(extra)
                    span = Span(first, last, "PER", "take_name_parts")
                    break
        result.append(span)
    return result


def _name_part(tokens: Sequence[Token], index: int, span: Span) -> bool:
    token = tokens[index]
    return token.sentence == tokens[span.first].sentence and len(token.text) > 1 and \
        bool(NAME_WORD.match(token.text)) and not token.text.endswith(".") and \
        _known_pos(token.text) is None and not _role_word(token.text) and \
        not _place_word(token.text)


def _three_part_name(tokens: Sequence[Token], first: int, last: int) -> bool:
    words = _name_words(tokens, first, last)
    return bool(words) and normalize.name_layout(words) in (
        ("first", "middle", "last"), ("last", "first", "middle")) and \
        _one_case(tokens, first, last)


# An initial, or a capitalized word in a patronymic's form (normalize.PATRONYMIC_FORM).
NAME_ANCHOR = re.compile(rf"[A-ZА-ЯЁ]$|[А-ЯЁ][а-яё]+(?:{normalize.PATRONYMIC_FORM.pattern})")


def untagged_names(text: str, tokens: Sequence[Token], spans: Sequence[Span]) -> list[Span]:
    """A name the model missed is a person where its shape alone says so: initials with
    their dots and a surname (`При Г. Каблукове`, `Аралине Г. И.`), or a given name with a
    patronymic (`При Борисе Ануфриевиче Зуйкове`), the parts in one case and sentence, in no
    other span, none a common word, a place or a role word. Without dots a capital letter
    is as likely a preposition (`В Петрове`)."""
    covered = {k for span in spans for k in range(span.first, span.last)}
    # Every such name has an initial or a patronymic: only the few words near one are tried.
    anchors = [k for k, token in enumerate(tokens) if NAME_ANCHOR.match(token.text)]
    starts = sorted({start for k in anchors if k not in covered
                     for start in range(max(0, k - 4), k + 1)})
    added: list[Span] = []
    reached = 0
    for index in starts:
        found = None
        if index >= reached and index not in covered and tokens[index].text[:1].isupper():
            for length in range(min(6, len(tokens) - index), 1, -1):
                last = index + length
                if any(k in covered for k in range(index, last)) or \
                        tokens[last - 1].sentence != tokens[index].sentence:
                    continue
                if _shaped_name(tokens, index, last):
                    found = Span(index, last, "PER", "untagged_names")
                    break
        if found:
            added.append(found)
            reached = found.last
    return sorted([*spans, *added], key=lambda s: (s.first, s.last)) if added else list(spans)


def _shaped_name(tokens: Sequence[Token], first: int, last: int) -> bool:
    if tokens[last - 1].text == "." and last - first > 1 and \
            len(tokens[last - 2].text) != 1:
        return False  # a full stop after a word, not an initial's dot
    words = _name_words(tokens, first, last)
    if not words or any(len(w) == 1 for w in words):
        return False  # an initial without its dot
    layout = normalize.name_layout(words)
    if layout is None or not ("middle" in layout or "initial" in layout):
        return False
    for word, role in zip(words, layout, strict=True):
        if role == "initial":
            continue
        if _known_pos(word) is not None or (role != "first" and _place_word(word)):
            return False
        if role == "last" and "initial" in layout and not _declined_surname(word):
            return False
    return _one_case(tokens, first, last)


@lru_cache(maxsize=50_000)
def _place_word(text: str) -> bool:
    """The dictionary knows the word as a place or organization and not as a person's name
    (`Польши`, not `Феодосию`)."""
    known = [p.tag.grammemes for p in parses(text.lower()) if p.is_known]
    return any({"Geox", "Orgn"} & g for g in known) and not any(
        {"Name", "Surn", "Patr"} & g for g in known)


# An abbreviation: two to eight capitals, digits or hyphens, a capital first (`НАС`, `G20`).
ABBREVIATION = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ0-9\-&]{1,7}$")


def defined_abbreviations(text: str, tokens: Sequence[Token],
                          spans: Sequence[Span]) -> list[Span]:
    """An abbreviation the text defines in brackets after an organization's name
    (`Национальное агентство статистики (НАС)`) names it wherever else it stands, though
    the model reads a lone `НАС` as the pronoun (after a place, `Вашингтон (США)`, the
    brackets qualify rather than define)."""
    covered = {k for span in spans for k in range(span.first, span.last)}
    defined = {tokens[span.last + 1].text for span in spans
               if span.type == "ORG" and span.last + 2 < len(tokens)
               and tokens[span.last].text == "(" and tokens[span.last + 2].text == ")"
               and ABBREVIATION.match(tokens[span.last + 1].text)
               and sum(c.isupper() for c in tokens[span.last + 1].text) >= 2}
    added = [Span(k, k + 1, "ORG", "defined_abbreviations")
             for k, token in enumerate(tokens) if token.text in defined and k not in covered]
    return sorted([*spans, *added], key=lambda s: (s.first, s.last)) if added else list(spans)


SEQUENCE_RULES = (join_name_fragments, take_name_parts, untagged_names,
                  defined_abbreviations)


def apply_rules(text: str, tokens: Sequence[Token], spans: Sequence[Span]) -> list[Span]:
    """Run every post-rule over every span, in order; a rule may drop, reshape or split a
    span (the later rules then see each part). Then the rules over the whole sequence
    (name assembly)."""
    result = _apply_span_rules(text, tokens, spans)
    for rule in SEQUENCE_RULES:
        result = rule(text, tokens, result)
    return result


def _apply_span_rules(text: str, tokens: Sequence[Token], spans: Sequence[Span]) -> list[Span]:
    result: list[Span] = []
    for span in spans:
        todo = [(span, 0)]
        while todo:
            current, at = todo.pop(0)
            for position in range(at, len(RULES)):
                outcome = RULES[position](text, tokens, current)
                if isinstance(outcome, list):
                    todo[:0] = [(part, position + 1) for part in outcome]
                    current = None
                    break
                current = outcome
                if current is None:
                    break
            if current is not None:
                result.append(current)
    return result
