"""One person across a whole dump: the per-document clusters of many records linked into
corpus entities with stable ids.

    >>> from extractor.corpus import link
    >>> corpus = link(records)              # Documents or record dicts (a list)
    >>> corpus.people[:3]                   # the most mentioned persons first
    >>> corpus.quotes_of(corpus.find("Сергей Лавров"))
    >>> corpus.to_frame("people")           # the table `extractor people` writes

Linking reads only the records (re-linking never reruns the NLP). It works on a compact
summary of each record that merges associatively (`summary.py`), decides on the merged
summary alone (`resolve.py`), then counts each entity's documents in a second pass over
the records. The same code serves `link`, `link_files`, `extractor people`, `extractor
extract --people` and `extractor.dask.link_bag`, and all of them give the same tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .files import read_records
from .keys import fold, fold_org
from .resolve import Resolution, canonical, entity_id, gender_of, resolve
from .summary import (
    PER,
    Key,
    Stats,
    Summary,
    as_record,
    keyed_clusters,
    merge,
    problem,
    quote_key,
    record_date,
    summarize,
    summarize_all,
)

__all__ = [
    "link", "link_files", "read_records", "Corpus", "CorpusEntity", "Person", "Organization",
    "Place", "Summary", "summarize", "summarize_all", "merge", "documents_of",
]

PEOPLE = {"corpus_id": "str", "type": "str", "name": "str", "gender": "str",
          "documents": "int", "mentions": "int", "quotes": "int", "first_date": "str",
          "last_date": "str", "variants": "json", "roles": "json", "note": "str"}
MENTIONS = {"doc_id": "str", "start": "int", "stop": "int", "type": "str", "text": "str",
            "normal": "str", "cluster": "int", "corpus_id": "str"}
QUOTES = {"doc_id": "str", "date": "str", "speaker": "str", "speaker_type": "str",
          "person_id": "str", "person": "str", "kind": "str", "cue": "str", "quote": "str",
          "start": "int", "stop": "int"}
TABLES = {"people": PEOPLE, "mentions": MENTIONS, "quotes": QUOTES}
TYPE_ORDER = {"PER": 0, "ORG": 1, "LOC": 2}


@dataclass(frozen=True)
class CorpusEntity:
    """One person, organization or place across the corpus."""

    id: str
    type: str
    name: str  # the fullest frequent form
    gender: str | None
    variants: tuple[tuple[str, int], ...]  # normal forms of the mentions, commonest first
    roles: tuple[tuple[str, int], ...]
    documents: int
    mentions: int
    quotes: int
    first_date: str | None = None
    last_date: str | None = None
    note: str | None = None  # why a short form stays apart

    def __repr__(self) -> str:
        variants = ", ".join(f"{v} ×{n}" for v, n in self.variants[:4])
        roles = ", ".join(f"{r} ×{n}" for r, n in self.roles[:3])
        more = f"; roles: {roles}" if roles else ""
        return (f"{type(self).__name__}({self.name!r}, {self.id}, {self.documents} documents, "
                f"{self.quotes} quotes; variants: {variants}{more})")

    def row(self) -> dict[str, Any]:
        """The entity as a row of the people table."""
        return {"corpus_id": self.id, "type": self.type, "name": self.name,
                "gender": self.gender, "documents": self.documents, "mentions": self.mentions,
                "quotes": self.quotes, "first_date": self.first_date,
                "last_date": self.last_date, "variants": dict(self.variants),
                "roles": dict(self.roles), "note": self.note}


class Person(CorpusEntity):
    """A person across the corpus."""


class Organization(CorpusEntity):
    """An organization across the corpus."""


class Place(CorpusEntity):
    """A place across the corpus."""


KINDS: dict[str, type[CorpusEntity]] = {"PER": Person, "ORG": Organization, "LOC": Place}


class Labels:
    """Which corpus entity each name key belongs to: labels the clusters of any record."""

    def __init__(self, resolution: Resolution, keys: dict[Key, Stats]) -> None:
        members: dict[Key, list[Key]] = {}
        for key, root in resolution.root.items():
            members.setdefault(root, []).append(key)
        self.members = members
        self.ids: dict[Key, str] = {}
        self.anchor: dict[Key, Key] = {}
        for root, group in members.items():
            anchor = min(group, key=lambda k: (-keys[k].mentions, k))
            self.anchor[root] = anchor
            for key in group:
                self.ids[key] = entity_id(root[0], anchor)

    def clusters(self, record: dict[str, Any]) -> dict[Any, str]:
        """A linkable record's cluster ids → corpus ids."""
        return {cid: self.ids[key] for cid, key in keyed_clusters(record).items()
                if key in self.ids}

    def quote(self, quote: dict[str, Any], keys: dict[Any, Key]) -> str | None:
        key = quote_key(quote, keys)
        return self.ids.get(key) if key is not None else None


