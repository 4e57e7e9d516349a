"""A spaCy pipeline component (extra `spacy`): `nlp.add_pipe("extractor")`.

It sets `doc.ents` with `ent._.normal` (the nominative) and `ent._.cluster` (the id of the
entity's cluster in `doc._.clusters`), token lemmas (and POS, morphology and sentence starts
where our tokens and spaCy's agree), `doc.spans["quotes"]` (label = kind, `span.kb_id_` =
who said it, so `displacy.render(doc, style="span", options={"spans_key": "quotes"})` shows
the speaker beside the kind; `span._.speaker` and `span._.speaker_cluster` hold the name and
cluster as data) and the records `Doc._.quotes`, `Doc._.clusters` and `Doc._.record` (the
whole Document).
Registered through the `spacy_factories` entry point, so `spacy.load()` of a saved
pipeline finds it without importing this module first.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

try:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from spacy.util import filter_spans
except ImportError as exc:  # the core install stays lean: spaCy is an extra
    raise ImportError("extractor.spacy needs spaCy: pip install 'extractor-ru[spacy]'") from exc

from .records import Cluster, Document, Entity, Quote

if TYPE_CHECKING:
    from .pipeline import Extractor

# The record lives in doc.user_data as plain dicts, so Doc.to_bytes(), DocBin and
# nlp.pipe(n_process=…) can serialize it; the extensions rebuild the records on access.
KEY = "extractor"
QUOTES = "quotes"



def _record(doc: Doc) -> Document | None:
    data = doc.user_data.get(KEY)
    return None if data is None else Document.from_dict(data, text=doc.text)


def _quotes(doc: Doc) -> list[Quote]:
    data = doc.user_data.get(KEY) or {}
    return [Quote.from_dict(q) for q in data.get("quotes") or ()]


def _clusters(doc: Doc) -> list[Cluster]:
    data = doc.user_data.get(KEY) or {}
    return [Cluster.from_dict(c) for c in data.get("clusters") or ()]


for _name, _getter in (("record", _record), ("quotes", _quotes), ("clusters", _clusters)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=_getter)

# Span values set with a default live in doc.user_data keyed by the span's character offsets,
# so they survive Doc.to_bytes(), DocBin and n_process, and any Span over the same characters
# (doc.ents builds new ones on each access) reads them.
for _name in ("normal", "cluster", "speaker", "speaker_cluster"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def shared_extractor(batch_size: int = 32, quotes: bool = True) -> Extractor:
    """One Extractor per configuration per process: models load once however many pipelines."""
    from .pipeline import shared

    return shared(batch_size=batch_size, quotes=quotes)


class ExtractorComponent:
    """Runs the extractor on each Doc's text and writes the results onto the Doc."""

    def __init__(self, nlp: Language, name: str = "extractor", batch_size: int = 32,
                 quotes: bool = True, overwrite_ents: bool = True,
                 spans_key: str = QUOTES) -> None:
        self.name = name
        self.batch_size = batch_size
        self.quotes = quotes
        self.overwrite_ents = overwrite_ents
        self.spans_key = spans_key
        self._extractor: Extractor | None = None

    @property
    def extractor(self) -> Extractor:
        """The underlying Extractor, loaded on first use (so `spacy.load` itself is quick)."""
        if self._extractor is None:
            self._extractor = shared_extractor(self.batch_size, self.quotes)
        return self._extractor

    def __call__(self, doc: Doc) -> Doc:
        record = self.extractor.process([(None, doc.text)])[0]
        return self.annotate(doc, record)

    def pipe(self, stream: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Batched: the neural stages see a whole batch of Docs at once."""
        stream = iter(stream)
        size = batch_size or self.batch_size
        while batch := list(islice(stream, size)):
            records = self.extractor.process([(None, doc.text) for doc in batch])
            for doc, record in zip(batch, records, strict=True):
                yield self.annotate(doc, record)

    def annotate(self, doc: Doc, record: Document) -> Doc:
        """Write one Document's results onto the spaCy Doc."""
        data = record.to_dict()
        data.pop("id", None)
        doc.user_data[KEY] = data
        if record.error:
            return doc
        _set_tokens(doc, record)
        ours: dict[Span, Entity] = {}
        for entity in record.entities:
            span = doc.char_span(entity.start, entity.stop, label=entity.type,
                                 alignment_mode="expand")
            if span is not None:
                ours[span] = entity
        ents = list(ours)
        if not self.overwrite_ents:
            ents += list(doc.ents)
        # spaCy's tokens can be coarser than ours, so expanded spans may overlap:
        # keep the longest (then the earliest), as spaCy's own filter_spans does.
        doc.ents = filter_spans(ents)
        for span in doc.ents:
            if (found := ours.get(span)) is not None:
                span._.normal = found.normal
                span._.cluster = found.cluster
        quotes = []
        for quote in record.quotes:
            speaker = quote.speaker
            shown = speaker and (speaker.name or speaker.mention) or ""
            # spaCy's span renderer writes kb_id into its HTML unescaped.
            span = doc.char_span(quote.start, quote.stop, label=quote.kind,
                                 kb_id=html.escape(shown), alignment_mode="expand")
            if span is not None:
                span._.speaker = speaker.name if speaker else None
                span._.speaker_cluster = speaker.cluster if speaker else None
                quotes.append(span)
        doc.spans[self.spans_key] = quotes
        return doc


def _set_tokens(doc: Doc, record: Document) -> None:
    # Our tokens by offsets; a spaCy token takes our lemma/POS/morphology only where the
    # two tokenizations agree exactly, and keeps whatever it had elsewhere.
    ours = {(t.start, t.stop): t for t in record.tokens}
    for token in doc:
        mine = ours.get((token.idx, token.idx + len(token.text)))
        if mine is None:
            if not token.lemma_:
                token.lemma_ = token.lower_
            continue
        if mine.lemma:
            token.lemma_ = mine.lemma
        if mine.pos and not token.pos_:
            try:
                token.pos_ = mine.pos
            except (KeyError, ValueError):  # a tag outside spaCy's UD inventory
                pass
        if mine.feats and not token.has_morph():
            morph = "|".join(f"{k}={v}" for k, v in sorted(mine.feats.items()))
            token.set_morph(morph)  # type: ignore[attr-defined, unused-ignore]  # not in its stub
    if not doc.has_annotation("SENT_START") and len(doc):
        starts = set()
        for sentence in record.sentences:
            span = doc.char_span(sentence.start, sentence.stop, alignment_mode="expand")
            if span is not None:
                starts.add(span.start)
        for token in doc:
            token.is_sent_start = token.i == 0 or token.i in starts


@Language.factory(
    "extractor",
    default_config={"batch_size": 32, "quotes": True, "overwrite_ents": True,
                    "spans_key": QUOTES},
)
def make_extractor(nlp: Language, name: str, batch_size: int, quotes: bool,
                   overwrite_ents: bool, spans_key: str) -> ExtractorComponent:
    """The spaCy factory behind `nlp.add_pipe("extractor")`."""
    return ExtractorComponent(nlp, name, batch_size=batch_size, quotes=quotes,
                              overwrite_ents=overwrite_ents, spans_key=spans_key)
