"""Linking: which name keys of a summary are one person, organization or place.

The rules run in a fixed order over the keys in sorted order, and each joins groups only
on evidence the whole corpus gives, so the result is a function of the merged summary
alone: whatever order the documents were summarized and merged in, the same groups.

Persons: the same first and last name (the patronymic may be missing); the same name in a
transliteration's other spelling (`Тереза Мей`/`Мэй`) or order (`Биби Азия`/`Асия Биби`);
one letter apart when one spelling is no dictionary name (`Дональт Туск`); a Latin spelling
the documents pair with the Cyrillic one in brackets, or whose consonants only one Cyrillic
name shares; an initial (`Т. Мэй`) or a lone surname (`Мэй`) when only one full name fits.
Organizations and places: the same folded name, legal form stripped; the forms one document
cluster holds (`ВОЗ` and `Всемирная организация здравоохранения`); an abbreviation
(`МИД России`), a compound (`Евросоюз`, `Кабмин`) or a name without its qualifier
(`Верховный суд` → `Верховный суд Пакистана`) when only one full name fits.
A short form that fits several stays apart, and its entity's `note` says which it could be.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .keys import (
    ABBR_SKIP,
    VOWELS_ANY,
    compound_of,
    distinct_words,
    edits1,
    fold,
    initials,
    is_abbreviation,
    loose,
    qualified,
    script,
    skeleton,
    soft,
    spelled,
    within_one_edit,
)
from .summary import PER, Key, Stats

# A short form joins the group its document clusters point to at least three times as often
# as to all the others together.
DOMINANT = 0.75
# Parts shorter than this are never matched one edit apart (`Хан`/`Хам` are two names).
EDIT_MIN = 5
ENDING_MIN = 4  # … except in the last letter, a case ending misread (`Асий`/`Асия Биби`)
SKELETON_MIN = 4  # consonants a cross-script match needs
FREQUENT = 0.25  # a name is "frequent" at this share of the group's most frequent name


class Groups:
    """Union-find over keys; a group's root is its smallest key, so unions commute."""

    def __init__(self, keys: Iterable[Key]) -> None:
        self.parent = {key: key for key in keys}

    def find(self, key: Key) -> Key:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: Key, b: Key) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            low, high = (a, b) if a < b else (b, a)
            self.parent[high] = low


@dataclass(frozen=True)
class Resolution:
    """Each key's group root, and the notes on short forms kept apart."""

    root: dict[Key, Key]
    notes: dict[Key, str]


# ---- persons ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Name:
    first: str
    middle: str
    last: str

    @property
    def initial(self) -> bool:
        """The first name is an initial: one letter, or letters without a vowel (`Дж`)."""
        return bool(self.first) and (len(self.first) == 1 or not set(self.first) & VOWELS_ANY)

    @property
    def full(self) -> bool:
        return bool(self.first and self.last) and not self.initial

    @property
    def lone(self) -> str | None:
        parts = [p for p in (self.first, self.middle, self.last) if p]
        return parts[0] if len(parts) == 1 else None


def _name(key: Key) -> _Name:
    first, middle, last = key[1:4]
    words = " ".join(p for p in (first, middle, last) if p).split()
    if len(words) >= 2 and not (first and last):  # `Азия-Биби` read as one part
        return _Name(words[0], " ".join(words[1:-1]), words[-1])
    return _Name(first, middle, last)


@lru_cache(maxsize=100_000)
def gender_of(first: str, last: str) -> str | None:
    """`masc`, `femn` or None: a dictionary first name decides, else a Russian surname's
    ending (`-ова`, `-ская` …)."""
    if first and len(first) > 1:
        from ..normalize import known_nominatives

        # The keys are (role, gender, nominative), whatever normalize's annotation says.
        known: Iterable[tuple[str, str, str]] = known_nominatives(first)  # type: ignore[assignment]
        genders = {g for (role, g, nominative) in known
                   if role == "first" and nominative == first}  # `Асия` is no form of Асий
        if len(genders) == 1:
            return genders.pop()
    for endings, gender in ((("ова", "ева", "ина", "ына", "ская", "цкая"), "femn"),
                            (("ов", "ев", "ин", "ын", "ский", "цкий"), "masc")):
        if last.endswith(endings) and len(last) > 4:
            return gender
    return None


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], frozenset[str]]:
    from ..normalize import name_lists

    return name_lists()


