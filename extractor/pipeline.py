"""The orchestrator: load models once, run the stages, batch the neural ones across documents."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

from . import errors, link, ner, normalize, segment, tag
from .link import Mention
from .records import Document, Entity, Sentence, Token

Item = str | tuple[Any, str]

WARM_UP = ("«Мы готовы продолжить переговоры», — заявил журналистам в Москве министр "
           "иностранных дел России Сергей Лавров. По словам главы «Газпрома» Алексея "
           "Миллера, поставки в Европу не прекращались. Она считает, что ООН должна помочь.")

# Tokens either side of an entity whose tags later stages read: the role before a
# name (`link.role_before`, up to 5 words) and agreeing words right after it.
MORPH_CONTEXT = 5


@dataclass
class Parsed:
    """One document between stages: what the quote finder and the records are built from."""

    id: str | None
    text: str
    sentences: tuple[Sentence, ...]
    tokens: list[Token]
    mentions: list[Mention]


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


class Extractor:
    """Loads every model once; call it on a text, or `pipe` many texts."""

    def __init__(self, batch_size: int = 32, quotes: bool = True) -> None:
        self.batch_size = batch_size
        self.with_quotes = quotes
        with _blas_limits():
            # Cached per process: a second Extractor, or a forked worker, reuses them.
            self.morph = tag.load_morph()
            self.ner = ner.load_ner()
            tag.net(self.morph), tag.net(self.ner)
        self._syntax = None
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
        if n_process == 1:
            for chunk in iter(lambda: list(islice(pairs, batch_size)), []):
                yield from self.process(chunk)
            return
        if self._quotes is not None:
            # Loaded on first use otherwise: once in every worker, not in shared pages.
            getattr(self, "syntax", None)
        yield from _parallel(_chunks(pairs, batch_size, 2 * n_process), n_process,
                             {"batch_size": batch_size, "quotes": self.with_quotes},
                             extractor=self)

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
        """Where later stages read tags: around entities, and the sentences quotes ask for.

        Morphology over every token cost as much as NER, yet only names, the words
        around them and cue sentences are read; `Document.tokens` tags the rest
        lazily for whoever asks (see /work/notes/morph-windows.md).
        """
        wanted = getattr(self._quotes, "morph_sentences", None)
        if self._quotes is not None and wanted is None:
            whole: set[int] | range = range(len(doc.sentences))  # quotes did not say
        else:
            whole = set(wanted(doc)) if wanted is not None else set()
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
# A worker's youngest-generation threshold (Python's default is 700): a batch allocates
# ~10^5 short-lived containers (tokens, feats, candidates), and at 700 the collector ran
# ~1,000 times in a 12 s run, promoting and rescanning live batch objects.
WORKER_GC_THRESHOLD = 20_000


def _init_worker(config: dict[str, Any], extractor: Extractor | None = None,
                 task: Callable[[Extractor, list], list] | None = None) -> None:
    global _WORKER, _TASK
    from threadpoolctl import threadpool_limits

    if sys.platform.startswith("linux"):
        # Die with the parent: a CLI killed with SIGKILL must not leave workers behind.
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    # Environment variables only reach BLAS before it loads (spawn); forked workers are pinned
    # through threadpoolctl, which stays in force for the life of the process.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    threadpool_limits(limits=1, user_api="blas")
    # A forked worker inherits the parent's models (shared pages), so nothing loads twice.
    _WORKER = extractor if extractor is not None else Extractor(**config)
    _TASK = task
    # The models, lexicons and warm caches live as long as the worker: frozen, the collector
    # neither rescans them in every full collection nor writes to their headers (which would
    # copy the parent's shared pages). The worker is our own process, so its collector is
    # ours to tune too (the user's process is left alone).
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


def _work(chunk: list[tuple[Any, Any]]) -> bytes:
    assert _WORKER is not None
    result = _TASK(_WORKER, chunk) if _TASK is not None else _WORKER.process(chunk)
    # Pickled here, unpickled by `_loaded` in the caller's thread (not the pool's result
    # thread), where the collector can be held off while the records are rebuilt.
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def _loaded(future) -> list:
    """A chunk's results. Rebuilding ~10^4 tokens a chunk allocates enough containers to
    trigger dozens of collections, each rescanning the records built so far; they hold
    no reference cycles, so the collector waits until they are built (≈ 35 % less CPU
    in the parent, the one process every record passes through)."""
    blob = future.result()
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(blob)
    finally:
        if enabled:
            gc.enable()


class _Lost:
    """Stands in for the Extractor of a chunk no worker could finish: error records only."""

    def __init__(self, problem: str) -> None:
        self.problem = problem

    def process(self, pairs: Sequence[tuple[Any, Any]]) -> list[Document]:
        return [Document(text=text if isinstance(text, str) else "",
                         id=None if id is None else str(id), error=self.problem)
                for id, text in pairs]


def _parallel(chunks: Iterable[list], n_process: int, config: dict[str, Any],
              extractor: Extractor | None = None,
              task: Callable[[Extractor, list], list] | None = None) -> Iterator[Any]:
    """Results of `task(extractor, chunk)` (default: its Documents) for every chunk, in order,
    computed by `n_process` worker processes. At most IN_FLIGHT chunks a worker are read ahead
    (Pool.imap would drain the whole input into memory from its feeder thread). A worker that
    dies (a crash, the OOM killer) costs only the documents it died on: their chunk is retried
    in halves in a fresh pool until the culprit is alone, and gets an error record."""
    from concurrent.futures import ProcessPoolExecutor

    fork = sys.platform.startswith("linux")
    context = multiprocessing.get_context("fork" if fork else "spawn")
    inherited = extractor if fork else None

    def start() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(n_process, mp_context=context, initializer=_init_worker,
                                   initargs=(config, inherited, task))

    pool = [start()]
    pending: deque = deque()
    try:
        for chunk in chunks:
            pending.append((chunk, pool[0].submit(_work, chunk)))
            if len(pending) >= IN_FLIGHT * n_process:
                yield from _next(pending, pool, start, task)
        while pending:
            yield from _next(pending, pool, start, task)
    finally:
        pool[0].shutdown(wait=False, cancel_futures=True)


def _next(pending: deque, pool: list, start: Callable, task: Callable | None) -> list:
    """The oldest chunk's results; after a dead worker, a fresh pool for it and the rest."""
    from concurrent.futures.process import BrokenProcessPool

    chunk, future = pending.popleft()
    try:
        return _loaded(future)
    except BrokenProcessPool:
        pool[0].shutdown(wait=False, cancel_futures=True)
        results = _isolate(chunk, pool, start, task)
        for index, (waiting, old) in enumerate(pending):
            finished = old.done() and not old.cancelled() and old.exception() is None
            if not finished:  # lost with the old pool: run it again in the new one
                pending[index] = (waiting, pool[0].submit(_work, waiting))
        return results
    except Exception as exc:  # the task itself failed: the chunk's documents say why
        lost = _Lost(errors.describe(exc))
        return task(lost, chunk) if task else lost.process(chunk)  # type: ignore[arg-type]


def _isolate(chunk: list, pool: list, start: Callable, task: Callable | None) -> list:
    """Run a chunk that killed a worker again, halving it until the culprit is alone."""
    from concurrent.futures.process import BrokenProcessPool

    pool[0] = start()
    try:
        return _loaded(pool[0].submit(_work, chunk))
    except BrokenProcessPool:
        pool[0].shutdown(wait=False, cancel_futures=True)
        if len(chunk) == 1:
            pool[0] = start()
            lost = _Lost(errors.WORKER_DIED)
            return task(lost, chunk) if task else lost.process(chunk)  # type: ignore[arg-type]
        half = len(chunk) // 2
        return _isolate(chunk[:half], pool, start, task) + \
            _isolate(chunk[half:], pool, start, task)


_SHARED: Extractor | None = None


def extract(text: str, id: str | None = None) -> Document:
    """Extract from one text with a shared, lazily built Extractor."""
    global _SHARED
    if _SHARED is None:
        _SHARED = Extractor()
    return _SHARED(text, id=id)
