"""The batch run as a library call: (id, text) items in, one record per item handed to
`write` a batch at a time, in input order, and a `Summary` of the counts back.

    >>> from extractor.io.run import Settings, run
    >>> records = []
    >>> summary = run([("a", "Сергей Лавров заявил, что всё хорошо.")], records.extend,
    ...               Settings(workers=1))
    >>> summary.documents, summary.errors
    (1, 0)

`extractor extract` is this call between its readers and its output files. The run policy
lives here: the engine (this process, worker processes or Dask), one BLAS thread a process,
the per-process Extractor (`pipeline.shared`), loaded before workers fork so they share its
pages, and the garbage collector tuned while this process extracts.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .readers import Item  # (id, text), as `readers.read` yields them

Record = dict[str, Any]  # `Document.to_dict()`, with the item's meta (and text) put back
ENGINES = ("local", "dask")
_STARTUP_FROZEN = gc.get_freeze_count()  # see _collector


@dataclass(frozen=True)
class Settings:
    """How a run goes. `workers` processes (`local`) or Dask workers (`dask`, on the cluster
    at `scheduler`, else a LocalCluster of `workers`); `batch_size` documents a batch;
    `quotes=False` for entities only; `keep_text` puts each analysed text into its record."""

    workers: int = 1
    batch_size: int = 32
    quotes: bool = True
    engine: str = "local"
    scheduler: str | None = None
    keep_text: bool = False

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, not {self.engine!r}")

    def config(self) -> dict[str, Any]:
        """What builds the Extractor: `pipeline.shared(**config)`."""
        return {"batch_size": self.batch_size, "quotes": self.quotes}


@dataclass(frozen=True)
class Summary:
    """The counts of a run: records written (`documents`), their quotes, entity mentions,
    error records and characters; items skipped as already written (`done`); seconds."""

    documents: int = 0
    quotes: int = 0
    entities: int = 0
    errors: int = 0
    chars: int = 0
    skipped: int = 0
    seconds: float = 0.0

    def added(self, records: Iterable[Record]) -> Summary:
        """These counts with a batch of records more."""
        records = list(records)
        return replace(
            self, documents=self.documents + len(records),
            quotes=self.quotes + sum(len(r["quotes"]) for r in records),
            entities=self.entities + sum(len(r["entities"]) for r in records),
            errors=self.errors + sum(r["error"] is not None for r in records),
            chars=self.chars + sum(r["text_length"] for r in records))


def run(items: Iterable[Item], write: Callable[[list[Record]], Any],
        settings: Settings = Settings(), *, done: Counter[str] | None = None,
        progress: Callable[[Summary], Any] | None = None) -> Summary:
    """Extract every item and `write` its record, a batch (a list) at a time, in input order.

    A document that cannot be read or extracted gets an error record (counted in
    `Summary.errors`); the run goes on. `done` counts ids already written (`writers.key`):
    that many items of each id are skipped (`Summary.skipped`), as `--resume` does.
    `progress` gets the counts so far after every batch. Exceptions from `write` (a full
    disk) and interruptions end the run; what was written stays."""
    from .batch import chunked
    from .writers import Carry

    start = time.monotonic()
    skipped = [0]
    carry = Carry(settings.keep_text)  # meta and text wait here while the text is extracted
    pairs = carry.items(_skip_done(items, Counter(done or {}), skipped))
    engine = _engine(settings, chunked(pairs, settings.batch_size))
    summary = Summary()
    with _collector(settings):
        for batch in engine:
            records = carry.records(batch)
            write(records)
            summary = replace(summary.added(records), skipped=skipped[0],
                              seconds=time.monotonic() - start)
            if progress is not None:
                progress(summary)
    return replace(summary, skipped=skipped[0], seconds=time.monotonic() - start)


def _skip_done(items: Iterable[Item], done: Counter[str], skipped: list[int]
               ) -> Iterator[Item]:
    """Items whose record is not yet written (a Counter, so repeated ids resume right too;
    ids as the outputs hold them, `writers.key`)."""
    from .writers import key

    for item in items:
        if done and done[key(item[0])] > 0:
            done[key(item[0])] -= 1
            skipped[0] += 1
            continue
        yield item  # as read: it may carry the input's other fields (writers.Carry)


def _engine(settings: Settings, chunks: Iterable[Any]) -> Iterator[list[Record]]:
    """The records of every chunk, in order, from the engine the settings name."""
    config = settings.config()
    if settings.engine == "dask":
        from ..dask import engine

        return engine(chunks, settings.workers, config, settings.scheduler)
    from ..parallel import pin_loaded_blas
    from ..pipeline import shared
    from .batch import local

    # One BLAS thread in this process too: it is the worker when workers == 1, and a stage that
    # multiplies outside Extractor's own limit would otherwise round differently from the
    # workers (forked ones inherit this; init_worker pins them again).
    pin_loaded_blas()
    fork = sys.platform.startswith("linux")
    extractor = shared(**config) if settings.workers == 1 or fork else None
    if extractor is not None and settings.workers > 1:
        extractor.before_fork()
    return local(chunks, settings.workers, extractor, config)


@contextlib.contextmanager
def _collector(settings: Settings) -> Iterator[None]:
    """With one local worker this process does the extraction: for the run, the loaded
    models leave the garbage collector, which collects less often (as in the pipeline's
    workers; the collector rescanned the models ≈8 % of the run). Restored afterwards, for
    the caller's process."""
    from ..parallel import WORKER_GC_THRESHOLD

    # A caller that froze objects of its own keeps them frozen: no tuning then (Python 3.12
    # starts with some objects frozen already: that count is the interpreter's, not the
    # caller's).
    if (settings.workers != 1 or settings.engine == "dask"
            or gc.get_freeze_count() > _STARTUP_FROZEN):
        yield
        return
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
