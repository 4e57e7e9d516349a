"""Stage 5: clusters — every mention of one person, organization or place under one id.

Persons: each mention is normalized again with the document as context (the
other forms of the same name settle its declension), then linked by surname
(first names must not contradict); a lone word joins the person whose surname
or first name it is. The cluster's gender settles mentions whose own gender was
unclear (`Павловой` beside `Екатерина Павлова`), and the canonical name is the
fullest form. Organizations and places link by normal form and abbreviation
(`ВОЗ` = `Всемирная организация здравоохранения`). Roles come from the apposition
before a name (`госсекретарем США Майком Помпео` → `госсекретарь США`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from . import chars
from .lexicons import lexicon, table
from .normalize import Name, PersonReadings, candidates, governed_cases, recover_shape
from .records import Cluster, Token
from .segment import cleaned
from .tag import best_parse, lemma
from .working import Mention

ROLE_MAX_WORDS = 6
QUOTE_MARKS = chars.QUOTE_MARKS + "'"
CYRILLIC = chars.RUSSIAN_LETTER
# Short words left out of an abbreviation (`Министерство по чрезвычайным ситуациям` → `МЧС`).
ABBR_SKIP = {"и", "по", "в", "на", "для", "при", "с", "о", "об", "of", "the", "and", "for"}


@dataclass
class _Group:
    type: str
    mentions: list[Mention] = field(default_factory=list)
    first: str | None = None
    middle: str | None = None
    last: str | None = None


def _key(word: str | None) -> str | None:
    return word.lower().replace("ё", "е") if word else None


def _compatible(a: str | None, b: str | None, loose: bool = False) -> bool:
    """First names agree when equal, or one is the other's initial; `loose`: also when
    one could be a misread case of the other (`Асий`/`Асия` both read from `Асии`)."""
    if not a or not b:
        return True
    a, b = _key(a).rstrip("."), _key(b).rstrip(".")
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    if not loose:
        return False
    readings_a = {c.lemma for c in candidates(a)}
    return b in readings_a or a in {c.lemma for c in candidates(b)}


CONFIDENT = 3.0  # a gender this sure keeps two names apart (Александр / Александра Петровы)


def _genders_agree(name: Name, group: _Group) -> bool:
    if not name.gender or name.confidence < CONFIDENT:
        return True
    # The group's confident genders, extended as mentions are appended: a scan of every
    # mention per candidate was quadratic in a long document's most mentioned person.
    seen, genders = group.__dict__.get("_genders", (0, set()))
    for m in group.mentions[seen:]:
        if m.name and m.name.gender and m.name.confidence >= CONFIDENT:
            genders.add(m.name.gender)
    group.__dict__["_genders"] = (len(group.mentions), genders)
    return not genders - {name.gender}


STEM_ENDINGS = {"ская": "ск", "ский": "ск", "цкая": "цк", "цкий": "цк", "ской": "ск",
                "ова": "ов", "ева": "ев", "ёва": "ев", "ина": "ин", "ына": "ын",
                "ая": "", "ой": "", "ий": "", "ый": ""}


def _stem(last: str | None) -> str | None:
    """Surname key that ignores gender (`Павлов`/`Павлова`, `Луговой`/`Луговая`)."""
    key = _key(last)
    if not key:
        return None
    key = key.replace("э", "е")  # transliterations waver: Мэй / Мей
    for ending, replacement in STEM_ENDINGS.items():
        if key.endswith(ending) and len(key) > len(ending) + 2:
            return key[: -len(ending)] + replacement
    return key


def _parts(name: Name) -> int:
    return sum(1 for p in (name.first, name.middle, name.last) if p)


def _matches(name: Name, group: _Group) -> bool:
    """Can this (not fuller) name be a mention of the group's person?"""
    if _parts(name) == 1 and (name.first or name.last):
        # A lone word: its role is a guess, so either of the group's names will do
        # (`Асия` for Асия Биби, `Мэй` for Тереза Мэй).
        word = name.first or name.last
        return (group.last is not None and _stem(word) == _stem(group.last)) or (
            group.first is not None and _key(word) == _key(group.first))
    if name.last and group.last:
        return _stem(name.last) == _stem(group.last) and _compatible(
            name.first, group.first, loose=True) and _compatible(
            name.middle, group.middle) and _genders_agree(name, group)
    if name.first and not name.last and group.first:
        return _key(name.first) == _key(group.first) and _compatible(name.middle, group.middle)
    return False