def _distinct_names(a: str, b: str, role: str) -> bool:
    """Two spellings that are both dictionary names of their own and differ in a consonant
    (`Мария`/`Марина`, `Захаров`/`Сахаров`): not a transliteration's wobble."""
    if soft(a) == soft(b):
        return False
    first, last = _dictionary()
    if role == "first":
        return a in first and b in first
    return all((w[:-1] if w.endswith("а") else w) in last for w in (a, b))


def _may_join(a: _Name, b: _Name) -> bool:
    """Two full names that differ only in spelling may be one person: neither part is two
    distinct dictionary names, and the genders do not disagree."""
    if _distinct_names(a.first, b.first, "first") or _distinct_names(a.last, b.last, "last"):
        return False
    ga, gb = gender_of(a.first, a.last), gender_of(b.first, b.last)
    return not (ga and gb and ga != gb)


def _loose_pair(name: _Name) -> tuple[str, str]:
    return loose(name.first), loose(name.last)


def _one_edit(a: str, b: str) -> bool:
    if min(len(a), len(b)) >= EDIT_MIN:
        return within_one_edit(a, b)
    return min(len(a), len(b)) >= ENDING_MIN and (a[:-1] == b[:-1] or a == b[:-1] or b == a[:-1])


def _join_unique(groups: Groups, pairs: dict[Key, set[Key]]) -> None:
    """Join every key whose candidate groups (found before any of these joins) are one."""
    for key in sorted(pairs):
        if len(pairs[key]) == 1:
            groups.union(key, next(iter(pairs[key])))


def _weight(groups: Groups, keys: dict[Key, Stats]) -> dict[Key, int]:
    weight: Counter[Key] = Counter()
    for key, stats in keys.items():
        weight[groups.find(key)] += stats.mentions
    return weight


def _people(keys: dict[Key, Stats], ambiguous: dict[Key, set[Key]]) -> Groups:
    groups = Groups(keys)
    names = {key: _name(key) for key in keys}
    full = sorted(k for k, n in names.items() if n.full)
    _same_full_names(groups, keys, full, names)
    _one_letter_apart(groups, full, names)
    _latin_spellings(groups, keys, full, names)
    _short_names(groups, keys, full, names, ambiguous)
    return groups


def _same_full_names(groups: Groups, keys: dict[Key, Stats], full: list[Key],
                     names: dict[Key, _Name]) -> None:
    """The same first and last name; then the same in another spelling or order."""
    by_pair: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for key in full:
        by_pair[(names[key].first, names[key].last)].append(key)
    for members in by_pair.values():
        for key in members[1:]:
            groups.union(members[0], key)
    by_loose: dict[tuple[str, str], list[tuple[Key, _Name | None]]] = defaultdict(list)
    for key in full:
        name = names[key]
        by_loose[_loose_pair(name)].append((key, None))
        # Word breaks fall elsewhere in another transliteration (`Саиф уль-Малук`).
        joined = "".join(loose(p) for p in key[1:4] if p).replace(" ", "")
        by_loose[("joined", joined)].append((key, None))
        if not name.middle:  # `Биби Азия` for `Асия Биби`
            swapped = _Name(name.last, "", name.first)
            if _loose_pair(swapped) != _loose_pair(name):
                by_loose[_loose_pair(swapped)].append((key, swapped))
    weight = _weight(groups, keys)
    for bucket in by_loose.values():
        # The commonest name as written heads the bucket; two names both there in the other
        # order are compared as written.
        head = min((m for m in bucket if m[1] is None),
                   key=lambda m: (-weight[groups.find(m[0])], m[0]), default=None)
        for key, reordered in bucket:
            if head is not None and _may_join(reordered or names[key], names[head[0]]):
                groups.union(head[0], key)


