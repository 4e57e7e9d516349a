"""Records back from the files the CLI wrote: JSON Lines (optionally compressed), CSV, TSV
or Parquet (whose nested columns hold JSON text)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from ..io import need
from ..io.readers import decompressed, split_suffix

NESTED = ("entities", "clusters", "quotes", "meta")


def read_records(path: str) -> Iterator[Any]:
    """Every record of a file, in order. A line that is not a JSON object comes back as
    None, so the corpus counts it among the records of an unknown format."""
    format, _ = split_suffix(path)
    if format == "parquet":
        yield from _parquet(path)
        return
    with open(path, "rb") as raw:
        stream = io.TextIOWrapper(decompressed(raw), encoding="utf-8", newline="")
        if format in ("csv", "tsv"):
            for row in csv.DictReader(stream, delimiter="\t" if format == "tsv" else ","):
                yield _unflatten(row)
            return
        for line in stream:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                record = None
            yield record if isinstance(record, dict) else None


def _unflatten(row: dict[str, Any]) -> dict[str, Any] | None:
    """A flat row's JSON columns decoded; empty cells are missing values."""
    record: dict[str, Any] = {}
    for name, value in row.items():
        if value is None or value == "":
            record[name] = None
        elif name in NESTED and isinstance(value, str):
            try:
                record[name] = json.loads(value)
            except json.JSONDecodeError:
                return None
        else:
            record[name] = value
    if isinstance(record.get("text_length"), str) and record["text_length"].isdigit():
        record["text_length"] = int(record["text_length"])
    return record


def _parquet(path: str) -> Iterator[Any]:
    parquet = need("pyarrow.parquet", "io", "reading Parquet")
    for batch in parquet.ParquetFile(path).iter_batches():
        for row in batch.to_pylist():
            yield _unflatten(row)