def documents_of(records: Iterable[Any], labels: Labels) -> Counter[str]:
    """Corpus id → the number of records it is mentioned or quoted in (mergeable: add)."""
    documents: Counter[str] = Counter()
    for record in records:
        record = as_record(record)
        if problem(record) is not None:
            continue
        keys = keyed_clusters(record)
        ids = {labels.ids[k] for k in keys.values() if k in labels.ids}
        ids.update(i for q in record.get("quotes") or () if (i := labels.quote(q, keys)))
        documents.update(ids)
    return documents


class Corpus:
    """The corpus entities of many records, and the tables of their mentions and quotes."""

    def __init__(self, summary: Summary, labels: Labels, documents: Counter[str],
                 resolution: Resolution,
                 source: Callable[[], Iterable[Any]] | None = None) -> None:
        self.summary = summary
        self.labels = labels
        self._source = source
        entities = []
        for root, group in labels.members.items():
            entities.append(_entity(root, group, summary.keys, labels, documents, resolution))
        entities.sort(key=lambda e: (TYPE_ORDER[e.type], -e.mentions, e.name, e.id))
        self.entities: tuple[CorpusEntity, ...] = tuple(entities)
        self._by_id = {e.id: e for e in entities}

    @classmethod
    def build(cls, summary: Summary, source: Callable[[], Iterable[Any]]) -> Corpus:
        """Resolve a merged summary and count documents in a second pass over `source()`."""
        resolution = resolve(summary.keys)
        labels = Labels(resolution, summary.keys)
        return cls(summary, labels, documents_of(source(), labels), resolution, source)

    @property
    def people(self) -> list[CorpusEntity]:
        """The persons, most mentioned first."""
        return [e for e in self.entities if e.type == PER]

    @property
    def organizations(self) -> list[CorpusEntity]:
        return [e for e in self.entities if e.type == "ORG"]

    @property
    def places(self) -> list[CorpusEntity]:
        return [e for e in self.entities if e.type == "LOC"]

    @property
    def warning(self) -> str | None:
        """What was not linked (records with `error`, without clusters, of another format)."""
        return self.summary.warning()

    def __len__(self) -> int:
        return len(self.entities)

    def __getitem__(self, id: str) -> CorpusEntity:
        return self._by_id[id]

    def __repr__(self) -> str:
        counts = Counter(e.type for e in self.entities)
        return (f"Corpus({self.summary.records} records: {counts['PER']} people, "
                f"{counts['ORG']} organizations, {counts['LOC']} places)")

    def find(self, name: str, type: str | None = None) -> CorpusEntity | None:
        """The entity with this name or variant (case and `ё` aside), the most mentioned."""
        wanted = {fold(name), fold_org(name)}
        for entity in self.entities:
            if type and entity.type != type:
                continue
            if fold(entity.name) in wanted or any(fold(v) in wanted for v, _ in entity.variants):
                return entity
        return None

    # ---- the tables ----------------------------------------------------------------------

    def records(self) -> Iterable[Any]:
        """The records this corpus was linked from, read again (a list, or the files)."""
        return self._records(None)

    def _records(self, records: Iterable[Any] | None) -> Iterable[Any]:
        if records is not None:
            return records
        if self._source is None:
            raise ValueError("this corpus keeps no records: pass them (records=...)")
        return self._source()

    def _dicts(self, records: Iterable[Any] | None) -> Iterator[dict[str, Any]]:
        """The records as dicts; what is no record at all is passed over."""
        for record in self._records(records):
            record = as_record(record)
            if isinstance(record, dict):
                yield record

    def mention_rows(self, records: Iterable[Any] | None = None) -> Iterator[dict[str, Any]]:
        """One row per entity mention, with its `corpus_id`."""
        for record in self._dicts(records):
            ids = self.labels.clusters(record) if problem(record) is None else {}
            for entity in record.get("entities") or ():
                if isinstance(entity, dict):
                    row = {name: entity.get(name) for name in MENTIONS}
                    row["doc_id"] = record.get("id")
                    row["corpus_id"] = ids.get(entity.get("cluster"))
                    yield row

    def quote_rows(self, records: Iterable[Any] | None = None) -> Iterator[dict[str, Any]]:
        """One row per quote of every record (unlinked ones too), with `person_id`."""
        for record in self._dicts(records):
            keys = keyed_clusters(record) if problem(record) is None else {}
            date = record_date(record)
            for quote in record.get("quotes") or ():
                if not isinstance(quote, dict):
                    continue
                given = quote.get("speaker")
                speaker = given if isinstance(given, dict) else {}
                person = self.labels.quote(quote, keys) if keys or speaker else None
                if problem(record) is not None:
                    person = None
                yield {"doc_id": record.get("id"), "date": date,
                       "speaker": speaker.get("name"), "speaker_type": speaker.get("type"),
                       "person_id": person,
                       "person": self._by_id[person].name if person in self._by_id else None,
                       "kind": quote.get("kind"), "cue": quote.get("cue"),
                       "quote": quote.get("text"), "start": quote.get("start"),
                       "stop": quote.get("stop")}

    def quotes_of(self, entity: CorpusEntity | str,
                  records: Iterable[Any] | None = None) -> list[dict[str, Any]]:
        """Every quote of one entity (or corpus id) across the documents, in record order."""
        wanted = entity if isinstance(entity, str) else entity.id
        return [row for row in self.quote_rows(records) if row["person_id"] == wanted]

    def rows(self, what: str = "people", records: Iterable[Any] | None = None
             ) -> Iterable[dict[str, Any]]:
        """The rows of a table: `people` (every entity), `mentions` or `quotes`."""
        if what == "people":
            return [e.row() for e in self.entities]
        if what == "mentions":
            return self.mention_rows(records)
        if what == "quotes":
            return self.quote_rows(records)
        raise ValueError(f"what must be one of {sorted(TABLES)}, not {what!r}")

    def to_frame(self, what: str = "people", records: Iterable[Any] | None = None) -> Any:
        """A pandas DataFrame of a table (extra `jupyter`): the columns `extractor people`
        writes; `people` holds every entity, the `type` column says which kind."""
        from ..frames import require_pandas

        pd = require_pandas()
        if what not in TABLES:
            raise ValueError(f"what must be one of {sorted(TABLES)}, not {what!r}")
        frame = pd.DataFrame(list(self.rows(what, records)), columns=list(TABLES[what]))
        for column, kind in TABLES[what].items():
            if kind == "int":
                frame[column] = frame[column].astype("Int64")
        return frame