def _one_letter_apart(groups: Groups, full: list[Key], names: dict[Key, _Name]) -> None:
    """One letter apart in one part, the other part the same."""
    index: dict[tuple[str, str, str], set[Key]] = defaultdict(set)
    for key in full:
        first, last = _loose_pair(names[key])
        for deleted in edits1(last):
            index[("last", first, deleted)].add(key)
        for deleted in edits1(first):
            index[("first", last, deleted)].add(key)
    near: dict[Key, set[Key]] = defaultdict(set)
    for key in full:
        first, last = _loose_pair(names[key])
        for part, same, word in (("last", first, last), ("first", last, first)):
            if len(word) < ENDING_MIN:
                continue
            for deleted in edits1(word):
                for other in index.get((part, same, deleted), ()):
                    other_word = _loose_pair(names[other])[part == "last"]
                    if groups.find(other) != groups.find(key) \
                            and _one_edit(word, other_word) \
                            and _may_join(names[key], names[other]):
                        near[groups.find(key)].add(groups.find(other))
    _join_unique(groups, near)


def _latin_spellings(groups: Groups, keys: dict[Key, Stats], full: list[Key],
                     names: dict[Key, _Name]) -> None:
    """Latin spellings: paired in brackets inside one document's cluster, else by skeleton."""
    by_text: dict[str, list[Key]] = defaultdict(list)
    for key in full:
        by_text[fold(" ".join(p for p in key[1:4] if p))].append(key)
    for key in sorted(keys):
        for form in sorted(keys[key].forms):
            if len(form.split()) >= 2 and script(form) != script(" ".join(key[1:4])):
                for other in by_text.get(form, ()):
                    groups.union(key, other)
    cyrillic: dict[str, set[Key]] = defaultdict(set)
    for key in full:
        if script(" ".join(key[1:4])) == "cyr":
            cyrillic[skeleton(f"{names[key].first} {names[key].last}")].add(key)
    paired: dict[Key, set[Key]] = {}
    for key in full:
        if script(" ".join(key[1:4])) != "lat":
            continue
        bones = skeleton(f"{names[key].first} {names[key].last}")
        if len(bones.replace(" ", "")) >= SKELETON_MIN and len(bones.split()) == 2:
            paired[key] = {groups.find(k) for k in cyrillic.get(bones, ())}
    _join_unique(groups, paired)


def _short_names(groups: Groups, keys: dict[Key, Stats], full: list[Key],
                 names: dict[Key, _Name], ambiguous: dict[Key, set[Key]]) -> None:
    """Initials and lone names: only where one group fits."""
    by_last: dict[str, set[Key]] = defaultdict(set)
    by_first: dict[str, set[Key]] = defaultdict(set)
    for key in full:
        by_last[loose(names[key].last)].add(key)
        by_first[loose(names[key].first)].add(key)
    short: dict[Key, set[Key]] = {}
    holders = _holders(keys)
    for key in sorted(keys):
        name = names[key]
        if name.full:
            continue
        if name.initial and name.last:
            options = {k for k in by_last.get(loose(name.last), ())
                       if names[k].first.startswith(name.first)}
        elif name.lone:
            word = loose(name.lone)
            surname, given = by_last.get(word, set()), by_first.get(word, set())
            options = (surname or given) if name.last else (given or surname)
        else:
            continue
        roots = {groups.find(k) for k in options}
        if len(roots) > 1:
            roots = _by_evidence(key, roots, holders, groups) or roots
        short[key] = roots
    _join_unique(groups, short)
    _note_ambiguous(short, ambiguous)


def _holders(keys: dict[Key, Stats]) -> dict[str, list[tuple[Key, int]]]:
    """Form → the keys whose document clusters hold it, and how often."""
    found: dict[str, list[tuple[Key, int]]] = defaultdict(list)
    for key in sorted(keys):
        for form, count in keys[key].forms.items():
            found[form].append((key, count))
    return found


def _by_evidence(key: Key, roots: set[Key], holders: dict[str, list[tuple[Key, int]]],
                 groups: Groups) -> set[Key] | None:
    """The one group whose own document clusters hold this short form nearly always when a
    cluster of any candidate does (`Мэй` inside `Тереза Мэй`'s clusters, not Брайан Мэй's)."""
    seen: Counter[Key] = Counter()
    for other, count in holders.get(fold(" ".join(p for p in key[1:] if p)), ()):
        root = groups.find(other)
        if root in roots:
            seen[root] += count
    if not seen:
        return None
    (best, count), *_ = sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))
    return {best} if count >= DOMINANT * sum(seen.values()) and count >= 3 else None


