"""Speakers: the source named in the attributing clause, resolved to a cluster.

A name links to its cluster; a role noun (`дипломат`, `госсекретарь США`) to
the person the document gives that role, else the most recent person; a
pronoun to the most recent person of its gender; an official (`представитель
МИД`) to the body; anonymous sources (`источники РБК`, `эксперты`) keep the
mention with no name; `в Кремле заявили` speaks for the place or body.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .. import chars, countries
from ..lexicons import lexicon, lines, table
from ..morph import best_parse
from ..records import Speaker
from ..tag import lemma, parses
from .cues import DASHES, PERSON_GENDER, PRONOUNS, Context

RECENT_REACH = 1500  # characters back to the last quoted person
# A web name standing for its outlet (`Lenta.ru`, `ura.news`, `мэрия.рф`): any Latin
# top-level domain of 2-6 letters, or `.рф`; a longer word after the dot is a name glued
# to an abbreviation (`St.Petersburg`), not a domain.
OUTLET = re.compile(rf"[A-Za-zА-Яа-яЁё0-9-]+\.{chars.TOP_DOMAIN}(?![\w-])", re.IGNORECASE)
POSSESSIVE = {"его": "он", "ее": "она", "их": "они"}  # `по его словам`
OBLIQUE = {"Gen", "Dat", "Ins", "Loc"}
STOP_WORDS = {",", ".", ":", ";", "!", "?", "(", ")", "что", "чтобы", "будто"}


@dataclass
class Candidate:
    kind: str  # mention | role | pronoun | noun | in
    first: int
    last: int  # exclusive
    mention: object = None
    head: int | None = None
    verb_gender: str | None = None  # of the verb it is the subject of
    parsed: int | None = None  # the subject token of the syntax parse it was found at


def _nominative(ctx: Context, first: int, last: int) -> bool:
    # an abbreviation or a Latin name does not decline (`МИД`, `Ryanair`): its case tag
    # is the tagger's guess, often genitive at a sentence start
    cases = {ctx.feat(k, "Case") for k in range(first, last) if not _indeclinable(ctx, k)} \
        - {None}
    return not cases or "Nom" in cases or not cases <= (OBLIQUE | {"Acc"})


def _apposed_oblique(ctx: Context, mention) -> bool:
    """An undeclined name right after a common noun stands in that noun's case (`в
    интервью телеканалу CNN`, `рассказал агентству Reuters`): after a dative, instrumental
    or prepositional noun it is an object, never the subject; but a fronted adverbial's noun
    right before a name and its verb is not its head (`В 2017 году Zeta объявила`)."""
    before = mention.first - 1
    lo, _ = ctx.sentence_range(mention.first)
    return before >= lo and ctx.tokens[before].pos == "NOUN" and before not in ctx.mention_of \
        and ctx.feat(before, "Case") in ("Dat", "Ins", "Loc") \
        and all(_undeclined(ctx.tokens[k].text) for k in range(mention.first, mention.last)) \
        and not (ctx.feat(before, "Case") == "Loc" and ctx.finite(mention.last))


def _possessor(ctx: Context, mention) -> bool:
    """A name in the genitive after a nominative noun, genitives between (`Жена Ивана
    Петрова`, `Профсоюз водителей Ивана Котова`): it depends on the noun, the subject."""
    undeclined = _undeclined(ctx.tokens[mention.first].text.strip(chars.QUOTE_MARKS))
    if ctx.feat(mention.first, "Case") != "Gen" and not undeclined \
            and not _genitive_of_named(ctx, mention):
        return False
    lo, _ = ctx.sentence_range(mention.first)
    j = mention.first - 1
    while j >= lo and ctx.tokens[j].pos in ("NOUN", "ADJ", "PROPN", "DET") \
            and ctx.feat(j, "Case") == "Gen":
        j -= 1
    if j < lo or ctx.tokens[j].pos != "NOUN" or ctx.feat(j, "Case") != "Nom":
        return False
    # a name with no case ending depends on a plural of people before it (`пилоты
    # Lufthansa`, `рабочие завода Visteon`), not on a noun it names (`компания Ryanair`)
    return not undeclined or ctx.feat(mention.first, "Case") == "Gen" or (
        ctx.feat(j, "Number") == "Plur" and ctx.feat(j, "Animacy") == "Anim")


def _genitive_of_named(ctx: Context, mention) -> bool:
    """A lone surname whose form is another mention's surname plus a genitive ending
    (`Гнатива` where the document also writes `Гнатив`): the tagger, not knowing the name,
    read it as nominative."""
    if mention.type != "PER" or mention.last - mention.first != 1:
        return False
    word = ctx.tokens[mention.first].text
    if word[-1:] not in ("а", "я"):
        return False
    surnames = ctx.__dict__.get("_surnames")
    if surnames is None:  # once per document: the last words of its person mentions
        surnames = ctx.__dict__["_surnames"] = {
            ctx.tokens[m.last - 1].text for m in ctx.mentions if m.type == "PER"}
    return any(stem in surnames for stem in (word[:-1], word[:-1] + "й", word[:-1] + "ь"))


def _undeclined(text: str) -> bool:
    """An abbreviation or a Latin word: Russian grammar gives it no ending."""
    return (len(text) > 1 and text.isupper()) or (text[:1].isascii() and text[:1].isalpha())


def _indeclinable(ctx: Context, k: int) -> bool:
    """An abbreviation or Latin name that opens a phrase (not `госсекретарь США`, where
    it is the genitive of the word before)."""
    if not _undeclined(ctx.tokens[k].text):
        return False
    lo, _ = ctx.sentence_range(k)
    return k == lo or ctx.tokens[k - 1].pos in (None, "PUNCT", "CCONJ", "SCONJ", "ADV", "PART")


def _noun_kind(ctx: Context, k: int) -> str | None:
    token = ctx.tokens[k]
    if token.pos not in ("NOUN", "PROPN", "ADJ"):
        return None
    value = ctx.lemma(k)
    if "-" in value and value not in lexicon("roles"):
        value = value.rsplit("-", 1)[-1]
    if value in lexicon("speaker_anonymous") or value in lexicon("speaker_bodies") \
            or value in lexicon("speaker_generic") or value in MEDIA or value in lexicon("roles") \
            or value in lexicon("speaker_groups") or value in table("speaker_institutions"):
        return "role"
    if value == "сторона" and k > 0 and ctx.tokens[k - 1].pos == "ADJ" \
            and countries.of_adjective(ctx.lemma(k - 1)) is not None:
        return "role"  # `Российская сторона заявила` (`_side`)
    if token.feats.get("Animacy") == "Anim" and (
            token.pos == "NOUN" or (token.pos == "PROPN" and k not in ctx.mention_of
                                    and _title_word(token.text))):
        return "noun"  # (a capitalized `Ректор` the tagger read as a name)
    return None


noun_kind = _noun_kind  # the public name other quote modules import


def _standalone_participle(ctx: Context, k: int) -> str | None:
    """A nominative participle with no noun of its own names a person (`Пострадавшая
    рассказала`, `Задержанный также заявил`); before a noun it describes the noun."""
    token = ctx.tokens[k]
    if token.pos != "VERB" or token.feats.get("VerbForm") != "Part" \
            or token.feats.get("Case") != "Nom" or not ctx.tokens[k + 1:k + 2]:
        return None
    after = ctx.tokens[k + 1]
    if after.pos in ("ADV", "PART", "AUX") or ctx.finite(k + 1):
        return "noun"
    return None


def _candidate_at(ctx: Context, k: int, any_case: bool, verb_gender: str | None,
                  impersonal: bool) -> Candidate | None:
    outlet = OUTLET.match(ctx.text, ctx.tokens[k].start) if ctx.tokens[k].text[:1].isalnum() \
        and (k == 0 or ctx.tokens[k - 1].stop < ctx.tokens[k].start) else None
    if outlet is not None and not (k > 0 and ctx.tokens[k - 1].pos == "NOUN"
                                   and ctx.feat(k - 1, "Case") in ("Dat", "Ins")):
        # `сообщает NEWSru.com` (razdel may split it in three); not after a dative or
        # instrumental noun whose case it takes (`в интервью порталу vesti.ru`: an addressee;
        # `на сайте Lenta.ru` is the source)
        return Candidate("outlet", k, ctx.token_at(outlet.end() - 1) + 1)
    handle = _handle_phrase(ctx, k)
    if handle is not None:
        return handle
    mention = ctx.mention_of.get(k)
    if mention is not None:
        return _mention_candidate(ctx, k, mention, any_case, verb_gender, impersonal)
    return _word_candidate(ctx, k, any_case, impersonal)


def _mention_candidate(ctx: Context, k: int, mention, any_case: bool, verb_gender: str | None,
                       impersonal: bool) -> Candidate | None:
    """A named mention as the speaker phrase, looked at from its last word."""
    if k != mention.last - 1:
        return None  # look at a mention once, from its last word
    before = mention.first - 1
    if ctx.tokens[before].pos == "ADP" and ctx.word(before) not in ("в", "во", "согласно") \
            and not (impersonal and ctx.word(before) == "из") and before >= 0:
        return None  # `между Сергеем Лавровым`
    if impersonal and ctx.word(mention.first - 1) in IN_SOURCE:
        return Candidate("in", mention.first - 1, mention.last, mention)
    if impersonal and ctx.tokens[mention.first - 1].text in chars.QUOTE_MARKS \
            and ctx.word(mention.first - 2) in IN_SOURCE and mention.first > 1:
        # `В «Росводоканале» отметили`: the name's marks between
        return Candidate("in", mention.first - 2, mention.last, mention)
    if not any_case and _possessor(ctx, mention):
        return None  # `Жена Ивана Петрова рассказала`: the wife speaks, not Петров
    if not any_case and _apposed_oblique(ctx, mention):
        return None
    if any_case or _nominative(ctx, mention.first, mention.last):
        if (mention.type == "PER" and verb_gender in ("masc", "femn") and mention.name
                and mention.name.gender and mention.name.gender != verb_gender):
            return None
        conj = mention.first - 1
        if mention.type == "PER":
            # `Макрон и канцлер Германии Олаф Шольц`: the second's role between them
            while conj > mention.first - 6 and conj > 0 and ctx.word(conj) != "и" and (
                    ctx.tokens[conj].pos in ("NOUN", "ADJ", "PROPN")
                    and getattr(ctx.mention_of.get(conj), "type", None) != "PER"):
                conj -= 1
        other = ctx.mention_of.get(conj - 1)
        if ctx.word(conj) == "и" and other is not None \
                and verb_gender in ("plur", None) \
                and _nominative(ctx, other.first, other.last) \
                and (other.first == 0 or ctx.tokens[other.first - 1].pos != "ADP"):
            # `Израиль и США заявили`: one record, the mention covers both, the first names
            # (`Латвия, Эстония и Финляндия`: the first of the whole list)
            while other.first > 1 and ctx.word(other.first - 1) == "," \
                    and (prior := ctx.mention_of.get(other.first - 2)) is not None \
                    and prior.type == other.type and _nominative(ctx, prior.first, prior.last):
                other = prior
            return Candidate("mention", other.first, mention.last, other)
        if mention.type == "PER" and verb_gender == "plur" \
                and ctx.feat(mention.last - 1, "Number") != "Plur" \
                and ctx.word(mention.last) not in ("и", ","):
            return None  # `Быков попал в больницу, … и сейчас говорят`: not its subject
        return Candidate("mention", mention.first, mention.last, mention)
    return None


def _word_candidate(ctx: Context, k: int, any_case: bool, impersonal: bool
                    ) -> Candidate | None:
    """A speaker phrase that is no mention: a document, a pronoun, a role or a place."""
    word = ctx.word(k)
    if ctx.lemma(k) in lexicon("speaker_documents") and ctx.word(k - 1) in ("в", "во") and k > 0:
        return Candidate("document", k - 1, _np_tail(ctx, k + 1), head=k)  # `говорится в статье`
    if word in ("нем", "ней") and ctx.word(k - 1) == "в" and _document_before(ctx, k):
        return Candidate("document", k - 1, k + 1, head=k)  # `… опубликовал доклад. В нем …`
    if (word in PRONOUNS and ctx.tokens[k].pos == "PRON") or (word in POSSESSIVE and any_case):
        # `ее`/`его` before a verb is its object (`Ее попросили`) or a possessive
        # (`ее семья`); it names a source only in a frame's region
        return Candidate("pronoun", k, k + 1)
    if ctx.lemma(k) == "последний" and ctx.feat(k, "Case") in (None, "Nom") \
            and ctx.tokens[k + 1:k + 2] and ctx.tokens[k + 1].pos not in ("NOUN", "ADJ", "PROPN"):
        return Candidate("latter", k, k + 1)  # `а последний заявил`: the one named last
    if word in ("тот", "та") and ctx.tokens[k + 1:k + 2] and not ctx.is_punct(k + 1) \
            and ctx.word(k + 1) != "же" \
            and ctx.tokens[k + 1].pos not in ("NOUN", "ADJ", "PROPN", "DET"):
        # `Котов обвинил Белова. Тот ответил`: the demonstrative subject is the one named
        # last, not the subject before (`тот, кто`, `тот же`, `тот человек` are not it)
        return Candidate("latter", k, k + 1)
    if ctx.tokens[k].pos == "ADJ" and ctx.tokens[k + 1:k + 2] \
            and ctx.tokens[k + 1].pos in ("NOUN", "ADJ") \
            and ctx.feat(k + 1, "Case") == ctx.feat(k, "Case"):
        return None  # `местных властей`: the adjective agrees with its noun, the head
    if ctx.lemma(k) in lexicon("speaker_bodies") and ctx.lemma(k + 1) in lexicon("speaker_bodies") \
            and ctx.feat(k + 1, "Case") == ctx.feat(k, "Case"):
        return None  # `уполномоченный представитель компании`: the second noun heads it
    kind = _noun_kind(ctx, k) or _standalone_participle(ctx, k)
    if kind is None and impersonal and ctx.tokens[k].pos == "NOUN" \
            and ctx.feat(k, "Animacy") == "Inan" and (ctx.feat(k, "Case") == "Loc" or (
                ctx.feat(k, "Case") == "Gen" and _preposition(ctx, k) == "из")) \
            and ctx.lemma(k) not in lexicon("speaker_not_places"):
        kind = "place"  # `в горбольнице № 3 рассказали`: the place speaks for itself
    if kind is None:
        return None
    if kind == "place" and not impersonal:
        return None
    if impersonal:
        first = k
        while first > 0 and ctx.tokens[first - 1].pos == "ADJ" \
                and ctx.feat(first - 1, "Case") == ctx.feat(k, "Case"):
            first -= 1  # `в федеральной прокуратуре`
        lo, _ = ctx.sentence_range(k)
        if first > lo and ctx.word(first - 1) in IN_SOURCE \
                and (first - 2 < lo or ctx.tokens[first - 2].pos not in ("NOUN", "PROPN")
                     or ctx.feat(first - 2, "Case") not in (None, "Nom")
                     or first - 2 in ctx.mention_of):
            # not `лица в правительстве`, where the place qualifies a noun, the subject
            # (an oblique noun before it is an adverbial's: `В то же время в компании …`;
            # a name, the addressee's: `сообщили РИА Новости в пресс-службе`)
            return Candidate("in", first - 1, _np_tail(ctx, k + 1), head=k)
    if any_case or ctx.feat(k, "Case") in (None, "Nom"):
        lo, _ = ctx.sentence_range(k)
        first = _qualified_from(ctx, k, lo)  # `Российские власти`, `бывший соратник`
        return Candidate(kind, _participle_start(ctx, first, k, lo), _np_tail(ctx, k + 1),
                         head=k)
    return None


