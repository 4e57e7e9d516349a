"""The output contract: plain frozen dataclasses (see shared/spec/records.md).

Every record carries offsets into the caller's original string, `stop`
exclusive, so `text[start:stop]` is exactly the record's text.

Additions to the contract (nothing renamed): `Document.to_dict()` gives `meta`, the input's
other fields (JSON Lines keys, CSV/Parquet columns, an HTML page's title/date/author/url/
sitename), whenever the input had any, and `text`, the analysed text the offsets index, when
asked for (`to_dict(text=True)`, the batch tool's `--keep-text`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

from .chars import SURROGATE

PER, ORG, LOC = "PER", "ORG", "LOC"


def escape_surrogates(text: str) -> str:
    """Lone surrogates as `\\uXXXX` escapes, so the text can be written as UTF-8.

    They come from JSON escapes like `"\\ud800"` and bytes read with surrogateescape; in
    a JSON string the escape loads back as the same character, so offsets stay exact.
    """
    return SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True, init=False)
class Token:
    """One word or punctuation mark; `lemma` is filled when asked for (Document.tokens)."""

    start: int
    stop: int
    text: str
    pos: str | None = None
    feats: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    lemma: str | None = None
    sentence: int = 0
    # What the models read when it differs from `text`: stress marks, soft hyphens,
    # zero-width characters and Latin look-alikes removed (segment.clean).
    norm: str | None = None

    def __init__(self, start: int, stop: int, text: str, pos: str | None = None,
                 feats: dict[str, str] | None = None, lemma: str | None = None,
                 sentence: int = 0, norm: str | None = None) -> None:
        # A run builds every token twice (segmented, then tagged): the frozen dataclass's
        # own constructor, one object.__setattr__ call a field, cost 2.9 µs a token, these
        # stores into the new instance's dict 1.1 µs. Frozen as before once built.
        own = self.__dict__
        own["start"], own["stop"], own["text"], own["pos"] = start, stop, text, pos
        own["feats"] = {} if feats is None else feats
        own["lemma"], own["sentence"], own["norm"] = lemma, sentence, norm

    @property
    def word(self) -> str:
        """The cleaned form of the token for taggers and dictionaries."""
        return self.text if self.norm is None else self.norm

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "stop": self.stop,
            "pos": self.pos, "feats": dict(self.feats), "lemma": self.lemma,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Sentence:
    """A sentence span; `tokens` indexes into the document's token list."""

    start: int
    stop: int
    text: str
    tokens: tuple[int, int] = (0, 0)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "stop": self.stop}


@dataclass(frozen=True)
class Entity:
    """A named mention: PER, ORG or LOC, with its nominative `normal` form."""

    text: str
    start: int
    stop: int
    type: str
    normal: str | None = None
    cluster: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "stop": self.stop,
            "type": self.type, "normal": self.normal, "cluster": self.cluster,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            text=data["text"], start=data["start"], stop=data["stop"], type=data["type"],
            normal=data.get("normal"), cluster=data.get("cluster"),
        )