# `Уильямс-младшая`, `Буш-старший`: a surname with the bearer's seniority, a lone surname.
SENIORITY = re.compile(r"^(\w+)-(?:младш|старш)(?:ий|ая|его|ей|ему|им|ую|ой|ем)$", re.I)


def _senior(name: Name) -> Name:
    found = SENIORITY.match(name.last or "") if _parts(name) == 1 else None
    return Name(found.group(1), last=found.group(1), gender=name.gender) if found else name


def group_persons(mentions: Sequence[Mention]) -> list[_Group]:
    """Persons by surname, fullest names first so short mentions find their group."""
    groups: list[_Group] = []
    # Candidates come from an index by surname stem and first name (a scan of every group
    # was quadratic on long lists of names); `_matches` decides, in creation order.
    index: dict[tuple[str, str | None], list[_Group]] = {}
    rank: dict[int, int] = {}  # id(group) → creation order
    listed: set[tuple[tuple[str, str | None], int]] = set()
    order = sorted(mentions, key=lambda m: (-_parts(m.name) if m.name else 0, m.start))
    for mention in order:
        name = _senior(mention.name or Name(mention.normal))
        options = [g for g in _candidates(name, index, rank) if _matches(name, g)]
        if not options and not (name.first or name.last):
            options = list(index.get(("normal", _key(mention.normal)), ()))
            if not options and mention.normal == mention.text and mention.text.istitle() \
                    and " " not in mention.text:
                # An indeclinable name the tagger called plural (`Семья Биби говорила`)
                # is still a lone name.
                lone = Name(mention.normal, last=mention.normal)
                options = [g for g in _candidates(lone, index, rank) if _matches(lone, g)]
        if len(options) == 1:
            target = options[0]
        elif options:
            # Two people share a surname: the one the document is about, named at least
            # twice as often as any other (`Серена Уильямс` over her sister `Винус`), else
            # the one mentioned last before this mention.
            counts = sorted((len(g.mentions) for g in options), reverse=True)
            target = max(options, key=lambda g: (
                len(g.mentions) == counts[0] >= 2 * counts[1], _last_before(g, mention.start)))
        else:
            target = _Group("PER")
            rank[id(target)] = len(groups)
            groups.append(target)
            index.setdefault(("normal", _key(mention.normal)), []).append(target)
        target.mentions.append(mention)
        _absorb(target, name)
        for key in (("last", _stem(target.last)), ("first", _key(target.first))):
            if key[1] and (key, id(target)) not in listed:
                listed.add((key, id(target)))
                index.setdefault(key, []).append(target)
    return groups


def _person_name(group: _Group) -> str:
    """The cluster's name from its parts (initials keep their dot), or the fullest mention
    when the parts leave a word out (a second first name: `Хадим Хусейн Ризви`)."""
    parts = [p + "." if len(p) == 1 and p.isalpha() else p
             for p in (group.first, group.middle, group.last) if p]
    fullest = max((m.normal for m in group.mentions), key=lambda n: (len(n.split()), -len(n)))
    words = fullest.split()
    if not parts or len(words) > len(parts) and all(p in words for p in parts):
        return fullest
    return " ".join(parts)


def _merge_spellings(tokens: Sequence[Token], persons: Sequence[Mention],
                     groups: list[_Group]) -> list[_Group]:
    """A Latin-script name in brackets right after a Cyrillic one is the same person in
    its own spelling (`Скотт Хоровитц (Scott Horowitz)`): its group joins the Cyrillic
    one, which keeps its name."""
    owner = {id(m): g for g in groups for m in g.mentions}
    by_first = {m.first: m for m in persons}
    for mention in persons:
        after = by_first.get(mention.last + 1)
        if after is None or tokens[mention.last].text != "(" or \
                not CYRILLIC.search(mention.text) or CYRILLIC.search(after.text):
            continue
        target, source = owner[id(mention)], owner[id(after)]
        if source is target:
            continue
        target.mentions += source.mentions
        for moved in source.mentions:
            owner[id(moved)] = target
        source.mentions = []
    return [g for g in groups if g.mentions]