def _document_before(ctx: Context, k: int) -> bool:
    """`в нем`/`в ней` at k stands for a document the previous sentence names in its
    gender (`Минфин опубликовал доклад. В нем говорится …`)."""
    sentence = ctx.tokens[k].sentence
    if sentence == 0:
        return False
    lo, hi = ctx.sentences[sentence - 1].tokens
    genders = ("Fem",) if ctx.word(k) == "ней" else ("Masc", "Neut")
    return any(ctx.lemma(j) in lexicon("speaker_documents") and ctx.feat(j, "Gender") in genders
               for j in range(lo, hi))


def _qualified_from(ctx: Context, head: int, lo: int) -> int:
    """The first of the adjectives and determiners agreeing with the noun at `head`."""
    first = head
    while first > lo and ctx.tokens[first - 1].pos in ("ADJ", "DET") \
            and ctx.feat(first - 1, "Case") == ctx.feat(head, "Case"):
        first -= 1
    return first


PARTICIPLE_REACH = 4  # words of a participle phrase before its noun


def _participle_start(ctx: Context, first: int, head: int, lo: int) -> int:
    """Where a participle phrase qualifying the noun at `head` begins, when one opens the
    clause before it (`Работавшие с ней мусульманки обвинили`), else `first`."""
    for j in range(first - 1, max(lo - 1, first - 1 - PARTICIPLE_REACH), -1):
        if ctx.is_punct(j) or ctx.finite(j):
            return first
        if ctx.tokens[j].feats.get("VerbForm") == "Part" \
                and ctx.feat(j, "Case") == ctx.feat(head, "Case") \
                and ctx.feat(j, "Number") == ctx.feat(head, "Number") \
                and (j == lo or ctx.is_punct(j - 1) or ctx.tokens[j - 1].pos == "CCONJ"):
            return j
    return first


# A user name as people write it online: Latin letters, digits, `_`, `-`, lowercase first
# or after `@` (a capitalised Latin word is more often a company NER missed; one with a dot
# is a site, `собеседник vc.ru` an unnamed source).
HANDLE = re.compile(r"(?:@?[a-z][a-z0-9_\-]*[a-z0-9_]|@[A-Za-z0-9_]+)(?![.\w])")


def _handle_phrase(ctx: Context, k: int) -> Candidate | None:
    """`Пользователь ЖЖ zyalt`, `блогер @drugoi` ending at token k: a person noun in the
    nominative, its genitives or a platform's name, then a nickname, which names them."""
    if not ("a" <= ctx.tokens[k].text[:1].lower() <= "z" or ctx.tokens[k].text[:1].isdigit()):
        return None  # called for every token left of a verb: most are not a nickname's end
    lo, _ = ctx.sentence_range(k)
    start = k - 1 if k - 1 >= lo and ctx.tokens[k - 1].text == "@" \
        and ctx.tokens[k - 1].stop == ctx.tokens[k].start else k
    if start <= lo or k in ctx.mention_of or ctx.tokens[start - 1].stop == ctx.tokens[start].start:
        return None
    match = HANDLE.match(ctx.text, ctx.tokens[start].start)
    if match is None or match.end() != ctx.tokens[k].stop:
        return None
    for head in range(start - 1, max(lo - 1, start - 4), -1):
        if ctx.tokens[head].pos == "NOUN" and ctx.feat(head, "Animacy") == "Anim" \
                and ctx.feat(head, "Case") in (None, "Nom") and _np_tail(ctx, head + 1) == start:
            return Candidate("handle", _qualified_from(ctx, head, lo), k + 1, head=head)
    return None


# An impersonal report's source as a place: `в МИД сообщили`, `сообщили из прокуратуры`.
IN_SOURCE = ("в", "во", "из")


def _preposition(ctx: Context, k: int) -> str:
    """The preposition before the noun at `k` and its adjectives."""
    while k > 0 and ctx.tokens[k - 1].pos == "ADJ":
        k -= 1
    return ctx.word(k - 1)


def _np_tail(ctx: Context, k: int) -> int:
    """Genitive words and names after a head noun: `госсекретарь США`, `замглавы МИДа`."""
    _, hi = ctx.sentence_range(k - 1)
    end = k
    while end < hi and end - k < 5:
        if end in ctx.mention_of or ctx.feat(end, "Case") == "Gen" and \
                ctx.tokens[end].pos in ("NOUN", "PROPN", "ADJ"):
            end += 1
        elif ctx.tokens[end].text in "«\"„“" and end + 1 in ctx.mention_of:
            # `пресс-службы «Речного порта»`: a name in quotation marks, the marks with it
            last = ctx.mention_of[end + 1].last
            end = last + (1 if last < hi and ctx.tokens[last].text in "»\"“”" else 0)
        else:
            break
    return end


def search(ctx: Context, hint, content: tuple[int, int] | None = None) -> Candidate | None:
    """Find the speaker phrase a rule points at: left of the verb, right of it (never
    inside the content's tokens `content`), or in a frame's source region."""
    if hint is None:
        return None
    side = hint[0]
    if side == "context":
        return None
    if side == "at":
        return Candidate("pronoun", hint[1], hint[1] + 1)
    if side == "anonymous":  # a frame that names no source (`как сообщается`)
        return Candidate("anonymous", hint[1], hint[1] + 1)
    if side == "at-mention":
        mention = ctx.mention_of[hint[1]]
        return Candidate("mention", mention.first, mention.last, mention)
    if side == "region":
        _, first, last = hint
        return _best(ctx, range(first, last), any_case=True, gender=None, impersonal=False)
    verb = hint[1]
    if verb is None:
        return None
    if side == "inner":
        # a report inside a quotation: its subject is inside the quotation too
        lo, _ = ctx.sentence_range(verb)
        k = verb - 1
        while k >= lo and ctx.inside[k] == ctx.inside[verb]:
            found = _candidate_at(ctx, k, False, ctx.verb_gender(verb), False)
            if found is not None:
                return _prefer_person(ctx, found, verb)
            k -= 1
        return Candidate("anonymous", verb, verb + 1)
    lo, hi = ctx.sentence_range(verb)
    if content is not None and verb < content[0] and content[1] < hi \
            and ctx.tokens[verb].feats.get("VerbForm") == "Conv" and verb == _first_word(ctx, lo):
        # `Отметив, что цены вырастут, министр покинул зал`: a converb opening the sentence
        # has the main clause's subject, after its content
        found = _right(ctx, content[1], hi, None, False, False)
        if found is not None:
            return found
    if content is not None and verb < content[0] < hi:
        hi = content[0]  # `Понтеса спросили о снах, которые он видит`: `он` is reported
    elif content is not None and lo < content[1] <= verb and ctx.inside[verb] < 0:
        lo = content[1]  # `Королева одобрила назначение …, - сообщается в …`: nor here
    if side == "left" and ctx.word(verb - 1) == "и":
        earlier = _report_before(ctx, lo, verb)
        if earlier is not None:
            # `Сизов заявил, что митинг устроили провокаторы, и попросил …`: the second
            # verb shares the first one's subject, never one from its content
            return search(ctx, ("left", earlier))
    gender = ctx.verb_gender(_finite(ctx, verb, lo))
    impersonal = gender == "plur"
    quoting = ctx.lemma(verb) in ("цитировать", "процитировать")
    parsed, inherited = _parsed_subject(ctx, verb, gender, impersonal, hi)
    if side == "left":
        found = _left(ctx, verb, lo, gender, impersonal)
        if found is None:
            found = _right(ctx, verb, hi, gender, impersonal, quoting)
    else:
        found = _right(ctx, verb, hi, gender, impersonal, quoting)
        if found is None:
            found = _left(ctx, verb, lo, gender, impersonal)
    found = _syntax_or_rules(ctx, verb, parsed, inherited, found)
    if found is not None and impersonal and found.kind == "mention":
        found = _first_conjunct(ctx, found, lo)
    if found is not None:
        found.verb_gender = gender
    return found


def _report_before(ctx: Context, lo: int, verb: int) -> int | None:
    """The finite verb of speech before `verb` in its sentence whose that-clause `verb`'s
    `и` closes (`заявил, что …, и попросил`), or None."""
    for k in range(verb - 3, lo - 1, -1):
        if ctx.speech(k) and ctx.finite(k) and ctx.word(k + 1) == "," \
                and ctx.word(k + 2) in ("что", "чтобы") and ctx.word(verb - 2) == "," \
                and ctx.feat(k, "Number") == ctx.feat(verb, "Number"):
            return k
    return None


def _first_conjunct(ctx: Context, found: Candidate, lo: int) -> Candidate:
    """`Брюссель и Берлин обещают`, `«Альфа» и «Бета» объявили`: two names under a plural
    verb are one phrase whose name is the first (shared/spec/quotes.md §6)."""
    k = found.first - 1
    if k > lo and ctx.tokens[k].text in chars.QUOTE_MARKS:
        k -= 1
    if ctx.word(k) != "и":
        return found
    k -= 1
    if k > lo and ctx.tokens[k].text in chars.QUOTE_MARKS:
        k -= 1
    first = ctx.mention_of.get(k)
    if first is None or first.last != k + 1 or first.type != found.mention.type:
        return found
    return Candidate("mention", first.first, found.last, first)


def _finite(ctx: Context, verb: int, lo: int) -> int:
    """The finite verb a converb after it depends on, which has the converb's subject and
    so its gender and number (`В Казани отвергли претензии, заявив, что …`: an impersonal
    plural); the verb itself otherwise."""
    if ctx.feat(verb, "VerbForm") != "Conv":
        return verb
    for k in range(verb - 1, lo - 1, -1):
        if ctx.word(k) in ("что", "чтобы", "который") or ctx.quoted(k):
            break
        if ctx.tokens[k].pos in ("VERB", "AUX") and ctx.feat(k, "VerbForm") == "Fin":
            return k
    return verb


def _first_word(ctx: Context, lo: int) -> int:
    """The sentence's first token that is no punctuation or dash."""
    while ctx.tokens[lo:lo + 1] and (ctx.is_punct(lo) or ctx.tokens[lo].text in DASHES):
        lo += 1
    return lo


COORDINATING = {"и", "а", "но", "однако", "затем", "потом"}


def doubtful(ctx: Context, hint, found: Candidate | None) -> int | None:
    """The sentence to parse when the rules' reading of a verb's speaker is weakest (see
    `_syntax_or_rules`): nothing found, a coordinator between the phrase found and the verb,
    or a phrase coordinated with another (`X и Y заявили`)."""
    if hint is None or hint[0] not in ("left", "right") or hint[1] is None:
        return None
    verb = hint[1]
    if ctx.speech(verb) is None:
        return None  # a frame, a request noun, a headline colon: no verb to parse
    number = ctx.tokens[verb].sentence
    if found is None or ctx.feat(verb, "VerbForm") == "Conv":
        return number  # a converb's subject is its verb's, wherever that stands
    if found.last <= verb and any(ctx.word(k) in COORDINATING
                                  for k in range(found.last, verb)):
        return number
    if ctx.word(found.first - 1) == "и" or ctx.word(found.last) == "и":
        return number
    return None


def _parsed_subject(ctx, verb, gender, impersonal, hi) -> tuple[Candidate | None, bool]:
    """The verb's subject in the syntax parse as a speaker phrase (None: the rules decide),
    and whether it is the subject of an earlier verb this one is coordinated with."""
    trees = ctx.trees
    if trees is None or not trees.parsed(verb):
        return None, False
    subject, inherited = trees.subject(verb, ctx.feat(verb, "VerbForm") == "Conv")
    if subject is None or ctx.quoted(subject) or ctx.lemma(subject) == "который" \
            or subject >= hi:
        return None, False  # `Сообщается о трёх пострадавших, среди них раввин …`: reported
    if inherited and ctx.feat(verb, "Number") and ctx.feat(subject, "Number") \
            and ctx.feat(verb, "Number") != ctx.feat(subject, "Number") \
            and not trees.conjuncts(subject):
        return None, False  # `Быков попал в больницу, … и сейчас говорят о …`: no agreement
    mention = ctx.mention_of.get(subject)
    k = mention.last - 1 if mention is not None else subject
    found = _candidate_at(ctx, k, False, gender, impersonal)
    if found is None:
        return None, False
    left = found.first < verb
    if left and found.last > verb:
        found.last = verb
    limit = verb if left else _np_limit(ctx, found.last)
    found = _prefer_person(ctx, found, limit)
    found.parsed = subject
    return found, inherited


