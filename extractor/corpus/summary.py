"""The mergeable summary: what the corpus needs from each record, counted by name key.

A `Summary` maps each distinct name key (a person's name parts, an organization's or a
place's folded name) to counts: clusters, mentions, quotes, the names, variants and roles
seen, the other forms its clusters hold, first and last date. Summaries merge by adding
counts (`Summary.update`), an associative and commutative operation, so a corpus can be
summarized in one pass, in pieces on many workers, or in a tree, and the merged summary is
the same. It grows with the distinct names, not with documents or mentions.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .keys import fold, fold_org, qualified, state_of

PER = "PER"
TYPES = ("PER", "ORG", "LOC")
Key = tuple[str, ...]  # ("PER", first, middle, last) or (type, folded name)

# Why a record was not linked (counted, and reported as one warning).
FAILED, NO_CLUSTERS, OLD_FORMAT = "error", "no clusters", "older or unknown format"


@dataclass
class Stats:
    """Everything counted for one name key."""

    clusters: int = 0
    mentions: int = 0
    quotes: int = 0
    names: Counter[str] = field(default_factory=Counter)  # the clusters' names as written
    variants: Counter[str] = field(default_factory=Counter)  # the mentions' normal forms
    roles: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)  # folded normal forms inside the clusters
    # An organization named without a state: the states its documents name, by mentions.
    states: Counter[str] = field(default_factory=Counter)
    first_date: str | None = None
    last_date: str | None = None

    def update(self, other: Stats) -> None:
        self.clusters += other.clusters
        self.mentions += other.mentions
        self.quotes += other.quotes
        self.names.update(other.names)
        self.variants.update(other.variants)
        self.roles.update(other.roles)
        self.forms.update(other.forms)
        self.states.update(other.states)
        self.first_date = _earliest(self.first_date, other.first_date)
        self.last_date = _latest(self.last_date, other.last_date)


def _earliest(a: str | None, b: str | None) -> str | None:
    return b if a is None else a if b is None else min(a, b)


def _latest(a: str | None, b: str | None) -> str | None:
    return b if a is None else a if b is None else max(a, b)


@dataclass
class Summary:
    """Name key → Stats, and the bookkeeping of the records read."""

    keys: dict[Key, Stats] = field(default_factory=dict)
    records: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason → records
    skipped_quotes: int = 0  # quotes of skipped records: in the quote table, not linked
    unnamed_quotes: int = 0  # quotes whose source the text leaves unnamed

    def update(self, other: Summary) -> Summary:
        """Add another summary's counts to this one (and return it)."""
        for key, stats in other.keys.items():
            mine = self.keys.get(key)
            if mine is None:
                mine = self.keys[key] = Stats()
            mine.update(stats)
        self.records += other.records
        self.skipped.update(other.skipped)
        self.skipped_quotes += other.skipped_quotes
        self.unnamed_quotes += other.unnamed_quotes
        return self

    def warning(self) -> str | None:
        """One line on the records that were not linked, or None."""
        if not self.skipped:
            return None
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        quotes = (f"; their {self.skipped_quotes} quotes are in the quote table without a "
                  "person_id") if self.skipped_quotes else ""
        total = sum(self.skipped.values())
        return f"{total} of {self.records} records not linked ({reasons}){quotes}"


def merge(summaries: Iterable[Summary]) -> Summary:
    """One summary of many (a new object: the inputs are left as they were)."""
    total = Summary()
    for summary in summaries:
        total.update(summary)
    return total


# ---- one record ---------------------------------------------------------------------------

def as_record(doc: Any) -> Any:
    """A record dict for a Document (its `to_dict()`) or a dict as it is."""
    to_dict = getattr(doc, "to_dict", None)
    return to_dict() if callable(to_dict) and not isinstance(doc, dict) else doc


def record_date(record: dict[str, Any]) -> str | None:
    """The record's `meta.date` as `YYYY-MM-DD` (an ISO date or timestamp), or None."""
    meta = record.get("meta") or {}
    value = meta.get("date") if isinstance(meta, dict) else None
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()[:10]
    if isinstance(value, str) and len(value) >= 10:
        try:
            return _dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    return None


def problem(record: Any) -> str | None:
    """Why a record cannot be linked, or None when it can."""
    if not isinstance(record, dict):
        return OLD_FORMAT
    if record.get("error"):
        return FAILED
    clusters = record.get("clusters")
    if clusters is None:
        return NO_CLUSTERS
    if not isinstance(clusters, list) or not isinstance(record.get("entities") or [], list):
        return OLD_FORMAT
    for cluster in clusters:
        if not isinstance(cluster, dict) or not isinstance(cluster.get("name"), str) or \
                cluster.get("type") not in TYPES or "id" not in cluster:
            return OLD_FORMAT
    return None