def _candidates(name: Name, index: dict[tuple[str, str | None], list[_Group]],
                rank: dict[int, int]) -> list[_Group]:
    """Groups that may match `name`: the same surname stem or first name, creation order."""
    if _parts(name) == 1 and (name.first or name.last):
        word = name.first or name.last
        keys = [("last", _stem(word)), ("first", _key(word))]
    else:  # `_matches` compares surnames when there is one, else first names
        keys = [("last", _stem(name.last))] if name.last else [("first", _key(name.first))]
    found = {id(g): g for key in keys if key[1] for g in index.get(key, ())}
    return sorted(found.values(), key=lambda g: rank[id(g)])


def _last_before(group: _Group, start: int) -> int:
    starts = sorted(m.start for m in group.mentions)
    index = bisect_left(starts, start)
    return starts[index - 1] if index else -1


def _absorb(group: _Group, name: Name) -> None:
    """Fill the group's name parts from a mention's: a new group takes them all; later
    mentions only fill gaps and expand initials (a lone word's role is only a guess)."""
    fresh = not (group.first or group.middle or group.last)
    if not fresh and _parts(name) < 2:
        return
    for part in ("first", "middle", "last"):
        value = getattr(name, part)
        current = getattr(group, part)
        if not value:
            continue
        if not current or (len(current.rstrip(".")) == 1 and len(value) > 1
                           and _compatible(current, value)):
            setattr(group, part, value)


