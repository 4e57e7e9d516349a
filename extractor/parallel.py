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
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from . import errors
from .records import Document

IN_FLIGHT = 2  # chunks queued per worker: enough to keep it busy, few enough to bound memory
# A worker's youngest-generation threshold (Python's default is 700): a batch allocates
# ~10^5 short-lived containers (tokens, feats, candidates), and at 700 the collector ran
# ~1,000 times in a 12 s run, promoting and rescanning live batch objects.
WORKER_GC_THRESHOLD = 20_000
# A document alone in a fresh pool is declared the culprit once it has killed this many
# workers: one death alone may be a stray kill (the OOM killer, a user's kill -9).
LONE_ATTEMPTS = 2
# Pool starts in a row without one finished chunk before the run gives up: halving a batch
# of 1,024 down to its culprit takes about 12.
FUTILE_STARTS = 32
START_METHODS = ("fork", "forkserver", "spawn")
FORKSERVER_PRELOAD = "extractor._forkserver"

_WORKER: Any = None
_TASK: Callable[[Any, list], list] | None = None
_START_ERROR: str | None = None
_IN_WORKER = False  # this process is one of our workers (its inherited heap is frozen)


def default_start_method() -> str:
    """How workers start: forked from the loaded parent on Linux before Python 3.12; from a
    forkserver that has loaded the models on later Linux Pythons (fork in a threaded parent
    warns of deadlocks there); spawned elsewhere."""
    if not sys.platform.startswith("linux"):
        return "spawn"
    return "fork" if sys.version_info < (3, 12) else "forkserver"


def pin_blas() -> None:
    """One BLAS thread in this process (multithreaded BLAS was 1.7–3.6× slower on 2 cores)."""
    # Environment variables only reach BLAS before it loads (spawn, forkserver); a loaded one
    # is pinned through threadpoolctl, which stays in force for the life of the process.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    pin_loaded_blas()