def _part(value: Any) -> str:
    return fold(value) if isinstance(value, str) else ""


def cluster_key(cluster: dict[str, Any]) -> Key:
    """The name key of one of a record's clusters."""
    if cluster["type"] != PER:
        return (cluster["type"], fold_org(cluster["name"]))
    first, middle, last = (_part(cluster.get(p)) for p in ("first", "middle", "last"))
    if not (first or middle or last):
        # No parts (an older record, a name the normalizer could not split): the words.
        words = fold(cluster["name"]).split()
        if len(words) == 1:
            return (PER, "", "", words[0])
        first, middle, last = (words[0], " ".join(words[1:-1]), words[-1]) if words else \
            ("", "", "")
    return (PER, first, middle, last)


def speaker_key(speaker: dict[str, Any]) -> Key | None:
    """The key of a quote's speaker whose name is given without a cluster."""
    name, type_ = speaker.get("name"), speaker.get("type")
    if not isinstance(name, str) or not name.strip() or type_ not in TYPES:
        return None
    return cluster_key({"type": type_, "name": name})


def keyed_clusters(record: dict[str, Any]) -> dict[Any, Key]:
    """A linkable record's cluster ids → name keys."""
    return {c["id"]: cluster_key(c) for c in record["clusters"]}


def quote_key(quote: dict[str, Any], keys: dict[Any, Key]) -> Key | None:
    """The name key a quote's speaker links through: its cluster, else its name."""
    speaker = quote.get("speaker") if isinstance(quote, dict) else None
    if not isinstance(speaker, dict):
        return None
    key = keys.get(speaker.get("cluster"))
    return key if key is not None else speaker_key(speaker)


def _states_named(clusters: list[dict[str, Any]], keys: dict[Any, Key],
                  normals: dict[Any, list[str]]) -> Counter[str]:
    """The states a document names, by mentions: as places (`Великобритания`) and as the
    qualifiers of its organizations (`МИД Британии`)."""
    states: Counter[str] = Counter()
    for cluster in clusters:
        key = keys[cluster["id"]]
        if key[0] == "LOC":
            state = state_of(key[1])
        elif key[0] == "ORG":
            state = qualified(key[1])[1]
        else:
            continue
        if state is not None:
            states[state] += len(cluster.get("mentions") or ()) or \
                len(normals.get(cluster["id"], ())) or 1
    return states


def summarize(record: Any) -> Summary:
    """The summary of one record (a dict or a Document)."""
    record = as_record(record)
    summary = Summary(records=1)
    reason = problem(record)
    if reason is not None:
        summary.skipped[reason] += 1
        quotes = record.get("quotes") if isinstance(record, dict) else None
        summary.skipped_quotes += len(quotes) if isinstance(quotes, list) else 0
        return summary
    date = record_date(record)
    keys = keyed_clusters(record)
    normals: dict[Any, list[str]] = {}
    for entity in record.get("entities") or ():
        if isinstance(entity, dict) and entity.get("cluster") in keys:
            normal = entity.get("normal") or entity.get("text")
            if isinstance(normal, str):
                normals.setdefault(entity["cluster"], []).append(normal)
    states = _states_named(record["clusters"], keys, normals)
    for cluster in record["clusters"]:
        key = keys[cluster["id"]]
        stats = summary.keys.get(key)
        if stats is None:
            stats = summary.keys[key] = Stats(first_date=date, last_date=date)
        mine = normals.get(cluster["id"], [])
        stats.clusters += 1
        stats.mentions += len(cluster.get("mentions") or ()) or len(mine)
        stats.names[cluster["name"]] += 1
        stats.variants.update(mine)
        stats.roles.update(r for r in cluster.get("roles") or () if isinstance(r, str))
        folder = fold if key[0] == PER else fold_org
        stats.forms.update({folder(n) for n in mine} - {folder(cluster["name"])})
        if key[0] == "ORG" and states and qualified(key[1])[1] is None:
            stats.states.update(states)
    for quote in record.get("quotes") or ():
        speaker = quote_key(quote, keys)
        if speaker is None:
            summary.unnamed_quotes += 1
            continue
        stats = summary.keys.get(speaker)
        if stats is None:
            stats = summary.keys[speaker] = Stats(first_date=date, last_date=date)
        stats.quotes += 1
    return summary


def summarize_all(records: Iterable[Any]) -> Summary:
    """The merged summary of many records."""
    total = Summary()
    for record in records:
        total.update(summarize(record))
    return total