def _abbreviation(normal: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", normal) if w and w.lower() not in ABBR_SKIP]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


@cache
def _known_abbreviations() -> dict[str, str]:
    """Abbreviations the commonly written names give (`ЕС` → `Европейский союз`)."""
    known: dict[str, str] = {}
    for full, short in table("speaker_aliases").items():
        if short.isupper() and len(short) >= 2:
            known.setdefault(short, full)
    return known


def group_others(mentions: Sequence[Mention]) -> list[_Group]:
    """Organizations and places by normal form; an abbreviation joins its full name."""
    groups: dict[tuple[str, str], _Group] = {}
    for mention in mentions:
        key = (mention.type, _key(mention.normal))
        groups.setdefault(key, _Group(mention.type)).mentions.append(mention)
    by_abbr: dict[tuple[str, str], tuple[str, str]] = {}
    for (type_, normal), _group in groups.items():
        if len(normal.split()) >= 2:
            by_abbr.setdefault((type_, _abbreviation(normal)), (type_, normal))
    known = _known_abbreviations()
    for key in list(groups):
        type_, normal = key
        text = groups[key].mentions[0].normal
        full = by_abbr.get((type_, text)) if text.isupper() and len(text) >= 2 else None
        if full and text in known and _key(known[text]) != full[1]:
            full = None  # `ЕС` stands for Европейский союз, not the Европейский совет here
        if full and full != key and full in groups:
            groups[full].mentions.extend(groups.pop(key).mentions)
    return list(groups.values())


# ---- roles --------------------------------------------------------------------------------

def _role_text(words: Sequence[Token], sentence_start: int) -> str:
    """The role in the nominative: its noun inflected, dependents as written, lowercase
    except proper names."""
    out = []
    for index, token in enumerate(words):
        text = token.text
        if index == 0:
            parse = best_parse(text.lower(), token.pos, token.feats)
            if parse is not None and "nomn" not in parse.tag and "Fixd" not in parse.tag:
                gender = {"femn"} if "femn" in parse.tag else set()
                inflected = parse.inflect({"nomn", "sing"} | gender) or parse.inflect(
                    {"nomn", "sing"})
                if inflected is not None:
                    text = recover_shape(inflected.word, text)
        proper = text.isupper() and len(text) > 1 or (
            text[:1].isupper() and token.start != sentence_start and index > 0)
        out.append(text if proper else text.lower())
    return " ".join(out)


CLAUSE_POS = {"VERB", "AUX", "CCONJ", "SCONJ", "PRON"}


def _agrees(role: Token, name: Token) -> bool:
    """An apposition shares the name's case (`госсекретарем … Майком`); `представитель
    Владимира Путина` is someone else's role. Indeclinable roles (`замминистра`) agree."""
    role_case, name_case = role.feats.get("Case"), name.feats.get("Case")
    if not role_case or not name_case or role_case == name_case:
        return True
    parse = best_parse(role.text.lower(), role.pos, role.feats)
    return parse is not None and "Fixd" in parse.tag


def _is_role(token: Token) -> bool:
    """A position or occupation noun (models/roles.txt), as written or by its lemma."""
    roles = lexicon("roles")
    return token.text.lower() in roles or lemma(token.text, token.pos, token.feats) in roles


def _sentence_start(tokens: Sequence[Token], index: int) -> int:
    """Where the sentence of token `index` starts in the text."""
    sentence = tokens[index].sentence
    while index > 0 and tokens[index - 1].sentence == sentence:
        index -= 1
    return tokens[index].start


def role_before(tokens: Sequence[Token], mention: Mention,
                taken: frozenset[int] = frozenset()) -> str | None:
    """The role noun phrase right before a name: `замминистра иностранных дел Сергей Рябков`.

    `taken` holds token indexes inside other person mentions: a role never reaches
    across another person, except the one in the genitive whose relation it names
    (`адвокат Олега Сомова Илья Гусев`).
    """
    index = mention.first - 1
    if index < 0:
        return None
    sentence = tokens[mention.first].sentence
    if tokens[index].text == "," and index > 0 and _set_off(tokens, mention):
        # `его адвокат, Стивен Брунстайн, отказался`: the name set off after its role
        role = cleaned([tokens[index - 1]])[0]
        if role.sentence == sentence and _is_role(role) and role.pos == "NOUN" \
                and _agrees(role, tokens[mention.first]) and index - 1 not in taken:
            return _role_text([role], _sentence_start(tokens, index - 1))
        return None
    words: list[Token] = []
    while index >= 0 and len(words) < ROLE_MAX_WORDS and tokens[index].sentence == sentence:
        token = cleaned([tokens[index]])[0]
        if index in taken and not (token.feats.get("Case") == "Gen"
                                   and tokens[mention.first].feats.get("Case") != "Gen"):
            break
        if all(c in QUOTE_MARKS for c in token.text):
            index -= 1
            continue
        if not any(c.isalpha() for c in token.text) or token.pos in CLAUSE_POS:
            break  # a role is a noun phrase: no verbs, conjunctions or pronouns inside
        words.insert(0, token)
        if _is_role(token) and _agrees(token, tokens[mention.first]):
            return _role_text(words, _sentence_start(tokens, index))
        index -= 1
    return None


APPOSITION_END = {",", "—", "–", "-", ")", ".", ";", ":"}


def _set_off(tokens: Sequence[Token], mention: Mention) -> bool:
    """The name closes where an apposition does: a comma, dash, bracket or the end."""
    return mention.last >= len(tokens) or tokens[mention.last].text in APPOSITION_END \
        or tokens[mention.last].sentence != tokens[mention.first].sentence
APPOSITION_START = {",", "(", "—", "–", "-"}


def role_after(tokens: Sequence[Token], mention: Mention,
               taken: frozenset[int] = frozenset()) -> str | None:
    """The role set off right after a name: `Сергей Рябков, замминистра иностранных дел,
    заявил`, `Светлана Яковлева - директор проекта`, `Скотт Хоровитц (Scott Horowitz),
    бывший астронавт`. The phrase must close (comma, dash, bracket or the sentence's end)
    before any verb, conjunction or pronoun: `Рябков, министр которого …` has none."""
    sentence = tokens[mention.first].sentence
    index = mention.last
    if index < len(tokens) - 2 and tokens[index].text == "(" and \
            not CYRILLIC.search(tokens[index + 1].text):
        while index < len(tokens) and tokens[index].text != ")" and index - mention.last < 8:
            index += 1  # the name in its original script: `(Scott Horowitz)`
        index += 1
    if index + 1 >= len(tokens) or tokens[index].text not in APPOSITION_START or \
            tokens[index + 1].sentence != sentence:
        return None
    words: list[Token] = []
    found = False
    index += 1
    while index < len(tokens) and tokens[index].sentence == sentence:
        token = cleaned([tokens[index]])[0]
        if token.text in APPOSITION_END:
            break
        marks = all(c in QUOTE_MARKS for c in token.text)
        if len(words) == ROLE_MAX_WORDS or index in taken or token.pos in CLAUSE_POS or \
                not marks and not any(c.isalnum() for c in token.text):
            return None
        if not found:
            # Adjectives may lead (`бывший астронавт`); the role noun comes within three words.
            if _is_role(token):
                if not _agrees(token, tokens[mention.first]):
                    return None
                found = True
            elif token.pos != "ADJ" or len(words) == 2:
                return None
        if not marks:
            words.append(token)
        index += 1
    return _role_text(words, _sentence_start(tokens, mention.first)) if found else None


def _shared_role(tokens: Sequence[Token], mention: Mention, by_last: dict[int, Mention],
                 roles: dict[int, str]) -> str | None:
    """`президентов Владимира Путина и Дональда Трампа`: the second name shares the role."""
    index = mention.first - 1
    if index < 1 or tokens[index].text.lower() not in ("и", ","):
        return None
    previous = by_last.get(index)
    return roles.get(id(previous)) if previous is not None else None


# ---- linking ------------------------------------------------------------------------------

def _renormalize(tokens: Sequence[Token], persons: Sequence[Mention], context: frozenset[str],
                 names: dict[tuple, PersonReadings], gender: str | None = None) -> None:
    """Each mention's name read with the document's person words as context. A document
    names its people again and again in the same form (`Путин`, `Путина`): `names` keeps
    every reading for the document's context, by what the reading depends on — the words,
    their tags, their spacing and what the word before governs — and each reading keeps
    its per-gender work, which the second pass with the cluster's gender reuses."""
    for mention in persons:
        words = cleaned(tokens[mention.first:mention.last])
        governed = governed_cases(tokens, mention.first)
        base = words[0].start
        key = (governed, *((t.text, t.pos, tuple(sorted(t.feats.items())),
                            t.start - base, t.stop - base) for t in words))
        readings = names.get(key)
        if readings is None:
            readings = names[key] = PersonReadings(words, context, governed)
        name = readings.name(gender)
        mention.name = name
        mention.normal = name.normal


def _cluster_gender(group: _Group) -> str | None:
    """The gender the mentions vouch for most strongly (a nominative outweighs obliques)."""
    votes: Counter = Counter()
    for mention in group.mentions:
        if mention.name and mention.name.gender:
            votes[mention.name.gender] += mention.name.confidence
    if not votes:
        return None
    (best, weight), *rest = votes.most_common()
    return best if not rest or rest[0][1] < weight else None


def link(tokens: Sequence[Token], mentions: list[Mention]) -> list[Cluster]:
    """Cluster the mentions (setting `Mention.cluster`) and return the clusters by first mention."""
    persons = [m for m in mentions if m.type == "PER"]
    others = [m for m in mentions if m.type != "PER"]
    context = frozenset(t.text.lower() for m in persons
                        for t in cleaned(tokens[m.first:m.last]) if t.text.isalpha())
    names: dict[tuple, PersonReadings] = {}
    if persons:
        _renormalize(tokens, persons, context, names)
    person_groups = group_persons(persons)
    for group in person_groups:
        gender = _cluster_gender(group)
        unsure = [m for m in group.mentions if m.name and m.name.gender != gender]
        if gender and unsure:
            _renormalize(tokens, unsure, context, names, gender)
            group.first = group.middle = group.last = None
            for mention in sorted(group.mentions, key=lambda m: (-_parts(m.name), m.start)):
                _absorb(group, mention.name)
    person_groups = _merge_spellings(tokens, persons, person_groups)
    groups = person_groups + group_others(others)
    groups.sort(key=lambda g: min(m.start for m in g.mentions))
    taken = frozenset(i for m in persons for i in range(m.first, m.last))
    by_last = {m.last: m for m in persons}
    person_roles: dict[int, str] = {}
    for mention in sorted(persons, key=lambda m: m.start):
        role = role_before(tokens, mention, taken) or _shared_role(
            tokens, mention, by_last, person_roles) or role_after(tokens, mention, taken)
        if role:
            person_roles[id(mention)] = role
    clusters = []
    for cid, group in enumerate(groups, 1):
        group.mentions.sort(key=lambda m: m.start)
        for mention in group.mentions:
            mention.cluster = cid
        if group.type == "PER":
            name = _person_name(group)
            roles = []
            for mention in group.mentions:
                role = person_roles.get(id(mention))
                if role and role not in roles:
                    roles.append(role)
        else:
            counts = Counter(m.normal for m in group.mentions)
            name = max(counts, key=lambda n: (len(n.split()), counts[n], len(n)))
            roles = []
        clusters.append(Cluster(
            id=cid, type=group.type, name=name,
            first=group.first, middle=group.middle, last=group.last,
            roles=tuple(roles), mentions=tuple((m.start, m.stop) for m in group.mentions),
        ))
    return clusters