def _entity(root: Key, group: list[Key], keys: dict[Key, Stats], labels: Labels,
            documents: Counter[str], resolution: Resolution) -> CorpusEntity:
    total = Stats()
    for key in sorted(group):
        total.update(keys[key])
    type_ = root[0]
    id = labels.ids[root]
    gender = None
    if type_ == PER:
        votes: Counter[str] = Counter()
        for key in group:
            found = gender_of(key[1], key[3])
            if found:
                votes[found] += keys[key].mentions
        ranked = votes.most_common()
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            gender = ranked[0][0]
    notes = sorted({resolution.notes[k] for k in group if k in resolution.notes})
    return KINDS[type_](
        id=id, type=type_, name=canonical(total.names), gender=gender,
        variants=_ranked(total.variants), roles=_ranked(total.roles),
        documents=documents.get(id, 0), mentions=total.mentions, quotes=total.quotes,
        first_date=total.first_date, last_date=total.last_date,
        note="; ".join(notes) or None)


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def link(docs_or_records: Iterable[Any]) -> Corpus:
    """Link the clusters of many Documents or record dicts into corpus entities.

    A list is kept (not copied) for the mention and quote tables; any other iterable is
    read into a list first. Records with `error` set, without clusters, or of another
    format are counted and skipped with one warning; their quotes stay in the quote table.
    """
    records: Sequence[Any] = docs_or_records if isinstance(docs_or_records, Sequence) \
        else list(docs_or_records)
    summary = summarize_all(records)
    warn_of(summary)
    return Corpus.build(summary, lambda: records)


def link_files(paths: Sequence[str],
               progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None
               ) -> Corpus:
    """Link the records in files the CLI wrote (JSON Lines, optionally compressed; CSV, TSV
    or Parquet); the files are read again for the second pass and the tables."""
    def source() -> Iterator[Any]:
        for path in paths:
            yield from read_records(path)

    wrap = progress or (lambda items: items)
    summary = summarize_all(wrap(source()))
    warn_of(summary)
    return Corpus.build(summary, lambda: wrap(source()))


def warn_of(summary: Summary) -> None:
    """Warn when the summary holds something the user should know (see `Summary.warning`)."""
    import warnings

    message = summary.warning()
    if message:
        warnings.warn(message, stacklevel=3)
