"""pandas DataFrames of many documents: one row per quote, entity or cluster (extra `jupyter`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .records import Document

INSTALL = "pip install 'extractor-ru[jupyter]'"

COLUMNS = {
    "quotes": [
        "doc_id", "quote", "speaker", "speaker_type", "speaker_cluster", "mention",
        "mention_start", "mention_stop", "kind", "cue", "cue_lemma", "text", "start", "stop",
        "sentence", "confidence", "rule",
    ],
    "entities": ["doc_id", "text", "start", "stop", "type", "normal", "cluster"],
    "clusters": [
        "doc_id", "cluster", "type", "name", "first", "middle", "last", "roles", "mentions",
    ],
}
# Columns that may hold missing integers: pandas' nullable Int64 keeps them integers.
NULLABLE_INT = {"speaker_cluster", "mention_start", "mention_stop", "sentence", "cluster"}


def _pandas():
    try:
        import pandas
    except ImportError as exc:  # the core install stays lean: pandas is an extra
        raise ImportError(f"extractor.to_frame needs pandas: {INSTALL}") from exc
    return pandas


def _as_dict(doc: Document | dict[str, Any]) -> dict[str, Any]:
    return doc if isinstance(doc, dict) else doc.to_dict()


def _quote_rows(doc_id: Any, data: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for number, quote in enumerate(data.get("quotes") or ()):
        speaker = quote.get("speaker") or {}
        yield {
            "doc_id": doc_id, "quote": number,
            "speaker": speaker.get("name"), "speaker_type": speaker.get("type"),
            "speaker_cluster": speaker.get("cluster"), "mention": speaker.get("mention"),
            "mention_start": speaker.get("start"), "mention_stop": speaker.get("stop"),
            "kind": quote["kind"], "cue": quote.get("cue") or "",
            "cue_lemma": quote.get("cue_lemma") or "", "text": quote["text"],
            "start": quote["start"], "stop": quote["stop"], "sentence": quote.get("sentence"),
            "confidence": float(quote.get("confidence") or 0.0), "rule": quote.get("rule") or "",
        }


def _entity_rows(doc_id: Any, data: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for entity in data.get("entities") or ():
        yield {"doc_id": doc_id, **{k: entity.get(k) for k in COLUMNS["entities"][1:]}}


def _cluster_rows(doc_id: Any, data: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for cluster in data.get("clusters") or ():
        yield {
            "doc_id": doc_id, "cluster": cluster["id"], "type": cluster["type"],
            "name": cluster["name"], "first": cluster.get("first"),
            "middle": cluster.get("middle"), "last": cluster.get("last"),
            # Flat columns: roles joined, mentions counted (offsets are in the entities frame).
            "roles": "; ".join(cluster.get("roles") or ()),
            "mentions": len(cluster.get("mentions") or ()),
        }


ROWS = {"quotes": _quote_rows, "entities": _entity_rows, "clusters": _cluster_rows}


def to_frame(docs: Document | dict[str, Any] | Iterable[Document | dict[str, Any]],
             what: str = "quotes"):
    """A DataFrame with one row per quote, entity or cluster of the documents, with `doc_id`.

    `docs` is a Document, a record dict (`to_dict()` or a line of the CLI's JSON Lines),
    or an iterable of either.
    """
    if what not in ROWS:
        raise ValueError(f"to_frame: what must be one of {sorted(ROWS)}, not {what!r}")
    pd = _pandas()
    if isinstance(docs, (Document, dict)):
        docs = [docs]
    rows: list[dict[str, Any]] = []
    for position, doc in enumerate(docs):
        data = _as_dict(doc)
        doc_id = data.get("id")
        rows.extend(ROWS[what](position if doc_id is None else doc_id, data))
    frame = pd.DataFrame(rows, columns=COLUMNS[what])
    for column in NULLABLE_INT & set(frame.columns):
        frame[column] = frame[column].astype("Int64")
    return frame
