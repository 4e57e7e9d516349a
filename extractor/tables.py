"""The flat tables of the records, defined once: one row per quote, entity mention or cluster.

The batch tool's `--quotes` and `--entities` files and the library's `to_frame` use these
definitions, so a column means the same everywhere. Each table maps a column to its type:
`str`, `int`, `float`, `json` (a list or dict, JSON text in flat formats) or `meta` (an input
field, written as it is when it is text, as JSON otherwise).

Columns are only ever added at the end (after the ones of earlier versions), never renamed,
so scripts that read a table by name or by position keep working. The input's fields chosen
with `meta` (the CLI's `--meta date,url`) come last, under their own names.

    >>> from extractor import extract
    >>> from extractor.tables import rows
    >>> rows("quotes", extract("«Готовы», — сказал Иван Петров.", id="a").to_dict())[0]["speaker"]
    'Иван Петров'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

QUOTES = {
    # The columns of the batch tool's first quotes table, in their order.
    "doc_id": "str", "speaker": "str", "speaker_type": "str", "kind": "str", "cue": "str",
    "quote": "str", "start": "int", "stop": "int",
    # Added: the cue's lemma, the words naming the speaker and where they are, the speaker's
    # cluster, how sure the rule is and which rule it was, the sentence number.
    "cue_lemma": "str", "mention": "str", "speaker_cluster": "int", "mention_start": "int",
    "mention_stop": "int", "confidence": "float", "rule": "str", "sentence": "int",
}
ENTITIES = {
    "doc_id": "str", "text": "str", "type": "str", "normal": "str", "cluster": "int",
    "start": "int", "stop": "int",
    # Added: the full name of the mention's cluster (`Лавров` → `Сергей Лавров`).
    "cluster_name": "str",
}
CLUSTERS = {
    "doc_id": "str", "cluster": "int", "type": "str", "name": "str", "first": "str",
    "middle": "str", "last": "str", "roles": "str", "mentions": "int",
}
TABLES = {"quotes": QUOTES, "entities": ENTITIES, "clusters": CLUSTERS}


def columns(table: str, meta: Sequence[str] = ()) -> dict[str, str]:
    """The columns of a table (`quotes`, `entities`, `clusters`) and their types, with the
    chosen meta fields at the end."""
    base = _table(table)
    clash = [name for name in meta if name in base]
    if clash:
        raise ValueError(f"meta field {clash[0]!r} has the name of a column of the {table} "
                         f"table; rename it in the input")
    return {**base, **dict.fromkeys(meta, "meta")}


def rows(table: str, record: dict[str, Any], meta: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The rows of one record (`Document.to_dict()` or a line of the records file)."""
    _table(table)
    found = _ROWS[table](record)
    if meta:
        fields = record.get("meta") or {}
        extra = {name: fields.get(name) for name in meta}
        for row in found:
            row.update(extra)
    return found


def _table(table: str) -> dict[str, str]:
    if table not in TABLES:
        raise ValueError(f"the table must be one of {sorted(TABLES)}, not {table!r}")
    return TABLES[table]


def _quote_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for quote in record.get("quotes") or ():
        speaker = quote.get("speaker") or {}
        out.append({
            "doc_id": record.get("id"), "speaker": speaker.get("name"),
            "speaker_type": speaker.get("type"), "kind": quote.get("kind"),
            "cue": quote.get("cue") or "", "quote": quote.get("text"),
            "start": quote.get("start"), "stop": quote.get("stop"),
            "cue_lemma": quote.get("cue_lemma") or "", "mention": speaker.get("mention"),
            "speaker_cluster": speaker.get("cluster"), "mention_start": speaker.get("start"),
            "mention_stop": speaker.get("stop"),
            "confidence": float(quote.get("confidence") or 0.0),
            "rule": quote.get("rule") or "", "sentence": quote.get("sentence"),
        })
    return out


def _entity_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    names = {c.get("id"): c.get("name") for c in record.get("clusters") or ()}
    return [{"doc_id": record.get("id"), "text": e.get("text"), "type": e.get("type"),
             "normal": e.get("normal"), "cluster": e.get("cluster"), "start": e.get("start"),
             "stop": e.get("stop"), "cluster_name": names.get(e.get("cluster"))}
            for e in record.get("entities") or ()]


def _cluster_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"doc_id": record.get("id"), "cluster": c.get("id"), "type": c.get("type"),
             "name": c.get("name"), "first": c.get("first"), "middle": c.get("middle"),
             "last": c.get("last"),
             # Flat columns: roles joined, mentions counted (offsets are in the entities table).
             "roles": "; ".join(c.get("roles") or ()), "mentions": len(c.get("mentions") or ())}
            for c in record.get("clusters") or ()]


_ROWS = {"quotes": _quote_rows, "entities": _entity_rows, "clusters": _cluster_rows}