def _np_limit(ctx: Context, k: int) -> int:
    _, hi = ctx.sentence_range(k - 1)
    while k < hi and ctx.word(k) not in STOP_WORDS and ctx.tokens[k].text not in DASHES:
        k += 1
    return k


def _syntax_or_rules(ctx, verb, parsed, inherited, found) -> Candidate | None:
    """The parse decides where the rules are weakest: no phrase found, a verb coordinated
    with an earlier one (`ушел и после сказал`: the nearest noun is the first verb's object),
    and coordinated subjects (`Питер Семнеби и представители ПАСЕ`: the first names them)."""
    if parsed is None:
        return found
    if found is None or inherited:
        return parsed
    trees = ctx.trees
    for conj in trees.conjuncts(parsed.parsed):
        if trees.start(conj) <= found.first < trees.end(conj) and found.first > parsed.first:
            parsed.last = max(parsed.last, found.last)  # the mention covers both
            return parsed
    return found


def _left(ctx, verb, lo, gender, impersonal) -> Candidate | None:
    k = verb - 1
    fallback = None
    while k >= lo:
        if ctx.quoted(k):
            k -= 1
            continue
        if ctx.tokens[k].text == ")":
            # skip a parenthesis: `Клуб «Бавария» (Мюнхен) считает`
            j = k - 1
            while j > lo and ctx.tokens[j].text != "(" and k - j < 12:
                j -= 1
            if ctx.tokens[j].text == "(":
                k = j - 1
                continue
        if ctx.lemma(k) == "который" and ctx.feat(k, "Case") in (None, "Nom") \
                and ctx.word(k - 1) == ",":
            # `Дэвида Дэвиса, который заявил`: the relative pronoun's antecedent speaks
            antecedent = _antecedent(ctx, k - 2, lo)
            if antecedent is not None:
                return Candidate("mention", antecedent.first, antecedent.last, antecedent)
        found = _candidate_at(ctx, k, False, gender, impersonal)
        venue = _venue_phrase(ctx, found.first, lo) if found is not None and not (
            found.mention is not None and found.mention.type == "PER") else None
        if venue is not None:
            k = venue - 1  # `Лада Орлова в интервью журналу «Вояж» призналась`: the medium
            continue
        if found is not None and found.kind in ("mention", "role", "noun") \
                and any(ctx.word(j) == "," for j in range(found.last, verb)) \
                and _in_participle_aside(ctx, found.first, lo):
            # `Адвокат, которого охранял полицейский Иван Ким, сообщил`: a name inside the
            # subject's set-off clause is not the verb's subject
            k = found.first - 1
            continue
        if found is not None and found.kind == "in":
            # `в Ryanair сообщили` only when no subject stands further left, and never
            # from a participle's aside (`Двое подозреваемых, находящихся в США, признали`)
            if not _in_participle_aside(ctx, found.first, lo):
                fallback = fallback or found
            k = found.first - 1
            continue
        if found is not None:
            if found.kind in ("role", "noun") and found.last > verb:
                found.last = verb
            # prefer the name an apposition gives: `Основатель MySQL Майкл Видениус`
            return _prefer_person(ctx, found, verb)
        if ctx.word(k) in ("что", "чтобы") and ctx.word(k - 1) == ",":
            break
        k -= 1
    return fallback or _untagged(ctx, verb, lo) or _after_phrase(ctx, verb, lo, gender)


def _after_phrase(ctx: Context, verb: int, lo: int, gender: str | None) -> Candidate | None:
    """`В ответ ЕС пообещал`, `При вступлении в должность Вукович пообещала`: a verb with
    no subject found, right after a name that ends a prepositional phrase: the name is the
    subject, whatever oblique case the tagger guessed for it after the phrase's noun."""
    mention = ctx.mention_of.get(verb - 1)
    if mention is None or mention.last != verb or mention.type not in ("PER", "ORG", "LOC") \
            or mention.first - 2 < lo or ctx.tokens[mention.first - 1].pos != "NOUN" \
            or ctx.tokens[mention.first - 2].pos != "ADP":
        return None
    if mention.type == "PER" and gender in ("masc", "femn") and mention.name is not None \
            and mention.name.gender not in (None, gender) \
            or gender == "plur" and ctx.feat(mention.last - 1, "Number") != "Plur":
        return None  # (`По просьбе Олега Рябова сообщили`: an impersonal plural)
    return Candidate("mention", mention.first, mention.last, mention)


def _venue_phrase(ctx: Context, first: int, lo: int) -> int | None:
    """Where a venue's prepositional phrase opens when the phrase at `first` is its
    dependent (`на страницах журнала «Вояж»`, `в эфире телеканала «Россия»`, `в интервью
    газете X`): the medium a speaker talks in, never the subject. Not a person: an
    undeclined name may be the subject (`На заседании кабинета Нетаньяху заявил`)."""
    j = first - 1
    while j >= lo and first - j <= 4 and (ctx.tokens[j].text in chars.QUOTE_MARKS
                                          or ctx.tokens[j].pos in ("NOUN", "ADJ", "PROPN")):
        if ctx.lemma(j) in lexicon("speech_venues"):
            while j - 1 >= lo and ctx.tokens[j - 1].pos == "ADJ":
                j -= 1
            return j - 1 if j - 1 >= lo and ctx.tokens[j - 1].pos == "ADP" else None
        j -= 1
    return None


APPOSITION_REACH = 6  # words of a set-off apposition between a name and `который`


def _antecedent(ctx: Context, k: int, lo: int) -> object | None:
    """The mention a relative pronoun after token k refers to: the one ending at k, or the
    one an apposition set off by commas follows (`Джо Арпайо, своего союзника, который`)."""
    mention = ctx.mention_of.get(k)
    if mention is not None:
        return mention
    j = k
    while j > lo and k - j < APPOSITION_REACH and ctx.word(j) != "," \
            and ctx.tokens[j].pos in ("NOUN", "ADJ", "DET", "PRON", "PROPN"):
        j -= 1
    mention = ctx.mention_of.get(j - 1) if j < k and ctx.word(j) == "," else None
    if mention is not None and mention.type == "PER" and ctx.tokens[k].pos == "NOUN" and (
            _same_case(ctx, k, j - 1) or _same_case(ctx, j - 1, k)
            or {ctx.feat(k, "Case"), ctx.feat(j - 1, "Case")} <= {"Acc", "Gen"}):
        return mention  # an animate's accusative is its genitive: the tagger reads either
    return None


def _in_participle_aside(ctx: Context, k: int, lo: int) -> bool:
    """Token k lies in a participle clause opened by a comma a few words before it (also
    where the tagger read the participle as a finite verb: `лечащие`)."""
    for j in range(k - 1, max(lo - 1, k - 6), -1):
        if ctx.word(j) == ",":
            return ctx.tokens[j + 1].feats.get("VerbForm") == "Part" or (
                ctx.tokens[j + 1].pos == "VERB"
                and any("PRTF" in p.tag for p in parses(ctx.word(j + 1))[:1])) \
                or any(ctx.lemma(m) == "который" for m in range(j + 1, min(k, j + 5)))
            # or a relative clause: `, которого охранял`, `, при которой Россия подписала`,
            # `, в годы правления которого Омск построил`
    return False


UNTAGGED_REACH = 4  # tokens before the verb where an untagged subject may stand


def _untagged(ctx: Context, verb: int, lo: int) -> Candidate | None:
    """A subject the entity tagger missed, right before the verb: a known first name
    (`Марк рассказал`) or a short form of an organization named before (`Авиационное
    управление сообщило` after `Федеральное авиационное управление`)."""
    for k in range(verb - 1, max(lo - 1, verb - 1 - UNTAGGED_REACH), -1):
        token = ctx.tokens[k]
        if k in ctx.mention_of or ctx.quoted(k) or ctx.is_punct(k):
            return None
        if token.pos not in ("NOUN", "PROPN") or ctx.feat(k, "Case") not in (None, "Nom"):
            continue
        if token.text[:1].isupper() and ctx.feat(k, "Number") != "Plur" and any(
                p.is_known and ({"Name", "Surn"} & p.tag.grammemes) and "nomn" in p.tag
                for p in parses(token.text.lower())):
            return Candidate("name", k, k + 1)
        first = k
        while first > lo and ctx.tokens[first - 1].pos == "ADJ" \
                and ctx.feat(first - 1, "Case") in (None, "Nom"):
            first -= 1
        if first < k and ctx.tokens[first].text[:1].isupper():
            words = {ctx.lemma(j) for j in range(first, k + 1)}
            mention = _organization_with(ctx, words, ctx.tokens[first].start)
            if mention is not None:
                return Candidate("mention", first, k + 1, mention)
        return None
    return None


def _organization_with(ctx: Context, words: set[str], before: int) -> object | None:
    """The last organization named before `before` whose name holds all these lemmas."""
    index = bisect_left(ctx.mention_starts, before) - 1
    stop = index - WALK
    while index >= 0 and index > stop:
        mention = ctx.mentions[index]
        if mention.type == "ORG" and mention.normal and words <= {
                _key(p.normal_form) for w in mention.normal.split() for p in parses(w.lower())}:
            return mention
        index -= 1
    return None


def _key(word: str) -> str:
    return word.lower().replace("ё", "е")


def _prefer_person(ctx: Context, found: Candidate, limit: int) -> Candidate:
    if found.kind == "mention" and found.mention.type == "PER":
        return found
    head = found.head if found.head is not None else found.last - 1
    for k in range(found.first, min(limit, found.last + 6)):
        if ctx.word(k) == "," and (ctx.lemma(k + 1) == "который"
                                   or _in_participle_aside(ctx, k + 2, k)):
            break  # `Врачи, лечащие Анну Белову, говорят`: a name in the noun's aside
        if k >= found.last and ctx.tokens[k].pos in ("VERB", "AUX"):
            break  # `Суд оправдал Марию Ковалёву, посчитав …`: past a verb is its object
        mention = ctx.mention_of.get(k)
        # every word of the name agrees: `Жена Ивана Петрова`, the surname read as a
        # woman's nominative, is still a genitive
        if mention is not None and mention.type == "PER" and all(
                _same_case(ctx, head, j) for j in (mention.first, mention.last - 1)) \
                and not _genitive_of_named(ctx, mention):
            return Candidate("mention", mention.first, mention.last, mention)
    return found


def _same_case(ctx: Context, a: int, b: int) -> bool:
    """An apposition agrees in case with its head (`Основатель MySQL Майкл Видениус`), a
    genitive is a dependent (`Южная Корея опровергает сообщения о здоровье Ким Чен Ына`)."""
    one, two = ctx.feat(a, "Case"), ctx.feat(b, "Case")
    return one is None or two is None or one == two or _indeclinable(ctx, a) \
        or {one, two} <= {"Nom", "Acc"}


def _right(ctx, verb, hi, gender, impersonal, quoting) -> Candidate | None:
    end = verb + 1
    seen = False
    while end < hi and ctx.tokens[end].text not in DASHES:
        if ctx.word(end) in STOP_WORDS:
            # `представитель «Союза» (Unión Ciudadana) Сесар Дуран`: a name's gloss goes on
            gloss = _gloss_end(ctx, end, hi) if ctx.word(end) == "(" else None
            if gloss is None:
                break
            end = gloss
            continue
        if seen and ctx.tokens[end].pos == "ADP" and not quoting:
            break  # `сообщает NEWSru.com со ссылкой на …`: the source ends before a preposition
        seen = seen or _candidate_at(ctx, end, quoting, gender, impersonal) is not None
        end += 1
    found = _best(ctx, range(verb + 1, end), any_case=quoting, gender=gender,
                  impersonal=impersonal)
    if impersonal and found is not None and found.kind == "mention" \
            and found.mention.type != "PER":
        # `— сообщили РИА Новости в пресс-службе базы`, `пояснили «Вестнику» в Минэнерго`:
        # with a plural verb and no subject, the outlet right after it is the addressee and
        # the `в` phrase the source
        k = found.last + (1 if ctx.tokens[found.last].text in chars.QUOTE_MARKS else 0)
        near = found.first - (1 if ctx.tokens[found.first - 1].text in chars.QUOTE_MARKS else 0)
        named = ctx.mention_of.get(k + 1)  # a name is looked at from its last word
        place = _candidate_at(ctx, named.last - 1 if named is not None else k + 1, False,
                              gender, True) \
            if near == verb + 1 and ctx.word(k) in ("в", "во") and k + 1 < hi else None
        if place is not None and place.kind == "in":
            return place
    if quoting and not (found is not None and found.kind == "mention"
                        and found.mention.type == "PER"):
        # `цитирует infox.ru директора по развитию Philips в России, на Украине, …,
        # Елену Сябренко`: the person quoted, past the commas of a long apposition
        begin = max(end, found.last if found is not None else end)  # past `infox.ru`
        for k in range(begin, min(hi, begin + 30)):
            mention = ctx.mention_of.get(k)
            if mention is not None and mention.type == "PER" and not ctx.quoted(k):
                return Candidate("mention", mention.first, mention.last, mention)
            if ctx.word(k) in (".", "!", "?", ";") or ctx.finite(k):
                break
    return found


GLOSS_REACH = 6  # words of a translation or an abbreviation in brackets after a name


def _gloss_end(ctx: Context, k: int, hi: int) -> int | None:
    """Past the `)` of a bracketed gloss at k that follows a name (`«Союза граждан» (Unión
    Ciudadana)`, `МВД (ведомство)`) and has no verb or comma of its own, else None."""
    before = k - 1
    if ctx.tokens[before].text in chars.QUOTE_MARKS:
        before -= 1
    if before not in ctx.mention_of:
        return None
    for j in range(k + 1, min(hi, k + GLOSS_REACH + 2)):
        if ctx.word(j) == ")":
            return j + 1 if j > k + 1 else None
        if ctx.is_punct(j) or ctx.finite(j):
            return None
    return None


