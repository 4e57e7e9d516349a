"""pandas DataFrames of many documents: one row per quote, entity or cluster (extra `jupyter`).

The columns are those of `extractor.tables`, the same as the batch tool's tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from . import tables
from .records import Document

INSTALL = "pip install 'extractor-ru[jupyter]'"

COLUMNS = {name: list(columns) for name, columns in tables.TABLES.items()}
# Columns that may hold missing integers: pandas' nullable Int64 keeps them integers.
NULLABLE_INT = {"speaker_cluster", "mention_start", "mention_stop", "sentence", "cluster"}


def require_pandas() -> Any:
    """pandas, or an ImportError that says which extra to install."""
    try:
        import pandas
    except ImportError as exc:  # the core install stays lean: pandas is an extra
        raise ImportError(f"extractor.to_frame needs pandas: {INSTALL}") from exc
    return pandas


def _as_dict(doc: Document | dict[str, Any]) -> dict[str, Any]:
    return doc if isinstance(doc, dict) else doc.to_dict()


def to_frame(docs: Document | dict[str, Any] | Iterable[Document | dict[str, Any]],
             what: str = "quotes", meta: Sequence[str] = ()) -> Any:
    """A DataFrame with one row per quote, entity or cluster of the documents, with `doc_id`.

    `docs` is a Document, a record dict (`to_dict()` or a line of the CLI's JSON Lines),
    or an iterable of either. `meta` names fields of the documents' `meta` to add as
    columns (`meta=["date", "url"]`). A document without an id gets its position.
    """
    if what not in tables.TABLES:
        raise ValueError(f"to_frame: what must be one of {sorted(tables.TABLES)}, not {what!r}")
    pd = require_pandas()
    names = list(tables.columns(what, meta))
    if isinstance(docs, (Document, dict)):
        docs = [docs]
    rows: list[dict[str, Any]] = []
    for position, doc in enumerate(docs):
        data = _as_dict(doc)
        if data.get("id") is None:
            data = {**data, "id": position}
        rows.extend(tables.rows(what, data, meta))
    frame = pd.DataFrame(rows, columns=names)
    for column in NULLABLE_INT & set(frame.columns):
        frame[column] = frame[column].astype("Int64")
    return frame
