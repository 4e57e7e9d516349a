"""Distributed batch over a Dask cluster (extra `dask`): bags, data frames, and the CLI engine.

Every Dask worker process loads the models once (on its first task) and keeps them; a task is
a chunk of documents, so the neural stages still see a whole batch at once. Records are the
same dicts the local engine writes (`Document.to_dict()`).

    >>> import dask.bag as db
    >>> from extractor.dask import extract_bag
    >>> extract_bag(db.from_sequence([("a", "Путин приехал в Москву.")])).compute()
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from . import errors
from .io import need
from .io.batch import Chunk, chunked, failed, records

COLUMNS = ("id", "text_length", "entities", "clusters", "quotes", "error")
IN_FLIGHT = 2  # chunks queued per worker thread: busy workers, bounded memory

_LOCK = threading.Lock()  # one extraction at a time per process: models are not thread-safe


def _extractor(config: dict[str, Any]) -> Any:
    """This process's Extractor for a configuration, loaded on first use."""
    from .parallel import pin_loaded_blas
    from .pipeline import shared

    pin_loaded_blas()  # one core a worker thread
    return shared(**config)


def chunk_task(config: dict[str, Any], chunk: Chunk) -> list[dict[str, Any]]:
    """The records of one chunk, computed on a Dask worker."""
    with _LOCK:
        return records(_extractor(config), chunk)


def _pair(item: Any) -> tuple[Any, Any]:
    if isinstance(item, dict):
        id = item.get("id")
        return (None if id is None else str(id)), item.get("text")
    if isinstance(item, tuple) and len(item) == 2:
        return item
    return None, item


def _bag_partition(items: Iterable[Any], batch_size: int, config: dict[str, Any]
                   ) -> list[dict[str, Any]]:
    pairs = [_pair(item) for item in items]
    out: list[dict[str, Any]] = []
    for chunk in chunked(pairs, batch_size):
        out += chunk_task(config, chunk)
    return out


def extract_bag(bag: Any, batch_size: int = 32, quotes: bool = True) -> Any:
    """A Bag of records for a Bag of texts, (id, text) pairs or {"id", "text"} dicts."""
    need("dask.bag", "dask", "extractor.dask")
    config = {"batch_size": batch_size, "quotes": quotes}
    return bag.map_partitions(_bag_partition, batch_size, config)


def _frame_partition(frame: Any, text_column: str, id_column: str | None, batch_size: int,
                     config: dict[str, Any]) -> Any:
    import pandas as pd

    ids = frame[id_column] if id_column else frame.index
    pairs = [(None if id is None else str(id), text)
             for id, text in zip(ids, frame[text_column], strict=True)]
    out: list[dict[str, Any]] = []
    for chunk in chunked(pairs, batch_size):
        out += chunk_task(config, chunk)
    result = pd.DataFrame(out, columns=list(COLUMNS), index=frame.index)
    result = result.astype({"text_length": "int64"}) if len(result) else result
    return pd.concat([frame[_kept(frame, text_column)], result], axis=1)


def _kept(frame: Any, text_column: str) -> list[Any]:
    """The input's other columns, kept beside the records (the text and names the records
    use are left out)."""
    return [c for c in frame.columns if c != text_column and c not in COLUMNS]


def extract_frame(ddf: Any, text_column: str = "text", id_column: str | None = None,
                  batch_size: int = 32, quotes: bool = True) -> Any:
    """A Dask DataFrame of records (one row a document, same index) for a column of texts;
    ids come from `id_column`, else from the index. The frame's other columns come first,
    as they were (except those named like a record field)."""
    pd = need("pandas", "dask", "extractor.dask")
    need("dask.dataframe", "dask", "extractor.dask")
    config = {"batch_size": batch_size, "quotes": quotes}
    meta = pd.DataFrame({"id": pd.Series(dtype=object),
                         "text_length": pd.Series(dtype="int64"),
                         "entities": pd.Series(dtype=object),
                         "clusters": pd.Series(dtype=object),
                         "quotes": pd.Series(dtype=object),
                         "error": pd.Series(dtype=object)})
    meta = pd.concat([ddf._meta[_kept(ddf._meta, text_column)], meta], axis=1)
    return ddf.map_partitions(_frame_partition, text_column, id_column, batch_size, config,
                              meta=meta)


def engine(chunks: Iterable[Chunk], workers: int, config: dict[str, Any],
           scheduler: str | None = None) -> Iterator[list[dict[str, Any]]]:
    """The CLI's Dask engine: the records of every chunk, in order, computed on the cluster at
    `scheduler` (or a LocalCluster of `workers` processes); chunks are submitted as results
    come back, so memory stays bounded."""
    distributed = need("distributed", "dask", "--engine dask")
    cluster = None
    if scheduler:
        client = distributed.Client(scheduler)
    else:
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                           processes=True, dashboard_address=":0")
        client = distributed.Client(cluster)
    try:
        threads = sum(client.nthreads().values()) or 1
        pending: deque[tuple[Chunk, Any]] = deque()
        for chunk in chunks:
            pending.append((chunk, client.submit(chunk_task, config, chunk, pure=False)))
            if len(pending) >= IN_FLIGHT * threads:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _result(chunk: Chunk, future: Any) -> list[dict[str, Any]]:
    try:
        records: list[dict[str, Any]] = future.result()
        return records
    except Exception as exc:  # a lost worker: the chunk's documents still get records
        return failed(chunk, errors.describe(exc))


# ---- corpus linking (extractor.corpus) ---------------------------------------------------

def _add(counters: Iterable[Any]) -> Any:
    from collections import Counter

    total: Counter[Any] = Counter()
    for counter in counters:
        total.update(counter)
    return total


def link_bag(bag: Any, split_every: int | None = None, **compute: Any) -> Any:
    """A `Corpus` of a Bag of records (dicts or Documents): each partition is summarized on
    its worker and the summaries merge in a tree (`split_every` at a time), then a second
    pass counts each entity's documents. The tables equal `extractor.corpus.link`'s.
    `compute` goes to `dask.compute` (e.g. `scheduler="threads"`)."""
    need("dask.bag", "dask", "extractor.dask")
    from functools import partial

    from .corpus import Corpus, Labels, documents_of, merge, summarize_all, warn_of
    from .corpus.resolve import resolve

    summary = bag.reduction(summarize_all, merge, split_every=split_every).compute(**compute)
    warn_of(summary)
    resolution = resolve(summary.keys)
    labels = Labels(resolution, summary.keys)
    documents = bag.reduction(partial(documents_of, labels=labels), _add,
                              split_every=split_every).compute(**compute)
    return Corpus(summary, labels, documents, resolution, source=lambda: iter(bag))