def _best(ctx, span, any_case, gender, impersonal) -> Candidate | None:
    """A person's name first, then a role, an organization, a pronoun."""
    found: list[Candidate] = []
    for k in span:
        if ctx.quoted(k):
            continue
        candidate = _candidate_at(ctx, k, any_case, gender, impersonal)
        if candidate is not None:
            found.append(candidate)
    if not found:
        return None
    order = {"mention": 0, "outlet": 0, "latter": 0, "handle": 0, "role": 1, "in": 2,
             "document": 2, "noun": 3, "pronoun": 4}
    persons = [c for c in found if c.kind == "mention" and c.mention.type == "PER"]
    if persons:
        return persons[0]
    for candidate in found:
        if candidate.kind in ("role", "noun"):
            return _prefer_person(ctx, candidate, span.stop)
    return min(found, key=lambda c: order[c.kind])


@dataclass
class Turn:
    """One speaker phrase being resolved: what the rule units read and the rules that fired.

    `recent` holds (offset, Speaker, gender) of the speakers quoted before: a pronoun or a
    role noun most often continues the last one (`…, пояснил дипломат`)."""

    ctx: Context
    candidate: Candidate
    at: int
    recent: list
    text: str  # the speaker's words as written
    start: int
    stop: int
    head: int
    value: str  # the head noun's lemma
    steps: list[str]
    content: tuple[int, int] | None = None  # the quote's own characters

    def say(self, rule: str, speaker: Speaker | None) -> Speaker | None:
        if speaker is not None:
            self.steps.append(rule)
        return speaker

    def unnamed(self, rule: str) -> Speaker:
        """The phrase as written, naming nobody the document identifies."""
        self.steps.append(rule)
        return Speaker(None, None, None, self.text, self.start, self.stop)

    def mention(self, rule: str, mention) -> Speaker:
        self.steps.append(rule)
        return _from_mention(self.ctx, mention, self.text, self.start, self.stop)

    def again(self, rule: str, speaker: Speaker) -> Speaker:
        self.steps.append(rule)
        return _again(speaker, self.text, self.start, self.stop)

    def named(self, rule: str, name: str | None, type: str | None) -> Speaker:
        self.steps.append(rule)
        return Speaker(name, type, None, self.text, self.start, self.stop)

    def reject(self, what: str, why: str) -> None:
        self.steps.append(f"rejected {what}: {why}")

    def last_speaker(self, gender: str | None, types=("PER",), fits=None) -> Speaker | None:
        for offset, speaker, known in reversed(self.recent):
            if self.at - offset > RECENT_REACH:
                break
            if speaker.type in types and (gender is None or known is None or known == gender) \
                    and (fits is None or fits(speaker.cluster)):
                return speaker
        return None

    def continued(self, unit: str, gender: str | None) -> Speaker | None:
        """The last person quoted, else the last person named, of this gender."""
        previous = self.last_speaker(gender)
        if previous is not None:
            return self.again(f"{unit}:last-quoted", previous)
        person = _recent_person(self.ctx, self.before(), gender)
        return self.mention(f"{unit}:last-named", person) if person is not None else None

    def before(self) -> int:
        """Where a walk back to an earlier mention starts: before the content when the
        content precedes the phrase, since the content never supplies its own speaker
        (`…Фредди Меркьюри совершил переворот, считает маэстро`)."""
        if self.content and self.content[1] <= self.start:
            return self.content[0]
        return self.start

    def plural(self) -> bool:
        return self.ctx.feat(self.head, "Number") == "Plur"


def resolve(ctx: Context, candidate: Candidate | None, at: int,
            recent: list | None = None, steps: list[str] | None = None,
            content: tuple[int, int] | None = None) -> Speaker | None:
    """Who the speaker phrase is: a cluster's name, a body, or an anonymous source.

    The rule units below are tried in order; the first that decides names the speaker.
    `steps`, when given, receives the names of the rules that fired (`explain`)."""
    if candidate is None:
        return None
    start = ctx.tokens[candidate.first].start
    stop = ctx.tokens[candidate.last - 1].stop
    head = candidate.head if candidate.head is not None else \
        candidate.first + (1 if candidate.kind == "in" else 0)
    value = ctx.lemma(head)
    if "-" in value and value not in lexicon("roles"):
        value = value.rsplit("-", 1)[-1]  # `бизнес-ассоциация` is an `ассоциация`
    turn = Turn(ctx, candidate, at, recent or [], ctx.original[start:stop], start, stop,
                head, value, steps if steps is not None else [], content)
    for unit in UNITS:
        speaker = unit(turn)
        if speaker is not None:
            return speaker
    return None


def _by_kind(turn: Turn) -> Speaker | None:
    """Phrases whose kind decides alone: an anonymous frame, `последний`, an outlet, a
    first name the tagger missed, a name (unless it is a vague source: `российские СМИ`)."""
    ctx, candidate = turn.ctx, turn.candidate
    if candidate.kind == "anonymous":
        turn.steps.append("anonymous-frame")
        return Speaker(None, None, None, None, None, None)
    if candidate.kind == "latter":
        if ctx.feat(candidate.first, "Number") == "Plur":
            # `поспорила с соседками. Последние сказали`: the group named last, no person
            return turn.unnamed("latter:group")
        gender = PERSON_GENDER.get(ctx.feat(candidate.first, "Gender") or "")
        person = _recent_person(ctx, turn.start, gender)
        if person is not None:
            return turn.mention("latter", person)
        return turn.unnamed("latter:nobody")
    if candidate.kind == "outlet":
        return turn.named("outlet", turn.text, "ORG")
    if candidate.kind == "handle":
        nickname = HANDLE.search(ctx.text, ctx.tokens[_np_tail(ctx, turn.head + 1)].start)
        return turn.named("handle", nickname.group() if nickname else None, "PER")
    if candidate.kind == "name":
        token = ctx.tokens[candidate.first]
        return turn.named("first-name", turn.text if ctx.feat(candidate.first, "Case")
                          in (None, "Nom") else
                          lemma(token.word, "PROPN", token.feats).capitalize(), "PER")
    if candidate.kind in ("mention", "in") and candidate.mention is not None:
        if (candidate.mention.normal or "").lower() in lexicon("speaker_anonymous"):
            return turn.unnamed("mention:vague")
        return turn.mention("mention", candidate.mention)
    return None


def _document(turn: Turn) -> Speaker | None:
    """A text speaks for its author: `в заявлении Минобороны`, `говорится в статье` (the
    outlet), `говорится в заявлении` (the organization just named)."""
    ctx, candidate = turn.ctx, turn.candidate
    if candidate.kind != "document":
        return None
    owner = _owner_noun(turn, "document:of-body")
    if owner is not None:
        return owner
    for k in range(turn.head + 1, candidate.last):
        mention = ctx.mention_of.get(k)
        if mention is not None:
            return turn.mention("document:of", mention)
    found = _named_by_noun(ctx, turn.head + 1, turn.start) \
        if turn.head + 1 < candidate.last else None
    if found is not None:  # `в сообщении министерства обороны`, `в заявлении компании`
        return _by_noun(turn, "document", found)
    if turn.value in MEDIA_TEXTS:
        first = next((sp for _, sp, _ in turn.recent if sp.type == "ORG"), None)
        if first is not None:
            return turn.again("document:outlet", first)
    sentence = ctx.tokens[candidate.first].sentence
    author = _author_of(ctx, turn.value, candidate.first)
    if author is not None:  # `Минтранс опубликовал заявление. … В заявлении говорится`
        return turn.mention("document:author", author)
    # the author is the body that was the subject (`«Газпром» направил письмо в
    # Еврокомиссию. В письме говорится …`), not the addressee after a preposition
    # (not an outlet that relayed the text: `…, передает ТАСС. «…», - говорится в сообщении`;
    # an outlet's own article is its own)
    def author_like(cluster) -> bool:
        return turn.value in MEDIA_TEXTS \
            or not is_outlet(ctx, Speaker(None, "ORG", cluster, None, None, None))

    # (nor anyone named inside a quotation: `«… возбуждено Следственным комитетом», -
    # говорится в заявлении полиции`, an editor's `(… — “Ъ”)`)
    org = _recent(ctx, turn.start, ("ORG",), author=True, fits=author_like, unquoted=True) \
        or _recent(ctx, turn.start, ("ORG",), fits=author_like, unquoted=True)
    if org is not None and ctx.tokens[org.first].sentence >= sentence - 2:
        return turn.mention("document:recent-org", org)
    previous = turn.last_speaker(None, ("ORG",))
    if previous is not None:
        return turn.again("document:last-org", previous)
    return turn.unnamed("document:nobody")


AUTHOR_REACH = 3  # sentences back to the one that introduced the document


def _author_of(ctx: Context, noun: str, k: int) -> object | None:
    """Who wrote the document a bare noun at token k refers to: the subject of the last
    sentence, a few back, that named a document by the same noun (`Минтранс опубликовал
    заявление. Инцидент произошёл у офиса «Вектора». В заявлении говорится …`)."""
    sentence = ctx.tokens[k].sentence
    j = k - 1
    while j >= 0 and ctx.tokens[j].sentence >= sentence - AUTHOR_REACH:
        if ctx.tokens[j].sentence < sentence and ctx.lemma(j) == noun:
            lo, _ = ctx.sentence_range(j)
            return next((m for i in range(j - 1, lo - 1, -1)
                         if (m := ctx.mention_of.get(i)) is not None and i == m.last - 1
                         and lo <= m.first and m.type in ("PER", "ORG")
                         and _nominative(ctx, m.first, m.last)
                         and not (m.first > 0 and ctx.tokens[m.first - 1].pos == "ADP")),
                        None)
        j -= 1
    return None


def _pronoun(turn: Turn) -> Speaker | None:
    """`он`/`она`: the subject of this or the previous sentence, the person just quoted,
    the body an official spoke for; `она` may be a name guessed masculine or a body."""
    ctx, candidate = turn.ctx, turn.candidate
    if candidate.kind != "pronoun":
        return None
    word = POSSESSIVE.get(ctx.word(turn.head), ctx.word(turn.head))
    if word not in ("он", "она"):
        pair = _coordinated_subject(ctx, candidate.first) if word == "они" else None
        if pair is not None:  # `Иван Мор и Олег Брык покинули совет. Они заявили`
            return turn.mention("pronoun:pair", pair)
        return turn.unnamed("pronoun:plural")
    gender = "masc" if word == "он" else "femn"
    recent = turn.recent
    if recent and recent[-1][2] in (None, gender) \
            and ctx.tokens[ctx.token_at(recent[-1][0])].sentence \
            == ctx.tokens[candidate.first].sentence - 1:
        if recent[-1][1].type is None:
            return turn.unnamed("pronoun:unnamed-goes-on")
        if recent[-1][1].type == "PER":
            # `…, который заявил о своем уходе. Он считает, что …`: the one just quoted
            return turn.again("pronoun:just-quoted", recent[-1][1])
    subject = _recent_subject(ctx, candidate.first, gender)
    unnamed = _unnamed_subject(ctx, candidate.first, gender)
    if unnamed is not None and (subject is None or subject.first < unnamed):
        # `33-летний мужчина вышел во двор. Хотя он сообщил, что …`: someone the text never
        # names, not the official named a paragraph before
        return turn.unnamed("pronoun:unnamed-subject")
    if subject is not None:
        return turn.mention("pronoun:subject", subject)
    body = _official(ctx, recent, turn.at, turn.start)
    if body is not None:
        return turn.again("pronoun:official-body", body)
    found = turn.continued("pronoun", gender)
    if found is not None:
        return found
    if word == "она":
        # a foreign name guessed masculine that the text agrees as feminine
        # (`65-летнюю Аун Сан Су Чжи`)
        person = _recent_person(ctx, turn.start, None)
        if person is not None and _agrees_feminine(ctx, person.cluster):
            return turn.mention("pronoun:feminine-agreement", person)
        org = _recent(ctx, turn.start, ("ORG",))
        if org is not None:
            return turn.mention("pronoun:body", org)
    return turn.unnamed("pronoun:nobody")


def _coordinated_subject(ctx: Context, k: int) -> object | None:
    """The first of two persons joined by `и` as the subject of the previous sentence
    (or of this one, before k): who a plural `они` continues; the first names them, as
    for `Израиль и США заявили`."""
    sentence = ctx.tokens[k].sentence
    for number in (sentence, sentence - 1):
        if number < 0:
            break
        lo, hi = ctx.sentences[number].tokens
        hi = min(hi, k)
        plural = any(ctx.finite(j) and ctx.feat(j, "Number") == "Plur" for j in range(lo, hi))
        for j in range(lo, hi):
            first = ctx.mention_of.get(j)
            if first is None or first.first != j or ctx.word(first.last) not in ("и", ","):
                continue
            second = ctx.mention_of.get(first.last + 1)
            # conjuncts share their case: the tagger may guess one from the verb's side
            if second is None or not (_nominative(ctx, first.first, first.last) or (
                    first.type != "PER" and _nominative(ctx, second.first, second.last))) \
                    or (j > 0 and ctx.tokens[j - 1].pos == "ADP"):
                continue
            if first.type == second.type == "PER" and ctx.word(first.last) == "и":
                return first
            # `Проект критикуют США, Польша и страны Балтии. Они …`: a list of bodies
            # and places, the subject of a plural verb
            if plural and first.type in ("ORG", "LOC") and second.type in ("ORG", "LOC") \
                    and "и" in (ctx.word(i) for i in range(first.last, min(hi, second.last + 4))):
                return first
    return None


def _place_phrase(turn: Turn) -> Speaker | None:
    """`в горбольнице № 3 рассказали`: a common-noun place, named by its phrase and what
    follows it."""
    ctx, candidate = turn.ctx, turn.candidate
    if candidate.kind != "in" or _noun_kind(ctx, turn.head) is not None:
        return None
    tail = ctx.original[ctx.tokens[turn.head].stop:turn.stop]
    return turn.named("in-place", _group_name(ctx, candidate.first + 1, turn.head) + tail,
                      "ORG")


