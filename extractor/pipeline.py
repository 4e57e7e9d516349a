"""The orchestrator: load models once, run the stages, batch the neural ones across documents."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from . import errors, link, ner, normalize, segment, tag
from .link import Mention
from .records import Document, Entity, Sentence, Token

Item = str | tuple[Any, str]


@dataclass
class Parsed:
    """One document between stages: what the quote finder and the records are built from."""

    id: str | None
    text: str
    sentences: tuple[Sentence, ...]
    tokens: list[Token]
    mentions: list[Mention]


def _blas_limits():
    """One BLAS thread while we infer: multithreaded BLAS was 1.7–3.6× slower on 2 cores."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


class Extractor:
    """Loads every model once; call it on a text, or `pipe` many texts."""

    def __init__(self, batch_size: int = 32, quotes: bool = True) -> None:
        self.batch_size = batch_size
        self.with_quotes = quotes
        with _blas_limits():
            self.morph = tag.load_morph()
            self.ner = ner.load_ner()
        self._syntax = None
        if quotes:
            from . import quotes as quotes_module

            self._quotes = quotes_module
        else:
            self._quotes = None

    @property
    def syntax(self):
        """The slovnet syntax parser, loaded on first use (only cue sentences need it)."""
        if self._syntax is None:
            from .tag import load_syntax

            self._syntax = load_syntax()
        return self._syntax

    def __call__(self, text: str, id: str | None = None) -> Document:
        """Extract entities, clusters and quotes from one text."""
        return self.process([(id, text)])[0]

    def pipe(self, items: Iterable[Item], batch_size: int | None = None,
             n_process: int = 1) -> Iterator[Document]:
        """Stream Documents for texts or (id, text) pairs, lazily, in input order."""
        batch_size = batch_size or self.batch_size
        pairs = (_pair(item) for item in items)
        chunks = iter(lambda: list(islice(pairs, batch_size)), [])
        if n_process == 1:
            for chunk in chunks:
                yield from self.process(chunk)
            return
        yield from _parallel(chunks, n_process, {"batch_size": batch_size,
                                                 "quotes": self.with_quotes}, extractor=self)

    def process(self, pairs: Sequence[tuple[Any, Any]]) -> list[Document]:
        """One batch: the neural stages see all its sentences at once; errors stay per document."""
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
        try:
            with _blas_limits():
                self._tag([p for _, p in parsed])
        except Exception:
            # A batch-level failure is retried document by document, so only the culprit fails.
            for index, doc in parsed:
                try:
                    with _blas_limits():
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
        morph = tag.tag_rows(self.morph, rows)
        spans_by_doc: dict[int, list[ner.Span]] = {}
        for (doc, first), row_tags, row_morph in zip(owners, bio, morph):
            for offset, (pos, feats) in enumerate(row_morph):
                token = doc.tokens[first + offset]
                doc.tokens[first + offset] = Token(token.start, token.stop, token.text, pos,
                                                   feats, None, token.sentence, token.norm)
            spans_by_doc.setdefault(id(doc), []).extend(ner.bio_spans(row_tags, first))
        for doc in docs:
            spans = ner.apply_rules(doc.text, segment.cleaned(doc.tokens),
                                    spans_by_doc.get(id(doc), []))
            doc.mentions = [_mention(doc, span) for span in spans]

    def _finish(self, doc: Parsed) -> Document:
        clusters = link.link(doc.tokens, doc.mentions)
        quotes: list = []
        if self._quotes is not None:
            with _blas_limits():
                quotes = self._quotes.find_quotes(doc, clusters, self)
        entities = tuple(
            Entity(m.text, m.start, m.stop, m.type, m.normal, m.cluster) for m in doc.mentions
        )
        return Document(
            text=doc.text, id=doc.id, entities=entities, clusters=tuple(clusters),
            quotes=tuple(quotes), sentences=doc.sentences, raw_tokens=tuple(doc.tokens),
        )


def _mention(doc: Parsed, span: ner.Span) -> Mention:
    # Normal forms come from the cleaned words (`Серге́й` → `Сергей`); offsets stay original.
    tokens = segment.cleaned(doc.tokens[span.first:span.last])
    start, stop = tokens[0].start, tokens[-1].stop
    if span.type == "PER":
        name = normalize.normalize_person(tokens)
        return Mention(start, stop, doc.text[start:stop], "PER", span.first, span.last,
                       name.normal, name)
    return Mention(start, stop, doc.text[start:stop], span.type, span.first, span.last,
                   normalize.normalize_phrase(tokens))


def _pair(item: Item) -> tuple[Any, Any]:
    if isinstance(item, tuple) and len(item) == 2:
        return item
    return None, item


def _failed(id: str | None, text: Any, exc: BaseException) -> Document:
    return Document(text=text if isinstance(text, str) else "", id=id,
                    error=errors.describe(exc))


# ---- parallel -----------------------------------------------------------------------------

_WORKER: Extractor | None = None
_TASK: Callable[[Extractor, list], list] | None = None
IN_FLIGHT = 2  # chunks queued per worker: enough to keep it busy, few enough to bound memory


def _init_worker(config: dict[str, Any], extractor: Extractor | None = None,
                 task: Callable[[Extractor, list], list] | None = None) -> None:
    global _WORKER, _TASK
    from threadpoolctl import threadpool_limits

    # Environment variables only reach BLAS before it loads (spawn); forked workers are pinned
    # through threadpoolctl, which stays in force for the life of the process.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    threadpool_limits(limits=1, user_api="blas")
    # A forked worker inherits the parent's models (shared pages), so nothing loads twice.
    _WORKER = extractor if extractor is not None else Extractor(**config)
    _TASK = task


def _work(chunk: list[tuple[Any, Any]]) -> list:
    assert _WORKER is not None
    if _TASK is not None:
        return _TASK(_WORKER, chunk)
    return _WORKER.process(chunk)


def _parallel(chunks: Iterable[list], n_process: int, config: dict[str, Any],
              extractor: Extractor | None = None,
              task: Callable[[Extractor, list], list] | None = None) -> Iterator[Any]:
    """Results of `task(extractor, chunk)` (default: its Documents) for every chunk, in order,
    computed by `n_process` worker processes; at most IN_FLIGHT chunks a worker are read ahead
    (Pool.imap would drain the whole input into memory from its feeder thread)."""
    fork = sys.platform.startswith("linux")
    context = multiprocessing.get_context("fork" if fork else "spawn")
    inherited = extractor if fork else None
    with context.Pool(n_process, initializer=_init_worker,
                      initargs=(config, inherited, task)) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_work, (chunk,)))
            if len(pending) >= IN_FLIGHT * n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


_SHARED: Extractor | None = None


def extract(text: str, id: str | None = None) -> Document:
    """Extract from one text with a shared, lazily built Extractor."""
    global _SHARED
    if _SHARED is None:
        _SHARED = Extractor()
    return _SHARED(text, id=id)
