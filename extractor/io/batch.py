"""The batch run: chunks of (id, text) through an engine (in-process, worker processes or
Dask), records back in input order, a bounded number of chunks in flight."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from .. import errors
from ..records import Document

# (id, text) pairs: a library caller (Dask, spaCy) may leave the id out (None).
Chunk = list[tuple[str | None, Any]]
T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of `size` items (the last may be shorter), read lazily."""
    iterator = iter(items)
    return iter(lambda: list(islice(iterator, size)), [])


def records(extractor: Any, chunk: Chunk) -> list[dict[str, Any]]:
    """The output records of one chunk: readers' problems become error records, the rest are
    extracted as one batch. Runs in the worker, so only small dicts travel back."""
    good = [(id, text) for id, text in chunk if not isinstance(text, errors.Problem)]
    try:
        docs = iter(extractor.process(good))
    except Exception as exc:  # process() guards each document; this is a last resort
        return failed(chunk, errors.describe(exc))
    out = []
    for id, text in chunk:
        if isinstance(text, errors.Problem):
            out.append(Document(text="", id=id, error=str(text)).to_dict())
        else:
            out.append(next(docs).to_dict())
    return out


def failed(chunk: Chunk, problem: str) -> list[dict[str, Any]]:
    """Error records for a whole chunk (a reader's own problem wins over the batch's)."""
    return [Document(text="" if isinstance(text, errors.Problem) or not isinstance(text, str)
                     else text, id=id, error=str(text) if isinstance(text, errors.Problem)
                     else problem).to_dict() for id, text in chunk]


def chunk_records(extractor: Any, chunk: Chunk) -> list[list[dict[str, Any]]]:
    """`records` wrapped in a list: engines that flatten their results keep one list a chunk."""
    return [records(extractor, chunk)]


def local(chunks: Iterable[Chunk], workers: int, extractor: Any, config: dict[str, Any]
          ) -> Iterator[list[dict[str, Any]]]:
    """The records of every chunk, in order: in this process (1 worker) or in worker
    processes that share the parent's loaded models."""
    if workers <= 1:
        for chunk in chunks:
            yield records(extractor, chunk)
        return
    from ..parallel import imap

    yield from imap(chunks, workers, config, extractor=extractor, task=chunk_records)