def _institution_unit(turn: Turn) -> Speaker | None:
    return turn.say("institution", _institution(turn.ctx, turn.candidate, turn.head,
                                                turn.value, turn.text, turn.start, turn.stop))


def _vague(turn: Turn) -> Speaker | None:
    """Anonymous and vague sources (`источник`, `эксперты`); a singular role noun in that
    list (`эксперт`) is still a person the document may name."""
    value = turn.value
    if value in lexicon("speaker_anonymous") and not (
            value in lexicon("roles") and not turn.plural()):
        return turn.unnamed("vague")
    return None


def _body(turn: Turn) -> Speaker | None:
    """An official (`представитель МИД`, `пресс-служба компании`) speaks for the body; the
    person where the document says who speaks for it; a woman where the verb says so."""
    ctx, candidate = turn.ctx, turn.candidate
    if turn.value not in lexicon("speaker_bodies"):
        return None
    if candidate.verb_gender == "femn" and ctx.feat(turn.head, "Gender") == "Masc":
        # `отметила представитель Philips`: a woman, not the body
        found = turn.continued("body:woman", "femn")
        if found is not None:
            return found
    owner = _owner_noun(turn, "body:of-body")
    if owner is not None:
        return owner
    for k in range(turn.head + 1, candidate.last):
        mention = ctx.mention_of.get(k)
        if mention is not None and mention.type != "PER":
            person = _member_of(ctx, mention) if ctx.feat(turn.head, "Animacy") == "Anim" \
                and not turn.plural() else None
            if person is not None:  # the document says who speaks for it
                return turn.mention("body:member", person)
            return turn.mention("body:of", mention)
        if mention is not None and ctx.feat(turn.head, "Animacy") == "Inan" \
                and ctx.feat(mention.first, "Case") == "Gen":
            # `пресс-служба губернатора Олега Сизова`: a person's office speaks for him
            return turn.mention("body:of-person", mention)
    found = _named_by_noun(ctx, turn.head + 1, turn.start) \
        if turn.head + 1 < candidate.last else None
    if found is not None:
        return _by_noun(turn, "body", found)
    placed = _placed_noun(ctx, turn.head + 1, turn.start) \
        if candidate.last == turn.head + 2 else None
    if placed is not None:  # `В аэропорту Твери …. пресс-служба аэропорта` → аэропорт Твери
        return turn.named("body:of-placed", placed, "ORG")
    body = _official(ctx, turn.recent, turn.at, turn.start) \
        if candidate.last == turn.head + 1 else None
    if body is not None:  # `Пресс-служба МЧС сообщила … , отмечает пресс-служба`
        return turn.again("body:official-body", body)
    if candidate.last == turn.head + 1 and not turn.plural():
        # `Представитель компании Олег Рябов …. По словам представителя`: the person the
        # document introduced in that office
        person = _by_role(ctx, {turn.value}, turn.start)
        want = candidate.verb_gender if candidate.verb_gender in ("masc", "femn") \
            and ctx.feat(turn.head, "Gender") == "Masc" else None
        if person is not None and not _other_gender(person, want):
            return turn.mention("body:role", person)
    return turn.unnamed("body:unnamed")


def _owner_noun(turn: Turn, rule: str) -> Speaker | None:
    """`в сообщении мэрии`, `пресс-служба полиции Грузии`: a document or an office whose
    owner is an institution or a group under its common noun speaks for that owner, resolved
    as that noun would be alone (not the place in its genitive, nor the last outlet)."""
    ctx, candidate, k = turn.ctx, turn.candidate, turn.head + 1
    if k >= candidate.last or k in ctx.mention_of or ctx.tokens[k].pos != "NOUN" \
            or ctx.feat(k, "Case") != "Gen":
        return None
    noun = ctx.lemma(k)
    if noun not in table("speaker_institutions") and noun not in lexicon("speaker_groups") \
            or table("speaker_institutions").get(noun):
        return None  # (a member noun, `полицейских`, is a group of people, not the body)
    steps: list[str] = []
    found = resolve(ctx, Candidate("noun", k, candidate.last, head=k), turn.at, turn.recent,
                    steps)
    if found is None or found.name is None:
        return None
    turn.steps.extend([*steps, rule])
    return _again(found, turn.text, turn.start, turn.stop)


def _placed_noun(ctx: Context, k: int, before: int) -> str | None:
    """A common noun in the genitive at k (`пресс-служба аэропорта`) that the text earlier
    wrote with its place (`в аэропорту Твери`): that noun and place, as one name."""
    if k in ctx.mention_of or ctx.tokens[k].pos != "NOUN" or ctx.feat(k, "Case") != "Gen" \
            or ctx.feat(k, "Animacy") == "Anim":
        return None
    noun = ctx.lemma(k)
    for j in range(ctx.token_at(before) - 1, 0, -1):
        place = ctx.mention_of.get(j + 1)
        if ctx.lemma(j) == noun and place is not None and place.type == "LOC" \
                and place.first == j + 1 and ctx.feat(j + 1, "Case") == "Gen":
            return f"{_nominative_form(ctx, j)} {ctx.original[place.start:place.stop]}"
    return None


def _by_noun(turn: Turn, unit: str, found: tuple[str, object | str]) -> Speaker:
    rule, what = found
    if isinstance(what, str):
        return turn.named(f"{unit}:{rule}", what, "ORG")
    return turn.mention(f"{unit}:{rule}", what)


def _generic(turn: Turn) -> Speaker | None:
    """A generic organization noun (`компания`, `профсоюз`, `издание`): the name in its
    phrase, its title, the organization introduced with that noun, the last one quoted."""
    ctx, candidate, value = turn.ctx, turn.candidate, turn.value
    if value not in lexicon("speaker_generic") and value not in MEDIA:
        return None
    for k in range(turn.head + 1, candidate.last):
        mention = ctx.mention_of.get(k)
        # a person in the genitive owns or leads it (`профсоюз Ивана Котова`), a country
        # qualifies an outlet (`телевидение Ирана`): not its name
        if mention is not None and not (
                mention.type in (("PER", "LOC") if value in MEDIA else ("PER",))
                and ctx.feat(mention.first, "Case") == "Gen"):
            return turn.mention("generic:of", mention)
    if turn.plural():
        earlier = _introduced_group(ctx, candidate, turn.head, whole=True)
        if earlier is not None:  # `всем немецким компаниям … Компании расценили`: the same
            return turn.named("generic:introduced-group", earlier, None)
        return turn.unnamed("generic:plural")  # `компании`: a vague group
    after = _candidate_at(ctx, candidate.last, True, None, False) \
        if candidate.last < len(ctx.tokens) else None
    if after is not None and after.kind == "outlet":  # `портал ura.news`
        return turn.named("generic:outlet", ctx.original[
            ctx.tokens[after.first].start:ctx.tokens[after.last - 1].stop], "ORG")
    title = _title_after(ctx, candidate.last)
    if title is not None:
        return turn.named("generic:title", title, "ORG")  # `газета «Труд»`
    if value in MEDIA:
        return _media(turn)
    if candidate.first < turn.head:
        # `Авиационное управление` after `Федеральное авиационное управление`
        named = _organization_with(ctx, {ctx.lemma(k) for k in range(candidate.first,
                                                                      turn.head + 1)},
                                   turn.start)
        if named is not None:
            return turn.mention("generic:same-words", named)
    named = _apposition(ctx, value, turn.start)
    if named is not None:  # `профсоюз` after `профсоюз пилотов Cockpit`
        return turn.mention("generic:introduced", named)
    ministry = _ministry(ctx, turn.head, turn.start)
    if ministry is not None:  # `министерство обороны заявило`: by its usual name
        return turn.named("generic:ministry", ministry, "ORG")
    if candidate.last > turn.head + 1 and ctx.feat(turn.head + 1, "Case") == "Gen" \
            and ctx.tokens[turn.head + 1].pos == "NOUN":
        # `коллегия нотариусов`, `ассоциация туроператоров`: a body its words describe,
        # not the organization named last
        tail = ctx.original[ctx.tokens[turn.head].stop:turn.stop]
        return turn.named("generic:as-written", _group_name(ctx, candidate.first, turn.head)
                          + tail, "ORG")
    return _generic_by_kind(turn)


def _media(turn: Turn) -> Speaker:
    """`пишет издание`: an outlet the text introduced as one (`газета The Guardian`), the
    outlet as written, else the organization the article first reports from."""
    ctx, candidate = turn.ctx, turn.candidate
    named = _apposition(ctx, turn.value, turn.start)
    if named is not None:
        return turn.mention("media:introduced", named)
    if candidate.first < turn.head or candidate.last > turn.head + 1:
        # `иранское государственное телевидение`, `телевидение Ирана`: as written
        tail = ctx.original[ctx.tokens[turn.head].stop:turn.stop]
        return turn.named("media:as-written", _group_name(ctx, candidate.first,
                                                          turn.head) + tail, "ORG")
    first = next((sp for _, sp, _ in turn.recent if sp.type == "ORG"), None)
    if first is not None and is_outlet(ctx, first):
        return turn.again("media:first-outlet", first)
    return turn.unnamed("media:unnamed")


def _generic_by_kind(turn: Turn) -> Speaker:
    """The organization a bare generic noun stands for: one the text made of its kind
    (`Минздрав` for `министерство`), else one of no known kind, quoted before or named
    last; never one of another kind (`профсоюз` is not the airline)."""
    ctx, value = turn.ctx, turn.value

    def same(cluster: int | None) -> bool:
        return _kind_fits(ctx, value, cluster, strict=True)

    def fits(cluster: int | None) -> bool:
        return _kind_fits(ctx, value, cluster)
    previous = turn.last_speaker(None, ("ORG",), same)
    org = _recent(ctx, turn.start, ("ORG",), fits=same) if previous is None else None
    if previous is None and org is None:
        previous = turn.last_speaker(None, ("ORG",), fits)
        org = _recent(ctx, turn.start, ("ORG",), fits=fits) if previous is None else None
    if previous is not None:
        return turn.again("generic:last-org-quoted", previous)
    if org is not None:
        return turn.mention("generic:last-org", org)
    return turn.unnamed("generic:nobody")


def _group(turn: Turn) -> Speaker | None:
    """Groups as written (`демократы`, `радикальные исламисты`, `её родственники`); a bare
    or quantified plural (`инвесторы`, `многие комментаторы`, `эксперты`) stays anonymous."""
    ctx, candidate = turn.ctx, turn.candidate
    if turn.value in lexicon("speaker_groups"):
        first = candidate.first + (1 if candidate.kind == "in" else 0)  # not the `в`
        name = _group_name(ctx, first, turn.head)
        owner = ctx.mention_of.get(turn.head + 1)
        if owner is not None and owner.type in ("LOC", "ORG") \
                and ctx.feat(turn.head + 1, "Case") == "Gen":
            # `власти Чили`, `полиция Лондона`: the group of that place, as written
            name += ctx.original[ctx.tokens[turn.head].stop:owner.stop]
        return turn.named("group", name, None)
    person = _person_owner(turn) or _possessed_group(turn)
    if person is not None:
        return person
    if candidate.kind == "noun" and turn.plural():
        owner = next((m for k in range(turn.head + 1, candidate.last)
                      if (m := ctx.mention_of.get(k)) is not None and m.type == "ORG"), None)
        if owner is not None:  # `рабочие завода Visteon`: the group as written
            tail = ctx.original[ctx.tokens[turn.head].stop:owner.stop]
            return turn.named("group:of", _group_name(ctx, candidate.first, turn.head) + tail,
                              None)
        if _definite_group(ctx, candidate.first, turn.head):
            return turn.named("group:definite", _group_name(ctx, candidate.first, turn.head),
                              None)
        earlier = _introduced_group(ctx, candidate, turn.head, whole=False)
        if earlier is not None:  # `Бастующие шахтёры … Шахтёры заявили`: the same
            return turn.named("group:introduced", earlier, None)
        body = _body_named_for(ctx, turn.head)
        if body is not None:  # `пилоты` in a text about `профсоюз пилотов Cockpit`
            return turn.mention("group:body", body)
        return turn.unnamed("group:vague")
    if candidate.kind == "role" and turn.plural():
        found = _named_by_noun(ctx, turn.head + 1, turn.start) \
            if turn.head + 1 < candidate.last else None
        if found is not None:  # `Лидеры партии призвали` after `партия «Рассвет»`
            what = found[1]
            return turn.named("role:plural-of", what, "ORG") if isinstance(what, str) \
                else turn.mention("role:plural-of", what)
        return turn.unnamed("role:plural")  # `эксперты`, `дипломаты`
    return None


def _person_owner(turn: Turn) -> Speaker | None:
    """People named by their relation to one person (`Адвокаты Мингазова`, `соседи Петра
    Сомова`): a definite group, named as written (shared/spec/quotes.md §6 "Groups"), not
    the person, nor nobody."""
    ctx, candidate, head = turn.ctx, turn.candidate, turn.head
    if candidate.kind not in ("noun", "role") or not turn.plural():
        return None
    owner = ctx.mention_of.get(head + 1)
    if owner is None or owner.type != "PER" or owner.first != head + 1 \
            or owner.last > candidate.last \
            or ctx.feat(owner.first, "Case") != "Gen" and not _genitive_of_named(ctx, owner):
        return None
    tail = ctx.original[ctx.tokens[head].stop:owner.stop]
    return turn.named("group:of-person", _group_name(ctx, candidate.first, head) + tail, None)