def pin_loaded_blas() -> None:
    """One BLAS thread for the BLAS libraries loaded in this process (threadpoolctl), in
    force for the life of the process; the environment is left alone."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def init_worker(config: dict[str, Any], extractor: Any = None,
                task: Callable[[Any, list], list] | None = None,
                build: Callable[..., Any] | None = None) -> None:
    """Set up a worker process: its models (inherited when forked), one BLAS thread, its
    collector. A failure is kept and raised by every task, so the caller stops with its
    message instead of seeing the pool break again and again."""
    global _WORKER, _TASK, _START_ERROR, _IN_WORKER
    import signal

    _IN_WORKER = True

    if sys.platform.startswith("linux"):
        # Die with the parent: a CLI killed with SIGKILL must not leave workers behind.
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    # Ctrl-C reaches the whole process group: the parent stops the run, the workers say
    # nothing (no traceback from each of them).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the CLI's SIGTERM handler: SIGTERM ends a worker at once.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        pin_blas()
        # A forked worker inherits the parent's models (shared pages), so nothing loads twice.
        _WORKER = extractor if extractor is not None else build(**config)  # type: ignore[misc]
    except errors.BrokenInstall as exc:
        _START_ERROR = str(exc)
    except Exception as exc:
        _START_ERROR = errors.WORKER_START.format(detail=errors.describe(exc))
    _TASK = task
    # The models, lexicons and warm caches live as long as the worker: frozen, the collector
    # neither rescans them in every full collection nor writes to their headers (which would
    # copy the parent's shared pages). The worker is our own process, so its collector is
    # ours to tune too (the user's process is left alone).
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


def settle() -> None:
    """Move every object the collector tracks to its oldest generation, unscanned; in one of
    our workers, whose inherited heap is frozen, freeze them with it. Called when a batch
    leaves the collector held: what it left alive (its records, the caches' new entries)
    holds no cycles, and the collector's first passes afterwards scanned it all as young,
    then every tenth batch again as middle-aged (≈ 4.5 % of a single-process run's CPU). A
    caller who froze objects of their own keeps the generations as they were."""
    if _IN_WORKER:
        gc.freeze()
    elif not gc.get_freeze_count():
        gc.freeze()
        gc.unfreeze()  # into the oldest generation, as unfreeze puts them


def _work(chunk: list[tuple[Any, Any]]) -> bytes:
    if _START_ERROR is not None:
        raise errors.StartupError(_START_ERROR)
    result = _TASK(_WORKER, chunk) if _TASK is not None else _WORKER.process(chunk)
    # Pickled here, unpickled by `loaded` in the caller's thread (not the pool's result
    # thread), where the collector can be held off while the records are rebuilt.
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def loaded(future: Future) -> list:
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
            settle()
            gc.enable()


class _Lost:
    """Stands in for the Extractor of a chunk no worker could finish: error records only."""

    def __init__(self, problem: str) -> None:
        self.problem = problem

    def process(self, pairs: Sequence[tuple[Any, Any]]) -> list[Document]:
        return [Document(text=text if isinstance(text, str) else "",
                         id=None if id is None else str(id), error=self.problem)
                for id, text, *_ in pairs]


def _lost(task: Callable | None, chunk: list, problem: str) -> list:
    lost = _Lost(problem)
    return task(lost, chunk) if task else lost.process(chunk)


class _Pool:
    """A ProcessPoolExecutor that is replaced by a fresh one when one of its workers dies."""

    def __init__(self, workers: int, method: str, initargs: tuple) -> None:
        self.workers, self.initargs = workers, initargs
        self.context = multiprocessing.get_context(method)
        if method == "forkserver":
            self.context.set_forkserver_preload([FORKSERVER_PRELOAD])
        self.futile = 0
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=self.context,
                                   initializer=init_worker, initargs=self.initargs)

    def submit(self, chunk: list) -> Future:
        """The chunk's future; a pool found broken gives a future that says so (handled
        where every other broken future is: in `_oldest`)."""
        try:
            return self.executor.submit(_work, chunk)
        except BrokenProcessPool as exc:
            future: Future = Future()
            future.set_exception(exc)
            return future

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.futile += 1
        if self.futile > FUTILE_STARTS:
            raise errors.StartupError(errors.WORKERS_KEEP_DYING.format(deaths=self.futile))
        self.executor = self._start()

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def imap(chunks: Iterable[list], n_process: int, config: dict[str, Any],
         extractor: Any = None, task: Callable[[Any, list], list] | None = None,
         start_method: str | None = None, build: Callable[..., Any] | None = None
         ) -> Iterator[Any]:
    """The items of `task(extractor, chunk)` (default: its Documents) for every chunk, in
    order, computed by `n_process` worker processes started by `start_method` (default:
    `default_start_method()`; forked workers share `extractor`'s loaded models, other workers
    get `build(**config)`, by default `type(extractor).shared`, the per-process cache).

    At most IN_FLIGHT chunks a worker are read ahead (Pool.imap would drain the whole input
    into memory from its feeder thread). A worker that dies (a crash, the OOM killer, a
    kill) costs only the documents it died on, however often it happens: the chunks in
    flight run again in a fresh pool, the oldest alone first, halved on every death until
    the culprit is alone; it gets an error record. `errors.StartupError` (no worker can
    start, a broken installation) ends the run."""
    method = start_method or default_start_method()
    if method not in START_METHODS:
        raise ValueError(f"start_method must be one of {START_METHODS}, not {method!r}")
    if build is None and extractor is not None:
        # The pool takes the builder from the caller, so it never imports the pipeline
        # that imports it.
        build = getattr(type(extractor), "shared", None)
    # Forked workers inherit the extractor; others build their own, or get a copy of an
    # extractor that has no builder (it travels pickled to each worker).
    inherited = extractor if method == "fork" or build is None else None
    pool = _Pool(n_process, method, (config, inherited, task, build))
    pending: deque[list] = deque()
    try:
        for chunk in chunks:
            pending.append([chunk, pool.submit(chunk)])
            if len(pending) >= IN_FLIGHT * n_process:
                yield from _oldest(pending, pool, task)
        while pending:
            yield from _oldest(pending, pool, task)
    finally:
        pool.close()


def _oldest(pending: deque[list], pool: _Pool, task: Callable | None) -> list:
    """The oldest chunk's results; after a dead worker, a fresh pool for it and the rest."""
    chunk, future = pending[0]
    try:
        results = loaded(future)
        pool.futile = 0
    except BrokenProcessPool:
        pool.restart()
        results = _isolate(chunk, pool, task, 0)
        for entry in list(pending)[1:]:
            if _lost_with_pool(entry[1]):
                entry[1] = pool.submit(entry[0])
    except errors.StartupError:
        raise
    except Exception as exc:  # the task itself failed: the chunk's documents say why
        results = _lost(task, chunk, errors.describe(exc))
    pending.popleft()
    return results


def _lost_with_pool(future: Future) -> bool:
    if not future.done() or future.cancelled():
        return True
    return isinstance(future.exception(), BrokenProcessPool)


def _isolate(chunk: list, pool: _Pool, task: Callable | None, deaths: int) -> list:
    """Run a chunk that was in flight when a worker died alone in the pool; halve it on
    each death until the culprit is alone (`deaths`: how often this chunk died alone)."""
    try:
        results = loaded(pool.submit(chunk))
        pool.futile = 0
        return results
    except BrokenProcessPool:
        pool.restart()
        if len(chunk) > 1:
            half = len(chunk) // 2
            return _isolate(chunk[:half], pool, task, 0) + _isolate(chunk[half:], pool, task, 0)
        if deaths + 1 < LONE_ATTEMPTS:
            return _isolate(chunk, pool, task, deaths + 1)
        return _lost(task, chunk, errors.WORKER_DIED)
    except errors.StartupError:
        raise
    except Exception as exc:
        return _lost(task, chunk, errors.describe(exc))