def _by_context(stats: Stats, found: set[Key], groups: Groups) -> set[Key] | None:
    """The one state's name that fits where the documents using the bare name nearly
    always name that state among the candidates' (`МИД` in documents about Britain)."""
    roots_of: dict[str, set[Key]] = defaultdict(set)
    for key in found:
        state = qualified(key[1])[1]
        if state is not None:
            roots_of[state].add(groups.find(key))
    seen = {state: stats.states[state] for state in roots_of if stats.states[state]}
    if not seen:
        return None
    (best, count), *_ = sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))
    if count >= DOMINANT * sum(seen.values()) and count >= 3 and len(roots_of[best]) == 1:
        return set(roots_of[best])
    return None


def _note_ambiguous(short: dict[Key, set[Key]], ambiguous: dict[Key, set[Key]]) -> None:
    for key, roots in short.items():
        if len(roots) > 1:
            ambiguous.setdefault(key, roots)


def _notes(ambiguous: dict[Key, set[Key]], keys: dict[Key, Stats], groups: Groups,
           notes: dict[Key, str]) -> None:
    """Say which groups a short form kept apart could be (once all joins are done)."""
    names: dict[Key, Counter[str]] = defaultdict(Counter)
    for key, stats in keys.items():
        names[groups.find(key)].update(stats.names)
    for key, roots in ambiguous.items():
        finals = {groups.find(r) for r in roots}
        if groups.find(key) in finals or len(finals) < 2:
            continue  # joined after all, by a later rule
        shown = sorted({canonical(names[r]) for r in finals})
        listed = ", ".join(shown[:5]) + (", …" if len(shown) > 5 else "")
        notes[key] = f"kept apart: could be any of {len(finals)} ({listed})"


# ---- organizations and places -------------------------------------------------------------

def _others(keys: dict[Key, Stats], ambiguous: dict[Key, set[Key]], type_: str) -> Groups:
    groups = Groups(keys)
    words = {key: key[1].split() for key in keys}
    ordered = sorted(keys)
    _respelled(groups, keys, ordered, words, type_)
    _misspelled(groups, ordered, words)
    _pointed_to(groups, keys, ordered, type_)
    _shortened(groups, keys, ordered, words, ambiguous)
    if type_ == "ORG":
        _unqualified(groups, keys, ordered, words, ambiguous)
    return groups


def _respelled(groups: Groups, keys: dict[Key, Stats], ordered: list[Key],
               words: dict[Key, list[str]], type_: str) -> None:
    """The same name in another spelling (`RyanAir`, `Техрик-э-Лабаик`)."""
    by_loose: dict[str, list[Key]] = defaultdict(list)
    for key in ordered:
        # Linking particles come and go in transliteration (`Техрик-э-Лабаик`, `Техрик-и-…`).
        w = [x for x in words[key] if x not in ABBR_SKIP] if len(words[key]) >= 3 else words[key]
        by_loose["".join(loose(x) for x in w)].append(key)
    for members in by_loose.values():
        for key in members[1:]:
            groups.union(members[0], key)
    # An abbreviation spelled out in letter names (`Би-би-си` = `BBC`).
    for key in ordered:
        letters = spelled(key[1])
        if letters is not None and (type_, letters) in keys:
            groups.union(key, (type_, letters))


def _pointed_to(groups: Groups, keys: dict[Key, Stats], ordered: list[Key], type_: str) -> None:
    """The forms one document's cluster holds: a short form joins the group it points to."""
    pointed: dict[Key, Counter[Key]] = defaultdict(Counter)
    for key in ordered:
        for form, count in keys[key].forms.items():
            other = (type_, form)
            if other in keys:
                pointed[other][key] += count
    edges: dict[Key, set[Key]] = {}
    for key in sorted(pointed):
        by_root: Counter[Key] = Counter()
        for target, count in pointed[key].items():
            by_root[groups.find(target)] += count
        by_root.pop(groups.find(key), None)
        if by_root:
            (best, count), *_ = sorted(by_root.items(), key=lambda kv: (-kv[1], kv[0]))
            if count >= DOMINANT * sum(by_root.values()):
                edges[key] = {best}
    _join_unique(groups, edges)