def _possessed_group(turn: Turn) -> Speaker | None:
    """`Её родственники сообщили` after `Кэрри Фишер`: the group of the person the
    possessive stands for, named with that person in the genitive as the text writes it
    (`родственники Кэрри Фишер`); None when the text never writes the genitive."""
    ctx, candidate, head = turn.ctx, turn.candidate, turn.head
    word = ctx.word(candidate.first - 1)
    if candidate.kind not in ("noun", "role") or not turn.plural() \
            or POSSESSIVE.get(word) not in ("он", "она"):
        return None
    gender = "masc" if word == "его" else "femn"
    person = _recent_person(ctx, turn.start, gender, unquoted=True)
    if person is None:
        return None
    # (a man's accusative is his genitive: `арестовал Ивана Мингазова`)
    cases = ("Gen", "Acc") if gender == "masc" else ("Gen",)
    written = next((m.text for m in ctx.by_cluster.get(person.cluster, ())
                    if ctx.feat(m.first, "Case") in cases and m.last - m.first >= 2), None)
    if written is None and all(_undeclined(word) or word[-1:].lower() in "иеоуюэ" or (
            gender == "femn" and word[-1:].lower() not in "аяь")
            for word in (person.normal or "").split()):
        written = person.normal  # a name that does not decline (`Кэрри Фишер`)
    if written is None:
        return None
    return turn.named("group:possessed", _group_name(ctx, candidate.first, head) + " " + written,
                      None)


def _relative(turn: Turn) -> Speaker | None:
    """A person named by their relation to another (`адвокат Насира`, `отец Ивана
    Агафонова`, `внук Манделы`) is someone else: the one the document gives that relation
    (its role table), else unnamed; never the person in the genitive, nor whoever was
    quoted or named last."""
    ctx, candidate, head = turn.ctx, turn.candidate, turn.head
    if candidate.kind not in ("role", "noun") or turn.plural():
        return None
    owner = next((m for k in range(head + 1, candidate.last)
                  if (m := ctx.mention_of.get(k)) is not None and m.type == "PER"
                  and (ctx.feat(m.first, "Case") == "Gen" or _genitive_of_named(ctx, m))),
                 None)
    if owner is None and not (
            ctx.tokens[head + 1:head + 2] and head + 1 < candidate.last
            and head + 1 not in ctx.mention_of and ctx.tokens[head + 1].pos == "PROPN"
            and ctx.feat(head + 1, "Case") == "Gen"):
        return None  # (a surname the tagger did not mark a person: `Отец Сомова`)
    words = {ctx.lemma(k) for k in range(head, candidate.last)
             if ctx.tokens[k].pos in ("NOUN", "PROPN") or k in ctx.mention_of}
    for rule, role in (("relative:table", words | {turn.value}), ("relative:role", {turn.value})):
        # `адвокат Саиф уль-Малук` earlier is the lawyer of the one the story is about
        person = _by_role(ctx, role, turn.start)
        if person is not None and (owner is None or person.cluster != owner.cluster):
            return turn.mention(rule, person)
    return turn.unnamed("relative:unnamed")


def _role(turn: Turn) -> Speaker | None:
    """A role noun (`министр`, `госсекретарь США`): the person the document gives that
    role, the body an official spoke for, the person quoted or named last."""
    ctx, candidate, head = turn.ctx, turn.candidate, turn.head
    if candidate.kind != "role":
        return None
    qualifiers = {ctx.lemma(k) for k in range(head, candidate.last)
                  if ctx.tokens[k].pos in ("NOUN", "PROPN") or k in ctx.mention_of}
    # `британский премьер`, `глава польского МИД`: an adjective of a state names the
    # state as its genitive does (`премьер-министр Великобритании`)
    qualifiers |= {state for k in range(candidate.first, candidate.last)
                   if ctx.tokens[k].pos == "ADJ"
                   and (state := countries.of_adjective(ctx.lemma(k))) is not None}
    person, rule = _by_role(ctx, qualifiers | {turn.value}, turn.start), "role:table"
    if person is None:  # `Глава российского государства` is the president of Russia
        words = {ctx.lemma(k) for k in range(candidate.first, candidate.last)}
        for key, role in _periphrases():
            if key <= words:
                person = _by_role(ctx, (qualifiers | {turn.value}) - key | role, turn.start)
                rule = "role:periphrasis"
                break
    if person is None and turn.value in lexicon("speaker_leaders") \
            and qualifiers - {turn.value}:
        # `французский лидер` is whoever leads France: its president, its prime minister
        person, rule = _by_role(ctx, qualifiers - {turn.value}, turn.start), "role:leader"
    if person is None and len(qualifiers) == 1:
        person, rule = _dash_role(ctx, turn.value), "role:dash"
    # `британский премьер пригрозила`: the verb tells a woman holds the role
    want = candidate.verb_gender if candidate.verb_gender in ("masc", "femn") \
        and ctx.feat(head, "Gender") == "Masc" else None
    if _other_gender(person, want):
        turn.reject(person.normal or "?", f"not {want}")
        person = None
    if person is None and turn.value in lexicon("speaker_spokespeople"):
        # `пресс-секретарь Белого дома` whom the document does not name: the body
        body = next((ctx.mention_of[k] for k in range(head + 1, candidate.last)
                     if k in ctx.mention_of and ctx.mention_of[k].type in ("ORG", "LOC")), None)
        if body is not None:
            return turn.mention("role:spokesperson-body", body)
    if person is None:
        body = _official(ctx, turn.recent, turn.at, turn.start)
        if body is not None:
            return turn.again("role:official-body", body)
        previous = turn.last_speaker(want)
        if previous is not None:
            return turn.again("role:last-quoted", previous)
        person, rule = _recent_person(ctx, turn.before(), want, unquoted=True), "role:last-named"
    if person is None:
        person, rule = _next_person(ctx, turn.stop), "role:next-named"
        if _other_gender(person, want):
            person = None  # `Судья заявила, что Иван Рык виновен`: not him
        elif person is not None and turn.content is not None \
                and "\n" in ctx.text[turn.stop:person.start] \
                and turn.content[0] <= person.start < turn.content[1]:
            person = None  # `Губернатор сказал:⏎Министр Рябов заявил мне …`: a block names others
    if person is not None:
        return turn.mention(rule, person)
    return turn.unnamed("role:nobody")


def _other_gender(person, want: str | None) -> bool:
    """The person's known gender is not the one the verb wants."""
    return person is not None and bool(want) and person.name is not None \
        and bool(person.name.gender) and person.name.gender != want


# The dative pronoun of each gender: the addressee of a verb of speech (`сказала ей`).
ADDRESSEE_PRONOUNS = {"femn": "ей", "masc": "ему"}


def _animate(turn: Turn) -> Speaker | None:
    """Any other animate noun (`супруга`, `чиновник`): the body an official spoke for, the
    subject just named, the most recent person of its gender."""
    ctx = turn.ctx
    gender = PERSON_GENDER.get(ctx.feat(turn.head, "Gender") or "")
    if gender == "masc" and turn.candidate.verb_gender == "femn":
        gender = "femn"  # `Политик сообщила`: a masculine noun of a woman, as the verb says
    body = _official(ctx, turn.recent, turn.at, turn.start)
    if body is not None:  # `Чиновник подчеркнул` after `представитель министерства`
        return turn.again("noun:official-body", body)
    verb = ctx.token_at(turn.at)
    if gender is not None and any(ctx.word(k) == ADDRESSEE_PRONOUNS.get(gender)
                                  for k in range(verb - 2, verb + 3)):
        # `Соседка указала ей, что …`: the woman last named is whom she spoke to
        return turn.unnamed("noun:addressed")
    if gender is not None:
        # `Об этом заявил … Эдуард Товпинец. Чиновник заметил, …`: the subject just named
        subject = _recent_subject(ctx, ctx.token_at(turn.before()), gender)
        if subject is not None:
            return turn.mention("noun:subject", subject)
    return turn.continued("noun", gender) or turn.unnamed("noun:nobody")


def _side(turn: Turn) -> Speaker | None:
    """`Российская сторона заявила`: a side qualified by a state's adjective is that state,
    speaking for its government (a place standing for one, shared/spec/quotes.md §3)."""
    ctx, head = turn.ctx, turn.head
    if turn.value != "сторона" or head == 0 or ctx.tokens[head - 1].pos != "ADJ":
        return None
    state = countries.of_adjective(ctx.lemma(head - 1))
    if state is None:
        return None
    mention = next((m for m in ctx.mentions if m.type == "LOC" and m.start < turn.start
                    and countries.of_lemmas(tuple(ctx.lemma(k) for k in range(
                        m.first, m.last))) == state), None)
    if mention is not None:
        return turn.mention("side:state", mention)
    return turn.named("side:state", countries.written(state), "LOC")


# The order matters: the first unit that decides names the speaker.
UNITS = (_by_kind, _side, _document, _pronoun, _place_phrase, _institution_unit, _vague, _body,
         _generic, _group, _relative, _role, _animate)


def _institution(ctx: Context, candidate: Candidate, head: int, value: str, text: str,
                 start: int, stop: int) -> Speaker | None:
    """An institution under its common noun (`суд`, `следствие`), or its members in the
    plural (`следователи`, `полицейские`): the organization of that kind the document
    names, else the phrase as written (`правительство Пакистана`, `полиция`)."""
    entry = table("speaker_institutions").get(value)
    if entry is None:
        return None
    plural = ctx.feat(head, "Number") == "Plur"
    if entry:  # a member noun: only the plural speaks for the body (`следователь` is a person)
        if not plural:
            return None
        body, *words = [w.strip() for w in entry.split(";")]
    else:
        body, words = value, [value]
    for k in range(head + 1, candidate.last):
        mention = ctx.mention_of.get(k)
        if mention is not None and mention.type == "ORG":  # `депутаты Законодательного собрания`
            return _from_mention(ctx, mention, text, start, stop)
    found = _named_by_noun(ctx, head + 1, start) if entry and head + 1 < candidate.last \
        else None
    if found is not None:  # `члены союза` after `Союз архитекторов`
        what = found[1]
        return Speaker(what, "ORG", None, text, start, stop) if isinstance(what, str) \
            else _from_mention(ctx, what, text, start, stop)
    named = _organization_of_kind(ctx, set(words), start)
    if named is not None:
        return _from_mention(ctx, named, text, start, stop)
    if body == "*" or not entry:
        # the phrase itself, with a qualifier as written (`правительство Пакистана`)
        first = candidate.first + (1 if candidate.kind == "in" else 0)  # not the `в`
        name = _group_name(ctx, first, head)
        tail = ctx.original[ctx.tokens[head].stop:stop] if candidate.last > head + 1 else ""
        if candidate.last == head + 2 and ctx.lemma(head + 1) in ("страна", "государство") \
                and ctx.feat(head + 1, "Case") == "Gen":
            # `правительство страны`: the country the text is about, the last one named
            state = _state_before(ctx, start)
            tail = " " + state if state is not None else tail
        return Speaker(name + tail, "ORG", None, text, start, stop)
    return Speaker(body, "ORG", None, text, start, stop)


def _organization_of_kind(ctx: Context, words: set[str], before: int) -> object | None:
    """The one organization the document names with one of these words (`Замоскворецкий
    суд` for `суд`, `СК` for `следователи`): the last before `before`, else the first after;
    none when two organizations of the kind are named."""
    found = {}
    for mention in ctx.mentions:
        if mention.type != "ORG":
            continue
        lemmas = {ctx.lemma(k) for k in range(mention.first, mention.last)}
        lemmas |= {(mention.normal or "").lower()}
        if lemmas & words:
            found.setdefault(mention.cluster, []).append(mention)
    if len(found) != 1:
        return None
    mentions = next(iter(found.values()))
    earlier = [m for m in mentions if m.start < before]
    return earlier[-1] if earlier else mentions[0]


def _member_of(ctx: Context, org) -> object | None:
    """The one person the document gives a role in this organization (`Директор «Лот-Арт»
    Антон Кравец` for `представитель «Лот-Арт»`), else None."""
    written = ctx.original[org.start:org.stop].strip(chars.QUOTE_MARKS + " ")
    names = {w for w in (org.normal, written) if w and len(w) > 1}
    found = None
    for cluster in ctx.clusters.values():
        if cluster.type != "PER" or not any(n in role for role in cluster.roles
                                            for n in names):
            continue
        if found is not None:
            return None  # two people of that organization: the role does not tell which
        found = cluster
    if found is None:
        return None
    mentions = ctx.by_cluster.get(found.id, ())
    return mentions[0] if mentions else None


def _named_by_noun(ctx: Context, k: int, before: int) -> tuple[str, object | str] | None:
    """What an organization's common noun in the genitive at token k stands for
    (`представители компании`, `члены союза`, `в сообщении министерства обороны`): a
    ministry by its words, else the one organization the document names with that noun
    (`Компания «Вектор»`, `Союз архитекторов`), else one introduced with it; (rule, the
    mention or a name), or None."""
    if k >= len(ctx.tokens) or ctx.feat(k, "Case") != "Gen" or ctx.tokens[k].pos != "NOUN":
        return None
    ministry = _ministry(ctx, k, before)
    if ministry is not None:
        return "ministry", ministry
    noun = ctx.lemma(k)
    if noun not in lexicon("speaker_generic") and noun not in MEDIA:
        return None
    named = _organization_of_kind(ctx, {noun}, before) or _apposition(ctx, noun, before)
    return ("of-the-named", named) if named is not None else None


def _ministry(ctx: Context, k: int, before: int) -> str | None:
    """`министерства иностранных дел (страны)` → `МИД (Франции)`: a ministry the tagger did
    not mark, by its words; `страны` is the country last named."""
    if ctx.lemma(k) != "министерство":
        return None
    _, hi = ctx.sentence_range(k)
    for words, name in _ministries():
        end = k + len(words)
        if end > hi or any(ctx.word(k + 1 + j) != w for j, w in enumerate(words[1:])):
            continue
        if ctx.word(end) == "страны":
            country = _recent_subject_place(ctx, before)
            genitive = _genitive(country.normal) if country is not None else None
            if genitive:
                return f"{name} {genitive}"
        return name
    return None


def _recent_subject_place(ctx: Context, before: int) -> object | None:
    """The last place named as a subject (`Франция выступает …`), not one in an oblique
    case (`директивы Евросоюза`)."""
    index = bisect_left(ctx.mention_starts, before) - 1
    stop = index - WALK
    while index >= 0 and index > stop:
        mention = ctx.mentions[index]
        if mention.type == "LOC" and _nominative(ctx, mention.first, mention.last) \
                and (mention.first == 0 or ctx.tokens[mention.first - 1].pos != "ADP"):
            return mention
        index -= 1
    return None


