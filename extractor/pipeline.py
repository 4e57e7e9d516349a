"""The orchestrator: load models once, run the stages, batch the neural ones across documents."""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from itertools import islice
from typing import Any

from . import errors, lexicons, link, ner, normalize, segment, tag
from .parallel import imap, settle
from .records import Document, Entity
from .working import Mention, Parsed

__all__ = ["WARM_UP", "Extractor", "Parsed", "extract", "shared"]

Item = str | tuple[Any, str] | Mapping[str, Any]

WARM_UP = ("«Мы готовы продолжить переговоры», — заявил журналистам в Москве министр "
           "иностранных дел России Сергей Лавров. По словам главы «Газпрома» Алексея "
           "Миллера, поставки в Европу не прекращались. Она считает, что ООН должна помочь.")

# Tokens either side of an entity whose tags later stages read: the role before a
# name (`link.role_before`, up to 5 words) and agreeing words right after it.
MORPH_CONTEXT = 5


_BLAS: list | None = None


@contextmanager
def _blas_limits():
    """One BLAS thread while we infer: multithreaded BLAS was 1.7–3.6× slower on 2 cores."""
    global _BLAS
    if _BLAS is None:
        # Finding the BLAS libraries reads /proc/self/maps, and threadpoolctl's own
        # limit() asks each library for its version (≈1 ms a call): find them once per
        # process, after numpy has loaded its BLAS, and only get/set the thread count.
        import numpy  # noqa: F401
        from threadpoolctl import ThreadpoolController

        _BLAS = list(ThreadpoolController().select(user_api="blas").lib_controllers)
    saved = [lib.get_num_threads() for lib in _BLAS]
    for lib, threads in zip(_BLAS, saved, strict=True):
        if threads != 1:
            lib.set_num_threads(1)
    try:
        yield
    finally:
        for lib, threads in zip(_BLAS, saved, strict=True):
            if threads != 1:
                lib.set_num_threads(threads)


