"""Worker processes for batches of documents: results in input order, a bounded read-ahead,
and a dead worker costing only the documents it died on.

`Extractor.pipe(n_process=…)` and the batch tool (`extractor.io`) both run through `imap`.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from . import errors
from .records import Document

_WORKER: Any = None
_TASK: Callable[[Any, list], list] | None = None
IN_FLIGHT = 2  # chunks queued per worker: enough to keep it busy, few enough to bound memory
# A worker's youngest-generation threshold (Python's default is 700): a batch allocates
# ~10^5 short-lived containers (tokens, feats, candidates), and at 700 the collector ran
# ~1,000 times in a 12 s run, promoting and rescanning live batch objects.
WORKER_GC_THRESHOLD = 20_000


def init_worker(config: dict[str, Any], extractor: Any = None,
                 task: Callable[[Any, list], list] | None = None) -> None:
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
    if extractor is None:
        from .pipeline import Extractor

        extractor = Extractor(**config)
    _WORKER = extractor
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


def loaded(future) -> list:
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


def imap(chunks: Iterable[list], n_process: int, config: dict[str, Any],
              extractor: Any = None,
              task: Callable[[Any, list], list] | None = None) -> Iterator[Any]:
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
        return ProcessPoolExecutor(n_process, mp_context=context, initializer=init_worker,
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
        return loaded(future)
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
        return loaded(pool[0].submit(_work, chunk))
    except BrokenProcessPool:
        pool[0].shutdown(wait=False, cancel_futures=True)
        if len(chunk) == 1:
            pool[0] = start()
            lost = _Lost(errors.WORKER_DIED)
            return task(lost, chunk) if task else lost.process(chunk)  # type: ignore[arg-type]
        half = len(chunk) // 2
        return _isolate(chunk[:half], pool, start, task) + \
            _isolate(chunk[half:], pool, start, task)