@dataclass(frozen=True)
class Cluster:
    """Everything the document says about one person, organization or place."""

    id: int
    type: str
    name: str
    first: str | None = None
    middle: str | None = None
    last: str | None = None
    roles: tuple[str, ...] = ()
    mentions: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "name": self.name,
            "first": self.first, "middle": self.middle, "last": self.last,
            "roles": list(self.roles),
            "mentions": [[start, stop] for start, stop in self.mentions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cluster:
        return cls(
            id=data["id"], type=data["type"], name=data["name"],
            first=data.get("first"), middle=data.get("middle"), last=data.get("last"),
            roles=tuple(data.get("roles") or ()),
            mentions=tuple((start, stop) for start, stop in data.get("mentions") or ()),
        )


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to: the words in the text and who they resolve to."""

    name: str | None
    type: str | None
    cluster: int | None = None
    mention: str | None = None
    start: int | None = None
    stop: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "type": self.type, "cluster": self.cluster,
            "mention": self.mention, "start": self.start, "stop": self.stop,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Speaker:
        return cls(
            name=data.get("name"), type=data.get("type"), cluster=data.get("cluster"),
            mention=data.get("mention"), start=data.get("start"), stop=data.get("stop"),
        )


@dataclass(frozen=True)
class Quote:
    """A statement the text attributes to a source (shared/spec/quotes.md)."""

    text: str
    start: int
    stop: int
    kind: str
    cue: str = ""
    cue_lemma: str = ""
    speaker: Speaker | None = None
    sentence: int | None = None
    confidence: float = 0.0
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "stop": self.stop, "kind": self.kind,
            "cue": self.cue, "cue_lemma": self.cue_lemma,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "sentence": self.sentence, "confidence": round(self.confidence, 3),
            "rule": self.rule,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        speaker = data.get("speaker")
        return cls(
            text=data["text"], start=data["start"], stop=data["stop"], kind=data["kind"],
            cue=data.get("cue") or "", cue_lemma=data.get("cue_lemma") or "",
            speaker=Speaker.from_dict(speaker) if speaker else None,
            sentence=data.get("sentence"), confidence=data.get("confidence") or 0.0,
            rule=data.get("rule") or "",
        )


class _Columns:
    """`Document.raw_tokens`: always a tuple of Tokens to the reader. A Document unpickled
    from a worker process keeps its tokens as packed columns and builds the Token objects
    on first read; most consumers of `pipe(n_process=…)` never read them, and the parent,
    the one process every Document passes through, skips most of its work."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = "_" + name

    def __get__(self, doc: Any, owner: type | None = None) -> Any:
        if doc is None:
            return ()  # the dataclass default
        value = doc.__dict__[self.key]
        if type(value) is _Packed:
            value = _unpack_tokens(*value.columns)
            doc.__dict__[self.key] = value
        return value

    def __set__(self, doc: Any, value: Any) -> None:
        doc.__dict__[self.key] = () if value is self else value


@dataclass(frozen=True)
class Document:
    """One input document and all that was found in it; `error` is set when it failed."""

    text: str
    id: str | None = None
    entities: tuple[Entity, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    quotes: tuple[Quote, ...] = ()
    error: str | None = None
    sentences: tuple[Sentence, ...] = field(default=(), repr=False)
    # The input's other fields (JSON Lines keys, CSV columns, an HTML page's title, date, …),
    # passed through untouched.
    meta: dict[str, Any] = field(default_factory=dict, hash=False, repr=False)
    # Untagged-lemma tokens; `tokens` fills lemmas on first access.
    raw_tokens: tuple[Token, ...] = field(default=_Columns(), repr=False,  # type: ignore[arg-type]
                                          compare=False)
    # How the pipeline that made this document fills in tags and lemmas (`tag.with_lemmas`),
    # so that a record never loads a model itself; None: `tokens` are the raw tokens.
    lemmatizer: Callable[[Sequence[Token]], tuple[Token, ...]] | None = field(
        default=None, repr=False, compare=False)

    def __reduce__(self) -> tuple[Any, ...]:
        # Worker processes send every Document back to the parent: tokens and sentences
        # travel as columns of offsets (their text is a slice of `text`), which loads
        # ~2-3x faster in the parent, the one process all results pass through.
        rest = {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in ("sentences", "raw_tokens")}
        return _unpickle_document, (rest, *_pack(self))

    @property
    def text_length(self) -> int:
        return len(self.text)

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        """Every token with its lemma (computed lazily: most users never ask)."""
        if self.lemmatizer is None:
            return tuple(self.raw_tokens)
        return self.lemmatizer(self.raw_tokens)

    def cluster(self, id: int | None) -> Cluster | None:
        """The cluster with this id, or None."""
        for cluster in self.clusters:
            if cluster.id == id:
                return cluster
        return None

    def _repr_html_(self) -> str:
        """Jupyter's rich view: the text with entities, quotes and speakers highlighted."""
        from .display import html

        return html(self)

    def print(self, width: int = 80) -> None:
        """Print the text with ASCII markup of entities and quotes (for terminals)."""
        from .display import markup

        print(markup(self, width))

    def to_dict(self, text: bool = False) -> dict[str, Any]:
        """The record of the contract; `meta` when the input had other fields, the analysed
        `text` when asked for (offsets index it)."""
        record: dict[str, Any] = {
            "id": self.id,
            "text_length": self.text_length,
            "entities": [e.to_dict() for e in self.entities],
            "clusters": [c.to_dict() for c in self.clusters],
            "quotes": [q.to_dict() for q in self.quotes],
            "error": self.error,
        }
        if self.meta:
            record["meta"] = dict(self.meta)
        if text:
            record["text"] = self.text
        return record

    def to_json(self, **kwargs: Any) -> str:
        """The record as one line of JSON (`ensure_ascii=False` unless overridden).

        Lone surrogates are written as escapes and load back as they were; a high and a
        low surrogate side by side (a pair split into two code points) load back as the
        one character they encode, as JSON defines."""
        kwargs.setdefault("ensure_ascii", False)
        return escape_surrogates(json.dumps(self.to_dict(), **kwargs))

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str | None = None) -> Document:
        """Rebuild a record; pass the text to get offsets back unless the record kept it."""
        return cls(
            text=text if text is not None else data.get("text", ""),
            id=data.get("id"),
            entities=tuple(Entity.from_dict(e) for e in data.get("entities") or ()),
            clusters=tuple(Cluster.from_dict(c) for c in data.get("clusters") or ()),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes") or ()),
            error=data.get("error"),
            meta=dict(data.get("meta") or {}),
        )


# ---- compact pickling (see Document.__reduce__) ---------------------------------------------

_TOKEN_FIELDS = tuple(f.name for f in fields(Token))
_SENTENCE_FIELDS = tuple(f.name for f in fields(Sentence))


def _pack(doc: Document) -> tuple[Any, list[Any], dict[str, list[Any]]]:
    text = doc.text
    sentences: Any = doc.sentences
    if _SENTENCE_FIELDS == ("start", "stop", "text", "tokens") and all(
            s.text == text[s.start:s.stop] for s in sentences):
        sentences = [(s.start, s.stop, s.tokens) for s in sentences]
    kinds: dict[tuple[Any, ...], int] = {}  # distinct feats, stored once
    values = [token.__dict__ for token in doc.raw_tokens]
    # Column by column: one comprehension per field is ~2x cheaper than a loop per token.
    columns: dict[str, list[Any]] = {name: [v[name] for v in values] for name in _TOKEN_FIELDS}
    columns["text"] = [None if word == text[start:stop] else word for word, start, stop
                       in zip(columns["text"], columns["start"], columns["stop"], strict=True)]
    columns["feats"] = [kinds.setdefault(tuple(feats.items()), len(kinds))
                        for feats in columns["feats"]]
    return sentences, list(kinds), columns


def _unpickle_document(rest: dict[str, Any], sentences: Any, kinds: list[Any],
                       columns: dict[str, list[Any]]) -> Document:
    text = rest["text"]
    if sentences and not isinstance(sentences[0], Sentence):
        sentences = tuple(Sentence(start, stop, text[start:stop], span)
                          for start, stop, span in sentences)
    doc = Document(**rest, sentences=tuple(sentences))
    doc.__dict__["_raw_tokens"] = _Packed((text, kinds, columns))  # Tokens on first read
    return doc


class _Packed:
    __slots__ = ("columns",)

    def __init__(self, columns: tuple[Any, ...]) -> None:
        self.columns = columns


def _unpack_tokens(text: str, kinds: list[Any],
                   columns: dict[str, list[Any]]) -> tuple[Token, ...]:
    columns = dict(columns)
    columns["text"] = [text[start:stop] if word is None else word for word, start, stop
                       in zip(columns["text"], columns["start"], columns["stop"], strict=True)]
    kinds = [dict(kind) for kind in kinds]
    columns["feats"] = [kinds[kind].copy() for kind in columns["feats"]]  # one dict each
    # Token's fields in order (`_TOKEN_FIELDS`): one constructor call a token, no bypass.
    return tuple(Token(*values) for values in zip(*columns.values(), strict=True))