def _shortened(groups: Groups, keys: dict[Key, Stats], ordered: list[Key],
               words: dict[Key, list[str]], ambiguous: dict[Key, set[Key]]) -> None:
    """Abbreviations (`МИД России`), compounds (`Евросоюз`) and Latin spellings, where one fits."""
    abbreviated: dict[tuple[str, tuple[str, ...]], set[Key]] = defaultdict(set)
    by_start: dict[str, set[Key]] = defaultdict(set)
    latin: dict[str, set[Key]] = defaultdict(set)
    cyrillic: dict[str, set[Key]] = defaultdict(set)
    for key in ordered:
        w = words[key]
        for k in range(2, len(w) + 1):
            abbreviated[(initials(w[:k]), tuple(w[k:]))].add(key)
        if len(w) >= 2:
            by_start[w[0][:2]].add(key)
        bones = skeleton(key[1])
        if len(bones.replace(" ", "")) >= 3:
            (latin if script(key[1]) == "lat" else cyrillic)[bones].add(key)
    short: dict[Key, set[Key]] = {}
    for key in ordered:
        w = words[key]
        if not w:
            continue
        options: set[Key] = set()
        if _written_short(keys[key]):
            options = set(abbreviated.get((w[0], tuple(w[1:])), ()))
        elif len(w[0]) >= 5:
            rest = w[1:]
            for other in by_start.get(w[0][:2], ()):
                head = words[other][:len(words[other]) - len(rest)]
                if len(head) >= 2 and words[other][len(head):] == rest and \
                        compound_of(w[0], head):
                    options.add(other)
        if not options:
            bones = skeleton(key[1])
            theirs = cyrillic if script(key[1]) == "lat" else latin
            if len(theirs.get(bones, ())) == 1:
                options = set(theirs[bones])
        options.discard(key)
        if options:
            short[key] = {groups.find(o) for o in options} - {groups.find(key)}
    short = {k: v for k, v in short.items() if v}
    _join_unique(groups, short)
    _note_ambiguous(short, ambiguous)


def _unqualified(groups: Groups, keys: dict[Key, Stats], ordered: list[Key],
                 words: dict[Key, list[str]], ambiguous: dict[Key, set[Key]]) -> None:
    """Organizations named without the state that qualifies them elsewhere in the corpus."""
    qualifies = _states(groups, keys, ordered)
    # A name without its qualifier (`Верховный суд` of `… Пакистана`, `МИД` of
    # `британский МИД`): the one that fits, or the one whose clusters hold it nearly
    # always when any candidate's do.
    longer: dict[tuple[str, ...], set[Key]] = defaultdict(set)
    for key in ordered:
        w = words[key]
        for n in range(1, len(w)):
            longer[("head", *w[:n])].add(key)
    # The states' readings come first: `Верховный суд` is Pakistan's where the corpus
    # also has `Верховный суд в Исламабаде`; a name two states qualify stays apart.
    holders = _holders(keys)
    by_state = {}
    for key in ordered:
        found = qualifies.get(tuple(words[key]), set())
        roots = {groups.find(k) for k in found}
        roots.discard(groups.find(key))
        if len(roots) > 1:
            roots = _by_evidence(key, roots, holders, groups) or \
                _by_context(keys[key], found, groups) or roots
        if roots:
            by_state[key] = roots
    _join_unique(groups, by_state)
    _note_ambiguous(by_state, ambiguous)
    bare = {}
    for key in ordered:
        if words[key] and key not in by_state:
            roots = {groups.find(k) for k in longer.get(("head", *words[key]), ())}
            roots.discard(groups.find(key))
            if roots:
                bare[key] = roots
    _join_unique(groups, bare)
    _note_ambiguous(bare, ambiguous)