@contextmanager
def _collector_held():
    """The garbage collector held off while a batch runs, as it was before afterwards.

    A batch allocates ~10^5 containers (tokens, feats, mentions, quote candidates) that
    form no reference cycles, and the collector, run every 700 of them, rescanned them and
    everything else alive: 13–16 % of the CPU of a single-process run. Only our own code
    runs inside; between batches the caller's process has its collector as it set it, what
    the batch left alive settled in the oldest generation (`parallel.settle`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            settle()
            gc.enable()


class Extractor:
    """Loads every model once; call it on a text, or `pipe` many texts."""

    def __init__(self, batch_size: int = 32, quotes: bool = True) -> None:
        self.batch_size = batch_size
        self.with_quotes = quotes
        try:  # a missing model or lexicon is a broken installation, raised here, not per document
            lexicons.check()
            with _blas_limits():
                # Cached per process: a second Extractor, or a forked worker, reuses them.
                self.morph = tag.load_morph()
                self.ner = ner.load_ner()
                tag.net(self.morph), tag.net(self.ner)
            # With quotes, the syntax parser too: left to first use, it loaded inside nearly
            # every run's first batch (some sentence's speaker is always in doubt).
            self._syntax = tag.load_syntax() if quotes else None
        except (ImportError, OSError) as exc:
            raise errors.BrokenInstall(errors.BROKEN_INSTALL.format(
                detail=f"{type(exc).__name__}: {exc}")) from exc
        if quotes:
            from . import quotes as quotes_module

            self._quotes = quotes_module
        else:
            self._quotes = None
        # Every stage loads its dictionaries and lexicons on first use; one small document
        # now loads them at start-up rather than inside the first batch, and before `pipe`
        # forks its workers, which then share them instead of each loading its own.
        self.process([(None, WARM_UP)])

    @property
    def syntax(self):
        """The slovnet syntax parser (loaded with the other models when quotes are on)."""
        if self._syntax is None:
            from .tag import load_syntax

            self._syntax = load_syntax()
        return self._syntax

    def before_fork(self) -> None:
        """Load what would otherwise load on first use, so worker processes forked afterwards
        share its pages instead of each loading its own. `__init__` loads the models (the
        syntax parser with quotes) and its warm-up the dictionaries and lexicons, so this is
        a safeguard for an Extractor whose syntax parser was dropped."""
        if self._quotes is not None:
            self.syntax  # noqa: B018

    def __call__(self, text: str, id: str | None = None) -> Document:
        """Extract entities, clusters and quotes from one text."""
        return self.process([(id, text)])[0]

    def pipe(self, items: Iterable[Item], batch_size: int | None = None,
             n_process: int = 1) -> Iterator[Document]:
        """Stream Documents for texts, (id, text) pairs or mappings (`id`, `text` and other
        fields, which the Document keeps as `meta`), lazily, in input order."""
        metas: deque[dict[str, Any]] = deque()  # kept here: only texts travel to the workers
        for doc in self._pipe(_pairs(items, metas), batch_size, n_process):
            meta = metas.popleft()
            yield replace(doc, meta=meta) if meta else doc

    def _pipe(self, pairs: Iterator[tuple[Any, Any]], batch_size: int | None,
              n_process: int) -> Iterator[Document]:
        batch_size = batch_size or self.batch_size
        if n_process == 1:
            for chunk in iter(lambda: list(islice(pairs, batch_size)), []):
                yield from self.process(chunk)
            return
        self.before_fork()
        yield from imap(_chunks(pairs, batch_size, 2 * n_process), n_process,
                        {"batch_size": batch_size, "quotes": self.with_quotes},
                        extractor=self, build=shared)

    def process(self, pairs: Sequence[tuple[Any, Any]]) -> list[Document]:
        """One batch: the neural stages see all its sentences at once; errors stay per document."""
        with _collector_held():
            return self._process(pairs)

    def _process(self, pairs: Sequence[tuple[Any, Any]]) -> list[Document]:
        results: list[Document | None] = [None] * len(pairs)
        parsed: list[tuple[int, Parsed]] = []
        for index, (id, text) in enumerate(pairs):
            id = None if id is None else str(id)
            problem = errors.check_text(text)
            if problem:
                results[index] = Document(text=text if isinstance(text, str) else "", id=id,
                                          error=problem)
                continue
            try:
                sentences, tokens = segment.segment(text)
                parsed.append((index, Parsed(id, text, sentences, list(tokens), [])))
            except Exception as exc:  # one document never stops a batch
                results[index] = _failed(id, text, exc)
        with _blas_limits():
            try:
                self._tag([p for _, p in parsed])
            except Exception:
                # A batch-level failure is retried document by document, so only the
                # culprit fails.
                for index, doc in parsed:
                    try:
                        self._tag([doc])
                    except Exception as exc:
                        results[index] = _failed(doc.id, doc.text, exc)
            for index, doc in parsed:
                if results[index] is not None:
                    continue
                try:
                    results[index] = self._finish(doc)
                except Exception as exc:
                    results[index] = _failed(doc.id, doc.text, exc)
        return results  # type: ignore[return-value]

    def _tag(self, docs: Sequence[Parsed]) -> None:
        rows, owners = [], []
        for doc in docs:
            for sentence in doc.sentences:
                first, last = sentence.tokens
                rows.append([t.word for t in doc.tokens[first:last]])
                owners.append((doc, first))
        if not rows:
            return
        bio = ner.tag_rows(self.ner, rows)
        spans_by_doc: dict[int, list[ner.Span]] = {id(doc): [] for doc in docs}
        for (doc, first), row_tags in zip(owners, bio, strict=True):
            spans_by_doc[id(doc)].extend(ner.bio_spans(row_tags, first))
        tag.tag_ranges(self.morph, [job for doc in docs
                                    for job in self._morph_jobs(doc, spans_by_doc[id(doc)])])
        for doc in docs:
            spans = ner.apply_rules(doc.text, segment.cleaned(doc.tokens), spans_by_doc[id(doc)])
            doc.mentions = [_mention(doc, span) for span in spans]

    def _morph_jobs(self, doc: Parsed, spans: Sequence[ner.Span]) -> list[tag.Job]:
        """Where later stages read tags: every sentence when quotes are on (their rules
        read tags across the document: earlier subjects, the report `Об этом заявил`
        points back to), else the names and the words around them; `Document.tokens`
        tags the rest lazily for whoever asks. (Tagging only the quote rules' cue
        sentences and their neighbours gave the same records but ran slower: tokens are
        read in the end, and tagging the rest lazily in small batches cost more.)"""
        whole: set[int] | range = range(len(doc.sentences)) if self._quotes is not None \
            else set()
        around: dict[int, list[tuple[int, int]]] = {}
        for span in spans:
            number = doc.tokens[span.first].sentence
            if number not in whole:
                lo, hi = doc.sentences[number].tokens
                around.setdefault(number, []).append(
                    (max(lo, span.first - MORPH_CONTEXT), min(hi, span.last + MORPH_CONTEXT)))
        jobs: list[tag.Job] = []
        for number in whole:
            lo, hi = doc.sentences[number].tokens
            jobs.append((doc.tokens, lo, hi, lo, hi))
        reach = tag.net(self.morph).reach
        for number, ranges in around.items():
            lo, hi = doc.sentences[number].tokens
            ranges.sort()
            merged = [list(ranges[0])]
            for first, last in ranges[1:]:
                if first - merged[-1][1] <= 2 * reach:  # contexts would overlap: one row
                    merged[-1][1] = max(merged[-1][1], last)
                else:
                    merged.append([first, last])
            jobs.extend((doc.tokens, first, last, lo, hi) for first, last in merged)
        return jobs

    def tag_tokens(self, doc: Parsed, first: int, last: int) -> None:
        """Make sure `doc.tokens[first:last]` carry pos and feats (tagged in place if not)."""
        jobs: list[tag.Job] = []
        for number in range(doc.tokens[first].sentence, doc.tokens[last - 1].sentence + 1):
            lo, hi = doc.sentences[number].tokens
            start, stop = max(lo, first), min(hi, last)
            if any(t.pos is None for t in doc.tokens[start:stop]):
                jobs.append((doc.tokens, start, stop, lo, hi))
        with _blas_limits():
            tag.tag_ranges(self.morph, jobs)

    def _finish(self, doc: Parsed) -> Document:
        clusters = link.link(doc.tokens, doc.mentions)
        quotes: list = []
        if self._quotes is not None:
            quotes = self._quotes.find_quotes(doc, clusters, self)  # BLAS pinned by process()
        entities = tuple(
            Entity(m.text, m.start, m.stop, m.type, m.normal, m.cluster) for m in doc.mentions
        )
        return Document(
            text=doc.text, id=doc.id, entities=entities, clusters=tuple(clusters),
            quotes=tuple(quotes), sentences=doc.sentences, raw_tokens=tuple(doc.tokens),
            lemmatizer=tag.with_lemmas,
        )


def _mention(doc: Parsed, span: ner.Span) -> Mention:
    # Normal forms come from the cleaned words (`Серге́й` → `Сергей`); offsets stay original.
    tokens = segment.cleaned(doc.tokens[span.first:span.last])
    start, stop = tokens[0].start, tokens[-1].stop
    if span.type == "PER":
        # Persons are normalized in `link`, with the whole document as context.
        return Mention(start, stop, doc.text[start:stop], "PER", span.first, span.last,
                       doc.text[start:stop])
    return Mention(start, stop, doc.text[start:stop], span.type, span.first, span.last,
                   normalize.normalize_phrase(tokens))


def _chunks(pairs: Iterator[tuple[Any, Any]], size: int, pieces: int) -> Iterator[list]:
    """Lists of `size` pairs, read lazily; the last one cut in `pieces` smaller lists.

    Workers take chunks as they free up; at the end of the input one worker would
    otherwise sit idle while another finishes a whole chunk (≈1 s of work)."""
    chunk = list(islice(pairs, size))
    while chunk:
        following = list(islice(pairs, size))
        if following:
            yield chunk
        else:
            step = -(-len(chunk) // pieces)
            yield from (chunk[i:i + step] for i in range(0, len(chunk), step))
        chunk = following


def _pairs(items: Iterable[Item], metas: deque[dict[str, Any]]) -> Iterator[tuple[Any, Any]]:
    """(id, text) of each item; the other fields of a mapping go to `metas`, in order."""
    for item in items:
        meta: dict[str, Any] = {}
        if isinstance(item, Mapping):
            meta = {k: v for k, v in item.items() if k not in ("id", "text")}
            item = (item.get("id"), item.get("text"))
        elif not (isinstance(item, tuple) and len(item) == 2):
            item = (None, item)
        metas.append(meta)
        yield item


def _failed(id: str | None, text: Any, exc: BaseException) -> Document:
    if isinstance(exc, errors.BrokenInstall):
        raise exc  # not this document's fault: every document would fail the same way
    return Document(text=text if isinstance(text, str) else "", id=id,
                    error=errors.describe(exc))


_EXTRACTORS: dict[tuple[int, bool], Extractor] = {}


def shared(batch_size: int = 32, quotes: bool = True) -> Extractor:
    """This process's Extractor for a configuration, built (and warmed up) on first use: the
    one cache behind `extract`, the worker processes, Dask, spaCy and the command line."""
    key = (batch_size, quotes)
    found = _EXTRACTORS.get(key)
    if found is None:
        found = _EXTRACTORS[key] = Extractor(batch_size=batch_size, quotes=quotes)
    return found


# Reachable from an instance's type too: the worker pool builds its workers' Extractors
# through it without importing this module.
Extractor.shared = staticmethod(shared)  # type: ignore[attr-defined]


def extract(text: str, id: str | None = None) -> Document:
    """Extract from one text with a shared, lazily built Extractor."""
    return shared()(text, id=id)