def _ministries() -> list[tuple[list[str], str]]:
    pairs = [(key.split(), value) for key, value in table("speaker_ministries").items()]
    return sorted(pairs, key=lambda pair: -len(pair[0]))  # the longest name first


def _state_before(ctx: Context, before: int) -> str | None:
    """The last state named before `before`, in the genitive (`Пакистана`)."""
    index = bisect_left(ctx.mention_starts, before) - 1
    for mention in ctx.mentions[max(0, index - WALK):index + 1][::-1]:
        if mention.type != "LOC":
            continue
        state = countries.of_lemmas(tuple(ctx.lemma(k) for k in range(mention.first,
                                                                       mention.last)))
        if state is not None:
            if ctx.feat(mention.first, "Case") == "Gen":
                return ctx.original[mention.start:mention.stop]
            return _genitive(countries.written(state))
    return None


def _genitive(name: str | None) -> str | None:
    """A one-word place name in the genitive (`Франция` → `Франции`), else None."""
    if not name or " " in name:
        return None
    for parse in parses(name.lower()):
        if "Geox" in parse.tag or "Sgtm" in parse.tag or "NOUN" in parse.tag:
            form = parse.inflect({"gent"})
            if form is not None:
                return form.word[:1].upper() + form.word[1:]
    return None


def _official(ctx: Context, recent: list, at: int, before: int) -> Speaker | None:
    """The body the last quoted speaker, an unnamed official (`представитель
    Минсельхоза`), spoke for, while no person has been named since: `он`, `чиновник`
    and `дипломат` go on speaking for it."""
    if not recent:
        return None
    offset, speaker, _ = recent[-1]
    if at - offset > RECENT_REACH or speaker.type != "ORG" or speaker.start is None:
        return None
    official = False
    for _, earlier, _ in reversed(recent):  # `он` after the official speaks for it too
        if earlier.name != speaker.name or earlier.start is None:
            break
        head = ctx.token_at(earlier.start)
        if ctx.lemma(head) in lexicon("speaker_bodies") and ctx.feat(head, "Number") != "Plur":
            official = True
            break
    if not official:
        return None
    index = bisect_left(ctx.mention_starts, speaker.stop)
    while index < len(ctx.mentions) and ctx.mentions[index].start < before:
        if ctx.mentions[index].type == "PER":
            return None
        index += 1
    return speaker


def is_outlet(ctx: Context, speaker: Speaker) -> bool:
    """A speaker that reads as a media outlet: a web address, a name after a media noun,
    or the subject of a writing verb (`пишет`, `сообщает`)."""
    if speaker.mention and OUTLET.search(speaker.mention):
        return True
    starts = [m.start for m in ctx.by_cluster.get(speaker.cluster, ())] \
        if speaker.cluster is not None else []
    if speaker.start is not None:
        starts.append(speaker.start)
    for start in starts[:20]:
        k = ctx.token_at(start)
        near = {ctx.lemma(j) for j in range(max(0, k - 3), min(len(ctx.tokens), k + 2))}
        if near & (MEDIA | {"писать", "сообщать", "передавать", "цитировать"}):
            return True
    return False


def person_gender(ctx: Context, mention) -> str | None:
    """A person's gender: the name's, unless the name is no Russian given name and the
    words agreeing with the person say otherwise (`христианка Нур Биби обратилась`: the
    name alone was read as a man's)."""
    known = mention.name.gender if mention.name else None
    first = mention.name.first if mention.name else None
    # (asked for every mention a walk back passes: once per cluster and name)
    cache = ctx.__dict__.setdefault("_person_genders", {})
    key = (mention.cluster, known, first)
    if key not in cache:
        agreed, words = agreed_gender(ctx, mention.cluster)
        cache[key] = agreed or known if known is None or agreed is not None and (
            words >= 2 or not (first and _first_name(first.lower()))) else known
    return cache[key]


def agreed_gender(ctx: Context, cluster) -> tuple[str | None, int]:
    """The gender the words next to a cluster's mentions agree in (`христианка Нур Биби
    обратилась`), and how many words say so; None when they say none or both."""
    cache = ctx.__dict__.setdefault("_agreed", {})
    if cluster not in cache:
        cache[cluster] = _agreed_gender(ctx, cluster)
    return cache[cluster]


def _agreed_gender(ctx: Context, cluster) -> tuple[str | None, int]:
    seen: list[str] = []
    for mention in ctx.by_cluster.get(cluster, ())[:20]:
        # an adjective or noun before the name, its verb after it (a verb before it is
        # someone else's: `Трамп назвал Клинтон`)
        for k, parts in ((mention.first - 1, ("ADJ", "NOUN")), (mention.last, ("VERB", "AUX"))):
            if 0 <= k < len(ctx.tokens) and ctx.tokens[k].pos in parts \
                    and ctx.feat(k, "Number") != "Plur" and (
                        ctx.tokens[k].pos != "NOUN" or ctx.feat(k, "Animacy") == "Anim"
                        and ctx.feat(k, "Gender") == "Fem"):
                # (a masculine role noun says nothing: `премьер-министр Тереза Мэй`)
                gender = PERSON_GENDER.get(ctx.feat(k, "Gender") or "")
                if gender is not None:
                    seen.append(gender)
    return (seen[0], len(seen)) if seen and len(set(seen)) == 1 else (None, 0)


def _agrees_feminine(ctx: Context, cluster) -> bool:
    """A word next to one of the cluster's mentions agrees with it in the feminine."""
    for mention in ctx.by_cluster.get(cluster, ())[:20]:
        for k in (mention.first - 1, mention.last):
            if 0 <= k < len(ctx.tokens) and ctx.tokens[k].pos in ("ADJ", "VERB", "AUX") \
                    and ctx.feat(k, "Gender") == "Fem" and ctx.feat(k, "Number") != "Plur":
                return True
    return False


def _title_word(word: str) -> bool:
    """A common noun for a person (`ксендз`, `доктор`), not a name."""
    found = parses(word.lower())
    return bool(found) and all(
        p.is_known and "NOUN" in p.tag and "anim" in p.tag
        and not ({"Name", "Surn", "Patr"} & p.tag.grammemes) for p in found)


def _first_name(word: str) -> bool:
    return any(p.is_known and "Name" in p.tag for p in parses(word))


def _title_after(ctx: Context, k: int) -> str | None:
    """A short title in quotation marks right after a noun: `газета «Труд»`."""
    if k < len(ctx.tokens) and ctx.tokens[k].text in "«\"„“":
        k += 1  # the opening mark itself is outside the span
    if k >= len(ctx.tokens) or ctx.inside[k] < 0 or ctx.span_words.get(ctx.inside[k], 9) > 3:
        return None
    open_at, close_at = ctx.spans[ctx.inside[k]]
    if ctx.tokens[k].start > open_at + 2:
        return None
    return ctx.text[open_at + 1:close_at].strip() or None


def _apposition(ctx: Context, value: str, before: int) -> object | None:
    """The last organization introduced with this generic noun before `before`."""
    index = bisect_left(ctx.mention_starts, before) - 1
    stop = index - WALK
    while index >= 0 and index > stop:
        mention = ctx.mentions[index]
        if mention.type != "PER":
            for k in _apposed(ctx, mention):
                if ctx.lemma(k) == value or (value in MEDIA and ctx.lemma(k) in MEDIA):
                    return mention
        index -= 1
    return None


def _apposed(ctx: Context, mention) -> range:
    """The tokens right before a mention that may introduce it (`профсоюз пилотов
    Cockpit`, `газета «Труд»`): up to three, none across punctuation other than marks
    (`По мнению профсоюзов, рабочие Ryanair` does not call Ryanair a union)."""
    first = mention.first
    while first > max(0, mention.first - 3) and (
            not ctx.is_punct(first - 1) or ctx.tokens[first - 1].text in chars.QUOTE_MARKS):
        first -= 1
    return range(first, mention.first)


def _body_named_for(ctx: Context, head: int) -> object | None:
    """The one organization the document names for a group (`профсоюз пилотов Cockpit`,
    `Союз архитекторов` for `пилоты`, `архитекторы`): the group's noun in its name or in
    the words introducing it; shared/spec/quotes.md §6, groups."""
    noun = ctx.lemma(head)
    found = {m.cluster: m for m in ctx.mentions if m.type == "ORG" and any(
        ctx.lemma(k) == noun and k != head
        for k in (*_apposed(ctx, m), *range(m.first, m.last)))}
    return next(iter(found.values())) if len(found) == 1 else None


def _org_kind(ctx: Context, cluster: int) -> str | None:
    """The kind of organization the document makes of this one (cached per document: the
    walk back over organizations asks it of each one it passes)."""
    known = ctx.__dict__.setdefault("_org_kinds", {})
    if cluster not in known:
        known[cluster] = _kind_of(ctx, cluster)
    return known[cluster]


@cache
def _ministry_names() -> frozenset[str]:
    return frozenset(name.lower() for name in table("speaker_ministries").values())


def _kind_of(ctx: Context, cluster: int) -> str | None:
    """The kind of the noun that introduces one of the organization's mentions
    (`авиакомпания Ryanair`) or heads its name (`Служба безопасности Украины`); None when
    nothing says."""
    kinds = table("speaker_generic_kinds")

    def core(normal: str | None) -> str:  # `Авиакомпания Сапсан` and `Сапсан` are one
        words = (normal or "").translate(NO_MARKS).lower().split()
        return " ".join(words[1:] if words[1:] and words[0] in kinds else words)
    names = {core(m.normal) for m in ctx.mentions if m.cluster == cluster} - {""}
    if any(name in _ministry_names() or MINISTRY_WORD.match(name) for name in names):
        return "state"  # `Минздрав`, `МИД`: a ministry by its name
    for mention in ctx.mentions:
        if mention.cluster != cluster and core(mention.normal) not in names:
            continue
        for k in (*reversed(_apposed(ctx, mention)), mention.first):
            kind = kinds.get(ctx.lemma(k).split("-")[0])
            if kind:
                return kind
        # a compound name ending in a kind's noun: `Еврокомиссия`, `Газпромбанк`
        word = ctx.lemma(mention.first)
        kind = next((kind for noun, kind in kinds.items()
                     if len(noun) >= 4 and len(word) > len(noun) and word.endswith(noun)), None)
        if kind:
            return kind
    return None


# Russian ministries' compound names open with `Мин` (`Минздрав`, `Минэнерго`).
MINISTRY_WORD = re.compile(r"мин[а-яё]{3,}$")


def _kind_fits(ctx: Context, value: str, cluster: int | None, strict: bool = False) -> bool:
    """Whether the generic noun `value` can stand for the organization of `cluster`:
    `профсоюз` not for an airline, `компания` not for a ministry; `strict`, only for one
    the text made of that kind."""
    want = table("speaker_generic_kinds").get(value)
    if not want or cluster is None:
        return not strict
    have = _org_kind(ctx, cluster)
    return have == want or (have is None and not strict)


def _again(speaker: Speaker, text: str, start: int, stop: int) -> Speaker:
    return Speaker(speaker.name, speaker.type, speaker.cluster, text, start, stop)


def _definite_group(ctx: Context, first: int, head: int) -> bool:
    """A plural noun phrase that picks out one group: a qualifying adjective or
    participle (`радикальные исламисты`), a possessive (`её родственники`) or `сами`;
    quantifiers (`многие`, `некоторые`) do not."""
    if ctx.word(first - 1) in POSSESSIVE or ctx.word(first - 1) in ("сами", "свои"):
        return first > 0
    return any((ctx.tokens[k].pos in ("ADJ", "DET") or k == first
                and ctx.tokens[k].feats.get("VerbForm") == "Part")
               and ctx.lemma(k) not in lexicon("speaker_anonymous")
               and ctx.word(k) not in lexicon("speaker_anonymous")
               for k in range(first, head))


GROUP_REACH = 3  # sentences back to the qualified group a bare plural noun refers to


def _introduced_group(ctx: Context, candidate: Candidate, head: int, whole: bool) -> str | None:
    """The group a bare plural noun at `head` picks up: the same noun, qualified, in the
    last few sentences (`всем немецким компаниям` → `немецкие компании`). Bare: nothing
    before the noun in the phrase, nor after it when `whole`."""
    if candidate.first != head or whole and candidate.last != head + 1:
        return None
    sentence = ctx.tokens[head].sentence
    k = head - 1
    while k > 0 and ctx.tokens[k].sentence >= sentence - GROUP_REACH:
        if ctx.lemma(k) == ctx.lemma(head) and ctx.feat(k, "Number") == "Plur":
            first = k
            while first > 0 and (ctx.tokens[first - 1].pos == "ADJ"
                                 or ctx.tokens[first - 1].feats.get("VerbForm") == "Part") \
                    and ctx.feat(first - 1, "Case") == ctx.feat(k, "Case") \
                    and ctx.lemma(first - 1) not in lexicon("speaker_anonymous"):
                first -= 1
            return _group_name(ctx, first, k) if first < k else None
        k -= 1
    return None


def _group_name(ctx: Context, first: int, head: int) -> str:
    """`Российские власти` → `российские власти` (the phrase in the nominative)."""
    words = []
    case = ctx.feat(head, "Case")
    for k in range(first, head + 1):
        word = ctx.tokens[k].text
        # the words agreeing with the noun go to the nominative, a participle's own
        # dependents stay (`работавшие с ней мусульманки`)
        if ctx.feat(k, "Case") not in (None, "Nom") and ctx.feat(k, "Case") == case:
            word = _nominative_form(ctx, k)
        words.append(word.lower() if not word.isupper() else word)
    return " ".join(words)


