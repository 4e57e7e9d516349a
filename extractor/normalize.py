"""Stage 4: every entity's `normal` form in the nominative.

Persons: each name part in the nominative of the person's gender, with its
role (first, middle, last). Organizations and places: the head noun and the
words agreeing with it go to the nominative; dependents stay as written;
abbreviations stay as written (`МИДа` → `МИД`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .records import Token
from .tag import UD_CASE, best_parse, parses

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


def recover_shape(word: str, source: str) -> str:
    """Give a normalized lowercase word the letter case of the source word."""
    if source.isupper() and len(source) > 1:
        return word.upper()
    if source[:1].isupper():
        return "-".join(p[:1].upper() + p[1:] for p in word.split("-")) \
            if all(s[:1].isupper() for s in source.split("-") if s) else word[:1].upper() + word[1:]
    return word


def join_like(words: Sequence[str], tokens: Sequence[Token]) -> str:
    """Join words with the spacing the tokens had in the text."""
    parts = []
    for index, (word, token) in enumerate(zip(words, tokens)):
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

GENDER_UD = {"Masc": "masc", "Fem": "femn"}


def _gender_votes(tokens: Sequence[Token]) -> str | None:
    votes = {"masc": 0.0, "femn": 0.0}
    for token in tokens:
        g = GENDER_UD.get(token.feats.get("Gender", ""))
        if g:
            votes[g] += 1
        for parse in parses(token.text.lower()):
            if "Name" in parse.tag or "Patr" in parse.tag:
                for gender in ("masc", "femn"):
                    if gender in parse.tag:
                        votes[gender] += 2 * parse.score
    if votes["masc"] == votes["femn"]:
        return None
    return max(votes, key=votes.get)


def _role(word: str, token: Token, alone: bool) -> str:
    lower = word.lower()
    if INITIAL.match(word):
        return "initial"
    best = {"first": 0.0, "middle": 0.0, "last": 0.0}
    for parse in parses(lower):
        if "Name" in parse.tag:
            best["first"] += parse.score
        elif "Patr" in parse.tag:
            best["middle"] += parse.score
        elif "Surn" in parse.tag:
            best["last"] += parse.score
    if alone and best["first"] <= best["last"] * 2:
        return "last"
    role = max(best, key=best.get)
    return role if best[role] > 0 else "last"


def _inflect(word: str, role: str, gender: str | None, token: Token) -> str:
    lower = word.lower()
    if token.feats.get("Case") == "Nom" and role != "last":
        return lower
    tags = {"first": "Name", "middle": "Patr", "last": "Surn"}
    case = UD_CASE.get(token.feats.get("Case", ""))
    options = [p for p in parses(lower) if tags.get(role, "") in p.tag]
    if gender:
        options = [p for p in options if gender in p.tag or "ms-f" in p.tag] or options
    if case:
        options = sorted(options, key=lambda p: case not in p.tag)
    for parse in options:
        target = {"nomn", "sing"}
        if gender and role in ("last", "middle") and "ms-f" not in parse.tag:
            target.add(gender)
        inflected = parse.inflect(target)
        if inflected:
            return inflected.word
    return lower


def normalize_person(tokens: Sequence[Token], gender: str | None = None) -> Name:
    """A person mention in the nominative, parts assigned; `gender` may come from context."""
    gender = gender or _gender_votes(tokens)
    words = [t for t in tokens if any(c.isalpha() for c in t.text)]
    alone = len(words) == 1
    parts: dict[str, str] = {}
    out = []
    for token in tokens:
        if not any(c.isalpha() for c in token.text):
            out.append(token.text)
            continue
        role = _role(token.text, token, alone)
        if role == "initial":
            out.append(token.text)
            key = "first" if "first" not in parts else "middle"
            parts.setdefault(key, token.text.rstrip("."))
            continue
        word = recover_shape(_inflect(token.text, role, gender, token), token.text)
        out.append(word)
        parts.setdefault(role, word)
    return Name(join_like(out, tokens), parts.get("first"), parts.get("middle"),
                parts.get("last"), gender)


# ---- organizations and places -------------------------------------------------------------

def normalize_phrase(tokens: Sequence[Token]) -> str:
    """An organization or place name: head and its agreeing words to the nominative."""
    if len(tokens) == 1:
        match = ABBR_INFLECTED.match(tokens[0].text)
        if match:
            return match.group(1)
    head = next((i for i, t in enumerate(tokens) if t.pos in ("NOUN", "PROPN")), None)
    if head is None:
        head = len(tokens) - 1
    head_token = tokens[head]
    head_parse = best_parse(head_token.text.lower(), head_token.pos, head_token.feats)
    number = "plur" if head_parse is not None and "plur" in head_parse.tag else "sing"
    words = []
    for index, token in enumerate(tokens):
        text = token.text
        if index > head or not any(c.isalpha() for c in text) or text.isupper() and not \
                headline_caps(token):
            words.append(text)
            continue
        parse = head_parse if index == head else best_parse(text.lower(), token.pos, token.feats)
        if parse is None or "nomn" in parse.tag or "Fixd" in parse.tag:
            words.append(text.title() if headline_caps(token) else text)
            continue
        target = {"nomn", number}
        if index != head and number == "sing" and head_parse is not None:
            gender = next((g for g in ("masc", "femn", "neut") if g in head_parse.tag), None)
            if gender:
                target.add(gender)
        inflected = parse.inflect(target)
        word = inflected.word if inflected else text.lower()
        shape_source = text.title() if headline_caps(token) else text
        words.append(recover_shape(word, shape_source))
    return join_like(words, tokens)
