"""Stage 5: clusters — every mention of one person, organization or place under one id.

Persons link by surname (first names must not contradict); a lone first name
joins the only person of that first name. The canonical name is the fullest
form. Organizations and places link by normal form. Roles come from the
apposition before a name (`госсекретарь США Майк Помпео`).
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Sequence
from dataclasses import dataclass, field

from .lexicons import lexicon
from .normalize import Name
from .records import Cluster, Token
from .tag import lemma

ROLE_MAX_WORDS = 5


@dataclass
class Mention:
    """A working entity: what `ner` found, with its normal form (persons: with parts)."""

    start: int
    stop: int
    text: str
    type: str
    first: int  # token range
    last: int
    normal: str
    name: Name | None = None
    cluster: int | None = None


@dataclass
class _Group:
    type: str
    mentions: list[Mention] = field(default_factory=list)
    first: str | None = None
    middle: str | None = None
    last: str | None = None
    index: int = 0  # creation order


def _key(word: str | None) -> str | None:
    return word.lower().replace("ё", "е") if word else None


def _compatible(a: str | None, b: str | None) -> bool:
    """First names agree when equal, or one is the other's initial."""
    if not a or not b:
        return True
    a, b = _key(a).rstrip("."), _key(b).rstrip(".")
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _stem(last: str | None) -> str | None:
    """Surname key that ignores gender (`Павлов`/`Павлова`)."""
    key = _key(last)
    if not key:
        return None
    for ending in ("ская", "ский", "цкая", "цкий", "ова", "ева", "ина", "ына", "ая", "ой", "ий"):
        if key.endswith(ending) and len(key) > len(ending) + 2:
            return key[: -len(ending)] + {"ская": "ск", "ский": "ск", "цкая": "цк",
                                          "цкий": "цк", "ова": "ов", "ева": "ев", "ина": "ин",
                                          "ына": "ын"}.get(ending, "")
    return key


def group_persons(mentions: Sequence[Mention]) -> list[_Group]:
    """Persons by surname, fullest names first so short mentions find their group."""
    groups: list[_Group] = []
    # Indexes instead of a scan of every group (quadratic on long lists of names); each
    # gives groups in creation order, so the first match is the one a scan would find.
    by_stem: dict[str | None, list[_Group]] = {}
    by_letter: dict[str, list[tuple[int, _Group]]] = {}  # groups with a first name
    by_normal: dict[str | None, _Group] = {}
    order = sorted(mentions, key=lambda m: -sum(
        1 for p in (m.name.first, m.name.middle, m.name.last) if p) if m.name else 0)
    for mention in order:
        name = mention.name or Name(mention.normal)
        target = None
        if name.last:
            target = next((g for g in by_stem.get(_stem(name.last), ())
                           if _compatible(name.first, g.first)), None)
        elif name.first:
            target = next((g for _, g in by_letter.get(_letter(name.first), ())
                           if _compatible(name.first, g.first)), None)
        else:
            target = by_normal.get(_key(mention.normal))
        if target is None:
            target = _Group("PER")
            target.index = len(groups)
            groups.append(target)
            by_normal.setdefault(_key(mention.normal), target)
        target.mentions.append(mention)
        had_first, had_last = target.first, target.last
        for part in ("first", "middle", "last"):
            value = getattr(name, part)
            current = getattr(target, part)
            if value and (not current or len(current.rstrip(".")) < len(value.rstrip("."))):
                setattr(target, part, value)
        # A surname keeps its stem and a first name its letter once set (joins are compatible).
        if target.last and not had_last:
            by_stem.setdefault(_stem(target.last), []).append(target)
        if target.first and not had_first:
            insort(by_letter.setdefault(_letter(target.first), []), (target.index, target),
                   key=lambda pair: pair[0])
    return groups


def _letter(first: str) -> str:
    return _key(first).rstrip(".")[:1]


def group_others(mentions: Sequence[Mention]) -> list[_Group]:
    """Organizations and places by normal form."""
    groups: dict[tuple[str, str], _Group] = {}
    for mention in mentions:
        key = (mention.type, _key(mention.normal))
        groups.setdefault(key, _Group(mention.type)).mentions.append(mention)
    return list(groups.values())


def role_before(tokens: Sequence[Token], mention: Mention) -> str | None:
    """The role noun phrase right before a name: `замминистра иностранных дел Сергей Рябков`."""
    roles = lexicon("roles")
    index = mention.first - 1
    if index < 0:
        return None
    sentence = tokens[mention.first].sentence
    words = []
    while index >= 0 and len(words) < ROLE_MAX_WORDS and tokens[index].sentence == sentence:
        token = tokens[index]
        if not any(c.isalpha() for c in token.text):
            break
        words.insert(0, token)
        if token.text.lower() in roles or lemma(token.text, token.pos, token.feats) in roles:
            return " ".join(t.text for t in words).lower() if not any(
                t.text.isupper() for t in words) else " ".join(
                t.text if t.text.isupper() or t.text[:1].isupper() and i else t.text.lower()
                for i, t in enumerate(words))
        index -= 1
    return None


def link(tokens: Sequence[Token], mentions: list[Mention]) -> list[Cluster]:
    """Cluster the mentions (setting `Mention.cluster`) and return the clusters by first mention."""
    persons = [m for m in mentions if m.type == "PER"]
    others = [m for m in mentions if m.type != "PER"]
    groups = group_persons(persons) + group_others(others)
    groups.sort(key=lambda g: min(m.start for m in g.mentions))
    clusters = []
    for cid, group in enumerate(groups, 1):
        group.mentions.sort(key=lambda m: m.start)
        for mention in group.mentions:
            mention.cluster = cid
        if group.type == "PER":
            name = " ".join(p for p in (group.first, group.middle, group.last) if p) or \
                group.mentions[0].normal
            roles = []
            for mention in group.mentions:
                role = role_before(tokens, mention)
                if role and role not in roles:
                    roles.append(role)
        else:
            name = max((m.normal for m in group.mentions), key=len)
            roles = []
        clusters.append(Cluster(
            id=cid, type=group.type, name=name,
            first=group.first, middle=group.middle, last=group.last,
            roles=tuple(roles), mentions=tuple((m.start, m.stop) for m in group.mentions),
        ))
    return clusters