def _nominative_form(ctx: Context, k: int) -> str:
    """The word in the nominative of its own number: `полицейских` → `полицейские`."""
    token = ctx.tokens[k]
    plural = token.feats.get("Number") == "Plur"
    if plural or token.pos == "ADJ":
        # an adjective keeps its noun's gender (`федеральной прокуратуре` → `федеральная`)
        parse = best_parse(token.word, token.pos, token.feats)
        form = parse.inflect({"nomn", "plur"} if plural else {"nomn"}) \
            if parse is not None else None
        if form is not None:
            return form.word
    return lemma(token.word, token.pos, token.feats)


def _from_mention(ctx: Context, mention, text: str, start: int, stop: int) -> Speaker:
    # The name depends on the cluster only: once per cluster, not once per quote (a long
    # document quoting one person thousands of times was quadratic here).
    cache = ctx.__dict__.setdefault("_speaker_names", {})
    key = (mention.cluster, mention.type, mention.normal)
    if key not in cache:
        cache[key] = _speaker_name(ctx, mention)
    name = cache[key]
    if mention.type == "ORG" and mention.last - mention.first >= 2 \
            and ctx.lemma(mention.first) in lexicon("speaker_bodies") \
            and ctx.feat(mention.first + 1, "Case") == "Gen":
        # `Пресс-служба Федерации фехтования` tagged as one name: the body it serves speaks
        head = _nominative_form(ctx, mention.first + 1)
        rest = ctx.original[ctx.tokens[mention.first + 1].stop:mention.stop]
        name = head[:1].upper() + head[1:] + rest
    marked = _marked_after(ctx, mention) if mention.type == "ORG" and name \
        and name.isupper() else None
    if marked is not None:  # `РИА «Новости»`, the model tagging the abbreviation only
        name = marked if name in LEGAL_FORMS else f"{name} {marked}"
    return Speaker(name, mention.type, mention.cluster, text, start, stop)


def _marked_after(ctx: Context, mention) -> str | None:
    """The words in quotation marks right after a mention, one to three of them, the first
    capitalised and none tagged a name of their own (`РИА «Новости»`), else None."""
    k = mention.last
    if ctx.tokens[k - 1].text in ("«", '"', "„", "“") and k - 1 > mention.first:
        k -= 1  # (the model's span may end on the opening mark: `РИА «`)
    elif k >= len(ctx.tokens) or ctx.tokens[k].text not in ("«", '"', "„", "“") \
            or ctx.tokens[k].start != ctx.tokens[k - 1].stop + 1:
        return None
    for end in range(k + 2, min(len(ctx.tokens), k + 5)):
        if ctx.tokens[end].text in ("»", '"', "“", "”"):
            words = ctx.tokens[k + 1:end]
            if words[0].text[:1].isupper() and all(w.text.isalnum() for w in words) \
                    and not any(j in ctx.mention_of for j in range(k + 1, end)):
                return " ".join(w.text for w in words)
            return None
    return None


def _speaker_name(ctx: Context, mention) -> str | None:
    cluster = ctx.clusters.get(mention.cluster)
    name = cluster.name if cluster is not None else mention.normal
    if mention.type == "PER" and name:
        # a full name normalized one way once and another way more often (`Фавада Чаудхри`
        # after `на министра`, `Фавад Чаудхри` twice after `по словам`): the usual reading
        # (an initial never outvotes the name it stands for: `И. Орлов` twice after
        # `Игорь Орлов` once is still Игорь Орлов)
        same = [m.normal for m in ctx.by_cluster.get(mention.cluster, ())
                if m.normal and len(m.normal.split()) == len(name.split())
                and _initials(m.normal) <= _initials(name)]
        counts = Counter(same)
        if same and counts[name] * 2 < len(same):
            name = max(same, key=counts.__getitem__)
        words = name.split()
        if len(words) >= 3 and _title_word(words[0]) and _first_name(words[1]):
            words = words[1:]  # `Ксендз Вальдемар Цисло`: a title taken into the name
            name = " ".join(words)
        for form in (m.normal for m in ctx.by_cluster.get(mention.cluster, ()) if m.normal):
            if form != name and sorted(form.split()) == sorted(words):
                # the parts as the text orders them (`Хван Чжан Еп`, not `Чжан Еп Хван`)
                name = form
                break
        if len(set(words)) < len(words):
            # a cluster name that repeats a word (`Алла Алла`): the fullest mention instead
            forms = [m.normal for m in ctx.by_cluster.get(mention.cluster, ()) if m.normal]
            name = max(forms, key=lambda f: (len(set(f.split())), len(f)), default=name)
    if mention.type != "PER":
        # organizations as commonly written: the shortest form the document uses
        # (`ФАС`, `МИД России`), not the longest spelled-out one
        forms = [m.normal for m in ctx.by_cluster.get(mention.cluster, ()) if m.normal
                 and len(m.normal) > 1]
        if forms:
            name = _defined(ctx, mention.cluster) or min(forms, key=len)
        if name:
            # `ОАО «Газпром»` is commonly written `Газпром`: no legal form, no marks
            words = name.translate(NO_MARKS).split()
            while len(words) > 1 and words[0] in LEGAL_FORMS:
                words = words[1:]
            name = " ".join(words) or name
    if name:
        name = table("speaker_aliases").get(name.replace("ё", "е"), name)  # `США`
    return name


def _initials(name: str) -> int:
    """How many of a name's words are initials (`И.`, `А.В.`)."""
    return sum(1 for w in name.split() if w.endswith(".") and w.replace(".", "").isupper()
               and len(w.replace(".", "")) <= 2)


def _defined(ctx: Context, cluster) -> str | None:
    """The name the document spells out where it defines the abbreviation it then uses
    (`Комитет защиты журналистов (КЗЖ)`): a reader is not expected to know `КЗЖ`."""
    tokens = ctx.tokens
    mentions = ctx.by_cluster.get(cluster, ())
    short = {ctx.original[m.start:m.stop] for m in mentions}
    for mention in mentions:
        k = mention.last
        if k + 2 < len(tokens) and tokens[k].text == "(" and tokens[k + 2].text == ")" \
                and tokens[k + 1].text in short and mention.normal \
                and len(mention.normal) > len(tokens[k + 1].text):
            return mention.normal
    return None


NO_MARKS = str.maketrans("", "", chars.QUOTE_MARKS)
# the Russian one-word legal forms (`ПАО`, `ФГУП`) of the list the corpus keys strip
LEGAL_FORMS = frozenset(form for form in lines("corpus_legal_forms")
                        if form.isupper() and not form.isascii())
MEDIA = lexicon("speaker_media")  # they stand for one another: `издание` after `газета X`
WALK = 200  # mentions looked back at, at most
# An article speaks for its outlet (the texts that speak for their author are a lexicon).
MEDIA_TEXTS = {"статья", "публикация", "материал"}


def _recent(ctx: Context, before: int, types, author: bool = False, fits=None,
            unquoted: bool = False) -> object | None:
    """The last mention of these types before `before`; with `author`, only one that
    could be a subject: nominative, after no preposition; with `fits`, only one whose
    cluster it accepts; with `unquoted`, none inside quotation marks."""
    index = bisect_left(ctx.mention_starts, before) - 1
    stop = index - WALK
    while index >= 0 and index > stop:
        mention = ctx.mentions[index]
        if unquoted and ctx.quoted(mention.first):
            index -= 1
            continue
        if mention.type in types and not (author and (
                not _nominative(ctx, mention.first, mention.last)
                or (mention.first > 0 and ctx.tokens[mention.first - 1].pos == "ADP"))) \
                and (fits is None or fits(mention.cluster)):
            return mention
        index -= 1
    return None


def _recent_subject(ctx: Context, token: int, gender: str) -> object | None:
    """The last person named as a subject (nominative) in this or the previous sentence."""
    sentence = ctx.tokens[token].sentence
    index = bisect_left(ctx.mention_starts, ctx.tokens[token].start) - 1
    while index >= 0:
        mention = ctx.mentions[index]
        if ctx.tokens[mention.first].sentence < sentence - 1:
            return None
        if mention.type == "PER" and _nominative(ctx, mention.first, mention.last) \
                and ctx.tokens[mention.first - 1].pos != "ADP" and not ctx.quoted(mention.first):
            known = person_gender(ctx, mention)
            if known is None or known == gender:
                return mention
        index -= 1
    return None


def _unnamed_subject(ctx: Context, token: int, gender: str) -> int | None:
    """The common noun of a person opening this sentence or the previous one as its
    subject (`33-летний мужчина вышел …`), when no name goes with it and it is no role
    the document may have given someone: its index, else None."""
    sentence = ctx.tokens[token].sentence
    for number in (sentence, sentence - 1):
        if number < 0:
            return None
        lo, hi = ctx.sentences[number].tokens
        k = lo
        while k < min(hi, token) and (ctx.is_punct(k) or ctx.tokens[k].pos in ("ADJ", "NUM")):
            k += 1
        if k < min(hi, token) and ctx.tokens[k].pos == "NOUN" and k not in ctx.mention_of \
                and ctx.feat(k, "Case") == "Nom" and ctx.feat(k, "Number") == "Sing" \
                and PERSON_GENDER.get(ctx.feat(k, "Gender") or "") == gender \
                and _noun_kind(ctx, k) == "noun" and k + 1 not in ctx.mention_of:
            return k
    return None


def introduced(ctx: Context, token: int) -> Speaker | None:
    """The person the sentence before token `token` opens with as its subject (`Стивен
    Бенджамин, адвокат из Ричмонда, возглавляет ассоциацию.⏎«…»`): the one a quotation
    standing alone after it, with nobody quoted near, is likely to be by."""
    sentence = ctx.tokens[token].sentence - 1
    if sentence < 0:
        return None
    lo, hi = ctx.sentences[sentence].tokens
    opening = lo
    while opening < hi and (ctx.is_punct(opening) or ctx.tokens[opening].text in DASHES):
        opening += 1
    mention = ctx.mention_of.get(opening)
    if mention is None or mention.type != "PER" or mention.first != opening \
            or not _nominative(ctx, mention.first, mention.last) or ctx.quoted(opening) \
            or not any(ctx.finite(k) for k in range(mention.last, hi)):
        return None
    return _from_mention(ctx, mention, ctx.original[mention.start:mention.stop],
                         mention.start, mention.stop)


def _recent_person(ctx: Context, before: int, gender: str | None,
                   unquoted: bool = False) -> object | None:
    """The last person named before `before`; with `unquoted`, not one named inside a
    quotation (`«…тренер Марк Левин вызвал меня…», — сказал нападающий`: not Левин)."""
    index = bisect_left(ctx.mention_starts, before) - 1
    stop = index - WALK
    while index >= 0 and index > stop:
        mention = ctx.mentions[index]
        if mention.type == "PER" and not (unquoted and ctx.quoted(mention.first)):
            known = person_gender(ctx, mention) if gender is not None else None
            if gender is None or known is None or known == gender:
                return mention
        index -= 1
    return None


def _next_person(ctx: Context, after: int) -> object | None:
    """The person named next, shortly after; not one in the phrase's own relative clause
    (`Адвокат, которого охранял полицейский Иван Ким, сообщил`)."""
    index = bisect_left(ctx.mention_starts, after)
    for mention in ctx.mentions[index:index + 3]:
        if mention.type == "PER" and mention.start - after < 200:
            between = ctx.text[after:mention.start]
            return None if RELATIVE_OPENING.search(between) else mention
    return None


RELATIVE_OPENING = re.compile(r",\s*(?:котор|чей|чья|чьё|чье|чьи)", re.IGNORECASE)


def _dash_role(ctx: Context, value: str) -> object | None:
    """The one person the text gives this role through a dash or a colon (`федеральный
    адвокат — Сабрина Шрофф`), which the clusters' roles do not read."""
    cache = ctx.__dict__.setdefault("_dash_roles", {})  # once per role, not once per quote
    if value not in cache:
        cache[value] = _find_dash_role(ctx, value)
    return cache[value]


def _find_dash_role(ctx: Context, value: str) -> object | None:
    found = None
    for mention in ctx.mentions:
        k = mention.first - 1
        if mention.type != "PER" or k < 1 or ctx.tokens[k].text not in (*DASHES, ":"):
            continue
        if ctx.lemma(k - 1) == value:
            if found is not None and found.cluster != mention.cluster:
                return None  # two people: the role does not tell which
            found = mention
    return found


def _role_lemmas(role: str) -> set[str]:
    """A role's words as written and every dictionary form they may have: the table keeps
    qualifiers as written (`директор Большого московского цирка`), a speaker phrase is
    compared by its tagged lemmas (`цирк`)."""
    out = set()
    for word in role.lower().replace("ё", "е").split():
        out.add(word)
        out.update(p.normal_form.replace("ё", "е") for p in parses(word))
        if "-" in word:
            out.add(word.split("-", 1)[0])  # a `премьер-министр` is a `премьер`
    # the state a role names, by its name or its adjective (`Британии`, `французский`)
    out.update(state for w in list(out) if (state := countries.of_adjective(w)
                                            or countries.of_lemmas((w,))) is not None)
    return out


@cache
def _periphrases() -> list[tuple[frozenset[str], frozenset[str]]]:
    """models/role_periphrases.txt: (the periphrasis's lemmas, the role's), longest first."""
    pairs = [(frozenset(key.split()), frozenset(role.split()))
             for key, role in table("role_periphrases").items()]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def _by_role(ctx: Context, words: set[str], before: int) -> object | None:
    """The person whose cluster carries this role (head noun and its qualifiers, as lemmas),
    mentioned last before `before`."""
    if ctx.role_words is None:
        ctx.role_words = {c.id: [_role_lemmas(r) for r in c.roles]
                          for c in ctx.clusters.values() if c.type == "PER" and c.roles}
    best = None
    for cid, roles in ctx.role_words.items():
        if not any(words <= role for role in roles):
            continue
        mentions = ctx.by_cluster.get(cid, ())
        index = bisect_left([m.start for m in mentions], before) - 1
        mention = mentions[index] if index >= 0 else (mentions[0] if mentions else None)
        if mention is None:
            continue
        if best is None or (mention.start < before and
                            (best.start >= before or mention.start > best.start)):
            best = mention
    return best