def _misspelled(groups: Groups, ordered: list[Key], words: dict[Key, list[str]]) -> None:
    """A name one letter off another in one word of at least five letters, the other words
    the same, where only one name fits (`Консерватовная партия`, `партия консеваторов`,
    `Алрос`); never two dictionary words (`Высший`/`Высшей` are one, `Совет`/`Союз` two)."""
    index: dict[tuple[int, tuple[str, ...], tuple[str, ...], str], set[Key]] = defaultdict(set)
    for key in ordered:
        w = words[key]
        for i, word in enumerate(w):
            if len(word) >= EDIT_MIN:
                for deleted in edits1(word):
                    index[(i, tuple(w[:i]), tuple(w[i + 1:]), deleted)].add(key)
    near: dict[Key, set[Key]] = defaultdict(set)
    for key in ordered:
        w = words[key]
        for i, word in enumerate(w):
            if len(word) < EDIT_MIN:
                continue
            for deleted in edits1(word):
                for other in index.get((i, tuple(w[:i]), tuple(w[i + 1:]), deleted), ()):
                    theirs = words[other][i]
                    if other != key and theirs != word and within_one_edit(word, theirs) \
                            and not distinct_words(word, theirs):
                        near[key].add(groups.find(other))
    others = {k: v - {groups.find(k)} for k, v in near.items()}
    _join_unique(groups, {k: v for k, v in others.items() if v})


def _states(groups: Groups, keys: dict[Key, Stats],
            ordered: list[Key]) -> dict[tuple[str, ...], set[Key]]:
    """Names qualified by a state, in its genitive or its adjective: the same name of the
    same state is one (`МИД Великобритании`, `британский МИД`, `МИД Соединенного
    Королевства`), its abbreviation too (`российское Министерство иностранных дел`, `МИД
    РФ`). Returns the names proper → the keys that qualify them, for the bare name."""
    split = {key: qualified(key[1]) for key in ordered}
    same: dict[tuple[tuple[str, ...], str], list[Key]] = defaultdict(list)
    initialled: dict[tuple[str, tuple[str, ...], str], set[Key]] = defaultdict(set)
    cores: dict[tuple[str, ...], set[Key]] = defaultdict(set)
    for key in ordered:
        core, state = split[key]
        if state is None or not core:
            continue
        same[(tuple(loose(w) for w in core), state)].append(key)
        for k in range(2, len(core) + 1):
            initialled[(initials(list(core[:k])), core[k:], state)].add(key)
        cores[core].add(key)
    for members in same.values():
        for key in members[1:]:
            groups.union(members[0], key)
    abbreviations: dict[Key, set[Key]] = {}
    for key in ordered:
        core, state = split[key]
        if state is not None and core and _written_short(keys[key]):
            options = {groups.find(k) for k in initialled.get((core[0], core[1:], state), ())}
            options.discard(groups.find(key))
            if options:
                abbreviations[key] = options
    _join_unique(groups, abbreviations)
    return cores


def _written_short(stats: Stats) -> bool:
    """Mostly written as an abbreviation (`МИД`, `ЕС`)."""
    written = sum(n for name, n in stats.names.items() if is_abbreviation(name))
    return written * 2 > sum(stats.names.values())


# ---- all types ----------------------------------------------------------------------------

def resolve(keys: dict[Key, Stats]) -> Resolution:
    """Every key's group root (by type; deterministic for a given set of keys)."""
    notes: dict[Key, str] = {}
    root: dict[Key, Key] = {}
    by_type: dict[str, dict[Key, Stats]] = defaultdict(dict)
    for key, stats in keys.items():
        by_type[key[0]][key] = stats
    for type_, subset in sorted(by_type.items()):
        ambiguous: dict[Key, set[Key]] = {}
        groups = _people(subset, ambiguous) if type_ == PER else \
            _others(subset, ambiguous, type_)
        _notes(ambiguous, subset, groups, notes)
        for key in subset:
            root[key] = groups.find(key)
    return Resolution(root, notes)


def canonical(names: Counter[str]) -> str:
    """The fullest frequent name: of the names written at least a quarter as often as the
    commonest, one in Cyrillic, with the most words (then the commoner, then the first in
    order)."""
    if not names:
        return ""
    top = max(names.values())
    frequent = [n for n, c in names.items() if c >= FREQUENT * top]
    return min(frequent, key=lambda n: (script(n) != "cyr", -len(n.split()), -names[n], n))


def entity_id(type_: str, anchor: Key) -> str:
    """A stable id from the group's anchor key: the same name gives the same id in any run."""
    digest = hashlib.blake2b(repr(anchor).encode("utf-8"), digest_size=6).hexdigest()
    return f"{type_.lower()}-{digest}"
